// Idempotency-Key on POST (and PATCH) under /v1, on the real database: replays do no work twice,
// a key in use answers 409, another body 422, keys are per tenant and expire; a failure on our
// side or a process that died frees the key.
import pg from 'pg'
import t, { type Test } from 'tap'
import { requestHash } from '../../src/http/idempotency.js'
import { createIdempotencyRepository } from '../../src/http/idempotency-repository.js'
import { buildTestApp, json } from '../helpers/app.js'
import { seedReferenceData } from '../helpers/invoices.js'
import { checkedRequest } from '../helpers/openapi.js'

const body = (number = 'IDEM-1') => ({
  number,
  date: '2026-11-02',
  customerId: 'c1',
  summary: 'Sink',
  lines: [{ itemId: 'labor', quantity: '2', unitPrice: '85.00' }],
})

/** Stored answers are encrypted with the service's secret box; a key of the test's own keeps it out of DATA_DIR. */
const SECRETS_KEY = Buffer.alloc(32, 7).toString('base64')

async function setup(t: Test) {
  const app = await buildTestApp(t, { env: { SECRETS_KEY } })
  await seedReferenceData(app)
  const api = checkedRequest(t, app)
  const db = app.database.db
  const count = async (sqlText: string): Promise<number> =>
    Number(((await db.execute(sqlText)) as unknown as { rows: { n: string }[] }).rows[0]!.n)
  const invoiceCount = () => count('select count(*) as n from invoices')
  return { app, api, db, count, invoiceCount }
}

t.test('the same key and body replay the first response without creating a second invoice', async (t) => {
  const { api, invoiceCount } = await setup(t)
  const first = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'create-1' }, payload: body() })
  t.equal(first.statusCode, 201)
  t.notOk(first.headers['idempotent-replayed'], 'the first answer is not a replay')

  // The same JSON with its keys in another order is the same body.
  const { lines, ...rest } = body()
  const reordered = { lines, ...Object.fromEntries(Object.entries(rest).reverse()) }
  const replay = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'create-1' }, payload: reordered })
  t.equal(replay.statusCode, 201)
  t.equal(replay.headers['idempotent-replayed'], 'true')
  t.equal(replay.headers.location, first.headers.location)
  t.match(replay.headers['content-type'], /^application\/json/)
  t.same(json(replay), json(first), 'the same body')
  t.not(replay.headers['x-request-id'], first.headers['x-request-id'], 'the request id is the new request’s own')
  t.equal(await invoiceCount(), 1, 'one invoice, however many retries')

  const other = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'create-2' }, payload: body('IDEM-2') })
  t.equal(other.statusCode, 201, 'another key is another request')
  t.equal(await invoiceCount(), 2)

  const noKey = await api({ method: 'GET', url: '/v1/invoices', headers: { 'idempotency-key': 'create-1' } })
  t.equal(noKey.statusCode, 200, 'GET ignores the header')
  t.equal(json(noKey).items.length, 2)
})

t.test('the same key with another body, path or user is refused with 422', async (t) => {
  const { api, invoiceCount } = await setup(t)
  await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'k' }, payload: body() })
  const cases: [string, Record<string, unknown>, Record<string, string>][] = [
    ['/v1/invoices', body('IDEM-9'), {}],
    ['/v1/batches', { invoiceIds: ['00000000-0000-4000-8000-000000000000'] }, {}],
    ['/v1/invoices', body(), { 'x-user-id': 'dana' }],
  ]
  for (const [url, payload, headers] of cases) {
    const res = await api({ method: 'POST', url, headers: { 'idempotency-key': 'k', ...headers }, payload })
    t.equal(res.statusCode, 422, `${url} ${JSON.stringify(headers)}`)
    t.equal(json(res).code, 'IDEMPOTENCY_KEY_REUSED')
  }
  t.equal(await invoiceCount(), 1)
})

