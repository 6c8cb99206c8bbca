// Applies a sync event to a stored (invoice, connection) state: the state machine decides, this
// writes the new state and the audit row, and hands back what changed for subscribers.
import type { Executor } from '../db/client.js'
import { and, eq, sql } from 'drizzle-orm'
import { invoiceSyncStates, syncStatusTransitions } from '../db/schema.js'
import { AppError } from '../errors.js'
import type { ActorRef, StateJson } from '../invoices/invoice-repository.js'
import { applySyncEvent, type SyncEvent, type SyncState, type SyncStatus } from './sync-state.js'

export interface SyncStatusChange {
  tenantId: string
  invoiceId: string
  connectionId: string
  from: SyncStatus
  to: SyncStatus
  reason: string
  at: string
}

export class SyncTransitionError extends AppError {
  constructor(code: string, message: string) {
    super(code, message, 409)
  }
}

export function stateOf(row: StateJson): SyncState {
  return {
    status: row.status,
    exportStatus: row.exportStatus,
    pendingVersion: row.pendingVersion,
    syncedVersion: row.syncedVersion,
    inFlight: row.inFlightAttemptId !== null,
    hasTxnId: row.qbTxnId !== null,
  }
}

export async function transitionSyncState(
  tx: Executor,
  row: StateJson,
  event: SyncEvent,
  context: { actor: ActorRef; sessionId?: string | null; set?: Partial<typeof invoiceSyncStates.$inferInsert> },
): Promise<SyncStatusChange> {
  const result = applySyncEvent(stateOf(row), event)
  if (!result.ok) throw new SyncTransitionError(result.code, result.message)
  const next = result.state
  // The new state and its audit row in one statement.
  const update = tx
    .update(invoiceSyncStates)
    .set({
      status: next.status,
      exportStatus: next.exportStatus,
      pendingVersion: next.pendingVersion,
      syncedVersion: next.syncedVersion,
      ...(next.inFlight ? {} : { inFlightAttemptId: null }),
      // Leaving ACTION_REQUIRED clears the error it showed.
      ...(next.status !== 'ACTION_REQUIRED' && row.status === 'ACTION_REQUIRED'
        ? { lastErrorCode: null, lastErrorMessage: null, lastErrorFix: null, lastErrorHelpUrl: null, lastErrorObjects: null, lastErrorDetails: null }
        : {}),
      ...context.set,
      updatedAt: sql`now()`,
    })
    .where(and(eq(invoiceSyncStates.invoiceId, row.invoiceId), eq(invoiceSyncStates.connectionId, row.connectionId)))
  const audit = tx.insert(syncStatusTransitions).values({
    tenantId: row.tenantId,
    invoiceId: row.invoiceId,
    connectionId: row.connectionId,
    fromStatus: row.status,
    toStatus: next.status,
    reason: result.reason,
    actorUserId: context.actor.userId,
    actorApiKeyId: context.actor.apiKeyId,
    sessionId: context.sessionId ?? null,
  })
  await tx.execute(sql`with updated as (${update.getSQL()}) ${audit.getSQL()}`)
  return { tenantId: row.tenantId, invoiceId: row.invoiceId, connectionId: row.connectionId, from: row.status, to: next.status, reason: result.reason, at: new Date().toISOString() }
}

export interface ConfirmedState {
  row: StateJson
  event: Extract<SyncEvent, { type: 'EXPORT_CONFIRMED' | 'MOD_CONFIRMED' }>
  qb: { txnId: string; editSequence: string; txnNumber: number | null; refNumber: string | null; snapshot: unknown }
}

/**
 * Many confirmations of one round trip in two statements (the states from a VALUES list, and their
 * audit rows), instead of two per invoice.
 */
export async function confirmSyncStates(tx: Executor, items: ConfirmedState[], context: { sessionId?: string | null }): Promise<SyncStatusChange[]> {
  if (items.length === 0) return []
  const applied = items.map((item) => {
    const result = applySyncEvent(stateOf(item.row), item.event)
    if (!result.ok) throw new SyncTransitionError(result.code, result.message)
    return { ...item, next: result.state, reason: result.reason }
  })
  const values = applied.map(
    ({ row, next, qb }) =>
      sql`(${row.invoiceId}::uuid, ${row.connectionId}::uuid, ${next.status}, ${next.exportStatus}, ${next.pendingVersion}::int, ${next.syncedVersion}::int, ${qb.txnId}, ${qb.editSequence}, ${qb.txnNumber}::int, ${qb.refNumber}, ${JSON.stringify(qb.snapshot)}::jsonb)`,
  )
  await tx.execute(sql`update ${invoiceSyncStates} s set status = v.status::sync_status, export_status = v.export_status::export_status, pending_version = v.pending_version,
      synced_version = v.synced_version, in_flight_attempt_id = null, needs_reconcile = false, transient_failures = 0, qb_txn_id = v.qb_txn_id, qb_edit_sequence = v.qb_edit_sequence,
      qb_txn_number = coalesce(v.qb_txn_number, s.qb_txn_number), qb_ref_number = v.qb_ref_number, synced_snapshot = v.synced_snapshot, updated_at = now()
    from (values ${sql.join(values, sql`, `)}) as v(invoice_id, connection_id, status, export_status, pending_version, synced_version, qb_txn_id, qb_edit_sequence, qb_txn_number, qb_ref_number, synced_snapshot)
    where s.invoice_id = v.invoice_id and s.connection_id = v.connection_id`)
  await tx.insert(syncStatusTransitions).values(
    applied.map(({ row, next, reason }) => ({ tenantId: row.tenantId, invoiceId: row.invoiceId, connectionId: row.connectionId, fromStatus: row.status, toStatus: next.status, reason, sessionId: context.sessionId ?? null })),
  )
  const at = new Date().toISOString()
  return applied.map(({ row, next, reason }) => ({ tenantId: row.tenantId, invoiceId: row.invoiceId, connectionId: row.connectionId, from: row.status, to: next.status, reason, at }))
}
