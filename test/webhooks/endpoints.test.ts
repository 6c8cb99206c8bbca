// POST/GET/DELETE /v1/webhook-endpoints, secret rotation, re-enabling and the delivery log: happy
// paths, every refusal, tenancy, the secret shown once and stored encrypted, private targets.

import { sql } from 'drizzle-orm'
import { Webhook } from 'standardwebhooks'
import t from 'tap'
import { isPrivateAddress } from '../../src/webhooks/url-guard.js'
import { buildTestApp, json } from '../helpers/app.js'
import { expectMatchesOpenApi } from '../helpers/openapi.js'
import { buildWebhookApp, createEndpoint, SECRETS_KEY, signedHeaders, startReceiver, webhookEnv } from './helpers.js'

const ALL = ['invoice.sync_status_changed', 'invoice.updated', 'invoice.exported', 'connection.session_completed']

t.test('create, read, list, rotate, delete: the secret appears only in the create and rotate answers', async (t) => {
  const app = await buildWebhookApp(t, { WEBHOOKS_WORKER: 'false' })
  const created = await app.request({
    method: 'POST',
    url: '/v1/webhook-endpoints',
    payload: { url: 'https://93.184.215.14/invoice-sync', events: ['invoice.updated', 'invoice.exported'] },
  })
  t.equal(created.statusCode, 201)
  expectMatchesOpenApi(t, created)
  const body = json(created)
  t.match(body, {
    id: /^[0-9a-f-]{36}$/,
    url: 'https://93.184.215.14/invoice-sync',
    events: ['invoice.updated', 'invoice.exported'],
    enabled: true,
  })
  t.match(body.secret, /^whsec_[A-Za-z0-9+/]+=*$/)
  t.equal(Buffer.from(body.secret.slice('whsec_'.length), 'base64').length, 32, '32 random bytes')

  const read = await app.request({ method: 'GET', url: `/v1/webhook-endpoints/${body.id}` })
  t.equal(read.statusCode, 200)
  expectMatchesOpenApi(t, read)
  t.notOk('secret' in json(read), 'no secret when read')
  t.notOk(read.body.includes(body.secret))
  const list = await app.request({ method: 'GET', url: '/v1/webhook-endpoints' })
  expectMatchesOpenApi(t, list)
  t.same(
    json(list).items.map((e: { id: string }) => e.id),
    [body.id],
  )
  t.equal(json(list).nextCursor, null, 'one page: a tenant has at most 50 endpoints')
  const unknownParameter = await app.request({ method: 'GET', url: '/v1/webhook-endpoints?first=10' })
  t.equal(unknownParameter.statusCode, 400, 'the endpoint list takes no parameters')
  expectMatchesOpenApi(t, unknownParameter)
  t.notOk(list.body.includes('whsec_'), 'no secret in the list')

  const stored = (await app.database.db.execute(sql`select secret_ciphertext from webhook_endpoints where id = ${body.id}`)) as unknown as {
    rows: { secret_ciphertext: string }[]
  }
  t.notOk(stored.rows[0]!.secret_ciphertext.includes(body.secret.slice(6)), 'stored encrypted, not in clear')

  const rotated = await app.request({ method: 'POST', url: `/v1/webhook-endpoints/${body.id}/rotate-secret` })
  t.equal(rotated.statusCode, 200)
  expectMatchesOpenApi(t, rotated)
  const r = json(rotated)
  t.match(r.secret, /^whsec_/)
  t.not(r.secret, body.secret, 'a new secret')
  t.ok(Date.parse(r.previousSecretExpiresAt) > Date.now(), 'the previous secret keeps signing for a while')
  t.notOk((await app.request({ method: 'GET', url: `/v1/webhook-endpoints/${body.id}` })).body.includes('whsec_'))

  const deliveries = await app.request({ method: 'GET', url: `/v1/webhook-endpoints/${body.id}/deliveries` })
  t.equal(deliveries.statusCode, 200)
  expectMatchesOpenApi(t, deliveries)
  t.same(json(deliveries), { items: [], nextCursor: null })

  const removed = await app.request({ method: 'DELETE', url: `/v1/webhook-endpoints/${body.id}` })
  t.equal(removed.statusCode, 204)
  expectMatchesOpenApi(t, removed)
  t.equal((await app.request({ method: 'GET', url: `/v1/webhook-endpoints/${body.id}` })).statusCode, 404)

  const logged = JSON.stringify(app.logs)
  t.notOk(logged.includes(body.secret) || logged.includes(r.secret), 'no secret in the log')
})

