// What the connected QuickBooks company can take: the negotiated qbXML version and the edition
// features that are turned on. Requests carry a feature's elements only when its flag is set.

/** qbXML versions this service builds; 13.0 (QuickBooks 2014) is the floor. */
export const QBXML_VERSIONS = ['13.0', '14.0', '15.0', '16.0'] as const
export type QbxmlVersion = (typeof QBXML_VERSIONS)[number]
export const DEFAULT_QBXML_VERSION: QbxmlVersion = '13.0'

/** Where an invoice line's cost goes: a line custom text field, or nowhere. */
export type CostField = 'Other1' | 'Other2' | null

export interface CompanyProfile {
  version: QbxmlVersion
  country: 'US' | 'CA' | 'UK'
  /** Preferences > Accounting > "Use class tracking": business units become ClassRef. */
  classTracking: boolean
  /** Sales tax is on (SalesTaxPreferences present): tax zones and taxable flags are sent. */
  salesTax: boolean
  /** Advanced Inventory with several sites: inventory locations become InventorySiteRef. */
  inventorySites: boolean
  /** The company's own names of its taxable / non-taxable sales tax codes ("Tax" / "Non" by default). */
  salesTaxCodes: { taxable: string; nonTaxable: string }
  costField: CostField
}

/**
 * What to assume before the Web Connector told us anything: the lowest version and no optional
 * feature, so nothing is sent that the company might not accept.
 */
export const CONSERVATIVE_PROFILE: CompanyProfile = {
  version: DEFAULT_QBXML_VERSION,
  country: 'US',
  classTracking: false,
  salesTax: false,
  inventorySites: false,
  salesTaxCodes: { taxable: 'Tax', nonTaxable: 'Non' },
  costField: 'Other1',
}

/** The highest version both sides support, or undefined when QuickBooks is older than 13.0. */
export function negotiateVersion(supportedByQuickBooks: readonly string[]): QbxmlVersion | undefined {
  const offered = new Set(supportedByQuickBooks.map((v) => normaliseVersion(v)))
  for (let i = QBXML_VERSIONS.length - 1; i >= 0; i--) if (offered.has(QBXML_VERSIONS[i]!)) return QBXML_VERSIONS[i]
  return undefined
}

function normaliseVersion(v: string): string {
  const m = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(v)
  return m ? `${Number(m[1])}.${Number(m[2] ?? 0)}` : v
}
