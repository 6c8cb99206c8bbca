// The one writer of `invoice_sync_states` (a grep for the table's writes finds only this file):
// creating the states of exported invoices, claiming due work, the flags an answer sets (in flight,
// lookup owed, retry), and every status transition with its audit row. What to write is decided
// elsewhere: the state machine (sync-state.ts) and the engine's rules (sync-decisions.ts).

import { and, eq, inArray, isNotNull, isNull, lte, or, type SQL, sql } from 'drizzle-orm'
import type { ActorRef } from '../auth/actor.js'
import { systemClock } from '../clock.js'
import type { Executor } from '../db/client.js'
import { oneStatement, type StatementPart, uuids } from '../db/one-statement.js'
import { connections, invoiceSyncStates, invoices, syncStatusTransitions } from '../db/schema.js'
import type { StateJson, SyncStatusChange } from '../domain/sync-status.js'
import { AppError } from '../errors.js'
import type { TxnType } from './credit-memos.js'
import type { StateFlags } from './sync-decisions.js'
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
export function planSyncTransition(tx: Executor, row: StateJson, event: SyncEvent, context: TransitionContext): PlannedTransition {
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
        ? {
            lastErrorCode: null,
            lastErrorMessage: null,
            lastErrorFix: null,
            lastErrorHelpUrl: null,
            lastErrorObjects: null,
            lastErrorDetails: null,
          }
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
    ...(next.status === 'ACTION_REQUIRED'
      ? { errorCode: context.set?.lastErrorCode ?? null, errorMessage: context.set?.lastErrorMessage ?? null }
      : {}),
    actorUserId: context.actor.userId,
    actorApiKeyId: context.actor.apiKeyId,
    sessionId: context.sessionId ?? null,
  })
  return {
    writes: [update.getSQL(), audit.getSQL()],
    change: {
      tenantId: row.tenantId,
      invoiceId: row.invoiceId,
      connectionId: row.connectionId,
      from: row.status,
      to: next.status,
      reason: result.reason,
      at: (context.now ?? systemClock.now)().toISOString(),
    },
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
  qb: { txnId: string; editSequence: string; txnNumber: number | null; refNumber: string | null; timeModified: string | null }
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
export function planConfirmedStates(
  items: ConfirmedState[],
  context: { sessionId?: string | null; now?: () => Date },
): PlannedConfirmations {
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
    qb_time_modified: qb.timeModified,
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
        qb_time_modified text, reason text)`,
    },
    {
      name: 'confirm_updated',
      sql: sql`update ${invoiceSyncStates} s set status = v.status, export_status = v.export_status, pending_version = v.pending_version,
        synced_version = v.synced_version, in_flight_attempt_id = null, needs_reconcile = false, transient_failures = 0, qb_txn_id = v.qb_txn_id, qb_edit_sequence = v.qb_edit_sequence,
        qb_txn_number = coalesce(v.qb_txn_number, s.qb_txn_number), qb_ref_number = v.qb_ref_number,
        qb_time_modified = coalesce(v.qb_time_modified, s.qb_time_modified), updated_at = now(),
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
    changes: applied.map(({ row, next, reason }) => ({
      tenantId: row.tenantId,
      invoiceId: row.invoiceId,
      connectionId: row.connectionId,
      from: row.status,
      to: next.status,
      reason,
      at,
    })),
  }
}

/** Throws (so the caller's transaction writes nothing) unless every planned confirmation was written. */
export function checkConfirmed(planned: PlannedConfirmations, confirmed: number | undefined): void {
  if (confirmed !== planned.expected) {
    throw new Error(
      `sync states changed while a confirmation was applied (${confirmed ?? 0} of ${planned.expected} still as read); nothing was written`,
    )
  }
}

/** Creates the states of invoices queued for (or recorded as bypassing) a connection's first add. */
export async function createStates(
  tx: Executor,
  rows: { tenantId: string; invoiceId: string; connectionId: string; exportStatus: 'QUEUED' | 'BYPASSED'; externalGuid: string }[],
): Promise<void> {
  if (rows.length === 0) return
  await tx.insert(invoiceSyncStates).values(rows.map((r) => ({ ...r, status: 'NOT_APPLICABLE' as const })))
}

/**
 * The sync start date rule, written once: a queued invoice dated before its connection's sync start
 * date is never sent (the books before that date are closed or kept another way). Needs `invoices`
 * and `connections` joined to the states.
 */
