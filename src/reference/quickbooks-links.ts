// How the source app's reference data stands against a connection's QuickBooks lists, for both
// doors: what is unmatched on either side (the "fix export issues" screen), the links and who made
// them, a person's explicit link of a reference to a QuickBooks ListID (or its removal), the lists
// as last read, and where each list's read stands. The rules are list-decisions.ts'; the rows are
// qb-list-store.ts'.
import { z } from 'zod'
import { type Actor, requirePermission } from '../auth/actor.js'
import { type Clock, systemClock } from '../clock.js'
import type { ConnectionService } from '../connections/connection-service.js'
import type { Db } from '../db/client.js'
import { AppError, NotFoundError, ValidationError } from '../errors.js'
import { LIST_OF_REFERENCE, LIST_READ_KINDS, LIST_READS, type ListKind, linkable } from '../sync/list-decisions.js'
import type { RefKind } from '../sync/qb-copy.js'
import {
  entries,
  findEntry,
  links,
  REF_KINDS,
  referenceExists,
  removeLink,
  saveLink,
  type UnmatchedSide,
  unmatched,
} from '../sync/qb-list-store.js'
import { loadCursors } from '../sync/read-cursor-store.js'
import { parseInput } from '../validation.js'
import { decodeKeyCursor, encodeKeyCursor, pageOf, pageSize } from '../values.js'

/** The kinds of reference data as both doors name them. */
type PublicKind = 'CUSTOMER' | 'ITEM' | 'TAX_ZONE' | 'BUSINESS_UNIT' | 'INVENTORY_LOCATION'
const PUBLIC_KIND: Record<RefKind, PublicKind> = {
  customer: 'CUSTOMER',
  item: 'ITEM',
  taxZone: 'TAX_ZONE',
  businessUnit: 'BUSINESS_UNIT',
  inventoryLocation: 'INVENTORY_LOCATION',
}
const REF_OF_PUBLIC = Object.fromEntries(Object.entries(PUBLIC_KIND).map(([ref, name]) => [name, ref])) as Record<string, RefKind>
export const REFERENCE_KINDS = Object.values(PUBLIC_KIND) as [PublicKind, ...PublicKind[]]
const QUICKBOOKS_LISTS = ['CUSTOMER', 'ITEM', 'ITEM_SALES_TAX', 'CLASS', 'INVENTORY_SITE', 'SALES_TAX_CODE'] as const

const referenceKind = z.enum(REFERENCE_KINDS, { error: `must be one of ${REFERENCE_KINDS.join(', ')}` })
const after = z.string().max(2000).nullish()

const unmatchedInput = z
  .object({
    side: z.enum(['QUICKBOOKS', 'SERVICE'], { error: 'must be QUICKBOOKS or SERVICE' }).nullish(),
    kind: referenceKind.nullish(),
    first: pageSize,
    after,
  })
  .strict()
const linksInput = z.object({ kind: referenceKind.nullish(), first: pageSize, after }).strict()
const linkInput = z
  .object({
    kind: referenceKind,
    referenceId: z.string().min(1).max(100),
    listId: z.string().trim().min(1, { error: 'is required' }).max(36, { error: 'is a QuickBooks ListID, at most 36 characters' }),
  })
  .strict()
const unlinkInput = z.object({ kind: referenceKind, referenceId: z.string().min(1).max(100) }).strict()
const entriesInput = z
  .object({
    list: z.enum(QUICKBOOKS_LISTS, { error: `must be one of ${QUICKBOOKS_LISTS.join(', ')}` }),
    name: z.string().max(209).nullish(),
    first: pageSize,
    after,
  })
  .strict()

