// Payments recorded in the source app, end to end through both doors and /qbwc: refused before
// QuickBooks has the invoice and when they would overpay (nothing saved), sent as a
// ReceivePaymentAdd applied to the invoice exactly once (a lost answer is looked up by the
// payment's ExternalGUID, never sent blind again), and a refusal shown with QuickBooks' reason.
import t, { type Test } from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { EDITOR, UPDATE_INVOICE, webConnectorScenario } from '../helpers/invoices.js'
import { checkedRequest } from '../helpers/openapi.js'
import { closeSession, firstRound, receive, runSession } from '../helpers/web-connector.js'

async function setup(t: Test) {
  const app = await buildTestApp(t)
  const ctx = await webConnectorScenario(app)
  // Every REST answer is checked against openapi.yaml.
  const api = checkedRequest(t, app)
  const pay = (invoiceId: string, body: Record<string, unknown>) =>
    api({ method: 'POST', url: `/v1/invoices/${invoiceId}/payments`, headers: { 'x-user-id': EDITOR }, payload: body })
  const list = async (invoiceId: string) =>
    (JSON.parse((await api({ method: 'GET', url: `/v1/invoices/${invoiceId}/payments` })).body) as { items: Record<string, any>[] }).items
  return { app, ...ctx, pay, list }
}

t.test('a payment goes to QuickBooks once, applied to the invoice; overpaying and paying too early are refused', async (t) => {
  const { app, s, qb, credentials, exportInvoice, pay, list } = await setup(t)
  const invoice = await exportInvoice()
  const early = await pay(invoice.id, { amount: '50.00', date: '2026-12-05', method: 'Check' })
  t.equal(early.statusCode, 409)
  t.match(JSON.parse(early.body), { code: 'PAYMENT_NOT_POSSIBLE' }, 'QuickBooks has no copy of the invoice yet')
  await runSession(app.app, qb, credentials)
  const txnId = (await s.invoice(invoice.id)).sync[0].qbTxnId as string
  const total = (await s.invoice(invoice.id)).total as string

  const first = await pay(invoice.id, { amount: '50.00', date: '2026-12-05', method: 'Check', reference: '1001', memo: 'Deposit' })
  t.equal(first.statusCode, 201, first.body)
  t.match(JSON.parse(first.body), { amount: '50.00', status: 'PENDING', qbTxnId: null })
  const over = await pay(invoice.id, { amount: total, date: '2026-12-05' })
  t.equal(over.statusCode, 422)
  t.match(JSON.parse(over.body), { code: 'OVERPAYMENT', detail: /still owed/ }, `${total} is more than what is left after 50.00`)
  t.equal((await list(invoice.id)).length, 1, 'nothing saved by the refusal')
  const bad = await pay(invoice.id, { amount: 10, date: '2026-12-05' })
  t.equal(bad.statusCode, 400, 'an amount is a decimal string, never a JSON number')

  qb.messages.length = 0
  const recorded = await runSession(app.app, qb, credentials)
  t.equal(recorded.closeMessage, '1 payment recorded in QuickBooks', 'the session says so')
  const adds = qb.messages.filter((m) => m.includes('<ReceivePaymentAddRq'))
  t.equal(adds.length, 1, 'one ReceivePaymentAdd')
  t.match(
    adds[0],
    /<CustomerRef><FullName>Acme Plumbing<\/FullName><\/CustomerRef><TxnDate>2026-12-05<\/TxnDate><RefNumber>1001<\/RefNumber><TotalAmount>50.00<\/TotalAmount><PaymentMethodRef><FullName>Check<\/FullName><\/PaymentMethodRef><Memo>Deposit<\/Memo><ExternalGUID>\{[0-9A-F-]{36}\}<\/ExternalGUID><AppliedToTxnAdd><TxnID>[^<]+<\/TxnID><PaymentAmount>50.00<\/PaymentAmount><\/AppliedToTxnAdd>/,
  )
  t.equal(qb.invoices.get(txnId)!.paid, '50.00', 'QuickBooks applied it to the invoice')
  t.match((await list(invoice.id))[0], { status: 'SYNCED', qbTxnId: qb.payments[0]!.txnId })

  // The answer to the next one is lost: QuickBooks saved it, the service does not know.
  t.equal((await pay(invoice.id, { amount: '20.00', date: '2026-12-06', method: 'Cash' })).statusCode, 201)
  qb.messages.length = 0
  await runSession(app.app, qb, credentials, { loseResponseOfRound: 0 })
  t.equal(qb.payments.length, 2, 'QuickBooks has it')
  await runSession(app.app, qb, credentials)
  t.match(
    qb.messages.join(''),
    /<ReceivePaymentQueryRq[^>]*><TxnDateRangeFilter><FromTxnDate>2026-12-06<\/FromTxnDate><ToTxnDate>2026-12-06<\/ToTxnDate><\/TxnDateRangeFilter><EntityFilter><FullName>Acme Plumbing<\/FullName><\/EntityFilter>/,
    'looked up before anything is sent again',
  )
  t.equal(qb.payments.length, 2, 'never recorded twice')
  t.equal(qb.invoices.get(txnId)!.paid, '70.00')
  t.same(
    (await list(invoice.id)).map((p) => [p.amount, p.status]),
    [
      ['50.00', 'SYNCED'],
      ['20.00', 'SYNCED'],
    ],
  )

  // A method the company file does not have: QuickBooks refuses, a person sees why.
  const gql = await s.gql(
    'mutation($input: RecordInvoicePaymentInput!) { recordInvoicePayment(input: $input) { payment { id status amount } userErrors { code message } } }',
    { input: { id: invoice.id, amount: '5.00', date: '2026-12-07', method: 'Bitcoin' } },
    { userId: EDITOR },
  )
  t.same(gql.data!.recordInvoicePayment.userErrors, [])
  t.match(gql.data!.recordInvoicePayment.payment, { status: 'PENDING', amount: '5.00' }, 'GraphQL records it too')
  await runSession(app.app, qb, credentials)
  const shown = await s.gql('query($id: ID!) { invoice(id: $id) { payments { amount status lastError { code message } } } }', {
    id: invoice.id,
  })
  t.match(shown.data!.invoice.payments[2], { amount: '5.00', status: 'ACTION_REQUIRED', lastError: { message: /PaymentMethod "Bitcoin"/ } })
  t.equal(qb.payments.length, 2, 'QuickBooks did not take it')
  t.same(qb.schemaFailures, [], 'every request is valid against the qbXML schema')
})

