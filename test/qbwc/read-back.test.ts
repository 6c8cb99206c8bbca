// Reading back from QuickBooks, end to end through /qbwc: a payment received in QuickBooks shows on
// the invoice through both doors with a webhook; an invoice changed in QuickBooks is shown as
// CHANGED_IN_QUICKBOOKS with its differences before anything of ours collides with it; writes go
// before reads; reads are bounded per session, walk QuickBooks' iterator and start a pass again
// when the iterator died with its session.
import t, { type Test } from 'tap'
import type { FakeQuickBooks } from '../helpers/fake-quickbooks.js'
import { EDITOR, UPDATE_INVOICE, webConnectorScenario } from '../helpers/invoices.js'
import { checkedRequest } from '../helpers/openapi.js'
import { authenticate, closeSession, receive, runSession, sendRequest } from '../helpers/web-connector.js'
import { buildWebhookApp, createEndpoint } from '../webhooks/helpers.js'

async function setup(t: Test, env: Record<string, string> = {}) {
  const app = await buildWebhookApp(t, { QB_READ_BACK: 'true', QB_READ_INTERVAL_SECONDS: '0', ...env })
  const ctx = await webConnectorScenario(app)
  const events = async (type: string) =>
    (
      (await app.database.db.execute(`select payload from webhook_events where type = '${type}' order by created_at, id`)) as unknown as {
        rows: { payload: { data: Record<string, unknown> } }[]
      }
    ).rows.map((r) => r.payload.data)
  const cursor = async () =>
    (
      (await app.database.db.execute(`select * from qb_read_cursors where connection_id = '${ctx.connectionId}'`)) as unknown as {
        rows: Record<string, any>[]
      }
    ).rows[0]
  const txnIdOf = async (invoiceId: string) => (await ctx.s.invoice(invoiceId)).sync[0].qbTxnId as string
  /** The invoice as REST shows it. */
  // Checked against openapi.yaml.
  const api = checkedRequest(t, app)
  const rest = async (invoiceId: string) =>
    JSON.parse((await api({ method: 'GET', url: `/v1/invoices/${invoiceId}` })).body) as Record<string, any>
  return { app, ...ctx, events, cursor, txnIdOf, rest }
}

const reads = (qb: FakeQuickBooks) => qb.messages.filter((m) => /<InvoiceQueryRq[^>]*iterator=/.test(m))

