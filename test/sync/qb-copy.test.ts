// QuickBooks' copy of an invoice as our content, without a database: what is kept, what is taken,
// and the names that match nothing (or several) here.
import t from 'tap'
import type { InvoiceContent } from '../../src/domain/invoice-content.js'
import { CONSERVATIVE_PROFILE, type CompanyProfile } from '../../src/qbxml/profile.js'
import { blankInvoiceRet, blankLineRet } from '../../src/qbxml/responses.js'
import { contentFromCopy, type NameMatch, namesToFind, type RefKind } from '../../src/sync/qb-copy.js'

const profile: CompanyProfile = { ...CONSERVATIVE_PROFILE, salesTax: true, classTracking: true }
const synced: InvoiceContent = {
  number: 'INV-7',
  date: '2026-12-01',
  customerId: 'c1',
  taxZoneId: 'travis',
  invoiceTypeId: 'service',
  summary: 'Kitchen sink',
  lines: [
    {
      id: 'l1',
      itemId: 'labor',
      description: 'Two hours',
      taxable: false,
      quantity: '2.0',
      unitPrice: '85',
      cost: null,
      businessUnitId: 'north',
      inventoryLocationId: null,
    },
    {
      id: 'l2',
      itemId: 'pipe',
      description: 'Copper pipe',
      taxable: true,
      quantity: '3',
      unitPrice: '12.50',
      cost: null,
      businessUnitId: null,
      inventoryLocationId: null,
    },
  ],
}
const qb = {
  customer: { fullName: 'Acme Plumbing' },
  number: 'INV-7',
  date: '2026-12-01',
  summary: 'Kitchen sink',
  taxZone: { fullName: 'Travis County' },
  lines: [
    {
      id: 'l1',
      item: { fullName: 'Labor' },
      description: 'Two hours',
      quantity: '2.0',
      unitPrice: '85',
      taxable: false,
      cost: null,
      businessUnit: { fullName: 'North' },
      inventoryLocation: null,
    },
    {
      id: 'l2',
      item: { fullName: 'Pipe' },
      description: 'Copper pipe',
      quantity: '3',
      unitPrice: '12.50',
      taxable: true,
      cost: null,
      businessUnit: null,
      inventoryLocation: null,
    },
  ],
}
const txnLineOf = new Map([
  ['l1', 'T1'],
  ['l2', 'T2'],
])
const here: Record<string, Record<string, string[]>> = {
  customer: { 'acme plumbing': ['c1'], 'acme plumbing & heating': ['c2'], twins: ['c3', 'c4'] },
  item: { labor: ['labor'], pipe: ['pipe'] },
  businessUnit: { north: ['north'], south: ['south'] },
  taxZone: { 'travis county': ['travis'] },
  inventoryLocation: {},
}
const find = (kind: RefKind, name: string): NameMatch => {
  const ids = here[kind]?.[name.toLowerCase()] ?? []
  return ids.length === 1 ? { id: ids[0]! } : ids.length === 0 ? { missing: true } : { ambiguous: ids }
}
let n = 0
const newId = () => `new-${++n}`
const line = (txnLineId: string, fields: Partial<ReturnType<typeof blankLineRet>>) => ({ ...blankLineRet(txnLineId), ...fields })
const copyAsSynced = () =>
  blankInvoiceRet({
    refNumber: 'INV-7',
    txnDate: '2026-12-01',
    memo: 'Kitchen sink',
    customer: { fullName: 'ACME PLUMBING' },
    itemSalesTax: { fullName: 'Travis County' },
    lines: [
      line('T1', {
        item: { fullName: 'Labor' },
        description: 'Two hours',
        quantity: '2',
        rate: '85.00',
        classRef: { fullName: 'North' },
        salesTaxCode: { fullName: 'Non' },
      }),
      line('T2', {
        item: { fullName: 'Pipe' },
        description: 'Copper pipe',
        quantity: '3',
        rate: '12.5',
        salesTaxCode: { fullName: 'Tax' },
      }),
    ],
  })

t.test('a copy holding what we synced gives back our content as typed here', async (t) => {
  const r = contentFromCopy(copyAsSynced(), { content: synced, qb, txnLineOf }, profile, find, newId)
  t.ok('content' in r)
  if ('content' in r) {
    t.same(r.content, synced, 'same ids, same decimals as typed ("2.0", "85"), names matched ignoring case')
    t.same(r.txnLines, [
      { lineId: 'l1', txnLineId: 'T1' },
      { lineId: 'l2', txnLineId: 'T2' },
    ])
  }
})

t.test('what changed in QuickBooks is taken, lines in its order', async (t) => {
  const ret = copyAsSynced()
  ret.memo = 'Agreed'
  ret.customer = { fullName: 'Acme Plumbing & Heating' }
  ret.lines = [
    line('T2', { ...ret.lines[1]!, quantity: '4', salesTaxCode: { fullName: 'Non' } }),
    line('T9', {
      item: { fullName: 'labor' },
      description: 'Call-out',
      quantity: '1',
      rate: '40.00',
      classRef: { fullName: 'South' },
      salesTaxCode: { fullName: 'Tax' },
    }),
  ]
  const r = contentFromCopy(ret, { content: synced, qb, txnLineOf }, profile, find, newId)
  if (!('content' in r)) return t.fail(JSON.stringify(r))
  t.match(r.content, { summary: 'Agreed', customerId: 'c2', number: 'INV-7', invoiceTypeId: 'service' })
  t.same(
    r.content.lines.map((l) => [l.id, l.itemId, l.description, l.quantity, l.unitPrice, l.taxable, l.businessUnitId]),
    [
      ['l2', 'pipe', 'Copper pipe', '4', '12.50', false, null],
      ['new-1', 'labor', 'Call-out', '1', '40.00', true, 'south'],
    ],
    'the kept line by TxnLineID with its new values, the deleted one gone, the added one new',
  )
  t.same(
    r.txnLines.map((x) => x.txnLineId),
    ['T2', 'T9'],
  )
})

t.test('names that match nothing, or several, are named', async (t) => {
  const ret = copyAsSynced()
  ret.customer = { fullName: 'Twins' }
  ret.lines[0] = line('T1', { ...ret.lines[0]!, item: { fullName: 'Special part' } })
  const r = contentFromCopy(ret, { content: synced, qb, txnLineOf }, profile, find, newId)
  t.same('unmatched' in r && r.unmatched, [
    { kind: 'item', name: 'Special part', reason: 'MISSING' },
    { kind: 'customer', name: 'Twins', reason: 'AMBIGUOUS' },
  ])
  t.same(namesToFind(ret, qb, profile).customer, ['Twins'], 'only names that differ from ours are looked up')
})
