// Connections on the real database, through both doors: the .qwc file a person loads into the Web
// Connector (AppURL from PUBLIC_URL, the installation's OwnerID, a FileID of the connection's own,
// the scheduler minutes), the password shown once and kept only as a hash, rotation, refusals that
// create nothing, and the Web Connector's view of all that (clientVersion, authenticate, one active
// session per connection). Every REST response is checked against openapi.yaml.
import t, { type Test } from 'tap'
import { parseXml } from '../../src/qbxml/xml-parser.js'
import { buildTestApp, json } from '../helpers/app.js'
import { hcpResponse } from '../helpers/fake-quickbooks.js'
import { ADMIN, EDITOR, scenario, webConnectorScenario } from '../helpers/invoices.js'
import { checkedRequest } from '../helpers/openapi.js'
import { soapCall } from '../helpers/web-connector.js'

const PUBLIC_URL = 'https://sync.example.com/'
const GUID = /^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/

async function setup(t: Test) {
  const app = await buildTestApp(t, { env: { PUBLIC_URL } })
  const s = await scenario(app)
  const api = checkedRequest(t, app)
  const login = async (username: string, password: string) =>
    (
      await soapCall(app.app, 'authenticate', [
        ['strUserName', username],
        ['strPassword', password],
      ])
    ).result!.children.map((c) => c.text)
  const rows = async () =>
    ((await app.database.db.execute('select * from connections order by created_at')) as unknown as { rows: Record<string, unknown>[] })
      .rows
  return { app, s, api, login, rows }
}

/** The fields of a .qwc file, by element name. */
function qwcFields(qwc: string): Record<string, string> {
  const root = parseXml(qwc)
  const fields: Record<string, string> = {}
  for (const c of root.children) fields[c.name] = c.children.length ? c.children.map((g) => `${g.name}=${g.text}`).join(',') : c.text
  return fields
}

t.test('POST /v1/connections: a .qwc file for this installation and a password shown once', async (t) => {
  const { api, rows, s } = await setup(t)
  const res = await api({
    method: 'POST',
    url: '/v1/connections',
    payload: { name: 'Back office', schedulerMinutes: 30, syncStartDate: '2026-11-01' },
  })
  t.equal(res.statusCode, 201)
  const created = json(res)
  t.match(created.password, /^[A-HJ-NP-Za-km-z2-9]{24}$/, 'a 24-character password without look-alike characters')
  const qwc = qwcFields(created.qwc)
  t.equal(qwc.AppURL, 'https://sync.example.com/qbwc', 'AppURL comes from PUBLIC_URL (trailing slash dropped)')
  t.equal(qwc.AppSupport, 'https://sync.example.com/help/quickbooks-errors', 'the support link too')
  t.equal(qwc.UserName, created.username)
  t.match(qwc.OwnerID, GUID)
  t.match(qwc.FileID, GUID)
  t.equal(qwc.Scheduler, 'RunEveryNMinutes=30')
  t.equal(qwc.QBType, 'QBFS')
  t.equal(created.syncStartDate, '2026-11-01')

  const second = json(await api({ method: 'POST', url: '/v1/connections', payload: { name: 'Warehouse' } }))
  const other = qwcFields(second.qwc)
  t.equal(other.OwnerID, qwc.OwnerID, 'one OwnerID for the whole installation')
  t.not(other.FileID, qwc.FileID, 'each connection has its own FileID')
  t.equal(other.Scheduler, 'RunEveryNMinutes=15', 'the scheduler defaults to 15 minutes')
  t.not(second.password, created.password)

  // Read back: the password is never shown again, and only its hash is kept.
  const read = await api({ method: 'GET', url: `/v1/connections/${created.id}` })
  t.equal(read.statusCode, 200)
  t.notOk(read.body.includes(created.password), 'GET does not show the password')
  t.notOk('password' in json(read) || 'passwordHash' in json(read))
  const listed = await api({ method: 'GET', url: '/v1/connections' })
  t.same(
    json<{ items: { id: string }[] }>(listed).items.map((c) => c.id),
    [s.connectionId, created.id, second.id],
    "the scene's connection, then the two new ones",
  )
  t.equal(json(listed).nextCursor, null, 'one page')
  t.notOk(listed.body.includes(created.password) || listed.body.includes('hmac$'))
  const stored = (await rows()).find((r) => r.id === created.id)!
  t.notOk(JSON.stringify(stored).includes(created.password), 'no column holds the password')
  t.match(stored.password_hash, /^hmac\$/, 'a keyed hash (HMAC-SHA-256, salted) is stored')

  // The .qwc file can be downloaded again.
  const file = await api({ method: 'GET', url: `/v1/connections/${created.id}/qwc` })
  t.equal(file.statusCode, 200)
  t.match(file.headers['content-type'], /^application\/xml/)
  t.match(file.headers['content-disposition'], /attachment; filename=".+\.qwc"/)
  t.equal(file.body, created.qwc, 'the same file as at creation')
})

