// The one writer of `invoice_payments`: payments the source app recorded, claimed by the Web
// Connector's rounds, and what QuickBooks' answers did to them. What to write is decided by the
// engine's rules (sync-decisions.ts, through payment-rules.ts).
import { and, asc, eq, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { type StatementPart, uuids } from '../db/one-statement.js'
import { invoicePayments } from '../db/schema.js'
import type { StateFlags } from '../sync/sync-decisions.js'

export type PaymentRow = typeof invoicePayments.$inferSelect

export async function insertPayment(tx: Executor, row: typeof invoicePayments.$inferInsert): Promise<PaymentRow> {
  const [saved] = await tx.insert(invoicePayments).values(row).returning()
  return saved!
}

/** Invoices' payments, each invoice's oldest first (every invoice asked has a list). */
export async function paymentsOf(tx: Executor, tenantId: string, invoiceIds: readonly string[]): Promise<Map<string, PaymentRow[]>> {
  const out = new Map<string, PaymentRow[]>(invoiceIds.map((id) => [id, []]))
  if (invoiceIds.length === 0) return out
  const rows = await tx
    .select()
    .from(invoicePayments)
    .where(and(eq(invoicePayments.tenantId, tenantId), inArray(invoicePayments.invoiceId, [...invoiceIds])))
    .orderBy(asc(invoicePayments.createdAt), asc(invoicePayments.id))
  for (const r of rows) out.get(r.invoiceId)?.push(r)
  return out
}

/** A connection's payments due now: not sent yet, or a lookup owed; not in flight, not waiting. */
function dueCondition(connectionId: string, now: Date): SQL {
  return and(
    eq(invoicePayments.connectionId, connectionId),
    isNull(invoicePayments.inFlightAttemptId),
    or(isNull(invoicePayments.nextAttemptAt), lte(invoicePayments.nextAttemptAt, now)),
    or(eq(invoicePayments.status, 'PENDING'), eq(invoicePayments.needsReconcile, true)),
  )!
}

/** Whether a payment of the connection is due now (a scalar subquery for the check-in statement). */
export function anyDuePayment(tx: Executor, connectionId: string, now: Date): SQL {
  const query = tx.select({ one: sql`1` }).from(invoicePayments).where(dueCondition(connectionId, now)).limit(1)
  return sql`((${query}) is not null)`
}

export async function countDuePayments(tx: Executor, connectionId: string, now: Date): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(invoicePayments).where(dueCondition(connectionId, now))
  return row?.n ?? 0
}

/** Claims up to `limit` due payments, oldest first, locking them (rows another call holds are skipped). */
export async function claimDuePayments(tx: Executor, connectionId: string, now: Date, limit: number): Promise<PaymentRow[]> {
  if (limit <= 0) return []
  return tx
    .select()
    .from(invoicePayments)
    .where(dueCondition(connectionId, now))
    .orderBy(asc(invoicePayments.connectionId), asc(invoicePayments.createdAt), asc(invoicePayments.id))
    .limit(limit)
    .for('update', { skipLocked: true })
}

/** The statement part pointing each claimed payment at its request (`sent` returns id, payment_id). */
export function paymentsInFlightPart(sent: string, connectionId: string, paymentIds: string[]): StatementPart {
  return {
    name: 'payments_in_flight',
    sql: sql`update ${invoicePayments} p set in_flight_attempt_id = r.id from ${sql.raw(sent)} r
      where r.payment_id = p.id and p.connection_id = ${connectionId}::uuid and p.id = any(${uuids(paymentIds)})`,
  }
}

/** Payments whose requests' answers will never come: a lookup is owed before anything is sent again. */
export async function owePaymentLookups(tx: Executor, attemptIds: string[]): Promise<void> {
  if (attemptIds.length === 0) return
  await tx
    .update(invoicePayments)
    .set({ inFlightAttemptId: null, needsReconcile: true })
    .where(inArray(invoicePayments.inFlightAttemptId, attemptIds))
}

/** What an answer did to a payment (the engine's decision), written. */
export interface PaymentOutcome {
  paymentId: string
  flags: StateFlags
  effect?: 'CONFIRM' | 'RESUME' | 'REFUSE'
  qbTxnId?: string | null
  error?: { code: string; message: string; fix: string | null }
}

export async function applyPaymentOutcome(tx: Executor, o: PaymentOutcome, now: Date): Promise<void> {
  const set: Partial<typeof invoicePayments.$inferInsert> = {
    inFlightAttemptId: null,
    updatedAt: now,
    ...(o.flags.needsReconcile !== undefined ? { needsReconcile: o.flags.needsReconcile } : {}),
    ...(o.flags.transientFailures !== undefined ? { transientFailures: o.flags.transientFailures } : {}),
    ...(o.flags.nextAttemptAt !== undefined ? { nextAttemptAt: o.flags.nextAttemptAt } : {}),
  }
  if (o.effect === 'CONFIRM')
    Object.assign(set, {
      status: 'SYNCED',
      qbTxnId: o.qbTxnId ?? null,
      syncedAt: now,
      needsReconcile: false,
      transientFailures: 0,
      nextAttemptAt: null,
      lastErrorCode: null,
      lastErrorMessage: null,
      lastErrorFix: null,
    })
  if (o.effect === 'RESUME') Object.assign(set, { status: 'PENDING', lastErrorCode: null, lastErrorMessage: null, lastErrorFix: null })
  if (o.effect === 'REFUSE')
    Object.assign(set, {
      status: 'ACTION_REQUIRED',
      lastErrorCode: o.error?.code ?? null,
      lastErrorMessage: o.error?.message ?? null,
      lastErrorFix: o.error?.fix ?? null,
    })
  await tx.update(invoicePayments).set(set).where(eq(invoicePayments.id, o.paymentId))
}

export async function paymentsByIds(tx: Executor, ids: string[]): Promise<PaymentRow[]> {
  if (ids.length === 0) return []
  return tx.select().from(invoicePayments).where(inArray(invoicePayments.id, ids))
}

/**
 * What this connection's payments of an invoice add up to that QuickBooks' balance may not show
 * yet: not refused, and not confirmed before the balance was last read.
 */
export async function unreflectedPayments(
  tx: Executor,
  invoiceId: string,
  connectionId: string,
  balanceReadAt: Date | null,
): Promise<string> {
  const [row] = await tx
    .select({
      total: sql<string>`coalesce(sum(${invoicePayments.amount}), 0)::text`,
    })
    .from(invoicePayments)
    .where(
      and(
        eq(invoicePayments.invoiceId, invoiceId),
        eq(invoicePayments.connectionId, connectionId),
        sql`${invoicePayments.status} <> 'ACTION_REQUIRED'`,
        balanceReadAt === null
          ? undefined
          : sql`(${invoicePayments.syncedAt} is null or ${invoicePayments.syncedAt} > ${balanceReadAt.toISOString()}::timestamptz)`,
      ),
    )
  return row?.total ?? '0'
}
