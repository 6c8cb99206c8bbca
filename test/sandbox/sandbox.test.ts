// Sandbox connections end to end on the real database, through both doors: a connection served by
// the built-in simulated company and Web Connector goes through export, Save & Sync, a change made
// "in QuickBooks", Action Required (an item deleted there), Re-Sync, a record held open and a
// payment, with every response checked against openapi.yaml; it is marked a sandbox everywhere and
// can never be reached by a real Web Connector.

import { sql } from 'drizzle-orm'
import t, { type Test } from 'tap'
import { createSecretBox } from '../../src/webhooks/secrets.js'
import { buildTestApp, json, type TestApp } from '../helpers/app.js'
import { exportOverRest, gqlClient } from '../helpers/invoices.js'
import { checkedRequest } from '../helpers/openapi.js'
import { authenticate } from '../helpers/web-connector.js'

async function setup(t: Test, env: Record<string, string> = {}, now?: () => Date) {
  const app = await buildTestApp(t, {
    env: { QB_READ_LISTS: 'true', QB_READ_BACK: 'true', QB_READ_INTERVAL_SECONDS: '0', ...env },
    ...(now ? { deps: { now } } : {}),
  })
  const api = checkedRequest(t, app)
  const put = (url: string, payload: object) => api({ method: 'PUT', url, payload })
  await put('/v1/customers/c1', { name: 'Acme Plumbing' })
  await put('/v1/items/labor', { name: 'Labor', type: 'SERVICE' })
  await put('/v1/items/materials', { name: 'Materials', type: 'SERVICE' })
  await put('/v1/items/repairs', { name: 'Repairs', type: 'SERVICE' })
  return { app, api }
}

type Api = TestApp['request']

async function sandboxWithInvoice(api: Api) {
  const created = await api({ method: 'POST', url: '/v1/connections', payload: { name: 'Demo', sandbox: true } })
  const connection = json(created)
  const [invoice] = await exportOverRest(api, connection.id, [
    {
      number: 'S-1001',
      date: '2026-12-01',
      customerId: 'c1',
      summary: 'Water heater',
      lines: [
        { itemId: 'labor', description: 'Install', quantity: '2', unitPrice: '85.00' },
        { itemId: 'materials', description: 'Fittings', quantity: '1', unitPrice: '40.00' },
      ],
    },
  ])
  return { created, connection, invoice: invoice! }
}

const syncOf = (invoice: Record<string, any>) => invoice.sync[0] as Record<string, any>

/** Save & Sync of a change to the invoice as last read, on the connection. */
const saveAndSync = (api: Api, invoice: Record<string, any>, connectionId: string, change: Record<string, unknown>) =>
  api({
    method: 'PATCH',
    url: `/v1/invoices/${invoice.id}`,
    payload: { expectedVersion: invoice.version, decision: 'SAVE_AND_SYNC', connectionId, ...change },
  })

