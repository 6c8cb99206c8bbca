// Issue 14, finding 9: an invoice's lines are capped for the invoice after the change (not per
// request), and an invoice's history is read in pages, through both doors.
import t, { type Test } from 'tap'
import { loadConfig } from '../../src/config.js'
import { buildTestApp, json } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'
import { EDITOR, scenario } from '../helpers/invoices.js'
import { checkedRequest } from '../helpers/openapi.js'

const lines = (n: number, label = 'line') =>
  Array.from({ length: n }, (_, i) => ({ itemId: 'labor', description: `${label} ${i + 1}`, quantity: '1', unitPrice: '10.00' }))
const invoiceBody = (lineCount: number) => ({
  number: `L-${Math.floor(Math.random() * 1e6)}`,
  date: '2026-11-02',
  customerId: 'c1',
  lines: lines(lineCount),
})

async function setup(t: Test, env: Record<string, string> = {}) {
  const app = await buildTestApp(t, { env })
  const s = await scenario(app)
  const api = checkedRequest(t, app)
  const count = async (query: string) => ((await app.database.db.execute(query)) as unknown as { rows: { n: number }[] }).rows[0]!.n
  /** An invoice of one line with `edits` saved edits after its creation: edits + 1 revisions. */
  const invoiceWithRevisions = async (edits: number): Promise<string> => {
    const invoice = json(await api({ method: 'POST', url: '/v1/invoices', payload: invoiceBody(1) }))
    for (let v = 1; v <= edits; v++) {
      const res = await api({ method: 'PATCH', url: `/v1/invoices/${invoice.id}`, payload: { expectedVersion: v, summary: `edit ${v}` } })
      if (res.statusCode !== 200) throw new Error(`edit ${v}: ${res.statusCode} ${res.body}`)
    }
    return invoice.id as string
  }
  return { app, s, api, count, invoiceWithRevisions }
}

t.test(
  'ten PATCHes adding 50 lines each cannot grow an invoice past 500 lines; the one that would is refused in both doors and saves nothing',
  async (t) => {
    const { s, api, count } = await setup(t)
    const invoice = json(await api({ method: 'POST', url: '/v1/invoices', payload: invoiceBody(50) }))
    const answers: number[] = []
    for (let i = 0; i < 10; i++) {
      const res = await api({
        method: 'PATCH',
        url: `/v1/invoices/${invoice.id}`,
        payload: { expectedVersion: 1 + i, lines: { add: lines(50, `batch ${i}`) } },
      })
      answers.push(res.statusCode)
      if (res.statusCode !== 200) {
        t.match(res.headers['content-type'], /^application\/problem\+json/)
        t.match(json(res), {
          code: 'TOO_MANY_LINES',
          status: 422,
          errors: [
            { field: 'lines.add', code: 'TOO_MANY_LINES', message: /at most 500 lines; it has 500 and this change would make it 550/ },
          ],
        })
      }
    }
    t.same(answers, [200, 200, 200, 200, 200, 200, 200, 200, 200, 422], 'nine edits reach 500 lines; the tenth is refused')
    const stored = json(await api({ method: 'GET', url: `/v1/invoices/${invoice.id}` }))
    t.equal(stored.lines.length, 500)
    t.equal(stored.version, 10, 'the refused edit made no version')
    t.equal(await count(`select count(*)::int as n from invoice_lines where invoice_id = '${invoice.id}'`), 500)
    t.equal(await count(`select count(*)::int as n from invoice_revisions where invoice_id = '${invoice.id}'`), 10, 'and no revision')

    const viaGraphql = await s.gql(
      'mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { invoice { id } userErrors { field code message } } }',
      {
        input: { id: invoice.id, expectedVersion: 10, lines: { add: lines(1) } },
      },
    )
    t.match(viaGraphql.data!.updateInvoice, {
      invoice: null,
      userErrors: [
        { field: 'lines.add', code: 'TOO_MANY_LINES', message: /at most 500 lines; it has 500 and this change would make it 501/ },
      ],
    })
    t.equal((await s.invoice(invoice.id)).version, 10)

    const tooBig = await api({ method: 'POST', url: '/v1/invoices', payload: invoiceBody(501) })
    t.equal(tooBig.statusCode, 422)
    t.match(json(tooBig), { code: 'TOO_MANY_LINES', errors: [{ field: 'lines', message: /at most 500 lines; this one would have 501/ }] })
    const tooBigViaGraphql = await s.gql(
      'mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id } userErrors { field code } } }',
      { input: invoiceBody(501) },
    )
    t.same(tooBigViaGraphql.data!.createInvoice, { invoice: null, userErrors: [{ field: 'lines', code: 'TOO_MANY_LINES' }] })
    t.equal(await count(`select count(*)::int as n from invoices where number <> '${invoice.number}'`), 0, 'no invoice was created')
  },
)

