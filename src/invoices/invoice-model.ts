// Invoices as the service sees them, the inputs that change them, and the pure functions around
// them: applying an edit, totals, the diff stored with each revision.

import { z } from 'zod'
import { DEFAULT_MAX_LINES, MAX_LINES_CEILING } from '../config.js'
import { add, compare, parseDecimal, toFixed, ZERO } from '../decimal.js'
import type { InvoiceContent, InvoiceLine } from '../domain/invoice-content.js'
import { LIMITS, lineAmount } from '../qbxml/invoice.js'
import { decimalString, externalIdSchema, isoDate } from '../values.js'

export type { InvoiceContent, InvoiceLine }

export type InvoiceStatus = 'PENDING' | 'POSTED' | 'EXPORTED'

export interface Invoice extends InvoiceContent {
  id: string
  tenantId: string
  externalId: string | null
  isAfp: boolean
  status: InvoiceStatus
  batchId: string | null
  adjustsInvoiceId: string | null
  exportBypassed: boolean
  importedFromQb: boolean
  unlocked: boolean
  version: number
  createdAt: Date
  updatedAt: Date
}

// ---------------------------------------------------------------------------------------------
// Line cap

// DEFAULT_MAX_LINES and MAX_LINES_CEILING are the configuration's (src/config.ts).
export { DEFAULT_MAX_LINES, MAX_LINES_CEILING }

/**
 * The cap holds for the invoice after the change, whatever one request carries. A change that
 * does not grow the count always passes, so an invoice saved before the cap existed (above it)
 * can still be corrected and shrunk. `before` is null for a new invoice.
 */
export function lineCountProblem(
  count: { before: number | null; after: number },
  max: number,
): { code: 'TOO_MANY_LINES'; message: string } | null {
  const { before, after } = count
  if (after <= max || (before !== null && after <= before)) return null
  const message =
    before === null
      ? `An invoice may have at most ${max} lines; this one would have ${after}. Put the rest on another invoice.`
      : `An invoice may have at most ${max} lines; it has ${before} and this change would make it ${after}. Remove lines, or put the rest on another invoice.`
  return { code: 'TOO_MANY_LINES', message }
}

// ---------------------------------------------------------------------------------------------
// Inputs (the same for GraphQL and REST)

const quantity = decimalString({ integerDigits: 10, scale: 5, signed: true })
const price = decimalString({ integerDigits: 10, scale: 5 })
// Unpaired surrogates are refused for every input in validation.ts (parseInput).
const text = (max: number, label: string) =>
  z.string().max(max, { error: `${label} must be at most ${max} characters (QuickBooks' limit)` })
const refId = externalIdSchema
const number = z
  .string()
  .trim()
  .min(1, { error: 'number is required' })
  .max(LIMITS.refNumber, { error: `number must be at most ${LIMITS.refNumber} characters (QuickBooks' invoice number limit)` })

export const lineInput = z
  .object({
    itemId: refId,
    description: text(LIMITS.desc, 'description').default(''),
    taxable: z.boolean().default(false),
    quantity,
    unitPrice: price,
    cost: price.nullish(),
    businessUnitId: refId.nullish(),
    inventoryLocationId: refId.nullish(),
  })
  .strict()

export const lineUpdateInput = z
  .object({
    id: z.string().min(1),
    itemId: refId.optional(),
    description: text(LIMITS.desc, 'description').optional(),
    taxable: z.boolean().optional(),
    quantity: quantity.optional(),
    unitPrice: price.optional(),
    cost: price.nullish(),
    businessUnitId: refId.nullish(),
    inventoryLocationId: refId.nullish(),
  })
  .strict()

export const createInvoiceInput = z
  .object({
    externalId: z.string().min(1).max(100).nullish(),
    number,
    date: isoDate,
    customerId: refId,
    taxZoneId: refId.nullish(),
    invoiceTypeId: refId.nullish(),
    summary: text(LIMITS.memo, 'summary').default(''),
    isAfp: z.boolean().default(false),
    adjustsInvoiceId: z.uuid().nullish(),
    // The cap of the invoice itself (INVOICE_MAX_LINES) is the service's rule: lineCountProblem.
    lines: z
      .array(lineInput)
      .max(MAX_LINES_CEILING, { error: `at most ${MAX_LINES_CEILING} lines in one request` })
      .default([]),
  })
  .strict()

export type CreateInvoiceInput = z.output<typeof createInvoiceInput>

export const decisions = ['SAVE_AND_SYNC', 'SAVE_AND_BYPASS'] as const
export type Decision = (typeof decisions)[number]

