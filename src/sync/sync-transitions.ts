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
