// API keys through the API: shown once, listed without secrets, revoked, rotated with a grace
// period, expiring; and a walk over every route of the app with a frontend key.
import { sql } from 'drizzle-orm'
import t from 'tap'
import { hashApiKey } from '../../src/auth/api-keys.js'
import { buildTestApp, json, type TestApp } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'
import { checkedRequest } from '../helpers/openapi.js'
import { servedRoutes } from '../helpers/routes.js'

const FRONTEND = ['invoices:write', 'editExportedTransactions']

// One app for the file: every test makes keys of its own.
const shared = buildTestApp(t)

type Requester = Pick<TestApp, 'request'>

async function create(app: Requester, payload: object, as?: string) {
  const res = await app.request({ method: 'POST', url: '/v1/api-keys', as, payload })
  return { status: res.statusCode, body: json(res) }
}
/** Every key of the tenant, following the pages. */
const listKeys = async (app: Requester, first = 100) => {
  const all: Record<string, any>[] = []
  for (let after: string | null = null, pages = 0; ; pages++) {
    if (pages > 100) throw new Error('the pages of GET /v1/api-keys do not end')
    const page = json(await app.request({ method: 'GET', url: `/v1/api-keys?first=${first}${after ? `&after=${after}` : ''}` }))
    all.push(...(page.items as Record<string, any>[]))
    if (!page.nextCursor) return all
    after = page.nextCursor as string
  }
}
/** Any authenticated read: 404 for a customer that does not exist, 401 when the key is refused. */
const use = async (app: Requester, key: string) => {
  const res = await app.request({ method: 'GET', url: '/v1/customers/nobody', as: key })
  return res.statusCode === 401 ? json(res).code : res.statusCode
}

t.test('a key is shown once at creation and listed without its value, with when it was last used', async (t) => {
  const app = { ...(await shared) }
  app.request = checkedRequest(t, await shared)
  const { status, body } = await create(app, {
    name: 'Shop front',
    permissions: ['invoices:write', 'invoices:write', 'editExportedTransactions'],
  })
  t.equal(status, 201)
  t.match(body, {
    id: /^[0-9a-f-]{36}$/,
    name: 'Shop front',
    key: /^isk_[A-Za-z0-9_-]{43}$/,
    permissions: ['editExportedTransactions', 'invoices:write'],
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
  })
  t.equal(body.prefix, body.key.slice(0, 10), 'the prefix tells keys apart')

  const before = (await listKeys(app)).find((k) => k.id === body.id)!
  t.equal(before.lastUsedAt, null, 'not used yet')
  t.equal(await use(app, body.key), 404, 'the new key works')
  const used = (await listKeys(app)).find((k) => k.id === body.id)!
  t.type(used.lastUsedAt, 'string', 'the list shows it was used')
  t.equal(await use(app, body.key), 404)
  t.equal((await listKeys(app)).find((k) => k.id === body.id)!.lastUsedAt, used.lastUsedAt, 'a second use within the minute writes nothing')

  const listed = JSON.stringify(await listKeys(app))
  t.notOk(listed.includes(body.key), 'the list never shows a key')
  t.notOk(listed.includes(hashApiKey(body.key)), 'nor its hash')
  t.same(Object.keys(used).sort(), [
    'createdAt',
    'expiresAt',
    'fromConfig',
    'id',
    'lastUsedAt',
    'name',
    'permissions',
    'prefix',
    'previousKeyExpiresAt',
    'revokedAt',
    'rotatedAt',
  ])
  t.notOk(JSON.stringify(app.logs).includes(body.key), 'the key is not in the log')
})

