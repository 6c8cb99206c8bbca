// What one GraphQL request may ask for, checked before it runs: a refused request runs no SQL
// statement after the API key lookup of authentication (counted here through the database handle).
import type { FastifyRequest } from 'fastify'
import t, { type Test } from 'tap'
import { isWebSocketHandshake } from '../../src/graphql/graphql-plugin.js'
import { buildTestApp, json, type TestApp } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'
import { scenario } from '../helpers/invoices.js'
import { postOverSocket } from '../helpers/raw-http.js'

interface Counted {
  app: TestApp
  /** SQL statements run since the last reset. */
  statements: string[]
  reset(): void
  /** Statements on the customers table fail while this is set (a resolver error, for the log test). */
  failCustomers: boolean
}

async function countedApp(t: Test, env: Record<string, string> = {}): Promise<Counted> {
  const testDatabase = await createTestDatabase(t)
  const state = { statements: [] as string[], failCustomers: false }
  const database = await testDatabase.open({
    onQuery: (sql) => {
      state.statements.push(sql)
      if (state.failCustomers && /from "customers"/.test(sql)) throw new Error('the customers table is unreachable')
    },
  })
  // No webhook worker: its polling would be counted with the request's statements.
  const app = await buildTestApp(t, { testDatabase, database, env: { WEBHOOKS_WORKER: 'false', ...env } })
  return {
    app,
    get statements() {
      return state.statements
    },
    reset: () => void (state.statements = []),
    get failCustomers() {
      return state.failCustomers
    },
    set failCustomers(v: boolean) {
      state.failCustomers = v
    },
  }
}

const gql = (app: TestApp, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
  app.request({ method: 'POST', url: '/graphql', headers, payload: { query, ...(variables ? { variables } : {}) } })

/** Only authentication ran: statements on api_keys (the key lookup, and whatever it records about the key). */
function onlyTheKeyLookup(t: Test, statements: string[], what: string) {
  t.ok(statements.length >= 1, `${what}: the API key was looked up`)
  t.same(
    statements.filter((s) => !/"api_keys"/.test(s)),
    [],
    `${what}: no other SQL statement ran`,
  )
}

t.test('the alias attack is refused before it runs: no SQL statement beyond the key lookup', async (t) => {
  const c = await countedApp(t)
  await c.app.request({ method: 'PUT', url: '/v1/customers/c1', payload: { name: 'Acme' } })

  // The review's shape, scaled: thousands of aliases of customer(id:).
  const attack = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: customer(id: "c1") { id name }`).join(' ')} }`
  c.reset()
  const scaled = await gql(c.app, attack(3000))
  t.equal(scaled.statusCode, 400)
  t.match(json(scaled).errors[0], {
    message: /more than 2000 tokens/,
    extensions: { code: 'TOO_MANY_TOKENS', requestId: scaled.headers['x-request-id'] },
  })
  onlyTheKeyLookup(t, c.statements, '3,000 aliases')

  c.reset()
  const full = await gql(c.app, attack(24_000))
  t.equal(
    full.statusCode,
    413,
    `the review's 24,000 aliases (${Math.round(attack(24_000).length / 1024)} KB) are over the /graphql body limit`,
  )
  t.equal(json(full).errors[0].extensions.code, 'BODY_TOO_LARGE')
  onlyTheKeyLookup(t, c.statements, '24,000 aliases')

  c.reset()
  const aliases = await gql(c.app, `{ customer(id: "c1") { ${Array.from({ length: 31 }, (_, i) => `n${i}: name`).join(' ')} } }`)
  t.equal(aliases.statusCode, 400)
  t.equal(json(aliases).errors[0].extensions.code, 'TOO_MANY_ALIASES')
  onlyTheKeyLookup(t, c.statements, '31 aliases')

  // Within the limits, lookups by id share the request's loader: 20 of them are one statement.
  c.reset()
  const twenty = await gql(
    c.app,
    `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: customer(id: "${i % 2 ? 'c1' : 'nobody'}") { id name }`).join(' ')} }`,
  )
  t.equal(twenty.statusCode, 200)
  t.same(json(twenty).data.a1, { id: 'c1', name: 'Acme' })
  t.equal(json(twenty).data.a0, null, 'an unknown id is null')
  t.same(
    c.statements.filter((s) => !/"api_keys"/.test(s)).map((s) => /from "(\w+)"/.exec(s)?.[1]),
    ['customers'],
    'one customers statement for 20 lookups',
  )
})

t.test('a page within the limits is answered; a costlier one is refused before it runs', async (t) => {
  const c = await countedApp(t)
  const s = await scenario(c.app)
  await s.createInvoice()

  c.reset()
  const page = await gql(
    c.app,
    '{ invoices(first: 50) { edges { node { id total lines { id item { name } } customer { name } sync { status } } } } }',
  )
  t.equal(page.statusCode, 200)
  t.equal(json(page).data.invoices.edges.length, 1)

  const field =
    'invoices(first: 100) { edges { node { id lines { item { name } } revisions { edges { node { version } } } customer { name } } } }'
  c.reset()
  const costly = await gql(c.app, `{ a: ${field} b: ${field} c: ${field} }`)
  t.equal(costly.statusCode, 400)
  t.match(json(costly).errors[0], { message: /would cost \d+ \(limit 5000\)/, extensions: { code: 'QUERY_TOO_COSTLY' } })
  onlyTheKeyLookup(t, c.statements, 'a costly query')

  c.reset()
  const byVariable = await gql(
    c.app,
    'query($n: Int) { a: invoices(first: $n) { edges { node { id lines { item { name } } revisions { edges { node { version } } } } } } b: invoices(first: $n) { edges { node { id lines { item { name } } revisions { edges { node { version } } } } } } c: invoices(first: $n) { edges { node { id lines { item { name } } revisions { edges { node { version } } } } } } }',
    { n: 100 },
  )
  t.equal(json(byVariable).errors[0].extensions.code, 'QUERY_TOO_COSTLY', 'a page size sent as a variable counts')
  onlyTheKeyLookup(t, c.statements, 'a costly query by variable')
})

t.test('mutations per request, root fields, depth and directives each have a cap', async (t) => {
  const c = await countedApp(t, { GRAPHQL_MAX_MUTATIONS: '2', GRAPHQL_MAX_ROOT_FIELDS: '3', GRAPHQL_MAX_DIRECTIVES: '2' })
  await c.app.request({ method: 'PUT', url: '/v1/customers/c1', payload: { name: 'Acme' } })
  const create = (i: number) =>
    `m${i}: createInvoice(input: { number: "M-${i}", date: "2026-11-02", customerId: "c1" }) { invoice { id } userErrors { code } }`
  const cases: [string, string, string][] = [
    ['three mutations', `mutation { ${[1, 2, 3].map(create).join(' ')} }`, 'TOO_MANY_MUTATIONS'],
    ['four root fields', '{ a: __typename b: __typename c: __typename d: __typename }', 'TOO_MANY_ROOT_FIELDS'],
    ['too deep', `{ __type(name: "Invoice") { fields { type { ${'ofType { '.repeat(10)}name${' }'.repeat(10)} } } } }`, 'QUERY_TOO_DEEP'],
    [
      'three directives',
      '{ a: __typename @include(if: true) b: __typename @include(if: true) c: __typename @skip(if: false) }',
      'TOO_MANY_DIRECTIVES',
    ],
    ['not a string', '', 'GRAPHQL_PARSE_FAILED'],
  ]
  for (const [what, query, code] of cases) {
    c.reset()
    const res =
      query === ''
        ? await c.app.request({ method: 'POST', url: '/graphql', payload: { query: { kind: 'Document', definitions: [] } } })
        : await gql(c.app, query)
    t.equal(res.statusCode, 400, what)
    t.equal(json(res).errors[0].extensions.code, code, what)
    onlyTheKeyLookup(t, c.statements, what)
  }
  const two = await gql(c.app, `mutation { ${[1, 2].map(create).join(' ')} }`)
  t.equal(two.statusCode, 200, 'two mutations are within the cap')
  const saved = (await c.app.database.db.execute('select count(*)::int as n from invoices')) as unknown as { rows: { n: number }[] }
  t.equal(saved.rows[0]!.n, 2, 'only the request within the cap saved anything')
})

t.test('many fields failing in one request make one log line, with the request id', async (t) => {
  const c = await countedApp(t)
  c.failCustomers = true
  const res = await gql(c.app, `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: customer(id: "c${i}") { id }`).join(' ')} }`, undefined, {
    'x-request-id': 'many-failures-1',
  })
  t.equal(json(res).errors.length, 20)
  t.ok(
    json(res).errors.every(
      (e: { extensions: { code: string; requestId: string } }) =>
        e.extensions.code === 'INTERNAL_ERROR' && e.extensions.requestId === 'many-failures-1',
    ),
  )
  const lines = c.app.logs.filter((l) => l.requestId === 'many-failures-1' && Number(l.level) >= 50)
  t.equal(lines.length, 1, 'one error line for the request')
  t.match(lines[0], { msg: 'graphql request failed', failedFields: 20 })
})