t.test('bad input: URL, events; each a problem+json naming the field, nothing saved', async (t) => {
  const app = await buildWebhookApp(t, { WEBHOOKS_WORKER: 'false' })
  const post = (payload: unknown) => app.request({ method: 'POST', url: '/v1/webhook-endpoints', payload: payload as object })
  const cases: [unknown, number, string, string][] = [
    [{ url: 'ftp://example.com/x', events: ALL }, 400, 'VALIDATION_FAILED', 'url'],
    [{ url: 'not a url', events: ALL }, 400, 'VALIDATION_FAILED', 'url'],
    [{ url: 'https://user:pw@example.com/x', events: ALL }, 400, 'VALIDATION_FAILED', 'url'],
    [{ url: 'https://example.com/x', events: ['invoice.updated', 'invoice.deleted'] }, 400, 'VALIDATION_FAILED', 'events.1'],
    [{ url: 'https://example.com/x', events: [] }, 400, 'VALIDATION_FAILED', 'events'],
    [{ url: 'https://example.com/x' }, 400, 'VALIDATION_FAILED', 'events'],
    [{ events: ALL }, 400, 'VALIDATION_FAILED', 'url'],
    [{ url: 'https://example.com/x', events: ALL, secret: 'mine' }, 400, 'VALIDATION_FAILED', 'secret'],
    [{ url: 'https://no-such-host.invalid/x', events: ALL }, 422, 'WEBHOOK_TARGET_UNRESOLVABLE', 'url'],
  ]
  for (const [payload, status, code, field] of cases) {
    const res = await post(payload)
    t.equal(res.statusCode, status, JSON.stringify(payload))
    expectMatchesOpenApi(t, res)
    t.match(json(res), { code, errors: [{ field }] })
  }
  t.same(json(await app.request({ method: 'GET', url: '/v1/webhook-endpoints' })).items, [], 'nothing saved')
})

t.test('private, loopback and link-local targets are refused unless WEBHOOKS_ALLOW_PRIVATE_TARGETS=true', async (t) => {
  const strict = await buildTestApp(t, { env: { SECRETS_KEY, WEBHOOKS_WORKER: 'false' } })
  for (const url of [
    'http://127.0.0.1:8080/x',
    'http://localhost/x',
    'http://10.1.2.3/x',
    'http://192.168.0.10/x',
    'http://169.254.169.254/latest',
    'http://[::1]/x',
    'http://[::ffff:127.0.0.1]/x',
    'http://[fd00::1]/x',
    'http://[fe80::1]/x',
    'http://0.0.0.0/x',
  ]) {
    const res = await strict.request({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url, events: ALL } })
    t.equal(res.statusCode, 422, url)
    t.match(json(res), { code: 'WEBHOOK_TARGET_NOT_ALLOWED', errors: [{ field: 'url', code: 'PRIVATE_TARGET' }] })
  }
  const publicIp = await strict.request({
    method: 'POST',
    url: '/v1/webhook-endpoints',
    payload: { url: 'https://93.184.215.14/hook', events: ALL },
  })
  t.equal(publicIp.statusCode, 201, 'a public address is accepted')

  const relaxed = await buildTestApp(t, { env: { ...webhookEnv(), WEBHOOKS_WORKER: 'false' } })
  const res = await relaxed.request({
    method: 'POST',
    url: '/v1/webhook-endpoints',
    payload: { url: 'http://127.0.0.1:8080/x', events: ALL },
  })
  t.equal(res.statusCode, 201, 'allowed with the setting')
})

