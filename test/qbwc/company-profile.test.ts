// Which company profile a session writes for: what QuickBooks said, else what was stored, else a
// guess that is never stored and holds the invoices it would send incomplete.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { chooseProfile, storedProfile } from '../../src/qbwc/company-profile.js'
import type { QbInvoice, QbInvoiceLine } from '../../src/qbxml/invoice.js'
import { CONSERVATIVE_PROFILE, type CompanyProfile } from '../../src/qbxml/profile.js'
import { fieldsLeftOut } from '../../src/qbxml/requests.js'
import { hcpResponse } from '../helpers/fake-quickbooks.js'
import { fixturesSkip, sharedQbxmlDir } from '../helpers/qbxml.js'

const stored: CompanyProfile = { ...CONSERVATIVE_PROFILE, version: '13.0', classTracking: true, salesTax: true, inventorySites: true }

t.test('the choice, by what the Web Connector sent and what was stored', async (t) => {
  const rich = hcpResponse({ salesTax: true, classTracking: true })
  const rows: [string, Parameters<typeof chooseProfile>[0], CompanyProfile | null, object][] = [
    [
      'preferences read: learned and stored',
      { strHCPResponse: rich },
      null,
      { learned: true, guessed: false, profile: { classTracking: true, salesTax: true, inventorySites: false } },
    ],
    [
      'preferences read, something stored: what QuickBooks says now wins',
      { strHCPResponse: hcpResponse() },
      stored,
      { learned: true, guessed: false, profile: { classTracking: false, salesTax: false } },
    ],
    [
      'no HCP response, preferences stored: the stored ones, not overwritten',
      {},
      stored,
      { learned: false, guessed: false, profile: stored },
    ],
    [
      'unreadable HCP response, preferences stored: the stored ones',
      { strHCPResponse: '<QBXML><QBXMLMsgsRs><HostQueryRs>' },
      stored,
      { learned: false, guessed: false, profile: stored, note: /unreadable/ },
    ],
    ['no HCP response, nothing stored: a guess, never stored', {}, null, { learned: false, guessed: true, profile: CONSERVATIVE_PROFILE }],
    [
      'QuickBooks older than qbXML 13.0: nothing can be synced',
      { strHCPResponse: hcpResponse({ versions: ['11.0', '12.0'] }), qbXMLMajorVers: 0 },
      null,
      { profile: null },
    ],
  ]
  for (const [name, args, storedValue, expected] of rows) t.match(chooseProfile(args, storedValue), expected, name)
})

t.test('a stored profile is used only when it has the shape this service writes', async (t) => {
  t.same(storedProfile(stored), stored)
  for (const bad of [null, 'x', {}, { ...stored, version: '2.0' }, { ...stored, salesTax: 'yes' }])
    t.equal(storedProfile(bad), null, JSON.stringify(bad))
})

t.test('the captured HCP response (malformed as stored) never replaces good preferences', { skip: fixturesSkip }, async (t) => {
  const captured = readFileSync(join(sharedQbxmlDir!, 'fixtures', 'qbwc__strHCPResponse_Host_Company_Preferences.xml'), 'utf8')
  t.match(chooseProfile({ strHCPResponse: captured }, stored), { learned: false, guessed: false, profile: stored })
  t.match(chooseProfile({ strHCPResponse: captured }, null), { learned: false, guessed: true })
})

t.test('what a request written for a profile would leave out of an invoice', async (t) => {
  const line: QbInvoiceLine = { item: { fullName: 'Pipe' }, description: 'Pipe', quantity: '1', unitPrice: '2.00', taxable: false }
  const invoice: QbInvoice = { customer: { fullName: 'Acme' }, number: '1', date: '2026-12-01', summary: '', lines: [line] }
  const rows: [string, QbInvoice, string[]][] = [
    ['nothing optional', invoice, []],
    ['a class on a line', { ...invoice, lines: [{ ...line, businessUnit: { fullName: 'North' } }] }, ['class']],
    ['a taxable line and a tax item', { ...invoice, taxZone: { fullName: 'City' }, lines: [{ ...line, taxable: true }] }, ['sales tax']],
    ['an inventory site', { ...invoice, lines: [{ ...line, inventoryLocation: { fullName: 'Van 3' } }] }, ['inventory site']],
  ]
  for (const [name, inv, left] of rows) {
    t.same(fieldsLeftOut(inv, CONSERVATIVE_PROFILE), left, `${name}, conservative profile`)
    t.same(fieldsLeftOut(inv, stored), [], `${name}, a profile with every feature`)
  }
})
