// Defects outside testing found in how a session starts and ends, each through /qbwc: company
// preferences missing or unreadable on the first call, a recovery session of lookups only, and a
// message QuickBooks failed whole.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { describeHresult } from '../../src/qbxml/error-catalog.js'
import { buildTestApp } from '../helpers/app.js'
import { hcpResponse } from '../helpers/fake-quickbooks.js'
import { webConnectorScenario } from '../helpers/invoices.js'
import { sharedQbxmlDir } from '../helpers/qbxml.js'
import { closeSession, firstRound, receive, runSession, soapCall } from '../helpers/web-connector.js'
import { buildWebhookApp, createEndpoint } from '../webhooks/helpers.js'

const RICH = hcpResponse({ salesTax: true, classTracking: true, inventorySites: true })
/** An HCP response cut short (what a redaction or a broken capture leaves): it does not parse. */
const BROKEN = RICH.slice(0, 400)
/** The captured HCP response, malformed as stored, when ../shared/qbxml is beside the project. */
const CAPTURED = sharedQbxmlDir
  ? readFileSync(join(sharedQbxmlDir, 'fixtures', 'qbwc__strHCPResponse_Host_Company_Preferences.xml'), 'utf8')
  : undefined

async function setup(t: Test, options: { webhooks?: boolean } = {}) {
  const app = options.webhooks ? await buildWebhookApp(t) : await buildTestApp(t)
  const ctx = await webConnectorScenario(app)
  const preferences = async () =>
    (
      (await app.database.db.execute(`select qb_preferences as p from connections where id = '${ctx.connectionId}'`)) as unknown as {
        rows: { p: Record<string, unknown> | null }[]
      }
    ).rows[0]!.p
  const events = async (type: string) =>
    (
      (await app.database.db.execute(`select payload from webhook_events where type = '${type}' order by created_at`)) as unknown as {
        rows: { payload: { data: Record<string, unknown> } }[]
      }
    ).rows.map((r) => r.payload.data)
  return { app, ...ctx, preferences, events }
}

for (const [name, hcp] of [
  ['cut short', BROKEN],
  ['missing', ''],
  ...(CAPTURED ? [['as captured (malformed as stored)', CAPTURED]] : []),
] as [string, string][]) {
  t.test(
    `company preferences ${name} on a connection that learned them before: the stored ones are used and kept, every field is sent`,
    async (t) => {
      const { app, s, qb, credentials, exportInvoice, preferences } = await setup(t)
      await exportInvoice()
      await runSession(app.app, qb, credentials, { hcp: RICH })
      const learned = await preferences()
      t.match(learned, { classTracking: true, salesTax: true, inventorySites: true }, 'learned from the first session')
      const invoice = await exportInvoice()
      const log = await runSession(app.app, qb, credentials, { hcp })
      const added = qb.messages.at(-1) ?? ''
      t.match(added, /<ClassRef>/, 'the class is sent')
      t.match(added, /<InventorySiteRef>/, 'the site is sent')
      t.match(added, /<SalesTaxCodeRef>/, 'the sales tax code is sent')
      t.same(await preferences(), learned, 'the stored preferences are not overwritten by a guess')
      t.equal((await s.invoice(invoice.id)).status, 'EXPORTED')
      t.match(log.closeMessage, /1 invoice exported/)
    },
  )
}

t.test(
  'company preferences unreadable and none stored: invoices a guess would send incomplete are held, never confirmed, and the summary says so; the next session sends them',
  async (t) => {
    const { app, s, qb, credentials, exportInvoice, preferences } = await setup(t)
    const invoice = await exportInvoice() // a class, a site and a taxable line
    const log = await runSession(app.app, qb, credentials, { hcp: CAPTURED ?? BROKEN })
    t.equal(
      qb.messages.filter((m) => m.includes('<InvoiceAddRq')).length,
      0,
      'nothing sent that would reach QuickBooks without its class, site and tax code',
    )
    t.equal(await preferences(), null, 'no guess stored on the connection')
    const held = await s.invoice(invoice.id)
    t.match(held, { status: 'POSTED', sync: [{ exportStatus: 'QUEUED' }] }, 'still waiting, not SYNCED or EXPORTED')
    t.match(log.closeMessage, /1 invoice held \(QuickBooks did not send its company preferences/)
    const next = await runSession(app.app, qb, credentials, { hcp: RICH })
    t.match(next.closeMessage, /1 invoice exported/)
    t.match(qb.byRefNumber(invoice.number)[0], { lines: [{ classRef: 'North' }] }, 'sent whole once the preferences are known')
  },
)

t.test('a recovery session of lookups only ends at 100% and closes normally', async (t) => {
  const { app, s, qb, credentials, exportInvoice } = await setup(t)
  const invoices = [await exportInvoice(), await exportInvoice(), await exportInvoice()]
  const { ticket, request } = await firstRound(app.app, credentials)
  qb.process(request) // QuickBooks saved all three; the answer never came back
  await soapCall(app.app, 'connectionError', [
    ['ticket', ticket],
    ['hresult', '0x80040408'],
    ['message', 'lost'],
  ])
  const log = await runSession(app.app, qb, credentials)
  t.same(log.percents, [100], 'one round of lookups, and it says the session is done')
  t.equal(log.lastError, undefined, `never "${log.lastError}"`)
  t.equal(log.closeMessage, '3 invoices exported')
  for (const invoice of invoices) t.equal((await s.invoice(invoice.id)).status, 'EXPORTED')
  t.equal(qb.messages.join('').match(/<InvoiceAddRq /g)?.length, 3, 'each added once')
})

t.test(
  'QuickBooks fails a whole message (HRESULT, no answer): the summary and connection.session_completed say what happened and what is left',
  async (t) => {
    const { app, qb, credentials, exportInvoice, events } = await setup(t, { webhooks: true })
    await createEndpoint(app, 'http://127.0.0.1:1029/hook', ['connection.session_completed'])
    await exportInvoice()
    await exportInvoice()
    const { ticket, request } = await firstRound(app.app, credentials)
    t.match(request, /<InvoiceAddRq/)
    t.equal((await receive(app.app, ticket, '', '0x80040401', 'Could not access QuickBooks')).result?.text, '-1')
    const summary = (await closeSession(app.app, ticket)).result?.text ?? ''
    t.not(summary, 'Nothing to sync.')
    t.match(summary, /2 invoices sent without an answer \(looked up in QuickBooks at the next sync/)
    t.ok(summary.includes(`The session stopped: ${describeHresult('0x80040401').title}`), `says why the session stopped: ${summary}`)
    const [completed] = await events('connection.session_completed')
    t.match(completed, { status: 'CLOSED', summary, lastError: /\S/ }, 'the event carries the error')
    const next = await runSession(app.app, qb, credentials)
    t.match(next.closeMessage, /exported/, 'the next session looks them up and finishes them')
  },
)
