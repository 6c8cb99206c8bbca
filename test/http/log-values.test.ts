// Database errors reach the logs without the values bound to the failed statement: the SQL is
// logged, a customer's email or address is not.
import { sql } from 'drizzle-orm'
import t from 'tap'
import { withoutQueryValues } from '../../src/logger.js'
import { buildTestApp, json } from '../helpers/app.js'
import { lockingSession } from '../helpers/database.js'
import { seedReferenceData } from '../helpers/invoices.js'

const EMAIL = 'jane.doe@example.com'
const STREET = '12 Hidden Lane'

t.test('a drizzle query error loses its bound values, keeps its SQL', async (t) => {
  const cause = Object.assign(new Error('duplicate key value violates unique constraint "customers_pkey"'), {
    code: '23505',
    detail: `Key (email)=(${EMAIL}) already exists.`,
    constraint: 'customers_pkey',
  })
  const err = Object.assign(new Error(`Failed query: insert into "customers" ("email") values ($1)\nparams: ${EMAIL}`, { cause }), {
    query: 'insert into "customers" ("email") values ($1)',
    params: [EMAIL],
  })
  const clean = withoutQueryValues(err) as Error & { params?: unknown; query: string; cause: Error & { detail?: string; code: string } }
  t.equal(clean.message, 'Failed query: insert into "customers" ("email") values ($1)')
  t.equal(clean.query, 'insert into "customers" ("email") values ($1)')
  t.notOk('params' in clean)
  t.notOk(clean.stack!.includes(EMAIL))
  t.equal(clean.cause.code, '23505')
  t.notOk('detail' in clean.cause)
  t.ok(err.message.includes(EMAIL), 'the original error is untouched')
})

t.test(
  'a database error on the API is logged without the customer’s email and address',
  { skip: !process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL ? 'needs a PostgreSQL server' : false },
  async (t) => {
    const app = await buildTestApp(t, { env: { DATABASE_LOCK_TIMEOUT_MS: '200' } })
    await seedReferenceData(app)
    const blocker = await lockingSession(t, app.testDatabase.url!)
    await blocker.lock(`select 1 from customers where id = 'c1' for update`)
    // The upsert waits on the row, gives up after the lock timeout: a database error whose bound values hold the email.
    const res = await app.request({
      method: 'PUT',
      url: '/v1/customers/c1',
      payload: { name: 'Acme Plumbing', email: EMAIL, billAddress: { addr1: STREET } },
    })
    await blocker.release('rollback')
    t.equal(res.statusCode, 503)
    t.equal(json(res).code, 'DATABASE_BUSY')
    const logged = app.logs.filter((l) => l.err)
    t.ok(
      logged.some((l) => JSON.stringify(l).includes('customers')),
      'the failed statement is logged',
    )

    // And any other path logging a database error through the app's logger.
    const failed = await app.database.db
      .execute(
        sql`insert into customers (tenant_id, id, name, email) values (${'00000000-0000-4000-8000-000000000000'}, 'x', 'X', ${EMAIL})`,
      )
      .then(
        () => null,
        (err: unknown) => err,
      )
    t.ok(failed, 'the insert failed (no such tenant)')
    app.app.log.error({ err: failed }, 'a failed statement')
    t.ok(app.logs.some((l) => l.msg === 'a failed statement' && JSON.stringify(l).includes('insert into customers')))

    for (const line of app.logs) {
      const text = JSON.stringify(line)
      if (text.includes(EMAIL) || text.includes(STREET)) t.fail(`a log line carries a bound value: ${text.slice(0, 300)}`)
    }
  },
)
