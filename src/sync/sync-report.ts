// The pending export report: every invoice whose export or sync needs a person, with the reason,
// the code, how to fix it and when it happened. One request rule for both doors (REST
// GET /v1/sync-errors, GraphQL syncErrors): the acting key's tenant, `first` 50 by default, at
// least 1, at most 200 entries returned.
import { and, desc, eq, or } from 'drizzle-orm'
import { z } from 'zod'
import type { Actor } from '../auth/actor.js'
import type { Db } from '../db/client.js'
import { connections, invoiceSyncStates, invoices } from '../db/schema.js'
import { parseInput } from '../validation.js'
import { isUuid } from '../values.js'

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
    /** The report of the actor's tenant, newest first; reads need no permission beyond a valid key. */
    async list(actor: Actor, raw: unknown): Promise<SyncErrorEntry[]> {
      return listSyncErrors(db, actor.tenantId, parseInput(syncReportInput, raw ?? {}))
    },
  }
}

export type SyncReportService = ReturnType<typeof createSyncReportService>

async function listSyncErrors(
  db: Db,
  tenantId: string,
  options: { connectionId?: string | null; first: number },
): Promise<SyncErrorEntry[]> {
  // A connection id that cannot exist matches nothing (rather than failing the uuid cast).
  if (options.connectionId && !isUuid(options.connectionId)) return []
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
    })
    .from(invoiceSyncStates)
    .innerJoin(invoices, eq(invoices.id, invoiceSyncStates.invoiceId))
    .innerJoin(connections, eq(connections.id, invoiceSyncStates.connectionId))
    .where(
      and(
        eq(invoiceSyncStates.tenantId, tenantId),
        or(eq(invoiceSyncStates.status, 'ACTION_REQUIRED'), eq(invoiceSyncStates.exportStatus, 'FAILED')),
        ...(options.connectionId ? [eq(invoiceSyncStates.connectionId, options.connectionId)] : []),
      ),
    )
    .orderBy(desc(invoiceSyncStates.lastErrorAt), desc(invoiceSyncStates.updatedAt))
    .limit(options.first)
  return rows.map((r) => ({ ...r, objects: (r.objects as { kind: string; name: string }[] | null) ?? [] }))
}
