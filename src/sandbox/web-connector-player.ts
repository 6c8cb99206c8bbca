// A QuickBooks Web Connector, played: the calls of one scheduled run, in the order the real one makes
// them (serverVersion, clientVersion, authenticate, then sendRequestXML and receiveResponseXML until
// the service says 100 or has nothing to send, getLastError when told to, closeConnection), with a
// simulated company answering each request as QuickBooks would. Sandbox connections play it in
// process (sandbox-service.ts), `npm run sandbox:connector` plays it over HTTP against any running
// instance, and the tests play it through the SOAP door.
import { hcpResponse, type SimulatedCompany } from './simulated-company.js'

/** The Web Connector's calls, however they reach the service (in process, or SOAP over HTTP). */
export interface WebConnectorLink {
  serverVersion(): Promise<string>
  clientVersion(version: string): Promise<string>
  /** [ticket, status or company file]. */
  authenticate(username: string, password: string): Promise<string[]>
  sendRequestXML(args: {
    ticket: string
    strHCPResponse: string
    strCompanyFileName: string
    qbXMLCountry: string
    qbXMLMajorVers: number
    qbXMLMinorVers: number
  }): Promise<string>
  receiveResponseXML(args: { ticket: string; response: string; hresult: string; message: string }): Promise<number>
  connectionError(args: { ticket: string; hresult: string; message: string }): Promise<string>
  getLastError(ticket: string): Promise<string>
  closeConnection(ticket: string): Promise<string>
}

export interface SessionLog {
  /** authenticate's answer: a ticket and '' or a company file path, or '' and none / nvu / busy. */
  authenticate: string[]
  roundTrips: number
  /** receiveResponseXML's answers, in order. */
  percents: number[]
  lastError?: string
  closeMessage?: string
}

export interface PlayOptions {
  /** The answer of this round (0 = first) never reaches the service: the run ends with connectionError. */
  loseResponseOfRound?: number
  /** Rounds at most (the Web Connector itself has no such limit; a player must stop somewhere). */
  maxRounds?: number
  /** The HCP response sent with the first sendRequestXML (default: the company's). */
  hcp?: string
  companyFile?: string
  /** The Web Connector's version sent to clientVersion. */
  version?: string
  /** Checks a request before the company sees it; complaints make QuickBooks refuse it unparsed (HRESULT 0x80040400). */
  check?: (xml: string) => Promise<string[]>
  /** Runs once the company has answered, before the answer reaches the service (a sandbox saves its company here). */
  beforeAnswer?: () => Promise<void>
}

/** What the Web Connector sends when QuickBooks could not parse a request (the session then ends). */
export const PARSE_ERROR = { hresult: '0x80040400', message: 'QuickBooks found an error when parsing the provided XML text stream.' }

/** One scheduled run of the Web Connector against the simulated company. */
export async function playSession(
  link: WebConnectorLink,
  company: SimulatedCompany,
  credentials: { username: string; password: string },
  options: PlayOptions = {},
): Promise<SessionLog> {
  const log: SessionLog = { authenticate: [], roundTrips: 0, percents: [] }
  await link.serverVersion()
  await link.clientVersion(options.version ?? '2.3.0.36')
  log.authenticate = await link.authenticate(credentials.username, credentials.password)
  const [ticket, status] = log.authenticate
  if (!ticket || status === 'nvu' || status === 'none' || status === 'busy') return log
  try {
    for (let round = 0; round < (options.maxRounds ?? 50); round++) {
      const request = await link.sendRequestXML({
        ticket,
        strHCPResponse: round === 0 ? (options.hcp ?? hcpResponse()) : '',
        strCompanyFileName: options.companyFile ?? 'C:\\Company\\Test.qbw',
        qbXMLCountry: 'US',
        qbXMLMajorVers: 13,
        qbXMLMinorVers: 0,
      })
      if (request === '') {
        log.lastError = await link.getLastError(ticket)
        if (log.lastError === 'NoOp') continue
        break
      }
      log.roundTrips++
      let response = ''
      let failure: typeof PARSE_ERROR | undefined
      try {
        if ((await options.check?.(request))?.length) throw new Error('refused by the schema check')
        response = company.process(request)
      } catch {
        failure = PARSE_ERROR
      }
      await options.beforeAnswer?.()
      if (options.loseResponseOfRound === round) {
        // The answer never reaches the service (network cut): the Web Connector gives up this run.
        await link.connectionError({ ticket, hresult: '0x80040408', message: 'lost' })
        return log
      }
      const percent = await link.receiveResponseXML({ ticket, response, hresult: failure?.hresult ?? '', message: failure?.message ?? '' })
      log.percents.push(percent)
      if (percent < 0) {
        log.lastError = await link.getLastError(ticket)
        break
      }
      if (percent >= 100) break
    }
    log.closeMessage = await link.closeConnection(ticket)
    return log
  } finally {
    // QuickBooks' session with the Web Connector ends with the run: its iterators are gone.
    company.endSession()
  }
}
