// Makes `npm start` / `npm test` work on a fresh clone: installs dependencies when they are
// missing or older than package-lock.json, and (with --build) compiles src/ when it changed.
// Uses only Node's standard library, since it may run before anything is installed.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0)

const installedMarker = join(root, 'node_modules', '.package-lock.json')
if (!existsSync(installedMarker) || mtime(installedMarker) < mtime(join(root, 'package-lock.json'))) {
  process.stderr.write('installing dependencies (npm ci)...\n')
  execFileSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' })
}

if (process.argv.includes('--build')) {
  const newest = (dir) => {
    let t = 0
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name)
      t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs)
    }
    return t
  }
  const sources = Math.max(
    newest(join(root, 'src')),
    existsSync(join(root, 'bench')) ? newest(join(root, 'bench')) : 0,
    existsSync(join(root, 'client')) ? newest(join(root, 'client')) : 0,
    mtime(join(root, 'tsconfig.json')),
    mtime(join(root, 'tsconfig.build.json')),
  )
  if (mtime(join(root, 'dist', '.tsbuildinfo')) < sources) {
    process.stderr.write('compiling TypeScript...\n')
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], {
      cwd: root,
      stdio: 'inherit',
    })
  }
}

// With --tests (`npm test`): test/**/*.ts as JavaScript in dist/test, beside the compiled src/ they
// import, so tap runs plain JavaScript instead of loading every file of src/ and test/ through its
// TypeScript loader in each test process (a few seconds of CPU per test file). Each file is only
// transpiled, as tap's loader does (type errors are `npm run typecheck`'s job); files whose source
// is gone are removed, so a deleted or renamed test never runs from a stale copy.
if (process.argv.includes('--tests')) {
  const { default: ts } = await import('typescript')
  const { mkdirSync, readFileSync, rmSync, writeFileSync } = await import('node:fs')
  const { dirname, relative } = await import('node:path')
  const sourceDir = join(root, 'test')
  const outDir = join(root, 'dist', 'test')
  const compilerOptions = {
    module: ts.ModuleKind.ESNext,
    target: ts.ScriptTarget.ES2022,
    verbatimModuleSyntax: true,
    sourceMap: true,
  }
  const wanted = new Set()
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name)
      if (entry.isDirectory()) visit(p)
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const out = join(outDir, relative(sourceDir, p)).replace(/\.ts$/, '.js')
        wanted.add(out)
        wanted.add(`${out}.map`)
        if (mtime(out) >= statSync(p).mtimeMs && existsSync(`${out}.map`)) continue
        const { outputText, sourceMapText } = ts.transpileModule(readFileSync(p, 'utf8'), { compilerOptions, fileName: p })
        mkdirSync(dirname(out), { recursive: true })
        writeFileSync(
          out,
          outputText.replace(/\/\/# sourceMappingURL=\S+\s*$/, `//# sourceMappingURL=${entry.name.replace(/\.ts$/, '.js')}.map\n`),
        )
        writeFileSync(
          `${out}.map`,
          sourceMapText.replace(/"sources":\["[^"]*"\]/, `"sources":[${JSON.stringify(relative(dirname(out), p))}]`),
        )
      }
    }
  }
  visit(sourceDir)
  // The GraphQL codegen configuration, which the drift test (test/graphql/schema-types.test.ts) imports.
  const codegen = join(root, 'codegen.ts')
  const codegenOut = join(root, 'dist', 'codegen.js')
  if (existsSync(codegen) && mtime(codegenOut) < statSync(codegen).mtimeMs) {
    writeFileSync(
      codegenOut,
      ts.transpileModule(readFileSync(codegen, 'utf8'), { compilerOptions: { ...compilerOptions, sourceMap: false }, fileName: codegen })
        .outputText,
    )
  }
  const prune = (dir) => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name)
      if (entry.isDirectory()) prune(p)
      else if (!wanted.has(p)) rmSync(p)
    }
  }
  prune(outDir)

  // The files `npm test` runs (.taprc): each loads a few test files of one folder into one process.
  // Starting a test process costs about 3 s of CPU under tap (its module hooks and the service's
  // modules) whatever the file holds, so 69 files cost more to start than most of them take to
  // run. A group runs its files' tests one after another, as tap runs a file's tests; each test
  // still builds its own app on a database of its own (test/helpers/app.ts, database.ts), and no
  // test file changes process-wide state. `npx tap dist/test/<file>.js` runs one file on its own.
  const groupsDir = join(root, 'dist', 'test-groups')
  rmSync(groupsDir, { recursive: true, force: true })
  mkdirSync(groupsDir, { recursive: true })
  const byFolder = new Map()
  for (const file of [...wanted].filter((f) => f.endsWith('.test.js')).sort()) {
    const rel = relative(outDir, file)
    const folder = rel.includes('/') ? rel.split('/')[0] : 'root'
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), rel])
  }
  const maxPerGroup = 8
  for (const [folder, files] of byFolder) {
    const perGroup = Math.ceil(files.length / Math.ceil(files.length / maxPerGroup))
    for (let i = 0; i < files.length; i += perGroup) {
      const members = files.slice(i, i + perGroup)
      const lines = [
        '// Generated by scripts/prepare.mjs --tests (npm test): these test files run in one process.',
        ...members.map((m) => `import '../test/${m}'`),
        '',
      ]
      writeFileSync(join(groupsDir, `${folder}-${i / perGroup + 1}.test.js`), lines.join('\n'))
    }
  }
}
