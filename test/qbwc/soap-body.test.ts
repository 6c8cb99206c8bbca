// Reading a Web Connector call off the wire: the small limit for every call, the large one only for
// a receiveResponseXML whose ticket is live, and nothing past the small limit read otherwise.
import { Readable } from 'node:stream'
import t from 'tap'
import { soapResult } from '../../src/qbwc/qbwc-plugin.js'
import { readSoapBody, receiveTicketOf, SoapBodyTooLarge, soapCallOf, ticketOf } from '../../src/qbwc/soap-body.js'
import { QBWC_METHODS } from '../../src/qbwc/wsdl.js'
import { soapEnvelope } from '../helpers/web-connector.js'

const KB = 1024

/** A body produced on demand in 16 kB chunks, counting what the reader pulled. */
function lazyBody(head: string, totalBytes: number) {
  const pulled = { bytes: 0 }
  const filler = Buffer.alloc(16 * KB, 0x20)
  const stream = Readable.from(
    (function* () {
      const first = Buffer.from(head)
      pulled.bytes += first.length
      yield first
      while (pulled.bytes < totalBytes) {
        pulled.bytes += filler.length
        yield filler
      }
    })(),
    { objectMode: false, highWaterMark: 16 * KB },
  )
  return { stream, pulled }
}

t.test('receiveTicketOf: the ticket of a receiveResponseXML, found before its response', async (t) => {
  const receive = soapEnvelope('receiveResponseXML', [
    ['ticket', 'T-1'],
    ['response', '<QBXML/>'],
    ['hresult', ''],
    ['message', ''],
  ])
  t.equal(receiveTicketOf(receive), 'T-1')
  t.equal(receiveTicketOf(receive, '"http://developer.intuit.com/receiveResponseXML"'), 'T-1')
  t.equal(
    receiveTicketOf(receive, '"http://developer.intuit.com/authenticate"'),
    undefined,
    'soap would dispatch to the method the SOAPAction names',
  )
  t.equal(
    receiveTicketOf(
      soapEnvelope('authenticate', [
        ['strUserName', 'u'],
        ['strPassword', 'p'],
      ]),
    ),
    undefined,
    'not a receiveResponseXML',
  )
  t.equal(
    receiveTicketOf(
      soapEnvelope('receiveResponseXML', [
        ['response', 'x'],
        ['ticket', 'late'],
      ]),
    ),
    undefined,
    'a ticket after the response is not looked for',
  )
  t.equal(
    receiveTicketOf('<s:Body><q:receiveResponseXML xmlns:q="http://developer.intuit.com/"><q:ticket>P</q:ticket><q:response>'),
    'P',
    'prefixed elements',
  )
  t.equal(ticketOf(soapEnvelope('getLastError', [['ticket', 'abc']])), 'abc')
  t.equal(ticketOf(soapEnvelope('serverVersion', [])), undefined)
})

t.test('a body within the small limit is read whole, without asking about its ticket', async (t) => {
  let asked = 0
  const body = soapEnvelope('authenticate', [
    ['strUserName', 'u'],
    ['strPassword', 'p'],
  ])
  const read = await readSoapBody(Readable.from([Buffer.from(body)]), {
    limit: KB,
    largeLimit: 4 * KB,
    isLiveTicket: async () => (asked++, true),
  })
  t.equal(read, body)
  t.equal(asked, 0)
})

t.test('a larger body that is not a live receiveResponseXML is refused after the small limit; the rest is never read', async (t) => {
  for (const [name, head, live] of [
    [
      'authenticate',
      soapEnvelope('authenticate', [
        ['strUserName', 'u'],
        ['strPassword', 'p'],
      ]).replace('</strPassword>', ''),
      true,
    ],
    [
      'receiveResponseXML with a dead ticket',
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><receiveResponseXML xmlns="http://developer.intuit.com/"><ticket>dead</ticket><response>',
      false,
    ],
  ] as const) {
    const { stream, pulled } = lazyBody(head, 20 * 1024 * KB)
    const asked: string[] = []
    await t.rejects(
      readSoapBody(stream, { limit: 256 * KB, largeLimit: 30 * 1024 * KB, isLiveTicket: async (ticket) => (asked.push(ticket), live) }),
      SoapBodyTooLarge,
      `${name}: refused`,
    )
    t.ok(pulled.bytes < 512 * KB, `${name}: ${pulled.bytes} bytes of 20 MB were read`)
    t.same(asked, name === 'authenticate' ? [] : ['dead'], `${name}: the database is asked only about a receiveResponseXML ticket`)
  }
})

