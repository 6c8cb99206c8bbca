// Value schemas shared by every door: calendar dates, exact decimals as strings, QuickBooks names.
import { z } from 'zod'
import { compare, parseDecimal } from './decimal.js'
import { ValidationError } from './errors.js'

/** `YYYY-MM-DD` that names a real calendar day. */
export const isoDate = z.string().refine(
  (v) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v)
    if (!m) return false
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
    return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
  },
  { error: 'must be a calendar date written YYYY-MM-DD' },
)

/**
 * An exact decimal written as a string ("12.50"): never a JSON number, which would pass through a
 * binary float. `integerDigits`/`scale` follow QuickBooks' types (AMTTYPE 13/2, PRICETYPE 10/5).
 */
export function decimalString(options: { integerDigits: number; scale: number; min?: number; max?: number; signed?: boolean }) {
  const sign = options.signed ? '-?' : ''
  const pattern = new RegExp(`^${sign}\\d{1,${options.integerDigits}}(\\.\\d{1,${options.scale}})?$`)
  return (
    z
      .string({ error: 'must be a decimal number written as a string, e.g. "12.50"' })
      .regex(pattern, {
        error: `must be a decimal written as a string with at most ${options.integerDigits} digits before the point and ${options.scale} after it${options.signed ? '' : ', not negative'}`,
      })
      // zod runs refinements even after the pattern failed; they only judge well-formed values.
      .refine((v) => options.min === undefined || !pattern.test(v) || compare(parseDecimal(v), parseDecimal(String(options.min))) >= 0, {
        error: `must be at least ${options.min}`,
      })
      .refine((v) => options.max === undefined || !pattern.test(v) || compare(parseDecimal(v), parseDecimal(String(options.max))) <= 0, {
        error: `must be at most ${options.max}`,
      })
  )
}

/** The source app's own id for a record (used in URLs): printable, no slash, at most 100 characters. */
export const externalIdSchema = z
  .string()
  .min(1, { error: 'id is required' })
  .max(100, { error: 'id must be at most 100 characters' })
  .regex(/^[^\u0000-\u001f\u007f/]+$/, { error: 'id may not contain slashes or control characters' })

/**
 * A QuickBooks list name. QuickBooks keeps names unique per list, limits their length (41 for
 * customers, 31 for items, classes, sites and tax items) and uses ':' to join parent and child.
 * An over-long name is refused here, never cut silently.
 */
export function qbName(maxLength: number) {
  return z
    .string()
    .trim()
    .min(1, { error: 'name is required' })
    .max(maxLength, { error: `name must be at most ${maxLength} characters (QuickBooks' limit for this list)` })
    .regex(/^[^:\u0000-\u001f\u007f]+$/, { error: "name may not contain ':' (QuickBooks' sub-list separator) or control characters" })
}

/** An id the service gave out (a UUID); anything else names nothing, so a lookup can answer "not found" without asking. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
}

/** A keyset position over (createdAt, id), as the lists ordered by creation give it out in `nextCursor`. */
export interface CreatedAtCursor {
  createdAt: string
  id: string
}

export function encodeCreatedAtCursor(c: CreatedAtCursor): string {
  return Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url')
}

/** The position a cursor names; one this API did not give out is refused (VALIDATION_FAILED on `after`). */
export function decodeCreatedAtCursor(cursor: string): CreatedAtCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown]
    if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt)) || !isUuid(id)) throw new Error('shape')
    return { createdAt, id }
  } catch {
    throw notOurCursor()
  }
}

/** The refusal of an `after` this API did not give out (VALIDATION_FAILED on `after`). */
export function notOurCursor(): ValidationError {
  return new ValidationError([{ field: 'after', code: 'INVALID', message: 'after is not a cursor this API gave out.' }])
}

/** 20 unless asked, at most 100: more is refused (VALIDATION_FAILED), not clamped, as the invoice list and the webhook delivery log do. */
export const PAGE_SIZE = { default: 20, max: 100 } as const

const sizeError = `first must be a whole number from 1 to ${PAGE_SIZE.max} (ask for the next page with after)`
export const pageSize = z
  .number({ error: sizeError })
  .int({ error: sizeError })
  .min(1, { error: sizeError })
  .max(PAGE_SIZE.max, { error: sizeError })
  .default(PAGE_SIZE.default)

/** A keyset position of a list ordered by text keys, tagged with the list it belongs to. */
export function encodeKeyCursor(tag: string, parts: string[]): string {
  return Buffer.from(JSON.stringify([tag, ...parts])).toString('base64url')
}

/** The keys of a cursor `encodeKeyCursor` gave out for this list (null when none was sent); anything else is refused. */
export function decodeKeyCursor(tag: string, cursor: string | null | undefined, length: number): string[] | null {
  if (!cursor) return null
  try {
    const [kind, ...parts] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[]
    if (kind !== tag || parts.length !== length || !parts.every((p) => typeof p === 'string')) throw new Error('shape')
    return parts as string[]
  } catch {
    throw notOurCursor()
  }
}

/**
 * A timestamp as PostgreSQL writes it (`column::text`, microseconds kept), the way a cursor carries
 * one so the next page starts exactly after the last row shown.
 */
export function isTimestampKey(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:?\d{2})?|Z)?$/.test(value)
}

/** A page of `first` out of `rows` (read `first` + 1 to know whether more follow), and the cursor of the next page: null on the last. */
export function pageOf<T>(rows: T[], first: number, cursorOf: (row: T) => string): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, first)
  return { items, nextCursor: rows.length > first ? cursorOf(items.at(-1)!) : null }
}

/**
 * How many items (invoices, revisions, requests), of sizes `bytes` in order, one page takes: at most
 * `first`, stopping before the byte budget would be passed, but always one, so a page never comes
 * back empty while more follow and the cursor always moves on.
 */
export function itemsThatFit(bytes: readonly number[], first: number, maxBytes: number): number {
  let taken = 0
  let total = 0
  for (const size of bytes) {
    if (taken === first || (taken > 0 && total + size > maxBytes)) break
    total += size
    taken++
  }
  return taken
}
