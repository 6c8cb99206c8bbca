// Found by test/reliability/hostile.reliability.ts and database.reliability.ts: an envelope the soap
// server could not read came back as a 500 whose body was a JavaScript stack trace, and a call that
// failed inside the service (database away) came back as a fault carrying the SQL and its
// parameters. Now the first is a SOAP client fault (400) and the second a SOAP server fault (500)
// that names neither; the details go to the log.

import t, { type Test } from 'tap'
import { parseXml } from '../../src/qbxml/xml-parser.js'
import { buildTestApp } from '../helpers/app.js'
import { webConnectorScenario } from '../helpers/invoices.js'
import { readSoap, soapEnvelope } from '../helpers/web-connector.js'

const NS = 'http://developer.intuit.com/'
const post = (app: Awaited<ReturnType<typeof buildTestApp>>, method: string, payload: string) =>
  app.app.inject({
    method: 'POST',
    url: '/qbwc',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${NS}${method}"` },
    payload,
  })
const envelope = (body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`

t.test('an envelope the soap server cannot read: a SOAP client fault, no stack trace', async (t) => {
  const app = await buildTestApp(t)
  for (const [name, method, body] of [
    ['an unknown method with a child', 'nonsense', `<nonsense xmlns="${NS}"><x><y/></x></nonsense>`],
    [
      'a parameter element where text is expected',
      'sendRequestXML',
      `<sendRequestXML xmlns="${NS}"><ticket>t</ticket><strHCPResponse>a<b>c</b></strHCPResponse><qbXMLMajorVers>13</qbXMLMajorVers></sendRequestXML>`,
    ],
    [
      'text beside the parameters',
      'receiveResponseXML',
      `<receiveResponseXML xmlns="${NS}">x<ticket>t</ticket>y<response>r</response></receiveResponseXML>`,
    ],
  ] as const) {
    const res = await post(app, method, envelope(body))
    t.match(res.headers['content-type'], /^text\/xml/, `${name}: text/xml`)
    t.match(res.body, /<soap:Fault>/, `${name}: a SOAP fault`)
    t.notMatch(res.body, /node_modules|at \w+[.\w]* \(|TypeError/, `${name}: no stack trace`)
    t.ok(res.statusCode === 400 || res.statusCode === 500 || res.statusCode === 200, `${name}: ${res.statusCode}`)
  }
})

t.test('a call that fails inside the service: a SOAP server fault without the SQL', async (t) => {
  const app = await buildTestApp(t)
  await app.database.close() // the database goes away under the service
  const res = await post(
    app,
    'authenticate',
    envelope(`<authenticate xmlns="${NS}"><strUserName>u</strUserName><strPassword>p</strPassword></authenticate>`),
  )
  t.equal(res.statusCode, 500)
  t.match(res.body, /<faultcode>soap:Server<\/faultcode>/)
  t.match(res.body, /The Web Connector will try again at its next run/)
  t.notMatch(res.body, /select|from "|pool|Error:/i, 'no SQL, no driver message')
  t.ok(
    app.logs.some((l) => l.msg === 'Web Connector call failed'),
    'the cause is in the log',
  )
})

// Found by outside testing (issue 15): the soap server dispatched on the method element's local name
// (or on the SOAPAction) whatever its namespace, so <authenticate xmlns="urn:evil"> logged in; an
// unknown method was refused only because the library threw a TypeError, an empty Body answered
// with that TypeError's text, and of two method elements the first was run. Now every call that is
// not one Web Connector method of the service's own WSDL, in Intuit's namespace, in a SOAP 1.1
// envelope, is refused with a SOAP fault (HTTP 500, SOAP 1.1 §6.2) before anything runs.
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/'
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope'

async function loginScene(t: Test) {
  const app = await buildTestApp(t)
  const { credentials, exportInvoice } = await webConnectorScenario(app)
  await exportInvoice() // work waits: a login that ran would open a session and get a ticket
  const raw = (payload: string, options: { action?: string | null; contentType?: string } = {}) =>
    app.app.inject({
      method: 'POST',
      url: '/qbwc',
      headers: {
        'content-type': options.contentType ?? 'text/xml; charset=utf-8',
        ...(options.action === null ? {} : { soapaction: `"${options.action ?? `${NS}authenticate`}"` }),
      },
      payload,
    })
  const sessions = async () =>
    Number(
      ((await app.database.db.execute('select count(*)::int as n from qbwc_sessions')) as unknown as { rows: { n: number }[] }).rows[0]!.n,
    )
  const params = (password: string, prefix = '') =>
    `<${prefix}strUserName>${credentials.username}</${prefix}strUserName><${prefix}strPassword>${password}</${prefix}strPassword>`
  return { app, credentials, raw, sessions, params }
}

/** The fault of an answer: status, faultcode, faultstring. */
function faultOf(res: { statusCode: number; body: string; headers: Record<string, unknown> }) {
  return {
    status: res.statusCode,
    type: String(res.headers['content-type']),
    code: /<faultcode>([^<]*)<\/faultcode>/.exec(res.body)?.[1],
    text: /<faultstring>([^<]*)<\/faultstring>/.exec(res.body)?.[1] ?? '',
  }
}

t.test("a method element outside Intuit's namespace is refused with a client fault and does not run", async (t) => {
  const { app, credentials, raw, sessions, params } = await loginScene(t)
  for (const [name, call, found] of [
    ['a foreign default namespace', `<authenticate xmlns="urn:evil">${params(credentials.password)}</authenticate>`, /urn:evil/],
    ['no namespace', `<authenticate>${params(credentials.password)}</authenticate>`, /no namespace/],
    ['a foreign prefix', `<e:authenticate xmlns:e="urn:evil">${params(credentials.password, 'e:')}</e:authenticate>`, /urn:evil/],
    [
      'a prefix bound on the Envelope to a foreign namespace',
      `<e:authenticate>${params(credentials.password, 'e:')}</e:authenticate>`,
      /urn:evil/,
    ],
  ] as const) {
    const payload = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP11}" xmlns:e="urn:evil"><soap:Body>${call}</soap:Body></soap:Envelope>`
    const fault = faultOf(await raw(payload))
    t.equal(fault.status, 500, `${name}: HTTP 500 (SOAP 1.1 faults)`)
    t.match(fault.type, /^text\/xml/, `${name}: text/xml`)
    t.equal(fault.code, 'soap:Client', `${name}: the caller's fault`)
    t.match(fault.text, /authenticate/, `${name}: the element is named`)
    t.match(fault.text, /http:\/\/developer\.intuit\.com\//, `${name}: the expected namespace is named`)
    t.match(fault.text, found, `${name}: the namespace found is named`)
    t.notMatch(fault.text, /TypeError|undefined/, `${name}: not a library error`)
  }
  t.equal(await sessions(), 0, 'the right password in a foreign namespace opened no session')

  // Wrong passwords in a foreign namespace, more than the throttle allows: the address is not made to wait.
  for (let i = 0; i < app.config.qbwc.loginMaxFailures + 2; i++) {
    const fault = faultOf(
      await raw(
        `<?xml version="1.0"?><soap:Envelope xmlns:soap="${SOAP11}"><soap:Body><authenticate xmlns="urn:evil">${params(`guess-${i}`)}</authenticate></soap:Body></soap:Envelope>`,
      ),
    )
    t.equal(fault.code, 'soap:Client')
  }
  const login = await raw(
    soapEnvelope('authenticate', [
      ['strUserName', credentials.username],
      ['strPassword', credentials.password],
    ]),
  )
  const [ticket, status] = readSoap('authenticate', login.statusCode, login.body).result!.children.map((c) => c.text)
  t.ok(ticket, 'the real Web Connector then logs in from the same address: the refused calls were not counted as failures')
  t.equal(status, '')
  t.equal(await sessions(), 1)

  // A method without parameters, outside Intuit's namespace: refused all the same.
  const version = faultOf(
    await raw(`<soap:Envelope xmlns:soap="${SOAP11}"><soap:Body><serverVersion xmlns="urn:evil"/></soap:Body></soap:Envelope>`, {
      action: `${NS}serverVersion`,
    }),
  )
  t.equal(version.code, 'soap:Client')
  t.match(version.text, /serverVersion/)
})

