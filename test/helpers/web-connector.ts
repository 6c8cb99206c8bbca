// A QuickBooks Web Connector double that speaks raw SOAP 1.1 to /qbwc exactly as the real one:
// document/literal envelopes with quoted SOAPAction headers, the call sequence of a session, the
// HCP response on the first sendRequestXML, and getLastError when it is told to.
import type { FastifyInstance } from 'fastify'
import { child, parseXml, type XmlElement } from '../../src/qbxml/xml-parser.js'
import { type FakeQuickBooks, hcpResponse } from './fake-quickbooks.js'

const NS = 'http://developer.intuit.com/'
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export interface SoapAnswer {
  status: number
  body: string
  /** The <method>Result element. */
  result?: XmlElement
  fault?: string
}

/** A Web Connector call as the real one sends it (document/literal SOAP 1.1). */
export function soapEnvelope(method: string, params: [string, string | number][]): string {
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><${method} xmlns="${NS}">${params.map(([k, v]) => `<${k}>${esc(String(v))}</${k}>`).join('')}</${method}></soap:Body></soap:Envelope>`
}

/** The <method>Result of an answer, or its fault. */
export function readSoap(method: string, status: number, body: string): SoapAnswer {
  const envelope = parseXml(body)
  const soapBody = envelope.children.find((c) => c.name.endsWith(':Body'))
  const fault = soapBody?.children.find((c) => c.name.endsWith(':Fault'))
  // SOAP 1.1 faultstring, or the whole fault (SOAP 1.2 Reason/Text) so nothing in it goes unchecked.
  if (fault)
    return { status, body, fault: child(fault, 'faultstring')?.text ?? /<(\w+:)?Fault>[\s\S]*<\/(\w+:)?Fault>/.exec(body)?.[0] ?? body }
  const response = soapBody?.children.find((c) => c.name.endsWith(`${method}Response`))
  const result = response?.children.find((c) => c.name.endsWith(`${method}Result`))
  return { status, body, ...(result ? { result } : {}) }
}

export async function soapCall(app: FastifyInstance, method: string, params: [string, string | number][]): Promise<SoapAnswer> {
  const res = await app.inject({
    method: 'POST',
    url: '/qbwc',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${NS}${method}"` },
    payload: soapEnvelope(method, params),
  })
  return readSoap(method, res.statusCode, res.body)
}

export interface SessionLog {
  authenticate: string[]
  roundTrips: number
  percents: number[]
  lastError?: string
  closeMessage?: string
}

/** One scheduled run of the Web Connector against the fake company. */
export async function runSession(
  apps: FastifyInstance | FastifyInstance[],
  qb: FakeQuickBooks,
  credentials: { username: string; password: string },
  options: { loseResponseOfRound?: number; maxRounds?: number; hcp?: string } = {},
): Promise<SessionLog> {
  const log: SessionLog = { authenticate: [], roundTrips: 0, percents: [] }
  // Behind a load balancer each call may reach another instance: they take turns here.
  const pool = Array.isArray(apps) ? apps : [apps]
  let calls = 0
  const app = new Proxy(pool[0]!, {
    get: (_target, key) => {
      const instance = pool[calls++ % pool.length]!
      const value = Reflect.get(instance, key)
      return typeof value === 'function' ? value.bind(instance) : value
    },
  }) as FastifyInstance
  await soapCall(app, 'serverVersion', [])
  await soapCall(app, 'clientVersion', [['strVersion', '2.3.0.36']])
  const auth = await soapCall(app, 'authenticate', [
    ['strUserName', credentials.username],
    ['strPassword', credentials.password],
  ])
  log.authenticate = auth.result!.children.map((c) => c.text)
  const [ticket, status] = log.authenticate
  if (!ticket || status === 'nvu' || status === 'none' || status === 'busy') return log
  for (let round = 0; round < (options.maxRounds ?? 50); round++) {
    const sent = await soapCall(app, 'sendRequestXML', [
      ['ticket', ticket],
      ['strHCPResponse', round === 0 ? (options.hcp ?? hcpResponse()) : ''],
      ['strCompanyFileName', 'C:\\Company\\Test.qbw'],
      ['qbXMLCountry', 'US'],
      ['qbXMLMajorVers', 13],
      ['qbXMLMinorVers', 0],
    ])
    const request = sent.result?.text ?? ''
    if (request === '') {
      log.lastError = (await soapCall(app, 'getLastError', [['ticket', ticket]])).result?.text
      if (log.lastError === 'NoOp') continue
      break
    }
    log.roundTrips++
    const response = qb.process(request)
    if (options.loseResponseOfRound === round) {
      // The answer never reaches the service (network cut): the Web Connector gives up this run.
      await soapCall(app, 'connectionError', [
        ['ticket', ticket],
        ['hresult', '0x80040408'],
        ['message', 'lost'],
      ])
      qb.endSession()
      return log
    }
    const received = await soapCall(app, 'receiveResponseXML', [
      ['ticket', ticket],
      ['response', response],
      ['hresult', ''],
      ['message', ''],
    ])
    const percent = Number(received.result?.text)
    log.percents.push(percent)
    if (percent < 0) {
      log.lastError = (await soapCall(app, 'getLastError', [['ticket', ticket]])).result?.text
      break
    }
    if (percent >= 100) break
  }
  log.closeMessage = (await soapCall(app, 'closeConnection', [['ticket', ticket]])).result?.text
  // QuickBooks' session with the Web Connector ends with the run: its iterators are gone.
  qb.endSession()
  return log
}

/**
 * A session's first two calls made by hand, for tests that then stop or interfere: log in, and take
 * the first round's message (with the HCP response, as the Web Connector sends it on a session's
 * first sendRequestXML).
 */
export async function firstRound(
  app: FastifyInstance,
  credentials: { username: string; password: string },
): Promise<{ ticket: string; request: string }> {
  const [ticket] = await authenticate(app, credentials)
  return { ticket: ticket!, request: await sendRequest(app, ticket!) }
}

/** Single Web Connector calls by hand, as the real one makes them. */
export async function authenticate(app: FastifyInstance, credentials: { username: string; password: string }): Promise<string[]> {
  return (
    await soapCall(app, 'authenticate', [
      ['strUserName', credentials.username],
      ['strPassword', credentials.password],
    ])
  ).result!.children.map((c) => c.text)
}

/** sendRequestXML: the qbXML message, or '' (then getLastError says why). The HCP response is read on a session's first call only. */
export async function sendRequest(
  app: FastifyInstance,
  ticket: string,
  options: { hcp?: string; majorVersion?: number; companyFile?: string } = {},
): Promise<string> {
  const sent = await soapCall(app, 'sendRequestXML', [
    ['ticket', ticket],
    ['strHCPResponse', options.hcp ?? hcpResponse()],
    ['strCompanyFileName', options.companyFile ?? ''],
    ['qbXMLCountry', 'US'],
    ['qbXMLMajorVers', options.majorVersion ?? 13],
    ['qbXMLMinorVers', 0],
  ])
  return sent.result?.text ?? ''
}

export function receive(app: FastifyInstance, ticket: string, response: string, hresult = '', message = ''): Promise<SoapAnswer> {
  return soapCall(app, 'receiveResponseXML', [
    ['ticket', ticket],
    ['response', response],
    ['hresult', hresult],
    ['message', message],
  ])
}

export function closeSession(app: FastifyInstance, ticket: string): Promise<SoapAnswer> {
  return soapCall(app, 'closeConnection', [['ticket', ticket]])
}
