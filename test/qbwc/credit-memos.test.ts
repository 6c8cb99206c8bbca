// Credit memos, end to end through /qbwc, GraphQL and REST: an invoice whose total is negative is
// exported as a CreditMemoAdd (each line's quantity turned) and edited with CreditMemoMod, with
// the invoice's lifecycle and exactly-once rules: a lost answer is looked up (CreditMemoQuery by
// number, matching the ExternalGUID) and never added twice; a change made in QuickBooks is shown
// and can be accepted; an edit that would turn it into an invoice is refused, nothing saved.
import t, { type Test } from 'tap'
import type { FakeQuickBooks } from '../helpers/fake-quickbooks.js'
import { EDITOR, UPDATE_INVOICE, webConnectorScenario } from '../helpers/invoices.js'
import { checkedRequest } from '../helpers/openapi.js'
import { runSession } from '../helpers/web-connector.js'
import { buildWebhookApp } from '../webhooks/helpers.js'

const REFUND = {
  summary: 'Refund: callout charged twice',
  lines: [
    { itemId: 'labor', description: 'Callout refunded', quantity: '-1', unitPrice: '85.00', taxable: false },
    { itemId: 'pipe', description: 'Pipe kept by the customer', quantity: '1', unitPrice: '12.50', taxable: false },
  ],
}

async function setup(t: Test, env: Record<string, string> = {}) {
  const app = await buildWebhookApp(t, env)
  const ctx = await webConnectorScenario(app)
  const api = checkedRequest(t, app)
  const rest = async (id: string) => JSON.parse((await api({ method: 'GET', url: `/v1/invoices/${id}` })).body) as Record<string, any>
  const run = (options: { loseResponseOfRound?: number } = {}) => runSession(app.app, ctx.qb, ctx.credentials, options)
  return { app, ...ctx, api, rest, run }
}

const sent = (qb: FakeQuickBooks, type: string) => qb.messages.filter((m) => m.includes(`<${type} `))
const creditMemos = (qb: FakeQuickBooks) => [...qb.invoices.values()].filter((i) => i.txnType === 'CreditMemo')

