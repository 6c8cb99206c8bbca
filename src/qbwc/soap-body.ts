// Reading a Web Connector call off the wire without trusting its size. Every call fits in a small
// limit except receiveResponseXML, which carries QuickBooks' answers (megabytes for a large batch).
// So the body is read up to the small limit; only when it is larger is what was read searched for a
// receiveResponseXML whose ticket (it precedes <response> in the WSDL's sequence) names a live
// session, and only then is the rest read, up to the large limit. Anything else is refused there,
// without reading (or holding) the rest.
import type { Readable } from 'node:stream'
import { decodeXmlText } from '../qbxml/xml-parser.js'

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
