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
  ] as const) {
    const r = await s.gql(UPDATE, { input: { id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', ...input } }, { userId: EDITOR })
    t.equal(r.status, 200, `${field}: not a server error`)
    t.match(r.data?.updateInvoice.userErrors, [{ code: 'INVALID', message: /not valid Unicode text/ }], `${field}: refused as invalid`)
  }
  t.equal((await s.invoice(invoice.id)).version, 1, 'nothing was saved')
  const fine = await s.gql(UPDATE, { input: { id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'emoji 😀 is a surrogate pair, and fine' } }, { userId: EDITOR })
  t.same(fine.data!.updateInvoice.userErrors, [], 'a proper pair (emoji) is accepted')
})

t.test('an unpaired surrogate anywhere else (reference data, connections, tenants) is refused too, not stored altered', async (t) => {
  const app = await buildTestApp(t)
  for (const [method, url, payload] of [
    ['PUT', '/v1/customers/c-bad', { name: 'Acme \ud800 Plumbing' }],
    ['PUT', '/v1/items/i-bad', { name: 'Pipe\udc00', type: 'SERVICE' }],
    ['POST', '/v1/connections', { name: 'Office \ud83d' }],
    ['POST', '/v1/tenants', { name: '\udfff Tenant' }],
  ] as const) {
    const res = await app.request({ method, url, payload })
    t.equal(res.statusCode, 400, `${method} ${url}: refused`)
    t.match(res.json(), { code: 'VALIDATION_FAILED', errors: [{ field: 'name', code: 'INVALID', message: /not valid Unicode text/ }] }, `${method} ${url}: names the field`)
  }
  t.equal((await app.request({ method: 'GET', url: '/v1/customers/c-bad' })).statusCode, 404, 'nothing was stored')
  t.same((await app.request({ method: 'GET', url: '/v1/connections' })).json(), [], 'no connection was created')
})