t.test('refusals are answers too: a replayed 400 stays a 400, and nothing is created', async (t) => {
  const { api, invoiceCount } = await setup(t)
  const bad = { ...body(), number: 'TOO-LONG-NUMBER' }
  const first = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'bad' }, payload: bad })
  t.equal(first.statusCode, 400)
  const again = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'bad' }, payload: bad })
  t.equal(again.statusCode, 400)
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.match(again.headers['content-type'], /^application\/problem\+json/)
  t.equal(json(again).code, 'VALIDATION_FAILED')
  t.equal(await invoiceCount(), 0)
})

t.test('keys are validated', async (t) => {
  const { api } = await setup(t)
  for (const key of ['x'.repeat(256), '   ', ' padded']) {
    const res = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': key }, payload: body() })
    t.equal(res.statusCode, 400, JSON.stringify(key.slice(0, 10)))
    t.equal(json(res).code, 'INVALID_IDEMPOTENCY_KEY')
  }
  const longest = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'k'.repeat(255) }, payload: body() })
  t.equal(longest.statusCode, 201, '255 characters are accepted')
})

t.test(
  'two concurrent requests with one key: one does the work, the other gets 409',
  {
    skip:
      !process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL ? 'needs a PostgreSQL server (a second connection holds a lock)' : false,
  },
  async (t) => {
    const { app, api, count, invoiceCount } = await setup(t)
    const blocker = new pg.Client({ connectionString: app.testDatabase.url })
    await blocker.connect()
    t.teardown(() => blocker.end())
    // Hold the invoices table so the first request stops inside its work, after claiming the key.
    await blocker.query('begin')
    await blocker.query('lock table invoices in exclusive mode')
    const firstPromise = app.request({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'race' }, payload: body() })
    for (
      let i = 0;
      i < 200 && (await count(`select count(*) as n from idempotency_keys where key = 'race' and state = 'IN_PROGRESS'`)) === 0;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 25))
    }
    const second = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'race' }, payload: body() })
    t.equal(second.statusCode, 409)
    t.equal(json(second).code, 'IDEMPOTENCY_REQUEST_IN_PROGRESS')
    t.equal(second.headers['retry-after'], '1')
    await blocker.query('commit')
    const first = await firstPromise
    t.equal(first.statusCode, 201)
    const third = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'race' }, payload: body() })
    t.equal(third.statusCode, 201)
    t.equal(third.headers['idempotent-replayed'], 'true')
    t.equal(json(third).id, json(first).id)
    t.equal(await invoiceCount(), 1)
  },
)

t.test('keys are per tenant', async (t) => {
  const { app, api, count } = await setup(t)
  const other = json(await app.request({ method: 'POST', url: '/v1/tenants', payload: { name: 'Other Co' } }))
  await app.request({ method: 'PUT', url: '/v1/customers/c1', as: other.apiKey, payload: { name: 'Acme' } })
  await app.request({ method: 'PUT', url: '/v1/items/labor', as: other.apiKey, payload: { name: 'Labor', type: 'SERVICE' } })
  const mine = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'shared' }, payload: body() })
  const theirs = await api({
    method: 'POST',
    url: '/v1/invoices',
    as: other.apiKey,
    headers: { 'idempotency-key': 'shared' },
    payload: body(),
  })
  t.equal(theirs.statusCode, 201)
  t.notOk(theirs.headers['idempotent-replayed'], "another tenant's key does not replay mine")
  t.not(json(theirs).id, json(mine).id)
  const theirsWithOtherBody = await api({
    method: 'POST',
    url: '/v1/invoices',
    as: other.apiKey,
    headers: { 'idempotency-key': 'shared2' },
    payload: body('OTHER'),
  })
  t.equal(theirsWithOtherBody.statusCode, 201)
  t.equal(await count('select count(distinct tenant_id) as n from invoices'), 2)
})

