// End to end through /qbwc: a Web Connector double speaking raw SOAP to the service, and a strict
// fake QuickBooks company answering the qbXML.
import t, { type Test } from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { type FakeQuickBooks, hcpResponse } from '../helpers/fake-quickbooks.js'
import { EDITOR, UPDATE_INVOICE, webConnectorScenario } from '../helpers/invoices.js'
import { firstRound, runSession, soapCall } from '../helpers/web-connector.js'

async function setup(t: Test) {
  const app = await buildTestApp(t)
  const { s, qb, credentials, connectionId, qwc, exportInvoice } = await webConnectorScenario(app)
  const update = (input: Record<string, unknown>) => s.gql(UPDATE_INVOICE, { input }, { userId: EDITOR })
  return { app, s, qb, credentials, connectionId, qwc, exportInvoice, update }
}

const invoiceMods = (qb: FakeQuickBooks) => qb.messages.join('').match(/<InvoiceModRq /g)?.length ?? 0

t.test('export: the customer is created first, the invoice added once, and the state follows', async (t) => {
  const { app, s, qb, credentials, exportInvoice, connectionId, qwc } = await setup(t)
  t.match(qwc, /<AppURL>http:\/\/localhost:\d+\/qbwc<\/AppURL>/)
  t.match(qwc, new RegExp(`<UserName>${credentials.username}</UserName>`))
  const invoice = await exportInvoice()
  const log = await runSession(app.app, qb, credentials)
  t.equal(log.authenticate[1], '', 'authenticated: use the open company file')
  t.equal(log.roundTrips, 1)
  t.same(log.percents, [100])
  t.equal(log.closeMessage, '1 invoice exported')
  t.same(qb.schemaFailures, [], 'every message validates against the qbXML schema')
  t.ok(qb.customers.has('acme plumbing'), 'the missing customer was created')
  const [added] = qb.byRefNumber(invoice.number)
  t.match(added, {
    customer: 'Acme Plumbing',
    memo: 'Kitchen sink',
    lines: [
      { item: 'Labor', quantity: '2', rate: '85', amount: '170.00' },
      { item: 'Pipe', quantity: '3', rate: '12.5', amount: '37.50' },
    ],
  })
  const ours = await s.invoice(invoice.id)
  t.match(ours, {
    status: 'EXPORTED',
    syncStatus: 'NOT_APPLICABLE',
    sync: [{ connectionId, exportStatus: 'EXPORTED', qbTxnId: added!.txnId, qbEditSequence: String(added!.editSequence) }],
  })
  const again = await runSession(app.app, qb, credentials)
  t.same(again.authenticate[1], 'none', 'no work: the Web Connector is told so')
})

t.test('Save & Sync of every editable field reaches QuickBooks in one InvoiceMod', async (t) => {
  const { app, s, qb, credentials, exportInvoice, update } = await setup(t)
  const invoice = await exportInvoice()
  await runSession(app.app, qb, credentials)
  const exported = await s.invoice(invoice.id)
  const [labor, pipe] = exported.lines
  const r = await update({
    id: invoice.id,
    expectedVersion: exported.version,
    decision: 'SAVE_AND_SYNC',
    number: 'INV-EDIT',
    date: '2026-11-05',
    summary: 'Edited',
    lines: {
      update: [{ id: labor.id, quantity: '3', description: 'Three hours', cost: '40' }],
      remove: [pipe.id],
      add: [{ itemId: 'pipe', description: 'PEX', quantity: '2', unitPrice: '9.50' }],
    },
  })
  t.same(r.data!.updateInvoice.userErrors, [])
  const log = await runSession(app.app, qb, credentials)
  t.equal(log.closeMessage, '1 invoice synced')
  t.equal(invoiceMods(qb), 1, 'one InvoiceMod')
  const [inQb] = qb.byRefNumber('INV-EDIT')
  t.match(inQb, {
    txnDate: '2026-11-05',
    memo: 'Edited',
    lines: [
      { desc: 'Three hours', quantity: '3', amount: '255.00', other1: '40' },
      { item: 'Pipe', desc: 'PEX', quantity: '2', amount: '19.00' },
    ],
  })
  t.equal(inQb!.lines.length, 2, 'the removed line is gone in QuickBooks')
  t.same(qb.schemaFailures, [])
  t.match(await s.invoice(invoice.id), { syncStatus: 'SYNCED', sync: [{ status: 'SYNCED' }] })
})

