// QuickBooks' lists read back, end to end through /qbwc, REST and GraphQL: customers (with jobs),
// items, classes, sales tax items and codes and sites are read (iterators where the list has one,
// then by modification date), matched to reference data ignoring case, listed when unmatched on
// either side, linked explicitly by ListID; a rename in QuickBooks follows the link, so the next
// export or change uses the new name instead of failing with 3140; a list too large for one
// session is read through over several without ever continuing an iterator of a dead session.
import t, { type Test } from 'tap'
import { type FakeQuickBooks, hcpResponse } from '../helpers/fake-quickbooks.js'
import { ADMIN, CLERK, EDITOR, UPDATE_INVOICE, webConnectorScenario } from '../helpers/invoices.js'
import { checkedRequest } from '../helpers/openapi.js'
import { runSession } from '../helpers/web-connector.js'
import { buildWebhookApp } from '../webhooks/helpers.js'

const HCP = hcpResponse({ classTracking: true, salesTax: true, inventorySites: true })

async function setup(t: Test, env: Record<string, string> = {}) {
  const app = await buildWebhookApp(t, { QB_READ_BACK: 'true', QB_READ_LISTS: 'true', QB_READ_INTERVAL_SECONDS: '0', ...env })
  const ctx = await webConnectorScenario(app)
  const api = checkedRequest(t, app)
  const get = async (url: string) => {
    const res = await api({ method: 'GET', url })
    t.equal(res.statusCode, 200, `GET ${url}`)
    return JSON.parse(res.body) as { items: Record<string, any>[]; nextCursor: string | null }
  }
  const run = () => runSession(app.app, ctx.qb, ctx.credentials, { hcp: HCP })
  const base = `/v1/connections/${ctx.connectionId}`
  return { app, ...ctx, api, get, run, base }
}

const sent = (qb: FakeQuickBooks, type: string) => qb.messages.filter((m) => m.includes(`<${type} `))