export function createQuickBooksLinkService(db: Db, options: { connections: ConnectionService; clock?: Clock }) {
  const clock = options.clock ?? systemClock

  /** The lists a connection has read through at least once. */
  async function listsRead(connectionId: string): Promise<ListKind[]> {
    const cursors = await loadCursors(db, connectionId)
    return LIST_READ_KINDS.filter((k) => cursors.get(k)?.lastCompletedAt).flatMap((k) => LIST_READS[k].lists)
  }

  return {
    /**
     * What is unmatched on either side, for the lists the connection has read: QuickBooks entries
     * no reference stands for, and references QuickBooks has no entry for (an export would create
     * the customer, or be refused 3140 for the others).
     */
    async unmatched(actor: Actor, connectionId: string, raw: unknown) {
      const input = parseInput(unmatchedInput, raw)
      const connection = await options.connections.findRow(actor.tenantId, connectionId)
      const cursor = decodeKeyCursor('unmatched', input.after, 4)
      if (cursor && (!['QUICKBOOKS', 'SERVICE'].includes(cursor[0]!) || !REF_KINDS.includes(cursor[1] as RefKind)))
        throw new ValidationError([{ field: 'after', code: 'INVALID', message: 'after is not a cursor this API gave out.' }])
      const rows = await unmatched(
        db,
        { tenantId: actor.tenantId, connectionId: connection.id },
        {
          sides: input.side ? [input.side] : ['QUICKBOOKS', 'SERVICE'],
          kinds: input.kind ? [REF_OF_PUBLIC[input.kind]!] : REF_KINDS,
          readLists: await listsRead(connection.id),
        },
        { first: input.first, after: cursor as [UnmatchedSide, RefKind, string, string] | null },
      )
      const page = pageOf(rows, input.first, (r) => encodeKeyCursor('unmatched', [r.side, r.kind, r.sortKey, r.id]))
      return {
        items: page.items.map((r) => ({
          side: r.side,
          kind: PUBLIC_KIND[r.kind],
          ...(r.side === 'SERVICE' ? { referenceId: r.id, listId: null } : { referenceId: null, listId: r.id }),
          name: r.name,
          qbType: r.qbType,
        })),
        nextCursor: page.nextCursor,
      }
    },

    /** The connection's links: each reference and the QuickBooks entry it stands for, and how it came to be. */
    async links(actor: Actor, connectionId: string, raw: unknown) {
      const input = parseInput(linksInput, raw)
      const connection = await options.connections.findRow(actor.tenantId, connectionId)
      const cursor = decodeKeyCursor('links', input.after, 2)
      if (cursor && !REF_KINDS.includes(cursor[0] as RefKind))
        throw new ValidationError([{ field: 'after', code: 'INVALID', message: 'after is not a cursor this API gave out.' }])
      const rows = await links(
        db,
        connection.id,
        { kinds: input.kind ? [REF_OF_PUBLIC[input.kind]!] : REF_KINDS },
        { first: input.first, after: cursor as [RefKind, string] | null },
      )
      const page = pageOf(rows, input.first, (r) => encodeKeyCursor('links', [r.kind, r.referenceId]))
      return {
        items: page.items.map((r) => ({
          kind: PUBLIC_KIND[r.kind],
          referenceId: r.referenceId,
          listId: r.listId,
          fullName: r.fullName,
          linkedBy: r.linkedBy,
          active: r.active,
          linkedAt: r.linkedAt.toISOString(),
        })),
        nextCursor: page.nextCursor,
      }
    },

    /**
     * A person links a reference to a QuickBooks entry by its ListID (from the lists as read): the
     * reference is sent under that entry's name from now on, whatever either is named.
     */
    async link(actor: Actor, connectionId: string, raw: unknown) {
      requirePermission(actor, 'admin', 'link reference data to QuickBooks')
      const input = parseInput(linkInput, raw)
      const connection = await options.connections.findRow(actor.tenantId, connectionId)
      const ref = REF_OF_PUBLIC[input.kind]!
      const list = LIST_OF_REFERENCE[ref]
      return db.transaction(async (tx) => {
        if (!(await referenceExists(tx, actor.tenantId, ref, input.referenceId)))
          throw new AppError(
            'UNKNOWN_REFERENCE',
            `No ${input.kind.toLowerCase().replace('_', ' ')} with id "${input.referenceId}" exists; create it first.`,
            404,
            [{ field: 'referenceId', code: 'UNKNOWN_REFERENCE', message: 'does not exist' }],
          )
        const entry = await findEntry(tx, connection.id, list, input.listId)
        if (!entry)
          throw new AppError(
            'QUICKBOOKS_ENTRY_NOT_FOUND',
            `The QuickBooks ${list.toLowerCase().replace(/_/g, ' ')} list of this connection, as last read, has no entry with ListID "${input.listId}". Lists are read at the Web Connector's next run; see GET /v1/connections/{id}/quickbooks-entries.`,
            404,
            [{ field: 'listId', code: 'QUICKBOOKS_ENTRY_NOT_FOUND', message: 'is not in the list as last read' }],
          )
        if (!linkable({ kind: list, qbType: entry.qbType, isActive: entry.isActive }))
          throw new AppError(
            'QUICKBOOKS_ENTRY_NOT_USABLE',
            entry.isActive
              ? `"${entry.fullName}" is a QuickBooks ${entry.qbType.replace(/Ret$/, '')}, which invoices of this service cannot name.`
              : `"${entry.fullName}" is inactive in QuickBooks; make it active there first.`,
            409,
            [{ field: 'listId', code: 'QUICKBOOKS_ENTRY_NOT_USABLE', message: 'cannot stand for this reference' }],
          )
        const now = clock.now()
        await saveLink(
          tx,
          { tenantId: actor.tenantId, connectionId: connection.id },
          ref,
          input.referenceId,
          { listId: entry.listId, fullName: entry.fullName, editSequence: entry.editSequence },
          now,
        )
        return {
          kind: input.kind,
          referenceId: input.referenceId,
          listId: entry.listId,
          fullName: entry.fullName,
          linkedBy: 'EXPLICIT' as const,
          active: entry.isActive,
          linkedAt: now.toISOString(),
        }
      })
    },

    /** Removes a reference's link: it is sent under its own name again (and matched by name at the next read). */
    async unlink(actor: Actor, connectionId: string, raw: unknown) {
      requirePermission(actor, 'admin', 'unlink reference data from QuickBooks')
      const input = parseInput(unlinkInput, raw)
      const connection = await options.connections.findRow(actor.tenantId, connectionId)
      if (!(await removeLink(db, connection.id, REF_OF_PUBLIC[input.kind]!, input.referenceId)))
        throw new NotFoundError('Link', `${input.kind}/${input.referenceId}`)
      return { kind: input.kind, referenceId: input.referenceId, removed: true }
    },

    /** A QuickBooks list of the connection as last read, by name ignoring case (`name`: a prefix). */
    async entries(actor: Actor, connectionId: string, raw: unknown) {
      const input = parseInput(entriesInput, raw)
      const connection = await options.connections.findRow(actor.tenantId, connectionId)
      const cursor = decodeKeyCursor('entries', input.after, 2) as [string, string] | null
      const rows = await entries(db, connection.id, input.list, { namePrefix: input.name ?? null }, { first: input.first, after: cursor })
      const page = pageOf(rows, input.first, (r) => encodeKeyCursor('entries', [r.sortKey, r.listId]))
      return {
        items: page.items.map((r) => ({
          list: input.list,
          listId: r.listId,
          fullName: r.fullName,
          qbType: r.qbType,
          active: r.isActive,
          timeModified: r.timeModified,
        })),
        nextCursor: page.nextCursor,
      }
    },

    /** Where each list's read stands on the connection: read through when, entries read, a pass under way, the last error. */
    async listReads(actor: Actor, connectionId: string) {
      const connection = await options.connections.findRow(actor.tenantId, connectionId)
      const cursors = await loadCursors(db, connection.id)
      return LIST_READ_KINDS.map((k) => {
        const c = cursors.get(k)
        return {
          list: k,
          lastCompletedAt: c?.lastCompletedAt?.toISOString() ?? null,
          passUnderWay: (c?.passFrom ?? null) !== null,
          modifiedSince: c?.modifiedSince ?? null,
          failures: c?.failures ?? 0,
          nextAttemptAt: c?.nextAttemptAt?.toISOString() ?? null,
        }
      })
    },
  }
}

export type QuickBooksLinkService = ReturnType<typeof createQuickBooksLinkService>