t.test('GET /v1/connections: keyset pages, oldest first, in the envelope of every list', async (t) => {
  const { api, s } = await setup(t)
  const made = [s.connectionId]
  for (const name of ['B', 'C', 'D', 'E']) made.push(json(await api({ method: 'POST', url: '/v1/connections', payload: { name } })).id)
  const seen: string[] = []
  let after: string | null = null
  do {
    const res = await api({ method: 'GET', url: `/v1/connections?first=2${after ? `&after=${after}` : ''}` })
    t.equal(res.statusCode, 200)
    const page = json<{ items: { id: string }[]; nextCursor: string | null }>(res)
    t.ok(page.items.length <= 2, 'at most first')
    seen.push(...page.items.map((c) => c.id))
    after = page.nextCursor
  } while (after)
  t.same(seen, made, 'every connection once, oldest first')
  const gql = await s.gql('{ connections { id } }')
  t.same(
    gql.data!.connections.map((c: { id: string }) => c.id),
    made,
    'GraphQL connections still answers them all, in the same order',
  )
  for (const query of ['first=0', 'first=101', 'first=x', 'after=nonsense', 'colour=red']) {
    const res = await api({ method: 'GET', url: `/v1/connections?${query}` })
    t.equal(res.statusCode, 400, query)
    t.equal(json(res).code, 'VALIDATION_FAILED')
  }
})

t.test('refusals create nothing: bad fields, a taken name, a user without admin', async (t) => {
  const { api, rows } = await setup(t)
  const before = (await rows()).length
  for (const payload of [
    {},
    { name: '   ' },
    { name: 'A', schedulerMinutes: 0 },
    { name: 'A', schedulerMinutes: 1.5 },
    { name: 'A', syncStartDate: '2026-02-30' },
    { name: 'A', password: 'mine' },
  ]) {
    const res = await api({ method: 'POST', url: '/v1/connections', payload })
    t.equal(res.statusCode, 400, `${JSON.stringify(payload)} is refused`)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
  }
  t.equal((await rows()).length, before, 'no connection was created')
  t.equal((await api({ method: 'POST', url: '/v1/connections', payload: { name: 'Back office' } })).statusCode, 201)
  const taken = await api({ method: 'POST', url: '/v1/connections', payload: { name: 'Back office' } })
  t.equal(taken.statusCode, 409)
  t.equal(json(taken).code, 'CONNECTION_NAME_TAKEN')
  const editor = await api({ method: 'POST', url: '/v1/connections', headers: { 'x-user-id': EDITOR }, payload: { name: 'By an editor' } })
  t.equal(editor.statusCode, 403, 'only an admin creates connections')
  t.equal((await rows()).length, before + 1)
})

t.test('rotate-password: the old password stops working at once, the new one logs in', async (t) => {
  const { api, s, login, app } = await setup(t)
  const created = json(await api({ method: 'POST', url: '/v1/connections', payload: { name: 'Back office' } }))
  t.same(await login(created.username, created.password), ['', 'none'], 'the first password is accepted (no work yet)')

  const rotated = await api({ method: 'POST', url: `/v1/connections/${created.id}/rotate-password` })
  t.equal(rotated.statusCode, 200)
  const { password } = json(rotated)
  t.not(password, created.password)
  t.same(await login(created.username, created.password), ['', 'nvu'], 'the old password is refused')
  t.same(await login(created.username, password), ['', 'none'], 'the new one is accepted')

  // Through GraphQL as well, and only by an admin.
  const byEditor = await s.gql(
    'mutation($id: ID!) { rotateConnectionPassword(input: { id: $id }) { password userErrors { code } } }',
    { id: created.id },
    { userId: EDITOR },
  )
  t.same(byEditor.data?.rotateConnectionPassword, { password: null, userErrors: [{ code: 'PERMISSION_DENIED' }] }, 'an editor is refused')
  t.same(await login(created.username, password), ['', 'none'], 'a refused rotation changes nothing')
  const byAdmin = await s.gql(
    'mutation($id: ID!) { rotateConnectionPassword(input: { id: $id }) { password userErrors { code } } }',
    { id: created.id },
    { userId: ADMIN },
  )
  const third = byAdmin.data!.rotateConnectionPassword.password as string
  t.match(third, /^[A-HJ-NP-Za-km-z2-9]{24}$/)
  t.same(await login(created.username, password), ['', 'nvu'])
  t.same(await login(created.username, third), ['', 'none'])
  t.notOk(JSON.stringify(app.logs).includes(password) || JSON.stringify(app.logs).includes(third), 'no password in the logs')

  const unknown = await api({ method: 'POST', url: '/v1/connections/00000000-0000-4000-8000-000000000000/rotate-password' })
  t.equal(unknown.statusCode, 404)
})

