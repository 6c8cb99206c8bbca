// Requests per API key per minute on /v1 and /graphql, with the IETF RateLimit header fields and a
// 429 problem+json when the quota is used up; every other key keeps its own quota.
import t from 'tap'
import { loadConfig } from '../../src/config.js'
import { createFixedWindowLimiter } from '../../src/http/rate-limit.js'
import { buildTestApp, json } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'
import { checkedRequest } from '../helpers/openapi.js'

const RATE_LIMIT = /^"api-key";r=(\d+);t=(\d+)$/

t.test('each API key gets RATE_LIMIT_PER_MINUTE requests a minute, told in RateLimit headers; then 429', async (t) => {
  const app = await buildTestApp(t, { env: { RATE_LIMIT_PER_MINUTE: '3' } })
  const api = checkedRequest(t, app)
  const remaining: number[] = []
  for (let i = 0; i < 3; i++) {
    const res = await api({ method: 'GET', url: '/v1/invoices' })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['ratelimit-policy'], '"api-key";q=3;w=60')
    const m = RATE_LIMIT.exec(String(res.headers.ratelimit))
    t.ok(m, `RateLimit header: ${res.headers.ratelimit}`)
    remaining.push(Number(m![1]))
    t.ok(Number(m![2]) >= 1 && Number(m![2]) <= 60, 'resets within the minute')
  }
  t.same(remaining, [2, 1, 0])

  const limited = await api({ method: 'POST', url: '/v1/invoices', payload: { number: 'X', date: '2026-11-02', customerId: 'c1' } })
  t.equal(limited.statusCode, 429)
  t.match(limited.headers['content-type'], /^application\/problem\+json/)
  t.equal(json(limited).code, 'RATE_LIMITED')
  const retryAfter = Number(limited.headers['retry-after'])
  t.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${limited.headers['retry-after']}`)
  t.match(String(limited.headers.ratelimit), /^"api-key";r=0;t=\d+$/)
  const saved = (await app.database.db.execute('select count(*)::int as n from invoices')) as unknown as { rows: { n: number }[] }
  t.equal(saved.rows[0]!.n, 0, 'the refused POST did nothing')

  const graphql = await api({ method: 'POST', url: '/graphql', payload: { query: '{ connections { id } }' } })
  t.equal(graphql.statusCode, 429, '/graphql shares the key’s quota')
  t.equal(json(graphql).errors[0].extensions.code, 'RATE_LIMITED', 'in the GraphQL door’s own error shape')
  t.ok(graphql.headers['retry-after'])

  // Another key has its own quota; probes, the document and unauthenticated calls are not counted.
  const other = await app.request({ method: 'GET', url: '/v1/invoices', as: 'test_an-unknown-key-of-someone-else-000' })
  t.equal(other.statusCode, 401, 'another key is judged on its own (here: unknown, so 401, not 429)')
  for (const url of ['/healthz', '/openapi.yaml']) {
    const res = await app.request({ method: 'GET', url })
    t.equal(res.statusCode, 200, url)
    t.notOk(res.headers.ratelimit, `${url} carries no RateLimit header`)
  }
  const anonymous = await app.request({ method: 'GET', url: '/v1/invoices', as: null })
  t.equal(anonymous.statusCode, 401)
})

t.test('a second tenant is not slowed by the first', async (t) => {
  const app = await buildTestApp(t, { env: { RATE_LIMIT_PER_MINUTE: '2' } })
  const created = json(await app.request({ method: 'POST', url: '/v1/tenants', payload: { name: 'Other Co' } }))
  await app.request({ method: 'GET', url: '/v1/invoices' })
  t.equal((await app.request({ method: 'GET', url: '/v1/invoices' })).statusCode, 429, 'the admin key used its 2')
  const theirs = await app.request({ method: 'GET', url: '/v1/invoices', as: created.apiKey })
  t.equal(theirs.statusCode, 200)
  t.match(String(theirs.headers.ratelimit), /^"api-key";r=1;t=\d+$/)
})

t.test("a GraphQL request draws its cost from the key's budget before it runs: ceil(cost / GRAPHQL_COST_PER_RATE_POINT)", async (t) => {
  const app = await buildTestApp(t, { env: { RATE_LIMIT_PER_MINUTE: '100' } })
  const remaining = (res: { headers: Record<string, unknown> }) => Number(RATE_LIMIT.exec(String(res.headers.ratelimit))?.[1])
  const gql = (query: string) => app.request({ method: 'POST', url: '/graphql', payload: { query } })

  // 1 + 5 x (a row + lines + customer) = 16: 2 points
  const page = await gql('{ invoices(first: 5) { edges { node { id lines { id } customer { name } } } } }')
  t.equal(page.statusCode, 200)
  t.equal(remaining(page), 98)
  const lookup = await gql('{ customer(id: "c1") { id } }')
  t.equal(remaining(lookup), 97, 'a lookup by id costs 1: 1 point')
  t.equal(remaining(await app.request({ method: 'GET', url: '/v1/invoices' })), 96, 'REST draws 1 from the same budget')

  // 1 + 100 x (1 + 1 + 20 x 1) = 2201: 221 points, more than is left
  const heavy = await gql('{ invoices(first: 100) { edges { node { id lines { item { name } } } } } }')
  t.equal(heavy.statusCode, 429)
  t.match(json(heavy).errors[0], { message: /costs 221 points and 96/, extensions: { code: 'RATE_LIMITED' } })
  t.ok(Number(heavy.headers['retry-after']) >= 1)
  t.equal(remaining(heavy), 96, 'a refused request draws nothing')

  const invalid = await gql('{ nope }')
  t.equal(invalid.statusCode, 400)
  t.equal(remaining(invalid), 95, 'an invalid document draws 1')
  const refused = await gql(`{ ${Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ')} }`)
  t.equal(json(refused).errors[0].extensions.code, 'TOO_MANY_ALIASES')
  t.equal(remaining(refused), 94, 'a refused document draws 1')
})

t.test('failed authentications are limited per source address, before any key is looked up', async (t) => {
  let statements = 0
  const testDatabase = await createTestDatabase(t)
  const database = await testDatabase.open({ onQuery: () => statements++ })
  const app = await buildTestApp(t, { testDatabase, database, env: { RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '3', WEBHOOKS_WORKER: 'false' } })
  const from = (remoteAddress: string, key: string | null, url = '/v1/invoices') =>
    app.app.inject({
      method: url === '/graphql' ? 'POST' : 'GET',
      url,
      remoteAddress,
      headers: key ? { authorization: `Bearer ${key}` } : {},
      ...(url === '/graphql' ? { payload: { query: '{ connections { id } }' } } : {}),
    })
  t.equal((await from('203.0.113.7', 'test_guess-number-one-000000000000')).statusCode, 401)
  t.equal((await from('203.0.113.7', null, '/graphql')).statusCode, 401)
  t.equal((await from('203.0.113.7', 'test_guess-number-three-0000000000', '/graphql')).statusCode, 401)

  statements = 0
  const limited = await from('203.0.113.7', 'test_guess-number-four-00000000000')
  t.equal(limited.statusCode, 429)
  t.equal(statements, 0, 'refused before any key was looked up')
  t.match(json(limited), { code: 'RATE_LIMITED', detail: /failed authentications from your address/ })
  t.ok(Number(limited.headers['retry-after']) >= 1)
  const limitedGql = await from('203.0.113.7', 'test_guess-number-five-00000000000', '/graphql')
  t.equal(limitedGql.statusCode, 429)
  t.equal(json(limitedGql).errors[0].extensions.code, 'RATE_LIMITED', "in the GraphQL door's own shape")
  t.equal((await from('203.0.113.7', app.adminKey)).statusCode, 429, 'the address waits out the minute, whatever key it sends')

  t.equal((await from('198.51.100.2', app.adminKey)).statusCode, 200, 'another address is not affected')
  t.equal((await from('198.51.100.2', 'test_one-wrong-key-00000000000000000')).statusCode, 401)
  t.equal((await from('198.51.100.2', app.adminKey)).statusCode, 200, 'successes do not count')
})

t.test('failed authentications from one IPv6 subscriber share a budget: its /64, not each address', async (t) => {
  const app = await buildTestApp(t, { env: { RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '3', WEBHOOKS_WORKER: 'false' } })
  const from = (remoteAddress: string, key: string) =>
    app.app.inject({ method: 'GET', url: '/v1/invoices', remoteAddress, headers: { authorization: `Bearer ${key}` } })
  for (const host of ['1', 'a:b:c', 'ffff:0:1'])
    t.equal((await from(`2001:db8:1:2::${host}`, `test_guess-from-${host}-0000000000000`)).statusCode, 401)
  t.equal(
    (await from('2001:db8:1:2:dead:beef:0:1', 'test_guess-number-four-00000000000')).statusCode,
    429,
    'another address of the same /64 is limited',
  )
  t.equal((await from('2001:db8:1:3::1', app.adminKey)).statusCode, 200, 'the next /64 is not')
})

t.test('behind TRUST_PROXY the address is the one the proxy saw, not one the client wrote into X-Forwarded-For', async (t) => {
  const app = await buildTestApp(t, { env: { RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '3', TRUST_PROXY: 'true', WEBHOOKS_WORKER: 'false' } })
  // The load balancer (10.0.0.5) appends the address it saw to whatever the client sent.
  const via = (forwardedFor: string, key: string) =>
    app.app.inject({
      method: 'GET',
      url: '/v1/invoices',
      remoteAddress: '10.0.0.5',
      headers: { 'x-forwarded-for': forwardedFor, authorization: `Bearer ${key}` },
    })
  for (let i = 1; i <= 3; i++) t.equal((await via(`198.51.100.${i}, 203.0.113.9`, `test_guess-number-${i}-0000000000000`)).statusCode, 401)
  t.equal(
    (await via('198.51.100.4, 203.0.113.9', 'test_guess-number-4-0000000000000')).statusCode,
    429,
    'a forged X-Forwarded-For does not make a new address',
  )
  t.equal((await via('203.0.113.10', app.adminKey)).statusCode, 200, 'another client behind the same proxy is not affected')
})

t.test('RATE_LIMIT_PER_MINUTE=0 turns the limit off', async (t) => {
  const app = await buildTestApp(t, { env: { RATE_LIMIT_PER_MINUTE: '0' } })
  for (let i = 0; i < 5; i++) t.equal((await app.request({ method: 'GET', url: '/v1/invoices' })).statusCode, 200)
  t.notOk((await app.request({ method: 'GET', url: '/v1/invoices' })).headers['ratelimit-policy'])
})

t.test('the fixed window: resets after a minute, forgets callers whose window ended', async (t) => {
  let now = 1_000_000
  const limiter = createFixedWindowLimiter(2, 60_000, () => now)
  t.match(limiter.take('a'), { allowed: true, remaining: 1, resetSeconds: 60 })
  now += 20_500
  t.match(limiter.take('a'), { allowed: true, remaining: 0, resetSeconds: 40 })
  t.match(limiter.take('a'), { allowed: false, remaining: 0, resetSeconds: 40 })
  t.match(limiter.take('b'), { allowed: true, remaining: 1 }, 'keys are counted apart')
  now += 39_500
  t.match(limiter.take('a'), { allowed: true, remaining: 1, resetSeconds: 60 }, 'a new window')
  t.equal(limiter.size, 2)
  now += 60_000
  limiter.take('c')
  t.equal(limiter.size, 1, 'windows that ended are dropped')
})

t.test('RATE_LIMIT_PER_MINUTE: 600 unless set; a bad value stops the start naming it', async (t) => {
  t.equal(loadConfig({}).rateLimitPerMinute, 600)
  t.equal(loadConfig({}).rateLimitAuthFailuresPerMinute, 30)
  t.equal(loadConfig({}).graphql.costPerRatePoint, 10)
  t.equal(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }).rateLimitPerMinute, 0)
  t.throws(() => loadConfig({ RATE_LIMIT_PER_MINUTE: 'lots' }), /RATE_LIMIT_PER_MINUTE: must be a whole number/)
})

