// Writers of an invoice's sync states hold the invoice's lock, and whoever waited for that lock must
// decide from the states as the holder left them, not as they were when it started waiting.
// Both cases were found while chasing soak failures (test/reliability/soak.reliability.ts):
// - an edit that waited for a Web Connector round planned its transition from the states before
//   the round committed, and so cleared the round's in-flight mark;
// - a QuickBooks confirmation that waited for an edit read the state from before the edit: the
//   answer for version 2 marked the invoice SYNCED over the edit's pending version 3, so QuickBooks
//   kept version 2 while we showed SYNCED.
import pg from 'pg'
import t, { type Test } from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { postgresServerUrl } from '../helpers/database.js'
import { EDITOR, scenario } from '../helpers/invoices.js'

/** Both cases need a second connection, so a PostgreSQL server: tap reports them skipped without one. */
const noPostgres = (await postgresServerUrl()) ? false : 'needs a PostgreSQL server (TEST_DATABASE_URL) for a second connection'

const UPDATE = `mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { invoice { id version syncStatus } userErrors { field code message } } }`

/** An exported invoice edited once (version 2, PENDING), and a second connection to play the other writer. */
async function setup(t: Test) {
  const app = await buildTestApp(t)
  const s = await scenario(app)
  const invoice = await s.exportAndConfirm((await s.createInvoice()).id)
  t.same(
    (await s.gql(UPDATE, { input: { id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'v2' } }, { userId: EDITOR }))
      .data!.updateInvoice.userErrors,
    [],
  )
  const other = new pg.Client({ connectionString: app.testDatabase.url })
  await other.connect()
  t.teardown(() => other.end())
  return { s, invoice, other }
}

t.test('an edit waiting for a Web Connector round keeps the in-flight mark the round set', { skip: noPostgres }, async (t) => {
  const ready = await setup(t)
  const { s, invoice, other: round } = ready

  // The round: it holds the invoice's lock and marks version 2 in flight.
  await round.query('begin')
  await round.query('select id from invoices where id = $1 for update', [invoice.id])
  const session = (
    await round.query(
      `insert into qbwc_sessions (ticket_hash, tenant_id, connection_id, total_work, expires_at) select 'h', tenant_id, connection_id, 1, now() + interval '1 hour' from invoice_sync_states where invoice_id = $1 returning id`,
      [invoice.id],
    )
  ).rows[0].id
  const attempt = (
    await round.query(
      `insert into sync_attempts (tenant_id, connection_id, session_id, invoice_id, request_id, kind, invoice_version, request_xml) select tenant_id, connection_id, $2, invoice_id, 'm-1', 'INVOICE_MOD', 2, '<InvoiceModRq/>' from invoice_sync_states where invoice_id = $1 returning id`,
      [invoice.id, session],
    )
  ).rows[0].id
  await round.query('update invoice_sync_states set in_flight_attempt_id = $1 where invoice_id = $2', [attempt, invoice.id])

  const edit = s.gql(
    UPDATE,
    { input: { id: invoice.id, expectedVersion: 2, decision: 'SAVE_AND_SYNC', summary: 'v3, while version 2 is in flight' } },
    { userId: EDITOR },
  )
  await new Promise((r) => setTimeout(r, 300)) // the edit is now waiting for the lock
  await round.query('commit')
  t.match((await edit).data!.updateInvoice, { invoice: { version: 3, syncStatus: 'PENDING' }, userErrors: [] })
  const state = (
    await round.query('select in_flight_attempt_id, pending_version from invoice_sync_states where invoice_id = $1', [invoice.id])
  ).rows[0]
  t.equal(state.in_flight_attempt_id, attempt, 'version 2 is still in flight: nothing else is sent for this invoice until its answer comes')
  t.equal(state.pending_version, 3, 'version 3 waits for the next round')
})

t.test('a confirmation waiting for an edit keeps the edit pending', { skip: noPostgres }, async (t) => {
  const ready = await setup(t)
  const { s, invoice, other: edit } = ready
  const sent = await s.markInFlight(invoice.id)
  t.equal(sent.version, 2)

  // Another edit (version 3) holds the invoice's lock while QuickBooks' answer for version 2 is applied.
  await edit.query('begin')
  await edit.query('select id from invoices where id = $1 for update', [invoice.id])
  await edit.query('update invoices set version = 3 where id = $1', [invoice.id])
  await edit.query(`update invoice_sync_states set pending_version = 3, status = 'PENDING' where invoice_id = $1`, [invoice.id])
  const confirmed = s.confirmMod(invoice.id, sent)
  await new Promise((r) => setTimeout(r, 300)) // the confirmation now waits for the lock
  await edit.query('commit')
  await confirmed

  const state = (
    await edit.query(
      'select status, pending_version, synced_version, in_flight_attempt_id from invoice_sync_states where invoice_id = $1',
      [invoice.id],
    )
  ).rows[0]
  t.equal(state.synced_version, 2, 'QuickBooks holds version 2')
  t.equal(state.pending_version, 3, 'version 3 still waits to be sent')
  t.equal(state.status, 'PENDING', 'not SYNCED: QuickBooks does not have version 3')
  t.equal(state.in_flight_attempt_id, null, 'nothing in flight: version 3 goes in the next round')
})
