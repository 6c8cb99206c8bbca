// The preview of an invoice's next request, through both doors: the exact qbXML the next round
// sends (checked against the round that then runs), what it changes in words, or why nothing goes.
import t from 'tap'
import { EDITOR, UPDATE_INVOICE, webConnectorScenario } from '../helpers/invoices.js'
import { checkedRequest } from '../helpers/openapi.js'
import { runSession } from '../helpers/web-connector.js'
import { buildWebhookApp } from '../webhooks/helpers.js'

const withoutIds = (xml: string) => xml.replace(/requestID="[^"]*"/g, 'requestID=""').replace(/<ExternalGUID>[^<]*<\/ExternalGUID>/, '')

t.test('a preview shows the exact qbXML the next round sends, and the change in words', async (t) => {
  const app = await buildWebhookApp(t)
  const { s, qb, credentials, exportInvoice, connectionId } = await webConnectorScenario(app)
  const api = checkedRequest(t, app)
  const preview = async (id: string) => {
    const res = await api({ method: 'GET', url: `/v1/invoices/${id}/preview` })
    t.equal(res.statusCode, 200)
    return JSON.parse(res.body)
  }
  const draft = await s.createInvoice()
  t.match(await preview(draft.id), { sends: false, reason: { code: 'NOT_EXPORTED' } })

  const invoice = await exportInvoice()
  const add = await preview(invoice.id)
  t.match(add, { sends: true, request: 'INVOICE_ADD', qbTxnType: 'INVOICE', connectionId, reason: null })
  t.match(add.qbxml, /<CustomerAddRq [\s\S]*<InvoiceAddRq /)
  t.match(add.changes, [
    'the customer is created in QuickBooks first',
    /an invoice INV-\d+ for "Acme Plumbing", dated 2026-11-02, is added/,
  ])
  await runSession(app.app, qb, credentials)
  t.equal(withoutIds(qb.messages[0]!), withoutIds(add.qbxml), 'the round sent exactly what the preview showed')
  t.match(await preview(invoice.id), { sends: false, reason: { code: 'NOTHING_PENDING' } })

  const current = await s.invoice(invoice.id)
  const [labor, pipe] = current.lines
  const edited = await s.gql(
    UPDATE_INVOICE,
    {
      input: {
        id: invoice.id,
        expectedVersion: current.version,
        decision: 'SAVE_AND_SYNC',
        summary: 'Second visit',
        lines: {
          update: [{ id: labor.id, quantity: '3' }],
          remove: [pipe.id],
          add: [{ itemId: 'labor', description: 'Travel', quantity: '1', unitPrice: '40.00', taxable: false }],
        },
      },
    },
    { userId: EDITOR },
  )
  t.same(edited.data!.updateInvoice.userErrors, [])
  const mod = await preview(invoice.id)
  t.match(mod, { sends: true, request: 'INVOICE_MOD' })
  t.same(mod.changes, [
    'memo becomes "Second visit"',
    'line "Two hours": quantity "2" -> "3"',
    'line "Travel" is added',
    'line "Copper pipe" is deleted',
  ])
  const gql = await s.gql('query($id: ID!) { invoice(id: $id) { preview { sends request qbxml changes } } }', { id: invoice.id })
  t.equal(gql.data!.invoice.preview.qbxml, mod.qbxml, 'GraphQL shows the same')
  qb.messages.length = 0
  await runSession(app.app, qb, credentials)
  t.equal(withoutIds(qb.messages[0]!), withoutIds(mod.qbxml), 'the round sent exactly what the preview showed')
  t.equal((await s.invoice(invoice.id)).syncStatus, 'SYNCED')
  const missing = await api({ method: 'GET', url: '/v1/invoices/00000000-0000-0000-0000-000000000000/preview' })
  t.equal(missing.statusCode, 404)
})
