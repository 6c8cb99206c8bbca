// Reading a Web Connector call off the wire without trusting its size. Every call fits in a small
// limit except receiveResponseXML, which carries QuickBooks' answers (megabytes for a large batch).
// So the body is read up to the small limit; only when it is larger is what was read searched for a
// receiveResponseXML whose ticket (it precedes <response> in the WSDL's sequence) names a live
// session, and only then is the rest read, up to the large limit. Anything else is refused there,
// without reading (or holding) the rest.
//
// Then which method the call names (soapCallOf): one of the WSDL's eight, in Intuit's namespace,
// in a SOAP 1.1 envelope, and the same one its SOAPAction names. The soap library would dispatch on
// a local name or on the SOAPAction alone, so anything else is refused before it runs.
import type { Readable } from 'node:stream'
import { decodeXmlText, parseXml, type XmlElement, XmlParseError } from '../qbxml/xml-parser.js'
import { isQbwcMethod, QBWC_METHODS, QBWC_NAMESPACE, type QbwcMethod } from './wsdl.js'

export class SoapBodyTooLarge extends Error {
  readonly statusCode = 413
  constructor(readonly limit: number) {
    super(`The request is larger than ${limit} bytes; only a receiveResponseXML of a live session may be larger.`)
    this.name = 'SoapBodyTooLarge'
  }
}

export class SoapBodyAborted extends Error {
  readonly statusCode = 400
  constructor() {
    super('The request body ended before it was complete.')
    this.name = 'SoapBodyAborted'
  }
}

const PREFIX = '(?:[A-Za-z_][\\w.-]*:)?'
const RECEIVE_CALL = new RegExp(`<${PREFIX}receiveResponseXML[\\s>/]`)
const RESPONSE_OPEN = new RegExp(`<${PREFIX}response[\\s>/]`)
// The text of the first <ticket> element (no attributes, no markup inside, at most 512 characters).
const TICKET = new RegExp(`<(${PREFIX})ticket>([^<]{0,512})</\\1ticket>`)
const ANY_TICKET = new RegExp(`<(${PREFIX})(?:ticket|wcTicket)>([^<]{0,512})</\\1(?:ticket|wcTicket)>`)

function ticketText(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined
  try {
    const text = decodeXmlText(raw).trim()
    return text === '' ? undefined : text
  } catch {
    return undefined
  }
}

/**
 * The ticket of a receiveResponseXML call found in the start of a body: the call element, then its
 * <ticket> before any <response>. A SOAPAction naming another method (soap dispatches by it) finds none.
 */