const beforeSyncStart = sql`(${connections.syncStartDate} is not null and ${invoices.date} < ${connections.syncStartDate})`

/** Work waiting for the Web Connector, whatever holds it: a queued export, a pending change, a lookup owed (queue-decisions' isWaiting). */
const waitingWork = sql`(${invoiceSyncStates.exportStatus} = 'QUEUED' or ${invoiceSyncStates.status} = 'PENDING' or ${invoiceSyncStates.needsReconcile})`

/** Work for a connection: queued exports, pending changes and unknown outcomes to look up, due now and not in flight. */
function dueCondition(connectionId: string, now: Date, except: string[] = []): SQL {
  return and(
    except.length === 0 ? undefined : sql`${invoiceSyncStates.invoiceId} <> all(${uuids(except)})`,
    eq(invoiceSyncStates.connectionId, connectionId),
    isNull(invoiceSyncStates.inFlightAttemptId),
    or(isNull(invoiceSyncStates.nextAttemptAt), lte(invoiceSyncStates.nextAttemptAt, now)),
    waitingWork,
    sql`not ${beforeSyncStart}`,
  )!
}

/**
 * The work index's order: retries that are due first, then the work waiting longest (every change
 * of a state touches updated_at: a Re-Sync or a new edit goes behind what was already waiting),
 * then the invoice id, so two sessions on the same data send in the same order. With a LIMIT the
 * planner walks the index and stops early, however large the backlog and whatever its statistics say.
 */
const DUE_ORDER = [
  invoiceSyncStates.connectionId,
  invoiceSyncStates.nextAttemptAt,
  invoiceSyncStates.updatedAt,
  invoiceSyncStates.invoiceId,
] as const

/**
 * The connection's work, in the order the claim takes it (due first, in the work index's order),
 * each with what queue-decisions.ts needs to say why it waits; `first` + 1 rows after the position
 * `after` (the rank of the last row shown), one more to tell if more follow.
 */
export async function queueOf(tx: Executor, connectionId: string, now: Date, page: { first: number; after: number }) {
  const st = invoiceSyncStates
  const { rows } = (await tx.execute(sql`select * from (
      select row_number() over (order by
          -- due now, then waiting for a retry, then in flight, then never sent (before the sync start date)
          case when ${beforeSyncStart} then 3 when ${st.inFlightAttemptId} is not null then 2 when ${st.nextAttemptAt} > ${now} then 1 else 0 end,
          ${st.nextAttemptAt} nulls first, ${st.updatedAt}, ${st.invoiceId})::int as rank,
        ${st.invoiceId} as "invoiceId", ${invoices.number} as number, to_char(${invoices.date}, 'YYYY-MM-DD') as "invoiceDate",
        to_char(${connections.syncStartDate}, 'YYYY-MM-DD') as "syncStartDate", ${st.exportStatus} as "exportStatus", ${st.status} as status,
        ${st.needsReconcile} as "needsReconcile", ${st.qbTxnId} is not null as "hasTxnId", ${st.inFlightAttemptId} is not null as "inFlight",
        ${st.nextAttemptAt} as "nextAttemptAt", ${st.transientFailures} as "transientFailures", ${st.updatedAt} as "waitingSince",
        ${st.qbTxnType} as "qbTxnType"
      from ${st} join ${invoices} on ${invoices.id} = ${st.invoiceId} join ${connections} on ${connections.id} = ${st.connectionId}
      where ${st.connectionId} = ${connectionId}::uuid and ${waitingWork}
    ) q where rank > ${page.after} order by rank limit ${page.first + 1}`)) as unknown as {
    rows: {
      rank: number
      invoiceId: string
      number: string
      invoiceDate: string
      syncStartDate: string | null
      exportStatus: 'QUEUED' | 'EXPORTED' | 'FAILED' | 'BYPASSED'
      status: string
      needsReconcile: boolean
      hasTxnId: boolean
      inFlight: boolean
      nextAttemptAt: Date | string | null
      transientFailures: number
      waitingSince: Date | string
      qbTxnType: 'INVOICE' | 'CREDIT_MEMO'
    }[]
  }
  return rows.map((r) => ({
    ...r,
    nextAttemptAt: r.nextAttemptAt === null ? null : new Date(r.nextAttemptAt),
    waitingSince: new Date(r.waitingSince),
  }))
}

