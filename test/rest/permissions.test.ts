// Who may do what: the key's scopes intersected with the acting user's permissions; users and
// their permissions written by admins only, and never raised above the writer's own.
import t from 'tap'
import { buildTestApp, json, type TestApp } from '../helpers/app.js'
import { ADMIN, CLERK, EDITOR, gqlClient, seedReferenceData } from '../helpers/invoices.js'

const FRONTEND = ['invoices:write', 'editExportedTransactions']

async function newKey(app: TestApp, permissions: string[], as?: string): Promise<string> {
  const res = await app.request({ method: 'POST', url: '/v1/api-keys', as, payload: { name: `key ${permissions.join(' ')}`, permissions } })
  if (res.statusCode !== 201) throw new Error(`creating a key answered ${res.statusCode} ${res.body}`)
  return json(res).key as string
}

const invoiceBody = (number: string) => ({
  number,
  date: '2026-11-02',
  customerId: 'c1',
  lines: [{ itemId: 'labor', description: 'Two hours', quantity: '2', unitPrice: '85.00' }],
})

t.test('a user cannot raise its own permissions through PUT /v1/users', async (t) => {
  const app = await buildTestApp(t)
  await seedReferenceData(app)
  const asUser = (userId: string, id: string, payload: object) =>
    app.request({ method: 'PUT', url: `/v1/users/${id}`, headers: { 'x-user-id': userId }, payload })

  const clerk = await asUser(CLERK, CLERK, { name: 'Sam Clerk', permissions: ['admin', 'editExportedTransactions'] })
  t.equal(clerk.statusCode, 403, 'a user without admin cannot give itself admin')
  t.equal(json(clerk).code, 'PERMISSION_DENIED')
  t.same(json(await app.request({ method: 'GET', url: `/v1/users/${CLERK}` })).permissions, [], 'its permissions are unchanged')

  await app.request({ method: 'PUT', url: '/v1/users/ana', payload: { name: 'Ana Admin', permissions: ['admin'] } })
  const ana = await asUser('ana', 'ana', { name: 'Ana Admin', permissions: ['admin', 'editExportedTransactions'] })
  t.equal(ana.statusCode, 403, 'an admin cannot give itself a permission it lacks')
  t.match(json(ana).detail, /editExportedTransactions/)
  t.same(json(await app.request({ method: 'GET', url: '/v1/users/ana' })).permissions, ['admin'])

  const grantsLacking = await asUser('ana', 'bo', { name: 'Bo', permissions: ['editExportedTransactions'] })
  t.equal(grantsLacking.statusCode, 403, 'nor grant it to anyone')
  t.equal((await app.request({ method: 'GET', url: '/v1/users/bo' })).statusCode, 404, 'nothing was saved')

  const grantsHeld = await asUser('ana', 'bo', { name: 'Bo', permissions: ['admin'] })
  t.equal(grantsHeld.statusCode, 201, 'an admin grants what it holds')
  const keepsOthers = await asUser('ana', EDITOR, { name: 'Dana O.', permissions: ['editExportedTransactions'] })
  t.equal(keepsOthers.statusCode, 200, 'and may rename a user while keeping a permission it does not hold itself')
  const demotes = await asUser('ana', ADMIN, { name: 'Alex Admin', permissions: [] })
  t.equal(demotes.statusCode, 200, 'and may remove permissions')
})

t.test('a user without admin cannot write users', async (t) => {
  const app = await buildTestApp(t)
  await seedReferenceData(app)
  const res = await app.request({
    method: 'PUT',
    url: '/v1/users/eve',
    headers: { 'x-user-id': EDITOR },
    payload: { name: 'Eve', permissions: [] },
  })
  t.equal(res.statusCode, 403)
  t.equal(json(res).code, 'PERMISSION_DENIED')
  t.match(json(res).detail, new RegExp(`User "${EDITOR}" lacks the permission "admin"`))
  t.equal((await app.request({ method: 'GET', url: '/v1/users/eve' })).statusCode, 404, 'nothing was saved')
  const gql = gqlClient(app)
  const viaGraphql = await gql('{ user(id: "eve") { id } }', {}, { userId: EDITOR })
  t.same(viaGraphql.data, { user: null })
})

