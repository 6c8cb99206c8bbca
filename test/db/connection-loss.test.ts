// Found by test/reliability/database.reliability.ts: a database connection lost while a request
// holds it (a transaction between two statements) stopped the whole process with an uncaught
// 'error'. Now only that transaction fails; the pool serves the next request.
import { sql } from 'drizzle-orm'
import pg from 'pg'
import t from 'tap'
import { createTestDatabase, postgresServerUrl } from '../helpers/database.js'

const noPostgres = (await postgresServerUrl()) ? false : 'needs a PostgreSQL server (TEST_DATABASE_URL)'

t.test('a connection killed in the middle of a transaction fails that transaction only', { skip: noPostgres }, async (t) => {
  const database = await createTestDatabase(t)
  const warnings: string[] = []
  const { openPostgres } = await import('../../src/db/client.js')
  const handle = await openPostgres(database.url!, 2, { info() {}, warn: (_o, m) => warnings.push(m ?? ''), error() {} })
  t.teardown(() => handle.close())
  const admin = new pg.Client({ connectionString: database.url })
  await admin.connect()
  t.teardown(() => admin.end())

  const failed = await handle.db
    .transaction(async (tx) => {
      const { rows } = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as { rows: { pid: number }[] }
      await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid])
      await new Promise((r) => setTimeout(r, 300)) // the server closes the connection while we hold it, idle
      await tx.execute(sql`select 1`)
    })
    .then(
      () => false,
      () => true,
    )
  t.ok(failed, 'the transaction whose connection died fails')
  t.ok(warnings.includes('database connection lost while in use'), 'the loss is logged as a warning, not an uncaught error')
  const again = (await handle.db.execute(sql`select 2 as n`)) as unknown as { rows: { n: number }[] }
  t.equal(again.rows[0]!.n, 2, 'the next query gets a working connection')
})
