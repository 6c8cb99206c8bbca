// Applies a sync event to a stored (invoice, connection) state: the state machine decides, this
// writes the new state and the audit row, and hands back what changed for subscribers.
import type { Executor } from '../db/client.js'
import { and, eq, sql, type SQL } from 'drizzle-orm'
import { oneStatement, type StatementPart, uuids } from '../db/one-statement.js'
import { invoiceSyncStates, syncStatusTransitions } from '../db/schema.js'
import { AppError } from '../errors.js'
import type { ActorRef } from '../auth/actor.js'
import { systemClock } from '../clock.js'
import type { StateJson, SyncStatusChange } from '../domain/sync-status.js'
import { applySyncEvent, type SyncEvent, type SyncState } from './sync-state.js'

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

/** A transition decided but not yet written: its writes as SQL, and the change it makes. */
export interface PlannedTransition {
  /** Data-modifying statements (state update, audit insert); each may stand as a CTE of a bigger statement. */
  writes: SQL[]
  change: SyncStatusChange
}

/** Who moves the state, in which session, what else the state row gets, and the clock the change is stamped by. */
export interface TransitionContext {
  actor: ActorRef
  sessionId?: string | null
  set?: Partial<typeof invoiceSyncStates.$inferInsert>
  now?: () => Date
}

/** Applies the event to the state (throws when the machine refuses it) and builds the writes. */
export function planSyncTransition(
  tx: Executor,
  row: StateJson,
  event: SyncEvent,
  context: TransitionContext,
): PlannedTransition {
  const result = applySyncEvent(stateOf(row), event)
  if (!result.ok) throw new SyncTransitionError(result.code, result.message)
  const next = result.state
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
    // The error a move to ACTION_REQUIRED shows, kept with the move for the session history.
    ...(next.status === 'ACTION_REQUIRED' ? { errorCode: context.set?.lastErrorCode ?? null, errorMessage: context.set?.lastErrorMessage ?? null } : {}),
    actorUserId: context.actor.userId,
    actorApiKeyId: context.actor.apiKeyId,
    sessionId: context.sessionId ?? null,
  })
  return {
    writes: [update.getSQL(), audit.getSQL()],
    change: { tenantId: row.tenantId, invoiceId: row.invoiceId, connectionId: row.connectionId, from: row.status, to: next.status, reason: result.reason, at: (context.now ?? systemClock.now)().toISOString() },
  }
}

export async function transitionSyncState(
  tx: Executor,
  row: StateJson,
  event: SyncEvent,
  context: TransitionContext,
): Promise<SyncStatusChange> {
  const planned = planSyncTransition(tx, row, event, context)
  // The new state and its audit row in one statement.
  await tx.execute(oneStatement(planned.writes))
  return planned.change
}

export interface ConfirmedState {
  row: StateJson
  event: Extract<SyncEvent, { type: 'EXPORT_CONFIRMED' | 'MOD_CONFIRMED' }>
  qb: { txnId: string; editSequence: string; txnNumber: number | null; refNumber: string | null }
}

/** Confirmations planned as parts of one statement (see db/one-statement.ts), not yet written. */
export interface PlannedConfirmations {
  parts: StatementPart[]
  /** A scalar SQL expression: how many states the statement confirmed (it must be `expected`). */
  confirmed: SQL
  expected: number
  changes: SyncStatusChange[]
}

/**
 * Many confirmations of one round trip as one statement's parts: the states updated from one JSON
 * parameter, and their audit rows, instead of two statements per invoice. Throws when the state
 * machine refuses one of them.
 */
export function planConfirmedStates(items: ConfirmedState[], context: { sessionId?: string | null; now?: () => Date }): PlannedConfirmations {
  if (items.length === 0) return { parts: [], confirmed: sql`0`, expected: 0, changes: [] }
  const applied = items.map((item) => {
    const result = applySyncEvent(stateOf(item.row), item.event)
    if (!result.ok) throw new SyncTransitionError(result.code, result.message)
    return { ...item, next: result.state, reason: result.reason }
  })
  const rows = applied.map(({ row, next, qb, reason }) => ({
    tenant_id: row.tenantId,
    invoice_id: row.invoiceId,
    connection_id: row.connectionId,
    from_status: row.status,
    read_pending_version: row.pendingVersion,
    status: next.status,
    export_status: next.exportStatus,
    pending_version: next.pendingVersion,
    synced_version: next.syncedVersion,
    qb_txn_id: qb.txnId,
    qb_edit_sequence: qb.editSequence,
    qb_txn_number: qb.txnNumber,
    qb_ref_number: qb.refNumber,
    reason,
  }))
  // Each state is updated only if it is still the one the decision was made from (status and
  // pending version): a state that moved meanwhile means the caller read it without holding the
  // invoice's lock, and writing would overwrite a newer edit. The caller then writes nothing at
  // all (see checkConfirmed).
  const parts: StatementPart[] = [
    {
      name: 'confirm_input',
      sql: sql`select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(tenant_id uuid, invoice_id uuid, connection_id uuid, from_status sync_status, read_pending_version int,
        status sync_status, export_status export_status, pending_version int, synced_version int, qb_txn_id text, qb_edit_sequence text, qb_txn_number int, qb_ref_number text,
        reason text)`,
    },
    {
      name: 'confirm_updated',
      sql: sql`update ${invoiceSyncStates} s set status = v.status, export_status = v.export_status, pending_version = v.pending_version,
        synced_version = v.synced_version, in_flight_attempt_id = null, needs_reconcile = false, transient_failures = 0, qb_txn_id = v.qb_txn_id, qb_edit_sequence = v.qb_edit_sequence,
        qb_txn_number = coalesce(v.qb_txn_number, s.qb_txn_number), qb_ref_number = v.qb_ref_number, updated_at = now(),
        -- A confirmation never leaves ACTION_REQUIRED in place: an error shown before (a lookup that
        -- finally answered, say) is cleared with it.
        last_error_code = null, last_error_message = null, last_error_fix = null, last_error_help_url = null, last_error_objects = null, last_error_details = null
      from confirm_input v where s.invoice_id = v.invoice_id and s.connection_id = v.connection_id and s.invoice_id = any(${uuids(rows.map((r) => r.invoice_id))})
        and s.status = v.from_status and s.pending_version is not distinct from v.read_pending_version
      returning s.invoice_id`,
    },
    {
      name: 'confirm_audit',
      sql: sql`insert into ${syncStatusTransitions} (tenant_id, invoice_id, connection_id, from_status, to_status, reason, session_id)
      select v.tenant_id, v.invoice_id, v.connection_id, v.from_status, v.status, v.reason, ${context.sessionId ?? null}::uuid from confirm_input v join confirm_updated u on u.invoice_id = v.invoice_id`,
    },
  ]
  const at = (context.now ?? systemClock.now)().toISOString()
  return {
    parts,
    confirmed: sql`(select count(*)::int from confirm_updated)`,
    expected: items.length,
    changes: applied.map(({ row, next, reason }) => ({ tenantId: row.tenantId, invoiceId: row.invoiceId, connectionId: row.connectionId, from: row.status, to: next.status, reason, at })),
  }
}

/** Throws (so the caller's transaction writes nothing) unless every planned confirmation was written. */
export function checkConfirmed(planned: PlannedConfirmations, confirmed: number | undefined): void {
  if (confirmed !== planned.expected) {
    throw new Error(`sync states changed while a confirmation was applied (${confirmed ?? 0} of ${planned.expected} still as read); nothing was written`)
  }
}
