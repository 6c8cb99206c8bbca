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
