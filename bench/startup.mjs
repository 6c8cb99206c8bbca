// `npm run bench:startup`: how long `npm start`'s server takes to answer /readyz 200, and how much
// memory it holds, on each database driver. Runs the compiled dist/server.js as a child process.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

const root = new URL('..', import.meta.url).pathname
const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || process.env.DATABASE_URL

function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0)
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) }
}

async function startOnce(env) {
  const started = performance.now()
  const child = spawn(process.execPath, [join(root, 'dist', 'src', 'server.js')], {
    cwd: root,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', ADMIN_API_KEY: 'bench-admin-key-0123456789abcdef', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const base = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d
      const m = /"address":"(http:\/\/[^"]+)"/.exec(out)
      if (m) resolve(m[1])
    })
    child.stderr.on('data', (d) => (out += d))
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)))
  })
  for (;;) {
    const res = await fetch(`${base}/readyz`).catch(() => undefined)
    if (res?.status === 200) break
    await new Promise((r) => setTimeout(r, 20))
  }
  const readyMs = Math.round(performance.now() - started)
  const memory = memoryOf(child.pid)
  child.kill('SIGTERM')
  const exitCode = await new Promise((r) => child.on('exit', r))
  return { readyMs, ...memory, exitCode }
}

const rows = []
const dataDir = mkdtempSync(join(tmpdir(), 'invoice-sync-bench-'))
try {
  rows.push({ driver: 'PGlite, new data directory', ...(await startOnce({ DATA_DIR: dataDir })) })
  rows.push({ driver: 'PGlite, existing data directory', ...(await startOnce({ DATA_DIR: dataDir })) })
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}

if (postgresUrl) {
  const admin = new pg.Client({ connectionString: postgresUrl })
  await admin.connect()
  const name = `invoice_sync_bench_${process.pid}`
  await admin.query(`create database "${name}"`)
  try {
    const u = new URL(postgresUrl)
    u.pathname = `/${name}`
    rows.push({ driver: 'PostgreSQL, empty database (migrates)', ...(await startOnce({ DATABASE_URL: u.toString() })) })
    rows.push({ driver: 'PostgreSQL, migrated database', ...(await startOnce({ DATABASE_URL: u.toString() })) })
  } finally {
    await admin.query(`drop database if exists "${name}" with (force)`)
    await admin.end()
  }
} else {
  rows.push({ driver: 'PostgreSQL: skipped (set BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL)' })
}

console.log(`start-up to /readyz 200 (node ${process.version}, ${(await import('node:os')).cpus().length} cores)`)
console.table(rows)
