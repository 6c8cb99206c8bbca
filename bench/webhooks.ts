// `npm run bench:webhooks`: webhook delivery throughput and lag. The service (dist/src/server.js,
// with its delivery worker) runs as a child process on a PostgreSQL database of its own; this
// process writes events at a steady rate in transactions calling the outbox (one event each, as an
// edit writes them) and runs the receiver, which records when each arrives. Lag = receive time
// minus commit time, both taken here. Then a burst of events committed at once measures how fast
// the backlog drains.
// Target on the 2-core machine: >= 1,000 events/s with p99 lag <= 1 s.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { openPostgres } from '../src/db/client.js'
import { projectRoot } from '../src/paths.js'
import { recordEvents } from '../src/webhooks/outbox.js'
import { admin, databaseUrl, percentile } from './support.js'

const RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 1000)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const BURST = Number(process.env.BENCH_WEBHOOK_BURST ?? 10_000)
const CONCURRENCY = process.env.WEBHOOKS_CONCURRENCY ?? '32'
const KEY = 'bench-admin-key-0123456789abcdef-webhooks'

async function main(): Promise<void> {
  const name = `bench_webhooks_${process.pid}`
  await admin((c) => c.query(`create database "${name}"`))
  const url = databaseUrl(name)
  const handle = await openPostgres(url, 20)
  // The receiver: records when each event arrives, by the sequence number in its data.
  const arrived = new Map<number, number>()
  let waiting: { count: number; resolve: () => void } | undefined
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const at = performance.now()
      const seq = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { seq: number } }).data.seq
      if (!arrived.has(seq)) arrived.set(seq, at)
      res.writeHead(204).end()
      if (waiting && arrived.size >= waiting.count) waiting.resolve()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const port = (receiver.address() as AddressInfo).port
  const untilArrived = (count: number, timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      if (arrived.size >= count) return resolve(true)
      const timer = setTimeout(() => resolve(false), timeoutMs)
      waiting = { count, resolve: () => (clearTimeout(timer), resolve(true)) }
    })

  const server = spawn(process.execPath, [join(projectRoot, 'dist', 'src', 'server.js')], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: url,
      ADMIN_API_KEY: KEY,
      SECRETS_KEY: randomBytes(32).toString('base64'),
      WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOKS_CONCURRENCY: CONCURRENCY,
      // One endpoint of one tenant takes all the traffic here: the fairness caps (8 and 16 by default) would
      // measure the cap, not the worker. Set them to measure what one tenant gets by default.
      WEBHOOKS_MAX_IN_FLIGHT_PER_ENDPOINT: String(2 * Number(CONCURRENCY)),
      WEBHOOKS_MAX_IN_FLIGHT_PER_TENANT: String(2 * Number(CONCURRENCY)),
      // Other WEBHOOKS_* settings (poll interval, in-flight caps, circuit) are passed on as given.
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          ([k]) => k.startsWith('WEBHOOKS_') && !['WEBHOOKS_CONCURRENCY', 'WEBHOOKS_ALLOW_PRIVATE_TARGETS'].includes(k),
        ),
      ),
      RATE_LIMIT_PER_MINUTE: '0',
    },
  })
  const base = await new Promise<string>((resolve, reject) => {
    let out = ''
    server.stdout!.on('data', (d) => {
      out += d
      const m = /"address":"(http:\/\/[^"]+)"/.exec(out)
      if (m) resolve(m[1]!)
    })
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  try {
    const created = await fetch(`${base}/v1/webhook-endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `http://127.0.0.1:${port}/hooks`, events: ['invoice.updated'] }),
    })
    if (created.status !== 201) throw new Error(`endpoint: ${created.status} ${await created.text()}`)
    const [{ tenant_id: tenantId }] = (
      (await handle.db.execute(sql`select tenant_id from api_keys limit 1`)) as unknown as { rows: { tenant_id: string }[] }
    ).rows as [{ tenant_id: string }]
    const db = handle.db
    // Open the pool's connections before measuring.
    await Promise.all(Array.from({ length: 20 }, () => db.transaction((tx) => tx.execute(sql`select pg_sleep(0.05)`))))
    const emit = (seqs: number[]) =>
      db.transaction((tx) =>
        recordEvents(
          tx,
          seqs.map((seq) => ({
            tenantId,
            type: 'invoice.updated' as const,
            data: { invoiceId: '00000000-0000-4000-8000-000000000000', invoiceNumber: `B-${seq}`, version: seq, seq },
          })),
        ),
      )

    // 1. Steady rate: RATE transactions a second, one event each, for SECONDS.
    const committed = new Map<number, number>()
    const total = RATE * SECONDS
    const tickMs = 10
    const perTick = RATE / (1000 / tickMs)
    const inFlight = new Set<Promise<void>>()
    const start = performance.now()
    let seq = 0
    while (seq < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE) + perTick)
      while (seq < due && inFlight.size < 20) {
        const s = seq++
        const p = emit([s]).then(() => {
          committed.set(s, performance.now())
          inFlight.delete(p)
        })
        inFlight.add(p)
      }
      if (inFlight.size >= 20) {
        await Promise.race(inFlight)
      } else await new Promise((r) => setTimeout(r, tickMs))
    }
    await Promise.all(inFlight)
    const produced = performance.now()
    const complete = await untilArrived(total, 30_000)
    const end = Math.max(...arrived.values())
    const lags = [...committed].map(([s, at]) => (arrived.get(s) ?? Infinity) - at)
    const commitRate = total / ((produced - start) / 1000)
    console.log(
      `steady: ${total} events committed at ${commitRate.toFixed(0)}/s (target ${RATE}/s) over ${((produced - start) / 1000).toFixed(1)} s`,
    )
    console.log(
      `  delivered ${arrived.size}/${total}${complete ? '' : ' (incomplete after 30 s)'}: ${(arrived.size / ((end - start) / 1000)).toFixed(0)} events/s`,
    )
    console.log(
      `  lag (receive - commit): p50 ${percentile(lags, 50).toFixed(1)} ms, p99 ${percentile(lags, 99).toFixed(1)} ms, max ${Math.max(...lags).toFixed(1)} ms`,
    )

    // 2. Burst: BURST events committed in one go; how fast does the backlog drain?
    arrived.clear()
    const burstSeqs = Array.from({ length: BURST }, (_, i) => total + i)
    const burstStart = performance.now()
    for (let i = 0; i < BURST; i += 1000) await emit(burstSeqs.slice(i, i + 1000))
    const burstCommitted = performance.now()
    const drained = await untilArrived(BURST, 60_000)
    const burstEnd = Math.max(...arrived.values())
    console.log(
      `burst: ${BURST} events committed in ${(burstCommitted - burstStart).toFixed(0)} ms; delivered ${arrived.size}${drained ? '' : ' (incomplete after 60 s)'} in ${((burstEnd - burstStart) / 1000).toFixed(2)} s: ${(arrived.size / ((burstEnd - burstStart) / 1000)).toFixed(0)} events/s`,
    )
    const [stats] = (
      (await db.execute(
        sql`select count(*) filter (where status = 'DELIVERED')::int as delivered, count(*)::int as total, coalesce(max(attempts), 0)::int as max_attempts from webhook_deliveries`,
      )) as unknown as { rows: { delivered: number; total: number; max_attempts: number }[] }
    ).rows
    console.log(
      `  deliveries: ${stats!.delivered}/${stats!.total} DELIVERED, at most ${stats!.max_attempts} attempt(s) each (WEBHOOKS_CONCURRENCY=${CONCURRENCY})`,
    )
  } finally {
    server.kill('SIGTERM')
    await new Promise((resolve) => server.once('exit', resolve))
    await handle.close()
    receiver.closeAllConnections()
    receiver.close()
    await admin((c) => c.query(`drop database if exists "${name}" with (force)`))
  }
}

await main()
