// Found while chasing a soak failure (test/reliability/soak.reliability.ts): an edit that waited for
// the invoice's lock, held by a Web Connector round claiming the invoice, planned its sync
// transition from the states as they were before the round committed, and so cleared the round's
// in-flight mark. Now the edit reads the states after it holds the lock.
import pg from 'pg'
import t from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { EDITOR, scenario } from '../helpers/invoices.js'

const UPDATE = `mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { invoice { id version syncStatus } userErrors { field code message } } }`

t.test('an edit waiting for a Web Connector round keeps the in-flight mark the round set', async (t) => {
  const app = await buildTestApp(t)
  if (!app.testDatabase.url) {
    t.pass('skipped: needs a PostgreSQL server (TEST_DATABASE_URL) for a second connection')
    return
  }
  const s = await scenario(app)
  const invoice = await s.exportAndConfirm((await s.createInvoice()).id)
  t.same((await s.gql(UPDATE, { input: { id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'v2' } }, { userId: EDITOR })).data!.updateInvoice.userErrors, [])

  // The round: it holds the invoice's lock and marks version 2 in flight.
  const round = new pg.Client({ connectionString: app.testDatabase.url })
  await round.connect()
  t.teardown(() => round.end())
  await round.query('begin')
  await round.query('select id from invoices where id = $1 for update', [invoice.id])
  const session = (await round.query(`insert into qbwc_sessions (ticket_hash, tenant_id, connection_id, total_work, expires_at) select 'h', tenant_id, connection_id, 1, now() + interval '1 hour' from invoice_sync_states where invoice_id = $1 returning id`, [invoice.id])).rows[0].id
  const attempt = (await round.query(`insert into sync_attempts (tenant_id, connection_id, session_id, invoice_id, request_id, kind, invoice_version, request_xml) select tenant_id, connection_id, $2, invoice_id, 'm-1', 'INVOICE_MOD', 2, '<InvoiceModRq/>' from invoice_sync_states where invoice_id = $1 returning id`, [invoice.id, session])).rows[0].id
  await round.query('update invoice_sync_states set in_flight_attempt_id = $1 where invoice_id = $2', [attempt, invoice.id])

  const edit = s.gql(UPDATE, { input: { id: invoice.id, expectedVersion: 2, decision: 'SAVE_AND_SYNC', summary: 'v3, while version 2 is in flight' } }, { userId: EDITOR })
  await new Promise((r) => setTimeout(r, 300)) // the edit is now waiting for the lock
  await round.query('commit')
  t.match((await edit).data!.updateInvoice, { invoice: { version: 3, syncStatus: 'PENDING' }, userErrors: [] })
  const state = (await round.query('select in_flight_attempt_id, pending_version from invoice_sync_states where invoice_id = $1', [invoice.id])).rows[0]
  t.equal(state.in_flight_attempt_id, attempt, 'version 2 is still in flight: nothing else is sent for this invoice until its answer comes')
  t.equal(state.pending_version, 3, 'version 3 waits for the next round')
})