t.test('expired keys do the work again and are purged; an abandoned request frees its key after the lease', async (t) => {
  const { app, api, db, invoiceCount } = await setup(t)
  await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'old' }, payload: body() })
  const kept = Number(
    (
      (await db.execute(`select extract(epoch from expires_at - created_at) as s from idempotency_keys where key = 'old'`)) as unknown as {
        rows: { s: string }[]
      }
    ).rows[0]!.s,
  )
  t.ok(kept >= 24 * 3600 - 1, `kept at least 24 hours (${kept} s)`)

  await db.execute(`update idempotency_keys set expires_at = now() - interval '1 second' where key = 'old'`)
  const afterExpiry = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'old' }, payload: body() })
  t.equal(afterExpiry.statusCode, 201)
  t.notOk(afterExpiry.headers['idempotent-replayed'], 'an expired key is a new request')
  t.equal(await invoiceCount(), 2)

  // A process that died mid-request left its record IN_PROGRESS: within the lease the key is busy...
  const tenant = (
    (await db.execute(`select tenant_id from idempotency_keys where key = 'old'`)) as unknown as { rows: { tenant_id: string }[] }
  ).rows[0]!.tenant_id
  const orphan = (expires: string) =>
    db.execute(`insert into idempotency_keys (tenant_id, key, method, path, request_hash, state, expires_at) values ('${tenant}', 'crashed', 'POST', '/v1/invoices', 'x', 'IN_PROGRESS', ${expires})
      on conflict (tenant_id, key) do update set expires_at = excluded.expires_at, state = 'IN_PROGRESS', request_hash = 'x'`)
  await orphan(`now() + interval '30 seconds'`)
  const busy = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'crashed' }, payload: body() })
  t.equal(busy.statusCode, 422, 'a different body is refused even while the key is busy')
  await db.execute(
    `update idempotency_keys set request_hash = (select request_hash from idempotency_keys where key = 'old') where key = 'crashed'`,
  )
  const stillBusy = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'crashed' }, payload: body() })
  t.equal(stillBusy.statusCode, 409)
  // ...and once the lease ran out, the next request takes the key over and does the work.
  await orphan(`now() - interval '1 second'`)
  const takenOver = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'crashed' }, payload: body() })
  t.equal(takenOver.statusCode, 201)
  t.equal(await invoiceCount(), 3)

  await db.execute(`update idempotency_keys set expires_at = now() - interval '1 second' where key = 'old'`)
  const purged = await createIdempotencyRepository(db).purgeExpired(24 * 60 * 60)
  t.equal(purged, 1)
  t.same(
    ((await db.execute('select key from idempotency_keys order by key')) as unknown as { rows: { key: string }[] }).rows.map((r) => r.key),
    ['crashed'],
    'only the expired record is purged',
  )
  t.ok(app)
})

t.test('a failure on our side (5xx) frees the key, so a retry does the work', async (t) => {
  const { api, db, count, invoiceCount } = await setup(t)
  await db.execute(`create function refuse_invoices() returns trigger language plpgsql as $$ begin raise exception 'disk on fire'; end $$`)
  await db.execute(`create trigger refuse_invoices before insert on invoices for each row execute function refuse_invoices()`)
  const failed = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'retry-me' }, payload: body() })
  t.equal(failed.statusCode, 500)
  t.equal(json(failed).code, 'INTERNAL_ERROR')
  t.equal(await count(`select count(*) as n from idempotency_keys where key = 'retry-me'`), 0, 'the key was released')
  await db.execute('drop trigger refuse_invoices on invoices')
  const retried = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'retry-me' }, payload: body() })
  t.equal(retried.statusCode, 201)
  t.notOk(retried.headers['idempotent-replayed'])
  t.equal(await invoiceCount(), 1)
})