/** What waits for the connection, counted: in all, due now (neither held back nor in flight), in flight. */
export async function queueCounts(
  tx: Executor,
  connectionId: string,
  now: Date,
): Promise<{ waiting: number; due: number; inFlight: number }> {
  const st = invoiceSyncStates
  const [row] = await tx
    .select({
      waiting: sql<number>`count(*)::int`,
      due: sql<number>`(count(*) filter (where ${dueCondition(connectionId, now)}))::int`,
      inFlight: sql<number>`(count(*) filter (where ${st.inFlightAttemptId} is not null))::int`,
    })
    .from(st)
    .innerJoin(invoices, eq(invoices.id, st.invoiceId))
    .innerJoin(connections, eq(connections.id, st.connectionId))
    .where(and(eq(st.connectionId, connectionId), waitingWork))
  return row ?? { waiting: 0, due: 0, inFlight: 0 }
}

/** Work waiting, per connection of the installation, the busiest first. */
export async function waitingByConnection(tx: Executor): Promise<{ connectionId: string; n: number }[]> {
  return tx
    .select({ connectionId: invoiceSyncStates.connectionId, n: sql<number>`count(*)::int` })
    .from(invoiceSyncStates)
    .where(waitingWork)
    .groupBy(invoiceSyncStates.connectionId)
    .orderBy(sql`count(*) desc`)
}

/** How many states of the connection are due now (`except`: invoices a session holds back). */
export async function countDue(tx: Executor, connectionId: string, now: Date, except: string[] = []): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(invoiceSyncStates)
    .innerJoin(invoices, eq(invoices.id, invoiceSyncStates.invoiceId))
    .innerJoin(connections, eq(connections.id, invoiceSyncStates.connectionId))
    .where(dueCondition(connectionId, now, except))
  return row?.n ?? 0
}

/**
 * Whether anything of the connection is due now, besides `decided` (states whose next state a
 * statement is writing): a scalar subquery that stops at the first due row of the work index.
 * Asked as a scalar subquery, not exists(): PostgreSQL drops an EXISTS subquery's ORDER BY and
 * LIMIT, and with the backlog's statistics it then seq-scanned every state of the connection.
 * It selects the constant 1, so "is not null" means "a row was found".
 */
export function anyDue(tx: Executor, connectionId: string, now: Date, decided: string[] = []): SQL {
  const query = tx
    .select({ one: sql`1` })
    .from(invoiceSyncStates)
    .innerJoin(invoices, eq(invoices.id, invoiceSyncStates.invoiceId))
    .innerJoin(connections, eq(connections.id, invoiceSyncStates.connectionId))
    .where(dueCondition(connectionId, now, decided))
    .orderBy(...DUE_ORDER)
    .limit(1)
  return sql`((${query}) is not null)`
}

/** Queued invoices of the connection it will not send because they are dated before its sync start date. */
export async function countSkipped(tx: Executor, connectionId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(invoiceSyncStates)
    .innerJoin(invoices, eq(invoices.id, invoiceSyncStates.invoiceId))
    .innerJoin(connections, eq(connections.id, invoiceSyncStates.connectionId))
    .where(and(eq(invoiceSyncStates.connectionId, connectionId), eq(invoiceSyncStates.exportStatus, 'QUEUED'), beforeSyncStart))
  return row?.n ?? 0
}

/**
 * Claims up to `limit` due states of the connection, locking each invoice and its state (rows held
 * by an edit are skipped, taken next round): two sessions never send the same change.
 */
export async function claimDue(tx: Executor, connectionId: string, now: Date, limit: number, except: string[] = []) {
  return tx
    .select({ state: invoiceSyncStates, invoice: { id: invoices.id, version: invoices.version, tenantId: invoices.tenantId } })
    .from(invoiceSyncStates)
    .innerJoin(invoices, eq(invoices.id, invoiceSyncStates.invoiceId))
    .innerJoin(connections, eq(connections.id, invoiceSyncStates.connectionId))
    .where(dueCondition(connectionId, now, except))
    .orderBy(...DUE_ORDER)
    .limit(limit)
    .for('update', { of: [invoices, invoiceSyncStates], skipLocked: true })
}

export type ClaimedState = Awaited<ReturnType<typeof claimDue>>[number]

/**
 * The statement part that points each claimed state at the request sent for it (in flight until
 * the answer comes). `sent` names an earlier part returning (id, invoice_id, kind) of the requests.
 */