t.test('an answer the service cannot read: its invoices and payments are looked up at the next run, never stranded', async (t) => {
  const { app, s, qb, credentials, exportInvoice, pay, list } = await setup(t)
  const invoice = await exportInvoice()
  await runSession(app.app, qb, credentials)
  t.equal((await pay(invoice.id, { amount: '25.00', date: '2026-12-05', method: 'Cash' })).statusCode, 201)
  const edited = await s.gql(
    UPDATE_INVOICE,
    { input: { id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'Edited' } },
    { userId: EDITOR },
  )
  t.same(edited.data!.updateInvoice.userErrors, [])
  const { ticket, request } = await firstRound(app.app, credentials)
  t.match(request, /<InvoiceModRq[\s\S]*<ReceivePaymentAddRq/, 'the change, then the payment')
  const answered = await receive(app.app, ticket, '<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><InvoiceModRs requestID=')
  t.equal(Number(answered.result?.text), -1, 'an error for the Web Connector')
  await closeSession(app.app, ticket)
  qb.messages.length = 0
  await runSession(app.app, qb, credentials)
  const sent = qb.messages.join('')
  t.match(sent, /<InvoiceQueryRq[^>]*><TxnID>/, 'the change is looked up')
  t.match(sent, /<ReceivePaymentQueryRq/, 'so is the payment')
  t.equal((await s.invoice(invoice.id)).syncStatus, 'SYNCED', 'then sent, once')
  t.match((await list(invoice.id))[0], { status: 'SYNCED' })
  t.equal(qb.payments.length, 1)
})