t.test('a sandbox connection goes from export to a synced edit, a change in QuickBooks, Action Required and back', async (t) => {
  const { api } = await setup(t)
  const { created, connection, invoice } = await sandboxWithInvoice(api)
  t.equal(created.statusCode, 201)
  t.match(connection, { sandbox: true, password: null, qwc: null }, 'a sandbox shows no password and no .qwc')
  t.match(connection.username, /^sandbox-/)

  const company = json(await api({ method: 'GET', url: `/v1/connections/${connection.id}/sandbox` }))
  t.match(company, { sandbox: true, transactions: 0, heldRecords: 0 })
  t.ok(company.items.names.includes('Labor'), 'the company starts with a few items')

  // Export: the first run reads the lists, adds the customer QuickBooks lacks, and the invoice.
  const first = json(await api({ method: 'POST', url: `/v1/connections/${connection.id}/run` }))
  t.match(first, { sandbox: true, outcome: 'SESSION', schemaErrors: [] })
  t.ok(first.roundTrips >= 1)
  t.match(first.session, { status: 'CLOSED' })
  t.match(first.closeMessage, /exported/)
  let read = json(await api({ method: 'GET', url: `/v1/invoices/${invoice.id}` }))
  t.match(syncOf(read), { exportStatus: 'EXPORTED' })
  t.ok(syncOf(read).qbTxnId)

  const page = json(await api({ method: 'GET', url: `/v1/connections/${connection.id}/sandbox/transactions` }))
  t.equal(page.items.length, 1)
  t.match(page.items[0], { invoiceId: invoice.id, refNumber: 'S-1001', customer: 'Acme Plumbing', total: '210.00', balance: '210.00' })

  // Nothing waits: a run finds nothing to do (unless a read pass is due).
  // Save & Sync an edit, run: QuickBooks has it.
  const edited = await saveAndSync(api, read, connection.id, { lines: { update: [{ id: read.lines[0].id, quantity: '3' }] } })
  t.equal(edited.statusCode, 200)
  const second = json(await api({ method: 'POST', url: `/v1/connections/${connection.id}/run` }))
  t.match(second, { outcome: 'SESSION', schemaErrors: [] })
  read = json(await api({ method: 'GET', url: `/v1/invoices/${invoice.id}` }))
  t.equal(syncOf(read).status, 'SYNCED')
  const inQuickBooks = json(await api({ method: 'GET', url: `/v1/connections/${connection.id}/sandbox/transactions` })).items[0]
  t.match(inQuickBooks, { total: '295.00', lines: [{ line: 1, quantity: '3', amount: '255.00' }, { line: 2 }] })

  // Someone edits the invoice in QuickBooks: the next run reads it back and shows it.
  const qbEdit = await api({
    method: 'POST',
    url: `/v1/connections/${connection.id}/sandbox/invoices/${invoice.id}/edit`,
    payload: { memo: 'Changed at the front desk', lines: [{ line: 2, rate: '45.00' }] },
  })
  t.equal(qbEdit.statusCode, 200)
  t.match(json(qbEdit), { sandbox: true, memo: 'Changed at the front desk', total: '300.00' })
  await api({ method: 'POST', url: `/v1/connections/${connection.id}/run` })
  read = json(await api({ method: 'GET', url: `/v1/invoices/${invoice.id}` }))
  t.equal(syncOf(read).status, 'ACTION_REQUIRED', 'the change made in QuickBooks is shown, not overwritten')
  t.equal(syncOf(read).lastError.code, 'CHANGED_IN_QUICKBOOKS')
  const accepted = await api({
    method: 'POST',
    url: `/v1/invoices/${invoice.id}/accept-quickbooks-version`,
    payload: { connectionId: connection.id },
  })
  t.equal(accepted.statusCode, 200)
  read = json(await api({ method: 'GET', url: `/v1/invoices/${invoice.id}` }))
  t.equal(read.total, '300.00', "QuickBooks' version taken")

  // An item deleted in QuickBooks: the next edit is refused 3140 (Action Required); added back, Re-Sync syncs it.
  const inUse = await api({ method: 'DELETE', url: `/v1/connections/${connection.id}/sandbox/items/Materials` })
  t.equal(inUse.statusCode, 409, 'QuickBooks does not delete an item a transaction uses')
  t.equal(json(inUse).code, 'ITEM_IN_USE')
  const deleted = await api({ method: 'DELETE', url: `/v1/connections/${connection.id}/sandbox/items/Repairs` })
  t.equal(deleted.statusCode, 200)
  t.notOk(json(deleted).items.names.includes('Repairs'))
  await saveAndSync(api, read, connection.id, {
    lines: { add: [{ itemId: 'repairs', description: 'Valve repair', quantity: '1', unitPrice: '12.00' }] },
  })
  const refusedRun = json(await api({ method: 'POST', url: `/v1/connections/${connection.id}/run` }))
  t.equal(refusedRun.session.failedCount, 1)
  read = json(await api({ method: 'GET', url: `/v1/invoices/${invoice.id}` }))
  t.equal(syncOf(read).status, 'ACTION_REQUIRED')
  t.equal(syncOf(read).lastError.code, '3140')
  t.equal(
    (await api({ method: 'POST', url: `/v1/connections/${connection.id}/sandbox/items`, payload: { name: 'Repairs' } })).statusCode,
    201,
  )
  t.equal(
    (await api({ method: 'POST', url: `/v1/invoices/${invoice.id}/resync`, payload: { connectionId: connection.id } })).statusCode,
    200,
  )
  await api({ method: 'POST', url: `/v1/connections/${connection.id}/run` })
  read = json(await api({ method: 'GET', url: `/v1/invoices/${invoice.id}` }))
  t.equal(syncOf(read).status, 'SYNCED', 'Re-Sync after the item is back')

  // A payment received in QuickBooks is read back.
  const paid = await api({
    method: 'POST',
    url: `/v1/connections/${connection.id}/sandbox/invoices/${invoice.id}/payments`,
    payload: { amount: '100.00' },
  })
  t.match(json(paid), { total: '312.00', balance: '212.00' })
  t.equal(
    (
      await api({
        method: 'POST',
        url: `/v1/connections/${connection.id}/sandbox/invoices/${invoice.id}/payments`,
        payload: { amount: '500.00' },
      })
    ).statusCode,
    400,
    'more than the balance is refused',
  )
  await api({ method: 'POST', url: `/v1/connections/${connection.id}/run` })
  read = json(await api({ method: 'GET', url: `/v1/invoices/${invoice.id}` }))
  t.match(syncOf(read), { paymentStatus: 'PARTIALLY_PAID' })

  // A record held open: the edit waits (3175) and goes on a later run.
  await api({ method: 'POST', url: `/v1/connections/${connection.id}/sandbox/hold-records`, payload: { count: 1 } })
  await saveAndSync(api, read, connection.id, { summary: 'Water heater, checked' })
  await api({ method: 'POST', url: `/v1/connections/${connection.id}/run` })
  read = json(await api({ method: 'GET', url: `/v1/invoices/${invoice.id}` }))
  t.equal(syncOf(read).status, 'PENDING', 'busy in QuickBooks: retried later, not failed')
  t.equal(json(await api({ method: 'GET', url: `/v1/connections/${connection.id}/sandbox` })).heldRecords, 0)

  // The whole conversation is in the audit like any connection's.
  const attempts = json(await api({ method: 'GET', url: `/v1/invoices/${invoice.id}/sync-attempts?first=100` }))
  t.ok(attempts.items.some((a: { requestXml: string }) => a.requestXml.includes('<InvoiceAddRq')))
  t.ok(attempts.items.some((a: { requestXml: string }) => a.requestXml.includes('<InvoiceModRq')))
})

