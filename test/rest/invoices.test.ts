// The REST invoice door on the real database: the same use cases and rules as GraphQL, the same
// field names, problem+json with the rule's code; every response checked against openapi.yaml.
import t, { type Test } from 'tap'
import { buildTestApp, json } from '../helpers/app.js'
import { ADMIN, CLERK, EDITOR, INVOICE_FIELDS, scenario } from '../helpers/invoices.js'
import { checkedRequest } from '../helpers/openapi.js'

const invoiceBody = (overrides: Record<string, unknown> = {}) => ({
  number: 'INV-1',
  date: '2026-11-02',
  customerId: 'c1',
  taxZoneId: 'tx',
  summary: 'Kitchen sink',
  lines: [
    { itemId: 'labor', description: 'Two hours', quantity: '2', unitPrice: '85.00', businessUnitId: 'north' },
    { itemId: 'pipe', description: 'Copper pipe', quantity: '3', unitPrice: '12.50', taxable: true, inventoryLocationId: 'van3' },
  ],
  ...overrides,
})

async function setup(t: Test) {
  const app = await buildTestApp(t)
  const s = await scenario(app)
  const api = checkedRequest(t, app)
  const as = (userId: string) => ({ 'x-user-id': userId })
  /** Created through REST, then batched, exported and confirmed by "QuickBooks". */
  const exported = async (overrides: Record<string, unknown> = {}) => {
    const res = await api({
      method: 'POST',
      url: '/v1/invoices',
      payload: invoiceBody({ number: `E-${Math.floor(Math.random() * 1e6)}`, ...overrides }),
    })
    const invoice = json(res)
    await s.exportAndConfirm(invoice.id)
    return json(await api({ method: 'GET', url: `/v1/invoices/${invoice.id}` }))
  }
  return { app, s, api, as, exported }
}

t.test('POST /v1/invoices creates; GET reads it with the GraphQL field names and exact decimals', async (t) => {
  const { app, s, api } = await setup(t)
  const res = await api({ method: 'POST', url: '/v1/invoices', payload: invoiceBody({ externalId: 'src-1' }) })
  t.equal(res.statusCode, 201)
  const created = json(res)
  t.equal(res.headers.location, `/v1/invoices/${created.id}`)
  t.match(created, {
    externalId: 'src-1',
    number: 'INV-1',
    date: '2026-11-02',
    status: 'PENDING',
    version: 1,
    total: '207.50',
    syncStatus: 'NOT_APPLICABLE',
    sync: [],
  })
  t.same(
    created.lines.map((l: Record<string, unknown>) => [l.quantity, l.unitPrice, l.amount, l.taxable]),
    [
      ['2', '85.00', '170.00', false],
      ['3', '12.50', '37.50', true],
    ],
  )

  const read = await api({ method: 'GET', url: res.headers.location as string })
  t.equal(read.statusCode, 200)
  const viaGraphql = await s.invoice(created.id)
  const restView = json(read)
  for (const field of INVOICE_FIELDS.split(/\s+/).filter(
    (f) => /^[a-zA-Z]+$/.test(f) && f in viaGraphql && typeof viaGraphql[f] !== 'object',
  )) {
    t.same(restView[field], viaGraphql[field], `${field} is the same through both doors`)
  }
  t.same(restView.lines, viaGraphql.lines, 'lines are the same through both doors')

  const again = await api({ method: 'POST', url: '/v1/invoices', payload: invoiceBody({ externalId: 'src-1', number: 'INV-2' }) })
  t.equal(again.statusCode, 409)
  t.match(json(again), { code: 'EXTERNAL_ID_TAKEN', errors: [{ field: 'externalId' }] })
  t.ok(app)
})