export const updateInvoiceInput = z
  .object({
    id: z.string().min(1),
    expectedVersion: z.number({ error: 'expectedVersion is required (the version you edited)' }).int().min(1),
    decision: z.enum(decisions, { error: 'decision must be SAVE_AND_SYNC or SAVE_AND_BYPASS' }).nullish(),
    connectionId: z.string().nullish(),
    number: number.optional(),
    date: isoDate.optional(),
    customerId: refId.optional(),
    taxZoneId: refId.nullish(),
    invoiceTypeId: refId.nullish(),
    summary: text(LIMITS.memo, 'summary').optional(),
    lines: z
      .object({
        add: z
          .array(lineInput)
          .max(MAX_LINES_CEILING, { error: `at most ${MAX_LINES_CEILING} lines in one request` })
          .default([]),
        update: z
          .array(lineUpdateInput)
          .max(MAX_LINES_CEILING, { error: `at most ${MAX_LINES_CEILING} lines in one request` })
          .default([]),
        remove: z
          .array(z.string().min(1))
          .max(MAX_LINES_CEILING, { error: `at most ${MAX_LINES_CEILING} lines in one request` })
          .default([]),
      })
      .strict()
      .optional(),
  })
  .strict()

export type UpdateInvoiceInput = z.output<typeof updateInvoiceInput>

// ---------------------------------------------------------------------------------------------
// Pure functions

/** A line from its input, with the id it will be stored under. */
export function newLine(input: z.output<typeof lineInput>, id: string): InvoiceLine {
  return {
    id,
    itemId: input.itemId,
    description: input.description,
    taxable: input.taxable,
    quantity: input.quantity,
    unitPrice: input.unitPrice,
    cost: input.cost ?? null,
    businessUnitId: input.businessUnitId ?? null,
    inventoryLocationId: input.inventoryLocationId ?? null,
  }
}

export function contentOf(invoice: Invoice): InvoiceContent {
  const { number, date, customerId, taxZoneId, invoiceTypeId, summary, lines } = invoice
  return { number, date, customerId, taxZoneId, invoiceTypeId, summary, lines }
}

export function amountOf(line: Pick<InvoiceLine, 'quantity' | 'unitPrice'>): string {
  return toFixed(lineAmount(line.quantity, line.unitPrice), 2)
}

/** Sum of the line amounts (each rounded to cents first, as QuickBooks does). Tax is QuickBooks' to add. */
export function totalOf(lines: Pick<InvoiceLine, 'quantity' | 'unitPrice'>[]): string {
  return toFixed(
    lines.reduce((sum, l) => add(sum, lineAmount(l.quantity, l.unitPrice)), ZERO),
    2,
  )
}

export function isZeroAmount(amount: string): boolean {
  return parseDecimal(amount).units === 0n
}

/**
 * The invoice after an edit. New lines get the ids `newId()` hands out; unknown line ids are
 * reported, not ignored.
 */
export function applyEdit(
  before: InvoiceContent,
  input: UpdateInvoiceInput,
  newId: () => string,
): { after: InvoiceContent; unknownLineIds: { field: string; id: string }[]; linesAddedOrRemoved: boolean } {
  const unknownLineIds: { field: string; id: string }[] = []
  const known = new Set(before.lines.map((l) => l.id))
  const removed = new Set(input.lines?.remove ?? [])
  input.lines?.remove.forEach((id, i) => !known.has(id) && unknownLineIds.push({ field: `lines.remove.${i}`, id }))
  const updates = new Map<string, (typeof input.lines & object)['update'][number]>()
  input.lines?.update.forEach((u, i) => {
    if (!known.has(u.id)) unknownLineIds.push({ field: `lines.update.${i}.id`, id: u.id })
    else if (removed.has(u.id)) unknownLineIds.push({ field: `lines.update.${i}.id`, id: u.id })
    updates.set(u.id, u)
  })
  const lines: InvoiceLine[] = before.lines
    .filter((l) => !removed.has(l.id))
    .map((l) => {
      const u = updates.get(l.id)
      if (!u) return l
      return {
        ...l,
        ...(u.itemId !== undefined ? { itemId: u.itemId } : {}),
        ...(u.description !== undefined ? { description: u.description } : {}),
        ...(u.taxable !== undefined ? { taxable: u.taxable } : {}),
        ...(u.quantity !== undefined ? { quantity: u.quantity } : {}),
        ...(u.unitPrice !== undefined ? { unitPrice: u.unitPrice } : {}),
        ...(u.cost !== undefined ? { cost: u.cost } : {}),
        ...(u.businessUnitId !== undefined ? { businessUnitId: u.businessUnitId } : {}),
        ...(u.inventoryLocationId !== undefined ? { inventoryLocationId: u.inventoryLocationId } : {}),
      }
    })
  for (const a of input.lines?.add ?? []) lines.push(newLine(a, newId()))
  const after: InvoiceContent = {
    number: input.number ?? before.number,
    date: input.date ?? before.date,
    customerId: input.customerId ?? before.customerId,
    taxZoneId: input.taxZoneId !== undefined ? input.taxZoneId : before.taxZoneId,
    invoiceTypeId: input.invoiceTypeId !== undefined ? input.invoiceTypeId : before.invoiceTypeId,
    summary: input.summary ?? before.summary,
    lines,
  }
  return { after, unknownLineIds, linesAddedOrRemoved: (input.lines?.add.length ?? 0) > 0 || removed.size > 0 }
}

