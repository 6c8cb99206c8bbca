// The pending export report: every invoice whose export or sync needs a person, with the reason,
// the code, how to fix it and when it happened. One request rule for both doors (REST
// GET /v1/sync-errors, GraphQL syncErrors): the acting key's tenant, `first` 50 by default, at
// least 1, at most 200 entries returned; REST follows `nextCursor` for the rest, GraphQL reads the
// first page.
import { and, desc, eq, or, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Actor } from '../auth/actor.js'
import type { Db } from '../db/client.js'
import { connections, invoiceSyncStates, invoices } from '../db/schema.js'
import { parseInput } from '../validation.js'
import { decodeKeyCursor, encodeKeyCursor, isTimestampKey, isUuid, notOurCursor, pageOf } from '../values.js'

/** How many entries one report holds: `first`, this by default, never more than `max` (larger is cut, not refused). */
export const SYNC_REPORT_PAGE = { default: 50, max: 200 } as const

const FIRST_RULE = { error: `first must be a whole number, at least 1 (at most ${SYNC_REPORT_PAGE.max} entries are returned)` }

export const syncReportInput = z
  .object({
    connectionId: z.string({ error: 'connectionId must be one connection id' }).nullish(),
    first: z
      .number(FIRST_RULE)
      .int(FIRST_RULE)
      .min(1, FIRST_RULE)
      .default(SYNC_REPORT_PAGE.default)
      .transform((first) => Math.min(first, SYNC_REPORT_PAGE.max)),
    after: z.string().max(500).nullish(),
  })
  .strict()

export interface SyncErrorEntry {
  invoiceId: string
  invoiceNumber: string
  connectionId: string
  connectionName: string
  exportStatus: string
  code: string | null
  message: string | null
  fix: string | null
  helpUrl: string | null
  objects: { kind: string; name: string }[]
  at: Date | null
}

export function createSyncReportService(db: Db) {
  return {
    /** A page of the report of the actor's tenant, newest first; reads need no permission beyond a valid key. */
    async list(actor: Actor, raw: unknown): Promise<{ items: SyncErrorEntry[]; nextCursor: string | null }> {
      const input = parseInput(syncReportInput, raw ?? {})
      const after = decodeKeyCursor('sync-errors', input.after, 4)
      if (
        after &&
        (!(after[0] === 'infinity' || isTimestampKey(after[0])) || !isTimestampKey(after[1]) || !isUuid(after[2]) || !isUuid(after[3]))
      )
        throw notOurCursor()
      return listSyncErrors(db, actor.tenantId, { ...input, after })
    },
  }
}

export type SyncReportService = ReturnType<typeof createSyncReportService>

/**
 * The newest error first, an entry without an error time before all (where `desc` puts nulls), then
 * the latest change, then the state's key, so a cursor names one place. Times are keyed as PostgreSQL
 * writes them (microseconds kept); an entry that changes between two pages may move.
 */
const errorAt = sql`coalesce(${invoiceSyncStates.lastErrorAt}, 'infinity')`
const ORDER = [errorAt, invoiceSyncStates.updatedAt, invoiceSyncStates.invoiceId, invoiceSyncStates.connectionId] as const

async function listSyncErrors(
  db: Db,
  tenantId: string,
  options: { connectionId?: string | null; first: number; after: string[] | null },
): Promise<{ items: SyncErrorEntry[]; nextCursor: string | null }> {
  // A connection id that cannot exist matches nothing (rather than failing the uuid cast).
  if (options.connectionId && !isUuid(options.connectionId)) return { items: [], nextCursor: null }
  const after = options.after
    ? sql`(${sql.join([...ORDER], sql`, `)}) < (${options.after[0]}::timestamptz, ${options.after[1]}::timestamptz, ${options.after[2]}::uuid, ${options.after[3]}::uuid)`
    : undefined
  const rows = await db
    .select({
      invoiceId: invoices.id,
      invoiceNumber: invoices.number,
      connectionId: connections.id,
      connectionName: connections.name,
      exportStatus: invoiceSyncStates.exportStatus,
      code: invoiceSyncStates.lastErrorCode,
      message: invoiceSyncStates.lastErrorMessage,
      fix: invoiceSyncStates.lastErrorFix,
      helpUrl: invoiceSyncStates.lastErrorHelpUrl,
      objects: invoiceSyncStates.lastErrorObjects,
      at: invoiceSyncStates.lastErrorAt,
      errorAtKey: sql<string>`${errorAt}::text`,
      updatedAtKey: sql<string>`${invoiceSyncStates.updatedAt}::text`,
    })
    .from(invoiceSyncStates)
    .innerJoin(invoices, eq(invoices.id, invoiceSyncStates.invoiceId))
    .innerJoin(connections, eq(connections.id, invoiceSyncStates.connectionId))
    .where(
      and(
        eq(invoiceSyncStates.tenantId, tenantId),
        or(eq(invoiceSyncStates.status, 'ACTION_REQUIRED'), eq(invoiceSyncStates.exportStatus, 'FAILED')),
        ...(options.connectionId ? [eq(invoiceSyncStates.connectionId, options.connectionId)] : []),
        after,
      ),
    )
    .orderBy(...ORDER.map((key) => desc(key)))
    .limit(options.first + 1)
  const page = pageOf(rows, options.first, (r) =>
    encodeKeyCursor('sync-errors', [r.errorAtKey, r.updatedAtKey, r.invoiceId, r.connectionId]),
  )
  return {
    items: page.items.map(({ errorAtKey: _, updatedAtKey: __, ...r }) => ({
      ...r,
      objects: (r.objects as { kind: string; name: string }[] | null) ?? [],
    })),
    nextCursor: page.nextCursor,
  }
}
