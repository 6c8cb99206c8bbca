// `npm run sandbox:connector`: the simulated company and Web Connector played against any running
// instance of this service, over HTTP, for a real (not sandbox) connection, as the Web Connector
// on a Windows machine would: the .qwc file tells where (AppURL) and who (UserName), the password is
// the connection's. For staging checks: export an invoice, run this, see it synced. The company can
// be kept in a JSON file between runs (--company), so a second run finds what the first one made.
import { readFile, writeFile } from 'node:fs/promises'
import { childText, parseXml } from '../qbxml/xml-parser.js'
import { type CompanyState, hcpResponse, SANDBOX_STARTER_ITEMS, SimulatedCompany } from './simulated-company.js'
import { type SoapPost, soapLink } from './soap-client.js'
import { playSession, type SessionLog } from './web-connector-player.js'

export interface ConnectorArgs {
  qwc: string
  password: string
  /** Where to post instead of the .qwc's AppURL (e.g. a staging host behind another name). */
  url?: string
  /** A JSON file holding the company between runs (read when it exists, written after each run). */
  company?: string
  runs: number
  /** Items the company has when it starts (the sandbox's starters unless named). */
  items: string[]
  customers: string[]
}

export const CONNECTOR_USAGE = `Usage: npm run sandbox:connector -- --qwc <file.qwc> --password <password> [options]

Plays the QuickBooks Web Connector, with a simulated company file answering, against a running
instance of this service, for a real connection (its .qwc file and its Web Connector password).

  --qwc <file>         the connection's .qwc file (GET /v1/connections/{id}/qwc)
  --password <text>    its Web Connector password (or the QBWC_PASSWORD environment variable)
  --url <url>          post to this /qbwc address instead of the .qwc's AppURL
  --company <file>     keep the simulated company in this JSON file between runs
  --runs <n>           scheduled runs to play, one after the other (default 1, at most 100)
  --items <a,b,...>    items the company starts with (default: ${SANDBOX_STARTER_ITEMS.join(', ')})
  --customers <a,...>  customers the company starts with (default: none)
`

/** The command line, checked; throws with a message naming what is wrong. */
export function parseConnectorArgs(argv: string[], env: Record<string, string | undefined>): ConnectorArgs {
  const values = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!
    if (!/^--(qwc|password|url|company|runs|items|customers)$/.test(flag)) throw new Error(`unknown argument "${flag}"`)
    const value = argv[++i]
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`)
    values.set(flag.slice(2), value)
  }
  const qwc = values.get('qwc')
  const password = values.get('password') ?? env.QBWC_PASSWORD
  if (!qwc) throw new Error('--qwc is required')
  if (!password) throw new Error('--password (or QBWC_PASSWORD) is required')
  const runs = Number(values.get('runs') ?? '1')
  if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new Error('--runs must be a whole number from 1 to 100')
  const url = values.get('url')
  if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url)) throw new Error('--url must be an http:// or https:// address')
  const list = (name: string, fallback: readonly string[]) =>
    values.has(name)
      ? values
          .get(name)!
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [...fallback]
  return {
    qwc,
    password,
    runs,
    items: list('items', SANDBOX_STARTER_ITEMS),
    customers: list('customers', []),
    ...(url ? { url } : {}),
    ...(values.has('company') ? { company: values.get('company')! } : {}),
  }
}

/** Where the Web Connector posts and who it logs in as, from a .qwc file. */
export function readQwc(xml: string): { appUrl: string; username: string; appName: string } {
  const root = parseXml(xml)
  if (root.name !== 'QBWCXML') throw new Error('not a .qwc file: its root element is not QBWCXML')
  const appUrl = childText(root, 'AppURL')?.trim()
  const username = childText(root, 'UserName')?.trim()
  if (!appUrl || !username) throw new Error('the .qwc file names no AppURL or UserName')
  return { appUrl, username, appName: childText(root, 'AppName')?.trim() ?? '' }
}

/** Posts an envelope over HTTP as the Web Connector does (30 s per call at most). */
export function httpPost(url: string): SoapPost {
  return async (envelope, soapAction) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: soapAction },
      body: envelope,
      signal: AbortSignal.timeout(30_000),
    })
    return { status: res.status, body: await res.text() }
  }
}

/** Plays `args.runs` scheduled runs; each run's log, in order. */
export async function playAgainst(args: ConnectorArgs, post?: SoapPost): Promise<{ url: string; runs: SessionLog[] }> {
  const qwc = readQwc(await readFile(args.qwc, 'utf8'))
  const url = args.url ?? qwc.appUrl
  const saved = args.company ? await readFile(args.company, 'utf8').catch(() => null) : null
  const company = saved
    ? SimulatedCompany.restore(JSON.parse(saved) as CompanyState)
    : new SimulatedCompany({ record: false, items: args.items, customers: args.customers, clock: Date.now() })
  const link = soapLink(post ?? httpPost(url))
  const runs: SessionLog[] = []
  for (let i = 0; i < args.runs; i++) {
    company.catchUp(Date.now())
    runs.push(
      await playSession(
        link,
        company,
        { username: qwc.username, password: args.password },
        {
          hcp: hcpResponse({ companyName: 'Simulated company' }),
          companyFile: 'C:\\Simulated\\Company.qbw',
        },
      ),
    )
    if (args.company) await writeFile(args.company, `${JSON.stringify(company.state(), null, 2)}\n`)
  }
  return { url, runs }
}

/** One run's outcome in a line a person reads. */
export function describeRun(log: SessionLog, n: number): string {
  const [ticket, status] = log.authenticate
  if (!ticket) {
    const why =
      status === 'nvu'
        ? 'login refused (wrong username or password, a disabled connection, or too many wrong passwords from here)'
        : status === 'none'
          ? 'nothing to do'
          : `not run (${status ?? 'no answer'})`
    return `run ${n}: ${why}`
  }
  const end = log.closeMessage ?? log.lastError ?? 'no close'
  return `run ${n}: ${log.roundTrips} round trip(s); ${end}${log.lastError && log.lastError !== 'NoOp' && log.closeMessage ? ` (last error: ${log.lastError})` : ''}`
}