t.test(
  'an invoice above the cap (saved before it existed) can be corrected and shrunk but not grown; adjustments are capped too',
  async (t) => {
    const { app, api, count } = await setup(t, { INVOICE_MAX_LINES: '3' })
    const invoice = json(await api({ method: 'POST', url: '/v1/invoices', payload: invoiceBody(3) }))
    // Two more lines, as an invoice grown before the cap existed would have.
    await app.database.db.execute(`insert into invoice_lines (tenant_id, invoice_id, position, item_id, description, quantity, unit_price)
    select tenant_id, invoice_id, position + 3, item_id, description || ' (old)', quantity, unit_price from invoice_lines where invoice_id = '${invoice.id}' and position < 2`)
    const before = json(await api({ method: 'GET', url: `/v1/invoices/${invoice.id}` }))
    t.equal(before.lines.length, 5)
    const patch = (expectedVersion: number, change: Record<string, unknown>) =>
      api({ method: 'PATCH', url: `/v1/invoices/${invoice.id}`, payload: { expectedVersion, ...change } })

    t.equal((await patch(1, { summary: 'fields only' })).statusCode, 200, 'a change of fields')
    t.equal(
      (
        await patch(2, {
          lines: { update: [{ id: before.lines[0].id, quantity: '2' }], remove: [before.lines[1].id], add: lines(1, 'replacement') },
        })
      ).statusCode,
      200,
      'a line replaced (the count stays 5)',
    )
    const grow = await patch(3, { lines: { add: lines(1, 'one more') } })
    t.equal(grow.statusCode, 422, 'one line more is refused')
    t.match(json(grow), {
      code: 'TOO_MANY_LINES',
      errors: [{ field: 'lines.add', message: /at most 3 lines; it has 5 and this change would make it 6/ }],
    })
    t.equal((await patch(3, { lines: { remove: [before.lines[2].id] } })).statusCode, 200, 'a line removed')
    t.equal(json(await api({ method: 'GET', url: `/v1/invoices/${invoice.id}` })).lines.length, 4)

    // An adjustment carries a changed line as minus-old plus-new: two lines each, four here.
    const small = json(await api({ method: 'POST', url: '/v1/invoices', payload: invoiceBody(2) }))
    const invoicesBefore = await count('select count(*)::int as n from invoices')
    const adjustment = await api({
      method: 'POST',
      url: `/v1/invoices/${small.id}/adjustments`,
      headers: { 'x-user-id': EDITOR },
      payload: { number: 'ADJ-1', lines: { update: small.lines.map((l: { id: string }) => ({ id: l.id, quantity: '2' })) } },
    })
    t.equal(adjustment.statusCode, 422)
    t.match(json(adjustment), { code: 'TOO_MANY_LINES', errors: [{ field: 'lines', message: /at most 3 lines; this one would have 4/ }] })
    t.equal(await count('select count(*)::int as n from invoices'), invoicesBefore, 'no adjustment invoice was created')
  },
)

