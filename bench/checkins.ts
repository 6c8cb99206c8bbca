// `npm run bench:checkins`: what an idle Web Connector costs. A check-in is the three calls the Web
// Connector makes when it finds nothing to do (serverVersion, clientVersion, authenticate -> none),
// over raw SOAP on keep-alive HTTP, against the server as its own process (production settings, its
// log at info), with 1, 16 and 64 Web Connectors checking in at once, over 1,000 and then 10,000
// connections (each check-in picks one at random). Beside each figure, the floor of the same server
// in the same run: `/healthz` at the same concurrency (a check-in is three requests, so the ratio to
// quote is check-ins/s x 3 / healthz requests/s: the share of the server's bare HTTP throughput
// a check-in keeps). Printed: check-ins per second, authenticate p50/p99, the server's RSS and heap
// after each size. Target: >= 1,000 check-ins/s at 16 at once, flat from 1,000 to 10,000 connections.
// BENCH_CHECKINS_SECONDS (default 8) is how long each figure is measured, after a second of warm-up.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import { hashPassword } from '../src/connections/wc-password.js'
import { soapEnvelope } from '../src/sandbox/soap-client.js'
import { startServerProcess } from '../test/helpers/server-process.js'
import { admin, databaseUrl, percentile } from './support.js'

const SECONDS = Number(process.env.BENCH_CHECKINS_SECONDS ?? 8)
const SIZES = (process.env.BENCH_CHECKINS_SIZES ?? '1000,10000').split(',').map(Number)
const CONCURRENCY = (process.env.BENCH_CHECKINS_CONCURRENCY ?? '1,16,64').split(',').map(Number)
const PASSWORD = 'BenchPasswordForEveryConnection24'
const NS = 'http://developer.intuit.com/'

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })

function post(base: URL, path: string, body?: string, soapAction?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: body === undefined ? 'GET' : 'POST',
        agent,
        headers:
          body === undefined
            ? {}
            : { 'content-type': 'text/xml; charset=utf-8', soapaction: soapAction!, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const call = (base: URL, method: string, params: [string, string][]) =>
  post(base, '/qbwc', soapEnvelope(method, params), `"${NS}${method}"`)

/** One check-in; the authenticate call's time in ms. */
async function checkIn(base: URL, username: string): Promise<number> {
  await call(base, 'serverVersion', [])
  await call(base, 'clientVersion', [['strVersion', '2.3.0.36']])
  const started = performance.now()
  const res = await call(base, 'authenticate', [
    ['strUserName', username],
    ['strPassword', PASSWORD],
  ])
  const ms = performance.now() - started
  if (res.status !== 200 || !res.text.includes('<string>none</string>'))
    throw new Error(`unexpected check-in answer ${res.status}: ${res.text.slice(0, 300)}`)
  return ms
}

/** `concurrency` loops doing `once` for `seconds` (after a second of warm-up): how many per second, and their times. */
async function drive(concurrency: number, seconds: number, once: () => Promise<number>): Promise<{ perSecond: number; times: number[] }> {
  const warmUntil = performance.now() + 1000
  const until = warmUntil + seconds * 1000
  const times: number[] = []
  let done = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const ms = await once()
        if (performance.now() > warmUntil) {
          done++
          times.push(ms)
        }
      }
    }),
  )
  return { perSecond: done / seconds, times }
}

function memoryOf(pid: number): { rssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return { rssMb: Math.round(kb / 1024) }
}

async function seed(url: string, size: number): Promise<void> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const tenant = (await client.query(`select id from tenants limit 1`)).rows[0] as { id: string }
    const owner = (await client.query(`select qbwc_owner_id as o from installation`)).rows[0] as { o: string }
    const have = Number((await client.query(`select count(*)::int as n from connections`)).rows[0].n)
    for (let from = have; from < size; from += 1000) {
      const rows = Array.from({ length: Math.min(1000, size - from) }, (_, i) => from + i)
      await client.query(
        `insert into connections (tenant_id, name, username, password_hash, qb_owner_id, qb_file_id)
         select $1, 'Bench ' || n, 'bench-' || n, h, $2, '{' || gen_random_uuid() || '}' from unnest($3::int[], $4::text[]) as v(n, h)`,
        [tenant.id, owner.o, rows, rows.map(() => hashPassword(PASSWORD))],
      )
    }
    // Idle connections have read QuickBooks back lately: every read kind completed now (none is due
    // for QB_READ_INTERVAL_SECONDS), as a connection looks between its read passes.
    await client.query(
      `insert into qb_read_cursors (connection_id, tenant_id, kind, last_completed_at)
       select c.id, c.tenant_id, k, now() from connections c cross join unnest(enum_range(null::qb_read_kind)) as k
       on conflict (connection_id, kind) do update set last_completed_at = now()`,
    )
    await client.query('vacuum analyze connections')
    await client.query('vacuum analyze qb_read_cursors')
  } finally {
    await client.end()
  }
}

async function main(): Promise<void> {
  const name = `bench_checkins_${randomBytes(4).toString('hex')}`
  await admin((c) => c.query(`create database ${name}`))
  const url = databaseUrl(name)
  const key = `bench-admin-key-${randomBytes(12).toString('hex')}`
  const server = startServerProcess({
    DATABASE_URL: url,
    ADMIN_API_KEY: key,
    LOG_LEVEL: 'info',
    PUBLIC_URL: 'https://sync.example.com',
    SECRETS_KEY: randomBytes(32).toString('base64'),
    // One client address makes every call here: the per-address pre-login limits are for strangers.
    QBWC_PRELOGIN_PER_MINUTE: '0',
    QBWC_PRELOGIN_MAX_IN_FLIGHT: '0',
    WEBHOOKS_WORKER: 'false',
    SANDBOX_SCHEDULER_SECONDS: '0',
  })
  const rows: string[] = []
  try {
    const base = new URL(await server.listening)
    console.log(`server ${base.origin} (pid ${server.child.pid}), ${SECONDS} s per figure, node ${process.version}`)
    console.log('connections  at once  check-ins/s  auth p50 ms  auth p99 ms  /healthz req/s  ratio (3 x check-ins / healthz)')
    for (const size of SIZES) {
      await seed(url, size)
      for (const concurrency of CONCURRENCY) {
        const floor = await drive(concurrency, SECONDS, async () => {
          const started = performance.now()
          const res = await post(base, '/healthz')
          if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`)
          return performance.now() - started
        })
        const run = await drive(concurrency, SECONDS, () => checkIn(base, `bench-${Math.floor(Math.random() * size)}`))
        const row = `${String(size).padStart(11)}  ${String(concurrency).padStart(7)}  ${run.perSecond.toFixed(0).padStart(11)}  ${percentile(run.times, 50).toFixed(1).padStart(11)}  ${percentile(run.times, 99).toFixed(1).padStart(11)}  ${floor.perSecond.toFixed(0).padStart(14)}  ${((3 * run.perSecond) / floor.perSecond).toFixed(2)}`
        console.log(row)
        rows.push(row)
      }
      console.log(`  server after ${size} connections: RSS ${memoryOf(server.child.pid!).rssMb} MB`)
    }
  } finally {
    await server.stop()
    agent.destroy()
    await admin((c) => c.query(`drop database if exists ${name} with (force)`))
  }
}

await main()
