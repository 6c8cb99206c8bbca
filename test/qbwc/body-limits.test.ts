// Found by the security review (issue 14, finding 4): /qbwc read and parsed 20 MB bodies before
// anyone logged in, and 16 of them at once took the service down. Now every call has a small limit
// (1 MB) except a receiveResponseXML whose ticket is live, and a stranger's calls are limited per
// address before the soap parser sees them.
import { PassThrough } from 'node:stream'
import type { InjectOptions } from 'fastify'
import t from 'tap'
import { buildTestApp, type TestApp } from '../helpers/app.js'
import { hcpResponse } from '../helpers/fake-quickbooks.js'
import { webConnectorScenario } from '../helpers/invoices.js'
import { firstRound, readSoap, receive, soapEnvelope } from '../helpers/web-connector.js'

const NS = 'http://developer.intuit.com/'
const MB = 1024 * 1024

function post(app: TestApp, method: string, payload: string, extra: Partial<InjectOptions> = {}) {
  return app.app.inject({
    method: 'POST',
    url: '/qbwc',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${NS}${method}"` },
    payload,
    ...extra,
  })
}

t.test('a call over 1 MB before login is refused (413, SOAP fault); a live session still sends a 5 MB answer', async (t) => {
  const app = await buildTestApp(t)
  const { qb, credentials, exportInvoice } = await webConnectorScenario(app)
  const invoice = await exportInvoice()

  const big = await post(
    app,
    'authenticate',
    soapEnvelope('authenticate', [
      ['strUserName', credentials.username],
      ['strPassword', 'x'.repeat(1.5 * MB)],
    ]),
  )
  t.equal(big.statusCode, 413, 'refused as too large')
  t.match(big.headers['content-type'], /^text\/xml/)
  t.match(readSoap('authenticate', big.statusCode, big.body).fault, /larger than 1048576 bytes/, 'a SOAP fault that says why')
  const counted = (await app.database.db.execute('select count(*)::int as n from qbwc_login_failures')) as unknown as {
    rows: { n: number }[]
  }
  t.equal(counted.rows[0]!.n, 0, 'the refused call never reached the login check')

  const forged = await post(
    app,
    'receiveResponseXML',
    soapEnvelope('receiveResponseXML', [
      ['ticket', 'forged'],
      ['response', ' '.repeat(2 * MB)],
      ['hresult', ''],
      ['message', ''],
    ]),
  )
  t.equal(forged.statusCode, 413, 'a large answer with a ticket that names no session is refused too')

  const { ticket, request } = await firstRound(app.app, credentials)
  const answer = qb.process(request)
  const padded = answer.replace('<QBXML>', `<QBXML>${' '.repeat(5 * MB)}`)
  t.ok(padded.length > 5 * MB)
  const received = await receive(app.app, ticket, padded)
  t.equal(received.status, 200)
  t.equal(received.result?.text, '100', 'the 5 MB answer was read and applied')
  const synced = await app.request({ url: `/v1/invoices/${invoice.id}` })
  t.equal(JSON.parse(synced.body).status, 'EXPORTED', 'QuickBooks confirmed the add')
})