t.test('wrong passwords throttle the address they come from, not the connection: a rotation does not lift it', async (t) => {
  const { api, login } = await setup(t)
  const created = json(await api({ method: 'POST', url: '/v1/connections', payload: { name: 'Back office' } }))
  for (let i = 0; i < 6; i++) await login(created.username, 'wrong')
  t.same(await login(created.username, created.password), ['', 'nvu'], 'this address waits, even with the right password')
  const { password } = json(await api({ method: 'POST', url: `/v1/connections/${created.id}/rotate-password` }))
  t.same(
    await login(created.username, password),
    ['', 'nvu'],
    'a new password does not lift an address throttle (test/qbwc/login-throttle.test.ts: other addresses log in)',
  )
})

t.test('GraphQL createConnection: the same .qwc contract, and the password only in this answer', async (t) => {
  const { s, api } = await setup(t)
  const first = json(await api({ method: 'POST', url: '/v1/connections', payload: { name: 'Back office' } }))
  const r = await s.gql(
    'mutation { createConnection(input: { name: "Front desk", schedulerMinutes: 5 }) { connection { id username schedulerMinutes } password qwc userErrors { code } } }',
  )
  const created = r.data!.createConnection
  t.same(created.userErrors, [])
  const qwc = qwcFields(created.qwc)
  t.equal(qwc.OwnerID, qwcFields(first.qwc).OwnerID)
  t.not(qwc.FileID, qwcFields(first.qwc).FileID)
  t.equal(qwc.Scheduler, 'RunEveryNMinutes=5')
  t.equal(qwc.AppURL, 'https://sync.example.com/qbwc')
  const bad = await s.gql('mutation { createConnection(input: { name: "" }) { connection { id } userErrors { code field } } }')
  t.same(
    bad.data?.createConnection,
    { connection: null, userErrors: [{ code: 'INVALID', field: 'name' }] },
    'an empty name is a user error on its field',
  )
})

t.test('clientVersion: a 1.x Web Connector is warned, 2.x is welcomed', async (t) => {
  const { app } = await setup(t)
  const old = await soapCall(app.app, 'clientVersion', [['strVersion', '1.5.0.0']])
  t.match(old.result?.text, /^W:/, 'a warning the Web Connector shows and lets the user go on from')
  t.equal((await soapCall(app.app, 'clientVersion', [['strVersion', '2.3.0.36']])).result?.text ?? '', '', 'nothing to say')
  t.equal((await soapCall(app.app, 'clientVersion', [['strVersion', '']])).result?.text ?? '', '', 'an empty version is not refused')
})

t.test('one active session per connection: a second login expires the first, even when both arrive together', async (t) => {
  const app = await buildTestApp(t)
  const { credentials, exportInvoice, connectionId, s } = await webConnectorScenario(app)
  await exportInvoice()
  const first = (
    await soapCall(app.app, 'authenticate', [
      ['strUserName', credentials.username],
      ['strPassword', credentials.password],
    ])
  ).result!.children.map((c) => c.text)
  t.ok(first[0], 'a ticket')
  const second = (
    await soapCall(app.app, 'authenticate', [
      ['strUserName', credentials.username],
      ['strPassword', credentials.password],
    ])
  ).result!.children.map((c) => c.text)
  t.ok(second[0] && second[0] !== first[0], 'a new ticket')
  const stale = await soapCall(app.app, 'sendRequestXML', [
    ['ticket', first[0]!],
    ['strHCPResponse', ''],
    ['strCompanyFileName', ''],
    ['qbXMLCountry', 'US'],
    ['qbXMLMajorVers', 13],
    ['qbXMLMinorVers', 0],
  ])
  t.equal(stale.result?.text ?? '', '', 'the older ticket gets no work')

  const together = await Promise.all(
    Array.from({ length: 4 }, () =>
      soapCall(app.app, 'authenticate', [
        ['strUserName', credentials.username],
        ['strPassword', credentials.password],
      ]),
    ),
  )
  t.same(
    together.map((a) => a.fault ?? null),
    [null, null, null, null],
    'no login fails with a fault',
  )
  const active = (await app.database.db.execute(`select count(*)::int as n from qbwc_sessions where status = 'ACTIVE'`)) as unknown as {
    rows: { n: number }[]
  }
  t.equal(active.rows[0]!.n, 1, 'exactly one session is active')
  const answers = together.map((a) => a.result!.children.map((c) => c.text))
  const live = []
  for (const [ticket] of answers) {
    if (!ticket) continue
    const sent = await soapCall(app.app, 'sendRequestXML', [
      ['ticket', ticket],
      ['strHCPResponse', hcpResponse()],
      ['strCompanyFileName', ''],
      ['qbXMLCountry', 'US'],
      ['qbXMLMajorVers', 13],
      ['qbXMLMinorVers', 0],
    ])
    if (sent.result?.text) live.push(ticket)
  }
  t.equal(live.length, 1, 'only one ticket is handed work')

  // Six logins, six sessions: REST pages through them newest first, as GraphQL lists them.
  const api = checkedRequest(t, app)
  const seen: string[] = []
  let after: string | null = null
  do {
    const res = await api({ method: 'GET', url: `/v1/connections/${connectionId}/sessions?first=4${after ? `&after=${after}` : ''}` })
    t.equal(res.statusCode, 200)
    const page = json<{ items: { id: string }[]; nextCursor: string | null }>(res)
    seen.push(...page.items.map((c) => c.id))
    after = page.nextCursor
  } while (after)
  const gql = await s.gql('{ connections { id sessions(first: 100) { id } } }')
  const listed = gql.data!.connections.find((c: { id: string }) => c.id === connectionId).sessions.map((x: { id: string }) => x.id)
  t.equal(listed.length, 6, 'six sessions')
  t.same(seen, listed, 'every session once, newest first, as GraphQL lists them')
  for (const query of ['first=0', 'first=101', 'after=nonsense', 'colour=red']) {
    const res = await api({ method: 'GET', url: `/v1/connections/${connectionId}/sessions?${query}` })
    t.equal(res.statusCode, 400, query)
  }
})

