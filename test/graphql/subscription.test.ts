// Live sync status over a real WebSocket (graphql-transport-ws), scoped to the subscriber's tenant.

import { sql } from 'drizzle-orm'
import t from 'tap'
import WebSocket from 'ws'
import { buildTestApp, json } from '../helpers/app.js'
import { EDITOR, scenario } from '../helpers/invoices.js'

function subscribe(url: string, key: string, query: string) {
  const ws = new WebSocket(url, 'graphql-transport-ws')
  const messages: Record<string, any>[] = []
  const waiters: (() => void)[] = []
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)))
    for (const w of waiters.splice(0)) w()
  })
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  const next = async (type: string, timeoutMs = 3000) => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const i = messages.findIndex((m) => m.type === type)
      if (i !== -1) return messages.splice(i, 1)[0]!
      if (Date.now() > deadline) return undefined
      await new Promise<void>((resolve) => {
        waiters.push(resolve)
        setTimeout(resolve, 50)
      })
    }
  }
  return {
    ws,
    next,
    async start() {
      await opened
      ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } }))
      const ack = await next('connection_ack')
      ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }))
      return ack
    },
  }
}

t.test('invoiceSyncStatusChanged tells subscribers of the tenant, and only them', async (t) => {
  const app = await buildTestApp(t)
  const s = await scenario(app)
  const invoice = await s.exportAndConfirm((await s.createInvoice()).id)
  const base = await app.app.listen({ port: 0, host: '127.0.0.1' })
  const url = `${base.replace('http', 'ws')}/graphql`
  const other = json(await app.request({ method: 'POST', url: '/v1/tenants', payload: { name: 'Other' } }))

  const query = 'subscription { invoiceSyncStatusChanged { invoiceId connectionId from to reason } }'
  const mine = subscribe(url, app.adminKey, query)
  const theirs = subscribe(url, other.apiKey, query)
  t.teardown(() => {
    mine.ws.close()
    theirs.ws.close()
  })
  t.ok(await mine.start(), 'acknowledged')
  t.ok(await theirs.start())
  await new Promise((r) => setTimeout(r, 100))

  await s.gql(
    'mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { userErrors { code } } }',
    { input: { id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'live' } },
    { userId: EDITOR },
  )
  const event = await mine.next('next')
  t.same(event?.payload.data.invoiceSyncStatusChanged, {
    invoiceId: invoice.id,
    connectionId: s.connectionId,
    from: 'NOT_APPLICABLE',
    to: 'PENDING',
    reason: 'edited with Save & Sync',
  })
  t.equal(await theirs.next('next', 500), undefined, 'another tenant hears nothing')

  const refused = subscribe(url, 'not-a-key', query)
  t.teardown(() => refused.ws.close())
  await new Promise<void>((resolve) => refused.ws.once('open', () => resolve()))
  refused.ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer not-a-key' } }))
  const closed = await new Promise<number>((resolve) => refused.ws.once('close', (code) => resolve(code)))
  t.ok(closed > 0, `a bad key closes the socket (close code ${closed})`)
  t.equal(await refused.next('connection_ack', 100), undefined, 'without acknowledging it')
})

t.test('a socket holds at most GRAPHQL_MAX_SUBSCRIPTIONS_PER_SOCKET subscriptions, and a revoked key ends it', async (t) => {
  const app = await buildTestApp(t, { env: { GRAPHQL_MAX_SUBSCRIPTIONS_PER_SOCKET: '2', GRAPHQL_SUBSCRIPTION_KEY_CHECK_MS: '50' } })
  const base = await app.app.listen({ port: 0, host: '127.0.0.1' })
  const url = `${base.replace('http', 'ws')}/graphql`
  const other = json(await app.request({ method: 'POST', url: '/v1/tenants', payload: { name: 'Other' } }))
  const query = 'subscription { invoiceSyncStatusChanged { invoiceId } }'
  const client = subscribe(url, other.apiKey, query)
  t.teardown(() => client.ws.close())
  t.ok(await client.start(), 'acknowledged, first subscription sent')
  for (const id of ['2', '3']) client.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query } }))
  const refused = await client.next('error')
  t.equal(refused?.id, '3', 'the third subscription is refused')
  t.match(refused?.payload, [{ message: /limit 2/ }])

  // A stopped subscription frees its place.
  client.ws.send(JSON.stringify({ id: '2', type: 'complete' }))
  await new Promise((r) => setTimeout(r, 100))
  client.ws.send(JSON.stringify({ id: '4', type: 'subscribe', payload: { query } }))
  t.equal(await client.next('error', 500), undefined, 'a fourth fits once the second is stopped')
  client.ws.send(
    JSON.stringify({
      id: '5',
      type: 'subscribe',
      payload: {
        query: `subscription { invoiceSyncStatusChanged { ${Array.from({ length: 31 }, (_, i) => `a${i}: invoiceId`).join(' ')} } }`,
      },
    }),
  )
  t.match(
    (await client.next('error'))?.payload,
    [{ message: /31 aliases \(limit 30\)/ }],
    'a subscription document meets the same limits as a request',
  )

  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    client.ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  )
  await app.database.db.execute(sql`update api_keys set revoked_at = now() where tenant_id = ${other.id}`)
  const outcome = await Promise.race([closed, new Promise<string>((r) => setTimeout(() => r('still open after 10 s'), 10_000).unref())])
  t.match(outcome, { code: 4401, reason: /no longer valid/ }, 'the socket is closed once the key is revoked')
})