t.test('invalid invoices are refused with each bad field named, and nothing is saved', async (t) => {
  const { api } = await setup(t)
  const cases: [Record<string, unknown>, number, string, { field: string; code: string }[]][] = [
    [invoiceBody({ number: 'INV-0000000001' }), 400, 'VALIDATION_FAILED', [{ field: 'number', code: 'INVALID' }]],
    [
      invoiceBody({ date: '2026-02-30', colour: 'red' }),
      400,
      'VALIDATION_FAILED',
      [
        { field: 'date', code: 'INVALID' },
        { field: 'colour', code: 'UNKNOWN_FIELD' },
      ],
    ],
    [
      invoiceBody({ lines: [{ itemId: 'labor', quantity: 2, unitPrice: '1.00' }] }),
      400,
      'VALIDATION_FAILED',
      [{ field: 'lines.0.quantity', code: 'INVALID' }],
    ],
    [invoiceBody({ customerId: 'nobody' }), 400, 'VALIDATION_FAILED', [{ field: 'customerId', code: 'UNKNOWN_REFERENCE' }]],
    [{ date: '2026-11-02', customerId: 'c1' }, 400, 'VALIDATION_FAILED', [{ field: 'number', code: 'REQUIRED' }]],
  ]
  for (const [payload, status, code, errors] of cases) {
    const res = await api({ method: 'POST', url: '/v1/invoices', payload })
    t.equal(res.statusCode, status, JSON.stringify(payload).slice(0, 80))
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.equal(json(res).code, code)
    t.same(
      json(res).errors.map((e: { field: string; code: string }) => ({ field: e.field, code: e.code })),
      errors,
    )
  }
  const notJson = await api({
    method: 'POST',
    url: '/v1/invoices',
    headers: { 'content-type': 'application/json' },
    payload: '{"number": ',
  })
  t.equal(notJson.statusCode, 400)
  t.equal(json(notJson).code, 'INVALID_JSON')
  t.same(json(await api({ method: 'GET', url: '/v1/invoices' })).items, [], 'nothing was saved')
})

t.test('GET /v1/invoices pages newest first with a next cursor, and filters', async (t) => {
  const { api, exported, s } = await setup(t)
  const ids: string[] = []
  for (const number of ['L-1', 'L-2', 'L-3'])
    ids.push(json(await api({ method: 'POST', url: '/v1/invoices', payload: invoiceBody({ number }) })).id)
  const first = json(await api({ method: 'GET', url: '/v1/invoices?first=2' }))
  t.same(
    first.items.map((i: { number: string }) => i.number),
    ['L-3', 'L-2'],
  )
  t.type(first.nextCursor, 'string')
  t.equal(first.items[0].lines.length, 2, 'each item carries its lines')
  const second = json(await api({ method: 'GET', url: `/v1/invoices?first=2&after=${encodeURIComponent(first.nextCursor)}` }))
  t.same(
    second.items.map((i: { number: string }) => i.number),
    ['L-1'],
  )
  t.equal(second.nextCursor, null, 'the last page has no next cursor')

  const shipped = await exported({ number: 'X-1' })
  const pending = json(await api({ method: 'GET', url: '/v1/invoices?status=PENDING' }))
  t.same(pending.items.map((i: { number: string }) => i.number).sort(), ['L-1', 'L-2', 'L-3'])
  const onConnection = json(await api({ method: 'GET', url: `/v1/invoices?connectionId=${s.connectionId}&syncStatus=NOT_APPLICABLE` }))
  t.same(
    onConnection.items.map((i: { id: string }) => i.id),
    [shipped.id],
  )
  t.match(onConnection.items[0], {
    status: 'EXPORTED',
    syncStatus: 'NOT_APPLICABLE',
    sync: [{ connectionId: s.connectionId, exportStatus: 'EXPORTED', status: 'NOT_APPLICABLE', qbTxnId: /^TXN-/ }],
  })

  for (const [query, field] of [
    ['first=0', 'first'],
    ['first=abc', 'first'],
    ['syncStatus=LOST', 'filter.syncStatus'],
    ['after=not-a-cursor', 'after'],
    ['sync_status=PENDING', 'sync_status'],
  ] as const) {
    const res = await api({ method: 'GET', url: `/v1/invoices?${query}` })
    t.equal(res.statusCode, 400, query)
    t.equal(json(res).errors[0].field, field, query)
  }
  t.same(
    json(await api({ method: 'GET', url: '/v1/invoices?connectionId=not-a-uuid' })).items,
    [],
    'a connection id that cannot exist matches nothing',
  )
})

t.test('GET /v1/invoices/{id}: unknown ids and other tenants are 404', async (t) => {
  const { api, app } = await setup(t)
  const mine = json(await api({ method: 'POST', url: '/v1/invoices', payload: invoiceBody() }))
  for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
    const res = await api({ method: 'GET', url: `/v1/invoices/${id}` })
    t.equal(res.statusCode, 404)
    t.equal(json(res).code, 'INVOICE_NOT_FOUND')
  }
  const other = json(await app.request({ method: 'POST', url: '/v1/tenants', payload: { name: 'Other Co' } }))
  const res = await api({ method: 'GET', url: `/v1/invoices/${mine.id}`, as: other.apiKey })
  t.equal(res.statusCode, 404, "another tenant's invoice does not exist for this key")
  const edit = await api({
    method: 'PATCH',
    url: `/v1/invoices/${mine.id}`,
    as: other.apiKey,
    payload: { expectedVersion: 1, summary: 'x' },
  })
  t.equal(edit.statusCode, 404)
})

