// The pending export report: every invoice whose export or sync needs a person, with the reason,
// the code, how to fix it and when it happened.
import { isUuid } from '../values.js'
import { and, desc, eq, or } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { connections, invoices, invoiceSyncStates } from '../db/schema.js'

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

export async function listSyncErrors(db: Db, tenantId: string, options: { connectionId?: string | null; first: number }): Promise<SyncErrorEntry[]> {
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
    .limit(Math.min(Math.max(options.first, 1), 200))
  return rows.map((r) => ({ ...r, objects: (r.objects as { kind: string; name: string }[] | null) ?? [] }))
}
