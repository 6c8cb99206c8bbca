// The heart of the product through the GraphQL door, against a real database: every rule, every
// sync transition, and what a frontend sees.
import t, { type Test } from 'tap'
import { buildTestApp, json } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'
import { ADMIN, CLERK, EDITOR, INVOICE_FIELDS, scenario } from '../helpers/invoices.js'

const UPDATE = `mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) {
  invoice { ${INVOICE_FIELDS} } userErrors { field code message } warnings { code message } } }`
const RESYNC = `mutation($input: ResyncInvoiceInput!) { resyncInvoice(input: $input) { invoice { id syncStatus } userErrors { field code message } } }`
const BYPASS = `mutation($input: BypassInvoiceSyncInput!) { bypassInvoiceSync(input: $input) { invoice { id syncStatus } userErrors { field code message } } }`
const UNLOCK = `mutation($input: UnlockInvoiceInput!) { unlockInvoice(input: $input) { invoice { id unlocked version } userErrors { field code message } warnings { code } } }`

async function setup(t: Test) {
  const app = await buildTestApp(t)
  const s = await scenario(app)
  const update = (input: Record<string, unknown>, userId: string = EDITOR) => s.gql(UPDATE, { input }, { userId })
  return { app, s, update }
}

t.test('an exported invoice: Save & Sync of every editable field queues one change', async (t) => {
  const { app, s, update } = await setup(t)
  const created = await s.createInvoice()
  const exported = await s.exportAndConfirm(created.id)
  t.match(exported, {
    status: 'EXPORTED',
    syncStatus: 'NOT_APPLICABLE',
    version: 1,
    sync: [{ exportStatus: 'EXPORTED', status: 'NOT_APPLICABLE', qbTxnId: /^TXN-/ }],
  })

  const [labor, pipe] = exported.lines
  const r = await update({
    id: created.id,
    expectedVersion: 1,
    decision: 'SAVE_AND_SYNC',
    number: 'INV-9001',
    date: '2026-11-03',
    taxZoneId: null,
    summary: 'Kitchen sink, corrected',
    lines: {
      update: [
        {
          id: labor.id,
          description: 'Three hours',
          quantity: '3',
          unitPrice: '90.00',
          taxable: true,
          cost: '40.00',
          businessUnitId: null,
          inventoryLocationId: 'van3',
        },
      ],
      remove: [pipe.id],
      add: [{ itemId: 'pipe', description: 'PEX pipe', quantity: '2', unitPrice: '9.995', businessUnitId: 'north' }],
    },
  })
  t.same(r.data!.updateInvoice.userErrors, [])
  const invoice = r.data!.updateInvoice.invoice
  t.match(invoice, {
    number: 'INV-9001',
    date: '2026-11-03',
    taxZoneId: null,
    summary: 'Kitchen sink, corrected',
    version: 2,
    syncStatus: 'PENDING',
    total: '289.99',
  })
  t.same(
    invoice.lines.map((l: Record<string, unknown>) => [
      l.description,
      l.quantity,
      l.unitPrice,
      l.amount,
      l.taxable,
      l.cost,
      l.businessUnitId,
      l.inventoryLocationId,
    ]),
    [
      ['Three hours', '3', '90.00', '270.00', true, '40.00', null, 'van3'],
      ['PEX pipe', '2', '9.995', '19.99', false, null, 'north', null],
    ],
  )
  t.match(invoice.sync, [{ status: 'PENDING', exportStatus: 'EXPORTED' }])

  const again = await s.invoice(created.id)
  t.equal(again.version, 2, 'what was saved is what a reload shows')
  t.equal(again.total, '289.99', '270.00 + 19.99 (2 x 9.995 rounded to cents)')

  const audit = (await app.database.db.execute(
    `select from_status, to_status, reason, actor_user_id from sync_status_transitions where invoice_id = '${created.id}' order by id`,
  )) as unknown as { rows: Record<string, unknown>[] }
  t.match(audit.rows, [
    { from_status: 'NOT_APPLICABLE', to_status: 'NOT_APPLICABLE', reason: 'QuickBooks confirmed the invoice', actor_user_id: null },
    { from_status: 'NOT_APPLICABLE', to_status: 'PENDING', reason: 'edited with Save & Sync', actor_user_id: EDITOR },
  ])

  await s.confirmMod(created.id)
  t.match(await s.invoice(created.id), { syncStatus: 'SYNCED', sync: [{ status: 'SYNCED', qbEditSequence: '1700000002' }] })
})

