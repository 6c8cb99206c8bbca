// The /qbwc door against the Web Connector's conventions in ../shared/qbxml/PROTOCOL.md, method by
// method: when "NoOp" is right and when it would loop for ever, dead tickets, the authenticate array,
// the qbXML prolog and version negotiation, percent done, repeated answers, hresults, connectionError.
import pg from 'pg'
import t, { type Test } from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { hcpResponse } from '../helpers/fake-quickbooks.js'
import { EDITOR, UPDATE_INVOICE, webConnectorScenario } from '../helpers/invoices.js'
import { authenticate, runSession, sendRequest, soapCall } from '../helpers/web-connector.js'

const BYPASS = `mutation($input: BypassInvoiceSyncInput!) { bypassInvoiceSync(input: $input) { invoice { id syncStatus } userErrors { field code message } } }`

async function setup(t: Test, env: Record<string, string> = {}) {
  const app = await buildTestApp(t, { env })
  const { s, qb, credentials, connectionId, exportInvoice } = await webConnectorScenario(app)
  const update = (input: Record<string, unknown>) => s.gql(UPDATE_INVOICE, { input }, { userId: EDITOR })
  return { app, s, qb, credentials, connectionId, exportInvoice, update }
}

type App = Awaited<ReturnType<typeof buildTestApp>>['app']

const send = (app: App, ticket: string, hcp = '', majorVersion = 13) =>
  sendRequest(app, ticket, { hcp, majorVersion, companyFile: 'C:\\Company\\Test.qbw' })

const lastError = async (app: App, ticket: string) => (await soapCall(app, 'getLastError', [['ticket', ticket]])).result?.text ?? ''

/** An exported, synced invoice with a Save & Sync change waiting: the next session has work. */
async function pendingChange(t: Test) {
  const ctx = await setup(t)
  const invoice = await ctx.exportInvoice()
  await runSession(ctx.app.app, ctx.qb, ctx.credentials)
  t.same(
    (await ctx.update({ id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'pending' })).data!.updateInvoice
      .userErrors,
    [],
  )
  return { ...ctx, invoice }
}

/** A second connection holding the invoice's row lock (as an edit being saved does), until it commits. */
async function holdInvoice(t: Test, url: string, invoiceId: string): Promise<pg.Client> {
  const holder = new pg.Client({ connectionString: url })
  await holder.connect()
  t.teardown(() => holder.end())
  await holder.query('begin')
  await holder.query('select id from invoices where id = $1 for update', [invoiceId])
  return holder
}

const NEEDS_SERVER =
  process.env.TEST_DATABASE_URL || process.env.DATABASE_URL
    ? false
    : 'skipped: needs a PostgreSQL server (a second connection holds a lock)'

// PROTOCOL.md §1: "NoOp" makes the Web Connector wait about 5 s and call sendRequestXML again, for a
// server that has no request *yet*; anything else after an empty sendRequestXML ends the session.
t.test('nothing left to send: getLastError ends the session instead of answering NoOp, and closeConnection follows', async (t) => {
  const { app, s, credentials, connectionId, invoice } = await pendingChange(t)
  const [ticket, status] = await authenticate(app.app, credentials)
  t.equal(status, '', 'authenticated with work')
  // Between authenticate and the first sendRequestXML the user bypasses the only pending change.
  t.same((await s.gql(BYPASS, { input: { id: invoice.id, connectionId } }, { userId: EDITOR })).data!.bypassInvoiceSync.userErrors, [])
  t.equal(await send(app.app, ticket!, hcpResponse()), '', 'no request')
  t.equal(await lastError(app.app, ticket!), 'Nothing left to send in this session.', 'not NoOp: the Web Connector would poll for ever')
  t.equal((await soapCall(app.app, 'closeConnection', [['ticket', ticket!]])).result?.text, 'Nothing to sync.')
})

t.test('work held for a moment by an edit: NoOp, then the request once the row is free', { skip: NEEDS_SERVER }, async (t) => {
  const { app, credentials, invoice } = await pendingChange(t)
  const [ticket] = await authenticate(app.app, credentials)
  const holder = await holdInvoice(t, app.testDatabase.url!, invoice.id)
  t.equal(await send(app.app, ticket!, hcpResponse()), '', 'the locked invoice is not taken')
  t.equal(await lastError(app.app, ticket!), 'NoOp', 'the Web Connector is asked to wait and come back')
  await holder.query('commit')
  t.match(await send(app.app, ticket!), /<InvoiceModRq requestID=/, 'the next call sends the change')
})

t.test('a ticket replaced by a newer login is told it expired, never NoOp', { skip: NEEDS_SERVER }, async (t) => {
  const { app, credentials, invoice } = await pendingChange(t)
  const [first] = await authenticate(app.app, credentials)
  const holder = await holdInvoice(t, app.testDatabase.url!, invoice.id)
  t.equal(await send(app.app, first!, hcpResponse()), '')
  t.equal(await lastError(app.app, first!), 'NoOp', 'the first Web Connector waits')
  await holder.query('commit')
  // A second Web Connector with the same .qwc logs in: the first session is expired.
  const [second, secondStatus] = await authenticate(app.app, credentials)
  t.ok(second && secondStatus === '', 'the second login gets its own session')
  t.equal(await send(app.app, first!), '', 'the old ticket gets no request')
  t.match(await lastError(app.app, first!), /unknown or has expired/, 'PROTOCOL §10: an expired ticket is refused with a message')
})