t.test('two instances on one PostgreSQL hold one budget between them, not one each', async (t) => {
  const env = { RATE_LIMIT_PER_MINUTE: '6', RATE_LIMIT_SHARE_INTERVAL_MS: '50' }
  const a = await buildTestApp(t, { env })
  if (a.database.kind !== 'postgres') {
    t.comment('skipped: the embedded database is one process; budgets are shared through PostgreSQL only')
    return
  }
  const b = await buildTestApp(t, { env, testDatabase: a.testDatabase, adminKey: a.adminKey })
  const exchanged = () => new Promise((resolve) => setTimeout(resolve, 150))
  const statuses: number[] = []
  // Alternating instances, each request after an exchange: as a load balancer would spread them.
  for (let i = 0; i < 10; i++) {
    const res = await (i % 2 === 0 ? a : b).request({ method: 'GET', url: '/v1/invoices' })
    statuses.push(res.statusCode)
    await exchanged()
  }
  t.equal(statuses.filter((s) => s === 200).length, 6, `six let through in all (${statuses.join(' ')})`)
  t.same(statuses.slice(6), [429, 429, 429, 429], 'then both instances refuse the key')
  const told = await b.request({ method: 'GET', url: '/v1/invoices' })
  t.match(told.headers.ratelimit, /r=0/, 'and say nothing is left')
})

t.test('a shared window starts on the minute and counts what the other instances drew', async (t) => {
  let now = 1_800_000 + 20_000
  let theirs = 0
  const seen: [string, number][] = []
  const limiter = createFixedWindowLimiter(5, 60_000, () => now, {
    others: (bucket, start) => {
      seen.push([bucket, start])
      return theirs
    },
  })
  t.match(limiter.take('k'), { allowed: true, remaining: 4, resetSeconds: 40 }, 'the window started at the minute, 40 s are left')
  theirs = 3
  t.match(limiter.take('k'), { allowed: true, remaining: 0 }, 'one here, three there, one now: nothing left')
  t.match(limiter.take('k'), { allowed: false }, 'refused')
  t.same(seen.at(-1), ['k', 1_800_000])
  t.same(limiter.drawn(), [{ key: 'k', start: 1_800_000, count: 2 }], 'what this instance drew, for the exchange')
  now += 40_000
  theirs = 0
  t.match(limiter.take('k'), { allowed: true, remaining: 4, resetSeconds: 60 }, 'the next minute')
})