t.test('lists are read whole, matched ignoring case, and what is unmatched is listed on both sides', async (t) => {
  const { qb, run, get, base, exportInvoice, s, connectionId } = await setup(t)
  qb.customers.add('ACME PLUMBING').add('ACME PLUMBING:Kitchen remodel').add('Zed Roofing')
  qb.items.add('Fitting', { type: 'ItemInventoryRet' }).add('Discount 10%', { type: 'ItemDiscountRet' })
  const first = await run()
  t.equal(first.authenticate[1], '', 'nothing to write, but the lists are due: the Web Connector gets a session')
  for (const type of ['CustomerQueryRq', 'ItemQueryRq', 'ClassQueryRq', 'SalesTaxCodeQueryRq', 'InventorySiteQueryRq'])
    t.equal(sent(qb, type).length, 1, `${type}: read once`)
  t.match(sent(qb, 'CustomerQueryRq')[0], /iterator="Start"[\s\S]*<MaxReturned>200<\/MaxReturned><ActiveStatus>All<\/ActiveStatus>/)
  t.notMatch(sent(qb, 'CustomerQueryRq')[0], /FromModifiedDate/, 'the first read is the whole list')
  t.notMatch(sent(qb, 'ClassQueryRq')[0], /iterator=|MaxReturned/, 'classes have no iterator in the schema')
  t.notMatch(qb.messages.join(''), /InvoiceQueryRq/, 'no invoice of ours in QuickBooks yet: no invoice read')

  const unmatched = await get(`${base}/unmatched`)
  t.same(
    unmatched.items.map((i) => `${i.side} ${i.kind} ${i.name}`),
    [
      'QUICKBOOKS BUSINESS_UNIT South',
      'QUICKBOOKS CUSTOMER ACME PLUMBING:Kitchen remodel',
      'QUICKBOOKS CUSTOMER Zed Roofing',
      'QUICKBOOKS ITEM Fitting',
      'QUICKBOOKS TAX_ZONE Williamson County',
      'SERVICE CUSTOMER Bolt Electric',
    ],
    'a job and a customer nobody here names; a class and a sales tax item; the discount item is no type invoices use; Bolt Electric is not in QuickBooks',
  )
  t.match(unmatched.items[1], { listId: /\S/, referenceId: null, qbType: 'CustomerRet' })
  t.match(unmatched.items[5], { referenceId: 'c2', listId: null })
  const onlyService = await get(`${base}/unmatched?side=SERVICE&kind=CUSTOMER`)
  t.same(
    onlyService.items.map((i) => i.name),
    ['Bolt Electric'],
  )
  const paged = await get(`${base}/unmatched?first=4`)
  t.equal(paged.items.length, 4)
  const rest = await get(`${base}/unmatched?first=4&after=${paged.nextCursor}`)
  t.same(
    [...paged.items, ...rest.items].map((i) => i.name),
    unmatched.items.map((i) => i.name),
    'pages follow each other',
  )
  t.equal(rest.nextCursor, null)

  const links = await get(`${base}/links?kind=CUSTOMER`)
  t.match(links.items, [{ kind: 'CUSTOMER', referenceId: 'c1', fullName: 'ACME PLUMBING', linkedBy: 'NAME', active: true }])
  const reads = await get(`${base}/list-reads`)
  t.ok(
    reads.items.every((r) => r.lastCompletedAt && !r.passUnderWay),
    'every list read through',
  )
  const codes = await get(`${base}/quickbooks-entries?list=SALES_TAX_CODE`)
  t.same(
    codes.items.map((c) => c.fullName),
    ['Non', 'Tax'],
    'sales tax codes are kept to be listed',
  )

  // The export uses QuickBooks' name of the linked customer: nothing is created twice.
  qb.messages.length = 0
  const invoice = await exportInvoice()
  await run()
  t.equal(sent(qb, 'CustomerAddRq').length, 0, 'Acme Plumbing is ACME PLUMBING in QuickBooks: not created again')
  t.match(sent(qb, 'InvoiceAddRq')[0], /<CustomerRef><FullName>ACME PLUMBING<\/FullName>/)
  t.equal((await s.invoice(invoice.id)).syncStatus, 'NOT_APPLICABLE')
  t.match((await s.invoice(invoice.id)).sync, [{ connectionId, exportStatus: 'EXPORTED' }])

  // GraphQL shows the same.
  const gql = await s.gql(
    `query { connections { id unmatched(side: QUICKBOOKS, kind: CUSTOMER) { items { name listId } nextCursor }
      links(kind: ITEM) { items { referenceId fullName linkedBy } } listReads { list lastCompletedAt } } }`,
  )
  const front = gql.data!.connections.find((c: { id: string }) => c.id === connectionId)
  t.same(
    front.unmatched.items.map((i: { name: string }) => i.name),
    ['ACME PLUMBING:Kitchen remodel', 'Zed Roofing'],
  )
  t.same(
    front.links.items.map((l: { referenceId: string; linkedBy: string }) => `${l.referenceId} ${l.linkedBy}`),
    ['labor NAME', 'pipe NAME'],
  )
  t.equal(front.listReads.length, 5)
  t.same(qb.schemaFailures, [], 'every request is valid against the qbXML schema')
})

