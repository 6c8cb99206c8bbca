// Found by the crash tests (test/reliability/crash.reliability.ts): what the service had in flight
// when it (or the Web Connector) died is looked up in QuickBooks at the next run, even when it was
// all the work there was; and a change whose answer was lost is recognised as ours in QuickBooks
// even after the invoice was edited again.
import t, { type Test } from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { EDITOR, UPDATE_INVOICE, webConnectorScenario } from '../helpers/invoices.js'
import { firstRound, runSession, soapCall } from '../helpers/web-connector.js'

async function setup(t: Test) {
  const app = await buildTestApp(t)
  const { s, qb, credentials, exportInvoice } = await webConnectorScenario(app)
  const update = (input: Record<string, unknown>) => s.gql(UPDATE_INVOICE, { input }, { userId: EDITOR })
  return { app, s, qb, credentials, exportInvoice, update }
}

/** An invoice exported and synced, then saved with Save & Sync without its Labor line (not yet sent). */
async function laborLineRemoved(t: Test, summary?: string) {
  const context = await setup(t)
  const { app, s, qb, credentials, exportInvoice, update } = context
  const invoice = await exportInvoice()
  await runSession(app.app, qb, credentials)
  const [labor, pipe] = (await s.invoice(invoice.id)).lines
  t.same(
    (
      await update({
        id: invoice.id,
        expectedVersion: 1,
        decision: 'SAVE_AND_SYNC',
        ...(summary ? { summary } : {}),
        lines: { remove: [labor.id] },
      })
    ).data!.updateInvoice.userErrors,
    [],
  )
  return { ...context, invoice, pipe }
}

t.test(
  'the service dies between sendRequestXML and receiveResponseXML with all the work in flight: the next run looks it up',
  async (t) => {
    const { app, s, qb, credentials, exportInvoice } = await setup(t)
    const invoice = await exportInvoice()
    const { request } = await firstRound(app.app, credentials)
    qb.process(request) // QuickBooks added it; the answer never reached the service, and no call closed the session

    const log = await runSession(app.app, qb, credentials)
    t.equal(log.authenticate[1], '', 'the next run has work: what was in flight is looked up (not "none", which left it stuck)')
    t.equal(log.closeMessage, '1 invoice exported')
    t.equal(qb.byRefNumber(invoice.number).length, 1, 'exactly one invoice in QuickBooks')
    t.match(await s.invoice(invoice.id), {
      status: 'EXPORTED',
      sync: [{ exportStatus: 'EXPORTED', qbTxnId: qb.byRefNumber(invoice.number)[0]!.txnId }],
    })
    t.equal((await runSession(app.app, qb, credentials)).authenticate[1], 'none', 'and then nothing is left')
  },
)

t.test('a request lost before QuickBooks saw it, with all the work in flight: sent again at the next run', async (t) => {
  const { app, s, qb, credentials, exportInvoice } = await setup(t)
  const invoice = await exportInvoice()
  await firstRound(app.app, credentials)
  await runSession(app.app, qb, credentials)
  t.equal(qb.byRefNumber(invoice.number).length, 1, 'added once')
  t.equal((await s.invoice(invoice.id)).status, 'EXPORTED')
})

t.test(
  'a change whose answer was lost, then another edit: the QuickBooks copy is recognised as our change, not as an edit made in QuickBooks',
  async (t) => {
    const { app, s, qb, credentials, exportInvoice, update } = await setup(t)
    const invoice = await exportInvoice()
    await runSession(app.app, qb, credentials)
    t.same(
      (await update({ id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'answer lost', number: 'INV-LOST' })).data!
        .updateInvoice.userErrors,
      [],
    )
    await runSession(app.app, qb, credentials, { loseResponseOfRound: 0 })
    t.equal(qb.byRefNumber('INV-LOST')[0]?.memo, 'answer lost', 'QuickBooks applied the change; the service never heard')
    t.same(
      (await update({ id: invoice.id, expectedVersion: 2, decision: 'SAVE_AND_SYNC', summary: 'edited again' })).data!.updateInvoice
        .userErrors,
      [],
    )

    await runSession(app.app, qb, credentials)
    const after = await s.invoice(invoice.id)
    t.equal(after.sync[0].lastError, null, 'no CHANGED_IN_QUICKBOOKS: QuickBooks holds exactly what we sent')
    t.equal(after.syncStatus, 'SYNCED')
    t.match(qb.byRefNumber('INV-LOST'), [{ memo: 'edited again' }], 'the later edit reached QuickBooks too, on the same invoice')
    t.equal(qb.invoices.size, 1)
  },
)

