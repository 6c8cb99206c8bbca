// The comparison of QuickBooks' copy with ours (src/qbxml/compare.ts), field by field: each field the
// service writes is noticed when QuickBooks differs, only under the preference that makes the
// service write it; our text is compared as QuickBooks stores it; defaults QuickBooks fills in on
// its own are not read as someone's edit.
import t from 'tap'
import { headerDifferences, holdsExactly, lineDifferences } from '../../src/qbxml/compare.js'
import type { QbInvoice, QbInvoiceLine } from '../../src/qbxml/invoice.js'
import { CONSERVATIVE_PROFILE, type CompanyProfile } from '../../src/qbxml/profile.js'
import { blankInvoiceRet, blankLineRet, type QbInvoiceLineRet, type QbInvoiceRet } from '../../src/qbxml/responses.js'

const everything: CompanyProfile = {
  ...CONSERVATIVE_PROFILE,
  salesTax: true,
  classTracking: true,
  inventorySites: true,
  costField: 'Other1',
}
const nothing: CompanyProfile = { ...CONSERVATIVE_PROFILE, salesTax: false, classTracking: false, inventorySites: false, costField: null }

const ourLine: QbInvoiceLine = {
  id: 'l1',
  item: { fullName: 'Labor' },
  description: 'Two hours',
  quantity: '2',
  unitPrice: '85.00',
  taxable: false,
  cost: '40',
  businessUnit: { fullName: 'North' },
  inventoryLocation: { fullName: 'Van 3' },
}
const ours: QbInvoice = {
  customer: { fullName: 'Acme Plumbing' },
  number: 'INV-1',
  date: '2026-11-02',
  summary: 'Kitchen sink',
  taxZone: { fullName: 'Travis County' },
  businessUnit: { fullName: 'North' },
  lines: [ourLine],
}

/** QuickBooks' copy of exactly `ours`, as it answers (rate in its shortest form, names as stored). */
function theirLine(overrides: Partial<QbInvoiceLineRet> = {}): QbInvoiceLineRet {
  return {
    ...blankLineRet('TL-1'),
    item: { fullName: 'Labor' },
    description: 'Two hours',
    quantity: '2',
    rate: '85',
    amount: '170.00',
    classRef: { fullName: 'North' },
    inventorySite: { fullName: 'Van 3' },
    salesTaxCode: { fullName: 'Non' },
    other1: '40',
    ...overrides,
  }
}
function theirs(overrides: Partial<QbInvoiceRet> = {}, line: Partial<QbInvoiceLineRet> = {}): QbInvoiceRet {
  return blankInvoiceRet({
    txnId: 'T-1',
    editSequence: '7',
    customer: { listId: '80-1', fullName: 'ACME PLUMBING' },
    txnDate: '2026-11-02',
    refNumber: 'INV-1',
    memo: 'Kitchen sink',
    itemSalesTax: { fullName: 'Travis County' },
    classRef: { fullName: 'North' },
    lines: [theirLine(line)],
    ...overrides,
  })
}

t.test('an exact copy: no difference under any preferences (names ignore case, decimals compare as numbers)', async (t) => {
  for (const profile of [everything, nothing]) {
    t.same(headerDifferences(theirs(), ours, profile), [])
    t.same(lineDifferences(theirLine(), ourLine, profile), [])
    t.ok(holdsExactly(theirs(), ours, profile))
  }
})

t.test('each header field is noticed', async (t) => {
  const cases: [Partial<QbInvoiceRet>, RegExp][] = [
    [{ refNumber: 'INV-9' }, /invoice number is "INV-9"/],
    [{ txnDate: '2026-11-03' }, /date is 2026-11-03/],
    [{ memo: 'typed there' }, /memo was changed/],
    [{ memo: null }, /memo was changed/],
    [{ customer: { fullName: 'Bolt Electric' } }, /customer is "Bolt Electric"/],
    [{ itemSalesTax: { fullName: 'Williamson County' } }, /sales tax item is "Williamson County"/],
    [{ classRef: { fullName: 'South' } }, /class is "South"/],
    [{ classRef: null }, /class is ""/],
  ]
  for (const [change, expected] of cases) {
    const found = headerDifferences(theirs(change), ours, everything)
    t.equal(found.length, 1, JSON.stringify(change))
    t.match(found[0], expected)
    t.notOk(holdsExactly(theirs(change), ours, everything))
  }
})

