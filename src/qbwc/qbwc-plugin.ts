// The SOAP door at /qbwc, mounted inside Fastify (hooks, body limit, logging and app.inject apply):
// the soap server parses the envelope and calls the Web Connector service; the WSDL is served at
// GET /qbwc?wsdl with the request's own address.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import * as soap from 'soap'
import { decodeXmlText } from '../qbxml/xml-parser.js'
import type { createQbwcService } from './qbwc-service.js'
import { PORT_NAME, renderWsdl, SERVICE_NAME } from './wsdl.js'

type QbwcService = ReturnType<typeof createQbwcService>

const fault = (message: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>${message.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))}</faultstring></soap:Fault></soap:Body></soap:Envelope>`

function ownAddress(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/qbwc`
}

const RECEIVE_CALL = /<(?:[A-Za-z_][\w.-]*:)?receiveResponseXML[\s>]/
const RESPONSE_OPEN = /<((?:[A-Za-z_][\w.-]*:)?)response>/g
const CDATA_OPEN = '<![CDATA['
const CDATA_CLOSE = ']]>'

/**
 * QuickBooks' answers reach receiveResponseXML as the escaped text of one element (50 answers are
 * 100 to 200 kB of `&lt;...&gt;`). The soap parser decodes that text one reference at a time, the
 * largest cost of a round trip in this process. So the text is taken out of the envelope first,
 * decoded in one pass (and trimmed, as soap does) and left in `held` under a one-time token that
 * soap passes on instead. Text in one CDATA section is taken as it is (soap would have parsed it
 * into objects, and the answer was lost). Anything else (attributes on the element, mixed content,
 * a reference this decoder refuses) is left in place for soap to read, or refuse, as before.
 */
function holdResponse(body: string, held: Map<string, string>): { body: string; token?: string } {
  // Found with indexOf and patterns that never scan ahead for a closing part: linear in the body,
  // which is read before anyone has logged in.
  const call = RECEIVE_CALL.exec(body)
  if (!call) return { body }
  RESPONSE_OPEN.lastIndex = call.index
  const open = RESPONSE_OPEN.exec(body)
  if (!open) return { body }
  const prefix = open[1]!
  const from = open.index + open[0].length
  const to = body.indexOf(`</${prefix}response>`, from)
  if (to === -1) return { body }
  const content = body.slice(from, to)
  let text: string
  if (content.indexOf('<') === -1) {
    try {
      text = decodeXmlText(content).trim()
    } catch {
      return { body }
    }
  } else {
    // One CDATA section and nothing else: its text as it is. Anything else goes to soap.
    const inner = content.trim()
    if (!inner.startsWith(CDATA_OPEN) || inner.indexOf(CDATA_CLOSE) !== inner.length - CDATA_CLOSE.length) return { body }
    text = inner.slice(CDATA_OPEN.length, inner.length - CDATA_CLOSE.length).trim()
  }
  if (text === '') return { body }
  const token = `qbxml-response-${randomUUID()}`
  held.set(token, text)
  return { body: `${body.slice(0, from)}${token}${body.slice(to)}`, token }
}

/** A SOAP fault the soap server sends as is: the cause goes to the log, never to the caller. */
class ServerFault extends Error {
  readonly Fault = { faultcode: 'soap:Server', faultstring: 'The service could not complete this call. The Web Connector will try again at its next run.', statusCode: 500 }
}