t.test('a revoked key is refused at once', async (t) => {
  const app = { ...(await shared) }
  app.request = checkedRequest(t, await shared)
  const { body } = await create(app, { name: 'Leaked', permissions: FRONTEND })
  const revoked = await app.request({ method: 'POST', url: `/v1/api-keys/${body.id}/revoke` })
  t.equal(revoked.statusCode, 200)
  t.type(json(revoked).revokedAt, 'string')
  t.equal(await use(app, body.key), 'INVALID_API_KEY')
  const again = await app.request({ method: 'POST', url: `/v1/api-keys/${body.id}/revoke` })
  t.equal(json(again).revokedAt, json(revoked).revokedAt, 'revoking twice changes nothing')
  const rotate = await app.request({ method: 'POST', url: `/v1/api-keys/${body.id}/rotate` })
  t.equal(rotate.statusCode, 409, 'a revoked key cannot be rotated back to life')
  t.equal(json(rotate).code, 'API_KEY_REVOKED')
  t.equal((await app.request({ method: 'POST', url: '/v1/api-keys/7d1f2c1e-8d2a-4a57-9d4c-1f2e3d4c5b6a/revoke' })).statusCode, 404)
})

t.test('a rotated key has a new value; the old one works during the grace period, then not', async (t) => {
  const app = { ...(await shared) }
  app.request = checkedRequest(t, await shared)
  const { body } = await create(app, { name: 'Back end', permissions: FRONTEND })
  const first = body.key as string

  const rotated = await app.request({ method: 'POST', url: `/v1/api-keys/${body.id}/rotate`, payload: { gracePeriodSeconds: 3600 } })
  t.equal(rotated.statusCode, 200)
  const second = json(rotated).key as string
  t.not(second, first)
  t.equal(json(rotated).id, body.id, 'the same key, with a new value')
  t.equal(Date.parse(json(rotated).previousKeyExpiresAt) - Date.parse(json(rotated).rotatedAt), 3600_000, 'the grace period asked for')
  t.equal(await use(app, second), 404, 'the new value works')
  t.equal(await use(app, first), 404, 'the old value still works within the grace period')

  const now = await app.request({ method: 'POST', url: `/v1/api-keys/${body.id}/rotate`, payload: { gracePeriodSeconds: 0 } })
  const third = json(now).key as string
  t.equal(await use(app, third), 404)
  t.equal(await use(app, second), 'INVALID_API_KEY', 'with a grace of 0 the replaced value stops at once')
  t.equal(await use(app, first), 'INVALID_API_KEY', 'a value replaced two rotations ago stops too')

  const byDefault = await app.request({ method: 'POST', url: `/v1/api-keys/${body.id}/rotate` })
  t.equal(
    Date.parse(json(byDefault).previousKeyExpiresAt) - Date.parse(json(byDefault).rotatedAt),
    app.config.apiKeys.rotationGraceSeconds * 1000,
    'API_KEY_ROTATION_GRACE_SECONDS by default',
  )
  t.equal(app.config.apiKeys.rotationGraceSeconds, 86_400)
  const tooLong = await app.request({ method: 'POST', url: `/v1/api-keys/${body.id}/rotate`, payload: { gracePeriodSeconds: 10 * 86_400 } })
  t.equal(tooLong.statusCode, 400, 'the grace period is bounded')
  t.equal(await use(app, json(byDefault).key), 404, 'a refused rotation changed nothing')

  await app.request({ method: 'POST', url: `/v1/api-keys/${body.id}/revoke` })
  t.equal(await use(app, third), 'INVALID_API_KEY', 'revoking stops the value in its grace period too')
})

t.test('an expired key is refused with API_KEY_EXPIRED; a key cannot be made already expired', async (t) => {
  const app = { ...(await shared) }
  app.request = checkedRequest(t, await shared)
  const past = await create(app, { name: 'Old', permissions: [], expiresAt: '2020-01-01T00:00:00Z' })
  t.equal(past.status, 400)
  t.match(past.body.errors, [{ field: 'expiresAt', message: 'must be in the future' }])

  const { body } = await create(app, { name: 'Temp', permissions: [], expiresAt: new Date(Date.now() + 3600_000).toISOString() })
  t.equal(await use(app, body.key), 404, 'it works before it expires')
  // The database's clock decides: move the key's end into the past rather than wait.
  await app.database.db.execute(sql`update api_keys set expires_at = now() - interval '1 second' where id = ${body.id}`)
  const res = await app.request({ method: 'GET', url: '/v1/customers/nobody', as: body.key })
  t.equal(res.statusCode, 401)
  t.equal(json(res).code, 'API_KEY_EXPIRED')
})