t.test('effective permissions are the key scopes intersected with the user permissions', async (t) => {
  const app = await buildTestApp(t)
  await seedReferenceData(app)
  const frontend = await newKey(app, FRONTEND)

  const adminKeyPlainUser = await app.request({
    method: 'POST',
    url: '/v1/connections',
    headers: { 'x-user-id': CLERK },
    payload: { name: 'By a clerk' },
  })
  t.equal(adminKeyPlainUser.statusCode, 403, 'an admin key with a non-admin user cannot do admin things')

  for (const [name, url, method, payload] of [
    ['create a connection', '/v1/connections', 'POST', { name: 'Front' }],
    ['write a user', '/v1/users/zed', 'PUT', { name: 'Zed', permissions: [] }],
    ['create a webhook endpoint', '/v1/webhook-endpoints', 'POST', { url: 'https://example.com/hook', events: ['invoice.updated'] }],
    ['create an API key', '/v1/api-keys', 'POST', { name: 'more', permissions: [] }],
  ] as const) {
    const res = await app.request({ method, url, as: frontend, headers: { 'x-user-id': ADMIN }, payload })
    t.equal(res.statusCode, 403, `a frontend key with an admin user cannot ${name}`)
    t.match(json(res).detail, /This API key lacks the scope "admin"/, name)
  }
  const gql = gqlClient(app)
  const id = '7d1f2c1e-8d2a-4a57-9d4c-1f2e3d4c5b6a'
  for (const mutation of [
    'createConnection(input: { name: "Front" })',
    `rotateConnectionPassword(input: { id: "${id}" })`,
    'updateTenantSettings(input: { allowExportedEdits: false })',
    `unlockInvoice(input: { id: "${id}" })`,
    `bypassBatchExport(input: { id: "${id}" })`,
  ]) {
    const res = await gql(`mutation { m: ${mutation} { userErrors { code } } }`, {}, { as: frontend, userId: ADMIN })
    t.same(
      res.data?.m,
      { userErrors: [{ code: 'PERMISSION_DENIED' }] },
      `GraphQL ${mutation.split('(')[0]} refuses a frontend key with an admin user`,
    )
  }
  t.same(json(await app.request({ method: 'GET', url: '/v1/connections' })).items, [], 'no connection was made')

  const byClerk = await app.request({
    method: 'POST',
    url: '/v1/invoices',
    as: frontend,
    headers: { 'x-user-id': CLERK },
    payload: invoiceBody('F-1'),
  })
  t.equal(byClerk.statusCode, 201, 'a frontend key with a user without permissions creates invoices, as users always could')
  const edited = await app.request({
    method: 'PATCH',
    url: `/v1/invoices/${json(byClerk).id}`,
    as: frontend,
    headers: { 'x-user-id': CLERK },
    payload: { expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'Edited' },
  })
  t.equal(edited.statusCode, 200, 'and edits them before export')
  const byKey = await app.request({ method: 'POST', url: '/v1/invoices', as: frontend, payload: invoiceBody('F-2') })
  t.equal(byKey.statusCode, 201, 'without X-User-Id the key acts with its own scopes')

  const readOnly = await newKey(app, [])
  t.equal(
    (await app.request({ method: 'GET', url: `/v1/invoices/${json(byKey).id}`, as: readOnly })).statusCode,
    200,
    'a key without scopes reads',
  )
  const refused = await app.request({
    method: 'POST',
    url: '/v1/invoices',
    as: readOnly,
    headers: { 'x-user-id': ADMIN },
    payload: invoiceBody('F-3'),
  })
  t.equal(refused.statusCode, 403, 'but writes nothing, whoever the user')
  t.match(json(refused).detail, /"invoices:write"/)
})

t.test("only the installation's admin principal creates tenants", async (t) => {
  const app = await buildTestApp(t)
  await seedReferenceData(app)
  const tenant = (as?: string, userId?: string) =>
    app.request({ method: 'POST', url: '/v1/tenants', as, headers: userId ? { 'x-user-id': userId } : {}, payload: { name: 'Other Co' } })

  const byClerk = await tenant(undefined, CLERK)
  t.equal(byClerk.statusCode, 403, 'the admin key with a non-admin user is refused')
  t.equal(json(byClerk).code, 'PERMISSION_DENIED')
  const frontend = await newKey(app, FRONTEND)
  t.equal((await tenant(frontend)).statusCode, 403, 'a non-admin key of the first tenant is refused')
  t.equal((await tenant(frontend, ADMIN)).statusCode, 403, 'even with an admin user')

  const byAdmin = await tenant(undefined, ADMIN)
  t.equal(byAdmin.statusCode, 201, 'the admin key with an admin user creates one')
  const other = json(byAdmin).apiKey as string
  const byOther = await tenant(other)
  t.equal(byOther.statusCode, 403, "another tenant's admin key is refused")
  const keys = json(await app.request({ method: 'GET', url: '/v1/api-keys', as: other }))
  t.match(keys.items, [{ permissions: ['admin', 'editExportedTransactions'] }], "the new tenant's key is an admin key")
})

t.test('an X-User-Id that names no one (empty, too long) is refused, not read as "the key acts for itself"', async (t) => {
  const app = await buildTestApp(t)
  await seedReferenceData(app)
  const asHeader = (userId: string) =>
    app.request({
      method: 'PUT',
      url: '/v1/users/mallory',
      headers: { 'x-user-id': userId },
      payload: { name: 'Mallory', permissions: ['admin', 'editExportedTransactions'] },
    })
  const empty = await asHeader('')
  t.equal(empty.statusCode, 400, "an empty X-User-Id (a user the caller failed to name) does not get the key's own admin scope")
  t.match(json(empty), { code: 'VALIDATION_FAILED', errors: [{ field: 'X-User-Id' }] })
  const long = await asHeader('u'.repeat(5000))
  t.equal(long.statusCode, 400, 'nor one longer than any user id')
  t.notOk(long.body.includes('u'.repeat(200)), 'and the answer does not echo it')
  t.equal((await app.request({ method: 'GET', url: '/v1/users/mallory' })).statusCode, 404, 'nothing was written')
  const gql = await app.request({
    method: 'POST',
    url: '/graphql',
    headers: { 'x-user-id': '' },
    payload: {
      query:
        'mutation { updateTenantSettings(input: { allowExportedEdits: true }) { settings { allowExportedEdits } userErrors { code } } }',
    },
  })
  t.equal(gql.statusCode, 400, 'GraphQL refuses it too')
  t.equal(json(gql).errors[0].extensions.code, 'VALIDATION_FAILED')
  t.equal((await asHeader(ADMIN)).statusCode, 201, 'a real user id still works')
})
