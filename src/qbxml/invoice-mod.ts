// Plans an InvoiceMod: what changed between the invoice QuickBooks holds (as we last synced it)
// and the invoice now. QuickBooks deletes every line a Mod does not list once it lists any line, so
// when lines change the plan lists every line to keep: unchanged ones by TxnLineID alone, changed
// ones with only what changed, new ones as TxnLineID -1; deleted lines are left out. When no line
// changed, the plan has no lines at all and QuickBooks leaves them untouched.
import { sameDecimal } from '../decimal.js'
import type { QbInvoice, QbInvoiceHeader, QbInvoiceLine, QbLineValues } from './invoice.js'
import type { CompanyProfile } from './profile.js'
import type { QbRef } from './writer.js'

export const NEW_LINE = '-1'

export interface ModLine {
  /** QuickBooks' TxnLineID, or NEW_LINE ("-1") for a line QuickBooks does not have yet. */
  txnLineId: string
  /** Our line id, to store the TxnLineID QuickBooks answers with. */
  lineId?: string
  /** Only what changed (everything, for a new line). Quantity and unit price travel together. */
  changes: QbLineValues
}

export interface InvoiceModPlan {
  txnId: string
  editSequence: string
  header: QbInvoiceHeader
  /** null: write no line element (lines unchanged). */
  lines: ModLine[] | null
}

export type SyncedLine = QbInvoiceLine & { id: string; txnLineId: string }

/** The invoice as QuickBooks holds it, with the TxnLineID of each of our lines. */
export interface SyncedInvoice {
  txnId: string
  editSequence: string
  invoice: Omit<QbInvoice, 'lines'> & { lines: SyncedLine[] }
}

/** QuickBooks list names are case-insensitive; a ListID, when both sides have one, decides. */
export function sameRef(a: QbRef | null | undefined, b: QbRef | null | undefined): boolean {
  const emptyA = !a || (!a.listId && !a.fullName)
  const emptyB = !b || (!b.listId && !b.fullName)
  if (emptyA || emptyB) return emptyA === emptyB
  if (a!.listId && b!.listId) return a!.listId === b!.listId
  return (a!.fullName ?? '').toLowerCase() === (b!.fullName ?? '').toLowerCase()
}

function lineChanges(now: QbInvoiceLine, then: QbInvoiceLine, profile: CompanyProfile): QbLineValues {
  const changes: QbLineValues = {}
  if (!sameRef(now.item, then.item)) changes.item = now.item
  if (now.description !== then.description) changes.description = now.description
  if (!sameDecimal(now.quantity, then.quantity) || !sameDecimal(now.unitPrice, then.unitPrice)) {
    changes.quantity = now.quantity
    changes.unitPrice = now.unitPrice
  }
  if (profile.salesTax && now.taxable !== then.taxable) changes.taxable = now.taxable
  if (profile.costField && !sameDecimal(now.cost, then.cost)) changes.cost = now.cost ?? null
  if (profile.classTracking && !sameRef(now.businessUnit, then.businessUnit)) changes.businessUnit = now.businessUnit ?? null
  if (profile.inventorySites && !sameRef(now.inventoryLocation, then.inventoryLocation))
    changes.inventoryLocation = now.inventoryLocation ?? null
  return changes
}

function fullLineValues(line: QbInvoiceLine): QbLineValues {
  const { id: _id, ...values } = line
  return { ...values, cost: line.cost ?? null, businessUnit: line.businessUnit ?? null, inventoryLocation: line.inventoryLocation ?? null }
}

