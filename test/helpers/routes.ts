// The routes an app serves, for tests that must cover every one of them (openapi.yaml, permissions).

/** The routes Fastify serves, read from printRoutes' tree ("├── /v1/invoices (POST, GET, HEAD)"). */
export function servedRoutes(tree: string): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = []
  const parents: string[] = []
  for (const line of tree.split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/u.exec(line)
    if (!m) continue
    const depth = m[1]!.length / 4
    const path = (depth > 0 ? parents[depth - 1]! : '') + m[2]!
    parents[depth] = path
    parents.length = depth + 1
    for (const method of (m[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean))
      routes.push({ method, path })
  }
  return routes
}
