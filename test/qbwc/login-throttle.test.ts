// Found by the security review (issue 14, finding 5): five wrong passwords from anyone who read the
// username in a .qwc locked the real Web Connector out; the failure counter was read then written
// (40 guesses at once counted as 2); an unknown username answered without any hash work, so its
// timing told which usernames exist. Now failures are counted in one upsert per source address, an
// address (not the connection) waits, and every login costs one hash check.
import t from 'tap'
import { buildTestApp, type TestApp } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'
import { webConnectorScenario } from '../helpers/invoices.js'
import { readSoap, soapEnvelope } from '../helpers/web-connector.js'
import { dummyPasswordHash, hashPassword } from '../../src/connections/connection-service.js'
import { createQbwcService } from '../../src/qbwc/qbwc-service.js'
import { createSyncResults } from '../../src/sync/sync-results.js'

const NS = 'http://developer.intuit.com/'

async function login(app: TestApp, credentials: { username: string; password: string }, remoteAddress = '127.0.0.1'): Promise<string[]> {
  const res = await app.app.inject({
    method: 'POST',
    url: '/qbwc',
    remoteAddress,
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${NS}authenticate"` },
    payload: soapEnvelope('authenticate', [['strUserName', credentials.username], ['strPassword', credentials.password]]),
  })
  return readSoap('authenticate', res.statusCode, res.body).result!.children.map((c) => c.text)
}

const failuresOf = async (app: TestApp, address: string) =>
  ((await app.database.db.execute(`select failures from qbwc_login_failures where address = '${address}'`)) as unknown as { rows: { failures: number }[] }).rows[0]?.failures ?? 0

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
  t.ok(app.logs.some((l) => l.msg === 'Web Connector login refused: too many wrong passwords from this address' && l.source === attacker), 'the refusal is logged with the address')
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
      return false
    },
  })
  const tenant = (await database.db.execute(`insert into tenants (name) values ('T') returning id`)) as unknown as { rows: { id: string }[] }
  const tenantId = tenant.rows[0]!.id
  const stored = await hashPassword('right')
  const insert = (username: string, disabled: boolean) =>
    database.db.execute(
      `insert into connections (tenant_id, name, username, password_hash, qb_owner_id, qb_file_id${disabled ? ', disabled_at' : ''}) values ('${tenantId}', '${username}', '${username}', '${stored}', '{O}', '{${username}}'${disabled ? ', now()' : ''})`,
    )
  await insert('known', false)
  await insert('gone', true)

  t.same(await service.authenticate('known', 'wrong', '192.0.2.1'), ['', 'nvu'])
  t.same(await service.authenticate('nobody', 'wrong', '192.0.2.2'), ['', 'nvu'])
  t.same(await service.authenticate('gone', 'right', '192.0.2.3'), ['', 'nvu'])
  const dummy = await dummyPasswordHash()
  t.same(checked, [stored, dummy, dummy], 'one check each: the stored hash for a known username, a dummy for an unknown or disabled one')
  const params = (h: string) => h.split('$').slice(0, 4).join('$')
  t.equal(params(dummy), params(stored), 'the dummy has the same scrypt parameters (N, r, p)')
  t.equal(Buffer.from(dummy.split('$')[5]!, 'base64').length, Buffer.from(stored.split('$')[5]!, 'base64').length, 'and the same hash length')
})