t.test("an unknown method in Intuit's namespace: a client fault naming it, not the library's TypeError", async (t) => {
  const { raw } = await loginScene(t)
  for (const action of [`${NS}deleteEverything`, null, `${NS}authenticate`] as const) {
    const fault = faultOf(
      await raw(
        `<soap:Envelope xmlns:soap="${SOAP11}"><soap:Body><deleteEverything xmlns="${NS}"><all>true</all></deleteEverything></soap:Body></soap:Envelope>`,
        { action },
      ),
    )
    t.equal(fault.status, 500, `SOAPAction ${action}: HTTP 500`)
    t.equal(fault.code, 'soap:Client', `SOAPAction ${action}: the caller's fault`)
    t.match(fault.text, /deleteEverything/, `SOAPAction ${action}: the method is named`)
    t.notMatch(fault.text, /TypeError|undefined|readable/, `SOAPAction ${action}: an explicit refusal`)
  }
})

t.test('a Body with two method elements, an empty Body, or no Body: a client fault, nothing runs', async (t) => {
  const { credentials, raw, sessions, params } = await loginScene(t)
  const cases = [
    [
      'two method elements',
      `<soap:Body><authenticate xmlns="${NS}">${params(credentials.password)}</authenticate><serverVersion xmlns="${NS}"/></soap:Body>`,
      /two|more than one|one method/i,
    ],
    ['an empty Body', '<soap:Body/>', /empty|no method/i],
    ['a Body with only white space', '<soap:Body>\n  </soap:Body>', /empty|no method/i],
    ['no Body', `<soap:Header/>`, /Body/],
  ] as const
  for (const [name, inner, why] of cases) {
    const res = await raw(`<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP11}">${inner}</soap:Envelope>`)
    const fault = faultOf(res)
    t.equal(fault.status, 500, `${name}: HTTP 500`)
    t.equal(fault.code, 'soap:Client', `${name}: the caller's fault`)
    t.match(fault.text, why, `${name}: says what is wrong (${fault.text})`)
    t.notMatch(res.body, /TypeError|Cannot read|InternalServerError/, `${name}: no library error`)
  }
  t.equal(await sessions(), 0, 'the authenticate beside another method opened no session')
})