t.test('nobody makes or rotates a key stronger than themselves', async (t) => {
  const app = { ...(await shared) }
  app.request = checkedRequest(t, await shared)
  const limited = (await create(app, { name: 'Admin only', permissions: ['admin'] })).body.key as string
  const stronger = await create(app, { name: 'More', permissions: ['admin', 'editExportedTransactions'] }, limited)
  t.equal(stronger.status, 403, 'a key cannot create a key with a permission it lacks')
  t.match(stronger.body.detail, /editExportedTransactions/)
  t.equal((await create(app, { name: 'Front', permissions: ['invoices:write'] }, limited)).status, 201, 'it creates narrower ones')
  const frontend = (await create(app, { name: 'Front', permissions: FRONTEND })).body
  const rotate = await app.request({ method: 'POST', url: `/v1/api-keys/${frontend.id}/rotate`, as: limited })
  t.equal(rotate.statusCode, 403, 'nor obtain the value of a stronger key by rotating it')
  t.equal(await use(app, frontend.key), 404, 'which still has its value')

  const inAnHour = new Date(Date.now() + 3600_000)
  const expiring = (await create(app, { name: 'Temp admin', permissions: ['admin'], expiresAt: inAnHour.toISOString() })).body.key as string
  t.equal(
    (await create(app, { name: 'Forever', permissions: [] }, expiring)).status,
    403,
    'an expiring key cannot make a key that outlives it',
  )
  t.equal(
    (await create(app, { name: 'Shorter', permissions: [], expiresAt: new Date(inAnHour.getTime() - 60_000).toISOString() }, expiring))
      .status,
    201,
  )

  const configured = (await listKeys(app)).find((k) => k.fromConfig)!
  t.equal(configured.name, 'ADMIN_API_KEY')
  const revokeEnv = await app.request({ method: 'POST', url: `/v1/api-keys/${configured.id}/revoke` })
  t.equal(revokeEnv.statusCode, 409, 'the ADMIN_API_KEY key is changed through the configuration')
  t.equal(json(revokeEnv).code, 'API_KEY_SET_BY_CONFIGURATION')
})

// What a frontend's back end may reach (invoices, batches, sync decisions, reads). Everything
// else under /v1 is for admins: a new route must be added here on purpose, or it is refused.
const FRONTEND_ROUTES = new Set([
  'POST /v1/invoices',
  'GET /v1/invoices',
  'GET /v1/invoices/:id',
  'PATCH /v1/invoices/:id',
  'POST /v1/invoices/:id/resync',
  'POST /v1/invoices/:id/bypass',
  'POST /v1/invoices/:id/adjustments',
  'POST /v1/invoices/:id/accept-quickbooks-version',
  'POST /v1/invoices/:id/overwrite-quickbooks',
  'POST /v1/invoices/:id/payments',
  'GET /v1/invoices/:id/payments',
  'GET /v1/invoices/:id/revisions',
  'GET /v1/sync-errors',
  'POST /v1/batches',
  'GET /v1/batches/:id',
  'POST /v1/batches/:id/post',
  'POST /v1/batches/:id/unpost',
  'POST /v1/batches/:id/export',
  'GET /v1/connections',
  'GET /v1/connections/:id',
  'GET /v1/connections/:id/sessions',
])
const isRead = (route: string) => route.startsWith('GET /v1/') && !/api-keys|webhook-endpoints|qwc/.test(route)

