// The cost table and the checks made before a GraphQL request runs (pure: no database, no app).
import { buildSchema, parse } from 'graphql'
import t from 'tap'
import { admit, type GraphqlLimits } from '../../src/graphql/admission.js'
import { FIELD_COSTS, queryCost, ratePoints, unknownCostEntries } from '../../src/graphql/cost.js'
import { graphqlSchema } from '../../src/graphql/graphql-plugin.js'

const schema = buildSchema(graphqlSchema)
const cost = (query: string, variables?: Record<string, unknown>) => queryCost(schema, parse(query), variables, undefined)
const LIMITS: GraphqlLimits = {
  maxTokens: 2000,
  maxAliases: 30,
  maxDepth: 10,
  maxDirectives: 20,
  maxRootFields: 20,
  maxMutations: 5,
  maxCost: 5000,
}
const refusal = (query: string, limits: Partial<GraphqlLimits> = {}, variables?: Record<string, unknown>) => {
  try {
    admit(schema, { ...LIMITS, ...limits }, { query, variables: variables ?? null })
    return undefined
  } catch (err) {
    return (err as { code?: string }).code
  }
}

t.test('every entry of the cost table names a field of schema.graphql', async (t) => {
  t.same(unknownCostEntries(schema), [])
  t.ok(Object.keys(FIELD_COSTS).length > 30)
})

t.test('by-id lookups and loader-backed children cost 1 each; scalars nothing', async (t) => {
  t.equal(cost('{ customer(id: "c1") { id name email createdAt } }'), 1)
  t.equal(cost('{ a: customer(id: "1") { id } b: customer(id: "2") { id } c: item(id: "3") { name } }'), 3)
  t.equal(cost('{ invoice(id: "x") { id number summary } }'), 2)
  t.equal(cost('{ invoice(id: "x") { customer { name } taxZone { rate } syncStatus total } }'), 2 + 4)
  // lines are planned at 20 per invoice; each line's item is a lookup
  t.equal(cost('{ invoice(id: "x") { lines { id amount item { name } } } }'), 2 + 1 + 20 * 1)
  t.equal(cost('{ __typename a: __typename }'), 0)
})

t.test('a page costs first x (a row + what each item selects), with the default or the maximum', async (t) => {
  t.equal(cost('{ invoices(first: 5) { edges { node { id } } } }'), 1 + 5 * 1)
  t.equal(
    cost('{ invoices(first: 5) { edges { node { id customer { name } sync { status } } } pageInfo { hasNextPage } } }'),
    1 + 5 * (1 + 1 + 1),
  )
  t.equal(cost('{ invoices { edges { node { id } } } }'), 1 + 20, 'the schema default, 20')
  t.equal(cost('query($n: Int) { invoices(first: $n) { edges { node { id } } } }', { n: 50 }), 1 + 50, 'a variable counts with its value')
  t.equal(
    cost('query($n: Int) { invoices(first: $n) { edges { node { id } } } }', {}),
    1 + 20,
    'an unset variable: the default the resolver uses',
  )
  t.equal(cost('{ invoices(first: 100000) { edges { node { id } } } }'), 1 + 100, 'never above the page maximum')
  t.equal(cost('{ connections { id sessions(first: 3) { id } skippedBeforeSyncStart } }'), 1 + 10 * (1 + 3 + 1))
  t.equal(cost('{ invoices(first: 10) { edges { node { id lines { item { name } } } } } }'), 1 + 10 * (1 + 1 + 20))
  t.equal(cost('query { ...F } fragment F on Query { invoices(first: 2) { edges { node { id } } } }'), 3, 'through fragments')
  t.equal(
    cost('query($skip: Boolean!) { invoices(first: 50) @skip(if: $skip) { edges { node { id } } } }', { skip: true }),
    0,
    '@skip removes what it skips',
  )
})

t.test('mutations cost a transaction each, plus what their payload selects', async (t) => {
  t.equal(cost('mutation { unlockInvoice(input: { id: "x" }) { invoice { id } userErrors { code } } }'), 10)
  t.equal(cost('mutation { unlockInvoice(input: { id: "x" }) { invoice { lines { id } } } }'), 11)
})