export function receiveTicketOf(head: string, soapAction?: string): string | undefined {
  if (soapAction && !/receiveResponseXML"?\s*$/.test(soapAction)) return undefined
  const call = RECEIVE_CALL.exec(head)
  if (!call) return undefined
  const rest = head.slice(call.index)
  const ticket = TICKET.exec(rest)
  if (!ticket) return undefined
  const response = RESPONSE_OPEN.exec(rest)
  if (response && response.index < ticket.index) return undefined
  return ticketText(ticket[2])
}

/** The ticket a call carries, if any (every call after authenticate carries one). */
export function ticketOf(body: string): string | undefined {
  return ticketText(ANY_TICKET.exec(body)?.[2])
}

export interface SoapBodyLimits {
  /** Bytes any call may have. */
  limit: number
  /** Bytes a receiveResponseXML of a live session may have. */
  largeLimit: number
}

/**
 * The body as text. `isLiveTicket` is asked only when the body is larger than `limit`. Rejects
 * with SoapBodyTooLarge as soon as the body is known to be too large (the caller closes the
 * connection: the rest is never read).
 */
export function readSoapBody(
  stream: Readable,
  options: SoapBodyLimits & { contentLength?: number; soapAction?: string; isLiveTicket: (ticket: string) => Promise<boolean> },
): Promise<string> {
  const { largeLimit } = options
  if (options.contentLength !== undefined && options.contentLength > largeLimit) return Promise.reject(new SoapBodyTooLarge(options.limit))
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = []
    let received = 0
    let limit = options.limit
    let checking = false
    let checked = false
    let ended = false
    let settled = false

    const cleanup = () => {
      stream.removeListener('data', onData)
      stream.removeListener('end', onEnd)
      stream.removeListener('error', onError)
      stream.removeListener('close', onClose)
    }
    const fail = (err: Error) => {
      if (settled) return
      settled = true
      cleanup()
      // Nothing more is pulled: the caller answers and closes the connection on the rest.
      stream.pause()
      chunks.length = 0
      reject(err)
    }
    const done = () => {
      if (settled) return
      settled = true
      cleanup()
      resolve(Buffer.concat(chunks, received).toString('utf8'))
    }

    function onData(chunk: Buffer | string) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      received += buffer.length
      chunks.push(buffer)
      if (received <= limit) return
      if (checked || received > largeLimit) return fail(new SoapBodyTooLarge(options.limit))
      checked = true
      checking = true
      stream.pause()
      const head = Buffer.concat(chunks, received).subarray(0, options.limit).toString('utf8')
      const ticket = receiveTicketOf(head, options.soapAction)
      ;(ticket ? options.isLiveTicket(ticket) : Promise.resolve(false)).then(
        (live) => {
          checking = false
          if (!live) return fail(new SoapBodyTooLarge(options.limit))
          limit = largeLimit
          if (ended) return done()
          stream.resume()
        },
        (err: Error) => fail(err),
      )
    }
    function onEnd() {
      ended = true
      if (!checking) done()
    }
    function onError(err: Error) {
      fail(err)
    }
    function onClose() {
      if (!ended) fail(new SoapBodyAborted())
    }

    stream.on('data', onData)
    stream.on('end', onEnd)
    stream.on('error', onError)
    stream.on('close', onClose)
  })
}

export const SOAP11_ENVELOPE = 'http://schemas.xmlsoap.org/soap/envelope/'
const SOAP12_ENVELOPE = 'http://www.w3.org/2003/05/soap-envelope'

/** Why a call is refused: a SOAP 1.1 faultcode and a faultstring that names what was found and what is expected. */
export interface SoapCallRefusal {
  faultcode: 'soap:Client' | 'soap:VersionMismatch'
  reason: string
  /** The body is not well-formed XML (where it stops being, when known, for the log: never its text). */
  unreadable?: { line?: number; column?: number }
}

export type SoapCall = { method: QbwcMethod; refused?: undefined; params: Record<string, string> } | { refused: SoapCallRefusal }