t.test('a sandbox is one for good: no .qwc, no password, no company file, and no real Web Connector gets in', async (t) => {
  const { app, api } = await setup(t)
  const sandbox = json(await api({ method: 'POST', url: '/v1/connections', payload: { name: 'Demo', sandbox: true } }))
  const real = json(await api({ method: 'POST', url: '/v1/connections', payload: { name: 'Office' } }))
  t.equal(real.sandbox, false)

  const qwc = await api({ method: 'GET', url: `/v1/connections/${sandbox.id}/qwc` })
  t.equal(qwc.statusCode, 409)
  t.equal(json(qwc).code, 'SANDBOX_CONNECTION')
  t.equal(json(await api({ method: 'POST', url: `/v1/connections/${sandbox.id}/rotate-password` })).code, 'SANDBOX_CONNECTION')
  const switched = await api({ method: 'PATCH', url: `/v1/connections/${sandbox.id}`, payload: { sandbox: false } })
  t.equal(switched.statusCode, 400, 'sandbox is not a field that changes')
  t.equal(json(switched).errors[0].code, 'UNKNOWN_FIELD')
  t.equal(
    json(await api({ method: 'PATCH', url: `/v1/connections/${sandbox.id}`, payload: { companyFilePath: 'C:\\Real.qbw' } })).code,
    'SANDBOX_CONNECTION',
  )
  t.equal(
    json(await api({ method: 'POST', url: '/v1/connections', payload: { name: 'X', sandbox: true, companyFilePath: 'C:\\Real.qbw' } }))
      .errors[0].field,
    'companyFilePath',
  )
  const notSandbox = await api({ method: 'POST', url: `/v1/connections/${real.id}/run` })
  t.equal(notSandbox.statusCode, 409)
  t.equal(json(notSandbox).code, 'NOT_A_SANDBOX')
  t.equal(json(await api({ method: 'GET', url: `/v1/connections/${real.id}/sandbox` })).code, 'NOT_A_SANDBOX')

  // The real Web Connector door refuses the sandbox's username whatever the password, and the
  // in-process source refuses a real connection's right password.
  t.same(await authenticate(app.app, { username: sandbox.username, password: 'anything-at-all-123' }), ['', 'nvu'])
  const [stored] = (
    (await app.database.db.execute(
      sql`select password_ciphertext as "c" from sandbox_companies where connection_id = ${sandbox.id}`,
    )) as unknown as { rows: { c: string }[] }
  ).rows
  const secrets = createSecretBox({
    secretsKey: app.config.secretsKey,
    secretsKeyPrevious: app.config.secretsKeyPrevious,
    dataDir: app.config.dataDir,
    warn: () => {},
  })
  const password = await secrets.decrypt(stored!.c, `sandbox-password:${sandbox.id}`)
  t.equal(password.length, 24, 'the player logs in with a generated password, kept encrypted')
  t.notOk(stored!.c.includes(password))
  t.same(await authenticate(app.app, { username: sandbox.username, password }), ['', 'nvu'], "even with the sandbox's own password")

  // Another tenant sees neither the sandbox nor its company.
  const other = json(await app.request({ method: 'POST', url: '/v1/tenants', payload: { name: 'Tenant B' } }))
  const theirs = await app.request({ method: 'POST', url: `/v1/connections/${sandbox.id}/run`, as: other.apiKey })
  t.equal(theirs.statusCode, 404)
  t.equal((await app.request({ method: 'GET', url: `/v1/connections/${sandbox.id}/sandbox`, as: other.apiKey })).statusCode, 404)
})