t.test('a ticket past its expiry time: refused, and getLastError says why', async (t) => {
  const { app, credentials, exportInvoice } = await setup(t)
  await exportInvoice()
  const [ticket] = await authenticate(app.app, credentials)
  await app.database.db.execute(`update qbwc_sessions set expires_at = now() - interval '1 minute'`)
  t.equal(await send(app.app, ticket!, hcpResponse()), '', 'the expired ticket gets no request')
  t.match(await lastError(app.app, ticket!), /unknown or has expired/)
  t.equal(
    (
      await soapCall(app.app, 'receiveResponseXML', [
        ['ticket', ticket!],
        ['response', '<QBXML/>'],
        ['hresult', ''],
        ['message', ''],
      ])
    ).result?.text,
    '-1',
  )
  t.match(await lastError(app.app, ticket!), /unknown or has expired/, 'the same after a negative percentage')
})

t.test('serverVersion, clientVersion W:/"" and authenticate arrays of at least two elements', async (t) => {
  const { app, credentials, exportInvoice } = await setup(t)
  t.ok((await soapCall(app.app, 'serverVersion', [])).result?.text)
  t.match((await soapCall(app.app, 'clientVersion', [['strVersion', '1.5.0.1']])).result?.text, /^W:/)
  t.equal((await soapCall(app.app, 'clientVersion', [['strVersion', '2.3.0.36']])).result?.text ?? '', '')
  t.same(await authenticate(app.app, { ...credentials, password: 'nope' }), ['', 'nvu'])
  t.same(await authenticate(app.app, credentials), ['', 'none'])
  await exportInvoice()
  const ok = await authenticate(app.app, credentials)
  t.equal(ok.length, 2)
  t.ok(ok[0]!.length > 10)
  t.equal(ok[1], '')
})

t.test('qbXML prolog, onError and version negotiation from the HCP response', async (t) => {
  const { app, qb, credentials, exportInvoice } = await setup(t)
  await exportInvoice()
  const [ticket] = await authenticate(app.app, credentials)
  const request = await send(app.app, ticket!, hcpResponse({ versions: ['12.0', '13.0', '14.0', '15.0', '16.0'] }), 16)
  t.match(request, /^<\?xml version="1\.0" encoding="utf-8"\?><\?qbxml version="16\.0"\?><QBXML><QBXMLMsgsRq onError="continueOnError">/)
  qb.process(request)
  t.same(qb.schemaFailures, [])
  const older = await setup(t)
  await older.exportInvoice()
  const [t2] = await authenticate(older.app.app, older.credentials)
  t.equal(
    await send(older.app.app, t2!, hcpResponse({ versions: ['10.0', '11.0', '12.0'] }), 12),
    '',
    'QuickBooks older than 13.0: nothing sent',
  )
  const why = await lastError(older.app.app, t2!)
  t.not(why, 'NoOp')
  t.match(why, /older than 2014/)
})

t.test('percent done climbs 1..99 and is 100 exactly at the end', async (t) => {
  const { app, qb, credentials, exportInvoice } = await setup(t, { QBWC_BATCH_SIZE: '1' })
  for (let i = 0; i < 3; i++) await exportInvoice()
  const log = await runSession(app.app, qb, credentials)
  t.equal(log.percents.length, 3)
  t.ok(
    log.percents.slice(0, -1).every((p) => p >= 1 && p <= 99),
    JSON.stringify(log.percents),
  )
  t.equal(log.percents.at(-1), 100)
})

t.test('a repeated receiveResponseXML changes nothing and is not an error', async (t) => {
  const { app, qb, s, credentials, exportInvoice } = await setup(t)
  const invoice = await exportInvoice()
  const [ticket] = await authenticate(app.app, credentials)
  const response = qb.process(await send(app.app, ticket!, hcpResponse()))
  const receive = async () =>
    (
      await soapCall(app.app, 'receiveResponseXML', [
        ['ticket', ticket!],
        ['response', response],
        ['hresult', ''],
        ['message', ''],
      ])
    ).result?.text
  t.equal(await receive(), '100')
  t.equal(await receive(), '100')
  t.equal((await s.invoice(invoice.id)).status, 'EXPORTED')
  t.equal((await soapCall(app.app, 'closeConnection', [['ticket', ticket!]])).result?.text, '1 invoice exported')
})

t.test('receiveResponseXML with an hresult: negative, then an explanatory getLastError', async (t) => {
  const { app, credentials, exportInvoice } = await setup(t)
  await exportInvoice()
  const [ticket] = await authenticate(app.app, credentials)
  await send(app.app, ticket!, hcpResponse())
  const r = await soapCall(app.app, 'receiveResponseXML', [
    ['ticket', ticket!],
    ['response', ''],
    ['hresult', '0x80040414'],
    ['message', 'A modal dialog box is showing in the QuickBooks user interface.'],
  ])
  t.ok(Number(r.result?.text) < 0)
  const why = await lastError(app.app, ticket!)
  t.ok(why && why !== 'NoOp', why)
  t.ok((await soapCall(app.app, 'closeConnection', [['ticket', ticket!]])).result?.text)
})

t.test('connectionError answers "done" (known or unknown ticket), closeConnection still answers', async (t) => {
  const { app, credentials, exportInvoice } = await setup(t)
  await exportInvoice()
  const [ticket] = await authenticate(app.app, credentials)
  t.equal(
    (
      await soapCall(app.app, 'connectionError', [
        ['ticket', ticket!],
        ['hresult', '0x80040408'],
        ['message', 'Could not start QuickBooks.'],
      ])
    ).result?.text,
    'done',
  )
  t.equal(
    (
      await soapCall(app.app, 'connectionError', [
        ['ticket', 'forged'],
        ['hresult', '0x80040408'],
        ['message', 'x'],
      ])
    ).result?.text,
    'done',
  )
  t.ok((await soapCall(app.app, 'closeConnection', [['ticket', ticket!]])).result?.text)
})
