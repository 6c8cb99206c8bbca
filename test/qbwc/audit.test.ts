// The audit trail of an invoice, through both doors: each move of its sync status with who made it
// (Re-Sync and Bypass by a person, confirmations by a Web Connector session) and each request sent
// to QuickBooks with the exact qbXML sent and received, paged oldest first.
import t from 'tap'
import { EDITOR, UPDATE_INVOICE, webConnectorScenario } from '../helpers/invoices.js'
import { checkedRequest } from '../helpers/openapi.js'
import { runSession } from '../helpers/web-connector.js'
import { buildWebhookApp } from '../webhooks/helpers.js'

t.test("an invoice's history and requests: who, why, which session, and the qbXML", async (t) => {
  const app = await buildWebhookApp(t)
  const { s, qb, credentials, exportInvoice, connectionId } = await webConnectorScenario(app)
  const api = checkedRequest(t, app)
  const get = async (url: string) => {
    const res = await api({ method: 'GET', url, headers: { 'x-user-id': EDITOR } })
    t.equal(res.statusCode, 200, url)
    return JSON.parse(res.body) as { items: Record<string, any>[]; nextCursor: string | null }
  }
  const invoice = await exportInvoice()
  await runSession(app.app, qb, credentials)
  const edit = async (summary: string, decision: string) => {
    const now = await s.invoice(invoice.id)
    const r = await s.gql(
      UPDATE_INVOICE,
      { input: { id: invoice.id, expectedVersion: now.version, decision, summary } },
      { userId: EDITOR },
    )
    t.same(r.data!.updateInvoice.userErrors, [])
  }
  await edit('Edited, kept here', 'SAVE_AND_BYPASS')
  const resync = await s.gql(
    'mutation($id: ID!) { resyncInvoice(input: { id: $id }) { userErrors { code } } }',
    { id: invoice.id },
    { userId: EDITOR },
  )
  t.same(resync.data!.resyncInvoice.userErrors, [])
  await runSession(app.app, qb, credentials)

  const history = await get(`/v1/invoices/${invoice.id}/history`)
  t.same(
    history.items.map((h) => `${h.from} -> ${h.to}`),
    ['NOT_APPLICABLE -> NOT_APPLICABLE', 'NOT_APPLICABLE -> BYPASSED', 'BYPASSED -> PENDING', 'PENDING -> SYNCED'],
    'every move, oldest first: the add confirmed, the Bypass, the Re-Sync, the change confirmed',
  )
  t.match(history.items[0], { reason: 'QuickBooks confirmed the invoice', sessionId: /\S/ })
  const bypass = history.items.find((h) => h.to === 'BYPASSED')!
  t.match(
    bypass,
    { actorUserId: EDITOR, actorApiKeyId: /\S/, sessionId: null, connectionId, reason: /Bypass/ },
    'the Bypass, with who made it',
  )
  const requested = history.items.find((h) => /Re-Sync/.test(h.reason))!
  t.match(requested, { to: 'PENDING', actorUserId: EDITOR }, 'the Re-Sync, with who asked')
  const synced = history.items.at(-1)!
  t.match(synced, { to: 'SYNCED', actorUserId: null, sessionId: /\S/ }, "QuickBooks' confirmation, with its session")

  const attempts = await get(`/v1/invoices/${invoice.id}/sync-attempts`)
  t.same(
    attempts.items.map((a) => a.kind),
    ['CUSTOMER_ADD', 'INVOICE_ADD', 'INVOICE_MOD'],
    'the customer created for it, the add, the change',
  )
  const mod = attempts.items[2]!
  t.match(mod, {
    outcome: 'SUCCEEDED',
    statusCode: 0,
    requestXml: /^<InvoiceModRq [\s\S]*<Memo>Edited, kept here<\/Memo>/,
    responseXml: /^<InvoiceModRs /,
  })
  t.equal(mod.requestXml, qb.messages.at(-1)!.match(/<InvoiceModRq [\s\S]*<\/InvoiceModRq>/)![0], 'exactly what QuickBooks got')

  // Pages follow each other, oldest first; both doors show the same.
  const first = await get(`/v1/invoices/${invoice.id}/sync-attempts?first=2`)
  t.equal(first.items.length, 2)
  const rest = await get(`/v1/invoices/${invoice.id}/sync-attempts?first=2&after=${first.nextCursor}`)
  t.same(
    [...first.items, ...rest.items].map((a) => a.id),
    attempts.items.map((a) => a.id),
  )
  t.equal(rest.nextCursor, null)
  const h1 = await get(`/v1/invoices/${invoice.id}/history?first=1`)
  const h2 = await get(`/v1/invoices/${invoice.id}/history?first=100&after=${h1.nextCursor}`)
  t.same([...h1.items, ...h2.items], history.items)
  const gql = await s.gql(
    'query($id: ID!) { invoice(id: $id) { history(first: 100) { items { to reason actorUserId sessionId } nextCursor } syncAttempts(first: 1) { items { kind requestXml } nextCursor } } }',
    { id: invoice.id },
  )
  t.equal(gql.data!.invoice.history.items.length, history.items.length)
  t.match(gql.data!.invoice.syncAttempts, { items: [{ kind: 'CUSTOMER_ADD', requestXml: /<CustomerAddRq / }], nextCursor: /\S/ })

  const other = await get(`/v1/invoices/${invoice.id}/history?connectionId=00000000-0000-0000-0000-000000000000`)
  t.same(other.items, [], 'on another connection: nothing')
  const bad = await api({ method: 'GET', url: `/v1/invoices/${invoice.id}/sync-attempts?after=nonsense` })
  t.equal(bad.statusCode, 400)
  const missing = await api({ method: 'GET', url: '/v1/invoices/00000000-0000-0000-0000-000000000000/history' })
  t.equal(missing.statusCode, 404)
})
