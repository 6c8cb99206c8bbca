// An invoice as QuickBooks will hold it (our fields already mapped to QuickBooks' list references),
// and every check QuickBooks would fail it on, run before anything is queued.

import { type Decimal, isPlainDecimal, multiply, parseDecimal, round, toFixed, toPlain } from '../decimal.js'
import type { FieldError } from '../errors.js'
import { toQuickBooksText } from './text.js'
import type { QbRef } from './writer.js'

export interface QbInvoiceLine {
  /** Our line id: how a line is matched with its QuickBooks TxnLineID. */
  id?: string
  item: QbRef
  description: string
  /** Exact decimal strings; see QUANTITY / PRICE below for what QuickBooks accepts. */
  quantity: string
  unitPrice: string
  taxable: boolean
  cost?: string | null
  businessUnit?: QbRef | null
  inventoryLocation?: QbRef | null
}

export interface QbInvoice {
  customer: QbRef
  /** RefNumber: at most 11 characters. */
  number: string
  /** TxnDate, YYYY-MM-DD. */
  date: string
  /** Memo. */
  summary: string
  /** ItemSalesTaxRef: a sales tax item or group. */
  taxZone?: QbRef | null
  /** Header ClassRef. */
  businessUnit?: QbRef | null
  lines: QbInvoiceLine[]
}

/** Limits from Intuit's schema (maxLength) and the OSR (list name lengths). */
export const LIMITS = {
  refNumber: 11,
  memo: 4095,
  desc: 4095,
  other: 29,
  id: 36,
  editSequence: 16,
  customerFullName: 209,
  customerName: 41,
  listFullName: 159,
  listName: 31,
  /** Sales tax items and inventory sites are flat lists: their FullName is at most 31. */
  flatListFullName: 31,
  /** Sales tax codes ("Tax", "Non"): at most 3 characters. */
  salesTaxCode: 3,
  requestId: 50,
} as const

/** QUANTYPE / PRICETYPE: up to 10 integer digits and 5 decimals. AMTTYPE: 13 digits, exactly 2 decimals. */
const QUANTITY = /^-?\d{1,10}(\.\d{1,5})?$/
const PRICE = /^-?\d{1,10}(\.\d{1,5})?$/
const AMOUNT_INTEGER_DIGITS = 13
const DATE = /^\d{4}-\d{2}-\d{2}$/
const GUID = /^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$/

/** A line's amount: quantity x unit price rounded to cents, halves away from zero, as QuickBooks does. */
export function lineAmount(quantity: string, unitPrice: string): Decimal {
  return round(multiply(parseDecimal(quantity), parseDecimal(unitPrice)), 2)
}

export function formatAmount(d: Decimal): string {
  return toFixed(d, 2)
}

/** Quantity and Rate: the shortest exact form, at most 5 decimals, never an exponent. */
export function formatQuantity(value: string): string {
  // Most values are already in their shortest form ("2.5", "40"): no arithmetic needed.
  if (CANONICAL.test(value)) return value
  return toPlain(parseDecimal(value), 5)
}

const CANONICAL = /^-?(0|[1-9]\d{0,9})(\.\d{0,4}[1-9])?$/

function integerDigits(value: string): number {
  const point = value.indexOf('.')
  return (point === -1 ? value.length : point) - (value.startsWith('-') ? 1 : 0)
}

export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false
  const [y, m, d] = value.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

export function isGuid(value: string): boolean {
  return GUID.test(value)
}

class Checker {
  readonly errors: FieldError[] = []

  add(field: string, code: string, message: string): void {
    this.errors.push({ field, code, message })
  }

  /** Length as QuickBooks will count it: after the Windows-1252 rule of text.ts. */
  text(field: string, value: string, max: number, label: string): void {
    const stored = toQuickBooksText(value)
    if (stored.length > max) this.add(field, 'TOO_LONG', `${label} is ${stored.length} characters; QuickBooks allows at most ${max}.`)
  }

  ref(field: string, ref: QbRef | null | undefined, options: { fullName: number; name: number; label: string; required?: boolean }): void {
    if (!ref || (!ref.listId && !ref.fullName)) {
      if (options.required) this.add(field, 'REQUIRED', `${options.label} is required.`)
      return
    }
    if (ref.listId && ref.listId.length > LIMITS.id)
      this.add(`${field}.listId`, 'TOO_LONG', `${options.label} ListID is longer than ${LIMITS.id} characters.`)
    if (ref.fullName) {
      const stored = toQuickBooksText(ref.fullName)
      const parts = stored.split(':')
      // A one-level name is held to the name limit; a "Parent:Child" path to both limits.
      const max = parts.length === 1 ? Math.min(options.fullName, options.name) : options.fullName
      if (stored.length > max) {
        this.add(
          `${field}.fullName`,
          'TOO_LONG',
          `${options.label} "${ref.fullName}" is ${stored.length} characters; QuickBooks allows at most ${max}.`,
        )
        return
      }
      for (const part of parts) {
        if (part.length > options.name) {
          this.add(
            `${field}.fullName`,
            'TOO_LONG',
            `${options.label} name "${part}" is ${part.length} characters; QuickBooks allows at most ${options.name}.`,
          )
        } else if (part.trim() === '') {
          this.add(`${field}.fullName`, 'INVALID', `${options.label} "${ref.fullName}" has an empty name part.`)
        }
      }
    }
  }

