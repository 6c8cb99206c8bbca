// Prometheus metrics at /metrics, with prom-client (the maintained standard client: its registry,
// the text format, and the process metrics, event loop lag and GC included). Requests are counted
// and timed by route pattern (never by raw URL, so ids make no new series). What lives in the
// database (work waiting per connection, open Web Connector sessions, QuickBooks failures by code in
// the last hour, the webhook backlog and its lag) is read when Prometheus scrapes, by one statement
// each, so every instance reports the same figures. METRICS_TOKEN, when set, is required as a Bearer
// token.
import { timingSafeEqual } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { DatabaseHandle } from '../db/client.js'
import { waitingByConnection } from '../sync/sync-state-store.js'

/** Connections reported one by one at most (the ones with the most work waiting); the rest are summed. */
const MAX_CONNECTION_SERIES = 500

export function metrics(app: FastifyInstance, options: { database: DatabaseHandle; token: string | null }): void {
  const { database } = options
  const register = new Registry()
  collectDefaultMetrics({ register })
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [register],
  })
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [register],
  })
  const rows = async <T>(query: ReturnType<typeof sql>) => ((await database.db.execute(query)) as unknown as { rows: T[] }).rows

  new Gauge({
    name: 'db_pool_connections',
    help: 'PostgreSQL pool connections of this instance: total, idle, and requests waiting for one.',
    labelNames: ['state'] as const,
    registers: [register],
    collect() {
      const stats = database.poolStats?.()
      if (!stats) return
      this.set({ state: 'total' }, stats.total)
      this.set({ state: 'idle' }, stats.idle)
      this.set({ state: 'waiting' }, stats.waiting)
    },
  })
  new Gauge({
    name: 'qbwc_pending_work',
    help: `Invoices waiting for the Web Connector, by connection (the ${MAX_CONNECTION_SERIES} with the most; "other" sums the rest).`,
    labelNames: ['connection_id'] as const,
    registers: [register],
    async collect() {
      this.reset()
      const found = await waitingByConnection(database.db)
      let other = 0
      found.forEach((r, i) => {
        if (i < MAX_CONNECTION_SERIES) this.set({ connection_id: r.connectionId }, r.n)
        else other += r.n
      })
      if (other > 0) this.set({ connection_id: 'other' }, other)
    },
  })
  new Gauge({
    name: 'qbwc_sessions_active',
    help: 'Web Connector sessions open now (all instances).',
    registers: [register],
    async collect() {
      const [r] = await rows<{ n: number }>(
        sql`select count(*)::int as n from qbwc_sessions where status = 'ACTIVE' and expires_at > now()`,
      )
      this.set(r?.n ?? 0)
    },
  })
  new Gauge({
    name: 'qbwc_failures_last_hour',
    help: 'Requests QuickBooks refused or failed in the last hour, by its status code or HRESULT.',
    labelNames: ['code'] as const,
    registers: [register],
    async collect() {
      this.reset()
      const found = await rows<{
        code: string
        n: number
      }>(sql`select coalesce(status_code::text, hresult, 'NO_ANSWER') as code, count(*)::int as n
        from sync_attempts where outcome = 'FAILED' and sent_at > now() - interval '1 hour' group by 1`)
      for (const r of found) this.set({ code: r.code }, r.n)
    },
  })
  new Gauge({
    name: 'webhook_backlog',
    help: 'Webhook deliveries waiting to be delivered (all instances).',
    registers: [register],
    async collect() {
      const [r] = await rows<{ n: number }>(sql`select count(*)::int as n from webhook_deliveries where status = 'PENDING'`)
      this.set(r?.n ?? 0)
    },
  })
  new Gauge({
    name: 'webhook_lag_seconds',
    help: 'Age of the oldest webhook delivery still waiting (0 when none waits).',
    registers: [register],
    async collect() {
      const [r] = await rows<{ s: number | null }>(
        sql`select extract(epoch from now() - min(created_at))::float8 as s from webhook_deliveries where status = 'PENDING'`,
      )
      this.set(r?.s ?? 0)
    },
  })

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched'
    if (route === '/metrics') return
    requests.inc({ method: request.method, route, status: String(reply.statusCode) })
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000)
  })

  const expected = options.token ? Buffer.from(`Bearer ${options.token}`) : null
  app.get('/metrics', async (request, reply) => {
    if (expected) {
      const given = Buffer.from(request.headers.authorization ?? '')
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        return reply.code(401).header('www-authenticate', 'Bearer').type('text/plain; charset=utf-8').send('METRICS_TOKEN required')
    }
    return reply.type(register.contentType).send(await register.metrics())
  })
}