t.test('REST revisions come in keyset pages, oldest first, with the envelope of the other lists', async (t) => {
  const { api, invoiceWithRevisions } = await setup(t)
  const id = await invoiceWithRevisions(24)
  const first = await api({ method: 'GET', url: `/v1/invoices/${id}/revisions` })
  t.equal(first.statusCode, 200)
  const page1 = json(first)
  t.same(
    page1.items.map((r: { version: number }) => r.version),
    Array.from({ length: 20 }, (_, i) => i + 1),
    'the default page is 20, oldest first',
  )
  t.type(page1.nextCursor, 'string')
  const page2 = json(await api({ method: 'GET', url: `/v1/invoices/${id}/revisions?after=${encodeURIComponent(page1.nextCursor)}` }))
  t.same(
    page2.items.map((r: { version: number }) => r.version),
    [21, 22, 23, 24, 25],
  )
  t.equal(page2.nextCursor, null, 'null on the last page')
  t.match(page2.items[4], { version: 25, decision: 'SAVE', snapshot: { summary: 'edit 24' } })

  const seen: number[] = []
  let after: string | null = null
  do {
    const page: { items: { version: number }[]; nextCursor: string | null } = json(
      await api({ method: 'GET', url: `/v1/invoices/${id}/revisions?first=7${after ? `&after=${encodeURIComponent(after)}` : ''}` }),
    )
    t.ok(page.items.length <= 7)
    seen.push(...page.items.map((r) => r.version))
    after = page.nextCursor
  } while (after)
  t.same(
    seen,
    Array.from({ length: 25 }, (_, i) => i + 1),
    'following the cursor visits every revision once',
  )

  for (const [query, field] of [
    ['first=101', 'first'],
    ['first=0', 'first'],
    ['first=x', 'first'],
    ['after=garbage', 'after'],
    ['colour=red', 'colour'],
  ] as const) {
    const res = await api({ method: 'GET', url: `/v1/invoices/${id}/revisions?${query}` })
    t.equal(res.statusCode, 400, query)
    t.match(json(res), { code: 'VALIDATION_FAILED', errors: [{ field }] }, query)
  }
  t.equal(
    json(await api({ method: 'GET', url: `/v1/invoices/${id}/revisions?first=100` })).items.length,
    25,
    'the maximum page size is 100',
  )
  t.equal((await api({ method: 'GET', url: '/v1/invoices/00000000-0000-4000-8000-000000000000/revisions' })).statusCode, 404)
})

t.test(
  'a page of revisions also stops at PAGE_MAX_BYTES: large snapshots come fewer per page, and the cursor still visits all',
  async (t) => {
    const { s, api } = await setup(t, { PAGE_MAX_BYTES: String(64 * 1024) })
    // 20 lines of 4,000-character descriptions: each snapshot is about 80 KB, more than the budget.
    const long = lines(20).map((l) => ({ ...l, description: 'x'.repeat(4000) }))
    const invoice = json(await api({ method: 'POST', url: '/v1/invoices', payload: { ...invoiceBody(0), lines: long } }))
    for (let v = 1; v <= 2; v++)
      await api({ method: 'PATCH', url: `/v1/invoices/${invoice.id}`, payload: { expectedVersion: v, summary: `edit ${v}` } })
    const sizes: number[] = []
    let after: string | null = null
    do {
      const page: { items: { version: number }[]; nextCursor: string | null } = json(
        await api({
          method: 'GET',
          url: `/v1/invoices/${invoice.id}/revisions?first=20${after ? `&after=${encodeURIComponent(after)}` : ''}`,
        }),
      )
      sizes.push(page.items.length)
      after = page.nextCursor
    } while (after)
    t.same(sizes, [1, 1, 1], 'one revision per page, three pages')
    const viaGraphql = await s.gql(
      'query($id: ID!) { invoice(id: $id) { revisions(first: 20) { edges { node { version } } pageInfo { hasNextPage } } } }',
      { id: invoice.id },
    )
    t.same(
      viaGraphql.data!.invoice.revisions,
      { edges: [{ node: { version: 1 } }], pageInfo: { hasNextPage: true } },
      'the same page through GraphQL',
    )
  },
)

