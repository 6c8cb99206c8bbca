// Keyset pages of the invoice lists, the same in both doors: page sizes, revision cursors, and how
// many invoices or revisions one page may carry.
import { z } from 'zod'
import { ValidationError } from '../errors.js'
import { parseInput } from '../validation.js'
import { pageSize } from '../values.js'
import type { RevisionRow } from './invoice-repository.js'

/** Bytes one page of invoices or revisions may carry unless PAGE_MAX_BYTES says otherwise (the configuration's). */
export { DEFAULT_PAGE_MAX_BYTES } from '../config.js'
export { itemsThatFit, PAGE_SIZE, pageSize } from '../values.js'

export const revisionPageInput = z.object({ first: pageSize, after: z.string().nullish() }).strict()

/** Bytes a request may still read into pages of revisions; shared by every page one GraphQL request reads. */
export interface ReadBudget {
  remaining: number
}

/** A page asked for: `first` revisions after `afterVersion` (0: from the first). */
export interface RevisionPageRequestKey {
  invoiceId: string
  first: number
  afterVersion: number
}

export interface RevisionPage {
  revisions: RevisionRow[]
  cursors: string[]
  hasNextPage: boolean
}

export function parseRevisionPage(raw: unknown): { first: number; afterVersion: number } {
  const input = parseInput(revisionPageInput, raw)
  return { first: input.first, afterVersion: input.after ? decodeRevisionCursor(input.after) : 0 }
}

export function encodeRevisionCursor(version: number): string {
  return Buffer.from(JSON.stringify(['revision', version])).toString('base64url')
}

export function decodeRevisionCursor(cursor: string): number {
  try {
    const [kind, version] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, number]
    // Versions are PostgreSQL integers: anything else was not given out here.
    if (kind !== 'revision' || !Number.isInteger(version) || version < 0 || version > 2_147_483_647) throw new Error('shape')
    return version
  } catch {
    throw new ValidationError([{ field: 'after', code: 'INVALID', message: 'after is not a cursor this API gave out.' }])
  }
}

/** One string per page asked for: the GraphQL loader's key. */
export function revisionPageKey(invoiceId: string, page: { first: number; afterVersion: number }): string {
  return JSON.stringify([invoiceId, page.first, page.afterVersion])
}

export function revisionPageKeyParts(key: string): RevisionPageRequestKey {
  const [invoiceId, first, afterVersion] = JSON.parse(key) as [string, number, number]
  return { invoiceId, first, afterVersion }
}