t.test('the pre-login limit refuses an address after its calls of the minute; another address and a live session go on', async (t) => {
  const app = await buildTestApp(t, { env: { QBWC_PRELOGIN_PER_MINUTE: '3' } })
  const { credentials, exportInvoice } = await webConnectorScenario(app)
  await exportInvoice()
  const from = (remoteAddress: string) => ({ remoteAddress })
  const auth = await post(
    app,
    'authenticate',
    soapEnvelope('authenticate', [
      ['strUserName', credentials.username],
      ['strPassword', credentials.password],
    ]),
    from('203.0.113.7'),
  )
  const ticket = readSoap('authenticate', auth.statusCode, auth.body).result!.children[0]!.text
  t.ok(ticket, 'logged in (call 1 of 3)')
  for (let i = 2; i <= 3; i++)
    t.equal((await post(app, 'serverVersion', soapEnvelope('serverVersion', []), from('203.0.113.7'))).statusCode, 200, `call ${i} of 3`)
  const refused = await post(app, 'serverVersion', soapEnvelope('serverVersion', []), from('203.0.113.7'))
  t.equal(refused.statusCode, 429, 'the fourth call of the minute is refused')
  t.match(readSoap('serverVersion', refused.statusCode, refused.body).fault, /Too many calls before logging in/)
  t.ok(Number(refused.headers['retry-after']) > 0, 'with Retry-After')
  t.equal(
    (await post(app, 'serverVersion', soapEnvelope('serverVersion', []), from('198.51.100.20'))).statusCode,
    200,
    'another address is not affected',
  )
  const send = await post(
    app,
    'sendRequestXML',
    soapEnvelope('sendRequestXML', [
      ['ticket', ticket],
      ['strHCPResponse', hcpResponse()],
      ['strCompanyFileName', ''],
      ['qbXMLCountry', 'US'],
      ['qbXMLMajorVers', 13],
      ['qbXMLMinorVers', 0],
    ]),
    from('203.0.113.7'),
  )
  t.equal(send.statusCode, 200, 'a call with a live ticket from the same address is not counted')
  t.match(readSoap('sendRequestXML', send.statusCode, send.body).result?.text, /<InvoiceAddRq/)
  const forged = await post(app, 'getLastError', soapEnvelope('getLastError', [['ticket', 'forged']]), from('203.0.113.7'))
  t.equal(forged.statusCode, 429, 'a ticket that names no session does not get past the limit')
})

t.test('an address with a call still being read is refused another at once (429, SOAP fault), before its body is read', async (t) => {
  const app = await buildTestApp(t, { env: { QBWC_PRELOGIN_MAX_IN_FLIGHT: '1' } })
  const slow = new PassThrough()
  const envelope = soapEnvelope('serverVersion', [])
  slow.write(envelope.slice(0, 40))
  const first = post(app, 'serverVersion', slow as unknown as string, { remoteAddress: '203.0.113.7' })
  await new Promise((resolve) => setImmediate(resolve))
  const second = await post(app, 'serverVersion', envelope, { remoteAddress: '203.0.113.7' })
  t.equal(second.statusCode, 429, 'the second call at once from the address is refused')
  t.match(readSoap('serverVersion', second.statusCode, second.body).fault, /Too many calls at once/)
  t.equal(
    (await post(app, 'serverVersion', envelope, { remoteAddress: '198.51.100.20' })).statusCode,
    200,
    'another address is served meanwhile',
  )
  slow.end(envelope.slice(40))
  t.equal((await first).statusCode, 200, 'the slow call is answered once its body is complete')
  t.equal((await post(app, 'serverVersion', envelope, { remoteAddress: '203.0.113.7' })).statusCode, 200, 'its place is free again')
})

t.test('a call sent as another content type (text/plain, JSON) is refused (415), not read under the API body limit', async (t) => {
  const app = await buildTestApp(t, { env: { BODY_LIMIT_BYTES: String(8 * MB) } })
  const { credentials } = await webConnectorScenario(app)
  const envelope = soapEnvelope('authenticate', [
    ['strUserName', credentials.username],
    ['strPassword', 'x'.repeat(1.5 * MB)],
  ])
  const plain = await post(app, 'authenticate', envelope, { headers: { 'content-type': 'text/plain', soapaction: `"${NS}authenticate"` } })
  t.equal(plain.statusCode, 415, 'a text/plain body is refused')
  t.match(readSoap('authenticate', plain.statusCode, plain.body).fault, /text\/xml/, 'a SOAP fault that says what to send')
  const json = await post(app, 'authenticate', JSON.stringify({ envelope }), {
    headers: { 'content-type': 'application/json', soapaction: `"${NS}authenticate"` },
  })
  t.equal(json.statusCode, 415, 'a JSON body is refused')
  const counted = (await app.database.db.execute('select count(*)::int as n from qbwc_login_failures')) as unknown as {
    rows: { n: number }[]
  }
  t.equal(counted.rows[0]!.n, 0, 'neither call reached the login check')
})
