// No event is lost when the process dies between the commit and the delivery: the real server
// (dist/src/server.js) runs as a child process, makes changes, is killed with SIGKILL, and the
// events arrive after a restart.

import { Webhook } from 'standardwebhooks'
import t from 'tap'
import { createTestDatabase, postgresServerUrl } from '../helpers/database.js'
import { startServerProcess } from '../helpers/server-process.js'
import { SECRETS_KEY, signedHeaders, startReceiver } from './helpers.js'

const noPostgres = (await postgresServerUrl())
  ? false
  : 'no PostgreSQL server: set TEST_DATABASE_URL (or DATABASE_URL) or run Docker to run the server process on PostgreSQL'
const KEY = 'a-long-admin-key-for-the-webhook-test-0123456789'

t.test('SIGKILL after commit, before delivery: the events arrive after a restart', { skip: noPostgres, timeout: 60_000 }, async (t) => {
  const testDatabase = await createTestDatabase(t)
  const receiver = await startReceiver(t)
  const receiverPort = receiver.port
  await receiver.close() // down for now
  const env = (extra: Record<string, string>) => ({
    DATABASE_URL: testDatabase.url!,
    ADMIN_API_KEY: KEY,
    SECRETS_KEY,
    WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOKS_POLL_INTERVAL_MS: '50',
    WEBHOOKS_RETRY_BASE_MS: '20',
    WEBHOOKS_RETRY_MAX_MS: '100',
    // A delivery in flight when the process is killed comes back when its lease (timeout + 5 s) ends.
    WEBHOOKS_TIMEOUT_MS: '1000',
    ...extra,
  })
  const call = async (base: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: res.status, body: (await res.json().catch(() => null)) as any }
  }
  const gql = async (base: string, query: string, variables: Record<string, unknown> = {}) =>
    (await call(base, 'POST', '/graphql', { query, variables })).body.data
  const exportBypassed = async (base: string, number: string) => {
    const invoice = (
      await gql(base, 'mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } } }', {
        input: { number, date: '2026-11-02', customerId: 'c1', lines: [{ itemId: 'labor', quantity: '1', unitPrice: '10.00' }] },
      })
    ).createInvoice.invoice
    const batch = (
      await gql(base, 'mutation($ids: [ID!]!) { createBatch(input: { invoiceIds: $ids }) { batch { id } } }', { ids: [invoice.id] })
    ).createBatch.batch
    const done = await gql(base, 'mutation($id: ID!) { bypassBatchExport(input: { id: $id }) { batch { status } userErrors { code } } }', {
      id: batch.id,
    })
    t.equal(done.bypassBatchExport.batch.status, 'EXPORT_BYPASSED', `${number} export-bypassed`)
  }

  // 1. No worker: the change commits, the process dies.
  const first = startServerProcess(env({ WEBHOOKS_WORKER: 'false' }))
  const base1 = await first.listening
  await call(base1, 'PUT', '/v1/customers/c1', { name: 'Acme Plumbing' })
  await call(base1, 'PUT', '/v1/items/labor', { name: 'Labor', type: 'SERVICE' })
  const endpoint = await call(base1, 'POST', '/v1/webhook-endpoints', {
    url: `http://127.0.0.1:${receiverPort}/hooks`,
    events: ['invoice.exported'],
  })
  t.equal(endpoint.status, 201)
  await exportBypassed(base1, 'K-1')
  await first.stop('SIGKILL')

  // 2. A worker, but the receiver is down: attempts fail; another change; killed again.
  const second = startServerProcess(env({}))
  const base2 = await second.listening
  await exportBypassed(base2, 'K-2')
  for (let i = 0; i < 100; i++) {
    const log = await call(base2, 'GET', `/v1/webhook-endpoints/${endpoint.body.id}/deliveries`)
    if (
      log.body.items.length === 2 &&
      log.body.items.every((d: { attempts: number; lastError: string | null }) => d.attempts >= 1 && d.lastError)
    )
      break
    await new Promise((r) => setTimeout(r, 50))
  }
  const pending = await call(base2, 'GET', `/v1/webhook-endpoints/${endpoint.body.id}/deliveries`)
  t.ok(
    pending.body.items.every((d: { status: string; lastError: string }) => d.status === 'PENDING' && /ECONNREFUSED/.test(d.lastError)),
    'both tried and waiting for a retry',
  )
  await second.stop('SIGKILL')

  // 3. The receiver is up; a restart delivers both.
  const back = await startReceiver(t, { port: receiverPort })
  const third = startServerProcess(env({}))
  t.teardown(() => third.stop())
  await third.listening
  const got = await back.waitFor(2, { timeoutMs: 30_000 })
  t.same(got.map((g) => g.json.data.invoiceNumber).sort(), ['K-1', 'K-2'])
  const wh = new Webhook(endpoint.body.secret)
  for (const g of got) t.ok(wh.verify(g.body, signedHeaders(g)), 'signed with the secret from before the restarts')
  t.notOk(
    first.stdout().includes(endpoint.body.secret.slice(6)) ||
      second.stdout().includes(endpoint.body.secret.slice(6)) ||
      third.stdout().includes(endpoint.body.secret.slice(6)),
    'the secret is never logged',
  )
})
