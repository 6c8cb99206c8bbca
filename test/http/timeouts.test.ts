// Timeouts: a client sending its request slowly is cut off, a request waiting on a lock ends with
// a clear retryable error, and every pooled database session carries the configured limits.
import { connect } from 'node:net'
import t from 'tap'
import { buildTestApp, json } from '../helpers/app.js'
import { createTestDatabase, lockingSession } from '../helpers/database.js'
import { gqlClient, seedReferenceData } from '../helpers/invoices.js'

const needsPostgres = !process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL ? 'needs a PostgreSQL server' : false

t.test('a client trickling its body is disconnected (HTTP_REQUEST_TIMEOUT_MS)', async (t) => {
  const app = await buildTestApp(t, { env: { HTTP_REQUEST_TIMEOUT_MS: '1000' } })
  const address = await app.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = new URL(address)
  const socket = connect(Number(port), '127.0.0.1')
  t.teardown(() => socket.destroy())
  let answer = ''
  socket.on('data', (chunk) => (answer += chunk.toString('latin1')))
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()))
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
  const length = 300
  socket.write(
    `POST /v1/invoices HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${app.adminKey}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`,
  )
  let sent = 0
  let open = true
  void closed.then(() => (open = false))
  // One byte every 100 ms: the whole body would take 30 s; the server must give up long before.
  while (open && sent < length) {
    await new Promise((r) => setTimeout(r, 100))
    if (open && !socket.destroyed) socket.write(' ')
    sent++
  }
  await closed
  t.ok(sent < length, `the server closed the connection after ${sent} of ${length} bytes`)
  if (answer) t.match(answer, /^HTTP\/1\.1 408/, 'with 408 Request Timeout when it answered')
})

t.test('every pooled session carries the configured timeouts', { skip: needsPostgres }, async (t) => {
  const app = await buildTestApp(t, {
    env: { DATABASE_STATEMENT_TIMEOUT_MS: '12345', DATABASE_LOCK_TIMEOUT_MS: '2345', DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '34567' },
  })
  const show = async (name: string) =>
    ((await app.database.db.execute(`show ${name}`)) as unknown as { rows: Record<string, string>[] }).rows[0]![name]
  t.equal(await show('statement_timeout'), '12345ms')
  t.equal(await show('lock_timeout'), '2345ms')
  t.equal(await show('idle_in_transaction_session_timeout'), '34567ms')
})

t.test(
  'migrations at start are not cut by the statement timeout, and the pool keeps its limits after them',
  { skip: needsPostgres },
  async (t) => {
    const empty = await createTestDatabase(t, { migrated: false })
    const handle = await empty.open({ timeouts: { statementMs: 1, lockMs: 1, idleInTransactionMs: 1000 } })
    await handle.migrate()
    // Read with a timeout of its own: a 1 ms limit also cuts a plain count on a busy machine.
    const rows = await handle.db.transaction(async (tx) => {
      await tx.execute(`set local statement_timeout = '10s'`)
      return (await tx.execute('select count(*)::int as n from tenants')) as unknown as { rows: { n: number }[] }
    })
    t.same(rows.rows, [{ n: 0 }], 'the schema is there')
    const shown = (await handle.db.execute('show statement_timeout')) as unknown as { rows: { statement_timeout: string }[] }
    t.equal(shown.rows[0]!.statement_timeout, '1ms')
  },
)

t.test('a request blocked on a row lock ends within the lock timeout with 503 DATABASE_BUSY', { skip: needsPostgres }, async (t) => {
  const app = await buildTestApp(t, { env: { DATABASE_LOCK_TIMEOUT_MS: '200' } })
  await seedReferenceData(app)
  const blocker = await lockingSession(t, app.testDatabase.url!)
  await blocker.lock(`select 1 from customers where id = 'c1' for update`)
  const pending = app.request({
    method: 'POST',
    url: '/v1/invoices',
    payload: { number: 'LOCKED-1', date: '2026-11-02', customerId: 'c1', lines: [{ itemId: 'labor', quantity: '1', unitPrice: '10.00' }] },
  })
  // Without a lock timeout the request would wait as long as the lock is held: hold it a while.
  const res = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), 10_000).unref())])
  await blocker.release('commit')
  const answered = res ?? (await pending)
  t.ok(res, 'the request ended while the lock was still held')
  t.equal(answered.statusCode, 503)
  t.equal(json(answered).code, 'DATABASE_BUSY')
  t.ok(Number(answered.headers['retry-after']) >= 1, 'with Retry-After')
  const count = (await app.database.db.execute(`select count(*)::int as n from invoices where number = 'LOCKED-1'`)) as unknown as {
    rows: { n: number }[]
  }
  t.same(count.rows, [{ n: 0 }], 'nothing was created')

  // The GraphQL door says the same with its code.
  await blocker.lock(`select 1 from customers where id = 'c1' for update`)
  const gql = gqlClient(app)
  const pendingGql = gql('mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } userErrors { code } } }', {
    input: { number: 'LOCKED-2', date: '2026-11-02', customerId: 'c1', lines: [{ itemId: 'labor', quantity: '1', unitPrice: '10.00' }] },
  })
  const gqlRes = await Promise.race([pendingGql, new Promise<null>((r) => setTimeout(() => r(null), 10_000).unref())])
  await blocker.release('commit')
  const gqlAnswered = gqlRes ?? (await pendingGql)
  t.ok(gqlRes, 'the mutation ended while the lock was still held')
  t.equal(gqlAnswered.errors?.[0]?.extensions?.code, 'DATABASE_BUSY')
})