  decimal(field: string, value: string | null | undefined, pattern: RegExp, label: string, required = true): void {
    if (value === null || value === undefined || value === '') {
      if (required) this.add(field, 'REQUIRED', `${label} is required.`)
      return
    }
    if (!isPlainDecimal(value)) this.add(field, 'INVALID_DECIMAL', `${label} "${value}" is not a plain decimal number.`)
    else if (!pattern.test(value.replace(/^\+/, ''))) {
      this.add(field, 'OUT_OF_RANGE', `${label} "${value}" does not fit QuickBooks: at most 10 digits before the point and 5 after it.`)
    }
  }
}

/** Header fields, each checked only when present (an InvoiceMod carries only what changed). */
export interface QbInvoiceHeader {
  customer?: QbRef
  number?: string
  date?: string
  summary?: string
  taxZone?: QbRef | null
  businessUnit?: QbRef | null
}

/** Line fields, each checked only when present. */
export type QbLineValues = Partial<Omit<QbInvoiceLine, 'id'>>

export function checkHeader(header: QbInvoiceHeader, at = ''): FieldError[] {
  const c = new Checker()
  const f = (name: string) => (at ? `${at}.${name}` : name)
  if (header.customer !== undefined)
    c.ref(f('customer'), header.customer, {
      fullName: LIMITS.customerFullName,
      name: LIMITS.customerName,
      label: 'Customer',
      required: true,
    })
  if (header.number !== undefined) {
    if (!header.number) c.add(f('number'), 'REQUIRED', 'Invoice number is required.')
    else c.text(f('number'), header.number, LIMITS.refNumber, 'Invoice number')
  }
  if (header.date !== undefined && !isCalendarDate(header.date))
    c.add(f('date'), 'INVALID', `Invoice date "${header.date}" is not a calendar date written YYYY-MM-DD.`)
  if (header.summary !== undefined) c.text(f('summary'), header.summary, LIMITS.memo, 'Summary')
  c.ref(f('taxZone'), header.taxZone, { fullName: LIMITS.flatListFullName, name: LIMITS.listName, label: 'Tax zone' })
  c.ref(f('businessUnit'), header.businessUnit, { fullName: LIMITS.listFullName, name: LIMITS.listName, label: 'Business unit' })
  return c.errors
}

export function checkLineValues(
  line: QbLineValues,
  at: string,
  costField: 'Other1' | 'Other2' | null,
  options: { complete: boolean },
): FieldError[] {
  const c = new Checker()
  if (line.item !== undefined || options.complete)
    c.ref(`${at}.item`, line.item, { fullName: LIMITS.listFullName, name: LIMITS.listName, label: 'Item', required: true })
  if (line.description !== undefined) c.text(`${at}.description`, line.description, LIMITS.desc, 'Line description')
  if (line.quantity !== undefined || options.complete) c.decimal(`${at}.quantity`, line.quantity, QUANTITY, 'Quantity')
  if (line.unitPrice !== undefined || options.complete) c.decimal(`${at}.unitPrice`, line.unitPrice, PRICE, 'Unit price')
  // The amount can only outgrow AMTTYPE's 13 integer digits when the factors have more than 13 together.
  if (
    line.quantity !== undefined &&
    line.unitPrice !== undefined &&
    QUANTITY.test(line.quantity) &&
    PRICE.test(line.unitPrice) &&
    integerDigits(line.quantity) + integerDigits(line.unitPrice) > AMOUNT_INTEGER_DIGITS
  ) {
    const amount = formatAmount(lineAmount(line.quantity, line.unitPrice)).replace('-', '')
    if (amount.split('.')[0]!.length > AMOUNT_INTEGER_DIGITS)
      c.add(`${at}.amount`, 'OUT_OF_RANGE', `Line amount ${amount} is larger than QuickBooks can hold.`)
  }
  c.decimal(`${at}.cost`, line.cost, PRICE, 'Cost', false)
  if (costField && line.cost && isPlainDecimal(line.cost) && formatQuantity(line.cost).length > LIMITS.other) {
    c.add(`${at}.cost`, 'TOO_LONG', `Cost "${line.cost}" does not fit the ${LIMITS.other}-character ${costField} field.`)
  }
  c.ref(`${at}.businessUnit`, line.businessUnit, { fullName: LIMITS.listFullName, name: LIMITS.listName, label: 'Business unit' })
  c.ref(`${at}.inventoryLocation`, line.inventoryLocation, {
    fullName: LIMITS.flatListFullName,
    name: LIMITS.listName,
    label: 'Inventory location',
  })
  return c.errors
}

/** Every reason QuickBooks would refuse this invoice's data, with the field it concerns. Empty = fine. */
export function checkInvoice(invoice: QbInvoice, costField: 'Other1' | 'Other2' | null): FieldError[] {
  const { lines, ...header } = invoice
  return [
    ...checkHeader({ ...header, customer: header.customer ?? {}, number: header.number ?? '', date: header.date ?? '' }),
    ...lines.flatMap((line, i) => checkLineValues(line, `lines.${i}`, costField, { complete: true })),
  ]
}
