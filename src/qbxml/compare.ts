// What differs between an invoice QuickBooks holds (its InvoiceRet) and an invoice as this service
// writes it, for every field the service writes under the company's preferences, in words for a
// person. Two questions rest on it: "does QuickBooks hold exactly the version we sent?" (a change
// whose answer was lost) and "did someone change the invoice in QuickBooks since we last synced?"
// (before a change goes over it). A field left out here is a field that can be silently overwritten
// or wrongly confirmed, so it follows the request builders field for field.
import { sameDecimal } from '../decimal.js'
import type { QbInvoice, QbInvoiceLine } from './invoice.js'
import { sameRef } from './invoice-mod.js'
import type { CompanyProfile } from './profile.js'
import type { QbInvoiceLineRet, QbInvoiceRet } from './responses.js'
import { toQuickBooksText } from './text.js'
import type { QbRef } from './writer.js'

/** Our text as QuickBooks stores it (the writers convert it the same way when sending). */
const stored = (value: string | null | undefined) => toQuickBooksText(value ?? '')

/** A reference of ours against QuickBooks' one, our name converted as it was sent (names ignore case). */
export function sameName(theirs: QbRef | null | undefined, ours: QbRef | null | undefined): boolean {
  return sameRef(theirs, ours ? { ...ours, ...(ours.fullName !== undefined ? { fullName: stored(ours.fullName) } : {}) } : ours)
}

const shown = (ref: QbRef | null | undefined) => `"${ref?.fullName ?? ref?.listId ?? ''}"`
const empty = (ref: QbRef | null | undefined) => !ref || (!ref.listId && !ref.fullName)

/**
 * How to read a reference that only some company preferences make the service write (class, sales
 * tax item, inventory site). `copy`: QuickBooks must hold ours exactly (did a change we sent reach
 * it?). `sinceSync`: QuickBooks holding none where we have one is not someone's edit, because the
 * preference may have been off when the invoice was written (turned on since), so it was never sent.
 */
export type Reading = 'copy' | 'sinceSync'

function gatedDiffers(theirs: QbRef | null | undefined, ours: QbRef | null | undefined, reading: Reading): boolean {
  if (reading === 'sinceSync' && empty(theirs) && !empty(ours)) return false
  return !sameName(theirs, ours)
}

/**
 * Header differences. A sales tax item of ours left empty is not compared: QuickBooks fills in the
 * customer's default, which is not someone's edit.
 */
export function headerDifferences(
  ret: QbInvoiceRet,
  ours: Omit<QbInvoice, 'lines'>,
  profile: CompanyProfile,
  reading: Reading = 'copy',
): string[] {
  const out: string[] = []
  if ((ret.refNumber ?? '') !== stored(ours.number)) out.push(`invoice number is "${ret.refNumber ?? ''}" in QuickBooks`)
  if ((ret.txnDate ?? '') !== ours.date) out.push(`date is ${ret.txnDate ?? '(none)'} in QuickBooks`)
  if ((ret.memo ?? '') !== stored(ours.summary)) out.push('the memo was changed in QuickBooks')
  if (!sameName(ret.customer, ours.customer)) out.push(`customer is ${shown(ret.customer)} in QuickBooks`)
  if (profile.salesTax && ours.taxZone && gatedDiffers(ret.itemSalesTax, ours.taxZone, reading))
    out.push(`sales tax item is ${shown(ret.itemSalesTax)} in QuickBooks`)
  if (profile.classTracking && gatedDiffers(ret.classRef, ours.businessUnit, reading))
    out.push(`class is ${shown(ret.classRef)} in QuickBooks`)
  return out
}

/**
 * One line's differences, each as "has ... in QuickBooks" after the line's name. Quantity, rate and
 * sales tax code are compared when QuickBooks states them; an inventory site of ours left empty is
 * not (QuickBooks may fill in the item's default site), nor, since the last sync, a description of
 * ours left empty (QuickBooks fills in the item's).
 */
export function lineDifferences(
  theirs: QbInvoiceLineRet,
  ours: QbInvoiceLine,
  profile: CompanyProfile,
  reading: Reading = 'copy',
): string[] {
  const out: string[] = []
  if (!sameName(theirs.item, ours.item)) out.push(`item ${shown(theirs.item)}`)
  // A line sent without a description gets the item's own from QuickBooks: not someone's edit.
  const defaultedDescription = reading === 'sinceSync' && !ours.description && !!theirs.description
  if (!defaultedDescription && (theirs.description ?? '') !== stored(ours.description)) out.push('a description changed')
  if (theirs.quantity !== null && !sameDecimal(theirs.quantity, ours.quantity)) out.push(`quantity ${theirs.quantity}`)
  if (theirs.rate !== null && !sameDecimal(theirs.rate, ours.unitPrice)) out.push(`rate ${theirs.rate}`)
  if (profile.salesTax && theirs.salesTaxCode) {
    const code = stored(ours.taxable ? profile.salesTaxCodes.taxable : profile.salesTaxCodes.nonTaxable)
    if (!sameRef(theirs.salesTaxCode, { fullName: code })) out.push(`sales tax code ${shown(theirs.salesTaxCode)}`)
  }
  if (profile.costField) {
    const cost = profile.costField === 'Other1' ? theirs.other1 : theirs.other2
    if (!sameDecimal(cost ?? '', ours.cost ?? '')) out.push(`cost ${cost ? `"${cost}"` : '(none)'}`)
  }
  if (profile.classTracking && gatedDiffers(theirs.classRef, ours.businessUnit, reading)) out.push(`class ${shown(theirs.classRef)}`)
  if (profile.inventorySites && ours.inventoryLocation && gatedDiffers(theirs.inventorySite, ours.inventoryLocation, reading))
    out.push(`site ${shown(theirs.inventorySite)}`)
  return out
}

export const lineName = (line: Pick<QbInvoiceLine, 'description' | 'item'>) => line.description || line.item.fullName || ''

/** Line differences in sentences: `line "Labor" has quantity 3 in QuickBooks`. */
export function describeLine(name: string, differences: string[]): string[] {
  return differences.map((d) =>
    d === 'a description changed' ? `line "${name}": its description was changed in QuickBooks` : `line "${name}" has ${d} in QuickBooks`,
  )
}

/** QuickBooks holds exactly this invoice: every field we write, lines in order. */
export function holdsExactly(ret: QbInvoiceRet, ours: QbInvoice, profile: CompanyProfile): boolean {
  if (headerDifferences(ret, ours, profile).length > 0 || ret.lines.length !== ours.lines.length) return false
  return ours.lines.every((line, i) => lineDifferences(ret.lines[i]!, line, profile).length === 0)
}