t.test('a key revoked after connection_init opens no subscription', async (t) => {
  const app = await buildTestApp(t)
  const base = await app.app.listen({ port: 0, host: '127.0.0.1' })
  const url = `${base.replace('http', 'ws')}/graphql`
  const made = json(await app.request({ method: 'POST', url: '/v1/api-keys', payload: { name: 'Dashboard', permissions: [] } }))
  const client = subscribe(url, made.key, 'subscription { invoiceSyncStatusChanged { invoiceId } }')
  t.teardown(() => client.ws.close())
  await new Promise<void>((resolve) => client.ws.once('open', () => resolve()))
  client.ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${made.key}` } }))
  t.ok(await client.next('connection_ack'), 'acknowledged while the key is valid')
  t.equal((await app.request({ method: 'POST', url: `/v1/api-keys/${made.id}/revoke` })).statusCode, 200)
  client.ws.send(
    JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { invoiceSyncStatusChanged { invoiceId } }' } }),
  )
  const refused = await client.next('error')
  t.match(
    refused,
    { id: '1', payload: [{ message: /not valid or has been revoked/ }] },
    'the subscription is refused: the key is checked when it subscribes, not only at connection_init',
  )
})

t.test('a subscription authenticated by another key (connectionInit extension) ends when that key is revoked', async (t) => {
  const app = await buildTestApp(t, { env: { GRAPHQL_SUBSCRIPTION_KEY_CHECK_MS: '50' } })
  const base = await app.app.listen({ port: 0, host: '127.0.0.1' })
  const url = `${base.replace('http', 'ws')}/graphql`
  const other = json(await app.request({ method: 'POST', url: '/v1/tenants', payload: { name: 'Other' } }))
  const leaked = json(await app.request({ method: 'POST', url: '/v1/api-keys', payload: { name: 'Leaked', permissions: [] } }))
  const query = 'subscription { invoiceSyncStatusChanged { invoiceId } }'
  // The socket is opened and first used with the other tenant's key, which stays valid.
  const client = subscribe(url, other.apiKey, query)
  t.teardown(() => client.ws.close())
  t.ok(await client.start(), 'acknowledged, first subscription sent')
  // A second subscription names the leaked key of the first tenant.
  client.ws.send(
    JSON.stringify({
      id: '2',
      type: 'subscribe',
      payload: { query },
      extensions: [{ type: 'connectionInit', payload: { authorization: `Bearer ${leaked.key}` } }],
    }),
  )
  await new Promise((r) => setTimeout(r, 200))
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    client.ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  )
  t.equal((await app.request({ method: 'POST', url: `/v1/api-keys/${leaked.id}/revoke` })).statusCode, 200)
  const outcome = await Promise.race([closed, new Promise<string>((r) => setTimeout(() => r('still open after 10 s'), 10_000).unref())])
  t.match(outcome, { code: 4401, reason: /no longer valid/ }, 'the socket is closed once any key one of its subscriptions uses is revoked')
})

t.test('a bad key in connection_init counts as a failed authentication of the address, like a 401', async (t) => {
  const app = await buildTestApp(t, { env: { RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '3' } })
  const base = await app.app.listen({ port: 0, host: '127.0.0.1' })
  const url = `${base.replace('http', 'ws')}/graphql`
  for (let i = 0; i < 3; i++) {
    const guess = subscribe(url, `test_guess-${i}`, 'subscription { invoiceSyncStatusChanged { invoiceId } }')
    t.teardown(() => guess.ws.close())
    await new Promise<void>((resolve) => guess.ws.once('open', () => resolve()))
    const closed = new Promise<void>((resolve) => guess.ws.once('close', () => resolve()))
    guess.ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer test_guess-number-${i}-000000000000` } }))
    await closed
    t.equal(await guess.next('connection_ack', 10), undefined, `guess ${i + 1} refused`)
  }
  const rest = await app.app.inject({
    method: 'GET',
    url: '/v1/invoices',
    remoteAddress: '127.0.0.1',
    headers: { authorization: `Bearer ${app.adminKey}` },
  })
  t.equal(rest.statusCode, 429, 'the address has spent its failed authentications over the socket')
  t.match(json(rest), { code: 'RATE_LIMITED', detail: /failed authentications/ })
  const handshake = new WebSocket(url, 'graphql-transport-ws')
  t.teardown(() => handshake.terminate())
  const status = await new Promise<number | string>((resolve) => {
    handshake.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    handshake.once('open', () => resolve('opened'))
    handshake.once('error', (err) => resolve(err.message))
  })
  t.equal(status, 429, 'and a new socket is refused at its handshake')
  const elsewhere = await app.app.inject({
    method: 'GET',
    url: '/v1/invoices',
    remoteAddress: '198.51.100.2',
    headers: { authorization: `Bearer ${app.adminKey}` },
  })
  t.equal(elsewhere.statusCode, 200, 'another address is not affected')
})