t.test(
  'a payment received in QuickBooks shows on the invoice through both doors, with a webhook, and our next change is not stale',
  async (t) => {
    const { app, s, qb, credentials, exportInvoice, events, txnIdOf, rest } = await setup(t)
    await createEndpoint(app, 'http://127.0.0.1:1029/hook', ['invoice.payment_status_changed'])
    const invoice = await exportInvoice()
    const first = await runSession(app.app, qb, credentials)
    t.equal(first.percents.at(-1), 100, 'the session ends at 100 once the read is done')
    t.match(qb.messages[0], /<InvoiceAddRq/, 'the write went first')
    t.equal(reads(qb).length, 1, 'then one read')
    t.match(
      reads(qb)[0],
      /iterator="Start"[\s\S]*<MaxReturned>200<\/MaxReturned><ModifiedDateRangeFilter><FromModifiedDate>2026-12-01T07:55:01<\/FromModifiedDate>/,
      'from the first TimeModified QuickBooks stamped on our invoice, less five minutes',
    )
    const total = (await s.invoice(invoice.id)).total as string
    t.match(await rest(invoice.id), {
      paymentStatus: 'UNPAID',
      amountPaid: '0.00',
      balance: total,
      closed: false,
      sync: [{ paymentStatus: 'UNPAID' }],
    })
    t.match(first.closeMessage, /1 invoice exported, 1 invoice read from QuickBooks/)

    const txnId = await txnIdOf(invoice.id)
    qb.receivePayment(txnId, '10.00')
    await runSession(app.app, qb, credentials)
    const partly = await rest(invoice.id)
    t.match(partly, { paymentStatus: 'PARTIALLY_PAID', amountPaid: '10.00' }, 'REST shows what QuickBooks says is paid')
    t.equal(partly.syncStatus, 'NOT_APPLICABLE', 'a payment is not a change to the invoice')
    const gql = await s.gql(
      'query($id: ID!) { invoice(id: $id) { amountPaid balance paymentStatus sync { amountPaid balance paymentStatus qbReadAt } } }',
      { id: invoice.id },
    )
    t.match(
      gql.data!.invoice,
      { amountPaid: '10.00', paymentStatus: 'PARTIALLY_PAID', sync: [{ amountPaid: '10.00', paymentStatus: 'PARTIALLY_PAID' }] },
      'so does GraphQL',
    )
    t.ok(gql.data!.invoice.sync[0].qbReadAt)

    // Our next change goes with the EditSequence the payment left: no 3200, no lookup.
    qb.messages.length = 0
    const edited = await s.gql(
      UPDATE_INVOICE,
      { input: { id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'Second visit' } },
      { userId: EDITOR },
    )
    t.same(edited.data!.updateInvoice.userErrors, [])
    await runSession(app.app, qb, credentials)
    t.equal(qb.messages.filter((m) => m.includes('<InvoiceModRq')).length, 1, 'one InvoiceMod')
    t.notMatch(qb.messages.join(''), /<TxnID>[^<]*<\/TxnID><\/InvoiceQueryRq>/, 'and no lookup before it')
    t.equal((await s.invoice(invoice.id)).syncStatus, 'SYNCED')

    const left = partly.balance as string
    qb.receivePayment(txnId, left)
    await runSession(app.app, qb, credentials)
    t.match(await rest(invoice.id), { paymentStatus: 'PAID', balance: '0.00', closed: true }, 'paid in full: closed')
    const closedEdit = await s.gql(
      UPDATE_INVOICE,
      { input: { id: invoice.id, expectedVersion: 2, decision: 'SAVE_AND_SYNC', summary: 'Too late' } },
      { userId: EDITOR },
    )
    t.equal(closedEdit.data!.updateInvoice.userErrors[0].code, 'INVOICE_CLOSED', 'a paid invoice is not edited')
    const closedResync = await s.gql(
      'mutation($id: ID!) { resyncInvoice(input: { id: $id }) { userErrors { code } } }',
      { id: invoice.id },
      { userId: EDITOR },
    )
    t.equal(closedResync.data!.resyncInvoice.userErrors[0].code, 'INVOICE_CLOSED', 'nor re-synced')
    t.equal((await rest(partly.id)).version, 2, 'nothing saved')
    const changes = await events('invoice.payment_status_changed')
    t.match(
      changes.map((c) => [c.from, c.to]),
      [
        [null, 'UNPAID'],
        ['UNPAID', 'PARTIALLY_PAID'],
        ['PARTIALLY_PAID', 'PAID'],
      ],
      'a webhook for each move, none for a read that moved nothing',
    )
    t.match(changes.at(-1), { invoiceId: invoice.id, invoiceNumber: invoice.number, balance: '0.00', qbTxnId: txnId })
  },
)

t.test(
  'an invoice changed in QuickBooks shows CHANGED_IN_QUICKBOOKS at once, with the differences, and is never overwritten',
  async (t) => {
    const { app, s, qb, credentials, exportInvoice, txnIdOf, rest } = await setup(t)
    const invoice = await exportInvoice()
    await runSession(app.app, qb, credentials)
    const txnId = await txnIdOf(invoice.id)
    qb.editInQuickBooks(txnId, (i) => {
      i.memo = 'Agreed discount'
      i.lines[0]!.quantity = '3'
      i.lines[0]!.amount = '300.00'
    })
    qb.messages.length = 0
    const session = await runSession(app.app, qb, credentials)
    t.equal(qb.messages.filter((m) => /<InvoiceModRq/.test(m)).length, 0, 'nothing was sent to QuickBooks')
    const shown = await rest(invoice.id)
    t.equal(shown.syncStatus, 'ACTION_REQUIRED')
    t.equal(shown.sync[0].lastError.code, 'CHANGED_IN_QUICKBOOKS')
    t.match(shown.sync[0].lastError.message, /Someone changed this invoice in QuickBooks/)
    t.ok(
      shown.sync[0].lastError.differences.length >= 2,
      `the differences are listed: ${JSON.stringify(shown.sync[0].lastError.differences)}`,
    )
    t.match(shown.sync[0].lastError.differences.join(' | '), /memo|Memo|summary/i)
    t.match(session.closeMessage, /1 needs action/, 'the session says a person must act')
    const gql = await s.gql('query($id: ID!) { invoice(id: $id) { syncStatus sync { lastError { code differences } } } }', {
      id: invoice.id,
    })
    t.equal(gql.data!.invoice.sync[0].lastError.code, 'CHANGED_IN_QUICKBOOKS')
    t.same(gql.data!.invoice.sync[0].lastError.differences, shown.sync[0].lastError.differences, 'both doors show the same differences')

    // The person keeps QuickBooks as it is: a later read does not raise the same change again.
    const bypassed = await s.gql(
      'mutation($id: ID!, $c: ID!) { bypassInvoiceSync(input: { id: $id, connectionId: $c }) { userErrors { code } } }',
      {
        id: invoice.id,
        c: shown.sync[0].connectionId,
      },
    )
    t.same(bypassed.data!.bypassInvoiceSync.userErrors, [])
    await runSession(app.app, qb, credentials)
    t.equal((await s.invoice(invoice.id)).syncStatus, 'BYPASSED', 'the overlap reads the copy again and leaves it')
    t.equal(qb.invoices.get(txnId)!.memo, 'Agreed discount', "QuickBooks keeps the bookkeeper's change")
  },
)

