// The SOAP door at /qbwc, mounted inside Fastify (hooks, logging and app.inject apply): the soap
// server parses the envelope and calls the Web Connector service; the WSDL is served at
// GET /qbwc?wsdl with the request's own address.
//
// Before anyone has logged in a caller is a stranger, so what a call may cost is bounded before the
// soap parser sees it: a small body limit for every call but a live session's receiveResponseXML
// (soap-body.ts), a few calls in flight per source address and a number of calls per minute
// without a live ticket (prelogin-gate.ts). Refusals are SOAP faults, as the Web Connector expects.
import { randomUUID } from 'node:crypto'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import * as soap from 'soap'
import { addressKey } from '../http/rate-limit.js'
import { addSpanAttributes } from '../http/tracing.js'
import { decodeXmlText } from '../qbxml/xml-parser.js'
import { createPreloginGate, type PreloginLimits } from './prelogin-gate.js'
import type { QbwcService } from './qbwc-service.js'
import { readSoapBody, type SoapBodyLimits, SoapBodyTooLarge, soapCallOf, ticketOf } from './soap-body.js'
import { PORT_NAME, type QbwcMethod, renderWsdl, SERVICE_NAME } from './wsdl.js'

const XML = 'text/xml; charset=utf-8'

// `>` is escaped too: text a caller wrote (a namespace in a faultstring) may hold `]]>`, which XML
// text must not.
const fault = (message: string, code: 'soap:Client' | 'soap:Server' | 'soap:VersionMismatch' = 'soap:Client') =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>${code}</faultcode><faultstring>${message.replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'))}</faultstring></soap:Fault></soap:Body></soap:Envelope>`

function ownAddress(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/qbwc`
}

/** XML text escaped as the soap library escapes a result. */
const escapeText = (text: string) =>
  text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'))

/**
 * The answer to a method, written as the soap library writes it (the same bytes: a test compares
 * them), for the calls this door answers itself: `result` is the Result element's content.
 */
export function soapResult(method: AnsweredByDoor, result: string | string[]): string {
  const inner = typeof result === 'string' ? escapeText(result) : result.map((r) => `<string>${escapeText(r)}</string>`).join('')
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"  xmlns:tns="http://developer.intuit.com/"><soap:Body><${method}Response xmlns="http://developer.intuit.com/"><${method}Result>${inner}</${method}Result></${method}Response></soap:Body></soap:Envelope>`
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
  readonly Fault = {
    faultcode: 'soap:Server',
    faultstring: 'The service could not complete this call. The Web Connector will try again at its next run.',
    statusCode: 500,
  }
}

export interface QbwcDoorOptions {
  service: QbwcService
  /** `limit`: bytes any call may have; `largeLimit`: bytes a receiveResponseXML with a live ticket may have. */
  body: SoapBodyLimits
  prelogin: PreloginLimits
  /** Whether a ticket names an open session (the service's isLiveTicket). */
  isLiveTicket: (ticket: string) => Promise<boolean>
}

/** What the door knows of a call in flight: where it comes from, and whether its ticket was found live. */
interface CallState {
  address: string
  live: boolean
  leave: () => void
}

/** The calls of every check-in, which the door answers itself (soapResult) without the soap server. */
const ANSWERED_BY_DOOR = ['serverVersion', 'clientVersion', 'authenticate'] as const
type AnsweredByDoor = (typeof ANSWERED_BY_DOOR)[number]
const answeredByDoor = (method: QbwcMethod): method is AnsweredByDoor => (ANSWERED_BY_DOOR as readonly string[]).includes(method)

export async function qbwcDoor(app: FastifyInstance, opts: QbwcDoorOptions): Promise<void> {
  const qbwc = opts.service
  const held = new Map<string, string>()
  const gate = createPreloginGate(opts.prelogin)
  const calls = new WeakMap<FastifyRequest, CallState>()
  const guarded =
    <A, R>(name: string, fn: (args: A, ...rest: unknown[]) => Promise<R>) =>
    async (args: A, ...rest: unknown[]): Promise<R> => {
      try {
        return await fn(args, ...rest)
      } catch (err) {
        app.log.error({ err, method: name }, 'Web Connector call failed')
        throw new ServerFault()
      }
    }
  // serverVersion, clientVersion and authenticate never reach the soap server: the door answers
  // them from the envelope it read (see the POST route), so only the session's calls are here.
  const methods = {
    sendRequestXML: async (a: {
      ticket?: string
      strHCPResponse?: string
      strCompanyFileName?: string
      qbXMLCountry?: string
      qbXMLMajorVers?: number | string
      qbXMLMinorVers?: number | string
    }) => ({
      sendRequestXMLResult: await qbwc.sendRequestXML({
        ...a,
        ticket: a.ticket ?? '',
        qbXMLMajorVers: Number(a.qbXMLMajorVers ?? 0),
        qbXMLMinorVers: Number(a.qbXMLMinorVers ?? 0),
      }),
    }),
    receiveResponseXML: async (a: { ticket?: string; response?: string; hresult?: string; message?: string }) => ({
      receiveResponseXMLResult: await qbwc.receiveResponseXML({
        ...a,
        ticket: a.ticket ?? '',
        response: a.response === undefined ? undefined : (held.get(a.response) ?? a.response),
      }),
    }),
    getLastError: async (a: { ticket?: string }) => ({ getLastErrorResult: await qbwc.getLastError(a.ticket ?? '') }),
    connectionError: async (a: { ticket?: string; hresult?: string; message?: string }) => ({
      connectionErrorResult: await qbwc.connectionError({ ...a, ticket: a.ticket ?? '' }),
    }),
    closeConnection: async (a: { ticket?: string }) => ({ closeConnectionResult: await qbwc.closeConnection(a.ticket ?? '') }),
  } satisfies Record<Exclude<QbwcMethod, AnsweredByDoor>, (...args: never[]) => Promise<unknown>>
  const services = {
    [SERVICE_NAME]: {
      [PORT_NAME]: Object.fromEntries(
        Object.entries(methods).map(([name, fn]) => [name, guarded(name, fn as (a: unknown, ...rest: unknown[]) => Promise<unknown>)]),
      ),
    },
  }
  const server = await new Promise<soap.Server>((resolve, reject) =>
    soap.listen(
      null as never,
      {
        path: '/qbwc',
        services,
        xml: renderWsdl('http://localhost/qbwc'),
        callback: (err: unknown, s: soap.Server) => (err ? reject(err) : resolve(s)),
      } as never,
    ),
  )

  // Every failure on this route is a SOAP fault: a body too large, a wrong content type, a client gone.
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err instanceof SoapBodyTooLarge || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 413 : (err.statusCode ?? 500)
    if (status === 413) {
      request.log.warn({ address: calls.get(request)?.address }, 'Web Connector call refused: body too large')
      return reply
        .code(413)
        .header('connection', 'close')
        .type(XML)
        .send(fault(`The request is larger than ${opts.body.limit} bytes; only a receiveResponseXML of a live session may be larger.`))
    }
    if (status >= 500) {
      request.log.error({ err }, 'Web Connector call failed')
      return reply
        .code(500)
        .type(XML)
        .send(fault('The service could not complete this call. The Web Connector will try again at its next run.', 'soap:Server'))
    }
    return reply
      .code(status)
      .type(XML)
      .send(fault(status === 415 ? 'Send the call as text/xml (SOAP 1.1).' : 'The request is not a readable Web Connector SOAP call.'))
  })

  // Before the body is read: an address with too many calls in flight waits. A call holds its place
  // until its ticket is found live or it is answered.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST') return
    const address = addressKey(request.ip)
    if (!gate.enter(address)) {
      request.log.warn({ address }, 'Web Connector call refused: too many calls in flight from this address')
      return reply
        .code(429)
        .header('retry-after', '5')
        .header('connection', 'close')
        .type(XML)
        .send(fault('Too many calls at once from your address; the Web Connector will try again at its next run.'))
    }
    let left = false
    const leave = () => {
      if (left) return
      left = true
      gate.leave(address)
    }
    calls.set(request, { address, live: false, leave })
    reply.raw.once('close', leave)
  })
  app.addHook('onResponse', async (request) => calls.get(request)?.leave())

  const liveTicket = async (request: FastifyRequest, ticket: string | undefined): Promise<boolean> => {
    const call = calls.get(request)
    if (call?.live) return true
    if (!ticket || !(await opts.isLiveTicket(ticket))) return false
    if (call) {
      call.live = true
      call.leave()
    }
    return true
  }

  // Only XML is read here: Fastify's own parsers (text/plain, JSON) would read a body under the API's
  // BODY_LIMIT_BYTES, past this door's limits; any other type is refused (415) unread.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(['text/xml', 'application/soap+xml'], (request, payload, done) => {
    const length = Number(request.headers['content-length'])
    const action = request.headers.soapaction
    readSoapBody(payload, {
      ...opts.body,
      ...(Number.isFinite(length) ? { contentLength: length } : {}),
      ...(typeof action === 'string' ? { soapAction: action } : {}),
      isLiveTicket: (ticket) => liveTicket(request, ticket),
    }).then(
      (body) => done(null, body),
      (err: Error) => done(err as FastifyError, undefined),
    )
  })

  app.get('/qbwc', async (request, reply) => {
    if (!('wsdl' in (request.query as Record<string, unknown>)))
      return reply.code(405).type('text/plain').send('POST SOAP requests here; GET /qbwc?wsdl for the WSDL.')
    return reply.type('text/xml; charset=utf-8').send(renderWsdl(ownAddress(request)))
  })

  // Shedding load (@fastify/under-pressure): the Web Connector gets a SOAP server fault, and tries
  // again at its next run.
  const pressureHandler = (request: FastifyRequest, reply: FastifyReply, type: string) => {
    request.log.warn({ type }, 'shedding load')
    void reply
      .code(503)
      .header('retry-after', '10')
      .type(XML)
      .send(fault('The service is overloaded. The Web Connector will try again at its next run.', 'soap:Server'))
  }

  app.post('/qbwc', { config: { pressureHandler } }, async (request, reply) => {
    const received = typeof request.body === 'string' ? request.body : ''
    // A call without a live ticket spends its address's pre-login quota before the soap parser runs.
    const call = calls.get(request)
    if (call && !(await liveTicket(request, ticketOf(received)))) {
      const charged = gate.charge(call.address)
      if (!charged.allowed) {
        request.log.warn({ address: call.address }, 'Web Connector call refused: too many calls before login from this address')
        return reply
          .code(429)
          .header('retry-after', String(charged.retryAfterSeconds))
          .type(XML)
          .send(fault('Too many calls before logging in from your address; the Web Connector will try again at its next run.'))
      }
    }
    // The Web Connector never sends a DTD; refusing one closes the door on entity expansion.
    if (received === '' || /<!DOCTYPE/i.test(received))
      return reply
        .code(400)
        .type('text/xml; charset=utf-8')
        .send(fault(received === '' ? 'Empty request: send a SOAP envelope.' : 'A DOCTYPE is not accepted.'))
    const { body, token } = holdResponse(received, held)
    // Only one of the WSDL's methods, in Intuit's namespace, reaches the soap server (which would
    // run a method found by its local name or its SOAPAction alone). A refusal is a SOAP 1.1 fault,
    // HTTP 500 (§6.2); what was refused is logged by its names, never its text.
    const soapCall = soapCallOf(body, typeof request.headers.soapaction === 'string' ? request.headers.soapaction : undefined)
    if (soapCall.refused) {
      if (token) held.delete(token)
      const { faultcode, reason, unreadable } = soapCall.refused
      if (unreadable) {
        request.log.warn(
          { err: { message: `not well-formed XML${unreadable.line ? ` at line ${unreadable.line}, column ${unreadable.column}` : ''}` } },
          'unreadable SOAP request',
        )
        return reply.code(400).type(XML).send(fault(reason))
      }
      request.log.warn(
        { address: call?.address, faultcode, reason },
        'Web Connector call refused: not a Web Connector method call in SOAP 1.1',
      )
      return reply.code(500).type(XML).send(fault(reason, faultcode))
    }
    addSpanAttributes(request, { 'qbwc.method': soapCall.method })
    // The three calls of every check-in are answered here, from the envelope read above: the soap
    // library would parse it a second time, which is most of what an idle Web Connector costs.
    const { method, params } = soapCall
    if (answeredByDoor(method)) {
      try {
        const answer =
          method === 'serverVersion'
            ? qbwc.serverVersion()
            : method === 'clientVersion'
              ? qbwc.clientVersion(params.strVersion ?? '')
              : await qbwc.authenticate(params.strUserName ?? '', params.strPassword ?? '', call?.address ?? addressKey(request.ip))
        return reply.type('text/xml; charset=utf-8').send(soapResult(method, answer))
      } catch (err) {
        request.log.error({ err, method }, 'Web Connector call failed')
        return reply.code(500).type(XML).send(fault(new ServerFault().Fault.faultstring, 'soap:Server'))
      }
    }
    const result = await server
      .processRequest(body, {
        headers: request.headers as never,
        url: request.url,
      } as never)
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
