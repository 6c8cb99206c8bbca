// What QuickBooks' answers do to the stored state: a confirmed add or mod stores TxnID,
// EditSequence and each line's TxnLineID and moves the state on; a refusal shows the reason for a
// person to act on. The Web Connector endpoint calls these for each response, by requestID.
import { and, eq, inArray, ne, sql } from 'drizzle-orm'
import type { Db, Executor } from '../db/client.js'
import { batches, invoiceLineSyncs, invoices, invoiceSyncStates } from '../db/schema.js'
import type { InvoiceContent } from '../invoices/invoice-model.js'
import type { ErrorDescription } from '../qbxml/error-catalog.js'
import type { QbInvoiceRet } from '../qbxml/responses.js'
import type { SyncStatusChange } from './sync-transitions.js'
import { transitionSyncState } from './sync-transitions.js'

export interface AnswerContext {
  tenantId: string
  invoiceId: string
  connectionId: string
  sessionId?: string | null
}

const ENGINE = { userId: null, apiKeyId: null }

export function createSyncResults(db: Db, onSyncStatusChanged?: (changes: SyncStatusChange[]) => void) {

  async function stateRow(tx: Executor, ctx: AnswerContext) {
    // The invoice row lock comes first, as for every writer of an invoice's sync states.
    await tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.id, ctx.invoiceId)).for('update')
    const [row] = await tx
      .select()
      .from(invoiceSyncStates)
      .where(and(eq(invoiceSyncStates.invoiceId, ctx.invoiceId), eq(invoiceSyncStates.connectionId, ctx.connectionId), eq(invoiceSyncStates.tenantId, ctx.tenantId)))
      .for('update')
    if (!row) throw new Error(`no sync state for invoice ${ctx.invoiceId} on connection ${ctx.connectionId}`)
    return row
  }

  /** QuickBooks answers lines in the order they were sent: our line ids in that order map to its TxnLineIDs. */
  async function storeLines(tx: Executor, ctx: AnswerContext, sent: InvoiceContent, ret: QbInvoiceRet): Promise<void> {
    await tx.delete(invoiceLineSyncs).where(and(eq(invoiceLineSyncs.invoiceId, ctx.invoiceId), eq(invoiceLineSyncs.connectionId, ctx.connectionId)))
    const rows = sent.lines.flatMap((line, i) => {
      const answered = ret.lines[i]
      return answered?.txnLineId ? [{ lineId: line.id, connectionId: ctx.connectionId, invoiceId: ctx.invoiceId, qbTxnLineId: answered.txnLineId, syncedValues: line }] : []
    })
    if (rows.length > 0) await tx.insert(invoiceLineSyncs).values(rows)
  }

  async function run(work: (tx: Executor, changes: SyncStatusChange[]) => Promise<void>): Promise<void> {
    const changes: SyncStatusChange[] = []
    await db.transaction((tx) => work(tx, changes))
    if (changes.length > 0) onSyncStatusChanged?.(changes)
  }

  return {
    async exportConfirmed(ctx: AnswerContext, sent: { version: number; content: InvoiceContent }, ret: QbInvoiceRet): Promise<void> {
      await run(async (tx, changes) => {
        const row = await stateRow(tx, ctx)
        await storeLines(tx, ctx, sent.content, ret)
        changes.push(
          await transitionSyncState(tx, row, { type: 'EXPORT_CONFIRMED', version: sent.version }, {
            actor: ENGINE,
            sessionId: ctx.sessionId ?? null,
            set: { qbTxnId: ret.txnId, qbEditSequence: ret.editSequence, qbTxnNumber: ret.txnNumber, qbRefNumber: ret.refNumber, syncedSnapshot: sent.content, needsReconcile: false, transientFailures: 0 },
          }),
        )
        // The invoice is EXPORTED when QuickBooks confirms it, not when it is queued.
        await tx.update(invoices).set({ status: 'EXPORTED', updatedAt: sql`now()` }).where(and(eq(invoices.id, ctx.invoiceId), ne(invoices.status, 'EXPORTED')))
        const [invoice] = await tx.select({ batchId: invoices.batchId }).from(invoices).where(eq(invoices.id, ctx.invoiceId))
        if (invoice?.batchId) {
          const [open] = await tx
            .select({ n: sql<number>`count(*)::int` })
            .from(invoiceSyncStates)
            .innerJoin(invoices, eq(invoices.id, invoiceSyncStates.invoiceId))
            .where(and(eq(invoices.batchId, invoice.batchId), inArray(invoiceSyncStates.exportStatus, ['QUEUED', 'FAILED'])))
          if (open?.n === 0) await tx.update(batches).set({ status: 'EXPORTED', updatedAt: sql`now()` }).where(eq(batches.id, invoice.batchId))
        }
      })
    },

    async modConfirmed(ctx: AnswerContext, sent: { version: number; content: InvoiceContent }, ret: QbInvoiceRet): Promise<void> {
      await run(async (tx, changes) => {
        const row = await stateRow(tx, ctx)
        await storeLines(tx, ctx, sent.content, ret)
        changes.push(
          await transitionSyncState(tx, row, { type: 'MOD_CONFIRMED', version: sent.version }, {
            actor: ENGINE,
            sessionId: ctx.sessionId ?? null,
            set: { qbEditSequence: ret.editSequence, qbRefNumber: ret.refNumber, syncedSnapshot: sent.content, transientFailures: 0 },
          }),
        )
      })
    },

    async refused(ctx: AnswerContext, error: ErrorDescription, helpUrl: string): Promise<void> {
      await run(async (tx, changes) => {
        const row = await stateRow(tx, ctx)
        changes.push(
          await transitionSyncState(tx, row, { type: 'REFUSED' }, {
            actor: ENGINE,
            sessionId: ctx.sessionId ?? null,
            set: {
              lastErrorCode: error.code,
              lastErrorMessage: `${error.message}${error.quickBooksMessage ? ` QuickBooks said: ${error.quickBooksMessage}` : ''}`,
              lastErrorFix: error.fix,
              lastErrorHelpUrl: helpUrl,
              lastErrorObjects: error.objects,
              lastErrorDetails: { category: error.category, quickBooksMessage: error.quickBooksMessage },
              lastErrorAt: new Date(),
            },
          }),
        )
      })
    },
  }
}

export type SyncResults = ReturnType<typeof createSyncResults>
