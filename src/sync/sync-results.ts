// What QuickBooks' answers do to the stored state: a confirmed add or mod stores TxnID,
// EditSequence and each line's TxnLineID and moves the state on; a refusal shows the reason for a
// person to act on. The Web Connector endpoint applies a whole round trip's answers at once.
import { and, eq, inArray, sql } from 'drizzle-orm'
import { type Clock, systemClock } from '../clock.js'
import type { Db, Executor } from '../db/client.js'
import { type StatementPart, uuids } from '../db/one-statement.js'
import { batches, invoiceLineSyncs, invoiceSyncStates, invoices } from '../db/schema.js'
import type { InvoiceContent } from '../domain/invoice-content.js'
import type { SyncStatusChange } from '../domain/sync-status.js'
import { type ErrorDescription, withQuickBooksWords } from '../qbxml/error-catalog.js'
import type { QbInvoiceRet } from '../qbxml/responses.js'
import {
  invoiceExportedEvent,
  type OutboxEvent,
  outboxParts,
  paymentStatusChangedEvent,
  recordEvents,
  syncStatusEvents,
} from '../webhooks/outbox.js'
import {
  type CopyRead,
  type PaymentStatusMove,
  type PlannedConfirmations,
  planConfirmedStates,
  recordCopies,
  transitionSyncState,
} from './sync-state-store.js'

export interface AnswerContext {
  tenantId: string
  invoiceId: string
  connectionId: string
  sessionId?: string | null
}

export interface Confirmation {
  ctx: AnswerContext
  kind: 'ADD' | 'MOD'
  /** The version and content that were sent. */
  sent: { version: number; content: InvoiceContent }
  ret: QbInvoiceRet
}

const ENGINE = { userId: null, apiKeyId: null }

/** Each line's TxnLineID on a connection, per invoice (invoice id -> line id -> TxnLineID); every invoice asked has a map. */
export async function txnLinesOfMany(tx: Executor, connectionId: string, invoiceIds: string[]): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>(invoiceIds.map((id) => [id, new Map()]))
  if (invoiceIds.length === 0) return out
  const rows = await tx
    .select({ invoiceId: invoiceLineSyncs.invoiceId, lineId: invoiceLineSyncs.lineId, qbTxnLineId: invoiceLineSyncs.qbTxnLineId })
    .from(invoiceLineSyncs)
    .where(and(eq(invoiceLineSyncs.connectionId, connectionId), inArray(invoiceLineSyncs.invoiceId, invoiceIds)))
  for (const r of rows) out.get(r.invoiceId)!.set(r.lineId, r.qbTxnLineId)
  return out
}

/** Each line's TxnLineID on a connection (line id -> TxnLineID). */
export async function txnLinesOf(tx: Executor, connectionId: string, invoiceId: string): Promise<Map<string, string>> {
  return (await txnLinesOfMany(tx, connectionId, [invoiceId])).get(invoiceId)!
}

/**
 * Statement parts that make an invoice's line mappings on a connection exactly these (QuickBooks'
 * copy taken as the invoice's content: its lines and their TxnLineIDs).
 */
export function replaceTxnLinesParts(
  connectionId: string,
  invoiceId: string,
  rows: { lineId: string; txnLineId: string }[],
): StatementPart[] {
  const input = rows.map((r) => ({ line_id: r.lineId, qb_txn_line_id: r.txnLineId }))
  return [
    {
      name: 'txn_lines_removed',
      sql: sql`delete from ${invoiceLineSyncs} where connection_id = ${connectionId}::uuid and invoice_id = ${invoiceId}::uuid
        and line_id <> all(${uuids(rows.map((r) => r.lineId))})`,
    },
    {
      name: 'txn_lines_stored',
      // Lines kept are updated in place (never deleted and inserted in one statement).
      sql: sql`insert into ${invoiceLineSyncs} (line_id, connection_id, invoice_id, qb_txn_line_id)
        select x.line_id, ${connectionId}::uuid, ${invoiceId}::uuid, x.qb_txn_line_id from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as x(line_id uuid, qb_txn_line_id text)
        on conflict (line_id, connection_id) do update set qb_txn_line_id = excluded.qb_txn_line_id, updated_at = now()`,
    },
  ]
}