/** Builds the plan from the synced copy and the current invoice (whose lines carry our ids). */
export function planInvoiceMod(synced: SyncedInvoice, current: QbInvoice, profile: CompanyProfile): InvoiceModPlan {
  const then = synced.invoice
  const header: QbInvoiceHeader = {}
  if (!sameRef(current.customer, then.customer)) header.customer = current.customer
  if (current.number !== then.number) header.number = current.number
  if (current.date !== then.date) header.date = current.date
  if (current.summary !== then.summary) header.summary = current.summary
  if (profile.salesTax && !sameRef(current.taxZone, then.taxZone)) header.taxZone = current.taxZone ?? null
  if (profile.classTracking && !sameRef(current.businessUnit, then.businessUnit)) header.businessUnit = current.businessUnit ?? null

  const syncedById = new Map(then.lines.map((l) => [l.id, l]))
  let linesChanged = false
  const lines: ModLine[] = current.lines.map((line, index) => {
    const before = line.id === undefined ? undefined : syncedById.get(line.id)
    if (!before) {
      linesChanged = true
      return { txnLineId: NEW_LINE, ...(line.id ? { lineId: line.id } : {}), changes: fullLineValues(line) }
    }
    const changes = lineChanges(line, before, profile)
    if (Object.keys(changes).length > 0 || then.lines[index]?.id !== line.id) linesChanged = true
    return { txnLineId: before.txnLineId, lineId: line.id!, changes }
  })
  const kept = new Set(current.lines.map((l) => l.id))
  if (then.lines.some((l) => !kept.has(l.id))) linesChanged = true

  return { txnId: synced.txnId, editSequence: synced.editSequence, header, lines: linesChanged ? lines : null }
}

/** True when the plan would change nothing in QuickBooks. */
export function isEmptyPlan(plan: InvoiceModPlan): boolean {
  return plan.lines === null && Object.keys(plan.header).length === 0
}

const HEADER_LABELS: Record<keyof QbInvoiceHeader, string> = {
  customer: 'customer',
  number: 'number',
  date: 'date',
  summary: 'memo',
  taxZone: 'sales tax item',
  businessUnit: 'class',
}

const LINE_LABELS: Partial<Record<keyof QbLineValues, string>> = {
  item: 'item',
  description: 'description',
  quantity: 'quantity',
  unitPrice: 'rate',
  taxable: 'taxable',
  cost: 'cost',
  businessUnit: 'class',
  inventoryLocation: 'site',
}

const shown = (value: unknown): string => {
  if (value === null || value === undefined) return '(none)'
  if (typeof value === 'object' && value && 'fullName' in value) return `"${(value as { fullName?: string }).fullName ?? ''}"`
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  return `"${String(value)}"`
}

const lineTitle = (line: { description?: string | null | undefined; item?: QbRef | null | undefined }, fallback: string) =>
  `"${line.description || line.item?.fullName || fallback}"`

/** What an InvoiceAdd creates, in words for a person. */
export function describeAdd(invoice: QbInvoice, txn: 'Invoice' | 'CreditMemo' = 'Invoice'): string[] {
  return [
    `${txn === 'CreditMemo' ? 'a credit memo' : 'an invoice'} ${invoice.number} for ${shown(invoice.customer)}, dated ${invoice.date}, is added`,
    ...invoice.lines.map((l, i) => `line ${lineTitle(l, String(i + 1))} is added`),
  ]
}

/** What a plan changes, in words for a person: each header field, and each line kept, changed, added or deleted. */
export function describePlan(synced: SyncedInvoice, plan: InvoiceModPlan): string[] {
  const out = (Object.entries(plan.header) as [keyof QbInvoiceHeader, unknown][]).map(
    ([field, value]) => `${HEADER_LABELS[field]} becomes ${shown(value)}`,
  )
  if (!plan.lines) return out.length > 0 ? [...out, 'lines are left as they are'] : out
  const byTxnLine = new Map(synced.invoice.lines.map((l) => [l.txnLineId, l]))
  const kept = new Set<string>()
  for (const line of plan.lines) {
    if (line.txnLineId === NEW_LINE) {
      out.push(`line ${lineTitle(line.changes, 'new')} is added`)
      continue
    }
    kept.add(line.txnLineId)
    const before = byTxnLine.get(line.txnLineId)
    // A value sent again as it was (a rate travels with its quantity) is no change to a person.
    const changes = (Object.entries(line.changes) as [keyof QbLineValues, unknown][]).filter(
      ([f, v]) => LINE_LABELS[f] && shown(byTxnLine.get(line.txnLineId)?.[f as keyof SyncedLine]) !== shown(v),
    )
    const title = lineTitle(before ?? line.changes, line.txnLineId)
    out.push(
      changes.length === 0
        ? `line ${title} is kept`
        : `line ${title}: ${changes.map(([f, v]) => `${LINE_LABELS[f]} ${shown(before?.[f as keyof typeof before])} -> ${shown(v)}`).join(', ')}`,
    )
  }
  for (const line of synced.invoice.lines) if (!kept.has(line.txnLineId)) out.push(`line ${lineTitle(line, line.txnLineId)} is deleted`)
  return out
}