t.test('a SOAPAction naming another method than the Body: a client fault, nothing runs', async (t) => {
  const { credentials, raw, sessions } = await loginScene(t)
  const res = await raw(
    soapEnvelope('authenticate', [
      ['strUserName', credentials.username],
      ['strPassword', credentials.password],
    ]),
    { action: `${NS}serverVersion` },
  )
  const fault = faultOf(res)
  t.equal(fault.status, 500)
  t.equal(fault.code, 'soap:Client')
  t.match(fault.text, /serverVersion/)
  t.match(fault.text, /authenticate/)
  t.notMatch(res.body, /serverVersionResult|authenticateResult/, 'neither method answered')
  t.equal(await sessions(), 0)
  // The forms the Web Connector and other SOAP 1.1 clients send are accepted: quoted, and "" or none (the Body decides).
  for (const action of [`${NS}authenticate`, '', null] as const) {
    const ok = await raw(soapEnvelope('serverVersion', []), { action: action === `${NS}authenticate` ? `${NS}serverVersion` : action })
    t.equal(ok.statusCode, 200, `SOAPAction ${JSON.stringify(action)}`)
    t.match(ok.body, /<serverVersionResult>/)
  }
})

t.test('an envelope that is not SOAP 1.1 (SOAP 1.2, or a foreign namespace): a VersionMismatch fault, nothing runs', async (t) => {
  const { credentials, raw, sessions, params } = await loginScene(t)
  for (const [name, ns, contentType] of [
    ['SOAP 1.2', SOAP12, 'application/soap+xml; charset=utf-8; action="http://developer.intuit.com/authenticate"'],
    ['a foreign envelope namespace', 'urn:evil', 'text/xml; charset=utf-8'],
    // Found by the hostile-input fuzzer: the namespace is quoted in the faultstring, and `]]>` may not stand in XML text.
    ['a namespace holding "]]>"', 'http://schemas.xml]]>soap.org/soap/envelope/', 'text/xml; charset=utf-8'],
  ] as const) {
    const res = await raw(
      `<?xml version="1.0" encoding="utf-8"?><env:Envelope xmlns:env="${ns}"><env:Body><authenticate xmlns="${NS}">${params(credentials.password)}</authenticate></env:Body></env:Envelope>`,
      { contentType },
    )
    const fault = faultOf(res)
    t.equal(fault.status, 500, `${name}: HTTP 500`)
    t.match(res.body, new RegExp(`<soap:Envelope xmlns:soap="${SOAP11}"`), `${name}: answered in SOAP 1.1, the only version served`)
    t.equal(fault.code, 'soap:VersionMismatch', `${name}: VersionMismatch (SOAP 1.1 §4.4.1)`)
    t.doesNotThrow(() => parseXml(res.body), `${name}: the fault is well-formed XML`)
    t.match(fault.text, /http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\//, `${name}: the expected envelope namespace is named`)
  }
  t.equal(await sessions(), 0)
})

t.test('the refusals are logged without the password they carried', async (t) => {
  const { app, credentials, raw, params } = await loginScene(t)
  const secret = 'Sw0rdfish-never-logged'
  for (const body of [
    `<authenticate xmlns="urn:evil">${params(secret)}</authenticate>`,
    `<authenticate>${params(secret)}</authenticate>`,
    `<deleteEverything xmlns="${NS}">${params(secret)}</deleteEverything>`,
    `<authenticate xmlns="${NS}">${params(secret)}</authenticate><authenticate xmlns="${NS}">${params(secret)}</authenticate>`,
    `<authenticate xmlns="${NS}">${params(`${secret}&bogus;`)}</authenticate>`,
  ]) {
    const res = await raw(`<soap:Envelope xmlns:soap="${SOAP11}"><soap:Body>${body}</soap:Body></soap:Envelope>`)
    t.match(res.body, /<soap:Fault>/)
    t.notOk(res.body.includes(secret), 'the fault does not echo the password')
  }
  await raw(
    `<env:Envelope xmlns:env="${SOAP12}"><env:Body><authenticate xmlns="${NS}">${params(secret)}</authenticate></env:Body></env:Envelope>`,
    { contentType: 'application/soap+xml' },
  )
  t.ok(app.logs.filter((l) => /refused/.test(String(l.msg))).length >= 5, 'each refusal is logged')
  for (const line of app.logs)
    if (JSON.stringify(line).includes(secret) || JSON.stringify(line).includes(credentials.password))
      t.fail(`a log line carries a password: ${JSON.stringify(line).slice(0, 300)}`)
})