t.test('a subscription sent over HTTP is refused as a bad request, not run into a 500', async (t) => {
  const app = await buildTestApp(t)
  const res = await app.request({
    method: 'POST',
    url: '/graphql',
    payload: { query: 'subscription { invoiceSyncStatusChanged { invoiceId } }' },
  })
  t.equal(res.statusCode, 400)
  t.match(json(res).errors, [{ message: /WebSocket/, extensions: { code: 'SUBSCRIPTION_OVER_HTTP' } }])
  t.notOk(
    app.logs.some((l) => (l.level as number) >= 50),
    'nothing is logged as our failure',
  )
})

t.test('the key in the connection parameters is found in any case, as GraphiQL sends its Headers tab', async (t) => {
  const app = await buildTestApp(t)
  const base = await app.app.listen({ port: 0, host: '127.0.0.1' })
  const client = subscribe(`${base.replace('http', 'ws')}/graphql`, app.adminKey, 'subscription { invoiceSyncStatusChanged { invoiceId } }')
  t.teardown(() => client.ws.close())
  await new Promise<void>((resolve) => client.ws.once('open', () => resolve()))
  client.ws.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${app.adminKey}` } }))
  t.ok(await client.next('connection_ack'), 'acknowledged')
})

t.test('a subscriber on one instance hears an edit made through another (PostgreSQL LISTEN/NOTIFY)', async (t) => {
  const a = await buildTestApp(t)
  if (a.database.kind !== 'postgres') {
    t.comment('skipped: the embedded database is one process; instances share changes through PostgreSQL only')
    return
  }
  // Instance B: its own process state and pool, the same database and admin key.
  const b = await buildTestApp(t, { testDatabase: a.testDatabase, adminKey: a.adminKey })
  const s = await scenario(b)
  const invoice = await s.exportAndConfirm((await s.createInvoice()).id)
  const base = await a.app.listen({ port: 0, host: '127.0.0.1' })
  const onA = subscribe(
    `${base.replace('http', 'ws')}/graphql`,
    a.adminKey,
    'subscription { invoiceSyncStatusChanged { invoiceId from to } }',
  )
  t.teardown(() => onA.ws.close())
  t.ok(await onA.start(), 'subscribed on instance A')
  await new Promise((r) => setTimeout(r, 100))
  await s.gql(
    'mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { userErrors { code } } }',
    { input: { id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'through B' } },
    { userId: EDITOR },
  )
  const event = await onA.next('next')
  t.same(event?.payload.data.invoiceSyncStatusChanged, { invoiceId: invoice.id, from: 'NOT_APPLICABLE', to: 'PENDING' }, 'A heard it')
  t.equal(await onA.next('next', 500), undefined, 'once')
})
