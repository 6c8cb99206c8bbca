// The pending export report has one request rule, whichever door asks: REST GET /v1/sync-errors and
// GraphQL syncErrors read the same entries, page the same way (50 by default, at least 1, at most
// 200 returned) and refuse the same unknown acting user; REST follows nextCursor for the rest.
import t from 'tap'
import { buildTestApp, json } from '../helpers/app.js'
import { scenario } from '../helpers/invoices.js'

t.test('REST and GraphQL: one report, one page rule, one acting user', async (t) => {
  const app = await buildTestApp(t)
  const s = await scenario(app)
  const refused: string[] = []
  for (const code of ['3140', '3180']) {
    const invoice = await s.exportAndConfirm((await s.createInvoice()).id)
    await s.refuse(invoice.id, { code, message: `QuickBooks said ${code}` })
    refused.push(invoice.id)
  }
  const rest = async (query: string, headers: Record<string, string> = {}) =>
    app.request({ method: 'GET', url: `/v1/sync-errors${query}`, headers })
  const gql = (args: string, userId?: string) => s.gql(`{ syncErrors${args} { invoiceId } }`, {}, userId ? { userId } : {})
  const ids = (entries: { invoiceId: string }[]) => entries.map((e) => e.invoiceId).sort()

  t.same(ids(json(await rest('')).items), [...refused].sort(), 'REST: every entry by default')
  t.same(ids((await gql('')).data!.syncErrors), [...refused].sort(), 'GraphQL: the same')
  const firstPage = json(await rest('?first=1'))
  t.equal(firstPage.items.length, 1, 'REST: first=1')
  t.equal((await gql('(first: 1)')).data!.syncErrors.length, 1, 'GraphQL: first: 1')
  t.equal(firstPage.items[0].invoiceId, (await gql('(first: 1)')).data!.syncErrors[0].invoiceId, 'the same first entry')
  const secondPage = json(await rest(`?first=1&after=${firstPage.nextCursor}`))
  t.same(
    [...firstPage.items, ...secondPage.items].map((e: { invoiceId: string }) => e.invoiceId),
    json(await rest('')).items.map((e: { invoiceId: string }) => e.invoiceId),
    'REST: nextCursor leads to the next entry, in the order of the whole report',
  )
  t.equal(secondPage.nextCursor, null, 'REST: the last page says so')
  t.equal((await rest('?after=nonsense')).statusCode, 400, 'REST: a cursor this API did not give out is refused')
  t.equal(json(await rest('?first=500')).items.length, 2, 'REST: above the maximum is cut, not refused')
  t.equal((await gql('(first: 500)')).data!.syncErrors.length, 2, 'GraphQL: the same')

  const zeroRest = await rest('?first=0')
  t.equal(zeroRest.statusCode, 400)
  t.match(json(zeroRest), { code: 'VALIDATION_FAILED', errors: [{ field: 'first', code: 'INVALID' }] })
  const zeroGql = await gql('(first: 0)')
  t.match(
    zeroGql.errors,
    [{ extensions: { code: 'VALIDATION_FAILED', fieldErrors: [{ field: 'first', code: 'INVALID' }] } }],
    'GraphQL refuses first: 0 the same way',
  )

  const strangerRest = await rest('', { 'x-user-id': 'nobody' })
  t.equal(strangerRest.statusCode, 403)
  t.equal(json(strangerRest).code, 'UNKNOWN_USER')
  t.match((await gql('', 'nobody')).errors, [{ extensions: { code: 'UNKNOWN_USER' } }], 'GraphQL resolves the acting user too')
})