t.test('with sales tax, classes and inventory sites on: taxable, business unit, location and tax zone reach QuickBooks too', async (t) => {
  const { app, s, qb, credentials, exportInvoice, update } = await setup(t)
  await app.request({ method: 'PUT', url: '/v1/tax-zones/tx2', payload: { name: 'Williamson County', rate: '8.00' } })
  await app.request({ method: 'PUT', url: '/v1/business-units/south', payload: { name: 'South' } })
  const hcp = hcpResponse({ salesTax: true, classTracking: true, inventorySites: true })
  const invoice = await exportInvoice()
  await runSession(app.app, qb, credentials, { hcp })
  const [inQb] = qb.byRefNumber(invoice.number)
  t.match(inQb, {
    itemSalesTax: 'Travis County',
    lines: [
      { classRef: 'North', salesTaxCode: 'Non', site: '' },
      { classRef: '', salesTaxCode: 'Tax', site: 'Van 3' },
    ],
  })
  const exported = await s.invoice(invoice.id)
  const [labor, pipe] = exported.lines
  const r = await update({
    id: invoice.id,
    expectedVersion: exported.version,
    decision: 'SAVE_AND_SYNC',
    taxZoneId: 'tx2',
    lines: {
      update: [
        { id: labor.id, taxable: true, businessUnitId: 'south', inventoryLocationId: 'van3', unitPrice: '90.00' },
        { id: pipe.id, taxable: false, inventoryLocationId: null },
      ],
    },
  })
  t.same(r.data!.updateInvoice.userErrors, [])
  await runSession(app.app, qb, credentials, { hcp })
  t.same(qb.schemaFailures, [])
  t.match(inQb, {
    itemSalesTax: 'Williamson County',
    lines: [
      { classRef: 'South', salesTaxCode: 'Tax', site: 'Van 3', rate: '90', amount: '180.00' },
      { salesTaxCode: 'Non', site: '' },
    ],
  })
  t.equal((await s.invoice(invoice.id)).syncStatus, 'SYNCED')
})