t.test('PATCH honours the key: a retried edit replays its success instead of a version conflict', async (t) => {
  const { api } = await setup(t)
  const invoice = json(await api({ method: 'POST', url: '/v1/invoices', payload: body() }))
  const edit = { expectedVersion: 1, summary: 'New summary' }
  const first = await api({ method: 'PATCH', url: `/v1/invoices/${invoice.id}`, headers: { 'idempotency-key': 'edit-1' }, payload: edit })
  t.equal(first.statusCode, 200)
  const again = await api({ method: 'PATCH', url: `/v1/invoices/${invoice.id}`, headers: { 'idempotency-key': 'edit-1' }, payload: edit })
  t.equal(again.statusCode, 200)
  t.equal(again.headers['idempotent-replayed'], 'true')
  const withoutKey = await api({ method: 'PATCH', url: `/v1/invoices/${invoice.id}`, payload: edit })
  t.equal(withoutKey.statusCode, 409, 'without the key the same edit is a version conflict')
  t.equal(json(await api({ method: 'GET', url: `/v1/invoices/${invoice.id}` })).version, 2)
})

t.test('stored answers are encrypted: a one-time password is replayed but not kept readable', async (t) => {
  const { api, db } = await setup(t)
  const first = await api({
    method: 'POST',
    url: '/v1/connections',
    headers: { 'idempotency-key': 'conn-1' },
    payload: { name: 'Back office' },
  })
  t.equal(first.statusCode, 201)
  const { password } = json(first)
  const stored = (
    (await db.execute(`select response_body from idempotency_keys where key = 'conn-1'`)) as unknown as {
      rows: { response_body: string }[]
    }
  ).rows[0]!.response_body
  t.notOk(stored.includes(password), 'the password is not stored in clear')
  t.notOk(stored.includes('Back office'), 'nor anything else of the answer')
  const replay = await api({
    method: 'POST',
    url: '/v1/connections',
    headers: { 'idempotency-key': 'conn-1' },
    payload: { name: 'Back office' },
  })
  t.equal(replay.statusCode, 201)
  t.equal(replay.headers['idempotent-replayed'], 'true')
  t.equal(json(replay).password, password, 'the lost answer is given again, once per retry within 24 hours')
  t.equal(json(await api({ method: 'GET', url: '/v1/connections' })).items.length, 1, 'one connection')
})

t.test(
  'a request blocked past its lease keeps its key: the retry gets 409, then the one answer; one invoice',
  {
    skip:
      !process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL ? 'needs a PostgreSQL server (a second connection holds a lock)' : false,
  },
  async (t) => {
    const app = await buildTestApp(t, { env: { SECRETS_KEY, IDEMPOTENCY_LEASE_SECONDS: '2', DATABASE_LOCK_TIMEOUT_MS: '0' } })
    await seedReferenceData(app)
    const db = app.database.db
    const rows = async <T>(sqlText: string): Promise<T[]> => ((await db.execute(sqlText)) as unknown as { rows: T[] }).rows
    const blocker = new pg.Client({ connectionString: app.testDatabase.url })
    await blocker.connect()
    t.teardown(() => blocker.end())
    // The customer row is locked, so the invoice's insert (its foreign key) waits inside the request's transaction.
    await blocker.query('begin')
    await blocker.query(`select 1 from customers where id = 'c1' for update`)
    const firstPromise = app.request({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'idempotency-key': 'slow' },
      payload: body('SLOW-1'),
    })
    let original: string | undefined
    for (let i = 0; i < 400 && original === undefined; i++) {
      const [waiting] = await rows<{ expires_at: string }>(
        `select k.expires_at::text from idempotency_keys k where k.key = 'slow' and exists (select 1 from pg_stat_activity a where a.datname = current_database() and a.wait_event_type = 'Lock')`,
      )
      if (waiting) original = waiting.expires_at
      else await new Promise((r) => setTimeout(r, 25))
    }
    t.ok(original, 'the first request claimed the key and waits on the lock')
    // Past the first lease, by the database clock (what takeovers use).
    for (let i = 0; i < 400; i++) {
      const [past] = await rows<{ past: boolean }>(
        `select now() > '${original}'::timestamptz as past from idempotency_keys where key = 'slow'`,
      )
      if (past?.past) break
      await new Promise((r) => setTimeout(r, 50))
    }
    const [lease] = await rows<{ renewed: boolean; live: boolean }>(
      `select expires_at > '${original}'::timestamptz as renewed, expires_at > now() as live from idempotency_keys where key = 'slow'`,
    )
    t.same(lease, { renewed: true, live: true }, 'the running request renewed its lease')

    const retryPromise = app.request({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'idempotency-key': 'slow' },
      payload: body('SLOW-1'),
    })
    const retry = await Promise.race([retryPromise, new Promise<null>((r) => setTimeout(() => r(null), 3000))])
    await blocker.query('commit')
    const first = await firstPromise
    const retried = retry ?? (await retryPromise)
    t.equal(first.statusCode, 201, 'the first request did the work')
    t.equal(retried.statusCode, 409, 'the retry did not take the key over')
    t.equal(json(retried).code, 'IDEMPOTENCY_REQUEST_IN_PROGRESS')
    const again = await app.request({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'idempotency-key': 'slow' },
      payload: body('SLOW-1'),
    })
    t.equal(again.statusCode, 201)
    t.equal(again.headers['idempotent-replayed'], 'true')
    t.equal(json(again).id, json(first).id, 'the retry gets the first request’s answer')
    t.same(await rows(`select count(*)::int as n from invoices where number = 'SLOW-1'`), [{ n: 1 }], 'one invoice')
  },
)

