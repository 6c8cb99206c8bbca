import t from 'tap'
import { buildTestApp, json, randomApiKey } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'

t.test('a request without a valid key gets 401 problem+json and changes nothing', async (t) => {
  const { request } = await buildTestApp(t)
  const cases: [string, Record<string, string>, string][] = [
    ['no Authorization header', {}, 'UNAUTHENTICATED'],
    ['a scheme other than Bearer', { authorization: 'Basic dXNlcjpwYXNz' }, 'UNAUTHENTICATED'],
    ['an empty bearer', { authorization: 'Bearer ' }, 'UNAUTHENTICATED'],
    ['a key that does not exist', { authorization: `Bearer ${randomApiKey()}` }, 'INVALID_API_KEY'],
  ]
  for (const [name, headers, code] of cases) {
    const res = await request({ method: 'PUT', url: '/v1/customers/c1', as: null, headers, payload: { name: 'Acme' } })
    t.equal(res.statusCode, 401, name)
    t.match(res.headers['content-type'], /^application\/problem\+json/, name)
    t.equal(res.headers['www-authenticate'], 'Bearer realm="invoice-sync"', name)
    t.equal(json(res).code, code, name)
    t.equal(json(res).requestId, res.headers['x-request-id'], name)
  }
  const read = await request({ method: 'GET', url: '/v1/customers/c1' })
  t.equal(read.statusCode, 404, 'none of the refused writes was saved')
})

t.test('ADMIN_API_KEY makes the first tenant; changing it revokes the old value', async (t) => {
  const testDatabase = await createTestDatabase(t)
  const database = await testDatabase.open()
  const first = await buildTestApp(t, { testDatabase, database })
  t.equal((await first.request({ method: 'PUT', url: '/v1/items/i1', payload: { name: 'Labor', type: 'SERVICE' } })).statusCode, 201)
  t.same(first.announced, [], 'nothing generated when the key is configured')
  await first.app.close()

  const second = await buildTestApp(t, { testDatabase, database })
  const viaNewKey = await second.request({ method: 'GET', url: '/v1/items/i1' })
  t.equal(viaNewKey.statusCode, 200, 'the new key reaches the same tenant and its data')
  t.equal(json(viaNewKey).name, 'Labor')
  const viaOldKey = await second.request({ method: 'GET', url: '/v1/items/i1', as: first.adminKey })
  t.equal(viaOldKey.statusCode, 401)
  t.equal(json(viaOldKey).code, 'INVALID_API_KEY')
})

t.test('without ADMIN_API_KEY, the first start generates a key and shows it once', async (t) => {
  const testDatabase = await createTestDatabase(t)
  const database = await testDatabase.open()
  const first = await buildTestApp(t, { testDatabase, database, adminKey: null })
  t.equal(first.announced.length, 1)
  const key = /(isk_[A-Za-z0-9_-]{43})/.exec(first.announced[0]!)?.[1]
  t.ok(key, 'the banner holds an isk_ key')
  t.equal((await first.request({ method: 'PUT', url: '/v1/customers/c1', as: key!, payload: { name: 'Acme' } })).statusCode, 201)
  t.notOk(JSON.stringify(first.logs).includes(key!), 'the key is not in the log')
  const stored = await database.db.execute(`select key_hash from api_keys`)
  t.notOk(JSON.stringify(stored).includes(key!), 'only a hash is stored')
  await first.app.close()

  const second = await buildTestApp(t, { testDatabase, database, adminKey: null })
  t.same(second.announced, [], 'a restart generates nothing')
  t.equal((await second.request({ method: 'GET', url: '/v1/customers/c1', as: key! })).statusCode, 200, 'the key still works')
})

t.test('the first tenant creates tenants; other tenants may not', async (t) => {
  const { request } = await buildTestApp(t)
  const created = await request({ method: 'POST', url: '/v1/tenants', payload: { name: 'Second Co' } })
  t.equal(created.statusCode, 201)
  const tenant = json(created)
  t.match(tenant, { id: /^[0-9a-f-]{36}$/, name: 'Second Co', apiKey: /^isk_/ })

  const bySecond = await request({ method: 'POST', url: '/v1/tenants', as: tenant.apiKey, payload: { name: 'Third Co' } })
  t.equal(bySecond.statusCode, 403)
  t.equal(json(bySecond).code, 'PERMISSION_DENIED')

  const invalid = await request({ method: 'POST', url: '/v1/tenants', payload: { name: '  ' } })
  t.equal(invalid.statusCode, 400)
  t.same(json(invalid).errors, [{ field: 'name', code: 'INVALID', message: 'name is required' }])
})