t.test('a frontend key is refused on every admin-only route of the app', async (t) => {
  const app = { ...(await shared) }
  app.request = checkedRequest(t, await shared)
  const frontend = (await create(app, { name: 'Front', permissions: FRONTEND })).body.key as string
  const routes = servedRoutes(app.app.printRoutes({ commonPrefix: false }))
    .filter((r) => r.path.startsWith('/v1/') && r.method !== 'HEAD' && r.method !== 'OPTIONS')
    .map((r) => `${r.method} ${r.path}`)
  t.ok(routes.length > 30, `found the routes (${routes.length})`)
  t.ok(routes.includes('PUT /v1/users/:id') && routes.includes('POST /v1/api-keys/:id/rotate'), 'the walk sees nested routes')
  const id = '7d1f2c1e-8d2a-4a57-9d4c-1f2e3d4c5b6a'
  for (const route of routes) {
    const [method, path] = route.split(' ') as [string, string]
    const res = await app.app.inject({
      method: method as 'GET',
      url: path.replace(/:[A-Za-z]+/g, id),
      headers: { authorization: `Bearer ${frontend}` },
      ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
    })
    if (FRONTEND_ROUTES.has(route) || isRead(route)) {
      t.not(res.statusCode, 403, `${route} is open to a frontend key (${res.statusCode})`)
    } else {
      t.equal(res.statusCode, 403, `${route} refuses a frontend key`)
      t.equal(res.statusCode === 403 ? json(res).code : res.statusCode, 'PERMISSION_DENIED', route)
    }
  }
})

t.test('an Idempotency-Key replays an answer only to the key that made it', async (t) => {
  const app = { ...(await shared) }
  app.request = checkedRequest(t, await shared)
  const frontend = (await create(app, { name: 'Front', permissions: FRONTEND })).body.key as string
  const headers = { 'idempotency-key': 'make-reporting-key' }
  const payload = { name: 'Reporting', permissions: [] }
  const made = await app.request({ method: 'POST', url: '/v1/api-keys', headers, payload })
  t.equal(made.statusCode, 201)
  const replay = await app.request({ method: 'POST', url: '/v1/api-keys', as: frontend, headers, payload })
  t.not(replay.statusCode, 201, 'another key of the tenant does not get the stored answer')
  t.notOk(replay.body.includes(json(made).key), 'nor the key it holds')
})

t.test('ADMIN_API_KEY set back to an earlier value makes that value the admin key again', async (t) => {
  const testDatabase = await createTestDatabase(t)
  const database = await testDatabase.open()
  const first = await buildTestApp(t, { testDatabase, database })
  await first.app.close()
  const second = await buildTestApp(t, { testDatabase, database })
  t.equal(await use(second, first.adminKey), 'INVALID_API_KEY', 'the replaced value was revoked')
  await second.app.close()
  const third = await buildTestApp(t, { testDatabase, database, adminKey: first.adminKey })
  t.equal(await use(third, first.adminKey), 404, 'the configured value works again')
  t.equal(await use(third, second.adminKey), 'INVALID_API_KEY', 'and the one it replaced does not')
  const configured = (await listKeys(third)).filter((k) => k.fromConfig && !k.revokedAt)
  t.equal(configured.length, 1, 'one configured key is live')
})

t.test("a tenant cannot see, revoke or rotate another tenant's keys", async (t) => {
  const app = { ...(await shared) }
  app.request = checkedRequest(t, await shared)
  const mine = (await create(app, { name: 'Mine', permissions: [] })).body
  const other = json(await app.request({ method: 'POST', url: '/v1/tenants', payload: { name: 'Neighbour Co' } })).apiKey as string
  for (const action of ['revoke', 'rotate']) {
    const res = await app.request({ method: 'POST', url: `/v1/api-keys/${mine.id}/${action}`, as: other })
    t.equal(res.statusCode, 404, `${action}: as for a key that does not exist`)
    t.equal(json(res).code, 'API_KEY_NOT_FOUND')
  }
  const theirs = json(await app.request({ method: 'GET', url: '/v1/api-keys', as: other })).items as { id: string }[]
  t.notOk(
    theirs.some((k) => k.id === mine.id),
    'the list holds only their own keys',
  )
  t.equal(await use(app, mine.key), 404, 'my key still works')
})

