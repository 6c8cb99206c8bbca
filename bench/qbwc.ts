// `npm run bench:qbwc`: drains exports and then pending edits through the Web Connector double (raw
// SOAP, a fake QuickBooks answering in this process) and prints round trips, server time per round
// trip (the fake's own time excluded), total time and memory, for 1,000 and 10,000 invoices.
// By default the app runs in this process and is driven through app.inject: server time is the
// app's own, and memory is the heap a drain leaves behind after a forced GC (flat means nothing is
// kept per item; peak heap includes the fake QuickBooks' copy of the invoices).
// BENCH_QBWC_TRACE=1 prints every round trip (and, in process, its database wait and GC time).
// BENCH_QBWC_PROCESS=1 runs the server as its own process, as in production, over loopback HTTP.
// Server time is then what the server itself logged for each call (Fastify's responseTime, request
// received to answer sent, on a heap holding only the server); the time seen from here, HTTP hop
// and this process's own pauses included, is printed beside it. Memory is the server's resident set, and
// the heap a drain leaves in the server after a full GC (asked through the server's inspector).
// Targets: at most ceil(N / 50) + 5 round trips, <= 100 ms server time per 50-request round trip,
// memory flat as the backlog grows. A third run reads everything back after a payment was received
// in QuickBooks on every invoice: at most ceil(N / 200) + 5 round trips. A fourth imports the lists
// of a new company file holding N customers and N items (half of each named here already, in
// another case), read whole through the iterator and matched: at most ceil(2N / 200) + 5 round trips.
import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { PerformanceObserver } from 'node:perf_hooks'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import WebSocket from 'ws'
import { buildApp } from '../src/app.js'
import { type Actor, actorOf } from '../src/auth/actor.js'
import { createBatchService } from '../src/batches/batch-service.js'
import { loadConfig } from '../src/config.js'
import { openPostgres } from '../src/db/client.js'
import { createInvoiceService } from '../src/invoices/invoice-service.js'
import { createLogger } from '../src/logger.js'
import { FakeQuickBooks, hcpResponse } from '../test/helpers/fake-quickbooks.js'
import { type ServerProcess, startServerProcess } from '../test/helpers/server-process.js'
import { readSoap, soapCall, soapEnvelope } from '../test/helpers/web-connector.js'
import { admin, databaseUrl, percentile } from './support.js'

const SIZES = (process.env.BENCH_QBWC_SIZES ?? '1000,10000').split(',').map(Number)
const KEY = 'bench-admin-key-0123456789abcdef-qbwc'
const IN_PROCESS = !process.env.BENCH_QBWC_PROCESS
const TRACE = Boolean(process.env.BENCH_QBWC_TRACE)
/** Records per read request in the read-back run (QB_READ_MAX_RETURNED). */
const READ_MAX_RETURNED = 200

// BENCH_QBWC_TRACE=1 (in process): the wall time with at least one database query waiting, per
// round trip, so a slow round shows whether it waited on PostgreSQL or on this process.
let databaseMs = 0
const statements = new Map<string, { n: number; ms: number; max: number }>()
if (TRACE && IN_PROCESS) {
  const query = pg.Client.prototype.query
  let waiting = 0
  let since = 0
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const started = performance.now()
    if (waiting++ === 0) since = started
    const first = args[0] as string | { text?: string }
    const text = (typeof first === 'string' ? first : (first?.text ?? '')).replace(/\s+/g, ' ').slice(0, 70)
    const settle = () => {
      const now = performance.now()
      if (--waiting === 0) databaseMs += now - since
      const seen = statements.get(text) ?? { n: 0, ms: 0, max: 0 }
      statements.set(text, { n: seen.n + 1, ms: seen.ms + now - started, max: Math.max(seen.max, now - started) })
    }
    const result = (query as (...a: unknown[]) => unknown).apply(this, args)
    if (result instanceof Promise) result.then(settle, settle)
    else settle()
    return result
  } as typeof query
}

type Call = (method: string, params: [string, string | number][]) => Promise<{ answer: ReturnType<typeof readSoap>; ms: number }>

/** Calls through app.inject (this process). */
function injected(app: Awaited<ReturnType<typeof buildApp>>): Call {
  return async (method, params) => {
    const t0 = performance.now()
    const answer = await soapCall(app, method, params)
    return { answer, ms: performance.now() - t0 }
  }
}

