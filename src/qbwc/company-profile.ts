// Which company profile a session writes its requests for, from what the Web Connector sent on its
// first call (the HCP response: host, company and preferences) and what the connection learned
// before. Pure. The rules: preferences read from QuickBooks are learned and stored; without them
// the stored ones are used; a guess is never stored over them, and a session that runs on a guess
// says so (its invoices that would be sent incomplete are held, see desktop-transport.ts).
import { CONSERVATIVE_PROFILE, type CompanyProfile, QBXML_VERSIONS } from '../qbxml/profile.js'
import { type HcpInfo, parseHcpResponse, profileFromHcp } from '../qbxml/responses.js'

export interface ProfileChoice {
  /** Null: QuickBooks is older than qbXML 13.0, nothing can be synced. */
  profile: CompanyProfile | null
  /** Read from QuickBooks now: stored on the connection for later sessions. */
  learned: boolean
  /** Neither read now nor stored before: the most conservative profile, a guess. */
  guessed: boolean
  /** Why the HCP response was not used, for the log. */
  note?: string
}

export interface HcpArguments {
  strHCPResponse?: string
  qbXMLCountry?: string
  qbXMLMajorVers?: number
  qbXMLMinorVers?: number
}

/** A profile stored as JSON by an earlier session, if it still has the shape this service writes. */
export function storedProfile(value: unknown): CompanyProfile | null {
  if (!value || typeof value !== 'object') return null
  const p = value as Partial<CompanyProfile>
  const ok =
    QBXML_VERSIONS.includes(p.version as never) &&
    typeof p.classTracking === 'boolean' &&
    typeof p.salesTax === 'boolean' &&
    typeof p.inventorySites === 'boolean' &&
    typeof p.salesTaxCodes === 'object'
  return ok ? (p as CompanyProfile) : null
}

export function chooseProfile(args: HcpArguments, stored: CompanyProfile | null): ProfileChoice {
  const fallback = (note: string): ProfileChoice =>
    stored
      ? { profile: stored, learned: false, guessed: false, note }
      : { profile: CONSERVATIVE_PROFILE, learned: false, guessed: true, note }
  if (!args.strHCPResponse) return fallback('no HCP response on the first sendRequestXML')
  let hcp: HcpInfo
  try {
    hcp = parseHcpResponse(args.strHCPResponse)
  } catch (err) {
    return fallback(`unreadable HCP response: ${(err as Error).message}`)
  }
  const found = profileFromHcp(
    hcp,
    { country: args.qbXMLCountry ?? null, majorVersion: args.qbXMLMajorVers ?? null, minorVersion: args.qbXMLMinorVers ?? null },
    stored ?? CONSERVATIVE_PROFILE,
  )
  if (!found) return { profile: null, learned: false, guessed: false }
  // Host information without preferences: the version is known, the features are not.
  if (!hcp.preferences)
    return {
      ...fallback('the HCP response has no preferences'),
      profile: { ...(stored ?? CONSERVATIVE_PROFILE), version: found.version, country: found.country },
    }
  return { profile: found, learned: true, guessed: false }
}
