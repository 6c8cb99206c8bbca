// One tenant's slow or broken receiver must not hold up anyone else's webhooks: in-flight caps per
// endpoint and per tenant (counted in the database, so across instances), claims that take every
// endpoint's oldest due delivery first, and a circuit that pauses an endpoint that keeps failing.
// Everything here is proved by order and counts at the moment something arrives, never by timing.

import { sql } from 'drizzle-orm'
import t from 'tap'
import { recordEvents } from '../../src/webhooks/outbox.js'
import { buildTestApp, json, type TestApp } from '../helpers/app.js'
import { expectMatchesOpenApi } from '../helpers/openapi.js'
import { buildWebhookApp, createEndpoint, type Receiver, startReceiver, webhookEnv } from './helpers.js'

async function rows<T>(app: TestApp, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await app.database.db.execute(query)) as unknown as { rows: T[] }).rows
}

async function adminTenant(app: TestApp): Promise<string> {
  return (await rows<{ tenant_id: string }>(app, sql`select tenant_id from api_keys order by created_at limit 1`))[0]!.tenant_id
}

async function emit(app: TestApp, tenantId: string, count = 1): Promise<void> {
  await app.database.db.transaction((tx) =>
    recordEvents(
      tx,
      Array.from({ length: count }, (_, i) => ({ tenantId, type: 'invoice.updated' as const, data: { n: i } })),
    ),
  )
}

async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await fn()
    if (value) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function deliveryCounts(
  app: TestApp,
  endpointIds: string[],
): Promise<{ pending: number; delivered: number; other: number; attempted: number; leased: number }> {
  const [r] = await rows<{ pending: number; delivered: number; other: number; attempted: number; leased: number }>(
    app,
    sql`select count(*) filter (where status = 'PENDING')::int as pending, count(*) filter (where status = 'DELIVERED')::int as delivered,
      count(*) filter (where status not in ('PENDING', 'DELIVERED'))::int as other, count(*) filter (where attempts > 0)::int as attempted,
      count(*) filter (where status = 'PENDING' and locked_until > now())::int as leased
      from webhook_deliveries where endpoint_id in (select unnest(${`{${endpointIds.join(',')}}`}::uuid[]))`,
  )
  return r!
}

/** A second tenant with an endpoint of its own on a receiver that answers at once. */
async function otherTenant(
  t: Parameters<typeof startReceiver>[0],
  app: TestApp,
): Promise<{ tenantId: string; receiver: Receiver; endpointId: string }> {
  const tenant = json(await app.request({ method: 'POST', url: '/v1/tenants', payload: { name: 'Tenant B' } }))
  const receiver = await startReceiver(t)
  const created = await app.request({
    method: 'POST',
    url: '/v1/webhook-endpoints',
    as: tenant.apiKey,
    payload: { url: receiver.url, events: ['invoice.updated'] },
  })
  return { tenantId: tenant.id, receiver, endpointId: json(created).id }
}

t.test(
  "a tenant whose receivers hang holds at most its caps, across two instances; another tenant's events are delivered while that backlog is still pending",
  async (t) => {
    // Held requests never time out during the test: only the caps can leave room for tenant B.
    const env = {
      WEBHOOKS_CONCURRENCY: '8',
      WEBHOOKS_MAX_IN_FLIGHT_PER_ENDPOINT: '2',
      WEBHOOKS_MAX_IN_FLIGHT_PER_TENANT: '3',
      WEBHOOKS_TIMEOUT_MS: '60000',
    }
    const one = await buildWebhookApp(t, env)
    const two = await buildTestApp(t, { testDatabase: one.testDatabase, adminKey: one.adminKey, env: webhookEnv(env) })
    const hangA1 = await startReceiver(t)
    const hangA2 = await startReceiver(t)
    hangA1.answer = hangA2.answer = () => ({ status: 204, hold: true })
    // Teardown runs last-registered first: answer the held requests before the apps stop (stop waits for them).
    t.teardown(() => (hangA1.release(), hangA2.release()))
    const a1 = await createEndpoint(one, hangA1.url, ['invoice.updated'])
    const a2 = await createEndpoint(one, hangA2.url, ['invoice.updated'])
    const tenantA = await adminTenant(one)
    await emit(one, tenantA, 50) // 100 deliveries, all due before tenant B's
    await until('tenant A to fill its cap', () => hangA1.held + hangA2.held >= 3)

    const b = await otherTenant(t, one)
    for (let i = 1; i <= 3; i++) {
      await emit(i % 2 ? one : two, b.tenantId)
      await b.receiver.waitFor(i, { timeoutMs: 10_000 })
      // Tenant B's event arrived after a claim that saw all of tenant A's older deliveries.
      const a = await deliveryCounts(one, [a1.id, a2.id])
      t.same(
        a,
        { pending: 100, delivered: 0, other: 0, attempted: 3, leased: 3 },
        `B's event ${i}: A's backlog is untouched but for its 3 in flight`,
      )
      t.equal(hangA1.held + hangA2.held, 3, 'tenant A: 3 in flight in all (WEBHOOKS_MAX_IN_FLIGHT_PER_TENANT), not 3 per instance')
      t.ok(hangA1.held <= 2 && hangA2.held <= 2, 'at most 2 per endpoint (WEBHOOKS_MAX_IN_FLIGHT_PER_ENDPOINT)')
    }
    await until("B's deliveries stored", async () => (await deliveryCounts(one, [b.endpointId])).delivered === 3)
    t.equal(b.receiver.received.length, 3, 'each of B’s events once')
  },
)