t.test('`Upgrade: websocket` on a plain request does not skip authentication; no tenant is 401, never 500', async (t) => {
  const c = await countedApp(t)
  const query = '{ syncErrors { invoiceId } connections { id } customer(id: "c1") { id } }'
  for (const headers of [
    { upgrade: 'websocket' },
    { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13' },
  ]) {
    c.reset()
    const res = await c.app.app.inject({ method: 'POST', url: '/graphql', headers, payload: { query } })
    t.equal(res.statusCode, 401, `POST with ${Object.keys(headers).join(', ')}`)
    t.match(json(res), { data: null, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] })
    t.same(c.statements, [], 'nothing was looked up')
    const get = await c.app.app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(query)}`, headers })
    t.equal(get.statusCode, 401, `GET with ${Object.keys(headers).join(', ')}`)
  }

  // Over a real socket: Node hands a POST carrying Upgrade/Connection to the upgrade path.
  const base = await c.app.app.listen({ port: 0, host: '127.0.0.1' })
  const answer = await postOverSocket(`${base}/graphql`, { upgrade: 'websocket', connection: 'Upgrade' }, { query })
  t.equal(answer.status, 401, `a real POST with the upgrade headers: ${answer.status} ${answer.body.slice(0, 120)}`)
  t.notMatch(answer.body, /"data":\{/, 'no data')
})

t.test("a WebSocket handshake is a GET on Node's upgrade path carrying the handshake key; nothing else", async (t) => {
  const handshake = {
    upgrade: 'websocket',
    connection: 'Upgrade',
    'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'sec-websocket-version': '13',
  }
  const request = (method: string, upgraded: boolean, headers: Record<string, string>) =>
    ({ method, raw: { upgrade: upgraded }, headers }) as unknown as FastifyRequest
  t.ok(isWebSocketHandshake(request('GET', true, handshake)))
  t.notOk(isWebSocketHandshake(request('POST', true, handshake)), 'a POST is never one')
  t.notOk(isWebSocketHandshake(request('GET', false, handshake)), 'headers alone (not on the upgrade path) are not one')
  t.notOk(isWebSocketHandshake(request('GET', true, { upgrade: 'websocket', connection: 'Upgrade' })), 'without the handshake key')
  t.notOk(isWebSocketHandshake(request('GET', true, { ...handshake, upgrade: 'h2c' })), 'another protocol')
})