t.test('PATCH /v1/invoices/{id}: the updateInvoice rules, as problem+json with their codes', async (t) => {
  const { api, as, exported, app } = await setup(t)
  const invoice = await exported()
  const url = `/v1/invoices/${invoice.id}`
  const lineId = invoice.lines[0].id

  const stale = await api({
    method: 'PATCH',
    url,
    headers: as(EDITOR),
    payload: { expectedVersion: invoice.version + 1, decision: 'SAVE_AND_SYNC', summary: 'x' },
  })
  t.equal(stale.statusCode, 409)
  t.match(json(stale), { code: 'VERSION_CONFLICT', errors: [{ field: 'expectedVersion', code: 'VERSION_CONFLICT' }] })

  const forbidden = await api({
    method: 'PATCH',
    url,
    headers: as(CLERK),
    payload: { expectedVersion: invoice.version, decision: 'SAVE_AND_SYNC', summary: 'x' },
  })
  t.equal(forbidden.statusCode, 403)
  t.equal(json(forbidden).code, 'PERMISSION_DENIED')

  const unknownUser = await api({ method: 'PATCH', url, headers: as('ghost'), payload: { expectedVersion: invoice.version, summary: 'x' } })
  t.equal(unknownUser.statusCode, 403)
  t.equal(json(unknownUser).code, 'UNKNOWN_USER')

  const noDecision = await api({ method: 'PATCH', url, headers: as(EDITOR), payload: { expectedVersion: invoice.version, summary: 'x' } })
  t.equal(noDecision.statusCode, 400)
  t.match(json(noDecision), { code: 'DECISION_REQUIRED', errors: [{ field: 'decision' }] })

  const zero = await api({
    method: 'PATCH',
    url,
    headers: as(EDITOR),
    payload: {
      expectedVersion: invoice.version,
      decision: 'SAVE_AND_SYNC',
      lines: { remove: invoice.lines.map((l: { id: string }) => l.id) },
    },
  })
  t.equal(zero.statusCode, 422)
  t.match(json(zero), { code: 'ZERO_TOTAL_NOT_ALLOWED', errors: [{ field: 'lines', code: 'ZERO_TOTAL_NOT_ALLOWED' }] })

  await app.request({
    method: 'PUT',
    url: '/v1/accounting-periods/oct',
    payload: { startDate: '2026-10-01', endDate: '2026-10-31', closed: true },
  })
  const closed = await api({
    method: 'PATCH',
    url,
    headers: as(EDITOR),
    payload: { expectedVersion: invoice.version, decision: 'SAVE_AND_SYNC', date: '2026-10-15' },
  })
  t.equal(closed.statusCode, 422)
  t.match(json(closed), { code: 'PERIOD_CLOSED', errors: [{ field: 'date' }] })

  const idInBody = await api({
    method: 'PATCH',
    url,
    headers: as(EDITOR),
    payload: { id: invoice.id, expectedVersion: invoice.version, decision: 'SAVE_AND_SYNC', summary: 'x' },
  })
  t.equal(idInBody.statusCode, 400)
  t.match(json(idInBody), { code: 'VALIDATION_FAILED', errors: [{ field: 'id', code: 'UNKNOWN_FIELD' }] })

  const unchanged = json(await api({ method: 'GET', url }))
  t.equal(unchanged.version, invoice.version, 'no refused edit saved anything')
  t.equal(unchanged.summary, invoice.summary)

  await app.request({
    method: 'PUT',
    url: '/v1/accounting-periods/nov',
    payload: { startDate: '2026-11-01', endDate: '2026-11-30', closed: false },
  })
  const saved = await api({
    method: 'PATCH',
    url,
    headers: as(EDITOR),
    payload: { expectedVersion: invoice.version, decision: 'SAVE_AND_SYNC', lines: { update: [{ id: lineId, quantity: '3' }] } },
  })
  t.equal(saved.statusCode, 200)
  const body = json(saved)
  t.match(body.invoice, { version: invoice.version + 1, total: '292.50', syncStatus: 'PENDING' })
  t.equal(body.invoice.lines[0].quantity, '3')
  t.same(
    body.warnings.map((w: { code: string }) => w.code),
    ['ALREADY_SENT_TO_ACCOUNTING'],
  )
})