/** Calls over HTTP to a server process; the time stops when the whole answer has arrived, before it is parsed here. */
function overHttp(base: string): Call {
  return async (method, params) => {
    const body = soapEnvelope(method, params)
    const t0 = performance.now()
    const res = await fetch(`${base}/qbwc`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"http://developer.intuit.com/${method}"` },
      body,
    })
    const text = await res.text()
    const ms = performance.now() - t0
    return { answer: readSoap(method, res.status, text), ms }
  }
}

/** Resident memory of a process in MB: now, and the peak since it started. */
function residentMb(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0)
  return { now: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) }
}

/** The server's WAL insert position (the trace's write volume: the whole server's, so run it alone). */
const walPosition = () =>
  admin(async (c) => (await c.query<{ lsn: string }>('select pg_current_wal_insert_lsn()::text as lsn')).rows[0]!.lsn)
const walSince = (from: string) =>
  admin(async (c) =>
    Number(
      (await c.query<{ mb: string }>('select (pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn) / 1048576)::text as mb', [from]))
        .rows[0]!.mb,
    ),
  )

/**
 * The server process's heap after a full GC, in MB, asked through its inspector (the server runs
 * with --inspect on a loopback port for this bench): what a drain leaves behind, on a heap holding
 * only the server. RSS alone cannot say it, since V8 keeps freed pages for a while.
 */
async function serverHeapAfterGc(server: ServerProcess): Promise<number> {
  const url = /ws:\/\/127\.0\.0\.1:\d+\/[\w-]+/.exec(server.stderr())?.[0]
  if (!url) throw new Error(`the server process printed no inspector address:\n${server.stderr()}`)
  const ws = new WebSocket(url)
  // Every call fails, rather than waiting for ever, if the socket closes or errs or 10 s pass.
  const pending = new Map<number, { resolve: (value: { result?: { value?: unknown } }) => void; reject: (err: Error) => void }>()
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err)
    pending.clear()
  }
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: { result?: { value?: unknown } }; error?: { message: string } }
    const waiting = message.id === undefined ? undefined : pending.get(message.id)
    if (!waiting) return
    pending.delete(message.id!)
    if (message.error) waiting.reject(new Error(message.error.message))
    else waiting.resolve(message.result ?? {})
  })
  ws.on('error', (err) => failAll(err))
  ws.on('close', () => failAll(new Error('the server closed its inspector socket')))
  const timer = setTimeout(() => failAll(new Error('the server inspector did not answer within 10 s')), 10_000)
  let id = 0
  const call = (method: string, params: object = {}) =>
    new Promise<{ result?: { value?: unknown } }>((resolve, reject) => {
      pending.set(++id, { resolve, reject })
      ws.send(JSON.stringify({ id, method, params }))
    })
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      pending.set(0, { resolve: () => resolve(), reject })
    })
    pending.delete(0)
    await call('HeapProfiler.collectGarbage')
    const { result } = await call('Runtime.evaluate', { expression: 'process.memoryUsage().heapUsed', returnByValue: true })
    return Math.round((Number(result?.value) / 1048576) * 10) / 10
  } finally {
    clearTimeout(timer)
    ws.close()
  }
}

/** The responseTime the server process logged for each request it completed, in order. */
async function loggedResponseTimes(server: ServerProcess, expected: number): Promise<number[]> {
  for (let waited = 0; ; waited += 50) {
    const out = server.stdout()
    const times = out
      .slice(0, out.lastIndexOf('\n'))
      .split('\n')
      .filter((l) => l.includes('"request completed"'))
      .map((l) => Number(JSON.parse(l).responseTime))
    if (times.length >= expected || waited > 5000) return times
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function drain(call: Call, qb: FakeQuickBooks, credentials: { username: string; password: string }, server: ServerProcess | null) {
  const serverPid = server?.child.pid ?? null
  // Over HTTP: which of the server's logged requests are this round's two calls.
  let calls = server ? (await loggedResponseTimes(server, 0)).length : 0
  const counted: Call = async (method, params) => {
    calls++
    return call(method, params)
  }
  const roundCalls: [number, number][] = []
  const serverMs: number[] = []
  // Garbage-collection pauses per round trip (the fake QuickBooks shares this heap), for the trace.
  let gcMs = 0
  const gcPerRound: number[] = []
  const databasePerRound: number[] = []
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration
  })
  gc.observe({ entryTypes: ['gc'] })
  let peakHeap = 0
  let peakRss = 0
  global.gc?.()
  statements.clear()
  const walBefore = TRACE ? await walPosition() : null
  const heapBefore = process.memoryUsage().heapUsed
  const serverHeapBefore = server ? await serverHeapAfterGc(server) : 0
  const started = performance.now()
  let sessions = 0
  for (;;) {
    const { answer: auth } = await counted('authenticate', [
      ['strUserName', credentials.username],
      ['strPassword', credentials.password],
    ])
    if (!auth.result) throw new Error(`authenticate failed: ${auth.fault ?? auth.body.slice(0, 500)}`)
    const [ticket, status] = auth.result.children.map((c) => c.text)
    if (status === 'none') break
    sessions++
    for (let round = 0; ; round++) {
      const databaseBefore = databaseMs
      const { answer: sent, ms: sendMs } = await counted('sendRequestXML', [
        ['ticket', ticket!],
        ['strHCPResponse', round === 0 ? hcpResponse() : ''],
        ['strCompanyFileName', 'C:\\Bench.qbw'],
        ['qbXMLCountry', 'US'],
        ['qbXMLMajorVers', 13],
        ['qbXMLMinorVers', 0],
      ])
      const request = sent.result?.text ?? ''
      if (!request) break
      const response = qb.process(request)
      const { answer: received, ms: receiveMs } = await counted('receiveResponseXML', [
        ['ticket', ticket!],
        ['response', response],
        ['hresult', ''],
        ['message', ''],
      ])
      serverMs.push(sendMs + receiveMs)
      roundCalls.push([calls - 2, calls - 1])
      gcPerRound.push(gcMs)
      databasePerRound.push(databaseMs - databaseBefore)
      gcMs = 0
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
      if (serverPid) peakRss = Math.max(peakRss, residentMb(serverPid).now)
      if (Number(received.result?.text) >= 100 || Number(received.result?.text) < 0) break
    }
    await counted('closeConnection', [['ticket', ticket!]])
    // QuickBooks forgets the session's iterators with it.
    qb.endSession()
  }
  const totalS = (performance.now() - started) / 1000
  const walMb = walBefore === null ? null : await walSince(walBefore)
  // Over HTTP, the figures are the server's own; what this process saw is kept for the trace.
  const seenMs = [...serverMs]
  if (server) {
    const logged = await loggedResponseTimes(server, calls)
    roundCalls.forEach(([send, receive], i) => (serverMs[i] = logged[send]! + logged[receive]!))
  }
  global.gc?.()
  // What the drain left behind once collected: flat means nothing is kept per item.
  const retainedMb = Math.round(((process.memoryUsage().heapUsed - heapBefore) / 1048576) * 10) / 10
  gc.disconnect()
  // BENCH_QBWC_TRACE=1: each round trip's server ms, then (in process) the part spent waiting on
  // the database and the GC pauses inside it.
  if (TRACE) {
    const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0))
    console.error(
      serverMs
        .map(
          (m, i) =>
            `${Math.round(m)}${IN_PROCESS ? `(db ${Math.round(databasePerRound[i]!)} gc ${Math.round(gcPerRound[i]!)})` : `(seen here ${Math.round(seenMs[i]!)})`}`,
        )
        .join(' '),
    )
    if (IN_PROCESS) {
      console.error(
        `${serverMs.length} round trips: ${sum(serverMs)} ms in the server, of which ${sum(databasePerRound)} ms waiting on the database and ${sum(gcPerRound)} ms in GC; the statements that waited longest:`,
      )
      for (const [text, x] of [...statements].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10))
        console.error(`  ${Math.round(x.ms)} ms in ${x.n} (max ${Math.round(x.max)})  ${text}`)
    }
    console.error(
      `WAL written by the server during the drain: ${walMb!.toFixed(1)} MB, ${Math.round((walMb! * 1024) / Math.max(1, serverMs.length))} kB per round trip (from ${walBefore})`,
    )
  }
  const memory = server
    ? {
        peakMb: peakRss,
        afterMb: residentMb(serverPid!).now,
        serverRetainedMb: Math.round(((await serverHeapAfterGc(server)) - serverHeapBefore) * 10) / 10,
      }
    : { peakMb: Math.round(peakHeap / 1048576), afterMb: retainedMb, serverRetainedMb: 0 }
  return {
    roundTrips: serverMs.length,
    sessions,
    p50: percentile(serverMs, 50),
    p99: percentile(serverMs, 99),
    seenP99: percentile(seenMs, 99),
    totalS,
    ...memory,
  }
}

async function run(size: number) {
  const name = `invoice_sync_bench_qbwc_${process.pid}_${size}`
  await admin((c) => c.query(`create database "${name}"`))
  const url = databaseUrl(name)
  const database = await openPostgres(url, 10)
  try {
    const env = {
      DATABASE_URL: url,
      ADMIN_API_KEY: KEY,
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'https://sync.example.com',
      RATE_LIMIT_PER_MINUTE: '0',
      SECRETS_KEY: randomBytes(32).toString('base64'),
      // The drain of writes is measured alone (its round trips compare with earlier runs).
      QB_READ_BACK: 'false',
    }
    // The app of this process seeds the data (and is the one measured unless BENCH_QBWC_PROCESS is set).
    const config = loadConfig({ ...env, WEBHOOKS_WORKER: IN_PROCESS ? 'true' : 'false' })
    const app = await buildApp(config, { database, logger: createLogger({ logLevel: 'silent' }) })
    const put = (url: string, payload: object) => app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${KEY}` }, payload })
    await put('/v1/customers/c1', { name: 'Acme Plumbing' })
    await put('/v1/items/labor', { name: 'Labor', type: 'SERVICE' })
    const created = JSON.parse(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/connections',
          headers: { authorization: `Bearer ${KEY}` },
          payload: { name: 'Bench' },
        })
      ).body,
    )
    const [tenant] = (
      (await database.db.execute('select tenant_id, id from api_keys limit 1')) as unknown as { rows: { tenant_id: string; id: string }[] }
    ).rows
    const actor: Actor = actorOf(
      { tenantId: tenant!.tenant_id, apiKeyId: tenant!.id, permissions: ['admin', 'editExportedTransactions'], isInstallationAdmin: true },
      null,
    )
    const invoices = createInvoiceService({ db: database.db })
    const batches = createBatchService(database.db)
    const ids: string[] = []
    for (let i = 0; i < size; i++) {
      const invoice = await invoices.create(actor, {
        number: `Q${i}`,
        date: '2026-11-02',
        customerId: 'c1',
        lines: Array.from({ length: 5 }, (_, j) => ({ itemId: 'labor', description: `Line ${j}`, quantity: '1', unitPrice: '10.00' })),
      })
      ids.push(invoice.id)
    }
    for (let i = 0; i < ids.length; i += 1000) {
      const batch = await batches.create(actor, { invoiceIds: ids.slice(i, i + 1000) })
      await batches.post(actor, batch.id)
      await batches.export(actor, batch.id, { connectionId: created.id })
    }
    const qb = new FakeQuickBooks({ items: ['Labor'], schemaCheck: false })
    const credentials = { username: created.username, password: created.password }
    const server = IN_PROCESS ? null : startServerProcess({ ...env, LOG_LEVEL: 'info', DATABASE_POOL_MAX: '10' }, ['--inspect=127.0.0.1:0'])
    const call = server ? overHttp(await server.listening) : injected(app)
    // The backlog was built in one burst; a production server's autovacuum would have visited these
    // tables while it grew (and this machine's PostgreSQL runs with autovacuum off). The drain's own
    // dead rows are left for it to live with.
    const vacuum = () => database.db.execute(sql`vacuum (analyze)`)
    await vacuum()
    const exports = await drain(call, qb, credentials, server)
    // The backlog being measured: one pending edit per exported invoice (one line changed).
    for (const id of ids) {
      const invoice = await invoices.get(actor, id)
      await invoices.update(actor, {
        id,
        expectedVersion: invoice.version,
        decision: 'SAVE_AND_SYNC',
        lines: { update: [{ id: invoice.lines[0]!.id, quantity: '2' }] },
      })
    }
    await vacuum()
    global.gc?.()
    // BENCH_QBWC_PROFILE=file.cpuprofile: a CPU profile of this drain alone (open it in Chrome DevTools).
    const profiler = process.env.BENCH_QBWC_PROFILE ? new Session() : null
    if (profiler) {
      profiler.connect()
      await profiler.post('Profiler.enable')
      await profiler.post('Profiler.start')
    }
    const edits = await drain(call, qb, credentials, server)
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop')
      writeFileSync(process.env.BENCH_QBWC_PROFILE!, JSON.stringify(profile))
      profiler.disconnect()
    }
    await server?.stop()
    // Read back: a payment received in QuickBooks on every invoice, an hour after the drains. A
    // server with reads on reads them all back (InvoiceQuery by modification date, READ_MAX_RETURNED
    // at a time through the iterator, the payments with the pass's first request).
    qb.advanceClock(60)
    for (const txnId of qb.invoices.keys()) qb.receivePayment(txnId, '10.00')
    const readEnv = {
      ...env,
      QB_READ_BACK: 'true',
      // One pass: the drain ends when the Web Connector is told there is nothing to do.
      QB_READ_INTERVAL_SECONDS: '3600',
      QB_READ_MAX_RETURNED: String(READ_MAX_RETURNED),
      QB_READ_ROUNDS_PER_SESSION: '1000',
      // Invoices only: the lists have a run of their own below.
      QB_READ_LISTS: 'false',
      // Every call of the bench comes from one address.
      QBWC_PRELOGIN_PER_MINUTE: '0',
    }
    const readServer = IN_PROCESS
      ? null
      : startServerProcess({ ...readEnv, LOG_LEVEL: 'info', DATABASE_POOL_MAX: '10' }, ['--inspect=127.0.0.1:0'])
    const readApp = IN_PROCESS
      ? await buildApp(loadConfig({ ...readEnv, WEBHOOKS_WORKER: 'false' }), { database, logger: createLogger({ logLevel: 'silent' }) })
      : null
    await vacuum()
    const reads = await drain(readServer ? overHttp(await readServer.listening) : injected(readApp!), qb, credentials, readServer)
    const { rows: paid } = (await database.db.execute(
      sql`select count(*) filter (where payment_status = 'PARTIALLY_PAID')::int as n from invoice_sync_states`,
    )) as unknown as { rows: { n: number }[] }
    if (paid[0]!.n !== size) throw new Error(`read back ${paid[0]!.n} of ${size} payments`)
    await readServer?.stop()
    await readApp?.close()
    const imports = await importLists(size, { env, app, database, tenantId: tenant!.tenant_id, vacuum })
    await app.close()
    return { size, exports, edits, reads, imports }
  } finally {
    await database.close()
    // BENCH_QBWC_KEEP_DB=1 keeps the drained database, to look at its plans afterwards.
    if (process.env.BENCH_QBWC_KEEP_DB) console.error(`kept database ${name}`)
    else await admin((c) => c.query(`drop database if exists "${name}" with (force)`))
  }
}