t.test('cost maps to rate-limit points: ceil(cost / points per cost), at least 1', async (t) => {
  t.equal(ratePoints(0, 10), 1)
  t.equal(ratePoints(1, 10), 1)
  t.equal(ratePoints(10, 10), 1)
  t.equal(ratePoints(11, 10), 2)
  t.equal(ratePoints(5000, 10), 500)
})

t.test('admission: each limit refused with its own code, before anything runs', async (t) => {
  const aliases = (n: number) => `{ customer(id: "c1") { ${Array.from({ length: n }, (_, i) => `a${i}: name`).join(' ')} } }`
  t.equal(refusal(aliases(30)), undefined, '30 aliases are fine')
  t.equal(refusal(aliases(31)), 'TOO_MANY_ALIASES')
  t.equal(
    refusal(`{ ${Array.from({ length: 31 }, (_, i) => `t${i}: __typename`).join(' ')} }`),
    'TOO_MANY_ALIASES',
    'aliases of __typename count too',
  )
  t.equal(
    refusal(`{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: customer(id: "c${i}") { id }`).join(' ')} }`),
    'TOO_MANY_TOKENS',
    'the 24,000-alias shape stops while it is parsed',
  )
  t.equal(refusal('{ customer(id: "1") { id } }', { maxTokens: 5 }), 'TOO_MANY_TOKENS')
  t.equal(refusal('{ customer(id: "1") { id }'), 'GRAPHQL_PARSE_FAILED')
  t.equal(refusal('{"kind":"Document","definitions":[]}'), 'GRAPHQL_PARSE_FAILED', 'a JSON AST is not a document')
  t.equal(refusal(`{ __type(name: "Invoice") { fields { type { ${'ofType { '.repeat(10)}name${' }'.repeat(10)} } } } }`), 'QUERY_TOO_DEEP')
  t.equal(
    refusal('{ customer(id: "1") { id @include(if: true) @include(if: true) name @skip(if: false) } }', { maxDirectives: 2 }),
    'TOO_MANY_DIRECTIVES',
  )
  const roots = (n: number) => `{ ${Array.from({ length: n }, (_, i) => (i % 2 ? 'connections { id }' : '__typename')).join(' ')} }`
  t.equal(refusal(roots(20)), undefined)
  t.equal(refusal(roots(21)), 'TOO_MANY_ROOT_FIELDS')
  const mutations = (n: number) =>
    `mutation { ${Array.from({ length: n }, (_, i) => `m${i}: unlockInvoice(input: { id: "${i}" }) { userErrors { code } }`).join(' ')} }`
  t.equal(refusal(mutations(5)), undefined)
  t.equal(refusal(mutations(6)), 'TOO_MANY_MUTATIONS')
  t.equal(
    refusal('{ invoices(first: 100) { edges { node { id lines { item { name } } revisions { edges { node { version } } } } } } }', {
      maxCost: 1000,
    }),
    'QUERY_TOO_COSTLY',
  )
  t.equal(
    refusal('query($n: Int) { invoices(first: $n) { edges { node { id } } } }', { maxCost: 30 }, { n: 50 }),
    'QUERY_TOO_COSTLY',
    'a page size sent as a variable counts',
  )
})

t.test('an invalid document is not refused here (mercurius reports its errors) and costs nothing', async (t) => {
  t.match(admit(schema, LIMITS, { query: '{ customer(id: "1") { nope } }' }), { valid: false, cost: 0 })
  t.match(
    admit(schema, LIMITS, { query: 'query($n: Int) { invoices(first: $n) { edges { node { id } } } }', variables: { n: 'lots' } }),
    { valid: false, cost: 0 },
    'variables of the wrong type',
  )
  t.match(
    admit(schema, LIMITS, { query: 'query A { __typename } query B { __typename }' }),
    { valid: false },
    'which operation runs is not said',
  )
  t.match(admit(schema, LIMITS, { query: '{ customer(id: "1") { id } }' }), { valid: true, cost: 1 })
})
