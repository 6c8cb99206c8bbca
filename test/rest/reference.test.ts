import t from 'tap'
import { buildTestApp, json } from '../helpers/app.js'

t.test('reference data is upserted by the source app id', async (t) => {
  const { request } = await buildTestApp(t)

  const created = await request({
    method: 'PUT',
    url: '/v1/customers/cust-1',
    payload: { name: 'Acme', email: 'ap@acme.test', billAddress: { addr1: '1 Main St', city: 'Austin' } },
  })
  t.equal(created.statusCode, 201)
  t.match(json(created), { id: 'cust-1', name: 'Acme', email: 'ap@acme.test', billAddress: { addr1: '1 Main St', city: 'Austin' } })

  const replaced = await request({ method: 'PUT', url: '/v1/customers/cust-1', payload: { name: 'Acme Inc' } })
  t.equal(replaced.statusCode, 200, 'the second PUT replaces')
  t.match(json(replaced), { id: 'cust-1', name: 'Acme Inc', email: null, billAddress: null })
  t.equal(json(replaced).createdAt, json(created).createdAt)

  const rate = await request({ method: 'PUT', url: '/v1/tax-zones/tz', payload: { name: 'Austin', rate: '8.25000' } })
  t.equal(json(rate).rate, '8.25000', 'decimals come back as exact strings')

  const user = await request({
    method: 'PUT',
    url: '/v1/users/u1',
    payload: { name: 'Dana', permissions: ['editExportedTransactions', 'admin', 'admin'] },
  })
  t.same(json(user).permissions, ['admin', 'editExportedTransactions'])
})

t.test('invalid reference data is refused with every bad field named, and nothing is saved', async (t) => {
  const { request } = await buildTestApp(t)
  const cases: [string, unknown, { field: string; code: string }[]][] = [
    ['/v1/customers/c', { name: 'x'.repeat(42) }, [{ field: 'name', code: 'INVALID' }]],
    ['/v1/customers/c', { name: 'Parent:Child' }, [{ field: 'name', code: 'INVALID' }]],
    [
      '/v1/customers/c',
      { name: 'Acme', email: 'not-an-email', colour: 'red' },
      [
        { field: 'email', code: 'INVALID' },
        { field: 'colour', code: 'UNKNOWN_FIELD' },
      ],
    ],
    ['/v1/customers/c', { name: 'Acme', billAddress: { city: 'x'.repeat(32) } }, [{ field: 'billAddress.city', code: 'INVALID' }]],
    ['/v1/customers/c', {}, [{ field: 'name', code: 'REQUIRED' }]],
    ['/v1/items/c', { name: 'x'.repeat(32), type: 'SERVICE' }, [{ field: 'name', code: 'INVALID' }]],
    ['/v1/items/c', { name: 'Labor', type: 'LABOR' }, [{ field: 'type', code: 'INVALID' }]],
    ['/v1/tax-zones/c', { name: 'Austin', rate: 8.25 }, [{ field: 'rate', code: 'INVALID' }]],
    ['/v1/tax-zones/c', { name: 'Austin', rate: '1e2' }, [{ field: 'rate', code: 'INVALID' }]],
    ['/v1/tax-zones/c', { name: 'Austin', rate: '100.5' }, [{ field: 'rate', code: 'INVALID' }]],
    ['/v1/users/c', { name: 'Dana', permissions: ['root'] }, [{ field: 'permissions.0', code: 'INVALID' }]],
    ['/v1/accounting-periods/c', { startDate: '2026-02-30', endDate: '2026-03-01' }, [{ field: 'startDate', code: 'INVALID' }]],
    ['/v1/accounting-periods/c', { startDate: '2026-03-01', endDate: '2026-02-01' }, [{ field: 'endDate', code: 'INVALID' }]],
  ]
  for (const [url, payload, errors] of cases) {
    const res = await request({ method: 'PUT', url, payload: payload as object })
    t.equal(res.statusCode, 400, `${url} ${JSON.stringify(payload).slice(0, 60)}`)
    const body = json(res)
    t.equal(body.code, 'VALIDATION_FAILED')
    t.same(
      body.errors.map((e: { field: string; code: string }) => ({ field: e.field, code: e.code })),
      errors,
    )
    t.equal((await request({ method: 'GET', url })).statusCode, 404, 'nothing saved')
  }

  const longId = await request({ method: 'PUT', url: `/v1/customers/${'x'.repeat(101)}`, payload: { name: 'Acme' } })
  t.equal(longId.statusCode, 400)
  t.equal(json(longId).errors[0].field, 'id')
})

t.test('reference data is listed in pages by id, and deleted unless an invoice uses it', async (t) => {
  const app = await buildTestApp(t)
  for (const id of ['c3', 'c1', 'c2']) await app.request({ method: 'PUT', url: `/v1/customers/${id}`, payload: { name: `Customer ${id}` } })
  await app.request({ method: 'PUT', url: '/v1/items/labor', payload: { name: 'Labor', type: 'SERVICE' } })
  const first = json(await app.request({ method: 'GET', url: '/v1/customers?first=2' }))
  t.same(
    first.items.map((c: { id: string }) => c.id),
    ['c1', 'c2'],
  )
  const rest = json(await app.request({ method: 'GET', url: `/v1/customers?first=2&after=${first.nextCursor}` }))
  t.same(
    rest.items.map((c: { id: string }) => c.id),
    ['c3'],
  )
  t.equal(rest.nextCursor, null)
  t.equal((await app.request({ method: 'GET', url: '/v1/customers?color=red' })).statusCode, 400)

  const invoice = await app.request({
    method: 'POST',
    url: '/v1/invoices',
    payload: { number: 'R-1', date: '2026-11-02', customerId: 'c1', lines: [{ itemId: 'labor', quantity: '1', unitPrice: '10.00' }] },
  })
  t.equal(invoice.statusCode, 201)
  const inUse = await app.request({ method: 'DELETE', url: '/v1/customers/c1' })
  t.equal(inUse.statusCode, 409)
  t.equal(json(inUse).code, 'REFERENCE_IN_USE')
  t.equal((await app.request({ method: 'GET', url: '/v1/customers/c1' })).statusCode, 200, 'kept')
  t.equal((await app.request({ method: 'DELETE', url: '/v1/customers/c3' })).statusCode, 204)
  t.equal((await app.request({ method: 'GET', url: '/v1/customers/c3' })).statusCode, 404, 'gone')
  t.equal((await app.request({ method: 'DELETE', url: '/v1/customers/c3' })).statusCode, 404, 'once')
  t.equal((await app.request({ method: 'DELETE', url: '/v1/items/labor' })).statusCode, 409, 'an item an invoice line names is kept')
})