t.test('a negative invoice is exported as a credit memo and edited with CreditMemoMod', async (t) => {
  const { qb, s, run, rest, exportInvoice } = await setup(t)
  const refund = await exportInvoice(REFUND)
  t.equal(refund.total, '-72.50')
  const positive = await exportInvoice()
  await run()
  const add = sent(qb, 'CreditMemoAddRq')[0] ?? ''
  t.match(add, /<CreditMemoAdd><CustomerRef>[\s\S]*<ExternalGUID>\{[\s\S]*<CreditMemoLineAdd>/, 'a CreditMemoAdd with its ExternalGUID')
  t.match(
    add,
    /<Desc>Callout refunded<\/Desc><Quantity>1<\/Quantity><Rate>85<\/Rate>[\s\S]*<Amount>85.00<\/Amount>/,
    'a returned callout is a credit of 85.00',
  )
  t.match(add, /<Desc>Pipe kept by the customer<\/Desc><Quantity>-1<\/Quantity><Rate>12.5<\/Rate>[\s\S]*<Amount>-12.50<\/Amount>/)
  t.equal(sent(qb, 'InvoiceAddRq').length, 1, 'the positive invoice is an invoice')
  t.equal(creditMemos(qb).length, 1)
  t.equal(qb.totalOf(creditMemos(qb)[0]!), '72.50', "QuickBooks' credit memo totals 72.50")
  const view = await rest(refund.id)
  t.match(view, { status: 'EXPORTED', total: '-72.50', sync: [{ exportStatus: 'EXPORTED', qbTxnType: 'CREDIT_MEMO', qbTxnId: /\S/ }] })
  t.match((await rest(positive.id)).sync, [{ qbTxnType: 'INVOICE' }])
  const gql = await s.invoice(refund.id)
  t.equal(gql.sync[0].qbTxnType, 'CREDIT_MEMO', 'GraphQL says the same')

  // Save & Sync: one CreditMemoMod, by TxnLineID.
  const lines = gql.lines as { id: string }[]
  const edited = await s.gql(
    UPDATE_INVOICE,
    {
      input: {
        id: refund.id,
        expectedVersion: gql.version,
        decision: 'SAVE_AND_SYNC',
        lines: { update: [{ id: lines[0]!.id, quantity: '-2' }] },
      },
    },
    { userId: EDITOR },
  )
  t.same(edited.data!.updateInvoice.userErrors, [])
  qb.messages.length = 0
  await run()
  t.equal(sent(qb, 'CreditMemoModRq').length, 1, 'one CreditMemoMod')
  t.equal(sent(qb, 'InvoiceModRq').length, 0)
  t.match(sent(qb, 'CreditMemoModRq')[0], /<CreditMemoLineMod><TxnLineID>[^<]+<\/TxnLineID>[\s\S]*<Quantity>2<\/Quantity>/)
  t.equal((await s.invoice(refund.id)).syncStatus, 'SYNCED')
  t.equal(qb.totalOf(creditMemos(qb)[0]!), '157.50')

  // Turning it into an invoice is refused whatever the decision, nothing saved.
  for (const decision of ['SAVE_AND_SYNC', 'SAVE_AND_BYPASS']) {
    const now = await s.invoice(refund.id)
    const flip = await s.gql(
      UPDATE_INVOICE,
      { input: { id: refund.id, expectedVersion: now.version, decision, lines: { update: [{ id: lines[0]!.id, quantity: '1' }] } } },
      { userId: EDITOR },
    )
    t.match(flip.data!.updateInvoice.userErrors, [{ code: 'TRANSACTION_TYPE_CHANGE', message: /credit memo in QuickBooks/ }], decision)
    t.equal((await s.invoice(refund.id)).version, now.version, 'nothing saved')
  }
  t.same(qb.schemaFailures, [], 'every request is valid against the qbXML schema')
})

t.test('a credit memo whose answer was lost is looked up, never added twice', async (t) => {
  const { qb, run, exportInvoice, rest } = await setup(t)
  const refund = await exportInvoice(REFUND)
  // QuickBooks saves the credit memo, but its answer never reaches the service.
  await run({ loseResponseOfRound: 0 })
  t.equal(creditMemos(qb).length, 1, 'QuickBooks has it')
  t.match((await rest(refund.id)).sync, [{ exportStatus: 'QUEUED', qbTxnType: 'CREDIT_MEMO' }], 'not known here yet')
  qb.messages.length = 0
  await run()
  t.match(sent(qb, 'CreditMemoQueryRq')[0], /<RefNumber>/, 'asked for by its number')
  t.equal(sent(qb, 'CreditMemoAddRq').length, 0, 'not sent again')
  t.equal(sent(qb, 'InvoiceQueryRq').length, 0, 'nor looked for among invoices')
  t.equal(creditMemos(qb).length, 1, 'QuickBooks holds it once')
  t.match(await rest(refund.id), { status: 'EXPORTED', sync: [{ exportStatus: 'EXPORTED', qbTxnId: creditMemos(qb)[0]!.txnId }] })
  t.same(qb.schemaFailures, [])
})

t.test('a credit memo changed in QuickBooks is shown with its differences, and can be accepted', async (t) => {
  const { qb, s, run, exportInvoice, rest, api } = await setup(t)
  const refund = await exportInvoice(REFUND)
  await run()
  const memo = creditMemos(qb)[0]!
  // Someone credits a second callout in QuickBooks.
  qb.editInQuickBooks(memo.txnId, (m) => {
    m.lines[0]!.quantity = '2'
    m.lines[0]!.amount = '170.00'
  })
  const now = await s.invoice(refund.id)
  const edited = await s.gql(
    UPDATE_INVOICE,
    { input: { id: refund.id, expectedVersion: now.version, decision: 'SAVE_AND_SYNC', summary: 'Refund agreed' } },
    { userId: EDITOR },
  )
  t.same(edited.data!.updateInvoice.userErrors, [])
  qb.messages.length = 0
  await run()
  t.equal(sent(qb, 'CreditMemoQueryRq').length, 1, 'the stale change (3200) is followed by a lookup of the credit memo')
  const state = (await rest(refund.id)).sync[0]
  t.match(state, { status: 'ACTION_REQUIRED', lastError: { code: 'CHANGED_IN_QUICKBOOKS' } })
  t.match(state.lastError.differences.join(' '), /quantity/)

  const accepted = await s.gql(
    'mutation($id: ID!) { acceptQuickBooksVersion(input: { id: $id }) { invoice { syncStatus total lines { description quantity unitPrice } } userErrors { code message } } }',
    { id: refund.id },
    { userId: EDITOR },
  )
  t.same(accepted.data!.acceptQuickBooksVersion.userErrors, [])
  t.match(accepted.data!.acceptQuickBooksVersion.invoice, { syncStatus: 'SYNCED', total: '-157.50' })
  t.same(
    accepted.data!.acceptQuickBooksVersion.invoice.lines.map((l: { quantity: string }) => l.quantity),
    ['-2', '1'],
    "QuickBooks' credit of two callouts, in this service's terms",
  )
  qb.messages.length = 0
  await run()
  t.equal(sent(qb, 'CreditMemoModRq').length, 0, 'nothing to send: QuickBooks holds what was accepted')

  // No payment is applied to a credit.
  const payment = await api({ method: 'POST', url: `/v1/invoices/${refund.id}/payments`, payload: { amount: '10.00', date: '2026-12-05' } })
  t.equal(payment.statusCode, 409)
  t.equal(JSON.parse(payment.body).code, 'PAYMENT_NOT_POSSIBLE')
  t.same(qb.schemaFailures, [])
})

t.test('credit memos are read back too: a change or a deletion in QuickBooks is shown at once', async (t) => {
  const { qb, run, exportInvoice, rest } = await setup(t, { QB_READ_BACK: 'true', QB_READ_INTERVAL_SECONDS: '0' })
  const refund = await exportInvoice(REFUND)
  const other = await exportInvoice({ ...REFUND, summary: 'Second refund' })
  await run()
  t.equal(qb.messages.filter((m) => /<CreditMemoQueryRq[^>]*iterator="Start"/.test(m)).length, 1, 'a credit memo pass after the writes')
  t.equal(qb.messages.filter((m) => /<InvoiceQueryRq[^>]*iterator=/.test(m)).length, 0, 'no invoice of ours there: no invoice pass')
  t.match((await rest(refund.id)).sync, [{ status: 'NOT_APPLICABLE', paymentStatus: null }], 'read as synced; a credit is not paid')
  const [first, second] = creditMemos(qb)
  qb.advanceClock(10)
  qb.editInQuickBooks(first!.txnId, (m) => {
    m.memo = 'Changed in QuickBooks'
  })
  qb.deleteInQuickBooks(second!.txnId)
  qb.messages.length = 0
  await run()
  t.match(
    (await rest(refund.id)).sync,
    [{ status: 'ACTION_REQUIRED', lastError: { code: 'CHANGED_IN_QUICKBOOKS', differences: [/memo/] } }],
    'the change is shown before anything of ours collides with it',
  )
  t.match((await rest(other.id)).sync, [{ status: 'ACTION_REQUIRED', lastError: { code: 'DELETED_IN_QUICKBOOKS' } }])
  t.match(qb.messages.find((m) => m.includes('<TxnDeletedQueryRq')) ?? '', /<TxnDelType>CreditMemo<\/TxnDelType>/)
  t.same(qb.schemaFailures, [])
})
