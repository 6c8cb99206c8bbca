// Talking to a real server process over HTTP, as the outside world does: JSON (REST), GraphQL and
// raw SOAP 1.1 for the Web Connector, plus a Web Connector session runner that can be told to
// lose a call (the service is killed, or the network drops the answer) at a chosen point.
import { type FakeQuickBooks, hcpResponse } from '../../helpers/fake-quickbooks.js'
import { readSoap, type SoapAnswer, soapEnvelope } from '../../helpers/web-connector.js'

const NS = 'http://developer.intuit.com/'

export interface HttpAnswer {
  status: number
  body: string
  contentType: string
}

export async function http(
  base: string,
  method: string,
  path: string,
  options: { key?: string; userId?: string; body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.key) headers.authorization = `Bearer ${options.key}`
  if (options.userId) headers['x-user-id'] = options.userId
  let body: string | undefined
  if (options.raw !== undefined) {
    body = options.raw
    headers['content-type'] = options.contentType ?? 'application/json'
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['content-type'] = 'application/json'
  }
  const res = await fetch(base + path, { method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(30_000) })
  return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '' }
}

export interface GqlAnswer {
  status: number
  data?: Record<string, any> | null
  errors?: { message: string; extensions?: Record<string, any> }[]
  body: string
}

export async function gql(
  base: string,
  key: string,
  query: string,
  variables: Record<string, unknown> = {},
  userId?: string,
): Promise<GqlAnswer> {
  const res = await http(base, 'POST', '/graphql', { key, ...(userId ? { userId } : {}), body: { query, variables } })
  let parsed: { data?: Record<string, any>; errors?: GqlAnswer['errors'] } = {}
  try {
    parsed = JSON.parse(res.body)
  } catch {
    /* not JSON: the caller sees body */
  }
  return { status: res.status, body: res.body, ...parsed }
}

export async function soap(base: string, method: string, params: [string, string | number][]): Promise<SoapAnswer> {
  const res = await http(base, 'POST', '/qbwc', {
    raw: soapEnvelope(method, params),
    contentType: 'text/xml; charset=utf-8',
    headers: { soapaction: `"${NS}${method}"` },
  })
  return readSoap(method, res.status, res.body)
}

/** Where a session loses contact: before a call is sent, while it is in flight, or after its answer came back. */
export interface CutPoint {
  method: 'authenticate' | 'sendRequestXML' | 'receiveResponseXML'
  /** Round of the session (0 = first sendRequestXML / receiveResponseXML). */
  round: number
  when: 'before' | 'inflight' | 'after'
  /** For 'inflight': milliseconds between sending the call and the cut. */
  delayMs: number
}

export interface HttpSessionLog {
  status: string
  roundTrips: number
  percents: number[]
  closeMessage?: string
  lastError?: string
  /** The session lost contact with the service (the cut happened, or a call failed). */
  aborted: boolean
  /** A cut point was reached and `cut` was called. */
  cutDone: boolean
  /** Calls answered with a SOAP fault. */
  faults: string[]
  /** Why the session lost contact. */
  error?: string
  /** The ticket the service issued (for the secrets check). */
  ticket?: string
}

export interface SessionHooks {
  cut?: CutPoint
  /** Called at the cut point; kills the service (or drops the network). */
  onCut?: () => Promise<void> | void
  /** Called after each completed round (the test may edit invoices while a sync is in flight). */
  afterRound?: (round: number) => Promise<void>
  maxRounds?: number
}

/** One scheduled run of the Web Connector, over real HTTP. Any failed call ends the run, as QBWC does (QBWC1013). */
export async function runHttpSession(
  baseOf: () => string,
  qb: FakeQuickBooks,
  credentials: { username: string; password: string },
  hooks: SessionHooks = {},
): Promise<HttpSessionLog> {
  const log: HttpSessionLog = { status: '', roundTrips: 0, percents: [], aborted: false, cutDone: false, faults: [] }
  const call = async (
    method: CutPoint['method'] | 'closeConnection' | 'getLastError' | 'serverVersion' | 'clientVersion',
    round: number,
    params: [string, string | number][],
  ) => {
    const cut = hooks.cut && hooks.cut.method === method && hooks.cut.round === round && !log.cutDone ? hooks.cut : undefined
    if (cut?.when === 'before') {
      log.cutDone = true
      await hooks.onCut?.()
    }
    const pending = soap(baseOf(), method, params)
    pending.catch(() => {}) // awaited below; a cut in the meantime must not count as unhandled
    if (cut?.when === 'inflight') {
      log.cutDone = true
      await new Promise((r) => setTimeout(r, cut.delayMs))
      await hooks.onCut?.()
    }
    const answer = await pending
    if (answer.fault) log.faults.push(`${method}: ${answer.fault}`)
    if (cut?.when === 'after') {
      log.cutDone = true
      await hooks.onCut?.()
    }
    return answer
  }
  try {
    await call('serverVersion', 0, [])
    await call('clientVersion', 0, [['strVersion', '2.3.0.36']])
    const auth = await call('authenticate', 0, [
      ['strUserName', credentials.username],
      ['strPassword', credentials.password],
    ])
    const [ticket, status] = auth.result?.children.map((c) => c.text) ?? ['', 'fault']
    log.status = status ?? ''
    if (ticket) log.ticket = ticket
    if (!ticket || status === 'nvu' || status === 'none' || status === 'busy') return log
    for (let round = 0; round < (hooks.maxRounds ?? 100); round++) {
      const sent = await call('sendRequestXML', round, [
        ['ticket', ticket],
        ['strHCPResponse', round === 0 ? hcpResponse() : ''],
        ['strCompanyFileName', 'C:\\Company\\Test.qbw'],
        ['qbXMLCountry', 'US'],
        ['qbXMLMajorVers', 13],
        ['qbXMLMinorVers', 0],
      ])
      if (sent.fault) break
      const request = sent.result?.text ?? ''
      if (request === '') {
        log.lastError = (await call('getLastError', round, [['ticket', ticket]])).result?.text
        if (log.lastError === 'NoOp') continue
        break
      }
      log.roundTrips++
      const response = qb.process(request)
      const received = await call('receiveResponseXML', round, [
        ['ticket', ticket],
        ['response', response],
        ['hresult', ''],
        ['message', ''],
      ])
      if (received.fault) break
      const percent = Number(received.result?.text)
      log.percents.push(percent)
      if (hooks.afterRound) await hooks.afterRound(round)
      if (percent < 0) {
        log.lastError = (await call('getLastError', round, [['ticket', ticket]])).result?.text
        break
      }
      if (percent >= 100) break
    }
    log.closeMessage = (await call('closeConnection', 0, [['ticket', ticket]])).result?.text
  } catch (err) {
    log.aborted = true
    log.error = `${(err as Error).message} ${((err as Error).cause as Error | undefined)?.message ?? ''}`
  }
  return log
}