/**
 * A new company file's lists read in: `size` customers and `size` items made over a month (their
 * names in another order than their dates), half of each already named here (upper case there), read
 * whole with the default bounds (QB_READ_ROUNDS_PER_SESSION 50) and matched. Checks every entry is
 * kept and every name-alike linked.
 */
async function importLists(
  size: number,
  ctx: {
    env: Record<string, string>
    app: Awaited<ReturnType<typeof buildApp>>
    database: Awaited<ReturnType<typeof openPostgres>>
    tenantId: string
    vacuum: () => Promise<unknown>
  },
) {
  const { database, tenantId } = ctx
  const name = (kind: string, i: number) => `${kind} ${String((i * 7919) % size).padStart(6, '0')}`
  await database.db.execute(sql`insert into customers (tenant_id, id, name)
    select ${tenantId}::uuid, 'imp-c' || g, 'import customer ' || lpad(((g * 7919) % ${size})::text, 6, '0') from generate_series(0, ${size - 1}) g where g % 2 = 0`)
  await database.db.execute(sql`insert into items (tenant_id, id, name, type)
    select ${tenantId}::uuid, 'imp-i' || g, 'import item ' || lpad(((g * 7919) % ${size})::text, 6, '0'), 'SERVICE' from generate_series(0, ${size - 1}) g where g % 2 = 0`)
  const created = JSON.parse(
    (
      await ctx.app.inject({
        method: 'POST',
        url: '/v1/connections',
        headers: { authorization: `Bearer ${KEY}` },
        payload: { name: `Import ${size}` },
      })
    ).body,
  )
  const qb = new FakeQuickBooks({ schemaCheck: false })
  for (let i = 0; i < size; i++) {
    // A month of changes: a customer and an item about every four minutes at 10,000.
    qb.advanceClock(Math.max(1, Math.floor(43_200 / size)))
    qb.customers.add(name('IMPORT CUSTOMER', i))
    qb.items.add(name('IMPORT ITEM', i), { type: i % 3 === 0 ? 'ItemInventoryRet' : 'ItemServiceRet' })
  }
  const importEnv = {
    ...ctx.env,
    QB_READ_BACK: 'true',
    QB_READ_LISTS: 'true',
    QB_READ_INTERVAL_SECONDS: '3600',
    QB_READ_MAX_RETURNED: String(READ_MAX_RETURNED),
    QBWC_PRELOGIN_PER_MINUTE: '0',
  }
  const server = IN_PROCESS
    ? null
    : startServerProcess({ ...importEnv, LOG_LEVEL: 'info', DATABASE_POOL_MAX: '10' }, ['--inspect=127.0.0.1:0'])
  const app = IN_PROCESS
    ? await buildApp(loadConfig({ ...importEnv, WEBHOOKS_WORKER: 'false' }), { database, logger: createLogger({ logLevel: 'silent' }) })
    : null
  await ctx.vacuum()
  const result = await drain(
    server ? overHttp(await server.listening) : injected(app!),
    qb,
    { username: created.username, password: created.password },
    server,
  )
  const { rows } = (await database.db.execute(sql`select
      (select count(*)::int from qb_list_entries where connection_id = ${created.id}::uuid) as entries,
      (select count(*)::int from qb_list_mappings where connection_id = ${created.id}::uuid and linked_by = 'NAME') as links`)) as unknown as {
    rows: { entries: number; links: number }[]
  }
  if (rows[0]!.entries !== 2 * size) throw new Error(`imported ${rows[0]!.entries} of ${2 * size} list entries`)
  // Half of each list is named here: every second customer and item.
  const expected = 2 * Math.ceil(size / 2)
  if (rows[0]!.links !== expected) throw new Error(`linked ${rows[0]!.links} of ${expected} by name`)
  await server?.stop()
  await app?.close()
  return result
}

