// What a Web Connector check-in costs: a successful login with nothing to do writes nothing (no
// failure row, no connection row, no session), its check-in is written in a batch off the login's
// path, and an scrypt hash of before is replaced on its first successful login.
import { sql } from 'drizzle-orm'
import t from 'tap'
import { legacyScryptHash } from '../../src/connections/wc-password.js'
import { buildTestApp, type TestApp } from '../helpers/app.js'
import { webConnectorScenario } from '../helpers/invoices.js'
import { authenticate } from '../helpers/web-connector.js'

async function one<T>(app: TestApp, query: ReturnType<typeof sql>): Promise<T> {
  return ((await app.database.db.execute(query)) as unknown as { rows: T[] }).rows[0]!
}

t.test('an idle check-in writes nothing; its last contact is written once a minute, in a batch', async (t) => {
  const app = await buildTestApp(t, { env: { QBWC_CHECK_IN_FLUSH_MS: '600000' } })
  const { credentials, connectionId } = await webConnectorScenario(app)
  const row = () =>
    one<{ xmin: string; lastCheckInAt: Date | null; passwordHash: string }>(
      app,
      sql`select xmin::text, last_check_in_at as "lastCheckInAt", password_hash as "passwordHash" from connections where id = ${connectionId}`,
    )
  const before = await row()
  t.same(await authenticate(app.app, credentials), ['', 'none'], 'nothing to do')
  t.same(await authenticate(app.app, credentials), ['', 'none'])
  const after = await row()
  t.equal(after.xmin, before.xmin, 'the connection row was not written')
  t.equal(after.lastCheckInAt, null, 'the check-in is noted, not yet written')
  const failures = await one<{ n: number }>(app, sql`select count(*)::int as n from qbwc_login_failures`)
  t.equal(failures.n, 0, 'no failure row was written and deleted')
  const sessions = await one<{ n: number }>(app, sql`select count(*)::int as n from qbwc_sessions where connection_id = ${connectionId}`)
  t.equal(sessions.n, 0, 'no session')

  await app.app.close()
  const closed = await row()
  t.ok(closed.lastCheckInAt, 'written when the instance closes (and every QBWC_CHECK_IN_FLUSH_MS)')
})

t.test('a wrong password is still counted, and a right one from that address forgets it', async (t) => {
  const app = await buildTestApp(t)
  const { credentials } = await webConnectorScenario(app)
  t.same(await authenticate(app.app, { ...credentials, password: 'wrong-password-here' }), ['', 'nvu'])
  t.equal((await one<{ n: number }>(app, sql`select coalesce(sum(failures), 0)::int as n from qbwc_login_failures`)).n, 1)
  t.same(await authenticate(app.app, credentials), ['', 'none'])
  t.equal((await one<{ n: number }>(app, sql`select count(*)::int as n from qbwc_login_failures`)).n, 0)
})

t.test('an scrypt hash of before is replaced by an HMAC on its first successful login', async (t) => {
  const app = await buildTestApp(t)
  const { credentials, connectionId } = await webConnectorScenario(app)
  const legacy = await legacyScryptHash(credentials.password)
  await app.database.db.execute(sql`update connections set password_hash = ${legacy} where id = ${connectionId}`)
  t.same(await authenticate(app.app, { ...credentials, password: 'not-it-at-all' }), ['', 'nvu'])
  const stillLegacy = await one<{ h: string }>(app, sql`select password_hash as h from connections where id = ${connectionId}`)
  t.equal(stillLegacy.h, legacy, 'a wrong password upgrades nothing')
  t.same(await authenticate(app.app, credentials), ['', 'none'], 'the old hash still lets the Web Connector in')
  const upgraded = await one<{ h: string }>(app, sql`select password_hash as h from connections where id = ${connectionId}`)
  t.match(upgraded.h, /^hmac\$/, 'now an HMAC')
  t.same(await authenticate(app.app, credentials), ['', 'none'], 'and the same password goes on working')
})
