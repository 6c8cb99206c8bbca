// The four events, produced by real changes: a GraphQL updateInvoice (Save & Sync), Re-Sync,
// Bypass, a refusal, an export bypass, and a Web Connector session against the fake QuickBooks;
// each delivered to a real HTTP receiver and verified with the standardwebhooks library.

import { sql } from 'drizzle-orm'
import { Webhook } from 'standardwebhooks'
import t, { type Test } from 'tap'
import { recordEvents } from '../../src/webhooks/outbox.js'
import { json } from '../helpers/app.js'
import { FakeQuickBooks } from '../helpers/fake-quickbooks.js'
import { ADMIN, EDITOR, scenario } from '../helpers/invoices.js'
import { runSession } from '../helpers/web-connector.js'
import { buildWebhookApp, createEndpoint, type Received, signedHeaders, startReceiver } from './helpers.js'

const UPDATE = `mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { invoice { id version syncStatus } userErrors { field code message } } }`

async function setup(t: Test, events?: string[]) {
  const app = await buildWebhookApp(t)
  const receiver = await startReceiver(t)
  const endpoint = await createEndpoint(app, receiver.url, events)
  const s = await scenario(app)
  return { app, receiver, endpoint, s }
}

const ofType = (type: string) => (r: Received) => r.json.type === type

t.test(
  'Save & Sync through GraphQL: invoice.updated and invoice.sync_status_changed, signed, in the outbox of the same transaction',
  async (t) => {
    const { app, receiver, endpoint, s } = await setup(t)
    const invoice = await s.createInvoice()
    const exported = await s.exportAndConfirm(invoice.id)
    const [confirmed] = await receiver.waitFor(1, { filter: ofType('invoice.exported') })
    t.match(confirmed!.json.data, {
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      connectionId: s.connectionId,
      bypassed: false,
      qbTxnId: /^TXN-/,
    })

    const r = await s.gql(
      UPDATE,
      {
        input: {
          id: invoice.id,
          expectedVersion: exported.version,
          decision: 'SAVE_AND_SYNC',
          summary: 'Edited',
          lines: { update: [{ id: exported.lines[0].id, quantity: '3' }] },
        },
      },
      { userId: EDITOR },
    )
    t.same(r.data!.updateInvoice.userErrors, [])
    const [updated] = await receiver.waitFor(1, { filter: ofType('invoice.updated') })
    const [changed] = await receiver.waitFor(1, { filter: ofType('invoice.sync_status_changed') })
    t.match(updated!.json, {
      type: 'invoice.updated',
      timestamp: /^\d{4}-\d\d-\d\dT/,
      data: {
        invoiceId: invoice.id,
        invoiceNumber: invoice.number,
        version: exported.version + 1,
        decision: 'SAVE_AND_SYNC',
        changedFields: ['summary'],
        linesChanged: 1,
        linesAdded: 0,
        linesRemoved: 0,
        userId: EDITOR,
      },
    })
    t.match(changed!.json.data, {
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      connectionId: s.connectionId,
      from: 'NOT_APPLICABLE',
      to: 'PENDING',
      reason: 'edited with Save & Sync',
      version: exported.version + 1,
    })

    const wh = new Webhook(endpoint.secret)
    for (const received of receiver.received) {
      t.same(wh.verify(received.body, signedHeaders(received)), received.json, `${received.json.type}: the signature verifies`)
      t.match(received.headers['webhook-signature'], /^v1,[A-Za-z0-9+/]+=*$/, 'one signature')
      t.equal(received.headers['content-type'], 'application/json')
    }
    t.throws(
      () => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(updated!.body, signedHeaders(updated!)),
      'another secret does not verify',
    )

    // The webhook-id is the event id, as the delivery log shows it.
    // The receiver answers before the worker stores the outcome: read the log once all three are stored.
    const deliveryLog = async () => json(await app.request({ method: 'GET', url: `/v1/webhook-endpoints/${endpoint.id}/deliveries` }))
    let log = await deliveryLog()
    for (let i = 0; i < 100 && !log.items.every((d: { status: string }) => d.status === 'DELIVERED'); i++) {
      await new Promise((r) => setTimeout(r, 20))
      log = await deliveryLog()
    }
    t.equal(log.items.length, 3)
    t.same(new Set(log.items.map((d: { eventId: string }) => d.eventId)), new Set(receiver.received.map((r) => r.headers['webhook-id'])))
    t.ok(
      log.items.every(
        (d: { status: string; attempts: number; lastStatusCode: number }) =>
          d.status === 'DELIVERED' && d.attempts === 1 && d.lastStatusCode === 204,
      ),
    )

    // A refused edit (version conflict) records nothing.
    const stale = await s.gql(
      UPDATE,
      { input: { id: invoice.id, expectedVersion: exported.version, decision: 'SAVE_AND_SYNC', summary: 'Again' } },
      { userId: EDITOR },
    )
    t.equal(stale.data!.updateInvoice.userErrors[0].code, 'VERSION_CONFLICT')
    const [{ n }] = (
      (await app.database.db.execute(sql`select count(*)::int as n from webhook_events`)) as unknown as { rows: { n: number }[] }
    ).rows as [{ n: number }]
    t.equal(n, 3, 'no event for a change that was not saved')
  },
)