t.test('each line field is noticed', async (t) => {
  const cases: [Partial<QbInvoiceLineRet>, RegExp][] = [
    [{ item: { fullName: 'Pipe' } }, /item "Pipe"/],
    [{ description: 'Three hours' }, /description changed/],
    [{ quantity: '3' }, /quantity 3/],
    [{ rate: '85.01' }, /rate 85.01/],
    [{ rate: '85.000001' }, /rate 85.000001/],
    [{ salesTaxCode: { fullName: 'Tax' } }, /sales tax code "Tax"/],
    [{ other1: '41' }, /cost "41"/],
    [{ other1: null }, /cost \(none\)/],
    [{ classRef: { fullName: 'South' } }, /class "South"/],
    [{ inventorySite: { fullName: 'Van 4' } }, /site "Van 4"/],
  ]
  for (const [change, expected] of cases) {
    const found = lineDifferences(theirLine(change), ourLine, everything)
    t.equal(found.length, 1, JSON.stringify(change))
    t.match(found[0], expected)
    t.notOk(holdsExactly(theirs({}, change), ours, everything))
  }
})

t.test('fields the company does not use are not compared (the service never writes them)', async (t) => {
  t.same(headerDifferences(theirs({ itemSalesTax: { fullName: 'Other' }, classRef: { fullName: 'South' } }), ours, nothing), [])
  t.same(
    lineDifferences(
      theirLine({ salesTaxCode: { fullName: 'Tax' }, other1: '99', classRef: { fullName: 'South' }, inventorySite: { fullName: 'Van 4' } }),
      ourLine,
      nothing,
    ),
    [],
  )
  t.same(
    lineDifferences(theirLine({ other1: null, other2: '40' }), ourLine, { ...everything, costField: 'Other2' }),
    [],
    'the cost is read from the field the company uses',
  )
})

t.test("QuickBooks' own defaults are not someone's edit; what it does not state is not compared", async (t) => {
  t.same(
    headerDifferences(theirs({ itemSalesTax: { fullName: 'Default tax' } }), { ...ours, taxZone: null }, everything),
    [],
    'a sales tax item filled in for an invoice we sent without one',
  )
  t.same(
    lineDifferences(theirLine({ inventorySite: { fullName: 'Main' } }), { ...ourLine, inventoryLocation: null }, everything),
    [],
    'a site filled in for a line we sent without one',
  )
  t.same(lineDifferences(theirLine({ quantity: null, rate: null, salesTaxCode: null }), ourLine, everything), [])
  t.same(
    lineDifferences(theirLine({ classRef: { fullName: 'North' } }), { ...ourLine, businessUnit: null }, everything).length,
    1,
    'a class added in QuickBooks to a line we sent without one is an edit',
  )
})

t.test('our text is compared as QuickBooks stores it', async (t) => {
  const emoji = { ...ourLine, description: 'Fixed 🔧 sink' }
  const stored = lineDifferences(theirLine({ description: 'Fixed ? sink' }), emoji, everything)
  const other = lineDifferences(theirLine({ description: 'Fixed sink' }), emoji, everything)
  t.same(stored, [], 'QuickBooks holds what it could store of our text')
  t.equal(other.length, 1)
})

t.test('lines are compared in order, and a missing or extra line is not a copy', async (t) => {
  const second: QbInvoiceLine = { ...ourLine, id: 'l2', item: { fullName: 'Pipe' }, description: 'PEX' }
  const both = { ...ours, lines: [ourLine, second] }
  const copy = theirs({ lines: [theirLine(), theirLine({ txnLineId: 'TL-2', item: { fullName: 'Pipe' }, description: 'PEX' })] })
  t.ok(holdsExactly(copy, both, everything))
  t.notOk(holdsExactly({ ...copy, lines: [...copy.lines].reverse() }, both, everything), 'the same lines in another order')
  t.notOk(holdsExactly({ ...copy, lines: copy.lines.slice(0, 1) }, both, everything), 'a line missing')
})

t.test(
  'since the last sync, a class, tax item or site QuickBooks holds none of is not an edit (the preference may have been off when it was written)',
  async (t) => {
    const classless = theirs({ classRef: null, itemSalesTax: null }, { classRef: null, inventorySite: null })
    t.same(headerDifferences(classless, ours, everything, 'sinceSync'), [])
    t.same(lineDifferences(classless.lines[0]!, ourLine, everything, 'sinceSync'), [])
    t.equal(headerDifferences(classless, ours, everything).length, 2, 'but a copy must hold them')
    t.notOk(holdsExactly(classless, ours, everything))
    t.match(
      headerDifferences(theirs({ classRef: { fullName: 'South' } }), ours, everything, 'sinceSync'),
      [/class is "South"/],
      'another class is still an edit',
    )
  },
)

t.test("since the last sync, the item's description QuickBooks filled into a line we sent without one is not an edit", async (t) => {
  const bare = { ...ourLine, description: '' }
  t.same(lineDifferences(theirLine({ description: 'Labor, per hour' }), bare, everything, 'sinceSync'), [])
  t.equal(lineDifferences(theirLine({ description: 'Labor, per hour' }), bare, everything).length, 1, 'a copy must hold ours exactly')
  t.equal(
    lineDifferences(theirLine({ description: 'typed there' }), ourLine, everything, 'sinceSync').length,
    1,
    'a description we sent, changed there, is an edit',
  )
})