export function inFlightPart(sent: string, connectionId: string, invoiceIds: string[], creditMemoAdds: string[] = []): StatementPart {
  // An add keeps what it sends the invoice as (a credit memo for a negative total): its lookup
  // and every later change ask for that transaction.
  return {
    name: 'in_flight',
    sql: sql`update ${invoiceSyncStates} st set in_flight_attempt_id = r.id,
        qb_txn_type = case when r.kind = 'INVOICE_ADD'
          then (case when st.invoice_id = any(${uuids(creditMemoAdds)}) then 'CREDIT_MEMO' else 'INVOICE' end)::qb_txn_type
          else st.qb_txn_type end
      from ${sql.raw(sent)} r
      where r.kind in ('INVOICE_ADD', 'INVOICE_MOD', 'INVOICE_QUERY') and r.invoice_id = st.invoice_id
        and st.connection_id = ${connectionId}::uuid and st.invoice_id = any(${uuids(invoiceIds)})`,
  }
}

/**
 * The flags answers set (sync-decisions.ts), for many states of one connection in one statement;
 * each state is no longer in flight. A flag a decision leaves out keeps its value.
 */
export async function applyFlags(tx: Executor, connectionId: string, items: { invoiceId: string; flags: StateFlags }[]): Promise<void> {
  if (items.length === 0) return
  const rows = items.map(({ invoiceId, flags }) => ({
    invoice_id: invoiceId,
    needs_reconcile: flags.needsReconcile ?? null,
    transient_failures: flags.transientFailures ?? null,
    next_attempt_at: flags.nextAttemptAt?.toISOString() ?? null,
    qb_edit_sequence: flags.qbEditSequence ?? null,
  }))
  await tx.execute(sql`update ${invoiceSyncStates} s set in_flight_attempt_id = null,
      needs_reconcile = coalesce(v.needs_reconcile, s.needs_reconcile), transient_failures = coalesce(v.transient_failures, s.transient_failures),
      next_attempt_at = coalesce(v.next_attempt_at, s.next_attempt_at), qb_edit_sequence = coalesce(v.qb_edit_sequence, s.qb_edit_sequence), updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(invoice_id uuid, needs_reconcile boolean, transient_failures int, next_attempt_at timestamptz, qb_edit_sequence text)
    where s.connection_id = ${connectionId}::uuid and s.invoice_id = v.invoice_id and s.invoice_id = any(${uuids(rows.map((r) => r.invoice_id))})`)
}

/** States whose requests' answers will never come (the session ended without them): a lookup is owed before anything is sent again. */
export async function oweLookups(tx: Executor, attemptIds: string[]): Promise<void> {
  if (attemptIds.length === 0) return
  await tx
    .update(invoiceSyncStates)
    .set({ inFlightAttemptId: null, needsReconcile: true })
    .where(inArray(invoiceSyncStates.inFlightAttemptId, attemptIds))
}

/** What a copy of an exported invoice read back from QuickBooks says, to keep with its state. */
export interface CopyRead {
  invoiceId: string
  timeModified: string | null
  /** Null when QuickBooks' answer did not carry the amounts. */
  payment: { amountPaid: string; balance: string; paymentStatus: 'UNPAID' | 'PARTIALLY_PAID' | 'PAID' } | null
  /** QuickBooks' EditSequence, kept only when the copy holds what we synced (read-decisions.ts). */
  editSequence: string | null
}

/** A payment status a read moved, with what it moved from. */
export interface PaymentStatusMove {
  tenantId: string
  invoiceId: string
  from: string | null
  to: string
  amountPaid: string
  balance: string
  qbTxnId: string
}

/**
 * Keeps what copies read back say (TimeModified, amounts, payment status, a moved EditSequence) in
 * one statement; returns the payment statuses that moved. The work order (updated_at) is left alone:
 * reading an invoice is not a change of ours. An EditSequence is kept only while no request is out.
 */
