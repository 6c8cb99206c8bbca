// Reading a Web Connector call off the wire: the small limit for every call, the large one only for
// a receiveResponseXML whose ticket is live, and nothing past the small limit read otherwise.
import { Readable } from 'node:stream'
import t from 'tap'
import { readSoapBody, receiveTicketOf, SoapBodyTooLarge, ticketOf } from '../../src/qbwc/soap-body.js'
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
  const receive = soapEnvelope('receiveResponseXML', [['ticket', 'T-1'], ['response', '<QBXML/>'], ['hresult', ''], ['message', '']])
  t.equal(receiveTicketOf(receive), 'T-1')
  t.equal(receiveTicketOf(receive, '"http://developer.intuit.com/receiveResponseXML"'), 'T-1')
  t.equal(receiveTicketOf(receive, '"http://developer.intuit.com/authenticate"'), undefined, 'soap would dispatch to the method the SOAPAction names')
  t.equal(receiveTicketOf(soapEnvelope('authenticate', [['strUserName', 'u'], ['strPassword', 'p']])), undefined, 'not a receiveResponseXML')
  t.equal(receiveTicketOf(soapEnvelope('receiveResponseXML', [['response', 'x'], ['ticket', 'late']])), undefined, 'a ticket after the response is not looked for')
  t.equal(receiveTicketOf('<s:Body><q:receiveResponseXML xmlns:q="http://developer.intuit.com/"><q:ticket>P</q:ticket><q:response>'), 'P', 'prefixed elements')
  t.equal(ticketOf(soapEnvelope('getLastError', [['ticket', 'abc']])), 'abc')
  t.equal(ticketOf(soapEnvelope('serverVersion', [])), undefined)
})

t.test('a body within the small limit is read whole, without asking about its ticket', async (t) => {
  let asked = 0
  const body = soapEnvelope('authenticate', [['strUserName', 'u'], ['strPassword', 'p']])
  const read = await readSoapBody(Readable.from([Buffer.from(body)]), { limit: KB, largeLimit: 4 * KB, isLiveTicket: async () => (asked++, true) })
  t.equal(read, body)
  t.equal(asked, 0)
})

t.test('a larger body that is not a live receiveResponseXML is refused after the small limit; the rest is never read', async (t) => {
  for (const [name, head, live] of [
    ['authenticate', soapEnvelope('authenticate', [['strUserName', 'u'], ['strPassword', 'p']]).replace('</strPassword>', ''), true],
    ['receiveResponseXML with a dead ticket', '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><receiveResponseXML xmlns="http://developer.intuit.com/"><ticket>dead</ticket><response>', false],
  ] as const) {
    const { stream, pulled } = lazyBody(head, 20 * 1024 * KB)
    const asked: string[] = []
    await t.rejects(readSoapBody(stream, { limit: 256 * KB, largeLimit: 30 * 1024 * KB, isLiveTicket: async (ticket) => (asked.push(ticket), live) }), SoapBodyTooLarge, `${name}: refused`)
    t.ok(pulled.bytes < 512 * KB, `${name}: ${pulled.bytes} bytes of 20 MB were read`)
    t.same(asked, name === 'authenticate' ? [] : ['dead'], `${name}: the database is asked only about a receiveResponseXML ticket`)
  }
})

t.test('a receiveResponseXML with a live ticket is read up to the large limit, and refused past it', async (t) => {
  const head = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><receiveResponseXML xmlns="http://developer.intuit.com/"><ticket>live</ticket><response>'
  const ok = lazyBody(head, 1024 * KB)
  const read = await readSoapBody(ok.stream, { limit: 64 * KB, largeLimit: 2048 * KB, isLiveTicket: async (ticket) => ticket === 'live' })
  t.equal(Buffer.byteLength(read), ok.pulled.bytes, 'the whole body')
  t.ok(read.startsWith(head))
  const tooBig = lazyBody(head, 20 * 1024 * KB)
  await t.rejects(readSoapBody(tooBig.stream, { limit: 64 * KB, largeLimit: 2048 * KB, isLiveTicket: async () => true }), SoapBodyTooLarge)
  t.ok(tooBig.pulled.bytes < 2048 * KB + 256 * KB, 'reading stopped at the large limit')
  await t.rejects(readSoapBody(Readable.from([]), { limit: 64, largeLimit: 128, contentLength: 129, isLiveTicket: async () => true }), SoapBodyTooLarge, 'a declared length past the large limit is refused before reading')
})