t.test('a connection is renamed, rescheduled and disabled (history kept), through both doors', async (t) => {
  const { api, s, login } = await setup(t)
  const created = json(await api({ method: 'POST', url: '/v1/connections', payload: { name: 'Warehouse' } }))
  const patched = await api({
    method: 'PATCH',
    url: `/v1/connections/${created.id}`,
    payload: { name: 'Warehouse North', schedulerMinutes: 5, syncStartDate: '2026-11-01' },
  })
  t.equal(patched.statusCode, 200)
  t.match(json(patched), { name: 'Warehouse North', schedulerMinutes: 5, syncStartDate: '2026-11-01', disabledAt: null })
  const qwc = (await api({ method: 'GET', url: `/v1/connections/${created.id}/qwc` })).body
  t.match(qwcFields(qwc), { Scheduler: 'RunEveryNMinutes=5' }, 'a new .qwc carries the new schedule')
  const cleared = json(await api({ method: 'PATCH', url: `/v1/connections/${created.id}`, payload: { syncStartDate: null } }))
  t.equal(cleared.syncStartDate, null, 'null clears the sync start date')
  const taken = await api({ method: 'PATCH', url: `/v1/connections/${created.id}`, payload: { name: 'Main office' } })
  t.equal(taken.statusCode, 409)
  t.equal(json(taken).code, 'CONNECTION_NAME_TAKEN')
  const bad = await api({ method: 'PATCH', url: `/v1/connections/${created.id}`, payload: { schedulerMinutes: 0 } })
  t.equal(bad.statusCode, 400)
  t.same(await login(created.username, created.password), ['', 'none'])

  const disabled = await api({ method: 'POST', url: `/v1/connections/${created.id}/disable` })
  t.equal(disabled.statusCode, 200)
  t.match(json(disabled), { disabledAt: /\d{4}-/ })
  t.same(await login(created.username, created.password), ['', 'nvu'], 'its Web Connector is refused')
  t.equal((await api({ method: 'GET', url: `/v1/connections/${created.id}` })).statusCode, 200, 'still there, history kept')
  const byEditor = await s.gql(
    'mutation($id: ID!) { enableConnection(input: { id: $id }) { userErrors { code } } }',
    { id: created.id },
    { userId: EDITOR },
  )
  t.same(byEditor.data!.enableConnection.userErrors, [{ code: 'PERMISSION_DENIED' }])
  const enabled = await s.gql(
    'mutation($id: ID!) { enableConnection(input: { id: $id }) { connection { disabledAt name } userErrors { code } } }',
    { id: created.id },
    { userId: ADMIN },
  )
  t.same(enabled.data!.enableConnection, { connection: { disabledAt: null, name: 'Warehouse North' }, userErrors: [] })
  t.same(await login(created.username, created.password), ['', 'none'], 'and back')
  const renamed = await s.gql(
    'mutation($input: UpdateConnectionInput!) { updateConnection(input: $input) { connection { name schedulerMinutes } userErrors { code } } }',
    { input: { id: created.id, name: 'Warehouse South', schedulerMinutes: 30 } },
    { userId: ADMIN },
  )
  t.same(renamed.data!.updateConnection, { connection: { name: 'Warehouse South', schedulerMinutes: 30 }, userErrors: [] })
})