t.test('refusal, Bypass and Re-Sync: the status changes reach the receiver with their reason', async (t) => {
  const { receiver, s } = await setup(t, ['invoice.sync_status_changed', 'invoice.updated'])
  const invoice = await s.createInvoice()
  const exported = await s.exportAndConfirm(invoice.id)
  await s.gql(
    UPDATE,
    { input: { id: invoice.id, expectedVersion: exported.version, decision: 'SAVE_AND_SYNC', summary: 'Edited' } },
    { userId: EDITOR },
  )
  await s.refuse(invoice.id, { code: '3140', message: 'The item "Pipe" is missing in QuickBooks.' })
  await s.gql(
    'mutation($input: BypassInvoiceSyncInput!) { bypassInvoiceSync(input: $input) { userErrors { code } } }',
    { input: { id: invoice.id } },
    { userId: EDITOR },
  )
  await s.gql(
    'mutation($input: ResyncInvoiceInput!) { resyncInvoice(input: $input) { userErrors { code } } }',
    { input: { id: invoice.id } },
    { userId: EDITOR },
  )
  const changes = await receiver.waitFor(4, { filter: ofType('invoice.sync_status_changed') })
  t.same(
    changes.map((c) => [c.json.data.from, c.json.data.to]),
    [
      ['NOT_APPLICABLE', 'PENDING'],
      ['PENDING', 'ACTION_REQUIRED'],
      ['ACTION_REQUIRED', 'BYPASSED'],
      ['BYPASSED', 'PENDING'],
    ],
  )
  t.match(changes[1]!.json.data, {
    reason: 'QuickBooks refused the change',
    error: { code: '3140', message: /Pipe/, fix: /Re-Sync/, helpUrl: /help/ },
  })
  t.ok(
    receiver.received.every((r) => r.json.type !== 'invoice.exported'),
    'only the subscribed types',
  )
})

t.test('export bypass: invoice.exported with bypassed: true for each invoice of the batch; unlock: invoice.updated', async (t) => {
  const { receiver, s } = await setup(t, ['invoice.exported', 'invoice.updated'])
  const a = await s.createInvoice()
  const b = await s.createInvoice()
  const batch = (await s.gql('mutation($ids: [ID!]!) { createBatch(input: { invoiceIds: $ids }) { batch { id } } }', { ids: [a.id, b.id] }))
    .data!.createBatch.batch
  const r = await s.gql(
    'mutation($input: BypassBatchExportInput!) { bypassBatchExport(input: $input) { batch { status } userErrors { code message } } }',
    { input: { id: batch.id, connectionId: s.connectionId } },
    { userId: ADMIN },
  )
  t.same(r.data!.bypassBatchExport.userErrors, [])
  const got = await receiver.waitFor(2, { filter: ofType('invoice.exported') })
  t.same(got.map((g) => g.json.data.invoiceNumber).sort(), [a.number, b.number].sort())
  t.ok(got.every((g) => g.json.data.bypassed === true && g.json.data.batchId === batch.id && g.json.data.connectionId === s.connectionId))
  const unlocked = await s.gql(
    'mutation($input: UnlockInvoiceInput!) { unlockInvoice(input: $input) { invoice { version } userErrors { code } } }',
    { input: { id: a.id } },
    { userId: ADMIN },
  )
  t.same(unlocked.data!.unlockInvoice.userErrors, [])
  const [updated] = await receiver.waitFor(1, { filter: ofType('invoice.updated') })
  t.match(updated!.json.data, {
    invoiceId: a.id,
    invoiceNumber: a.number,
    decision: 'UNLOCK',
    changedFields: ['unlocked'],
    version: unlocked.data!.unlockInvoice.invoice.version,
    userId: ADMIN,
  })
})

