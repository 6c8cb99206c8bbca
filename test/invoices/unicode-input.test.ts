// Found by test/reliability/hostile.reliability.ts: text holding an unpaired UTF-16 surrogate
// ("\ud800", legal in JSON) reached PostgreSQL and came back as a 500. Now it is refused as invalid
// input, field by field, and nothing is saved.
import t from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { EDITOR, scenario } from '../helpers/invoices.js'

const UPDATE = `mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { invoice { id version } userErrors { field code message } } }`

t.test('an unpaired surrogate in invoice text is refused, not a server error', async (t) => {
  const app = await buildTestApp(t)
  const s = await scenario(app)
  const invoice = await s.exportAndConfirm((await s.createInvoice()).id)
  for (const [field, input] of [
    ['summary', { summary: 'oops \ud800' }],
    ['number', { number: '\udc00A1' }],
    ['lines.update.0.description', { lines: { update: [{ id: invoice.lines[0].id, description: 'x\ud83d' }] } }],
    ['summary (NUL)', { summary: 'before\u0000after' }],
  ] as const) {
    const r = await s.gql(
      UPDATE,
      { input: { id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', ...input } },
      { userId: EDITOR },
    )
    t.equal(r.status, 200, `${field}: not a server error`)
    t.match(r.data?.updateInvoice.userErrors, [{ code: 'INVALID', message: /not valid text/ }], `${field}: refused as invalid`)
  }
  t.equal((await s.invoice(invoice.id)).version, 1, 'nothing was saved')
  const fine = await s.gql(
    UPDATE,
    { input: { id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'emoji 😀 is a surrogate pair, and fine' } },
    { userId: EDITOR },
  )
  t.same(fine.data!.updateInvoice.userErrors, [], 'a proper pair (emoji) is accepted')
})

t.test(
  'an unpaired surrogate or a NUL anywhere else (reference data, connections, tenants) is refused too, not stored altered or a 500',
  async (t) => {
    const app = await buildTestApp(t)
    for (const [method, url, payload] of [
      ['PUT', '/v1/customers/c-bad', { name: 'Acme \ud800 Plumbing' }],
      ['PUT', '/v1/items/i-bad', { name: 'Pipe\udc00', type: 'SERVICE' }],
      ['POST', '/v1/connections', { name: 'Office \ud83d' }],
      ['POST', '/v1/tenants', { name: '\udfff Tenant' }],
      ['POST', '/v1/tenants', { name: 'Nul\u0000 Tenant' }],
      ['PUT', '/v1/customers/c-bad', { name: 'Acme\u0000' }],
    ] as const) {
      const res = await app.request({ method, url, payload })
      t.equal(res.statusCode, 400, `${method} ${url}: refused`)
      t.match(
        res.json(),
        { code: 'VALIDATION_FAILED', errors: [{ field: 'name', code: 'INVALID', message: /not valid text/ }] },
        `${method} ${url}: names the field`,
      )
    }
    t.equal((await app.request({ method: 'GET', url: '/v1/customers/c-bad' })).statusCode, 404, 'nothing was stored')
    t.same(
      (await app.request({ method: 'GET', url: '/v1/connections' })).json(),
      { items: [], nextCursor: null },
      'no connection was created',
    )
  },
)

t.test('an id holding a NUL or an unpaired surrogate is simply unknown, not a server error', async (t) => {
  const app = await buildTestApp(t)
  for (const url of [
    '/v1/customers/a%00b',
    '/v1/customers/%ED%A0%80',
    '/v1/invoices/a%00b',
    '/v1/connections/a%00b',
    '/v1/batches/a%00b',
    '/v1/webhook-endpoints/a%00b',
  ]) {
    const res = await app.request({ method: 'GET', url })
    t.ok(res.statusCode === 404 || res.statusCode === 400, `GET ${url}: ${res.statusCode}`)
  }
  const r = await app.request({
    method: 'POST',
    url: '/graphql',
    payload: { query: 'query($id: ID!) { invoice(id: $id) { id } batch(id: $id) { id } }', variables: { id: 'a\u0000b' } },
  })
  t.equal(r.statusCode, 200, 'GraphQL answers')
  t.notMatch(r.body, /INTERNAL/, 'no internal error')
})