t.test('a key whose work committed but whose answer was lost in a crash is not done again', async (t) => {
  const { api, db, invoiceCount } = await setup(t)
  const tenant = ((await db.execute('select id from tenants limit 1')) as unknown as { rows: { id: string }[] }).rows[0]!.id
  const apiKeyId = (
    (await db.execute(`select id from api_keys where tenant_id = '${tenant}' and revoked_at is null limit 1`)) as unknown as {
      rows: { id: string }[]
    }
  ).rows[0]!.id
  // What a process leaves when it dies after its transaction committed and before storing the answer.
  await db.execute(`insert into idempotency_keys (tenant_id, key, method, path, request_hash, state, work_committed_at, expires_at)
    values ('${tenant}', 'crashed-after-commit', 'POST', '/v1/invoices', '${requestHash(body(), null, apiKeyId)}', 'IN_PROGRESS', now() - interval '1 minute', now() - interval '1 second')`)
  const retry = await api({ method: 'POST', url: '/v1/invoices', headers: { 'idempotency-key': 'crashed-after-commit' }, payload: body() })
  t.equal(retry.statusCode, 409)
  t.equal(json(retry).code, 'IDEMPOTENCY_RESPONSE_LOST')
  t.equal(await invoiceCount(), 0, 'the work is not done a second time')
})

t.test('one purge run removes every expired key, a bounded batch per statement, and keeps the live ones', async (t) => {
  const { app, db, count } = await setup(t)
  const tenant = ((await db.execute('select id from tenants limit 1')) as unknown as { rows: { id: string }[] }).rows[0]!.id
  const deletes: string[] = []
  const counted = await app.testDatabase.open({ onQuery: (query) => void (/^delete /i.test(query) && deletes.push(query)) })
  await db.execute(`insert into idempotency_keys (tenant_id, key, method, path, request_hash, state, response_status, expires_at)
    select '${tenant}', 'expired-' || n, 'POST', '/v1/invoices', 'x', 'COMPLETED', 201, now() - interval '1 minute' from generate_series(1, 250) n`)
  await db.execute(`insert into idempotency_keys (tenant_id, key, method, path, request_hash, state, response_status, expires_at)
    values ('${tenant}', 'live', 'POST', '/v1/invoices', 'x', 'COMPLETED', 201, now() + interval '1 hour')`)
  const purged = await createIdempotencyRepository(counted.db).purgeExpired(24 * 60 * 60, 100)
  t.equal(purged, 250, 'every expired key in one run')
  t.equal(deletes.length, 3, 'in three statements of at most 100 rows')
  t.equal(await count('select count(*) as n from idempotency_keys'), 1, 'only the live key is left')
})