/** Names and URIs written by the caller, shortened for a faultstring or a log line. */
const shown = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max)}...` : text)

type Scope = ReadonlyMap<string, string>

/** The namespace declarations in scope inside `element` (prefix '' is the default namespace). */
function scopeOf(element: XmlElement, outer: Scope): Scope {
  let scope: Map<string, string> | undefined
  for (const [name, value] of Object.entries(element.attributes)) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue
    scope ??= new Map(outer)
    scope.set(name === 'xmlns' ? '' : name.slice('xmlns:'.length), value)
  }
  return scope ?? outer
}

/** An element's local name and namespace ('' for none); `undefined` namespace for an undeclared prefix. */
function nameOf(element: XmlElement, scope: Scope): { local: string; namespace: string | undefined } {
  const colon = element.name.indexOf(':')
  const prefix = colon === -1 ? '' : element.name.slice(0, colon)
  const namespace = scope.get(prefix)
  return { local: element.name.slice(colon + 1), namespace: namespace ?? (prefix === '' ? '' : undefined) }
}

const where = (namespace: string | undefined) =>
  namespace === undefined ? 'under an undeclared prefix' : namespace === '' ? 'in no namespace' : `in namespace ${shown(namespace)}`

/**
 * The Web Connector method a body calls, or why it is refused. `soapAction` is the header as sent;
 * when it names a method it must be the body's (the soap library would run the header's).
 */
export function soapCallOf(body: string, soapAction?: string): SoapCall {
  // Never throws: whatever cannot be read is refused as unreadable.
  const refuse = (reason: string, faultcode: SoapCallRefusal['faultcode'] = 'soap:Client'): SoapCall => ({ refused: { faultcode, reason } })
  let root: XmlElement
  try {
    root = parseXml(body)
  } catch (err) {
    const at = err instanceof XmlParseError ? { line: err.line, column: err.column } : {}
    return { refused: { faultcode: 'soap:Client', reason: 'The request is not a readable Web Connector SOAP call.', unreadable: at } }
  }
  const rootScope = scopeOf(root, new Map())
  const envelope = nameOf(root, rootScope)
  if (envelope.local !== 'Envelope') return refuse(`The request is not a SOAP envelope (its root element is <${shown(root.name)}>).`)
  if (envelope.namespace !== SOAP11_ENVELOPE) {
    const version = envelope.namespace === SOAP12_ENVELOPE ? 'a SOAP 1.2 envelope' : `an Envelope ${where(envelope.namespace)}`
    return refuse(
      `The request is ${version}; this service speaks SOAP 1.1 only: the Envelope must be in ${SOAP11_ENVELOPE}.`,
      'soap:VersionMismatch',
    )
  }
  const bodies = root.children.flatMap((element) => {
    const scope = scopeOf(element, rootScope)
    const name = nameOf(element, scope)
    return name.local === 'Body' && name.namespace === SOAP11_ENVELOPE ? [{ element, scope }] : []
  })
  if (bodies.length !== 1)
    return refuse(
      bodies.length === 0 ? 'The envelope has no soap:Body.' : `The envelope has ${bodies.length} soap:Body elements; a call has one.`,
    )
  const soapBody = bodies[0]!
  const calls = soapBody.element.children
  if (calls.length === 0) {
    return refuse(
      soapBody.element.text.trim() === ''
        ? `The soap:Body is empty: it must hold one Web Connector method element in ${QBWC_NAMESPACE}.`
        : 'The soap:Body holds text, not a Web Connector method element.',
    )
  }
  if (calls.length > 1) {
    const names = calls
      .slice(0, 3)
      .map((c) => `<${shown(c.name)}>`)
      .join(', ')
    return refuse(
      `The soap:Body holds ${calls.length} elements (${names}${calls.length > 3 ? ', ...' : ''}); a Web Connector call holds exactly one method element.`,
    )
  }
  if (soapBody.element.text.trim() !== '') return refuse('The soap:Body holds text beside its method element.')
  const call = nameOf(calls[0]!, scopeOf(calls[0]!, soapBody.scope))
  if (call.namespace !== QBWC_NAMESPACE) {
    return refuse(`The method element <${shown(call.local)}> is ${where(call.namespace)}; Web Connector methods are in ${QBWC_NAMESPACE}.`)
  }
  if (!isQbwcMethod(call.local))
    return refuse(`Unknown method <${shown(call.local)}> in ${QBWC_NAMESPACE}; the Web Connector methods are ${QBWC_METHODS.join(', ')}.`)
  const method = call.local
  // SOAP 1.1 §6.1.1: quoted URI, "" or none (the body decides).
  const action = soapAction?.trim().replace(/^"(.*)"$/, '$1')
  if (action && action !== `${QBWC_NAMESPACE}${method}`) {
    return refuse(
      `The SOAPAction header names "${shown(action)}" but the soap:Body calls ${method}; send "${QBWC_NAMESPACE}${method}" or no SOAPAction.`,
    )
  }
  // The method's parameters by their local names (document/literal: each a child element holding text).
  const params: Record<string, string> = {}
  for (const param of calls[0]!.children) {
    const local = param.name.slice(param.name.indexOf(':') + 1)
    if (!(local in params)) params[local] = param.text
  }
  return { method, params }
}