t.test(
  'writes go before reads; a pass walks the iterator, stops at the session bound and starts again when its iterator died',
  async (t) => {
    const { app, s, qb, credentials, exportInvoice, cursor } = await setup(t, {
      QB_READ_MAX_RETURNED: '2',
      QB_READ_ROUNDS_PER_SESSION: '2',
    })
    const invoices = []
    for (let i = 0; i < 3; i++) invoices.push(await exportInvoice())
    const first = await runSession(app.app, qb, credentials)
    t.match(qb.messages[0], /<InvoiceAddRq/, 'the adds go first')
    t.equal(reads(qb).length, 2, 'then two reads, the bound of a session')
    t.match(reads(qb)[1], /iterator="Continue" iteratorID="\{/, 'the second continues the iterator')
    t.equal(first.percents.at(-1), 100, 'the session ends at the bound')
    const completed = (await cursor())!
    t.match(
      completed,
      { pass_from: null, iterator_id: null, requests: 2, entries_read: 3 },
      'QuickBooks returned 2 and 1: the pass completed in two reads',
    )
    t.ok(completed.last_completed_at)

    // A pass left under way: its iterator dies with the session.
    for (let i = 0; i < 3; i++) qb.editInQuickBooks(qb.invoices.get((await s.invoice(invoices[i]!.id)).sync[0].qbTxnId)!.txnId, () => {})
    for (let i = 0; i < 3; i++) await exportInvoice()
    qb.messages.length = 0
    // QB_READ_ROUNDS_PER_SESSION 2, MaxReturned 2: 3 adds, then a pass over 6 changed invoices needs 3 reads.
    await runSession(app.app, qb, credentials)
    t.equal(reads(qb).length, 2, 'two reads this session')
    const underWay = (await cursor())!
    t.ok(underWay.pass_from !== null, 'the pass is under way')
    // The first answer said 4 more were left, more than the session could still read (one read of 2):
    // the pass goes on in windows of modification dates sized to a session, never starting over.
    t.match(reads(qb)[1], /iterator="Start"[\s\S]*<ToModifiedDate>/, 'the second read starts the first window')
    let sessions = 0
    let entries = Number(underWay.entries_read)
    while ((await cursor())!.pass_from !== null && sessions < 5) {
      qb.messages.length = 0
      const next = await runSession(app.app, qb, credentials)
      sessions++
      t.match(reads(qb)[0], /iterator="Start"/, 'a session never continues an iterator of an earlier one')
      t.notMatch(next.lastError ?? '', /3000/, 'never a Continue of an iterator QuickBooks forgot')
    }
    const through = (await cursor())!
    t.match(through, { pass_from: null, pass_to: null, last_error: null, failures: 0 }, `the pass got through in ${sessions} more sessions`)
    entries = Number(through.entries_read) - entries
    t.ok(sessions <= 3, 'each session moved the pass on')
    t.ok(entries >= 4, `the rest of the pass was read (${entries} entries)`)

    // A write made while a pass is under way goes in the next round, before the read continues.
    qb.messages.length = 0
    const [ticket] = await authenticate(app.app, credentials)
    t.ok(ticket, 'a read is due: the Web Connector gets a session')
    const round1 = await sendRequest(app.app, ticket!)
    t.match(round1, /iterator="Start"/)
    await receive(app.app, ticket!, qb.process(round1))
    const edited = await s.gql(
      UPDATE_INVOICE,
      { input: { id: invoices[0]!.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'Edited while reading' } },
      { userId: EDITOR },
    )
    t.same(edited.data!.updateInvoice.userErrors, [])
    const round2 = await sendRequest(app.app, ticket!, { hcp: '' })
    t.match(round2, /<InvoiceModRq/, 'the edit goes before the read continues')
    t.notMatch(round2, /iterator=/)
    const percent = Number((await receive(app.app, ticket!, qb.process(round2))).result?.text)
    t.ok(percent > 0 && percent < 100, `the session goes on for the read (${percent})`)
    const round3 = await sendRequest(app.app, ticket!, { hcp: '' })
    t.match(round3, /<InvoiceQueryRq[^>]*iterator=/, 'then the read goes on')
    t.notMatch(round3, /<InvoiceModRq/)
    await receive(app.app, ticket!, qb.process(round3))
    await closeSession(app.app, ticket!)
    qb.endSession()
    t.equal((await s.invoice(invoices[0]!.id)).syncStatus, 'SYNCED')
    t.same(qb.schemaFailures, [], 'every request is valid against the qbXML schema')
  },
)

t.test('a read QuickBooks refuses waits and tries again later; writes go on meanwhile', async (t) => {
  const { app, qb, credentials, exportInvoice, cursor } = await setup(t)
  await exportInvoice()
  const broken = new Proxy(qb, {
    get(target, key) {
      if (key !== 'process') return Reflect.get(target, key)
      return (xml: string) =>
        /iterator=/.test(xml)
          ? '<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><InvoiceQueryRs requestID="' +
            /requestID="([^"]+)"/.exec(xml.slice(xml.indexOf('<InvoiceQueryRq')))![1] +
            '" statusCode="3175" statusSeverity="Error" statusMessage="The record is in use."/></QBXMLMsgsRs></QBXML>'
          : target.process(xml)
    },
  })
  const session = await runSession(app.app, broken, credentials)
  t.equal(session.percents.at(-1), 100, 'the session still ends normally')
  const after = (await cursor())!
  t.match(after, { failures: 1, last_error: /record|use|busy/i }, 'the failure is kept with the read')
  t.ok(new Date(after.next_attempt_at) > new Date(), 'and the next read waits')
  const [, status] = await authenticate(app.app, credentials)
  t.equal(status, 'none', 'no session is opened for a read that waits')
})