t.test('the key list comes in keyset pages: every key once, oldest first; a page above 100 and a forged cursor are refused', async (t) => {
  const shared_ = await shared
  const tenant = json(await shared_.request({ method: 'POST', url: '/v1/tenants', payload: { name: 'Paged keys' } }))
  const app: Requester = { request: ({ as, ...rest }) => shared_.request({ ...rest, as: as === undefined ? tenant.apiKey : as }) }
  const made: string[] = []
  for (let i = 0; i < 5; i++) made.push((await create(app, { name: `key ${i}`, permissions: [] })).body.id)
  const inPagesOfTwo = await listKeys(app, 2)
  const inOnePage = await listKeys(app, 100)
  t.equal(inOnePage.length, 6, "the tenant's first key and the five made")
  t.same(
    inPagesOfTwo.map((k) => k.id),
    inOnePage.map((k) => k.id),
    'pages of two list every key once, in the same order',
  )
  t.same(
    inOnePage.slice(1).map((k) => k.id),
    made,
    'oldest first',
  )
  const first = json(await app.request({ method: 'GET', url: '/v1/api-keys?first=2' }))
  t.equal(first.items.length, 2)
  t.type(first.nextCursor, 'string', 'more follow')
  const tooMany = await app.request({ method: 'GET', url: '/v1/api-keys?first=101' })
  t.equal(tooMany.statusCode, 400)
  t.equal(json(tooMany).code, 'VALIDATION_FAILED')
  const forged = await app.request({ method: 'GET', url: `/v1/api-keys?after=${Buffer.from('["api-key","x","y"]').toString('base64url')}` })
  t.equal(forged.statusCode, 400)
  const unknown = await app.request({ method: 'GET', url: '/v1/api-keys?limit=5' })
  t.equal(json(unknown).code, 'VALIDATION_FAILED', 'an unknown parameter is refused')
})

t.test('an expiring credential cannot learn or make a value that outlives it: rotation, and a value in its grace period', async (t) => {
  const app = { ...(await shared) }
  app.request = checkedRequest(t, await shared)
  const inAnHour = new Date(Date.now() + 3600_000)
  const expiring = (await create(app, { name: 'Temp admin', permissions: ['admin'], expiresAt: inAnHour.toISOString() })).body.key as string
  const lasting = (await create(app, { name: 'Reporting', permissions: [] })).body
  const rotate = await app.request({ method: 'POST', url: `/v1/api-keys/${lasting.id}/rotate`, as: expiring })
  t.equal(rotate.statusCode, 403, 'an expiring key cannot rotate (and so learn the value of) a key that never expires')
  t.equal(await use(app, lasting.key), 404, 'which keeps its value')

  // A value replaced by a rotation works until its grace period ends: it is an expiring credential.
  const admin = (await create(app, { name: 'Ops', permissions: ['admin'] })).body
  const rotated = await app.request({ method: 'POST', url: `/v1/api-keys/${admin.id}/rotate`, payload: { gracePeriodSeconds: 600 } })
  const current = json(rotated).key as string
  const old = admin.key as string
  t.equal(await use(app, old), 404, 'the old value still works in its grace period')
  t.equal(
    (await create(app, { name: 'Forever', permissions: ['admin'] }, old)).status,
    403,
    'but cannot make a key that outlives the grace period',
  )
  const again = await app.request({ method: 'POST', url: `/v1/api-keys/${admin.id}/rotate`, as: old })
  t.equal(again.statusCode, 403, 'nor rotate its own key to a value of its choosing that outlives the grace period')
  t.equal(await use(app, current), 404, 'the value the rotation gave out still works')
})
