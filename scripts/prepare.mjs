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
  const sources = Math.max(newest(join(root, 'src')), existsSync(join(root, 'bench')) ? newest(join(root, 'bench')) : 0, mtime(join(root, 'tsconfig.json')), mtime(join(root, 'tsconfig.build.json')))
  if (mtime(join(root, 'dist', '.tsbuildinfo')) < sources) {
    process.stderr.write('compiling TypeScript...\n')
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' })
  }
}
