// A QuickBooks confirmation that has to wait for an invoice's lock (an edit holding it) must decide
// from the sync state as the edit left it. Reading the state in the statement that waited gave the
// state from before the edit: the confirmation of version 2 then marked the invoice SYNCED and
// overwrote the edit's pending version 3, so QuickBooks kept version 2 while we showed SYNCED.
import pg from 'pg'
import t from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { EDITOR, scenario } from '../helpers/invoices.js'

const UPDATE = `mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { invoice { id version syncStatus } userErrors { field code message } } }`

t.test('a confirmation waiting for an edit keeps the edit pending', async (t) => {
  const app = await buildTestApp(t)
  if (!app.testDatabase.url) {
    t.pass('skipped: needs a PostgreSQL server (TEST_DATABASE_URL) for a second connection')
    return
  }
  const s = await scenario(app)
  const invoice = await s.exportAndConfirm((await s.createInvoice()).id)
  t.same((await s.gql(UPDATE, { input: { id: invoice.id, expectedVersion: invoice.version, decision: 'SAVE_AND_SYNC', summary: 'v2' } }, { userId: EDITOR })).data!.updateInvoice.userErrors, [])
  const sent = await s.markInFlight(invoice.id)
  t.equal(sent.version, 2)

  // Another edit (version 3) holds the invoice's lock while QuickBooks' answer for version 2 is applied.
  const edit = new pg.Client({ connectionString: app.testDatabase.url })
  await edit.connect()
  t.teardown(() => edit.end())
  await edit.query('begin')
  await edit.query('select id from invoices where id = $1 for update', [invoice.id])
  await edit.query('update invoices set version = 3 where id = $1', [invoice.id])
  await edit.query(`update invoice_sync_states set pending_version = 3, status = 'PENDING' where invoice_id = $1`, [invoice.id])
  const confirmed = s.confirmMod(invoice.id, sent)
  await new Promise((r) => setTimeout(r, 300)) // the confirmation now waits for the lock
  await edit.query('commit')
  await confirmed

  const state = (await edit.query('select status, pending_version, synced_version, in_flight_attempt_id from invoice_sync_states where invoice_id = $1', [invoice.id])).rows[0]
  t.equal(state.synced_version, 2, 'QuickBooks holds version 2')
  t.equal(state.pending_version, 3, 'version 3 still waits to be sent')
  t.equal(state.status, 'PENDING', 'not SYNCED: QuickBooks does not have version 3')
  t.equal(state.in_flight_attempt_id, null, 'nothing in flight: version 3 goes in the next round')
})