export async function recordCopies(tx: Executor, connectionId: string, items: CopyRead[]): Promise<PaymentStatusMove[]> {
  if (items.length === 0) return []
  const rows = items.map((i) => ({
    invoice_id: i.invoiceId,
    time_modified: i.timeModified,
    amount_paid: i.payment?.amountPaid ?? null,
    balance: i.payment?.balance ?? null,
    payment_status: i.payment?.paymentStatus ?? null,
    edit_sequence: i.editSequence,
  }))
  const ids = uuids(rows.map((r) => r.invoice_id))
  const { rows: moved } = (await tx.execute(sql`with v as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(invoice_id uuid, time_modified text, amount_paid numeric, balance numeric, payment_status payment_status, edit_sequence text)
    ), before as (
      -- The statement's snapshot: the values before its update (a lock here would hide the rows from
      -- the update, which skips rows its own statement already touched).
      select s.invoice_id, s.payment_status from ${invoiceSyncStates} s where s.connection_id = ${connectionId}::uuid and s.invoice_id = any(${ids})
    ), updated as (
      update ${invoiceSyncStates} s set qb_time_modified = coalesce(v.time_modified, s.qb_time_modified),
        qb_amount_paid = coalesce(v.amount_paid, s.qb_amount_paid), qb_balance = coalesce(v.balance, s.qb_balance),
        payment_status = coalesce(v.payment_status, s.payment_status),
        qb_edit_sequence = case when v.edit_sequence is not null and s.in_flight_attempt_id is null then v.edit_sequence else s.qb_edit_sequence end,
        qb_read_at = now()
      from v where s.connection_id = ${connectionId}::uuid and s.invoice_id = v.invoice_id and s.invoice_id = any(${ids})
      returning s.tenant_id, s.invoice_id, s.payment_status, s.qb_amount_paid, s.qb_balance, s.qb_txn_id
    )
    select u.tenant_id as "tenantId", u.invoice_id as "invoiceId", b.payment_status as "from", u.payment_status as "to",
      u.qb_amount_paid::text as "amountPaid", u.qb_balance::text as "balance", u.qb_txn_id as "qbTxnId"
    from updated u join before b on b.invoice_id = u.invoice_id
    where u.payment_status is not null and b.payment_status is distinct from u.payment_status`)) as unknown as { rows: PaymentStatusMove[] }
  return moved
}

/** The states of a connection's invoices QuickBooks knows by these TxnIDs. */
export async function statesByTxnId(tx: Executor, connectionId: string, txnIds: string[]) {
  if (txnIds.length === 0) return []
  return tx
    .select()
    .from(invoiceSyncStates)
    .where(and(eq(invoiceSyncStates.connectionId, connectionId), inArray(invoiceSyncStates.qbTxnId, txnIds)))
}

/** Whether QuickBooks confirmed any invoice of the connection, of a type or any (one row of the TxnID index), as a scalar subquery. */
export function exportedSql(tx: Executor, connectionId: string, type: TxnType | null = null): SQL {
  const query = tx
    .select({ one: sql`1` })
    .from(invoiceSyncStates)
    .where(
      and(
        eq(invoiceSyncStates.connectionId, connectionId),
        isNotNull(invoiceSyncStates.qbTxnId),
        type ? eq(invoiceSyncStates.qbTxnType, type) : undefined,
      ),
    )
    .limit(1)
  return sql`((${query}) is not null)`
}

/** Whether QuickBooks confirmed any invoice of the connection (one row of the TxnID index). */
export async function anyExported(tx: Executor, connectionId: string, type: TxnType | null = null): Promise<boolean> {
  const { rows } = (await tx.execute(sql`select ${exportedSql(tx, connectionId, type)} as "exported"`)) as unknown as {
    rows: { exported: boolean }[]
  }
  return rows[0]?.exported === true
}

/**
 * Where a connection's first read of invoices starts: the earliest TimeModified QuickBooks stamped
 * on an invoice this service sent it (its own clock); null when none is known.
 */
export async function invoiceReadFloor(tx: Executor, connectionId: string, type: TxnType = 'INVOICE'): Promise<string | null> {
  const [row] = await tx
    .select({ floor: sql<string | null>`min(${invoiceSyncStates.qbTimeModified})` })
    .from(invoiceSyncStates)
    .where(and(eq(invoiceSyncStates.connectionId, connectionId), eq(invoiceSyncStates.qbTxnType, type)))
  return row?.floor ?? null
}

/** The TxnID QuickBooks gave the invoice on the connection (null: not in QuickBooks yet; undefined: not exported there). */
export async function txnIdOf(tx: Executor, connectionId: string, invoiceId: string): Promise<string | null | undefined> {
  const [row] = await tx
    .select({ qbTxnId: invoiceSyncStates.qbTxnId })
    .from(invoiceSyncStates)
    .where(and(eq(invoiceSyncStates.connectionId, connectionId), eq(invoiceSyncStates.invoiceId, invoiceId)))
  return row ? row.qbTxnId : undefined
}