t.test('new IPv6 prefixes and system ports are refused; the port rule holds even with WEBHOOKS_ALLOW_PRIVATE_TARGETS=true', async (t) => {
  const strict = await buildTestApp(t, { env: { SECRETS_KEY, WEBHOOKS_WORKER: 'false' } })
  for (const url of [
    'http://[64:ff9b:1::808:808]/x',
    'http://[2002:c0a8:101::1]/x',
    'http://[::ffff:0:808:808]/x',
    'http://[64:ff9b:0:0:0:0:7f00:1]/x',
  ]) {
    const res = await strict.request({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url, events: ALL } })
    t.equal(res.statusCode, 422, url)
    t.match(json(res), { code: 'WEBHOOK_TARGET_NOT_ALLOWED', errors: [{ field: 'url', code: 'PRIVATE_TARGET' }] })
  }
  const relaxed = await buildTestApp(t, { env: { ...webhookEnv(), WEBHOOKS_WORKER: 'false' } })
  for (const url of ['https://93.184.215.14:22/x', 'http://127.0.0.1:25/x', 'https://93.184.215.14:1023/x']) {
    const res = await relaxed.request({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url, events: ALL } })
    t.equal(res.statusCode, 422, url)
    expectMatchesOpenApi(t, res)
    t.match(json(res), { code: 'WEBHOOK_TARGET_NOT_ALLOWED', errors: [{ field: 'url', code: 'PORT_NOT_ALLOWED' }] })
  }
  t.same(json(await relaxed.request({ method: 'GET', url: '/v1/webhook-endpoints' })).items, [], 'nothing saved')
  t.equal(
    (await relaxed.request({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url: 'https://93.184.215.14:8443/x', events: ALL } }))
      .statusCode,
    201,
    'a high port is fine',
  )
})

t.test('address classification: IPv4, IPv6 and IPv4 inside IPv6', async (t) => {
  const privateOnes = [
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    'ff02::1',
    'not-an-ip',
  ]
  const publicOnes = ['8.8.8.8', '93.184.215.14', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2a00:1450:4001:80b::200e']
  for (const a of privateOnes) t.ok(isPrivateAddress(a), `${a} is private`)
  for (const a of publicOnes) t.notOk(isPrivateAddress(a), `${a} is public`)
})

t.test('unknown ids, other tenants and non-administrators get 404 / 403', async (t) => {
  const app = await buildWebhookApp(t, { WEBHOOKS_WORKER: 'false' })
  const mine = json(
    await app.request({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url: 'https://93.184.215.14/a', events: ALL } }),
  )
  const other = json(await app.request({ method: 'POST', url: '/v1/tenants', payload: { name: 'Tenant B' } }))
  for (const [method, suffix] of [
    ['GET', ''],
    ['DELETE', ''],
    ['POST', '/rotate-secret'],
    ['POST', '/enable'],
    ['GET', '/deliveries'],
  ] as const) {
    for (const id of [mine.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await app.request({ method, url: `/v1/webhook-endpoints/${id}${suffix}`, as: id === mine.id ? other.apiKey : undefined })
      t.equal(res.statusCode, 404, `${method} ${suffix} ${id === mine.id ? "other tenant's endpoint" : id}`)
      expectMatchesOpenApi(t, method, `/v1/webhook-endpoints/{id}${suffix}`, res)
      t.equal(json(res).code, 'WEBHOOK_ENDPOINT_NOT_FOUND')
    }
  }
  t.same(json(await app.request({ method: 'GET', url: '/v1/webhook-endpoints', as: other.apiKey })).items, [], 'lists are per tenant')
  t.equal((await app.request({ method: 'GET', url: `/v1/webhook-endpoints/${mine.id}` })).statusCode, 200, 'still there for its owner')

  await app.request({ method: 'PUT', url: '/v1/users/sam', payload: { name: 'Sam Clerk', permissions: ['editExportedTransactions'] } })
  const denied = await app.request({
    method: 'POST',
    url: '/v1/webhook-endpoints',
    headers: { 'x-user-id': 'sam' },
    payload: { url: 'https://93.184.215.14/b', events: ALL },
  })
  t.equal(denied.statusCode, 403)
  expectMatchesOpenApi(t, denied)
  t.equal(json(denied).code, 'PERMISSION_DENIED')
  t.equal((await app.request({ method: 'GET', url: '/v1/webhook-endpoints', headers: { 'x-user-id': 'sam' } })).statusCode, 403)
  const unauthenticated = await app.request({ method: 'GET', url: '/v1/webhook-endpoints', as: null })
  t.equal(unauthenticated.statusCode, 401)
  expectMatchesOpenApi(t, unauthenticated)
})

t.test('deliveries: paging and status filter are checked', async (t) => {
  const app = await buildWebhookApp(t, { WEBHOOKS_WORKER: 'false' })
  const mine = json(
    await app.request({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url: 'https://93.184.215.14/a', events: ALL } }),
  )
  for (const query of ['first=0', 'first=500', 'after=abc', 'after=3', 'status=SENT', 'colour=blue']) {
    const res = await app.request({ method: 'GET', url: `/v1/webhook-endpoints/${mine.id}/deliveries?${query}` })
    t.equal(res.statusCode, 400, query)
    expectMatchesOpenApi(t, res)
  }
  const sent: string[] = []
  for (let i = 0; i < 3; i++)
    sent.push(json(await app.request({ method: 'POST', url: `/v1/webhook-endpoints/${mine.id}/test` })).deliveryId)
  const first = await app.request({ method: 'GET', url: `/v1/webhook-endpoints/${mine.id}/deliveries?first=2` })
  expectMatchesOpenApi(t, first)
  const rest = await app.request({
    method: 'GET',
    url: `/v1/webhook-endpoints/${mine.id}/deliveries?first=2&after=${json(first).nextCursor}`,
  })
  expectMatchesOpenApi(t, rest)
  t.same(
    [...json(first).items, ...json(rest).items].map((d: { id: string }) => d.id),
    [...sent].reverse(),
    'every delivery once, newest first, following nextCursor',
  )
  t.equal(json(rest).nextCursor, null, 'the last page says so')
})

