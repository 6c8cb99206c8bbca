// Where the project's own files are, whether running from src/ (tests) or dist/src/ (npm start).
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find the project root (package.json beside migrations/)')
    dir = parent
  }
}

export const projectRoot = findProjectRoot()
export const migrationsDir = join(projectRoot, 'migrations')
