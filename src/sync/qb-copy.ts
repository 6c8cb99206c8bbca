// QuickBooks' copy of an invoice as this service's content, for a person who accepts it
// (acceptQuickBooksVersion). Pure: the copy, the content we last synced (with each line's
// TxnLineID), the company's preferences when the copy was read, and a way to find a reference by
// the name QuickBooks shows. A field QuickBooks holds as we synced it keeps our value (ids, exact
// text, decimals as typed here); a field that differs takes QuickBooks' value, names matched to
// reference data as QuickBooks compares them (ignoring case). Lines follow QuickBooks' order:
// those it kept are matched by TxnLineID, those it added are new lines here, those it deleted go.
import { sameDecimal } from '../decimal.js'
import type { InvoiceContent, InvoiceLine } from '../domain/invoice-content.js'
import { sameName } from '../qbxml/compare.js'
import type { QbInvoice } from '../qbxml/invoice.js'
import type { CompanyProfile } from '../qbxml/profile.js'
import type { QbInvoiceRet } from '../qbxml/responses.js'
import { toQuickBooksText } from '../qbxml/text.js'
import type { QbRef } from '../qbxml/writer.js'

export type RefKind = 'customer' | 'item' | 'taxZone' | 'businessUnit' | 'inventoryLocation'

/** The reference of a kind QuickBooks' name stands for: its id, or why there is none. */
export type NameMatch = { id: string } | { missing: true } | { ambiguous: string[] }

export interface FromCopy {
  content: InvoiceContent
  /** Each line of the content with the TxnLineID QuickBooks has it under (QuickBooks' order). */
  txnLines: { lineId: string; txnLineId: string }[]
}

export interface Unmatched {
  kind: RefKind
  name: string
  reason: 'MISSING' | 'AMBIGUOUS'
}

/** The names of the references a copy uses where it differs from what we synced: to be looked up here. */
export function namesToFind(ret: QbInvoiceRet, synced: QbInvoice, profile: CompanyProfile): Record<RefKind, string[]> {
  const wanted: Record<RefKind, Set<string>> = {
    customer: new Set(),
    item: new Set(),
    taxZone: new Set(),
    businessUnit: new Set(),
    inventoryLocation: new Set(),
  }
  const want = (kind: RefKind, theirs: QbRef | null, ours: QbRef | null | undefined) => {
    if (theirs?.fullName && !sameName(theirs, ours ?? null)) wanted[kind].add(theirs.fullName)
  }
  want('customer', ret.customer, synced.customer)
  if (profile.salesTax) want('taxZone', ret.itemSalesTax, synced.taxZone)
  for (const line of ret.lines) {
    want('item', line.item, null)
    if (profile.classTracking) want('businessUnit', line.classRef, null)
    if (profile.inventorySites) want('inventoryLocation', line.inventorySite, null)
  }
  return Object.fromEntries(Object.entries(wanted).map(([k, v]) => [k, [...v]])) as Record<RefKind, string[]>
}

/**
 * Our content holding what QuickBooks' copy holds, or the names QuickBooks uses that match no
 * reference here (or several): a person must fix those first.
 */