t.test('resync, bypass and unlock act through the same service as GraphQL, with permissions checked', async (t) => {
  const { api, as, exported, s, app } = await setup(t)
  const invoice = await exported()
  const url = `/v1/invoices/${invoice.id}`
  await api({
    method: 'PATCH',
    url,
    headers: as(EDITOR),
    payload: { expectedVersion: invoice.version, decision: 'SAVE_AND_BYPASS', summary: 'Only here' },
  })

  const clerk = await api({ method: 'POST', url: `${url}/resync`, headers: as(CLERK) })
  t.equal(clerk.statusCode, 403)
  const resynced = await api({ method: 'POST', url: `${url}/resync`, headers: as(EDITOR) })
  t.equal(resynced.statusCode, 200)
  t.match(json(resynced), { invoice: { syncStatus: 'PENDING' }, warnings: [] })

  await s.refuse(invoice.id, { code: '3140', message: 'The customer is missing', objects: [{ kind: 'Customer', name: 'Acme Plumbing' }] })
  const refused = json(await api({ method: 'GET', url }))
  t.match(refused, {
    syncStatus: 'ACTION_REQUIRED',
    sync: [{ lastError: { code: '3140', message: 'The customer is missing', objects: [{ kind: 'Customer', name: 'Acme Plumbing' }] } }],
  })

  const wrongConnection = await api({
    method: 'POST',
    url: `${url}/bypass`,
    headers: as(EDITOR),
    payload: { connectionId: '00000000-0000-4000-8000-000000000000' },
  })
  t.equal(wrongConnection.statusCode, 409)
  t.equal(json(wrongConnection).code, 'SYNC_NOT_POSSIBLE')
  const bypassed = await api({ method: 'POST', url: `${url}/bypass`, headers: as(EDITOR), payload: { connectionId: s.connectionId } })
  t.equal(bypassed.statusCode, 200)
  t.equal(json(bypassed).invoice.syncStatus, 'BYPASSED')

  const notUnlockable = await api({ method: 'POST', url: `${url}/unlock`, headers: as(ADMIN) })
  t.equal(notUnlockable.statusCode, 409)
  t.equal(json(notUnlockable).code, 'UNLOCK_NOT_ALLOWED')

  // An invoice whose export was bypassed can be unlocked, by an administrator only.
  const other = json(await api({ method: 'POST', url: '/v1/invoices', payload: invoiceBody({ number: 'BYP-1' }) }))
  const batch = json(await api({ method: 'POST', url: '/v1/batches', payload: { invoiceIds: [other.id] } }))
  await api({ method: 'POST', url: `/v1/batches/${batch.id}/bypass-export`, headers: as(ADMIN), payload: {} })
  const byEditor = await api({ method: 'POST', url: `/v1/invoices/${other.id}/unlock`, headers: as(EDITOR) })
  t.equal(byEditor.statusCode, 403)
  t.equal(json(byEditor).code, 'PERMISSION_DENIED')
  const unlocked = await api({ method: 'POST', url: `/v1/invoices/${other.id}/unlock`, headers: as(ADMIN), payload: {} })
  t.equal(unlocked.statusCode, 200)
  t.match(json(unlocked).invoice, { unlocked: true, exportBypassed: true, version: 2 })
  t.ok(app)
})

t.test('adjustment invoices and revisions', async (t) => {
  const { api, as, exported } = await setup(t)
  const invoice = await exported()
  const adjustment = await api({
    method: 'POST',
    url: `/v1/invoices/${invoice.id}/adjustments`,
    headers: as(EDITOR),
    payload: { number: 'ADJ-1', lines: { update: [{ id: invoice.lines[0].id, quantity: '3' }] } },
  })
  t.equal(adjustment.statusCode, 201)
  const created = json(adjustment)
  t.equal(adjustment.headers.location, `/v1/invoices/${created.id}`)
  t.match(created, { number: 'ADJ-1', adjustsInvoiceId: invoice.id, status: 'PENDING', total: '85.00' })
  t.same(
    created.lines.map((l: { quantity: string }) => l.quantity),
    ['-2', '3'],
  )

  await api({
    method: 'PATCH',
    url: `/v1/invoices/${invoice.id}`,
    headers: as(EDITOR),
    payload: { expectedVersion: invoice.version, decision: 'SAVE_AND_SYNC', summary: 'Changed' },
  })
  const revisions = await api({ method: 'GET', url: `/v1/invoices/${invoice.id}/revisions` })
  t.equal(revisions.statusCode, 200)
  t.match(json(revisions).items, [
    { version: 1, decision: 'CREATE', actorUserId: null },
    { version: 2, decision: 'SAVE_AND_SYNC', actorUserId: EDITOR, diff: { fields: { summary: { from: 'Kitchen sink', to: 'Changed' } } } },
  ])
  const missing = await api({ method: 'GET', url: '/v1/invoices/00000000-0000-4000-8000-000000000000/revisions' })
  t.equal(missing.statusCode, 404)
})