export interface FieldChange {
  from: unknown
  to: unknown
}

export interface InvoiceDiff {
  fields: Record<string, FieldChange>
  linesAdded: InvoiceLine[]
  linesRemoved: InvoiceLine[]
  linesChanged: { id: string; fields: Record<string, FieldChange> }[]
}

const HEADER_FIELDS = ['number', 'date', 'customerId', 'taxZoneId', 'invoiceTypeId', 'summary'] as const
const LINE_FIELDS = ['itemId', 'description', 'taxable', 'quantity', 'unitPrice', 'cost', 'businessUnitId', 'inventoryLocationId'] as const

const DECIMAL = /^-?\d+(\.\d+)?$/

const DECIMAL_FIELDS = new Set(['quantity', 'unitPrice', 'cost'])

/** Decimal fields compare by value ("2.50" equals "2.5"); everything else (invoice numbers too) exactly. */
function sameValue(field: string, a: unknown, b: unknown): boolean {
  if (DECIMAL_FIELDS.has(field) && typeof a === 'string' && typeof b === 'string' && DECIMAL.test(a) && DECIMAL.test(b))
    return compare(parseDecimal(a), parseDecimal(b)) === 0
  return (a ?? null) === (b ?? null)
}

export function diffContent(before: InvoiceContent | null, after: InvoiceContent): InvoiceDiff {
  const diff: InvoiceDiff = { fields: {}, linesAdded: [], linesRemoved: [], linesChanged: [] }
  if (!before) return { ...diff, linesAdded: after.lines }
  for (const f of HEADER_FIELDS) if (!sameValue(f, before[f], after[f])) diff.fields[f] = { from: before[f], to: after[f] }
  const beforeLines = new Map(before.lines.map((l) => [l.id, l]))
  const afterIds = new Set(after.lines.map((l) => l.id))
  for (const line of after.lines) {
    const old = beforeLines.get(line.id)
    if (!old) {
      diff.linesAdded.push(line)
      continue
    }
    const fields: Record<string, FieldChange> = {}
    for (const f of LINE_FIELDS) if (!sameValue(f, old[f], line[f])) fields[f] = { from: old[f], to: line[f] }
    if (Object.keys(fields).length > 0) diff.linesChanged.push({ id: line.id, fields })
  }
  for (const line of before.lines) if (!afterIds.has(line.id)) diff.linesRemoved.push(line)
  return diff
}

export function isEmptyDiff(diff: InvoiceDiff): boolean {
  return (
    Object.keys(diff.fields).length === 0 &&
    diff.linesAdded.length === 0 &&
    diff.linesRemoved.length === 0 &&
    diff.linesChanged.length === 0
  )
}

/**
 * An invoice paid in full in QuickBooks (as last read back, on the connection it was exported to)
 * is closed: its content no longer changes here (Caseware's rule: paid invoices close). A
 * difference is billed or credited with an adjustment invoice.
 */
export function isClosed(states: readonly { exportStatus: string; paymentStatus?: string | null }[]): boolean {
  const primary = states.find((s) => s.exportStatus === 'EXPORTED') ?? states[0]
  return primary?.paymentStatus === 'PAID'
}

export const DUPLICATE_NUMBER = 'DUPLICATE_NUMBER'

/**
 * Invoices whose number another invoice of the same QuickBooks company file already has, ignoring
 * case as QuickBooks compares RefNumbers: QuickBooks accepts it, but people rarely mean it. `mine`
 * are the invoices being placed there, `others` what the company file has or will have (another of
 * `mine` counts too). One warning per invoice, naming the others.
 */
export function duplicateNumbers(
  mine: readonly { id: string; number: string }[],
  others: readonly { id: string; number: string }[],
): { invoiceId: string; code: string; message: string }[] {
  const byNumber = new Map<string, { id: string; number: string }[]>()
  for (const o of [...others, ...mine]) {
    const key = o.number.toLowerCase()
    const list = byNumber.get(key) ?? []
    if (!list.some((x) => x.id === o.id)) list.push(o)
    byNumber.set(key, list)
  }
  return mine.flatMap((m) => {
    const same = (byNumber.get(m.number.toLowerCase()) ?? []).filter((o) => o.id !== m.id)
    if (same.length === 0) return []
    return [
      {
        invoiceId: m.id,
        code: DUPLICATE_NUMBER,
        message: `Invoice number "${m.number}" is also used by ${same.length === 1 ? 'another invoice' : `${same.length} other invoices`} in this QuickBooks company file (${same
          .slice(0, 3)
          .map((o) => `"${o.number}", id ${o.id}`)
          .join('; ')}${same.length > 3 ? '; ...' : ''}). QuickBooks accepts it, but a number is rarely meant twice: check it.`,
      },
    ]
  })
}