t.test('the revision pages one GraphQL request reads together share PAGE_MAX_BYTES (each still holds one)', async (t) => {
  const { s, api } = await setup(t, { PAGE_MAX_BYTES: String(96 * 1024) })
  // 6 lines of 4,000 characters: a snapshot is about 25 KB; the first revision's diff adds them all again.
  const long = lines(6).map((l) => ({ ...l, description: 'y'.repeat(4000) }))
  const ids: string[] = []
  for (let i = 0; i < 2; i++) {
    const invoice = json(await api({ method: 'POST', url: '/v1/invoices', payload: { ...invoiceBody(0), lines: long } }))
    for (let v = 1; v <= 2; v++)
      await api({ method: 'PATCH', url: `/v1/invoices/${invoice.id}`, payload: { expectedVersion: v, summary: `edit ${v}` } })
    ids.push(invoice.id)
  }
  const alone = json(await api({ method: 'GET', url: `/v1/invoices/${ids[1]}/revisions` }))
  t.equal(alone.items.length, 2, 'alone, a page holds two of these revisions (about 51 + 25 KB)')
  const together = await s.gql(
    'query($a: ID!, $b: ID!) { a: invoice(id: $a) { revisions { edges { node { version } } pageInfo { hasNextPage } } } b: invoice(id: $b) { revisions { edges { node { version } } pageInfo { hasNextPage } } } }',
    { a: ids[0], b: ids[1] },
  )
  // GraphQL resolves sibling fields concurrently, so which page reads first is not fixed: whichever
  // it is takes two revisions, and the other gets what was left, one revision and a cursor for the rest.
  const pages = [together.data!.a.revisions, together.data!.b.revisions]
    .map((r: { edges: unknown[]; pageInfo: { hasNextPage: boolean } }) => [r.edges.length, r.pageInfo.hasNextPage])
    .sort((x, y) => Number(y[0]) - Number(x[0]))
  t.same(
    pages,
    [
      [2, true],
      [1, true],
    ],
    'read together, the page read second gets what the first left: one revision, and a cursor for the rest',
  )
})

t.test('a page of invoices also stops at PAGE_MAX_BYTES: invoices with long lines come fewer per page, in both doors', async (t) => {
  const { s, api } = await setup(t, { PAGE_MAX_BYTES: String(64 * 1024) })
  // 20 lines of 4,000-character descriptions: each invoice is about 86 KB of JSON, more than the budget.
  const long = lines(20).map((l) => ({ ...l, description: 'x'.repeat(4000) }))
  const ids: string[] = []
  for (let i = 0; i < 3; i++)
    ids.push(json(await api({ method: 'POST', url: '/v1/invoices', payload: { ...invoiceBody(0), lines: long } })).id)
  const sizes: number[] = []
  const seen: string[] = []
  let after: string | null = null
  do {
    const page: { items: { id: string; lines: unknown[] }[]; nextCursor: string | null } = json(
      await api({ method: 'GET', url: `/v1/invoices?first=20${after ? `&after=${encodeURIComponent(after)}` : ''}` }),
    )
    sizes.push(page.items.length)
    seen.push(...page.items.map((i) => i.id))
    after = page.nextCursor
  } while (after)
  t.same(sizes, [1, 1, 1], 'one invoice per page, three pages')
  t.same(seen, [...ids].reverse(), 'every invoice once, newest first')
  const viaGraphql = await s.gql('{ invoices(first: 20) { edges { node { id } } pageInfo { hasNextPage } } }')
  t.same(viaGraphql.data!.invoices, { edges: [{ node: { id: ids[2] } }], pageInfo: { hasNextPage: true } }, 'the same page through GraphQL')
})

