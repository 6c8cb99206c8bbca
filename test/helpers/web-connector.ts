// A QuickBooks Web Connector double that speaks raw SOAP 1.1 to /qbwc exactly as the real one:
// document/literal envelopes with quoted SOAPAction headers, the call sequence of a session, the
// HCP response on the first sendRequestXML, and getLastError when it is told to.
import type { FastifyInstance } from 'fastify'
import { type SoapAnswer, type SoapPost, soapCall as soapCallOver, soapLink } from '../../src/sandbox/soap-client.js'
import { playSession, type SessionLog } from '../../src/sandbox/web-connector-player.js'
import { type FakeQuickBooks, hcpResponse } from './fake-quickbooks.js'

export { readSoap, type SoapAnswer, soapEnvelope } from '../../src/sandbox/soap-client.js'
export type { SessionLog } from '../../src/sandbox/web-connector-player.js'

/** Posts an envelope to the app's /qbwc as the Web Connector does. */
function injectPost(app: FastifyInstance): SoapPost {
  return async (envelope, soapAction) => {
    const res = await app.inject({
      method: 'POST',
      url: '/qbwc',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: soapAction },
      payload: envelope,
    })
    return { status: res.statusCode, body: res.body }
  }
}

export function soapCall(app: FastifyInstance, method: string, params: [string, string | number][]): Promise<SoapAnswer> {
  return soapCallOver(injectPost(app), method, params)
}

/** One scheduled run of the Web Connector against the fake company (the product's player, through the SOAP door). */
export async function runSession(
  apps: FastifyInstance | FastifyInstance[],
  qb: FakeQuickBooks,
  credentials: { username: string; password: string },
  options: { loseResponseOfRound?: number; maxRounds?: number; hcp?: string } = {},
): Promise<SessionLog> {
  // Behind a load balancer each call may reach another instance: they take turns here.
  const pool = Array.isArray(apps) ? apps : [apps]
  let calls = 0
  const post: SoapPost = (envelope, action) => injectPost(pool[calls++ % pool.length]!)(envelope, action)
  return playSession(soapLink(post), qb, credentials, options)
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
