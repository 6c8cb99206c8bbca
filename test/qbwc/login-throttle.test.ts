// Found by the security review (issue 14, finding 5): five wrong passwords from anyone who read the
// username in a .qwc locked the real Web Connector out; the failure counter was read then written
// (40 guesses at once counted as 2); an unknown username answered without any hash work, so its
// timing told which usernames exist. Now failures are counted in one upsert per source address, an
// address (not the connection) waits, and every login costs one hash check.
import t from 'tap'
import { DUMMY_PASSWORD_HASH, hashPassword } from '../../src/connections/wc-password.js'
import { createLoginThrottle } from '../../src/qbwc/login-throttle.js'
import { createQbwcService } from '../../src/qbwc/qbwc-service.js'
import { createSyncResults } from '../../src/sync/sync-results.js'
import { buildTestApp, type TestApp } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'
import { webConnectorScenario } from '../helpers/invoices.js'
import { readSoap, soapEnvelope } from '../helpers/web-connector.js'

const NS = 'http://developer.intuit.com/'

async function login(app: TestApp, credentials: { username: string; password: string }, remoteAddress = '127.0.0.1'): Promise<string[]> {
  const res = await app.app.inject({
    method: 'POST',
    url: '/qbwc',
    remoteAddress,
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${NS}authenticate"` },
    payload: soapEnvelope('authenticate', [
      ['strUserName', credentials.username],
      ['strPassword', credentials.password],
    ]),
  })
  return readSoap('authenticate', res.statusCode, res.body).result!.children.map((c) => c.text)
}

const failuresOf = async (app: TestApp, address: string) =>
  (
    (await app.database.db.execute(`select failures from qbwc_login_failures where address = '${address}'`)) as unknown as {
      rows: { failures: number }[]
    }
  ).rows[0]?.failures ?? 0

t.test("a stranger's wrong passwords make the stranger's address wait, not the real Web Connector", async (t) => {
  const app = await buildTestApp(t)
  const { credentials, exportInvoice } = await webConnectorScenario(app)
  await exportInvoice()
  const attacker = '203.0.113.7'
  for (let i = 0; i < 10; i++) t.same(await login(app, { ...credentials, password: `guess-${i}` }, attacker), ['', 'nvu'])
  t.same(await login(app, credentials, attacker), ['', 'nvu'], "the stranger's address waits, even with the right password")
  const [ticket, status] = await login(app, credentials, '198.51.100.20')
  t.ok(ticket, 'the real Web Connector, from its own address, logs in')
  t.equal(status, '')
  t.ok(
    app.logs.some((l) => l.msg === 'Web Connector login refused: too many wrong passwords from this address' && l.source === attacker),
    'the refusal is logged with the address',
  )
})

t.test('40 wrong passwords at once are all counted', async (t) => {
  // The limit is 40: the right password is refused after them only if all 40 were counted.
  const app = await buildTestApp(t, { env: { QBWC_LOGIN_MAX_FAILURES: '40' } })
  const { credentials } = await webConnectorScenario(app)
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(app, { ...credentials, password: `guess-${i}` })))
  t.ok(answers.every((a) => a[1] === 'nvu'))
  t.equal(await failuresOf(app, '127.0.0.1'), 40, 'forty failures recorded')
  t.same(await login(app, credentials), ['', 'nvu'], 'the address now waits')
})

t.test('an unknown or disabled username costs the same hash check as a known one', async (t) => {
  const testDatabase = await createTestDatabase(t)
  const database = await testDatabase.open()
  t.teardown(() => database.close())
  const checked: string[] = []
  const silent = { info() {}, warn() {}, error() {} }
  const service = createQbwcService({
    db: database.db,
    results: createSyncResults(database.db, () => {}),
    publicUrl: 'http://localhost',
    batchSize: 50,
    log: silent,
    verifyPassword: async (_password, stored) => {
      checked.push(stored)
      return { ok: false }
    },
  })
  const tenant = (await database.db.execute(`insert into tenants (name) values ('T') returning id`)) as unknown as {
    rows: { id: string }[]
  }
  const tenantId = tenant.rows[0]!.id
  const stored = hashPassword('right')
  const insert = (username: string, disabled: boolean) =>
    database.db.execute(
      `insert into connections (tenant_id, name, username, password_hash, qb_owner_id, qb_file_id${disabled ? ', disabled_at' : ''}) values ('${tenantId}', '${username}', '${username}', '${stored}', '{O}', '{${username}}'${disabled ? ', now()' : ''})`,
    )
  await insert('known', false)
  await insert('gone', true)

  t.same(await service.authenticate('known', 'wrong', '192.0.2.1'), ['', 'nvu'])
  t.same(await service.authenticate('nobody', 'wrong', '192.0.2.2'), ['', 'nvu'])
  t.same(await service.authenticate('gone', 'right', '192.0.2.3'), ['', 'nvu'])
  const dummy = DUMMY_PASSWORD_HASH
  t.same(checked, [stored, dummy, dummy], 'one check each: the stored hash for a known username, a dummy for an unknown or disabled one')
  const shape = (h: string) => h.split('$').map((part, i) => (i === 0 ? part : Buffer.from(part, 'base64').length))
  t.same(shape(dummy), shape(stored), 'the dummy is the same kind of hash (HMAC-SHA-256, the same salt and digest lengths)')
})