export function contentFromCopy(
  ret: QbInvoiceRet,
  synced: { content: InvoiceContent; qb: QbInvoice; txnLineOf: Map<string, string> },
  profile: CompanyProfile,
  find: (kind: RefKind, name: string) => NameMatch,
  newId: () => string,
): FromCopy | { unmatched: Unmatched[] } {
  const unmatched: Unmatched[] = []
  /** Our id when QuickBooks holds the same name as we synced, else the reference found by QuickBooks' name. */
  const resolve = (kind: RefKind, theirs: QbRef | null, ours: QbRef | null | undefined, ourId: string | null): string | null => {
    if (!theirs?.fullName) return null
    if (ourId !== null && sameName(theirs, ours ?? null)) return ourId
    const match = find(kind, theirs.fullName)
    if ('id' in match) return match.id
    if (!unmatched.some((u) => u.kind === kind && u.name === theirs.fullName))
      unmatched.push({ kind, name: theirs.fullName, reason: 'missing' in match ? 'MISSING' : 'AMBIGUOUS' })
    return ourId
  }
  const keepText = (theirs: string | null, ours: string) => ((theirs ?? '') === toQuickBooksText(ours) ? ours : (theirs ?? ''))
  const { content, qb } = synced
  const lineOfTxn = new Map([...synced.txnLineOf].map(([lineId, txnLineId]) => [txnLineId, lineId]))
  const ourLines = new Map(content.lines.map((l, i) => [l.id, { line: l, qb: qb.lines[i]! }]))

  const lines: InvoiceLine[] = []
  const txnLines: FromCopy['txnLines'] = []
  for (const theirs of ret.lines) {
    const mine = ourLines.get(lineOfTxn.get(theirs.txnLineId) ?? '')
    const base = mine?.line
    const taxCode = theirs.salesTaxCode?.fullName?.toLowerCase()
    const taxable =
      profile.salesTax && taxCode !== undefined
        ? taxCode === toQuickBooksText(profile.salesTaxCodes.taxable).toLowerCase()
          ? true
          : taxCode === toQuickBooksText(profile.salesTaxCodes.nonTaxable).toLowerCase()
            ? false
            : (base?.taxable ?? false)
        : (base?.taxable ?? false)
    const theirCost = profile.costField === 'Other1' ? theirs.other1 : profile.costField === 'Other2' ? theirs.other2 : undefined
    const line: InvoiceLine = {
      id: base?.id ?? newId(),
      itemId: resolve('item', theirs.item, mine?.qb.item, base?.itemId ?? null) ?? base?.itemId ?? '',
      description: base ? keepText(theirs.description, base.description) : (theirs.description ?? ''),
      quantity:
        base && (theirs.quantity === null || sameDecimal(theirs.quantity, base.quantity)) ? base.quantity : (theirs.quantity ?? '1'),
      unitPrice:
        base && (theirs.rate === null || sameDecimal(theirs.rate, base.unitPrice)) ? base.unitPrice : (theirs.rate ?? theirs.amount ?? '0'),
      taxable,
      cost:
        theirCost === undefined
          ? (base?.cost ?? null)
          : base && sameDecimal(theirCost ?? '', base.cost ?? '')
            ? base.cost
            : theirCost || null,
      businessUnitId: profile.classTracking
        ? resolve('businessUnit', theirs.classRef, mine?.qb.businessUnit, base?.businessUnitId ?? null)
        : (base?.businessUnitId ?? null),
      inventoryLocationId:
        profile.inventorySites && theirs.inventorySite?.fullName
          ? resolve('inventoryLocation', theirs.inventorySite, mine?.qb.inventoryLocation, base?.inventoryLocationId ?? null)
          : (base?.inventoryLocationId ?? null),
    }
    if (!line.itemId) unmatched.push({ kind: 'item', name: theirs.item?.fullName ?? '(no item)', reason: 'MISSING' })
    lines.push(line)
    txnLines.push({ lineId: line.id, txnLineId: theirs.txnLineId })
  }
  const after: InvoiceContent = {
    number: keepText(ret.refNumber, content.number),
    date: ret.txnDate ?? content.date,
    customerId: resolve('customer', ret.customer, qb.customer, content.customerId) ?? content.customerId,
    taxZoneId:
      profile.salesTax && ret.itemSalesTax?.fullName
        ? resolve('taxZone', ret.itemSalesTax, qb.taxZone, content.taxZoneId)
        : content.taxZoneId,
    invoiceTypeId: content.invoiceTypeId,
    summary: keepText(ret.memo, content.summary),
    lines,
  }
  return unmatched.length > 0 ? { unmatched } : { content: after, txnLines }
}