t.test('the rules of editing an exported invoice, each with its code, and nothing saved on refusal', async (t) => {
  const { app, s, update } = await setup(t)
  const invoice = await s.exportAndConfirm((await s.createInvoice()).id)
  const [labor, pipe] = invoice.lines

  const refusals: [string, Record<string, unknown>, string, string | null, string?][] = [
    ['a user without the permission', { decision: 'SAVE_AND_SYNC', summary: 'x' }, 'PERMISSION_DENIED', null, CLERK],
    ['a stale expectedVersion', { expectedVersion: 7, decision: 'SAVE_AND_SYNC', summary: 'x' }, 'VERSION_CONFLICT', 'expectedVersion'],
    ['no decision', { summary: 'x' }, 'DECISION_REQUIRED', 'decision'],
    [
      'removing every line ($0.00)',
      { decision: 'SAVE_AND_SYNC', lines: { remove: [labor.id, pipe.id] } },
      'ZERO_TOTAL_NOT_ALLOWED',
      'lines',
    ],
    [
      'a zero line replacing the others',
      { decision: 'SAVE_AND_SYNC', lines: { remove: [labor.id, pipe.id], add: [{ itemId: 'labor', quantity: '1', unitPrice: '0' }] } },
      'ZERO_TOTAL_NOT_ALLOWED',
      'lines',
    ],
    ['a 12-character number', { decision: 'SAVE_AND_SYNC', number: 'INV-12345678' }, 'INVALID', 'number'],
    [
      'six decimals',
      { decision: 'SAVE_AND_SYNC', lines: { update: [{ id: labor.id, quantity: '1.000001' }] } },
      'INVALID',
      'lines.update.0.quantity',
    ],
    [
      'an unknown item',
      { decision: 'SAVE_AND_SYNC', lines: { add: [{ itemId: 'ghost', quantity: '1', unitPrice: '1' }] } },
      'UNKNOWN_REFERENCE',
      'lines.2.itemId',
    ],
    [
      'an unknown line',
      { decision: 'SAVE_AND_SYNC', lines: { update: [{ id: 'nope', quantity: '1' }] } },
      'UNKNOWN_LINE',
      'lines.update.0.id',
    ],
    ['an unknown user', { decision: 'SAVE_AND_SYNC', summary: 'x' }, 'UNKNOWN_USER', null, 'nobody'],
  ]
  for (const [name, input, code, field, userId] of refusals) {
    const r = await update({ id: invoice.id, expectedVersion: 1, ...input }, userId ?? EDITOR)
    t.same(r.errors, undefined, `${name}: no GraphQL error`)
    t.equal(r.data?.updateInvoice.invoice, null, `${name}: no invoice`)
    t.match(r.data?.updateInvoice.userErrors[0], { code, field }, `${name}: ${r.data?.updateInvoice.userErrors[0]?.message}`)
  }
  const after = await s.invoice(invoice.id)
  t.same(
    { version: after.version, total: after.total, syncStatus: after.syncStatus, number: after.number },
    { version: 1, total: '207.50', syncStatus: 'NOT_APPLICABLE', number: invoice.number },
    'nothing was saved',
  )
  const revisions = (await app.database.db.execute(
    `select count(*)::int as n from invoice_revisions where invoice_id = '${invoice.id}'`,
  )) as unknown as { rows: { n: number }[] }
  t.equal(revisions.rows[0]!.n, 1, 'no revision for a refused change')

  const zeroQuantity = await update({
    id: invoice.id,
    expectedVersion: 1,
    decision: 'SAVE_AND_SYNC',
    lines: {
      update: [
        { id: labor.id, quantity: '0' },
        { id: pipe.id, quantity: '0' },
      ],
    },
  })
  t.same(zeroQuantity.data!.updateInvoice.userErrors, [], 'the $0 rule is about adding and removing lines: zeroing quantities is allowed')

  const impossibleDate = await update({ id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', date: '2026-02-30' })
  t.equal(impossibleDate.status, 400, 'the Date scalar refuses an impossible date')
  t.match(impossibleDate.errors![0], { message: /not a calendar date/ })

  const decimalAsNumber = await s.gql(
    UPDATE,
    { input: { id: invoice.id, expectedVersion: 2, decision: 'SAVE_AND_SYNC', lines: { update: [{ id: labor.id, quantity: 2.5 }] } } },
    { userId: EDITOR },
  )
  t.equal(decimalAsNumber.status, 400)
  t.match(decimalAsNumber.errors![0], { message: /must be sent as strings/, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })
})

t.test('AFP invoices, closed and open accounting periods, and the tenant switch', async (t) => {
  const { app, s, update } = await setup(t)
  const afp = await s.exportAndConfirm((await s.createInvoice({ isAfp: true })).id)
  t.match((await update({ id: afp.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'x' })).data!.updateInvoice.userErrors, [
    { code: 'AFP_NOT_EDITABLE' },
  ])

  await app.request({
    method: 'PUT',
    url: '/v1/accounting-periods/2026-10',
    payload: { startDate: '2026-10-01', endDate: '2026-10-31', closed: true },
  })
  await app.request({
    method: 'PUT',
    url: '/v1/accounting-periods/2026-11',
    payload: { startDate: '2026-11-01', endDate: '2026-11-30', closed: false },
  })
  const invoice = await s.exportAndConfirm((await s.createInvoice()).id)
  const intoClosed = await update({ id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', date: '2026-10-15' })
  t.match(intoClosed.data!.updateInvoice.userErrors, [
    { code: 'PERIOD_CLOSED', field: 'date', message: /closed accounting period 2026-10-01 to 2026-10-31/ },
  ])
  const inOpen = await update({ id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'Open period edit' })
  t.same(inOpen.data!.updateInvoice.userErrors, [])
  t.match(inOpen.data!.updateInvoice.warnings, [{ code: 'ALREADY_SENT_TO_ACCOUNTING', message: /already sent to accounting/ }])

  const oldInvoice = await s.exportAndConfirm((await s.createInvoice({ date: '2026-10-20' })).id)
  t.match(
    (await update({ id: oldInvoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', date: '2026-11-20' })).data!.updateInvoice.userErrors,
    [{ code: 'PERIOD_CLOSED' }],
    'moving out of a closed period is refused too',
  )

  const off = await s.gql(
    'mutation { updateTenantSettings(input: { allowExportedEdits: false }) { settings { allowExportedEdits } userErrors { code } } }',
    {},
    { userId: ADMIN },
  )
  t.same(off.data!.updateTenantSettings, { settings: { allowExportedEdits: false }, userErrors: [] })
  const refused = await update({ id: invoice.id, expectedVersion: 2, decision: 'SAVE_AND_SYNC', summary: 'again' })
  t.match(refused.data!.updateInvoice.userErrors, [{ code: 'EXPORTED_EDITS_DISABLED', message: /adjustment invoice/ }])
  t.match(
    (await s.gql('mutation { updateTenantSettings(input: { allowExportedEdits: true }) { userErrors { code } } }', {}, { userId: CLERK }))
      .data!.updateTenantSettings.userErrors,
    [{ code: 'PERMISSION_DENIED' }],
  )
})

t.test('adjustment invoices carry the difference and go through the normal lifecycle', async (t) => {
  const { s } = await setup(t)
  const original = await s.exportAndConfirm((await s.createInvoice()).id)
  const [labor, pipe] = original.lines
  const r = await s.gql(
    `mutation($input: CreateAdjustmentInvoiceInput!) { createAdjustmentInvoice(input: $input) { invoice { ${INVOICE_FIELDS} adjustsInvoiceId } userErrors { field code message } } }`,
    {
      input: {
        id: original.id,
        number: 'ADJ-1',
        lines: {
          update: [{ id: labor.id, quantity: '3' }],
          remove: [pipe.id],
          add: [{ itemId: 'pipe', quantity: '1', unitPrice: '5.00' }],
        },
      },
    },
  )
  t.same(r.data!.createAdjustmentInvoice.userErrors, [])
  const adjustment = r.data!.createAdjustmentInvoice.invoice
  t.match(adjustment, { number: 'ADJ-1', status: 'PENDING', adjustsInvoiceId: original.id, customerId: 'c1' })
  t.same(
    adjustment.lines.map((l: Record<string, string>) => [l.itemId, l.quantity, l.amount]),
    [
      ['pipe', '-3', '-37.50'],
      ['labor', '-2', '-170.00'],
      ['labor', '3', '255.00'],
      ['pipe', '1', '5.00'],
    ],
  )
  t.equal(adjustment.total, '52.50', 'new total 260.00 minus old 207.50')
  t.equal((await s.invoice(original.id)).version, 1, 'the original is untouched')
  const exported = await s.exportAndConfirm(adjustment.id)
  t.equal(exported.status, 'EXPORTED')
})

t.test('Save & Bypass twice, then one Re-Sync: one pending change with the final state', async (t) => {
  const { app, s, update } = await setup(t)
  const invoice = await s.exportAndConfirm((await s.createInvoice()).id)
  const first = await update({ id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_BYPASS', summary: 'First bypassed edit' })
  t.match(first.data!.updateInvoice.invoice, { syncStatus: 'BYPASSED', version: 2 })
  const second = await update({ id: invoice.id, expectedVersion: 2, decision: 'SAVE_AND_BYPASS', number: 'INV-B2' })
  t.match(second.data!.updateInvoice.invoice, { syncStatus: 'BYPASSED', version: 3 })

  const resync = await s.gql(RESYNC, { input: { id: invoice.id } }, { userId: EDITOR })
  t.same(resync.data!.resyncInvoice, { invoice: { id: invoice.id, syncStatus: 'PENDING' }, userErrors: [] })
  const state = (await app.database.db.execute(
    `select status, pending_version, synced_version from invoice_sync_states where invoice_id = '${invoice.id}'`,
  )) as unknown as { rows: Record<string, unknown>[] }
  t.same(
    state.rows,
    [{ status: 'PENDING', pending_version: 3, synced_version: 1 }],
    'one pending change: version 3, over what QuickBooks has (1)',
  )

  t.match((await s.gql(RESYNC, { input: { id: invoice.id } }, { userId: EDITOR })).data!.resyncInvoice.userErrors, [
    { code: 'ALREADY_PENDING' },
  ])
  t.match((await s.gql(RESYNC, { input: { id: invoice.id } }, { userId: CLERK })).data!.resyncInvoice.userErrors, [
    { code: 'PERMISSION_DENIED' },
  ])
  await s.confirmMod(invoice.id)
  t.equal((await s.invoice(invoice.id)).syncStatus, 'SYNCED')
})

t.test('Action Required: the reason, the report, then Bypass or fix and Re-Sync', async (t) => {
  const { s, update } = await setup(t)
  const invoice = await s.exportAndConfirm((await s.createInvoice()).id)
  await update({
    id: invoice.id,
    expectedVersion: 1,
    decision: 'SAVE_AND_SYNC',
    lines: { add: [{ itemId: 'pipe', quantity: '1', unitPrice: '4.00' }] },
  })
  await s.refuse(invoice.id, {
    code: '3140',
    message: 'The change refers to an item that does not exist in QuickBooks.',
    objects: [{ kind: 'Item', name: 'Pipe' }],
  })

  const shown = await s.invoice(invoice.id)
  t.match(shown, {
    syncStatus: 'ACTION_REQUIRED',
    sync: [
      {
        status: 'ACTION_REQUIRED',
        lastError: {
          code: '3140',
          message: /does not exist/,
          fix: /Re-Sync/,
          helpUrl: /#3140$/,
          objects: [{ kind: 'Item', name: 'Pipe' }],
        },
      },
    ],
  })
  const report = await s.gql('{ syncErrors { invoiceId invoiceNumber connectionName code message fix objects { kind name } at } }')
  t.match(report.data!.syncErrors, [
    {
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      connectionName: 'Main office',
      code: '3140',
      objects: [{ kind: 'Item', name: 'Pipe' }],
    },
  ])

  const filtered = await s.gql('query($f: InvoiceFilter) { invoices(filter: $f) { edges { node { id syncStatus } } } }', {
    f: { syncStatus: 'ACTION_REQUIRED' },
  })
  t.same(
    filtered.data!.invoices.edges.map((e: { node: { id: string } }) => e.node.id),
    [invoice.id],
  )

  const bypassed = await s.gql(BYPASS, { input: { id: invoice.id } }, { userId: EDITOR })
  t.same(bypassed.data!.bypassInvoiceSync, { invoice: { id: invoice.id, syncStatus: 'BYPASSED' }, userErrors: [] })
  t.match((await s.invoice(invoice.id)).sync, [{ lastError: null }], 'the error is cleared once handled')
  t.same((await s.gql('{ syncErrors { invoiceId } }')).data!.syncErrors, [], 'and leaves the report')
  t.match((await s.gql(BYPASS, { input: { id: invoice.id } }, { userId: EDITOR })).data!.bypassInvoiceSync.userErrors, [
    { code: 'INVALID_SYNC_TRANSITION' },
  ])

  await s.refuse(invoice.id, { code: '3140', message: 'again' })
  const resynced = await s.gql(RESYNC, { input: { id: invoice.id } }, { userId: EDITOR })
  t.equal(resynced.data!.resyncInvoice.invoice.syncStatus, 'PENDING', 'fixed in QuickBooks, then Re-Sync')
})

t.test('an edit saved while its sync is in flight stays PENDING for another round', async (t) => {
  const { s, update } = await setup(t)
  const invoice = await s.exportAndConfirm((await s.createInvoice()).id)
  await update({ id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'v2' })
  const sent = await s.markInFlight(invoice.id)
  t.match(
    (await s.gql(BYPASS, { input: { id: invoice.id } }, { userId: EDITOR })).data!.bypassInvoiceSync.userErrors,
    [{ code: 'SYNC_IN_PROGRESS' }],
    'no bypass of a change already on its way',
  )
  await update({ id: invoice.id, expectedVersion: 2, decision: 'SAVE_AND_SYNC', summary: 'v3' })
  await s.confirmMod(invoice.id, sent)
  t.equal((await s.invoice(invoice.id)).syncStatus, 'PENDING', 'QuickBooks has v2; v3 still waits')
  await s.confirmMod(invoice.id)
  t.equal((await s.invoice(invoice.id)).syncStatus, 'SYNCED')
})

t.test('before export: pending invoices are free to edit, posted ones only in business units and type', async (t) => {
  const { s, update } = await setup(t)
  const invoice = await s.createInvoice()
  const free = await update({ id: invoice.id, expectedVersion: 1, summary: 'Free edit', number: 'INV-FREE' }, CLERK)
  t.same(free.data!.updateInvoice.userErrors, [], 'no decision and no special permission before export')
  t.match(free.data!.updateInvoice.invoice, { version: 2, syncStatus: 'NOT_APPLICABLE', status: 'PENDING' })

  const batch = (
    await s.gql(
      'mutation($ids: [ID!]!) { createBatch(input: { invoiceIds: $ids }) { batch { id status invoiceIds } userErrors { code } } }',
      { ids: [invoice.id] },
    )
  ).data!.createBatch.batch
  t.match(batch, { status: 'OPEN', invoiceIds: [invoice.id] })
  t.match(
    (await s.gql('mutation($ids: [ID!]!) { createBatch(input: { invoiceIds: $ids }) { userErrors { code } } }', { ids: [invoice.id] }))
      .data!.createBatch.userErrors,
    [{ code: 'INVOICE_IN_BATCH' }],
  )
  await s.gql('mutation($id: ID!) { postBatch(input: { id: $id }) { batch { status } } }', { id: batch.id })

  const posted = await s.invoice(invoice.id)
  t.equal(posted.status, 'POSTED')
  t.match((await update({ id: invoice.id, expectedVersion: 2, summary: 'not now' })).data!.updateInvoice.userErrors, [
    { code: 'INVOICE_POSTED' },
  ])
  const allowed = await update({
    id: invoice.id,
    expectedVersion: 2,
    invoiceTypeId: 'service',
    lines: { update: [{ id: posted.lines[1].id, businessUnitId: 'north' }] },
  })
  t.same(allowed.data!.updateInvoice.userErrors, [], 'business unit and invoice type stay editable')

  const unposted = await s.gql('mutation($id: ID!) { unpostBatch(input: { id: $id }) { batch { status } userErrors { code } } }', {
    id: batch.id,
  })
  t.same(unposted.data!.unpostBatch, { batch: { status: 'OPEN' }, userErrors: [] })
  t.equal((await s.invoice(invoice.id)).status, 'PENDING')

  const noLines = await s.createInvoice({ lines: [] })
  const b2 = (await s.gql('mutation($ids: [ID!]!) { createBatch(input: { invoiceIds: $ids }) { batch { id } } }', { ids: [noLines.id] }))
    .data!.createBatch.batch
  await s.gql('mutation($id: ID!) { postBatch(input: { id: $id }) { batch { status } } }', { id: b2.id })
  const exported = await s.gql(
    'mutation($id: ID!, $c: ID!) { exportBatch(input: { id: $id, connectionId: $c }) { batch { status skipped { invoiceId reason } } } }',
    { id: b2.id, c: s.connectionId },
  )
  t.match(
    exported.data!.exportBatch.batch.skipped,
    [{ invoiceId: noLines.id, reason: /no lines/ }],
    'invoices without lines are not exported',
  )
  t.match(
    (await s.gql('mutation($id: ID!) { unpostBatch(input: { id: $id }) { userErrors { code } } }', { id: b2.id })).data!.unpostBatch
      .userErrors,
    [{ code: 'INVALID_BATCH_STATE' }],
    'no unposting once exported',
  )
})

t.test('export bypass and the administrator unlock', async (t) => {
  const { s, update } = await setup(t)
  const invoice = await s.createInvoice()
  const batch = (await s.gql('mutation($ids: [ID!]!) { createBatch(input: { invoiceIds: $ids }) { batch { id } } }', { ids: [invoice.id] }))
    .data!.createBatch.batch
  t.match(
    (
      await s.gql(
        'mutation($id: ID!) { bypassBatchExport(input: { id: $id }) { userErrors { code } } }',
        { id: batch.id },
        { userId: EDITOR },
      )
    ).data!.bypassBatchExport.userErrors,
    [{ code: 'PERMISSION_DENIED' }],
  )
  const bypassed = await s.gql(
    'mutation($id: ID!) { bypassBatchExport(input: { id: $id }) { batch { status } userErrors { code } } }',
    { id: batch.id },
    { userId: ADMIN },
  )
  t.same(bypassed.data!.bypassBatchExport, { batch: { status: 'EXPORT_BYPASSED' }, userErrors: [] })
  t.match(await s.invoice(invoice.id), { status: 'EXPORTED', exportBypassed: true })

  t.match(
    (await update({ id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'x' })).data!.updateInvoice.userErrors,
    [{ code: 'SYNC_NOT_POSSIBLE' }],
    'nothing in QuickBooks to update',
  )
  t.match(
    (await update({ id: invoice.id, expectedVersion: 1, summary: 'x' }, CLERK)).data!.updateInvoice.userErrors,
    [{ code: 'PERMISSION_DENIED' }],
    'export-bypassed invoices follow the exported rules',
  )
  t.same(
    (await update({ id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_BYPASS', summary: 'bypassed edit' })).data!.updateInvoice
      .userErrors,
    [],
  )

  t.match((await s.gql(UNLOCK, { input: { id: invoice.id } }, { userId: EDITOR })).data!.unlockInvoice.userErrors, [
    { code: 'PERMISSION_DENIED' },
  ])
  const unlocked = await s.gql(UNLOCK, { input: { id: invoice.id } }, { userId: ADMIN })
  t.same(unlocked.data!.unlockInvoice, { invoice: { id: invoice.id, unlocked: true, version: 3 }, userErrors: [], warnings: [] })
  t.same((await update({ id: invoice.id, expectedVersion: 3, summary: 'freely editable again' }, CLERK)).data!.updateInvoice.userErrors, [])

  const synced = await s.exportAndConfirm((await s.createInvoice()).id)
  t.match((await s.gql(UNLOCK, { input: { id: synced.id } }, { userId: ADMIN })).data!.unlockInvoice.userErrors, [
    { code: 'UNLOCK_NOT_ALLOWED' },
  ])
})

t.test('revisions: every saved edit with its snapshot, diff, actor and decision', async (t) => {
  const { s, update } = await setup(t)
  const invoice = await s.exportAndConfirm((await s.createInvoice()).id)
  await update({
    id: invoice.id,
    expectedVersion: 1,
    decision: 'SAVE_AND_BYPASS',
    lines: { update: [{ id: invoice.lines[0].id, quantity: '4' }] },
  })
  await update({ id: invoice.id, expectedVersion: 2, decision: 'SAVE_AND_SYNC', summary: 'Second' })
  const r = await s.gql(
    'query($id: ID!) { invoice(id: $id) { revisions { edges { node { version decision actorUserId diff snapshot } } } } }',
    { id: invoice.id },
  )
  const revisions = r.data!.invoice.revisions.edges.map((e: { node: unknown }) => e.node)
  t.same(
    revisions.map((v: Record<string, unknown>) => [v.version, v.decision, v.actorUserId]),
    [
      [1, 'CREATE', null],
      [2, 'SAVE_AND_BYPASS', EDITOR],
      [3, 'SAVE_AND_SYNC', EDITOR],
    ],
  )
  t.match(revisions[1].diff, { fields: {}, linesChanged: [{ id: invoice.lines[0].id, fields: { quantity: { from: '2', to: '4' } } }] })
  t.match(revisions[2].diff, { fields: { summary: { from: 'Kitchen sink', to: 'Second' } }, linesChanged: [] })
  t.equal(revisions[2].snapshot.summary, 'Second')
  t.equal(revisions[2].snapshot.lines[0].quantity, '4')
})

t.test('20 concurrent updates with the same expectedVersion: exactly one wins, no lost update', async (t) => {
  const { s, update } = await setup(t)
  const invoice = await s.exportAndConfirm((await s.createInvoice()).id)
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => update({ id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: `writer ${i}` })),
  )
  const winners = results.filter((r) => r.data!.updateInvoice.userErrors.length === 0)
  const conflicts = results.filter((r) => r.data!.updateInvoice.userErrors[0]?.code === 'VERSION_CONFLICT')
  t.equal(winners.length, 1, 'one winner')
  t.equal(conflicts.length, 19, 'nineteen VERSION_CONFLICT')
  const final = await s.invoice(invoice.id)
  t.equal(final.version, 2)
  t.equal(final.summary, winners[0]!.data!.updateInvoice.invoice.summary, "the winner's edit is the one stored")
})

t.test('lists: keyset pages, filters, a constant number of queries, and tenant isolation', async (t) => {
  let queries = 0
  const testDatabase = await createTestDatabase(t)
  const counted = await testDatabase.open({ onQuery: () => queries++ })
  // No webhook worker: its polling would be counted with the page's queries.
  const counting = await buildTestApp(t, { testDatabase, database: counted, env: { WEBHOOKS_WORKER: 'false' } })
  const s = await scenario(counting)
  const ids: string[] = []
  for (let i = 0; i < 12; i++) ids.push((await s.createInvoice()).id)
  await s.exportAndConfirm(ids[0]!)

  const page = (first: number, after?: string) =>
    s.gql(
      `query($first: Int, $after: String) { invoices(first: $first, after: $after) { edges { cursor node { id number total syncStatus lines { id amount item { name } } sync { status } customer { name } } } pageInfo { hasNextPage endCursor } } }`,
      { first, after },
    )
  const p1 = await page(5)
  const p2 = await page(5, p1.data!.invoices.pageInfo.endCursor)
  const p3 = await page(5, p2.data!.invoices.pageInfo.endCursor)
  const seen = [p1, p2, p3].flatMap((p) => p.data!.invoices.edges.map((e: { node: { id: string } }) => e.node.id))
  t.same(seen, [...ids].reverse(), 'newest first, every invoice once across pages')
  t.same(
    [p1, p2, p3].map((p) => p.data!.invoices.pageInfo.hasNextPage),
    [true, true, false],
  )
  t.same(
    p1.data!.invoices.edges[0].node.lines.map((l: { item: { name: string } }) => l.item.name),
    ['Labor', 'Pipe'],
    'lines carry their item',
  )

  const exported = await s.gql('query($f: InvoiceFilter) { invoices(filter: $f) { edges { node { id } } } }', { f: { status: 'EXPORTED' } })
  t.same(
    exported.data!.invoices.edges.map((e: { node: { id: string } }) => e.node.id),
    [ids[0]],
  )
  const byConnection = await s.gql('query($f: InvoiceFilter) { invoices(filter: $f) { edges { node { id } } } }', {
    f: { connectionId: s.connectionId },
  })
  t.same(byConnection.data!.invoices.edges.length, 1)
  t.match(await s.gql('{ invoices(after: "garbage") { edges { cursor } } }'), { errors: [{ extensions: { code: 'VALIDATION_FAILED' } }] })

  queries = 0
  await page(5)
  const forFive = queries
  for (let i = 0; i < 40; i++) await s.createInvoice()
  queries = 0
  await page(50)
  t.equal(
    queries,
    forFive,
    `a page of 50 invoices with lines, items, customers and sync states takes ${queries} queries, as a page of 5 does`,
  )

  const other = json(await counting.request({ method: 'POST', url: '/v1/tenants', payload: { name: 'Other Co' } }))
  const theirs = await s.gql(
    'query($id: ID!) { invoice(id: $id) { id } invoices { edges { node { id } } } }',
    { id: ids[0] },
    { as: other.apiKey },
  )
  t.same(theirs.data, { invoice: null, invoices: { edges: [] } }, 'another tenant sees none of it')
  const theirUpdate = await s.gql(
    UPDATE,
    { input: { id: ids[0], expectedVersion: 1, decision: 'SAVE_AND_BYPASS', summary: 'hijack' } },
    { as: other.apiKey },
  )
  t.match(theirUpdate.data!.updateInvoice.userErrors, [{ code: 'INVOICE_NOT_FOUND' }])
})

t.test('query depth and cost limits refuse abusive queries before running them', async (t) => {
  const { s } = await setup(t)
  const wide = `{ ${Array.from({ length: 10 }, (_, i) => `a${i}: invoices(first: 100) { edges { node { lines { id amount } revisions { edges { node { version } } } } } }`).join(' ')} }`
  const tooCostly = await s.gql(wide)
  t.equal(tooCostly.status, 400)
  t.match(tooCostly.errors![0], { message: /would cost \d+ \(limit 5000\)/, extensions: { code: 'QUERY_TOO_COSTLY' } })
  const deep = await s.gql(
    `{ invoices { edges { node { lines { item { id } } } } } __type(name: "Invoice") { fields { type { ${'ofType { '.repeat(8)}name${' }'.repeat(8)} } } } }`,
  )
  t.equal(deep.status, 400, 'too deep')
  t.equal(deep.errors![0]!.extensions!.code, 'QUERY_TOO_DEEP')
  const fine = await s.gql('{ invoices(first: 50) { edges { node { id lines { id } sync { status } } } } }')
  t.equal(fine.status, 200)
})
