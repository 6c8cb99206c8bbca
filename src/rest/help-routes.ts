// The help page every QuickBooks error links to (helpPath + PUBLIC_URL): one section per code.
import type { FastifyInstance } from 'fastify'
import { catalog, HELP_PAGE } from '../qbxml/error-catalog.js'

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function renderErrorHelp(): string {
  const sections = catalog
    .map(
      (e) =>
        `<section id="${escapeHtml(e.code.toLowerCase())}"><h2>${escapeHtml(e.code)}: ${escapeHtml(e.title)}</h2>` +
        `<p>${escapeHtml(e.message)}</p><p><strong>How to fix it:</strong> ${escapeHtml(e.fix)}</p><p class="category">${escapeHtml(e.category)}</p></section>`,
    )
    .join('\n')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>QuickBooks sync errors</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}section{border-top:1px solid #ddd;padding:.5rem 0}.category{color:#666;font-size:.85rem}:target{background:#fff8d6}</style>
</head><body><h1>QuickBooks sync errors</h1><p>What each QuickBooks or Web Connector code means, and what to do about it.</p>
${sections}
</body></html>`
}

export function helpRoutes(app: FastifyInstance): void {
  const page = renderErrorHelp()
  app.get(HELP_PAGE, (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=3600').send(page))
}