t.test('a receiveResponseXML with a live ticket is read up to the large limit, and refused past it', async (t) => {
  const head =
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><receiveResponseXML xmlns="http://developer.intuit.com/"><ticket>live</ticket><response>'
  const ok = lazyBody(head, 1024 * KB)
  const read = await readSoapBody(ok.stream, { limit: 64 * KB, largeLimit: 2048 * KB, isLiveTicket: async (ticket) => ticket === 'live' })
  t.equal(Buffer.byteLength(read), ok.pulled.bytes, 'the whole body')
  t.ok(read.startsWith(head))
  const tooBig = lazyBody(head, 20 * 1024 * KB)
  await t.rejects(readSoapBody(tooBig.stream, { limit: 64 * KB, largeLimit: 2048 * KB, isLiveTicket: async () => true }), SoapBodyTooLarge)
  t.ok(tooBig.pulled.bytes < 2048 * KB + 256 * KB, 'reading stopped at the large limit')
  await t.rejects(
    readSoapBody(Readable.from([]), { limit: 64, largeLimit: 128, contentLength: 129, isLiveTicket: async () => true }),
    SoapBodyTooLarge,
    'a declared length past the large limit is refused before reading',
  )
})

t.test("soapCallOf: one of the WSDL's eight methods, in Intuit's namespace, in a SOAP 1.1 envelope", async (t) => {
  const NS = 'http://developer.intuit.com/'
  const env = (inner: string, envelope = 'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"') =>
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope ${envelope}>${inner}</soap:Envelope>`
  const body = (call: string) => env(`<soap:Header><h xmlns="urn:any"/></soap:Header><soap:Body>${call}</soap:Body>`)
  t.same(
    QBWC_METHODS,
    [
      'serverVersion',
      'clientVersion',
      'authenticate',
      'connectionError',
      'sendRequestXML',
      'receiveResponseXML',
      'getLastError',
      'closeConnection',
    ],
    'the eight, from the WSDL',
  )
  for (const method of QBWC_METHODS)
    t.same(
      soapCallOf(soapEnvelope(method, [['ticket', 't']]), `"${NS}${method}"`),
      { method, params: { ticket: 't' } },
      `${method} as the Web Connector sends it, its parameters by their local names`,
    )
  const accepted: [string, string, string | undefined][] = [
    ['a prefix bound on the method', body(`<q:getLastError xmlns:q="${NS}"><q:ticket>t</q:ticket></q:getLastError>`), undefined],
    [
      'a prefix bound on the Envelope',
      env(
        `<soap:Body><q:getLastError><q:ticket>t</q:ticket></q:getLastError></soap:Body>`,
        `xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:q="${NS}"`,
      ),
      '""',
    ],
    ['a default namespace on the Body', env(`<soap:Body xmlns="${NS}"><getLastError/></soap:Body>`), `${NS}getLastError`],
  ]
  for (const [name, xml, action] of accepted)
    t.same(soapCallOf(xml, action), { method: 'getLastError', params: xml.includes('ticket') ? { ticket: 't' } : {} }, name)

  const refused: [string, string, string | undefined, string, RegExp][] = [
    [
      'a foreign default namespace',
      body('<authenticate xmlns="urn:evil"/>'),
      undefined,
      'soap:Client',
      /^The method element <authenticate> is in namespace urn:evil; Web Connector methods are in http:\/\/developer\.intuit\.com\/\.$/,
    ],
    [
      'no namespace',
      body('<authenticate/>'),
      `"${NS}authenticate"`,
      'soap:Client',
      /<authenticate> is in no namespace; .*http:\/\/developer\.intuit\.com\//,
    ],
    [
      'a default namespace undeclared',
      env(`<soap:Body xmlns="${NS}"><authenticate xmlns=""/></soap:Body>`),
      undefined,
      'soap:Client',
      /<authenticate> is in no namespace/,
    ],
    ['an undeclared prefix', body('<q:authenticate/>'), undefined, 'soap:Client', /<authenticate> is under an undeclared prefix/],
    [
      'an unknown method',
      body(`<deleteEverything xmlns="${NS}"/>`),
      `"${NS}deleteEverything"`,
      'soap:Client',
      /^Unknown method <deleteEverything> in http:\/\/developer\.intuit\.com\/; the Web Connector methods are serverVersion, .*closeConnection\.$/,
    ],
    ['a name from Object.prototype', body(`<constructor xmlns="${NS}"/>`), undefined, 'soap:Client', /Unknown method <constructor>/],
    [
      'a response element',
      body(`<authenticateResponse xmlns="${NS}"/>`),
      undefined,
      'soap:Client',
      /Unknown method <authenticateResponse>/,
    ],
    ['an empty Body', body(''), undefined, 'soap:Client', /soap:Body is empty/],
    ['text in the Body', body('hello'), undefined, 'soap:Client', /holds text/],
    ['text beside the method', body(`hello<serverVersion xmlns="${NS}"/>`), undefined, 'soap:Client', /holds text beside/],
    [
      'two methods',
      body(`<serverVersion xmlns="${NS}"/><getLastError xmlns="${NS}"/>`),
      undefined,
      'soap:Client',
      /holds 2 elements \(<serverVersion>, <getLastError>\); .*exactly one/,
    ],
    ['no Body', env('<soap:Header/>'), undefined, 'soap:Client', /no soap:Body/],
    ['a Body in another namespace', env(`<Body><serverVersion xmlns="${NS}"/></Body>`), undefined, 'soap:Client', /no soap:Body/],
    ['two Bodies', env(`<soap:Body><serverVersion xmlns="${NS}"/></soap:Body><soap:Body/>`), undefined, 'soap:Client', /2 soap:Body/],
    [
      'not an envelope',
      `<serverVersion xmlns="${NS}"/>`,
      undefined,
      'soap:Client',
      /not a SOAP envelope \(its root element is <serverVersion>\)/,
    ],
    [
      'a SOAP 1.2 envelope',
      env(`<soap:Body><serverVersion xmlns="${NS}"/></soap:Body>`, 'xmlns:soap="http://www.w3.org/2003/05/soap-envelope"'),
      undefined,
      'soap:VersionMismatch',
      /a SOAP 1\.2 envelope; this service speaks SOAP 1\.1 only: the Envelope must be in http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\//,
    ],
    [
      'a foreign envelope',
      env(`<soap:Body><serverVersion xmlns="${NS}"/></soap:Body>`, 'xmlns:soap="urn:evil"'),
      undefined,
      'soap:VersionMismatch',
      /an Envelope in namespace urn:evil/,
    ],
    [
      'a SOAPAction naming another method',
      body(`<serverVersion xmlns="${NS}"/>`),
      `"${NS}authenticate"`,
      'soap:Client',
      /SOAPAction header names "http:\/\/developer\.intuit\.com\/authenticate" but the soap:Body calls serverVersion/,
    ],
    [
      'a SOAPAction of a foreign namespace',
      body(`<serverVersion xmlns="${NS}"/>`),
      '"urn:evil/serverVersion"',
      'soap:Client',
      /names "urn:evil\/serverVersion"/,
    ],
  ]
  for (const [name, xml, action, faultcode, reason] of refused) {
    const call = soapCallOf(xml, action)
    t.equal(call.refused?.faultcode, faultcode, `${name}: ${faultcode}`)
    t.match(call.refused?.reason ?? '', reason, `${name}: ${call.refused?.reason}`)
    t.notOk(call.refused?.unreadable, `${name}: readable`)
  }
  t.same(
    soapCallOf(body(`<serverVersion xmlns="${NS}"/>`), '""'),
    { method: 'serverVersion', params: {} },
    'SOAPAction "": the Body decides',
  )
  t.same(
    soapCallOf(body(`<serverVersion xmlns="${NS}"/>`), `${NS}serverVersion`),
    { method: 'serverVersion', params: {} },
    'an unquoted SOAPAction',
  )

  const long = 'x'.repeat(5000)
  t.ok(soapCallOf(body(`<${long} xmlns="urn:${long}"/>`)).refused!.reason.length < 400, 'names written by the caller are shortened')
  for (const bad of [
    '',
    'not xml',
    '<soap:Envelope',
    `<!DOCTYPE x []>${body('')}`,
    body(`<getLastError xmlns="${NS}"><ticket>&secret;</ticket></getLastError>`),
  ]) {
    const call = soapCallOf(bad)
    t.ok(call.refused?.unreadable, `unreadable: ${bad.slice(0, 40)}`)
    t.equal(call.refused?.reason, 'The request is not a readable Web Connector SOAP call.')
    t.notMatch(JSON.stringify(call), /secret/, 'nothing of the text in the refusal')
  }
})

t.test('the answers the door writes itself are the bytes the soap library writes', async (t) => {
  // Captured from the soap library's answers to the same calls (serverVersion, clientVersion with and
  // without a warning, authenticate refused and with a company file path holding every escaped character).
  const envelope = (inner: string) =>
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"  xmlns:tns="http://developer.intuit.com/"><soap:Body>${inner}</soap:Body></soap:Envelope>`
  t.equal(
    soapResult('serverVersion', 'invoice-sync 0.1.0'),
    envelope(
      '<serverVersionResponse xmlns="http://developer.intuit.com/"><serverVersionResult>invoice-sync 0.1.0</serverVersionResult></serverVersionResponse>',
    ),
  )
  t.equal(
    soapResult('clientVersion', ''),
    envelope(
      '<clientVersionResponse xmlns="http://developer.intuit.com/"><clientVersionResult></clientVersionResult></clientVersionResponse>',
    ),
  )
  t.equal(
    soapResult('authenticate', ['', 'nvu']),
    envelope(
      '<authenticateResponse xmlns="http://developer.intuit.com/"><authenticateResult><string></string><string>nvu</string></authenticateResult></authenticateResponse>',
    ),
  )
  t.equal(
    soapResult('authenticate', ['KVeZ', `C:\\A & <B> "q" 's.qbw`]),
    envelope(
      '<authenticateResponse xmlns="http://developer.intuit.com/"><authenticateResult><string>KVeZ</string><string>C:\\A &amp; &lt;B&gt; &quot;q&quot; &apos;s.qbw</string></authenticateResult></authenticateResponse>',
    ),
  )
})
