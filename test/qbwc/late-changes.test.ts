// Things that change while a session runs, and what the session history then says: a customer
// renamed here while its CustomerAdd is out (answered 3100), an invoice refused and fixed within one
// session, refused twice, and an edit saved between the claim's commit and a refusal decided while
// building (found by a review; each failed before its fix).
import t, { type Test } from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'
import { FakeQuickBooks } from '../helpers/fake-quickbooks.js'
import { EDITOR, UPDATE_INVOICE, webConnectorScenario } from '../helpers/invoices.js'
import { firstRound, receive, runSession, sendRequest, soapCall } from '../helpers/web-connector.js'

const RESYNC = 'mutation($id: ID!) { resyncInvoice(input: { id: $id }) { userErrors { code message } } }'
const companyLists = {
  items: ['Labor', 'Pipe'],
  classes: ['North', 'South'],
  salesTaxItems: ['Travis County', 'Williamson County'],
  sites: ['Van 3'],
}

async function setup(t: Test, options: { qb?: FakeQuickBooks; env?: Record<string, string> } = {}) {
  const app = await buildTestApp(t, options.env ? { env: options.env } : {})
  const ctx = await webConnectorScenario(app)
  const qb = options.qb ?? ctx.qb
  const sessions = async () =>
    (
      JSON.parse((await app.request({ method: 'GET', url: `/v1/connections/${ctx.connectionId}/sessions` })).body) as {
        items: Record<string, any>[]
      }
    ).items
  return { app, ...ctx, qb, sessions }
}
/** receiveResponseXML's percent done. */
const percentDone = async (app: any, ticket: string, response: string) => Number((await receive(app, ticket, response)).result?.text)

t.test(
  'a CustomerAdd answered 3100 while the customer was renamed here: remembered under the name sent, so the new name is created before the next invoice',
  async (t) => {
    // QuickBooks already has "Acme Plumbing" (the company file had it, or an earlier answer was lost).
    const qb = new FakeQuickBooks({ ...companyLists, customers: ['Acme Plumbing'] })
    const { app, s, credentials, exportInvoice } = await setup(t, { qb })
    await exportInvoice()
    const { ticket, request } = await firstRound(app.app, credentials)
    t.match(request, /<CustomerAddRq[\s\S]*<Name>Acme Plumbing<\/Name>/)
    // The source app renames the customer while the message is with QuickBooks.
    await app.request({ method: 'PUT', url: '/v1/customers/c1', payload: { name: 'Acme Plumbing & Heating' } })
    const response = qb.process(request)
    t.match(response, /CustomerAddRs[^>]*statusCode="3100"/)
    await percentDone(app.app, ticket, response)
    await soapCall(app.app, 'closeConnection', [['ticket', ticket]])
    const { rows } = (await app.database.db.execute(
      `select qb_full_name, qb_list_id from qb_list_mappings where kind = 'CUSTOMER'`,
    )) as unknown as { rows: { qb_full_name: string; qb_list_id: string | null }[] }
    t.comment(`mapping stored: ${JSON.stringify(rows)}`)
    t.notSame(rows[0]?.qb_full_name, 'Acme Plumbing & Heating', 'QuickBooks has no customer by the name stored in the mapping')

    const second = await exportInvoice()
    qb.messages.length = 0
    await runSession(app.app, qb, credentials)
    t.match(qb.messages.join(''), /<CustomerAddRq/, 'the renamed customer is created before its next invoice')
    const shown = await s.invoice(second.id)
    t.equal(shown.sync[0].status !== 'ACTION_REQUIRED' && shown.status, 'EXPORTED', JSON.stringify(shown.sync[0].lastError))
    // Re-Sync does not help: the mapping still says QuickBooks has it.
    await s.gql(RESYNC, { id: second.id }, { userId: EDITOR })
    await runSession(app.app, qb, credentials)
    t.equal((await s.invoice(second.id)).status, 'EXPORTED', 'exported after a Re-Sync')
  },
)