export async function qbwcDoor(app: FastifyInstance, opts: { service: QbwcService; bodyLimit: number }): Promise<void> {
  const qbwc = opts.service
  const held = new Map<string, string>()
  const guarded = <A, R>(name: string, fn: (args: A) => Promise<R>) => async (args: A): Promise<R> => {
    try {
      return await fn(args)
    } catch (err) {
      app.log.error({ err, method: name }, 'Web Connector call failed')
      throw new ServerFault()
    }
  }
  const methods = {
    serverVersion: async () => ({ serverVersionResult: qbwc.serverVersion() }),
    clientVersion: async (a: { strVersion?: string }) => ({ clientVersionResult: qbwc.clientVersion(a.strVersion ?? '') }),
    authenticate: async (a: { strUserName?: string; strPassword?: string }) => ({ authenticateResult: { string: await qbwc.authenticate(a.strUserName ?? '', a.strPassword ?? '') } }),
    sendRequestXML: async (a: { ticket?: string; strHCPResponse?: string; strCompanyFileName?: string; qbXMLCountry?: string; qbXMLMajorVers?: number | string; qbXMLMinorVers?: number | string }) => ({
      sendRequestXMLResult: await qbwc.sendRequestXML({ ...a, ticket: a.ticket ?? '', qbXMLMajorVers: Number(a.qbXMLMajorVers ?? 0), qbXMLMinorVers: Number(a.qbXMLMinorVers ?? 0) }),
    }),
    receiveResponseXML: async (a: { ticket?: string; response?: string; hresult?: string; message?: string }) => ({
      receiveResponseXMLResult: await qbwc.receiveResponseXML({ ...a, ticket: a.ticket ?? '', response: a.response === undefined ? undefined : (held.get(a.response) ?? a.response) }),
    }),
    getLastError: async (a: { ticket?: string }) => ({ getLastErrorResult: await qbwc.getLastError(a.ticket ?? '') }),
    connectionError: async (a: { ticket?: string; hresult?: string; message?: string }) => ({ connectionErrorResult: await qbwc.connectionError({ ...a, ticket: a.ticket ?? '' }) }),
    closeConnection: async (a: { ticket?: string }) => ({ closeConnectionResult: await qbwc.closeConnection(a.ticket ?? '') }),
  }
  const services = { [SERVICE_NAME]: { [PORT_NAME]: Object.fromEntries(Object.entries(methods).map(([name, fn]) => [name, guarded(name, fn as (a: unknown) => Promise<unknown>)])) } }
  const server = await new Promise<soap.Server>((resolve, reject) =>
    soap.listen(null as never, { path: '/qbwc', services, xml: renderWsdl('http://localhost/qbwc'), callback: (err: unknown, s: soap.Server) => (err ? reject(err) : resolve(s)) } as never),
  )

  app.addContentTypeParser(['text/xml', 'application/soap+xml'], { parseAs: 'string', bodyLimit: opts.bodyLimit }, (_req, body, done) => done(null, body))

  app.get('/qbwc', async (request, reply) => {
    if (!('wsdl' in (request.query as Record<string, unknown>))) return reply.code(405).type('text/plain').send('POST SOAP requests here; GET /qbwc?wsdl for the WSDL.')
    return reply.type('text/xml; charset=utf-8').send(renderWsdl(ownAddress(request)))
  })

  app.post('/qbwc', async (request, reply) => {
    const received = typeof request.body === 'string' ? request.body : ''
    // The Web Connector never sends a DTD; refusing one closes the door on entity expansion.
    if (received === '' || /<!DOCTYPE/i.test(received)) return reply.code(400).type('text/xml; charset=utf-8').send(fault(received === '' ? 'Empty request: send a SOAP envelope.' : 'A DOCTYPE is not accepted.'))
    const { body, token } = holdResponse(received, held)
    const result = await server
      .processRequest(body, { headers: request.headers as never, url: request.url })
      .catch((err: unknown) => ({ statusCode: 500, body: String(err) }))
      .finally(() => token && held.delete(token))
    // An envelope the soap server cannot read makes it answer 500 with its own stack trace, or with
    // an "Invalid XML" fault of its own (faultcode 500, the parser's position in the detail): the
    // caller gets a SOAP client fault saying what is wrong, the details go to the log.
    if (result.statusCode >= 500 && (!/<(\w+:)?Fault>/.test(result.body) || /<faultstring>Invalid XML<\/faultstring>/.test(result.body))) {
      request.log.warn({ err: { message: result.body.split('\n')[0]?.slice(0, 300) } }, 'unreadable SOAP request')
      return reply.code(400).type('text/xml; charset=utf-8').send(fault('The request is not a readable Web Connector SOAP call.'))
    }
    return reply.code(result.statusCode).type('text/xml; charset=utf-8').send(result.body)
  })
}
