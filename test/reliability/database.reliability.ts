// Database faults under load: the service's PostgreSQL connections go through a TCP proxy in this
// test, which drops them all and refuses new ones for a few seconds (twice), and in between the
// service's backends are killed with pg_terminate_backend. The machine's PostgreSQL keeps running.
// While the database is away, every answer is clean (REST 500/503 problem+json without internals,
// GraphQL errors with a code, SOAP faults or Web Connector results); the service recovers on its
// own (/readyz 200 again); no acknowledged edit is missing afterwards.
import t from 'tap'
import { FakeQuickBooks } from '../helpers/fake-quickbooks.js'
import { rng } from '../helpers/generate.js'
import { INTERNALS, leakedSecrets, report, seedFor } from './helpers/figures.js'
import { gql, http, runHttpSession } from './helpers/http.js'
import { startPgProxy } from './helpers/pg-proxy.js'
import {
  createConnection,
  createInvoice,
  EDITOR,
  exportInvoices,
  nextNumber,
  seed as seedReference,
  startService,
  UPDATE,
} from './helpers/service.js'

const LOAD_SECONDS = Number(process.env.RELIABILITY_DB_SECONDS || 30)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

t.test('PostgreSQL connections cut under load', async (t) => {
  const seed = seedFor('database')
  const r = rng(seed)
  const serverUrl = new URL(process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres')
  const proxy = await startPgProxy({ host: serverUrl.hostname, port: Number(serverUrl.port || 5432) })
  t.teardown(() => proxy.close())
  // The service reaches its database only through the proxy.
  const svc = await startService(
    t,
    { RATE_LIMIT_PER_MINUTE: '0', QBWC_BATCH_SIZE: '5' },
    {
      databaseUrl: (direct) => {
        const u = new URL(direct)
        u.host = `127.0.0.1:${proxy.port}`
        return u.toString()
      },
    },
  )
  const key = svc.adminKey
  const base = () => svc.base()
  await seedReference(base(), key)
  const scene = await createConnection(base(), key)
  const qb = new FakeQuickBooks({ items: ['Labor', 'Pipe'] })
  const ids: string[] = []
  for (let i = 0; i < 12; i++) ids.push((await createInvoice(base(), key, nextNumber('D'), r.int(1, 3))).id)
  await exportInvoices(base(), key, scene.connectionId, ids)
  await runHttpSession(base, qb, scene.credentials)

  const figures = {
    seconds: LOAD_SECONDS,
    cuts: 0,
    backendsTerminated: 0,
    connectionsDropped: 0,
    requests: 0,
    failedCleanly: 0,
    editsAcknowledged: 0,
    sessions: 0,
    recoveryMs: 0,
    lostEdits: 0,
    dirtyAnswers: 0,
  }
  const dirty: string[] = []
  const acked: { id: string; version: number; summary: string }[] = []
  const tickets: string[] = []
  let running = true

  const checkBody = (where: string, status: number, body: string) => {
    if (INTERNALS.test(body)) dirty.push(`${where}: ${status} carries internals: ${body.slice(0, 300)}`)
  }

  async function editor(worker: number) {
    let n = 0
    while (running) {
      const id = r.pick(ids)
      const summary = `w${worker}-${n++}`
      try {
        const current = await gql(base(), key, 'query($id: ID!) { invoice(id: $id) { version } }', { id })
        figures.requests++
        checkBody('invoice query', current.status, current.body)
        if (current.errors) {
          if (current.errors.some((e) => !e.extensions?.code)) dirty.push(`GraphQL error without a code: ${current.body.slice(0, 200)}`)
          figures.failedCleanly++
          await sleep(50)
          continue
        }
        const res = await gql(
          base(),
          key,
          UPDATE,
          {
            input: {
              id,
              expectedVersion: current.data!.invoice.version,
              decision: r.chance(0.7) ? 'SAVE_AND_SYNC' : 'SAVE_AND_BYPASS',
              summary,
            },
          },
          EDITOR,
        )
        figures.requests++
        checkBody('updateInvoice', res.status, res.body)
        const payload = res.data?.updateInvoice
        if (res.status === 200 && !res.errors && payload?.invoice && payload.userErrors.length === 0) {
          acked.push({ id, version: payload.invoice.version, summary })
          figures.editsAcknowledged++
        } else if (res.errors) {
          if (res.errors.some((e) => !e.extensions?.code)) dirty.push(`GraphQL error without a code: ${res.body.slice(0, 200)}`)
          figures.failedCleanly++
        }
      } catch (err) {
        dirty.push(`GraphQL call failed at the HTTP level: ${(err as Error).message}`)
      }
    }
  }

  async function reader() {
    while (running) {
      const path = r.chance(0.5) ? `/v1/invoices/${r.pick(ids)}` : '/v1/customers/c1'
      try {
        const res = await http(base(), 'GET', path, { key })
        figures.requests++
        if (res.status === 200) continue
        checkBody(`GET ${path}`, res.status, res.body)
        if (![500, 503].includes(res.status) || !res.contentType.startsWith('application/problem+json') || !JSON.parse(res.body).code)
          dirty.push(`GET ${path}: ${res.status} ${res.contentType} ${res.body.slice(0, 200)}`)
        else figures.failedCleanly++
      } catch (err) {
        dirty.push(`GET ${path} failed at the HTTP level: ${(err as Error).message}`)
      }
      await sleep(20)
    }
  }

  async function webConnector() {
    while (running) {
      const log = await runHttpSession(base, qb, scene.credentials)
      figures.sessions++
      if (log.ticket) tickets.push(log.ticket)
      if (log.aborted) dirty.push(`Web Connector session: not a SOAP answer (${log.error})`)
      for (const f of log.faults) {
        checkBody('SOAP fault', 500, f)
        figures.failedCleanly++
      }
      await sleep(200)
    }
  }

  const readiness: number[] = []
  async function faults() {
    const t0 = Date.now()
    const at = async (second: number) => sleep(Math.max(0, t0 + second * 1000 - Date.now()))
    await at(LOAD_SECONDS * 0.15)
    proxy.cut()
    figures.cuts++
    await sleep(3000)
    readiness.push((await http(base(), 'GET', '/readyz')).status)
    proxy.restore()
    await at(LOAD_SECONDS * 0.45)
    const killed = await svc.sql.query<{ n: number }>(
      `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and application_name = 'invoice-sync' and pid <> pg_backend_pid()`,
    )
    figures.backendsTerminated += killed.rows[0]!.n
    await at(LOAD_SECONDS * 0.65)
    proxy.cut()
    figures.cuts++
    await sleep(4000)
    readiness.push((await http(base(), 'GET', '/readyz')).status)
    proxy.restore()
    const restored = Date.now()
    for (;;) {
      const res = await http(base(), 'GET', '/readyz')
      if (res.status === 200) break
      if (Date.now() - restored > 30_000) throw new Error('/readyz did not come back within 30 s')
      await sleep(100)
    }
    figures.recoveryMs = Date.now() - restored
    await at(LOAD_SECONDS)
    running = false
  }

  try {
    await Promise.all([faults(), editor(1), editor(2), editor(3), reader(), webConnector()])
  } catch (err) {
    running = false
    t.comment(`the service's last words:\n${svc.logs().slice(-4000)}`)
    throw err
  }
  figures.connectionsDropped = proxy.dropped
  t.same(readiness, [503, 503], '/readyz says 503 while the database is away')
  t.ok(figures.recoveryMs < 30_000, `/readyz 200 again ${figures.recoveryMs} ms after the database came back`)
  t.ok((await http(base(), 'GET', '/healthz')).status === 200, 'the process kept answering')

  // Everything left settles; then every acknowledged edit is there.
  for (let i = 0; i < 10; i++) if ((await runHttpSession(base, qb, scene.credentials)).status === 'none') break
  const revisions = new Set(
    (
      await svc.sql.query<{ k: string }>(
        `select invoice_id || ':' || version || ':' || coalesce(snapshot->>'summary', '') as k from invoice_revisions`,
      )
    ).rows.map((row) => row.k),
  )
  const versions = new Map(
    (await svc.sql.query<{ id: string; version: number }>('select id, version from invoices')).rows.map((row) => [row.id, row.version]),
  )
  for (const a of acked) {
    if (!revisions.has(`${a.id}:${a.version}:${a.summary}`) || (versions.get(a.id) ?? 0) < a.version) {
      figures.lostEdits++
      dirty.push(`acknowledged edit ${a.summary} (version ${a.version}) is missing`)
    }
  }
  const stuck = await svc.sql.query(
    `select invoice_id, status, export_status from invoice_sync_states where status = 'PENDING' or in_flight_attempt_id is not null or needs_reconcile`,
  )
  t.same(stuck.rows, [], 'nothing left pending or in flight once the Web Connector ran again')
  figures.dirtyAnswers = dirty.length
  t.same(dirty, [], 'every answer during the outages was clean, and no acknowledged edit is missing')
  t.ok(figures.failedCleanly > 0, `${figures.failedCleanly} requests failed cleanly while the database was away (the faults were felt)`)
  const leaks = leakedSecrets(svc.logs(), [key, scene.credentials.password, ...tickets])
  t.same(leaks, [], 'no secret in the server logs')
  report('database', { seed, ...figures, secretsLeaked: leaks.length })
})