t.test('a rename in QuickBooks follows the link: the next change uses the new name instead of failing with 3140', async (t) => {
  const { qb, run, exportInvoice, s, get, base } = await setup(t)
  const invoice = await exportInvoice()
  await run()
  t.equal((await s.invoice(invoice.id)).sync[0].exportStatus, 'EXPORTED')
  qb.advanceClock(10)
  qb.renameInQuickBooks('items', 'Labor', 'Labour (hourly)')
  qb.renameInQuickBooks('customers', 'Acme Plumbing', 'Acme Plumbing & Heating')
  qb.messages.length = 0
  await run()
  t.match(sent(qb, 'ItemQueryRq')[0], /<FromModifiedDate>/, 'later reads ask only what changed since')
  t.match(await get(`${base}/links?kind=ITEM`), { items: [{ referenceId: 'labor', fullName: 'Labour (hourly)', linkedBy: 'NAME' }] })
  const customer = (await get(`${base}/links?kind=CUSTOMER`)).items[0]!
  t.match(
    customer,
    { referenceId: 'c1', fullName: 'Acme Plumbing & Heating', linkedBy: 'CREATED', active: true },
    'the customer we created',
  )
  t.not(
    (await s.invoice(invoice.id)).syncStatus,
    'ACTION_REQUIRED',
    "a rename is no change to the invoice: QuickBooks' copy still holds what we synced",
  )

  // Without the link, the next export would create "Acme Plumbing" again and be refused 3140 for "Labor".
  qb.messages.length = 0
  const next = await exportInvoice()
  await run()
  const add = sent(qb, 'InvoiceAddRq')[0] ?? ''
  t.match(add, /<CustomerRef><FullName>Acme Plumbing &amp; Heating<\/FullName>/, 'the export names the customer as QuickBooks has it now')
  t.match(add, /<ItemRef><FullName>Labour \(hourly\)<\/FullName>/, 'and the item')
  t.equal(sent(qb, 'CustomerAddRq').length, 0, 'no customer created under the old name')
  t.equal((await s.invoice(next.id)).sync[0].exportStatus, 'EXPORTED', 'QuickBooks took it: no 3140')
  t.equal(qb.customers.size, 1)

  // A change to the first invoice goes through too, and its copy read back is not "changed in QuickBooks".
  const current = await s.invoice(invoice.id)
  const edited = await s.gql(
    UPDATE_INVOICE,
    { input: { id: invoice.id, expectedVersion: current.version, decision: 'SAVE_AND_SYNC', summary: 'After the rename' } },
    { userId: EDITOR },
  )
  t.same(edited.data!.updateInvoice.userErrors, [])
  await run()
  t.equal((await s.invoice(invoice.id)).syncStatus, 'SYNCED')
  t.equal(qb.invoices.get((await s.invoice(invoice.id)).sync[0].qbTxnId)!.memo, 'After the rename')

  // An entry deleted in QuickBooks is forgotten with its link: the reference is unmatched again.
  qb.advanceClock(10)
  qb.deleteListEntryInQuickBooks('items', 'Pipe')
  qb.messages.length = 0
  await run()
  t.match(
    qb.messages.join(''),
    /<ListDeletedQueryRq [^>]*><ListDelType>ItemService<\/ListDelType>[\s\S]*<FromDeletedDate>/,
    'deletions asked with the pass',
  )
  t.same(
    (await get(`${base}/links?kind=ITEM`)).items.map((l) => l.referenceId),
    ['labor'],
    'the link to the deleted item is gone',
  )
  t.match((await get(`${base}/unmatched?side=SERVICE&kind=ITEM`)).items, [{ referenceId: 'pipe', name: 'Pipe' }])
  t.same((await get(`${base}/quickbooks-entries?list=ITEM&name=pipe`)).items, [], 'and the entry with it')
  t.same(qb.schemaFailures, [])
})