t.test(
  'a Web Connector session: invoice.exported when QuickBooks confirms the add, then connection.session_completed with the counts',
  async (t) => {
    const { app, receiver, s } = await setup(t)
    const created = await s.gql('mutation { createConnection(input: { name: "Front desk" }) { connection { id username } password } }')
    const { connection, password } = created.data!.createConnection
    const qb = new FakeQuickBooks({ items: ['Labor', 'Pipe'] })
    const credentials = { username: connection.username as string, password: password as string }
    const invoice = await s.createInvoice()
    const batch = (
      await s.gql('mutation($ids: [ID!]!) { createBatch(input: { invoiceIds: $ids }) { batch { id } } }', { ids: [invoice.id] })
    ).data!.createBatch.batch
    await s.gql('mutation($id: ID!) { postBatch(input: { id: $id }) { batch { id } } }', { id: batch.id })
    await s.gql('mutation($id: ID!, $c: ID!) { exportBatch(input: { id: $id, connectionId: $c }) { batch { id } } }', {
      id: batch.id,
      c: connection.id,
    })
    t.equal(receiver.received.length, 0, 'queued is not exported')

    const log = await runSession(app.app, qb, credentials)
    t.equal(log.closeMessage, '1 invoice exported')
    const [exported] = await receiver.waitFor(1, { filter: ofType('invoice.exported') })
    const [added] = qb.byRefNumber(invoice.number)
    t.match(exported!.json.data, {
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      connectionId: connection.id,
      bypassed: false,
      qbTxnId: added!.txnId,
      batchId: batch.id,
    })
    const [completed] = await receiver.waitFor(1, { filter: ofType('connection.session_completed') })
    t.match(completed!.json.data, {
      connectionId: connection.id,
      sessionId: /^[0-9a-f-]{36}$/,
      status: 'CLOSED',
      summary: '1 invoice exported',
      synced: 1,
      failed: 0,
      skipped: 0,
      roundTrips: 1,
      lastError: null,
    })

    // An edit synced in the next session: PENDING, then SYNCED with the session's id.
    const current = await s.invoice(invoice.id)
    await s.gql(
      UPDATE,
      { input: { id: invoice.id, expectedVersion: current.version, decision: 'SAVE_AND_SYNC', summary: 'Edited' } },
      { userId: EDITOR },
    )
    await runSession(app.app, qb, credentials)
    const changes = await receiver.waitFor(2, { filter: ofType('invoice.sync_status_changed') })
    t.same(
      changes.map((c) => c.json.data.to),
      ['PENDING', 'SYNCED'],
    )
    t.equal(
      changes[1]!.json.data.sessionId,
      (await receiver.waitFor(2, { filter: ofType('connection.session_completed') }))[1]!.json.data.sessionId,
    )
  },
)

t.test('no endpoint, or not subscribed: nothing is stored', async (t) => {
  const app = await buildWebhookApp(t, { WEBHOOKS_WORKER: 'false' })
  const [{ tenant_id: tenantId }] = (
    (await app.database.db.execute(sql`select tenant_id from api_keys limit 1`)) as unknown as { rows: { tenant_id: string }[] }
  ).rows as [{ tenant_id: string }]
  await app.database.db.transaction((tx) => recordEvents(tx, [{ tenantId, type: 'invoice.updated', data: {} }]))
  await createEndpoint(app, 'https://93.184.215.14/x', ['invoice.exported'])
  await app.database.db.transaction((tx) => recordEvents(tx, [{ tenantId, type: 'invoice.updated', data: {} }]))
  const counts = (
    (await app.database.db.execute(
      sql`select (select count(*) from webhook_events)::int as events, (select count(*) from webhook_deliveries)::int as deliveries`,
    )) as unknown as { rows: { events: number; deliveries: number }[] }
  ).rows[0]
  t.same(counts, { events: 0, deliveries: 0 })
  await app.database.db.transaction((tx) => recordEvents(tx, [{ tenantId, type: 'invoice.exported', data: {} }]))
  const after = (
    (await app.database.db.execute(
      sql`select (select count(*) from webhook_events)::int as events, (select count(*) from webhook_deliveries)::int as deliveries`,
    )) as unknown as { rows: { events: number; deliveries: number }[] }
  ).rows[0]
  t.same(after, { events: 1, deliveries: 1 })
  // Rolled back: nothing.
  await app.database.db
    .transaction(async (tx) => {
      await recordEvents(tx, [{ tenantId, type: 'invoice.exported', data: {} }])
      tx.rollback()
    })
    .catch(() => {})
  const rolledBack = (
    (await app.database.db.execute(sql`select count(*)::int as events from webhook_events`)) as unknown as { rows: { events: number }[] }
  ).rows[0]
  t.same(rolledBack, { events: 1 }, 'a rolled-back change leaves no event')
})
