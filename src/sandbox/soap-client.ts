// The Web Connector's side of the SOAP wire: document/literal SOAP 1.1 envelopes with quoted
// SOAPAction headers, as the real one sends them, and its reading of the answers. `soapLink` turns
// any way of posting an envelope (fetch to a running instance, or the tests' inject) into the
// calls the Web Connector player makes.
import { child, parseXml, type XmlElement } from '../qbxml/xml-parser.js'
import type { WebConnectorLink } from './web-connector-player.js'

export const QBWC_NAMESPACE = 'http://developer.intuit.com/'
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
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><${method} xmlns="${QBWC_NAMESPACE}">${params.map(([k, v]) => `<${k}>${esc(String(v))}</${k}>`).join('')}</${method}></soap:Body></soap:Envelope>`
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

/** Posts one envelope with its SOAPAction; answers the HTTP status and body. */
export type SoapPost = (envelope: string, soapAction: string) => Promise<{ status: number; body: string }>

export class SoapCallError extends Error {
  constructor(
    readonly method: string,
    readonly answer: SoapAnswer,
  ) {
    super(`${method}: ${answer.fault ?? `HTTP ${answer.status} without a ${method}Result`}`)
  }
}

/** Calls one Web Connector method and reads its answer. */
export async function soapCall(post: SoapPost, method: string, params: [string, string | number][]): Promise<SoapAnswer> {
  const { status, body } = await post(soapEnvelope(method, params), `"${QBWC_NAMESPACE}${method}"`)
  return readSoap(method, status, body)
}

/** The Web Connector's calls over SOAP; a fault or an HTTP error throws SoapCallError. */
export function soapLink(post: SoapPost): WebConnectorLink {
  // An empty result may come as no element at all: only a fault or an HTTP error is a failure.
  const result = async (method: string, params: [string, string | number][]): Promise<XmlElement> => {
    const answer = await soapCall(post, method, params)
    if (answer.fault !== undefined || answer.status >= 300) throw new SoapCallError(method, answer)
    return answer.result ?? { name: `${method}Result`, attributes: {}, children: [], text: '' }
  }
  const text = async (method: string, params: [string, string | number][]) => (await result(method, params)).text
  return {
    serverVersion: () => text('serverVersion', []),
    clientVersion: (version) => text('clientVersion', [['strVersion', version]]),
    authenticate: async (username, password) =>
      (
        await result('authenticate', [
          ['strUserName', username],
          ['strPassword', password],
        ])
      ).children.map((c) => c.text),
    sendRequestXML: (a) =>
      text('sendRequestXML', [
        ['ticket', a.ticket],
        ['strHCPResponse', a.strHCPResponse],
        ['strCompanyFileName', a.strCompanyFileName],
        ['qbXMLCountry', a.qbXMLCountry],
        ['qbXMLMajorVers', a.qbXMLMajorVers],
        ['qbXMLMinorVers', a.qbXMLMinorVers],
      ]),
    receiveResponseXML: async (a) =>
      Number(
        await text('receiveResponseXML', [
          ['ticket', a.ticket],
          ['response', a.response],
          ['hresult', a.hresult],
          ['message', a.message],
        ]),
      ),
    connectionError: (a) =>
      text('connectionError', [
        ['ticket', a.ticket],
        ['hresult', a.hresult],
        ['message', a.message],
      ]),
    getLastError: (ticket) => text('getLastError', [['ticket', ticket]]),
    closeConnection: (ticket) => text('closeConnection', [['ticket', ticket]]),
  }
}