t.test('GraphQL Invoice.revisions is a Relay connection with first/after, batched across invoices', async (t) => {
  const { s, invoiceWithRevisions } = await setup(t)
  const id = await invoiceWithRevisions(24)
  const other = await invoiceWithRevisions(2)
  const REVISIONS =
    'query($id: ID!, $first: Int, $after: String) { invoice(id: $id) { revisions(first: $first, after: $after) { edges { cursor node { version decision } } pageInfo { hasNextPage endCursor } } } }'
  const byDefault = await s.gql(
    'query($id: ID!) { invoice(id: $id) { revisions { edges { node { version } } pageInfo { hasNextPage } } } }',
    { id },
  )
  t.equal(byDefault.data!.invoice.revisions.edges.length, 20, 'the default page is 20')
  t.equal(byDefault.data!.invoice.revisions.pageInfo.hasNextPage, true)

  const seen: number[] = []
  let after: string | null = null
  let pages = 0
  do {
    const r = await s.gql(REVISIONS, { id, first: 10, after })
    const connection = r.data!.invoice.revisions
    seen.push(...connection.edges.map((e: { node: { version: number } }) => e.node.version))
    t.equal(connection.pageInfo.endCursor, connection.edges.at(-1)?.cursor ?? null)
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null
    pages++
  } while (after)
  t.equal(pages, 3)
  t.same(
    seen,
    Array.from({ length: 25 }, (_, i) => i + 1),
    'every revision once, oldest first',
  )

  const tooMany = await s.gql(REVISIONS, { id, first: 101 })
  t.match(tooMany.errors, [{ extensions: { code: 'VALIDATION_FAILED', fieldErrors: [{ field: 'first' }] } }])
  const badCursor = await s.gql(REVISIONS, { id, first: 5, after: 'garbage' })
  t.match(badCursor.errors, [{ extensions: { code: 'VALIDATION_FAILED', fieldErrors: [{ field: 'after' }] } }])

  // One request, several invoices, each with its own page.
  const both = await s.gql(
    'query($a: ID!, $b: ID!) { a: invoice(id: $a) { revisions(first: 2) { edges { node { version } } pageInfo { hasNextPage } } } b: invoice(id: $b) { revisions(first: 5) { edges { node { version } } pageInfo { hasNextPage } } } }',
    { a: id, b: other },
  )
  t.same(both.data, {
    a: { revisions: { edges: [{ node: { version: 1 } }, { node: { version: 2 } }], pageInfo: { hasNextPage: true } } },
    b: {
      revisions: {
        edges: [{ node: { version: 1 } }, { node: { version: 2 } }, { node: { version: 3 } }],
        pageInfo: { hasNextPage: false },
      },
    },
  })
})

t.test('the limits are configuration with production defaults, and out-of-range values stop the start', async (t) => {
  const defaults = loadConfig({})
  t.equal(defaults.invoiceMaxLines, 500)
  t.equal(defaults.pageMaxBytes, 4 * 1024 * 1024)
  t.equal(loadConfig({ INVOICE_MAX_LINES: '1000' }).invoiceMaxLines, 1000)
  t.throws(() => loadConfig({ INVOICE_MAX_LINES: '1001' }), { message: /INVOICE_MAX_LINES: must be at most 1000/ })
  t.throws(() => loadConfig({ INVOICE_MAX_LINES: '0' }), { message: /INVOICE_MAX_LINES: must be at least 1/ })
  t.throws(() => loadConfig({ PAGE_MAX_BYTES: '100' }), { message: /PAGE_MAX_BYTES: must be at least 1024/ })
})

t.test('a forged invoice-list cursor is refused as not given out, not answered with a 500', async (t) => {
  const { api } = await setup(t)
  const forged = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'not-a-uuid'])).toString('base64url')
  const res = await api({ method: 'GET', url: `/v1/invoices?after=${forged}` })
  t.equal(res.statusCode, 400)
  t.match(json(res), { code: 'VALIDATION_FAILED', errors: [{ field: 'after' }] })
})

t.test('pages of revisions of many invoices are read in the same few queries as of one (the loader batches them)', async (t) => {
  let queries = 0
  const testDatabase = await createTestDatabase(t)
  const counted = await testDatabase.open({ onQuery: () => queries++ })
  // No webhook worker: its polling would be counted with the page's queries.
  const app = await buildTestApp(t, { testDatabase, database: counted, env: { WEBHOOKS_WORKER: 'false' } })
  const s = await scenario(app)
  for (let i = 0; i < 12; i++) {
    const invoice = await s.createInvoice()
    await s.gql('mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { userErrors { code } } }', {
      input: { id: invoice.id, expectedVersion: 1, summary: 'second' },
    })
  }
  const page = (first: number) =>
    s.gql(
      `{ invoices(first: ${first}) { edges { node { id revisions(first: 1) { edges { node { version decision } } pageInfo { hasNextPage } } } } } }`,
    )
  queries = 0
  const few = await page(2)
  const forTwo = queries
  queries = 0
  const many = await page(12)
  t.equal(queries, forTwo, `12 invoices' revision pages take ${queries} queries, as 2 invoices' do`)
  t.equal(many.data!.invoices.edges.length, 12)
  for (const { node } of [...few.data!.invoices.edges, ...many.data!.invoices.edges])
    t.same(node.revisions, { edges: [{ node: { version: 1, decision: 'CREATE' } }], pageInfo: { hasNextPage: true } })
})