export function createSyncResults(db: Db, onSyncStatusChanged?: (changes: SyncStatusChange[]) => void, clock: Clock = systemClock) {
  async function run(work: (tx: Executor, changes: SyncStatusChange[]) => Promise<void>): Promise<void> {
    const changes: SyncStatusChange[] = []
    await db.transaction((tx) => work(tx, changes))
    if (changes.length > 0) onSyncStatusChanged?.(changes)
  }

  /**
   * Locks the invoices (the rule for every writer of sync states: invoice first) and their states,
   * in invoice order, and reads both. Both rows are locked on purpose: a row this statement had to
   * wait for (an edit holding it) is read again at its newest committed version once the lock is
   * granted. Reading the state without locking it would return it as it was before that edit
   * committed, and the confirmation would then overwrite the edit's newer pending version with
   * SYNCED.
   */
  async function lockStates(tx: Executor, connectionId: string, invoiceIds: string[]) {
    const rows = await tx
      .select({
        invoice: {
          id: invoices.id,
          number: invoices.number,
          version: invoices.version,
          status: invoices.status,
          batchId: invoices.batchId,
        },
        // What a transition decides from (StateJson), not the wide columns (errors).
        state: {
          tenantId: invoiceSyncStates.tenantId,
          invoiceId: invoiceSyncStates.invoiceId,
          connectionId: invoiceSyncStates.connectionId,
          status: invoiceSyncStates.status,
          exportStatus: invoiceSyncStates.exportStatus,
          pendingVersion: invoiceSyncStates.pendingVersion,
          syncedVersion: invoiceSyncStates.syncedVersion,
          inFlightAttemptId: invoiceSyncStates.inFlightAttemptId,
          qbTxnId: invoiceSyncStates.qbTxnId,
        },
      })
      .from(invoices)
      .innerJoin(invoiceSyncStates, and(eq(invoiceSyncStates.invoiceId, invoices.id), eq(invoiceSyncStates.connectionId, connectionId)))
      .where(inArray(invoices.id, invoiceIds))
      .orderBy(invoices.id)
      .for('update', { of: [invoices, invoiceSyncStates] })
    return { states: new Map(rows.map((r) => [r.state.invoiceId, r.state])), invoices: new Map(rows.map((r) => [r.invoice.id, r.invoice])) }
  }

  /**
   * Each line's TxnLineID as QuickBooks answered, as statement parts: mappings of lines no longer
   * sent are removed (QuickBooks deleted them), unchanged ones are left alone (a Mod usually keeps
   * most lines). A line deleted here since the version was sent keeps its mapping: QuickBooks has it
   * until the next change deletes it there too.
   */
  function lineMappingParts(connectionId: string, invoiceIds: string[], items: Confirmation[]): StatementPart[] {
    const rows = items.flatMap(({ ctx, sent, ret }) =>
      sent.content.lines.flatMap((line, i) => {
        const answered = ret.lines[i]
        return answered?.txnLineId ? [{ line_id: line.id, invoice_id: ctx.invoiceId, qb_txn_line_id: answered.txnLineId }] : []
      }),
    )
    return [
      {
        name: 'lines_input',
        sql: sql`select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(line_id uuid, invoice_id uuid, qb_txn_line_id text)`,
      },
      {
        name: 'lines_removed',
        sql: sql`delete from ${invoiceLineSyncs} s where s.connection_id = ${connectionId}::uuid and s.invoice_id = any(${uuids(invoiceIds)})
          and not exists (select 1 from lines_input v where v.line_id = s.line_id)`,
      },
      {
        name: 'lines_stored',
        // Only new or changed IDs are written: QuickBooks keeps a line's TxnLineID for good, and an
        // upsert of an unchanged row would still lock it (a WAL record per line, 5 per invoice).
        sql: sql`insert into ${invoiceLineSyncs} (line_id, connection_id, invoice_id, qb_txn_line_id)
          select v.line_id, ${connectionId}::uuid, v.invoice_id, v.qb_txn_line_id from lines_input v
          where not exists (select 1 from ${invoiceLineSyncs} s where s.connection_id = ${connectionId}::uuid and s.invoice_id = any(${uuids(invoiceIds)}) and s.line_id = v.line_id and s.qb_txn_line_id = v.qb_txn_line_id)
          on conflict (line_id, connection_id) do update set qb_txn_line_id = excluded.qb_txn_line_id, updated_at = now()
            where ${invoiceLineSyncs}.qb_txn_line_id is distinct from excluded.qb_txn_line_id`,
      },
    ]
  }

  const api = {
    /**
     * Locks the invoices, reads their states and decides, inside the caller's transaction; the
     * writes come back as parts of one statement (states and their audit rows, line mappings,
     * exported invoices and finished batches, webhook events), for the caller to send with its own
     * writes. The caller checks the count (checkConfirmed) and publishes the changes after commit.
     */
    async planConfirmations(tx: Executor, items: Confirmation[]): Promise<PlannedConfirmations> {
      if (items.length === 0) return planConfirmedStates([], {})
      const connectionId = items[0]!.ctx.connectionId
      const sessionId = items[0]!.ctx.sessionId ?? null
      const invoiceIds = items.map((i) => i.ctx.invoiceId)
      const sentOf = new Map(items.map((i) => [i.ctx.invoiceId, i]))
      const locked = await lockStates(tx, connectionId, invoiceIds)
      const confirmed = items.flatMap(({ ctx, kind, sent, ret }) => {
        const row = locked.states.get(ctx.invoiceId)
        if (!row) return []
        return [
          {
            row,
            event: { type: kind === 'ADD' ? ('EXPORT_CONFIRMED' as const) : ('MOD_CONFIRMED' as const), version: sent.version },
            qb: {
              txnId: kind === 'ADD' ? ret.txnId : (row.qbTxnId ?? ret.txnId),
              editSequence: ret.editSequence,
              txnNumber: ret.txnNumber,
              refNumber: ret.refNumber,
              timeModified: ret.timeModified,
            },
          },
        ]
      })
      const states = planConfirmedStates(confirmed, { sessionId, now: clock.now })
      const parts = [...lineMappingParts(connectionId, invoiceIds, items), ...states.parts]
      const events: OutboxEvent[] = syncStatusEvents(
        states.changes,
        (id) => {
          const item = sentOf.get(id)
          return item && { number: item.sent.content.number, version: item.sent.version }
        },
        { sessionId },
      )
      // The invoice is EXPORTED when QuickBooks confirms it, not when it is queued; so is its batch
      // once none of its invoices is still queued or failed (those confirmed here count as done).
      // Only invoices not yet EXPORTED can be queued or failed, and a small index holds just those.
      const added = items.filter((i) => i.kind === 'ADD').map((i) => i.ctx.invoiceId)
      const exported = added.map((id) => locked.invoices.get(id)).filter((i) => i !== undefined && i.status !== 'EXPORTED')
      if (exported.length > 0) {
        const ids = uuids(exported.map((i) => i!.id))
        parts.push({ name: 'exported', sql: sql`update ${invoices} set status = 'EXPORTED', updated_at = now() where id = any(${ids})` })
        const batchIds = [...new Set(exported.map((i) => i!.batchId).filter((b): b is string => b !== null))]
        if (batchIds.length > 0) {
          parts.push({
            name: 'batches_done',
            sql: sql`update ${batches} b set status = 'EXPORTED', updated_at = now() where b.id = any(${uuids(batchIds)})
              and not exists (select 1 from ${invoices} i where i.batch_id = b.id and i.status <> 'EXPORTED' and i.id <> all(${ids})
                and exists (select 1 from ${invoiceSyncStates} st where st.invoice_id = i.id and st.export_status in ('QUEUED', 'FAILED')))`,
          })
        }
        for (const invoice of exported) {
          const item = sentOf.get(invoice!.id)!
          events.push(
            invoiceExportedEvent({
              tenantId: item.ctx.tenantId,
              invoiceId: invoice!.id,
              invoiceNumber: item.sent.content.number,
              connectionId,
              batchId: invoice!.batchId,
              confirmed: { version: item.sent.version, qbTxnId: item.ret.txnId, qbTxnNumber: item.ret.txnNumber },
            }),
          )
        }
      }
      parts.push(...outboxParts(events, clock))
      return { ...states, parts }
    },

    /**
     * What copies read back from QuickBooks say, kept with their states, and an
     * `invoice.payment_status_changed` event for each payment status that moved: one transaction.
     */
    async copiesRead(tenantId: string, connectionId: string, items: CopyRead[]): Promise<PaymentStatusMove[]> {
      if (items.length === 0) return []
      return db.transaction(async (tx) => {
        const moved = await recordCopies(tx, connectionId, items)
        if (moved.length === 0) return moved
        const numbers = new Map(
          (
            await tx
              .select({ id: invoices.id, number: invoices.number })
              .from(invoices)
              .where(
                and(
                  eq(invoices.tenantId, tenantId),
                  inArray(
                    invoices.id,
                    moved.map((m) => m.invoiceId),
                  ),
                ),
              )
          ).map((r) => [r.id, r.number]),
        )
        await recordEvents(
          tx,
          moved.map((m) => paymentStatusChangedEvent({ ...m, connectionId, invoiceNumber: numbers.get(m.invoiceId) ?? '' })),
          clock,
        )
        return moved
      })
    },

    /** Announces committed changes (for callers that used planConfirmations). */
    publish(changes: SyncStatusChange[]): void {
      if (changes.length > 0) onSyncStatusChanged?.(changes)
    },

    /**
     * A lookup answered at last for an invoice held in Action Required only because its outcome was
     * unknown (QuickBooks could not answer the lookups): what was sent never reached QuickBooks, so
     * the add or change goes out again, as a Re-Sync would send it. Any other state is left alone.
     */
    async resumed(ctx: AnswerContext): Promise<void> {
      await run(async (tx, changes) => {
        const locked = await lockStates(tx, ctx.connectionId, [ctx.invoiceId])
        const row = locked.states.get(ctx.invoiceId)
        const invoice = locked.invoices.get(ctx.invoiceId)
        if (!row || !invoice || row.status !== 'ACTION_REQUIRED') return
        changes.push(
          await transitionSyncState(
            tx,
            row,
            { type: 'RESYNC', version: invoice.version },
            {
              actor: ENGINE,
              sessionId: ctx.sessionId ?? null,
              set: { needsReconcile: false, transientFailures: 0, nextAttemptAt: null },
              now: clock.now,
            },
          ),
        )
        await recordEvents(
          tx,
          syncStatusEvents(changes, (id) => locked.invoices.get(id), { sessionId: ctx.sessionId ?? null }),
          clock,
        )
      })
    },

    /** Action Required with the error; `needsReconcile` keeps a lookup owed (the outcome of what was sent is still unknown). */
    async refused(
      ctx: AnswerContext,
      error: ErrorDescription,
      helpUrl: string,
      options: {
        needsReconcile?: boolean
        ifStillDueAt?: number
        ifStillSettled?: boolean
        differences?: string[]
        /** QuickBooks' copy that differs from ours, kept so a person can accept it (acceptQuickBooksVersion). */
        copy?: unknown
      } = {},
    ): Promise<void> {
      await run(async (tx, changes) => {
        const locked = await lockStates(tx, ctx.connectionId, [ctx.invoiceId])
        const row = locked.states.get(ctx.invoiceId)
        if (!row) throw new Error(`no sync state for invoice ${ctx.invoiceId} on connection ${ctx.connectionId}`)
        // `ifStillSettled`: a change found in QuickBooks by a read holds only while nothing of ours is
        // under way for the invoice (an edit saved since will meet QuickBooks' copy when it is sent).
        if (
          options.ifStillSettled &&
          (row.inFlightAttemptId !== null ||
            row.exportStatus !== 'EXPORTED' ||
            !['NOT_APPLICABLE', 'SYNCED', 'BYPASSED'].includes(row.status))
        )
          return
        // `ifStillDueAt`: a refusal decided outside the invoice's lock holds only while the invoice is
        // still that version and still waiting to be sent.
        if (
          options.ifStillDueAt !== undefined &&
          (locked.invoices.get(ctx.invoiceId)?.version !== options.ifStillDueAt ||
            (row.status !== 'PENDING' && row.exportStatus !== 'QUEUED'))
        )
          return
        changes.push(
          await transitionSyncState(
            tx,
            row,
            { type: 'REFUSED' },
            {
              actor: ENGINE,
              sessionId: ctx.sessionId ?? null,
              now: clock.now,
              set: {
                needsReconcile: options.needsReconcile ?? false,
                lastErrorCode: error.code,
                lastErrorMessage: withQuickBooksWords(error),
                lastErrorFix: error.fix,
                lastErrorHelpUrl: helpUrl,
                lastErrorObjects: error.objects,
                lastErrorDetails: {
                  category: error.category,
                  quickBooksMessage: error.quickBooksMessage,
                  ...(options.differences ? { differences: options.differences } : {}),
                  ...(options.copy !== undefined ? { qbCopy: options.copy } : {}),
                },
                lastErrorAt: clock.now(),
              },
            },
          ),
        )
        const problem = { code: error.code, message: error.message, fix: error.fix, helpUrl }
        await recordEvents(
          tx,
          syncStatusEvents(changes, (id) => locked.invoices.get(id), { sessionId: ctx.sessionId ?? null, error: problem }),
          clock,
        )
      })
    },
  }
  return api
}

export type SyncResults = ReturnType<typeof createSyncResults>