t.test('fair claims: with one endpoint holding a backlog, a newer event for another endpoint is sent in the next claim', async (t) => {
  const app = await buildWebhookApp(t, {
    WEBHOOKS_CONCURRENCY: '4',
    WEBHOOKS_MAX_IN_FLIGHT_PER_ENDPOINT: '2',
    WEBHOOKS_MAX_IN_FLIGHT_PER_TENANT: '4',
    WEBHOOKS_TIMEOUT_MS: '60000',
  })
  const slow = await startReceiver(t)
  slow.answer = () => ({ status: 204, hold: true })
  t.teardown(() => slow.release())
  const busy = await createEndpoint(app, slow.url, ['invoice.updated'])
  const tenant = await adminTenant(app)
  await emit(app, tenant, 40)
  await until('the busy endpoint at its cap', () => slow.held >= 2)
  // Same tenant, another endpoint subscribed to another event type.
  const quick = await startReceiver(t)
  const other = await createEndpoint(app, quick.url, ['invoice.exported'])
  await app.database.db.transaction((tx) => recordEvents(tx, [{ tenantId: tenant, type: 'invoice.exported', data: {} }]))
  await quick.waitFor(1, { timeoutMs: 10_000 })
  t.match(await deliveryCounts(app, [busy.id]), { pending: 40, attempted: 2 }, "the busy endpoint's backlog still waits")
  await until('stored', async () => (await deliveryCounts(app, [other.id])).delivered === 1)
})

t.test(
  'a circuit opens after consecutive failures, pauses the endpoint without dropping anything, lets one probe through, and closes on success',
  async (t) => {
    const app = await buildWebhookApp(t, {
      WEBHOOKS_CONCURRENCY: '8',
      WEBHOOKS_MAX_IN_FLIGHT_PER_ENDPOINT: '4',
      WEBHOOKS_CIRCUIT_FAILURE_THRESHOLD: '3',
      WEBHOOKS_CIRCUIT_OPEN_MS: '600000',
      WEBHOOKS_TIMEOUT_MS: '60000',
    })
    const failing = await startReceiver(t)
    failing.answer = () => ({ status: 500 })
    t.teardown(() => failing.release())
    const endpoint = await createEndpoint(app, failing.url, ['invoice.updated'])
    const tenant = await adminTenant(app)
    const closed = await app.request({ method: 'GET', url: `/v1/webhook-endpoints/${endpoint.id}` })
    t.same(json(closed).circuit, { state: 'CLOSED', openUntil: null, consecutiveFailures: 0 })

    await emit(app, tenant, 5)
    const opened = await until('the circuit to open', async () => {
      const list = await app.request({ method: 'GET', url: '/v1/webhook-endpoints' })
      const view = json(list).items[0]
      return view.circuit.state === 'OPEN' && { list, view }
    })
    expectMatchesOpenApi(t, opened.list)
    t.ok(opened.view.circuit.consecutiveFailures >= 3, `${opened.view.circuit.consecutiveFailures} consecutive failures`)
    t.ok(Date.parse(opened.view.circuit.openUntil) > Date.now() + 500_000, 'open for WEBHOOKS_CIRCUIT_OPEN_MS')
    await until('the in-flight failures stored', async () => (await deliveryCounts(app, [endpoint.id])).leased === 0)
    const triedWhileClosed = failing.received.length
    const settled = await app.request({ method: 'GET', url: `/v1/webhook-endpoints/${endpoint.id}` })
    t.equal(json(settled).circuit?.consecutiveFailures, triedWhileClosed, `every attempt so far failed: ${settled.body}`)

    // Another endpoint's event goes through while this one is paused, and nothing was sent here meanwhile.
    const other = await startReceiver(t)
    const otherEndpoint = await createEndpoint(app, other.url, ['invoice.exported'])
    await app.database.db.transaction((tx) => recordEvents(tx, [{ tenantId: tenant, type: 'invoice.exported', data: {} }]))
    await other.waitFor(1, { timeoutMs: 10_000 })
    t.equal(failing.received.length, triedWhileClosed, 'an open circuit sends nothing')
    t.match(await deliveryCounts(app, [endpoint.id]), { pending: 5, delivered: 0, other: 0 }, 'paused, not dropped')

    // The open period ends (moved into the past instead of waiting 10 minutes): one probe goes through.
    failing.answer = () => ({ status: 204, hold: true })
    await app.database.db.execute(
      sql`update webhook_endpoints set circuit_open_until = now() - interval '1 second' where id = ${endpoint.id}`,
    )
    await failing.waitFor(triedWhileClosed + 1, { timeoutMs: 10_000 })
    t.equal(json(await app.request({ method: 'GET', url: `/v1/webhook-endpoints/${endpoint.id}` })).circuit.state, 'HALF_OPEN')
    await app.database.db.transaction((tx) => recordEvents(tx, [{ tenantId: tenant, type: 'invoice.exported', data: {} }]))
    await other.waitFor(2, { timeoutMs: 10_000 })
    t.equal(failing.held, 1, 'half open: one probe at a time, though 4 may be in flight when closed')
    t.equal(failing.received.length, triedWhileClosed + 1)

    failing.answer = () => ({ status: 204 })
    failing.release()
    await until('all delivered', async () => (await deliveryCounts(app, [endpoint.id])).delivered === 5)
    t.same(
      json(await app.request({ method: 'GET', url: `/v1/webhook-endpoints/${endpoint.id}` })).circuit,
      { state: 'CLOSED', openUntil: null, consecutiveFailures: 0 },
      'the probe closed it',
    )
    t.equal((await deliveryCounts(app, [otherEndpoint.id])).pending, 0)
  },
)