t.test('an address waits after its failures, then may try again; failures older than the longest wait are forgotten', async (t) => {
  const testDatabase = await createTestDatabase(t)
  const database = await testDatabase.open()
  t.teardown(() => database.close())
  let now = new Date('2026-12-07T10:00:00Z')
  const later = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000))
  const throttle = createLoginThrottle(database.db, { maxFailures: 3, blockSeconds: 60, maxBlockSeconds: 600 }, () => now)
  t.same([await throttle.attempt('a'), await throttle.attempt('a')], [1, 2])
  t.equal(await throttle.blocked('a'), null, 'two failures: no wait')
  t.equal(await throttle.attempt('a'), 3)
  t.same(await throttle.blocked('a'), new Date('2026-12-07T10:01:00Z'), 'the third: a minute')
  t.equal(await throttle.blocked('b'), null, 'another address does not wait')
  t.equal(await throttle.attempt('a'), null, 'an attempt while the address waits is refused, and not counted')
  t.same(await throttle.blocked('a'), new Date('2026-12-07T10:01:00Z'), 'the wait is unchanged')
  later(61)
  t.equal(await throttle.blocked('a'), null, 'the minute is over')
  t.equal(await throttle.attempt('a'), 4)
  t.same(await throttle.blocked('a'), new Date(now.getTime() + 120_000), 'the next failure: twice as long')
  later(601)
  t.equal(await throttle.attempt('b'), 1, "another address's failure drops what is forgotten")
  const rows = (await database.db.execute('select address from qbwc_login_failures order by address')) as unknown as {
    rows: { address: string }[]
  }
  t.same(
    rows.rows.map((r) => r.address),
    ['b'],
    "a's failures are gone",
  )
  t.equal(await throttle.attempt('a'), 1, 'and count from one again')
  await throttle.succeeded('a')
  t.equal(await throttle.blocked('a'), null)
})

t.test('guesses sent at once get no more password checks than the limit allows', async (t) => {
  // Found in review after the merge: the wait was read before the check and the failure counted
  // after it, so every guess sent at once passed the read and had its password checked.
  const testDatabase = await createTestDatabase(t)
  const database = await testDatabase.open()
  t.teardown(() => database.close())
  const guesses = 20
  let arrived = 0
  let answered = 0
  let release!: () => void
  const allIn = new Promise<void>((resolve) => (release = resolve))
  const settle = () => arrived + answered === guesses && release()
  const service = createQbwcService({
    db: database.db,
    results: createSyncResults(database.db, () => {}),
    publicUrl: 'http://localhost',
    batchSize: 50,
    log: { info() {}, warn() {}, error() {} },
    loginThrottle: { maxFailures: 3, blockSeconds: 60, maxBlockSeconds: 600 },
    // Each check waits until every guess has been checked or answered, so all of them are in flight at once.
    verifyPassword: async () => {
      arrived++
      settle()
      await allIn
      return { ok: false }
    },
  })
  const answers = await Promise.all(
    Array.from({ length: guesses }, () =>
      service.authenticate('nobody', 'wrong', '192.0.2.9').finally(() => {
        answered++
        settle()
      }),
    ),
  )
  t.ok(answers.every((a) => a[1] === 'nvu'))
  t.equal(arrived, 3, 'three passwords checked (QBWC_LOGIN_MAX_FAILURES), the other guesses refused unchecked')
})