async function refusedThenResynced(t: Test, fixAfter: number) {
  const { app, s, qb, credentials, exportInvoice, sessions } = await setup(t, { env: { QBWC_BATCH_SIZE: '1' } })
  await app.request({ method: 'PUT', url: '/v1/items/valve', payload: { name: 'Valve', type: 'SERVICE' } }) // not in QuickBooks yet
  const a = await exportInvoice({ lines: [{ itemId: 'valve', description: 'Valve', quantity: '1', unitPrice: '10.00', taxable: false }] })
  for (let i = 0; i < 8; i++) await exportInvoice()
  const auth = await soapCall(app.app, 'authenticate', [
    ['strUserName', credentials.username],
    ['strPassword', credentials.password],
  ])
  const ticket = auth.result!.children[0]!.text
  let refusals = 0
  for (let round = 0; round < 30; round++) {
    const request = await sendRequest(app.app, ticket)
    if (!request) break
    const percent = await percentDone(app.app, ticket, qb.process(request))
    if ((await s.invoice(a.id)).sync[0].status === 'ACTION_REQUIRED') {
      refusals++
      if (refusals === fixAfter) qb.items.add('valve') // the item is created in QuickBooks
      t.same((await s.gql(RESYNC, { id: a.id }, { userId: EDITOR })).data!.resyncInvoice.userErrors, [], 'Re-Sync while the session runs')
    }
    t.comment(`round ${round}: ${/<RefNumber>([^<]*)/.exec(request)?.[1]} -> ${percent}%`)
    if (percent >= 100) break
  }
  const summary = (await soapCall(app.app, 'closeConnection', [['ticket', ticket]])).result?.text
  const [latest] = await sessions()
  t.comment(
    JSON.stringify({
      summary,
      refusals,
      aStatus: (await s.invoice(a.id)).status,
      syncedCount: latest!.syncedCount,
      failedCount: latest!.failedCount,
      failures: latest!.failures.map((f: any) => `${f.invoiceNumber} ${f.code} ${f.at}`),
    }),
  )
  return { summary, latest: latest!, a }
}

t.test('session history: an invoice refused, fixed and synced in the same session is not listed as a failure', async (t) => {
  const { summary, latest } = await refusedThenResynced(t, 1)
  t.equal(summary, '9 invoices exported')
  t.equal(latest.failedCount, 0)
  t.same(latest.failures, [], 'no failure listed for a session that left nothing needing action')
})

t.test('session history: an invoice refused twice in one session is listed once', async (t) => {
  const { latest } = await refusedThenResynced(t, 3)
  t.equal(latest.failedCount, 1)
  t.equal(latest.failures.length, latest.failedCount, 'one entry per invoice needing action')
})

t.test(
  "an invoice fixed right after the claim commits is not held with the old version's error; its new customer is created before the change",
  async (t) => {
    const testDatabase = await createTestDatabase(t)
    const handle = await testDatabase.open()
    let hook: (() => Promise<void>) | undefined
    const db = new Proxy(handle.db, {
      get(target, key) {
        if (key === 'transaction') {
          return async (fn: any, cfg?: any) => {
            const result = await (target as any).transaction(fn, cfg)
            // The claim's transaction returns the round it built (its message and the invoices it could
            // not send), or null when nothing was due.
            if (hook && (result === null || (typeof result === 'object' && 'unsendable' in result))) {
              const h = hook
              hook = undefined
              await h()
            }
            return result
          }
        }
        const v = Reflect.get(target, key, target)
        return typeof v === 'function' ? v.bind(target) : v
      },
    })
    const app = await buildTestApp(t, { testDatabase, database: { ...handle, db } as any })
    const { s, qb, credentials, exportInvoice } = await webConnectorScenario(app)
    // "№" is stored by QuickBooks as "No.": 43 characters there, too long for a customer name.
    await app.request({ method: 'PUT', url: '/v1/customers/c9', payload: { name: 'Northside Plumbing № 7 Residential Svc LL' } })
    const invoice = await exportInvoice()
    await runSession(app.app, qb, credentials)
    t.equal((await s.invoice(invoice.id)).status, 'EXPORTED')
    // An edit QuickBooks would refuse (the customer's name grows to 43 characters there)...
    const bad = await s.gql(
      UPDATE_INVOICE,
      { input: { id: invoice.id, expectedVersion: 1, decision: 'SAVE_AND_SYNC', customerId: 'c9' } },
      { userId: EDITOR },
    )
    t.same(bad.data?.updateInvoice.userErrors, [])
    hook = async () => {
      // ...corrected by the user in the moment between the claim's commit and the refusal.
      const r = await s.gql(
        UPDATE_INVOICE,
        { input: { id: invoice.id, expectedVersion: 2, decision: 'SAVE_AND_SYNC', customerId: 'c2' } },
        { userId: EDITOR },
      )
      t.same(r.data?.updateInvoice.userErrors, [], `edit accepted: ${JSON.stringify(r)}`)
    }
    const log = await runSession(app.app, qb, credentials)
    t.equal(hook, undefined, 'the edit ran between the claim and the refusal')
    const shown = await s.invoice(invoice.id)
    t.comment(JSON.stringify({ version: shown.version, customerId: shown.customerId, sync: shown.sync[0], close: log.closeMessage }))
    t.not(shown.sync[0].status, 'ACTION_REQUIRED', "the fixed version is not held for a person with the old version's error")
  },
)