const rows: Record<string, unknown>[] = []
for (const size of SIZES) {
  const { exports, edits, reads, imports } = await run(size)
  for (const [what, r, perRound, count] of [
    ['exports (InvoiceAdd)', exports, 50, size],
    ['pending edits (InvoiceMod)', edits, 50, size],
    [`read back, ${READ_MAX_RETURNED} a request (payments on every invoice)`, reads, READ_MAX_RETURNED, size],
    [`lists imported, ${READ_MAX_RETURNED} a request (${size} customers + ${size} items)`, imports, READ_MAX_RETURNED, 2 * size],
  ] as const) {
    const memory = IN_PROCESS
      ? { 'peak heap MB': r.peakMb, 'retained after drain MB': r.afterMb }
      : {
          'p99 seen over HTTP': Math.round(r.seenP99),
          'server peak RSS MB': r.peakMb,
          'server RSS after MB': r.afterMb,
          'server heap retained MB': r.serverRetainedMb,
        }
    rows.push({
      backlog: size,
      drained: what,
      'round trips': r.roundTrips,
      'target max': Math.ceil(count / perRound) + 5,
      sessions: r.sessions,
      'server ms p50': Math.round(r.p50),
      'server ms p99': Math.round(r.p99),
      'total s': Number(r.totalS.toFixed(1)),
      ...memory,
    })
  }
}
console.log(
  `Web Connector drain, 50 requests per round trip, node ${process.version}; server ${IN_PROCESS ? 'in this process (app.inject)' : 'in its own process (HTTP on loopback)'}`,
)
console.table(rows)
if (IN_PROCESS) {
  console.log(
    'In process the heap is shared with the fake QuickBooks, which keeps every invoice an export adds; BENCH_QBWC_PROCESS=1 measures the server alone.',
  )
}