t.test('an endpoint is updated, sent a signed test event, and a delivery is sent again', async (t) => {
  const app = await buildWebhookApp(t)
  const receiver = await startReceiver(t)
  const other = await startReceiver(t)
  const endpoint = await createEndpoint(app, receiver.url, ['invoice.updated'])
  const patched = await app.request({
    method: 'PATCH',
    url: `/v1/webhook-endpoints/${endpoint.id}`,
    payload: { url: other.url, events: ['invoice.updated', 'connection.stale'] },
  })
  expectMatchesOpenApi(t, patched)
  t.equal(patched.statusCode, 200)
  t.match(json(patched), { url: other.url, events: ['invoice.updated', 'connection.stale'] })
  const unknown = await app.request({
    method: 'PATCH',
    url: `/v1/webhook-endpoints/${endpoint.id}`,
    payload: { events: ['invoice.eaten'] },
  })
  t.equal(unknown.statusCode, 400)
  t.equal(json(unknown).errors[0].code, 'UNKNOWN_EVENT_TYPE')

  const sent = await app.request({ method: 'POST', url: `/v1/webhook-endpoints/${endpoint.id}/test` })
  expectMatchesOpenApi(t, sent)
  t.equal(sent.statusCode, 202)
  const [test] = await other.waitFor(1)
  t.equal(test!.json.type, 'webhook.test', 'the test event reaches the new URL')
  t.same(new Webhook(endpoint.secret).verify(test!.body, signedHeaders(test!)), test!.json, 'signed with the endpoint secret')
  t.equal(receiver.received.length, 0, 'nothing to the old URL')

  const deliveryId = json(sent).deliveryId
  const log = async () => json(await app.request({ method: 'GET', url: `/v1/webhook-endpoints/${endpoint.id}/deliveries` })).items
  for (let i = 0; i < 50 && (await log())[0]?.status !== 'DELIVERED'; i++) await new Promise((r) => setTimeout(r, 100))
  t.match(await log(), [{ id: deliveryId, eventType: 'webhook.test', status: 'DELIVERED' }])
  const again = await app.request({ method: 'POST', url: `/v1/webhook-endpoints/${endpoint.id}/deliveries/${deliveryId}/redeliver` })
  expectMatchesOpenApi(t, again)
  t.equal(again.statusCode, 202)
  const twice = await other.waitFor(2)
  t.equal(twice[1]!.json.type, 'webhook.test', 'sent again')
  t.equal(twice[1]!.headers['webhook-id'], twice[0]!.headers['webhook-id'], 'the same event, so a receiver can tell')
  const missing = await app.request({ method: 'POST', url: `/v1/webhook-endpoints/${endpoint.id}/deliveries/999999/redeliver` })
  t.equal(missing.statusCode, 404)
})