t.test('an invoice deleted or voided in QuickBooks is shown as such, once, with what the person can do', async (t) => {
  const { app, s, qb, credentials, exportInvoice, txnIdOf, rest } = await setup(t)
  const kept = await exportInvoice()
  const deleted = await exportInvoice()
  const voided = await exportInvoice()
  await runSession(app.app, qb, credentials)
  qb.deleteInQuickBooks(await txnIdOf(deleted.id))
  qb.voidInQuickBooks(await txnIdOf(voided.id))
  // An edit waits for the deleted invoice: it could never be applied there.
  const edited = await s.gql(
    UPDATE_INVOICE,
    { input: { id: deleted.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'Too late' } },
    { userId: EDITOR },
  )
  t.same(edited.data!.updateInvoice.userErrors, [])
  qb.messages.length = 0
  const session = await runSession(app.app, qb, credentials)
  t.match(
    qb.messages.join(''),
    /<TxnDeletedQueryRq requestID="rd-[^"]+"><TxnDelType>Invoice<\/TxnDelType><DeletedDateRangeFilter><FromDeletedDate>/,
    'deletions are asked with the pass',
  )
  const gone = await rest(deleted.id)
  t.equal(gone.syncStatus, 'ACTION_REQUIRED')
  t.match(gone.sync[0].lastError, { code: 'DELETED_IN_QUICKBOOKS', message: /was deleted in QuickBooks/, fix: /Bypass/ })
  const zeroed = await rest(voided.id)
  t.match(zeroed.sync[0].lastError, { code: 'VOIDED_IN_QUICKBOOKS', message: /voided in QuickBooks/, fix: /Bypass/ })
  t.equal((await rest(kept.id)).syncStatus, 'NOT_APPLICABLE', 'the invoice nobody touched is left alone')
  t.match(session.closeMessage, /2 need action/)

  for (const invoice of [deleted, voided]) {
    const r = await s.gql(
      'mutation($id: ID!, $c: ID!) { bypassInvoiceSync(input: { id: $id, connectionId: $c }) { userErrors { code } } }',
      {
        id: invoice.id,
        c: gone.sync[0].connectionId,
      },
    )
    t.same(r.data!.bypassInvoiceSync.userErrors, [])
  }
  qb.messages.length = 0
  await runSession(app.app, qb, credentials)
  t.equal((await rest(deleted.id)).syncStatus, 'BYPASSED', 'a deletion read again is not raised twice')
  t.equal((await rest(voided.id)).syncStatus, 'BYPASSED', 'nor a void')
  t.notMatch(qb.messages.join(''), /<InvoiceModRq/, 'nothing was ever sent over them')
  t.same(qb.schemaFailures, [], 'every request is valid against the qbXML schema')
})