t.test('Bypass twice, then one Re-Sync: exactly one InvoiceMod with the final state', async (t) => {
  const { app, s, qb, credentials, exportInvoice, update } = await setup(t)
  const invoice = await exportInvoice()
  await runSession(app.app, qb, credentials)
  await update({ id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_BYPASS', summary: 'first' })
  await update({ id: invoice.id, expectedVersion: 2, decision: 'SAVE_AND_BYPASS', summary: 'second', number: 'INV-FINAL' })
  t.equal((await runSession(app.app, qb, credentials)).authenticate[1], 'none', 'bypassed edits send nothing')
  await s.gql('mutation($id: ID!) { resyncInvoice(input: { id: $id }) { userErrors { code } } }', { id: invoice.id }, { userId: EDITOR })
  await runSession(app.app, qb, credentials)
  t.equal(invoiceMods(qb), 1, 'one InvoiceMod, not one per edit')
  t.match(qb.byRefNumber('INV-FINAL')[0], { memo: 'second' })
  t.equal((await s.invoice(invoice.id)).syncStatus, 'SYNCED')
})

t.test('Action Required, then fix and Re-Sync; or Bypass', async (t) => {
  const { app, s, qb, credentials, exportInvoice, update } = await setup(t)
  await app.request({ method: 'PUT', url: '/v1/items/valve', payload: { name: 'Valve', type: 'INVENTORY' } })
  const invoice = await exportInvoice()
  await runSession(app.app, qb, credentials)
  await update({
    id: invoice.id,
    expectedVersion: 1,
    decision: 'SAVE_AND_SYNC',
    lines: { add: [{ itemId: 'valve', quantity: '1', unitPrice: '20' }] },
  })
  const log = await runSession(app.app, qb, credentials)
  t.equal(log.closeMessage, '1 needs action')
  const session = (
    await s.gql('{ connections { sessions(first: 1) { failedCount failures { invoiceNumber code message } } } }')
  ).data!.connections.flatMap((c: { sessions: unknown[] }) => c.sessions)[0]
  t.match(
    session,
    { failedCount: 1, failures: [{ invoiceNumber: invoice.number, code: '3140', message: /Item "Valve"/ }] },
    'the session history names the invoice and the reason',
  )
  const shown = await s.invoice(invoice.id)
  t.match(shown.sync[0], {
    status: 'ACTION_REQUIRED',
    lastError: {
      code: '3140',
      message: /does not exist in QuickBooks.*Item "Valve"/,
      objects: [{ kind: 'Item', name: 'Valve' }],
      helpUrl: /\/help\/quickbooks-errors#3140$/,
    },
  })

  qb.items.add('valve') // someone creates the item in QuickBooks
  await s.gql('mutation($id: ID!) { resyncInvoice(input: { id: $id }) { userErrors { code } } }', { id: invoice.id }, { userId: EDITOR })
  await runSession(app.app, qb, credentials)
  t.equal((await s.invoice(invoice.id)).syncStatus, 'SYNCED')
  t.equal(qb.byRefNumber(invoice.number)[0]!.lines.length, 3)
})

t.test('a stale EditSequence is read again and the change goes through; an edit made in QuickBooks is never overwritten', async (t) => {
  const { app, s, qb, credentials, exportInvoice, update } = await setup(t)
  const invoice = await exportInvoice()
  await runSession(app.app, qb, credentials)
  const [inQb] = qb.byRefNumber(invoice.number)
  qb.editInQuickBooks(inQb!.txnId, () => {}) // e.g. printed: only the sequence moves
  await update({ id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'after the sequence moved' })
  const log = await runSession(app.app, qb, credentials)
  t.ok(log.roundTrips >= 3, `Mod, query, Mod again in one session (${log.roundTrips} round trips)`)
  t.equal(inQb!.memo, 'after the sequence moved')
  t.equal((await s.invoice(invoice.id)).syncStatus, 'SYNCED')

  qb.editInQuickBooks(inQb!.txnId, (i) => (i.memo = 'typed in QuickBooks'))
  await update({ id: invoice.id, expectedVersion: 2, decision: 'SAVE_AND_SYNC', summary: 'ours' })
  await runSession(app.app, qb, credentials)
  t.equal(inQb!.memo, 'typed in QuickBooks', 'not silently overwritten')
  t.match((await s.invoice(invoice.id)).sync[0], {
    status: 'ACTION_REQUIRED',
    lastError: { code: 'CHANGED_IN_QUICKBOOKS', message: /memo was changed in QuickBooks/ },
  })

  t.match((await s.invoice(invoice.id)).sync[0].lastError.fix, /undo the change made in QuickBooks, then Re-Sync/)

  // Re-Sync alone looks again and still finds the edit made in QuickBooks: still not overwritten.
  const resync = () =>
    s.gql('mutation($id: ID!) { resyncInvoice(input: { id: $id }) { userErrors { code } } }', { id: invoice.id }, { userId: EDITOR })
  t.same((await resync()).data!.resyncInvoice.userErrors, [])
  await runSession(app.app, qb, credentials)
  t.equal(inQb!.memo, 'typed in QuickBooks')
  t.match((await s.invoice(invoice.id)).sync[0], { status: 'ACTION_REQUIRED', lastError: { code: 'CHANGED_IN_QUICKBOOKS' } })
  // As the fix says: the change is undone in QuickBooks, then Re-Sync sends ours.
  qb.editInQuickBooks(inQb!.txnId, (i) => (i.memo = 'after the sequence moved'))
  t.same((await resync()).data!.resyncInvoice.userErrors, [])
  await runSession(app.app, qb, credentials)
  t.equal(inQb!.memo, 'ours')
  t.match(await s.invoice(invoice.id), { syncStatus: 'SYNCED', sync: [{ lastError: null }] })
})

t.test('a quantity changed in QuickBooks by less than a binary float can tell is still a change, never overwritten', async (t) => {
  const { app, s, qb, credentials, exportInvoice, update } = await setup(t)
  const invoice = await exportInvoice()
  await runSession(app.app, qb, credentials)
  const [inQb] = qb.byRefNumber(invoice.number)
  // 2 and 2.0000000000000001 are the same double; as amounts they differ.
  qb.editInQuickBooks(inQb!.txnId, (i) => (i.lines[0]!.quantity = '2.0000000000000001'))
  await update({ id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'ours' })
  await runSession(app.app, qb, credentials)
  t.equal(inQb!.lines[0]!.quantity, '2.0000000000000001', 'the quantity typed in QuickBooks is kept')
  t.equal(inQb!.memo, 'Kitchen sink', 'nothing of ours was written over it')
  t.match((await s.invoice(invoice.id)).sync[0], {
    status: 'ACTION_REQUIRED',
    lastError: { code: 'CHANGED_IN_QUICKBOOKS', message: /has quantity 2\.0000000000000001 in QuickBooks/ },
  })
})

t.test('a lost answer: QuickBooks is asked before anything is sent again, so the invoice exists once', async (t) => {
  const { app, s, qb, credentials, exportInvoice } = await setup(t)
  const invoice = await exportInvoice()
  await runSession(app.app, qb, credentials, { loseResponseOfRound: 0 })
  t.equal(qb.byRefNumber(invoice.number).length, 1, 'QuickBooks added it; we never heard back')
  t.match((await s.invoice(invoice.id)).sync[0], { exportStatus: 'QUEUED' })
  await runSession(app.app, qb, credentials)
  t.equal(qb.byRefNumber(invoice.number).length, 1, 'still exactly one invoice')
  t.equal(qb.messages.join('').match(/<InvoiceAddRq /g)?.length, 1, 'the add was sent once')
  t.match(await s.invoice(invoice.id), {
    status: 'EXPORTED',
    sync: [{ exportStatus: 'EXPORTED', qbTxnId: qb.byRefNumber(invoice.number)[0]!.txnId }],
  })
})

t.test('a record locked in QuickBooks is retried in a later session', async (t) => {
  const { app, s, qb, credentials, exportInvoice, update } = await setup(t)
  const invoice = await exportInvoice()
  await runSession(app.app, qb, credentials)
  await update({ id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'while locked' })
  qb.lockedRequests = 1
  await runSession(app.app, qb, credentials)
  t.equal((await s.invoice(invoice.id)).syncStatus, 'PENDING', 'still pending, not failed')
  t.equal((await runSession(app.app, qb, credentials)).authenticate[1], 'none', 'not retried before its time')
  await app.database.db.execute(
    `update invoice_sync_states set next_attempt_at = now() - interval '1 second' where invoice_id = '${invoice.id}'`,
  )
  await runSession(app.app, qb, credentials)
  t.equal((await s.invoice(invoice.id)).syncStatus, 'SYNCED')
  t.equal(qb.byRefNumber(invoice.number)[0]!.memo, 'while locked')
})

t.test('two instances serve one session, call by call', async (t) => {
  const { app, s, qb, credentials, exportInvoice, update } = await setup(t)
  const second = await buildTestApp(t, { testDatabase: app.testDatabase, database: app.database, adminKey: app.adminKey })
  const invoices = [await exportInvoice(), await exportInvoice(), await exportInvoice()]
  const log = await runSession([app.app, second.app], qb, credentials)
  t.equal(log.closeMessage, '3 invoices exported')
  for (const invoice of invoices) t.equal(qb.byRefNumber(invoice.number).length, 1, `${invoice.number} added once`)
  await update({ id: invoices[0]!.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'via two instances' })
  await runSession([second.app, app.app], qb, credentials)
  t.equal((await s.invoice(invoices[0]!.id)).syncStatus, 'SYNCED')
})

t.test('invoices dated before the sync start date are not sent, and the session history tells', async (t) => {
  const { app, s, qb, credentials, exportInvoice, connectionId } = await setup(t)
  await app.database.db.execute(`update connections set sync_start_date = '2026-11-01' where id = '${connectionId}'`)
  const early = await exportInvoice({ date: '2026-10-15' })
  const onTime = await exportInvoice({ date: '2026-11-02' })
  const log = await runSession(app.app, qb, credentials)
  t.equal(log.closeMessage, '1 invoice exported, 1 invoice skipped (dated before the sync start date)')
  t.equal(qb.byRefNumber(early.number).length, 0, 'the early invoice is not sent')
  t.equal(qb.byRefNumber(onTime.number).length, 1)
  t.match((await s.invoice(early.id)).sync[0], { exportStatus: 'QUEUED' })

  const history = await s.gql(
    '{ connections { id skippedBeforeSyncStart sessions(first: 5) { status roundTrips syncedCount failedCount summary startedAt closedAt durationMs failures { invoiceNumber code } } } }',
  )
  const ours = history.data!.connections.find((c: { id: string }) => c.id === connectionId)
  t.equal(ours.skippedBeforeSyncStart, 1)
  t.match(ours.sessions, [
    { status: 'CLOSED', roundTrips: 1, syncedCount: 1, failedCount: 0, summary: /^1 invoice exported, 1 invoice skipped/, failures: [] },
  ])
  const rest = await app.request({ method: 'GET', url: `/v1/connections/${connectionId}/sessions` })
  t.equal(rest.statusCode, 200)
  t.match(JSON.parse(rest.body), { items: [{ status: 'CLOSED', summary: /^1 invoice exported/ }], nextCursor: null })
})

t.test('QuickBooks cannot read a request (0x80040400): recorded as a defect with the request, never looped on', async (t) => {
  const { app, s, credentials, exportInvoice } = await setup(t)
  const invoice = await exportInvoice()
  const { ticket, request } = await firstRound(app.app, credentials)
  t.match(request, /<InvoiceAddRq/)
  const received = await soapCall(app.app, 'receiveResponseXML', [
    ['ticket', ticket],
    ['response', ''],
    ['hresult', '0x80040400'],
    ['message', 'QuickBooks found an error when parsing the provided XML text stream.'],
  ])
  t.equal(received.result!.text, '-1', 'a negative percentage ends the run')
  t.match((await soapCall(app.app, 'getLastError', [['ticket', ticket]])).result!.text, /could not read the request/)
  t.match((await s.invoice(invoice.id)).sync[0], { status: 'ACTION_REQUIRED', exportStatus: 'FAILED', lastError: { code: '0x80040400' } })
  const attempts = (await app.database.db.execute(
    `select kind, outcome, hresult, request_xml from sync_attempts where invoice_id = '${invoice.id}' and kind = 'INVOICE_ADD'`,
  )) as unknown as { rows: Record<string, string>[] }
  t.match(
    attempts.rows,
    [{ outcome: 'FAILED', hresult: '0x80040400', request_xml: /^<InvoiceAddRq requestID=/ }],
    'the request is kept for support',
  )
})

t.test('an expired ticket is refused, and a new session asks QuickBooks about what was in flight', async (t) => {
  const { app, qb, credentials, exportInvoice } = await setup(t)
  const invoice = await exportInvoice()
  const { ticket, request } = await firstRound(app.app, credentials)
  qb.process(request) // QuickBooks added it, then the Web Connector was killed
  await app.database.db.execute(`update qbwc_sessions set expires_at = now() - interval '1 minute'`)
  t.equal(
    (
      await soapCall(app.app, 'receiveResponseXML', [
        ['ticket', ticket],
        ['response', '<QBXML/>'],
        ['hresult', ''],
        ['message', ''],
      ])
    ).result!.text,
    '-1',
    'the expired ticket is refused',
  )
  await runSession(app.app, qb, credentials)
  t.equal(qb.byRefNumber(invoice.number).length, 1, 'the invoice exists once in QuickBooks')
})

t.test('wrong passwords, bad tickets and the WSDL', async (t) => {
  const { app, credentials, exportInvoice } = await setup(t)
  await exportInvoice()
  const wrong = await soapCall(app.app, 'authenticate', [
    ['strUserName', credentials.username],
    ['strPassword', 'wrong'],
  ])
  t.same(
    wrong.result!.children.map((c) => c.text),
    ['', 'nvu'],
  )
  const unknown = await soapCall(app.app, 'authenticate', [
    ['strUserName', 'nobody'],
    ['strPassword', 'x'],
  ])
  t.same(
    unknown.result!.children.map((c) => c.text),
    ['', 'nvu'],
  )
  for (let i = 0; i < 5; i++)
    await soapCall(app.app, 'authenticate', [
      ['strUserName', credentials.username],
      ['strPassword', 'wrong'],
    ])
  const throttled = await soapCall(app.app, 'authenticate', [
    ['strUserName', credentials.username],
    ['strPassword', credentials.password],
  ])
  t.same(
    throttled.result!.children.map((c) => c.text),
    ['', 'nvu'],
    'after repeated failures from this address even the right password from it waits',
  )
  t.notOk(JSON.stringify(app.logs).includes(credentials.password), 'the password is never logged')

  const send = await soapCall(app.app, 'sendRequestXML', [
    ['ticket', 'forged'],
    ['strHCPResponse', ''],
    ['strCompanyFileName', ''],
    ['qbXMLCountry', 'US'],
    ['qbXMLMajorVers', 13],
    ['qbXMLMinorVers', 0],
  ])
  t.equal(send.result?.text ?? '', '', 'no work for a bad ticket')
  t.match((await soapCall(app.app, 'getLastError', [['ticket', 'forged']])).result?.text, /unknown or has expired/)
  t.equal(
    (
      await soapCall(app.app, 'receiveResponseXML', [
        ['ticket', 'forged'],
        ['response', '<QBXML/>'],
        ['hresult', ''],
        ['message', ''],
      ])
    ).result?.text,
    '-1',
  )
  t.equal((await soapCall(app.app, 'serverVersion', [])).result?.text, 'invoice-sync 0.1.0')
  t.equal((await soapCall(app.app, 'clientVersion', [['strVersion', '2.3.0.36']])).result?.text ?? '', '')

  const wsdl = await app.app.inject({ url: '/qbwc?wsdl', headers: { host: 'sync.example.com' } })
  t.equal(wsdl.statusCode, 200)
  t.match(wsdl.body, /<soap:address location="http:\/\/sync\.example\.com\/qbwc"\/>/)
  t.match(wsdl.body, /soapAction="http:\/\/developer\.intuit\.com\/receiveResponseXML"/)
  const hostile = await app.app.inject({
    method: 'POST',
    url: '/qbwc',
    headers: { 'content-type': 'text/xml' },
    payload: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><x>&a;</x>',
  })
  t.equal(hostile.statusCode, 400)
  t.match(hostile.body, /soap:Fault.*DOCTYPE is not accepted/)
})