t.test('limits: sandboxes per tenant, transactions per company, one run at a time', async (t) => {
  const { api } = await setup(t, { SANDBOX_MAX_PER_TENANT: '1' })
  t.equal((await api({ method: 'POST', url: '/v1/connections', payload: { name: 'One', sandbox: true } })).statusCode, 201)
  const second = await api({ method: 'POST', url: '/v1/connections', payload: { name: 'Two', sandbox: true } })
  t.equal(second.statusCode, 409)
  t.equal(json(second).code, 'SANDBOX_LIMIT')
  const list = json(await api({ method: 'GET', url: '/v1/connections' }))
  t.notOk(JSON.stringify(list).includes('"Two"'), 'nothing half-saved: the refused connection does not exist')
})

t.test('GraphQL: create a sandbox, run it, read its company, change an invoice in QuickBooks', async (t) => {
  const { app, api } = await setup(t)
  const gql = gqlClient(app)
  const made = await gql(
    'mutation { createConnection(input: { name: "GQL sandbox", sandbox: true }) { connection { id sandbox } password qwc userErrors { code } } }',
  )
  t.match(made.data?.createConnection, { connection: { sandbox: true }, password: null, qwc: null, userErrors: [] })
  const id = made.data!.createConnection.connection.id as string
  const run = await gql(
    'mutation($id: ID!) { runConnection(input: { id: $id }) { run { sandbox outcome roundTrips } userErrors { code } } }',
    {
      id,
    },
  )
  t.match(run.data?.runConnection, { run: { sandbox: true }, userErrors: [] })
  const seen = await gql(
    'query { connections { id sandbox sandboxCompany { sandbox companyName items { count names } } sandboxTransactions { sandbox items { txnId } nextCursor } } }',
  )
  const mine = (seen.data!.connections as { id: string }[]).find((c) => c.id === id) as Record<string, any>
  t.match(mine, {
    sandbox: true,
    sandboxCompany: { sandbox: true, companyName: 'GQL sandbox (sandbox)' },
    sandboxTransactions: { items: [] },
  })
  t.ok(mine.sandboxCompany.items.names.includes('Labor'))

  const { connection, invoice } = await sandboxWithInvoice(api)
  await gql('mutation($id: ID!) { runConnection(input: { id: $id }) { run { outcome } } }', { id: connection.id })
  const edit = await gql(
    'mutation($c: ID!, $i: ID!) { sandboxEditInvoice(input: { connectionId: $c, invoiceId: $i, memo: "from GraphQL" }) { transaction { memo invoiceId } userErrors { code } } }',
    { c: connection.id, i: invoice.id },
  )
  t.match(edit.data?.sandboxEditInvoice, { transaction: { memo: 'from GraphQL', invoiceId: invoice.id }, userErrors: [] })
  const badLine = await gql(
    'mutation($c: ID!, $i: ID!) { sandboxEditInvoice(input: { connectionId: $c, invoiceId: $i, lines: [{ line: 9, description: "x" }] }) { transaction { memo } userErrors { code field } } }',
    { c: connection.id, i: invoice.id },
  )
  t.match(badLine.data?.sandboxEditInvoice, { transaction: null, userErrors: [{ code: 'NO_SUCH_LINE', field: 'lines' }] })
  const notReal = await gql(
    'mutation { runConnection(input: { id: "00000000-0000-0000-0000-000000000000" }) { run { outcome } userErrors { code } } }',
  )
  t.match(notReal.data?.runConnection, { run: null, userErrors: [{ code: 'CONNECTION_NOT_FOUND' }] })
})