const ACCEPT = `mutation($id: ID!) { acceptQuickBooksVersion(input: { id: $id }) { invoice { id version syncStatus summary lines { description quantity unitPrice itemId } revisions { edges { node { version decision } } } } userErrors { code message } } }`

/** Someone edits the invoice in QuickBooks: the memo, the first line's quantity, a line deleted and one added. */
function editThere(qb: FakeQuickBooks, txnId: string) {
  qb.editInQuickBooks(txnId, (i) => {
    i.memo = 'Agreed on site'
    i.lines[0]!.quantity = '3'
    i.lines[0]!.amount = '255.00'
    i.lines.splice(1, 1)
    i.lines.push({ ...i.lines[0]!, txnLineId: '9001-L', item: 'pipe', desc: 'Extra pipe', quantity: '2', rate: '5.00', amount: '10.00' })
  })
}

t.test("acceptQuickBooksVersion: QuickBooks' copy becomes the invoice's content, and later edits go over it", async (t) => {
  const { app, s, qb, credentials, exportInvoice, txnIdOf, rest } = await setup(t)
  const invoice = await exportInvoice()
  await runSession(app.app, qb, credentials)
  const notYet = await s.gql(ACCEPT, { id: invoice.id }, { userId: EDITOR })
  t.equal(notYet.data!.acceptQuickBooksVersion.userErrors[0].code, 'NOT_CHANGED_IN_QUICKBOOKS', 'only for an invoice changed there')
  const txnId = await txnIdOf(invoice.id)
  editThere(qb, txnId)
  await runSession(app.app, qb, credentials)
  t.equal((await rest(invoice.id)).sync[0].lastError.code, 'CHANGED_IN_QUICKBOOKS')

  const accepted = await s.gql(ACCEPT, { id: invoice.id }, { userId: EDITOR })
  t.same(accepted.data!.acceptQuickBooksVersion.userErrors, [])
  const now = accepted.data!.acceptQuickBooksVersion.invoice
  t.match(now, { syncStatus: 'SYNCED', summary: 'Agreed on site', version: 2 })
  t.same(
    now.lines.map((l: any) => [l.description, l.quantity, l.unitPrice, l.itemId]),
    [
      ['Two hours', '3', '85.00', 'labor'],
      ['Extra pipe', '2', '5.00', 'pipe'],
    ],
    "QuickBooks' lines, in its order: the kept line with its new quantity, the deleted one gone, the added one new",
  )
  t.equal(now.revisions.edges.at(-1).node.decision, 'QUICKBOOKS', 'the revision says where the content came from')

  qb.messages.length = 0
  await runSession(app.app, qb, credentials)
  t.notMatch(qb.messages.join(''), /<InvoiceModRq/, 'nothing to send: QuickBooks holds it')
  t.equal((await rest(invoice.id)).syncStatus, 'SYNCED', 'the next read finds QuickBooks as accepted')

  const edited = await s.gql(
    UPDATE_INVOICE,
    { input: { id: invoice.id, expectedVersion: 2, decision: 'SAVE_AND_SYNC', summary: 'Agreed on site, paid by card' } },
    { userId: EDITOR },
  )
  t.same(edited.data!.updateInvoice.userErrors, [])
  qb.messages.length = 0
  await runSession(app.app, qb, credentials)
  t.equal(
    qb.messages.filter((m) => m.includes('<InvoiceModRq')).length,
    1,
    'one InvoiceMod, with the EditSequence and line ids QuickBooks gave',
  )
  t.equal((await rest(invoice.id)).syncStatus, 'SYNCED')
  t.equal(qb.invoices.get(txnId)!.memo, 'Agreed on site, paid by card')
  t.equal(qb.invoices.get(txnId)!.lines.length, 2, 'no line added twice, none lost')
})