t.test('a person links a reference to a QuickBooks entry by ListID, through both doors', async (t) => {
  const { qb, run, api, get, base, s, exportInvoice } = await setup(t)
  qb.customers.add('Bolt Electric Co.').add('Old Customer', { active: false })
  qb.items.add('Discount 10%', { type: 'ItemDiscountRet' })
  await run()
  const bolt = qb.customers.get('Bolt Electric Co.')!
  const put = (kind: string, id: string, body: object) =>
    api({ method: 'PUT', url: `${base}/links/${kind}/${id}`, payload: body, headers: { 'x-user-id': ADMIN } })

  const missing = await put('CUSTOMER', 'c2', { listId: '80000099-1' })
  t.equal(missing.statusCode, 404)
  t.equal(JSON.parse(missing.body).code, 'QUICKBOOKS_ENTRY_NOT_FOUND')
  const inactive = await put('CUSTOMER', 'c2', { listId: qb.customers.get('Old Customer')!.listId })
  t.equal(inactive.statusCode, 409)
  t.equal(JSON.parse(inactive.body).code, 'QUICKBOOKS_ENTRY_NOT_USABLE')
  const discount = await put('ITEM', 'labor', { listId: qb.items.get('Discount 10%')!.listId })
  t.equal(JSON.parse(discount.body).code, 'QUICKBOOKS_ENTRY_NOT_USABLE', 'an item of a type invoices do not use')
  const unknown = await put('CUSTOMER', 'nobody', { listId: bolt.listId })
  t.equal(JSON.parse(unknown.body).code, 'UNKNOWN_REFERENCE')
  const badKind = await put('VENDOR', 'c2', { listId: bolt.listId })
  t.equal(badKind.statusCode, 400)
  const clerk = await api({
    method: 'PUT',
    url: `${base}/links/CUSTOMER/c2`,
    payload: { listId: bolt.listId },
    headers: { 'x-user-id': CLERK },
  })
  t.equal(clerk.statusCode, 403, 'linking needs admin')

  const linked = await put('CUSTOMER', 'c2', { listId: bolt.listId })
  t.equal(linked.statusCode, 200)
  t.match(JSON.parse(linked.body), {
    kind: 'CUSTOMER',
    referenceId: 'c2',
    listId: bolt.listId,
    fullName: 'Bolt Electric Co.',
    linkedBy: 'EXPLICIT',
  })
  t.same(
    (await get(`${base}/unmatched?kind=CUSTOMER`)).items.map((i) => i.name),
    ['Acme Plumbing'],
    'Bolt Electric is linked; Acme Plumbing is not in QuickBooks yet',
  )

  qb.messages.length = 0
  const invoice = await exportInvoice({ customerId: 'c2' })
  await run()
  t.equal(sent(qb, 'CustomerAddRq').length, 0, 'nothing created: the link names the customer QuickBooks has')
  t.match(sent(qb, 'InvoiceAddRq')[0], /<CustomerRef><FullName>Bolt Electric Co\.<\/FullName>/)
  t.equal((await s.invoice(invoice.id)).sync[0].exportStatus, 'EXPORTED')
  await exportInvoice()
  await run()
  t.same((await get(`${base}/unmatched?kind=CUSTOMER`)).items, [], 'once we created Acme Plumbing, nothing is unmatched')

  // GraphQL: the same use case, refusals as userErrors.
  const ADMIN_Q =
    'mutation($input: LinkReferenceInput!) { linkReference(input: $input) { link { fullName linkedBy } userErrors { field code } } }'
  const conn = (await get(`${base}/links?kind=CUSTOMER`)).items
  t.ok(conn.length >= 1)
  const refused = await s.gql(
    ADMIN_Q,
    { input: { connectionId: base.split('/').at(-1), kind: 'CUSTOMER', referenceId: 'c1', listId: 'nope' } },
    { userId: ADMIN },
  )
  t.match(refused.data!.linkReference, { link: null, userErrors: [{ field: 'listId', code: 'QUICKBOOKS_ENTRY_NOT_FOUND' }] })
  const unlinked = await s.gql(
    'mutation($input: UnlinkReferenceInput!) { unlinkReference(input: $input) { removed userErrors { code } } }',
    { input: { connectionId: base.split('/').at(-1), kind: 'CUSTOMER', referenceId: 'c2' } },
    { userId: ADMIN },
  )
  t.same(unlinked.data!.unlinkReference, { removed: true, userErrors: [] })
  const again = await api({ method: 'DELETE', url: `${base}/links/CUSTOMER/c2`, headers: { 'x-user-id': ADMIN } })
  t.equal(again.statusCode, 404)
  t.equal(JSON.parse(again.body).code, 'LINK_NOT_FOUND')
  t.same(qb.schemaFailures, [])
})

t.test('a list larger than a session can read gets through over several sessions, never continuing a dead iterator', async (t) => {
  const { qb, run, get, base, app, connectionId } = await setup(t, { QB_READ_MAX_RETURNED: '5', QB_READ_ROUNDS_PER_SESSION: '3' })
  // 40 customers made over time, their names in another order than their dates (QuickBooks returns lists by name).
  for (let i = 0; i < 40; i++) {
    qb.advanceClock(1)
    qb.customers.add(`Customer ${String((i * 17) % 40).padStart(2, '0')}`)
  }
  let sessions = 0
  const cursor = async () =>
    (
      (await app.database.db.execute(
        `select * from qb_read_cursors where connection_id = '${connectionId}' and kind = 'CUSTOMERS'`,
      )) as unknown as { rows: Record<string, any>[] }
    ).rows[0]
  do {
    qb.messages.length = 0
    const log = await run()
    sessions++
    t.notMatch(log.lastError ?? '', /3000/, 'never a Continue of an iterator QuickBooks forgot')
    t.ok(sent(qb, 'CustomerQueryRq').length + sent(qb, 'ItemQueryRq').length <= 3, 'at most three reads a session')
  } while (!(await cursor())?.last_completed_at && sessions < 12)
  const entries = (
    (await app.database.db.execute(
      `select count(*)::int as n from qb_list_entries where connection_id = '${connectionId}' and kind = 'CUSTOMER'`,
    )) as unknown as { rows: { n: number }[] }
  ).rows[0]!.n
  t.equal(entries, 40, `every customer read, in ${sessions} sessions`)
  t.ok(sessions <= 8, 'each session moved the read on')
  t.match(await cursor(), { pass_from: null, pass_to: null, failures: 0 })
  t.equal(
    (await get(`${base}/quickbooks-entries?list=CUSTOMER&name=customer%200&first=100`)).items.length,
    10,
    'found by a name prefix, ignoring case',
  )
  t.same(qb.schemaFailures, [])
})