t.test('a sandbox runs on its schedule too, without anyone asking', async (t) => {
  let clock = Date.now()
  const { api } = await setup(t, { SANDBOX_SCHEDULER_SECONDS: '1' }, () => new Date(clock))
  const { connection, invoice } = await sandboxWithInvoice(api)
  // A scheduled run may have come before the export (nothing to do then); the next one is due a
  // schedule (15 minutes) later: the clock moves on, and the company is saved when that run ends.
  clock += 16 * 60_000
  let company: Record<string, any> = {}
  for (let i = 0; i < 100 && (company.transactions !== 1 || !company.lastRunAt); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    company = json(await api({ method: 'GET', url: `/v1/connections/${connection.id}/sandbox` }))
  }
  t.ok(company.lastRunAt, 'a scheduled run happened')
  t.equal(company.transactions, 1, 'and QuickBooks holds the invoice')
  t.equal(json(await api({ method: 'GET', url: `/v1/invoices/${invoice.id}` })).sync[0].exportStatus, 'EXPORTED')
})

t.test("a disabled sandbox is refused without a login, and never locks other sandboxes' logins out", async (t) => {
  const { api } = await setup(t)
  const off = json(await api({ method: 'POST', url: '/v1/connections', payload: { name: 'Off', sandbox: true } }))
  const on = json(await api({ method: 'POST', url: '/v1/connections', payload: { name: 'On', sandbox: true } }))
  await api({ method: 'POST', url: `/v1/connections/${off.id}/disable` })
  for (let i = 0; i < 7; i++) {
    const run = json(await api({ method: 'POST', url: `/v1/connections/${off.id}/run` }))
    t.equal(run.outcome, 'REFUSED')
  }
  const other = json(await api({ method: 'POST', url: `/v1/connections/${on.id}/run` }))
  t.not(other.outcome, 'REFUSED', 'the other sandbox still logs in')
})

t.test('sandbox transactions page on, past a transaction deleted in QuickBooks meanwhile', async (t) => {
  const { api } = await setup(t)
  const connection = json(await api({ method: 'POST', url: '/v1/connections', payload: { name: 'Pages', sandbox: true } }))
  await exportOverRest(
    api,
    connection.id,
    [1, 2, 3].map((n) => ({
      number: `P-${n}`,
      date: '2026-12-01',
      customerId: 'c1',
      lines: [{ itemId: 'labor', description: 'x', quantity: '1', unitPrice: '10.00' }],
    })),
  )
  await api({ method: 'POST', url: `/v1/connections/${connection.id}/run` })
  const first = json(await api({ method: 'GET', url: `/v1/connections/${connection.id}/sandbox/transactions?first=1` }))
  t.equal(first.items.length, 1)
  await api({ method: 'POST', url: `/v1/connections/${connection.id}/sandbox/invoices/${first.items[0].invoiceId}/delete` })
  const seen = [first.items[0].refNumber]
  let after = first.nextCursor
  for (let i = 0; i < 5 && after; i++) {
    const page = json(await api({ method: 'GET', url: `/v1/connections/${connection.id}/sandbox/transactions?first=1&after=${after}` }))
    seen.push(...page.items.map((x: { refNumber: string }) => x.refNumber))
    after = page.nextCursor
  }
  t.same(seen.sort(), ['P-1', 'P-2', 'P-3'], 'each once, and the paging ends')
})