t.test('GET /v1/sync-errors is the pending export report', async (t) => {
  const { api, exported, s } = await setup(t)
  const invoice = await exported()
  t.same(json(await api({ method: 'GET', url: '/v1/sync-errors' })), { items: [], nextCursor: null })
  await s.refuse(invoice.id, { code: '3140', message: 'The item is missing', objects: [{ kind: 'Item', name: 'Labor' }] })
  const report = json(await api({ method: 'GET', url: `/v1/sync-errors?connectionId=${s.connectionId}&first=10` }))
  t.equal(report.nextCursor, null)
  t.match(report.items, [
    {
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      connectionId: s.connectionId,
      connectionName: 'Main office',
      code: '3140',
      message: 'The item is missing',
      objects: [{ kind: 'Item', name: 'Labor' }],
    },
  ])
  t.same(json(await api({ method: 'GET', url: '/v1/sync-errors?connectionId=00000000-0000-4000-8000-000000000000' })), {
    items: [],
    nextCursor: null,
  })
  for (const query of ['first=0', 'first=x', 'colour=red', 'after=nonsense']) {
    const res = await api({ method: 'GET', url: `/v1/sync-errors?${query}` })
    t.equal(res.statusCode, 400, query)
  }
})

t.test('find invoices: by the source app id, number, customer, dates, export and payment status; a direct lookup', async (t) => {
  const { api, exported, s, app } = await setup(t)
  const make = async (overrides: Record<string, unknown>) =>
    json(await api({ method: 'POST', url: '/v1/invoices', payload: invoiceBody(overrides) }))
  const a = await make({ number: 'F-100', externalId: 'job-77', date: '2026-10-01' })
  const b = await make({ number: 'f-200', customerId: 'c2', date: '2026-11-15' })
  const c = await exported({ number: 'F-300', date: '2026-11-20' })
  const numbers = async (query: string) => {
    const res = await api({ method: 'GET', url: `/v1/invoices?${query}` })
    t.equal(res.statusCode, 200, query)
    return (json(res).items as { number: string }[]).map((i) => i.number).sort()
  }
  t.same(await numbers('externalId=job-77'), ['F-100'])
  t.same(await numbers('number=F-200'), ['f-200'], 'the number ignoring case, as QuickBooks compares it')
  t.same(await numbers('customerId=c2'), ['f-200'])
  t.same(await numbers('dateFrom=2026-11-01'), ['F-300', 'f-200'])
  t.same(await numbers('dateFrom=2026-11-01&dateTo=2026-11-15'), ['f-200'], 'both ends inclusive')
  t.same(await numbers('exportStatus=EXPORTED'), ['F-300'])
  t.same(await numbers(`exportStatus=EXPORTED&connectionId=${s.connectionId}&customerId=c1`), ['F-300'])
  t.same(await numbers('paymentStatus=PAID'), [], 'nothing read as paid yet')
  await app.database.db.execute(`update invoice_sync_states set payment_status = 'PAID' where invoice_id = '${c.id}'`)
  t.same(await numbers('paymentStatus=PAID'), ['F-300'])
  for (const bad of ['dateFrom=yesterday', 'exportStatus=SHIPPED', 'paymentStatus=SOME', 'color=red']) {
    const res = await api({ method: 'GET', url: `/v1/invoices?${bad}` })
    t.equal(res.statusCode, 400, bad)
    t.equal(json(res).code, 'VALIDATION_FAILED', bad)
  }

  const found = await api({ method: 'GET', url: '/v1/invoices/by-external-id/job-77' })
  t.equal(found.statusCode, 200)
  t.equal(json(found).id, a.id)
  const missing = await api({ method: 'GET', url: '/v1/invoices/by-external-id/job-404' })
  t.equal(missing.statusCode, 404)
  t.equal(json(missing).code, 'INVOICE_NOT_FOUND')
  const gql = await s.gql(
    `query { invoiceByExternalId(externalId: "job-77") { id number } none: invoiceByExternalId(externalId: "job-404") { id }
      invoices(filter: { number: "F-200", dateFrom: "2026-11-01" }) { edges { node { id } } } }`,
  )
  t.same(gql.data!.invoiceByExternalId, { id: a.id, number: 'F-100' })
  t.equal(gql.data!.none, null)
  t.same(
    gql.data!.invoices.edges.map((e: { node: { id: string } }) => e.node.id),
    [b.id],
  )
})