// Found by the crash test's comparison of every QuickBooks copy with the service's view (no crash needed).
t.test('Save & Sync that only deletes a line: the line is deleted in QuickBooks too', async (t) => {
  const { app, s, qb, credentials, invoice, pipe } = await laborLineRemoved(t)
  await runSession(app.app, qb, credentials)
  t.equal((await s.invoice(invoice.id)).syncStatus, 'SYNCED')
  t.match(qb.byRefNumber(invoice.number)[0]!.lines, [{ item: 'Pipe', desc: pipe.description }], 'QuickBooks holds only the kept line')
  t.equal(qb.byRefNumber(invoice.number)[0]!.lines.length, 1)
})

// Found by reading the path the crash test exercises: the round that found our lost add in
// QuickBooks cleared "look it up first" on its own, before the transaction that records the add.
t.test('the round confirming a lost add fails after finding it: the add is looked up again, never sent twice', async (t) => {
  const { app, s, qb, credentials, exportInvoice } = await setup(t)
  const invoice = await exportInvoice()
  await runSession(app.app, qb, credentials, { loseResponseOfRound: 0 }) // QuickBooks added it; the answer was lost
  const { ticket, request } = await firstRound(app.app, credentials)
  t.match(request, /<InvoiceQueryRq/, 'QuickBooks is asked first')
  // The round's transaction fails (the database goes away at that moment, say).
  await app.database.db.execute(
    `create function fail_round() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`,
  )
  await app.database.db.execute(
    `create trigger fail_round before update on qbwc_sessions for each row when (new.done_work <> old.done_work) execute function fail_round()`,
  )
  const received = await soapCall(app.app, 'receiveResponseXML', [
    ['ticket', ticket],
    ['response', qb.process(request)],
    ['hresult', ''],
    ['message', ''],
  ])
  t.ok(received.fault, 'the round failed')
  await app.database.db.execute(`drop trigger fail_round on qbwc_sessions`)

  await runSession(app.app, qb, credentials)
  t.equal(qb.byRefNumber(invoice.number).length, 1, 'still exactly one invoice in QuickBooks')
  t.equal(qb.messages.join('').match(/<InvoiceAddRq /g)?.length, 1, 'the add was sent once')
  t.equal((await s.invoice(invoice.id)).status, 'EXPORTED')
})

// Found by the crash test (seed 1034870912, docs/reliability.md item 13): a line deleted here took
// its TxnLineID with it, so when the change deleting it was lost before QuickBooks saw it, the
// line still in QuickBooks read as "added in QuickBooks" and a false Action Required stopped the sync.
t.test(
  'a change deleting a line is lost before QuickBooks saw it: looked up, then sent again, with no false "changed in QuickBooks"',
  async (t) => {
    const { app, s, qb, credentials, invoice, pipe } = await laborLineRemoved(t, 'labor removed')
    const { request } = await firstRound(app.app, credentials)
    t.match(request, /<InvoiceModRq/, 'the change was handed to the Web Connector, which died before QuickBooks saw it')
    t.equal(qb.byRefNumber(invoice.number)[0]!.lines.length, 2, 'QuickBooks still has both lines')

    const before = qb.messages.length
    await runSession(app.app, qb, credentials)
    t.match(
      qb.messages.slice(before).join(''),
      /<InvoiceQueryRq[\s\S]*<InvoiceModRq/,
      'QuickBooks is asked first, then the change is sent again',
    )
    const after = await s.invoice(invoice.id)
    t.equal(after.sync[0].lastError, null, 'no CHANGED_IN_QUICKBOOKS: the line QuickBooks still has is the one this change deletes')
    t.equal(after.syncStatus, 'SYNCED')
    const copy = qb.byRefNumber(invoice.number)[0]!
    t.match(copy, { memo: 'labor removed' })
    t.same(
      copy.lines.map((l) => l.desc),
      [pipe.description],
      'QuickBooks holds only the kept line',
    )
  },
)

t.test(
  'a change deleting a line is answered 3200 (QuickBooks moved on meanwhile): the deleted line is not read as added in QuickBooks',
  async (t) => {
    const { app, s, qb, credentials, invoice, pipe } = await laborLineRemoved(t)
    qb.editInQuickBooks(qb.byRefNumber(invoice.number)[0]!.txnId, () => {}) // only the EditSequence moves (a print, say)
    await runSession(app.app, qb, credentials)
    const after = await s.invoice(invoice.id)
    t.equal(after.sync[0].lastError, null)
    t.equal(after.syncStatus, 'SYNCED')
    t.same(
      qb.byRefNumber(invoice.number)[0]!.lines.map((l) => l.desc),
      [pipe.description],
    )
  },
)