t.test('overwriteQuickBooks: this version goes over the change made in QuickBooks, exactly', async (t) => {
  const { app, qb, credentials, exportInvoice, txnIdOf, rest } = await setup(t)
  const invoice = await exportInvoice()
  await runSession(app.app, qb, credentials)
  const txnId = await txnIdOf(invoice.id)
  const before = structuredClone(qb.invoices.get(txnId)!)
  editThere(qb, txnId)
  await runSession(app.app, qb, credentials)
  const res = await app.request({
    method: 'POST',
    url: `/v1/invoices/${invoice.id}/overwrite-quickbooks`,
    headers: { 'x-user-id': EDITOR },
    payload: {},
  })
  t.equal(res.statusCode, 200, res.body)
  const queued = await rest(invoice.id)
  t.equal(queued.syncStatus, 'PENDING')
  t.equal(queued.version, 3, "QuickBooks' copy recorded (2), this version saved again (3)")
  qb.messages.length = 0
  await runSession(app.app, qb, credentials)
  t.equal(qb.messages.filter((m) => m.includes('<InvoiceModRq')).length, 1, 'one InvoiceMod')
  const after = qb.invoices.get(txnId)!
  t.equal(after.memo, before.memo, 'the memo is ours again')
  t.same(
    after.lines.map((l) => [l.desc, l.quantity, l.rate]),
    before.lines.map((l) => [l.desc, l.quantity, l.rate]),
    'the lines are ours again: the added one deleted, the deleted one added back',
  )
  t.equal((await rest(invoice.id)).syncStatus, 'SYNCED')
  const again = await app.request({
    method: 'POST',
    url: `/v1/invoices/${invoice.id}/overwrite-quickbooks`,
    headers: { 'x-user-id': EDITOR },
    payload: {},
  })
  t.equal(again.statusCode, 409)
  t.match(JSON.parse(again.body), { code: 'NOT_CHANGED_IN_QUICKBOOKS' })
  t.same(qb.schemaFailures, [], 'every request is valid against the qbXML schema')
})

t.test('a payment received in QuickBooks that leaves the invoice untouched is read as a payment, and the invoice read again', async (t) => {
  const { app, qb, credentials, exportInvoice, txnIdOf, rest } = await setup(t)
  const invoice = await exportInvoice()
  const other = await exportInvoice()
  await runSession(app.app, qb, credentials)
  const txnId = await txnIdOf(invoice.id)
  // An hour later another invoice is exported and read back: the next pass starts five minutes
  // before that, so of the first invoice only the payment is in its window.
  qb.advanceClock(60)
  await exportInvoice()
  await runSession(app.app, qb, credentials)
  qb.receivePayment(txnId, '30.00', { touchesInvoice: false })
  qb.messages.length = 0
  await runSession(app.app, qb, credentials)
  const sent = qb.messages.join('')
  t.match(
    sent,
    /<ReceivePaymentQueryRq requestID="rp-[^"]+"><ModifiedDateRangeFilter><FromModifiedDate>/,
    'payments are asked with the pass',
  )
  t.match(sent, new RegExp(`<InvoiceQueryRq requestID="rr-[^"]+"><TxnID>${txnId}</TxnID>`), 'then the invoice they paid, by TxnID')
  t.match(await rest(invoice.id), { paymentStatus: 'PARTIALLY_PAID', amountPaid: '30.00' })
  t.match(await rest(other.id), { paymentStatus: 'UNPAID' }, 'the other invoice is not touched')
  qb.messages.length = 0
  await runSession(app.app, qb, credentials)
  t.notMatch(qb.messages.join(''), /requestID="rr-/, 'read again once')
  t.same(qb.schemaFailures, [], 'every request is valid against the qbXML schema')
})
