// What the next Web Connector round would send for one invoice on one connection: the exact qbXML
// (built by the same transport as a real round, against the company's stored preferences, without
// recording anything), what it changes in words for a person, or why nothing would be sent.
import { and, eq } from 'drizzle-orm'
import { z } from 'zod'
import type { Actor } from '../auth/actor.js'
import { type Clock, systemClock } from '../clock.js'
import type { Db } from '../db/client.js'
import { connections, invoiceSyncStates, invoices } from '../db/schema.js'
import { AppError, NotFoundError } from '../errors.js'
import { describeAdd, describePlan } from '../qbxml/invoice-mod.js'
import { CONSERVATIVE_PROFILE } from '../qbxml/profile.js'
import { QB_TXN_NAME } from '../sync/credit-memos.js'
import { isWaiting, queueEntry } from '../sync/queue-decisions.js'
import { parseInput } from '../validation.js'
import { isUuid } from '../values.js'
import { storedProfile } from './company-profile.js'
import { createDesktopTransport } from './desktop-transport.js'

const previewInput = z.object({ connectionId: z.string().nullish() }).strict()

/** Why a state sends nothing, when nothing waits for it. */
const IDLE: Record<string, string> = {
  SYNCED: 'QuickBooks holds this version: nothing is waiting to be sent.',
  NOT_APPLICABLE: 'QuickBooks holds what was exported: nothing is waiting to be sent.',
  BYPASSED: 'The last edits were kept here only (Bypass); Re-Sync sends them in one change.',
  ACTION_REQUIRED: 'The last attempt needs a person: fix what its error says, then Re-Sync (or Bypass).',
}

const quiet = { warn() {}, error() {} }

export function createPreviewService(db: Db, options: { clock?: Clock } = {}) {
  const clock = options.clock ?? systemClock
  const transport = createDesktopTransport({ log: quiet, newRequestId: () => 'preview' })

  return {
    async preview(actor: Actor, invoiceId: string, raw: unknown) {
      const input = parseInput(previewInput, raw)
      const [invoice] = isUuid(invoiceId)
        ? await db
            .select({ id: invoices.id, version: invoices.version, tenantId: invoices.tenantId, date: invoices.date })
            .from(invoices)
            .where(and(eq(invoices.tenantId, actor.tenantId), eq(invoices.id, invoiceId)))
        : []
      if (!invoice) throw new NotFoundError('Invoice', invoiceId)
      const states = await db.select().from(invoiceSyncStates).where(eq(invoiceSyncStates.invoiceId, invoice.id))
      const nothing = (connectionId: string | null, code: string, message: string, extra: Record<string, unknown> = {}) => ({
        invoiceId: invoice.id,
        connectionId,
        sends: false,
        request: null,
        qbTxnType: null,
        qbxml: null,
        changes: [] as string[],
        reason: { code, message },
        heldUntil: null,
        ...extra,
      })
      if (input.connectionId && !states.some((s) => s.connectionId === input.connectionId))
        return nothing(input.connectionId, 'NOT_EXPORTED', 'This invoice was not exported to that connection: export it in a batch first.')
      if (!input.connectionId && states.length > 1)
        throw new AppError('CONNECTION_REQUIRED', 'This invoice is in several company files: say which connection (connectionId).', 400, [
          { field: 'connectionId', code: 'REQUIRED', message: 'which connection' },
        ])
      const state = input.connectionId ? states.find((s) => s.connectionId === input.connectionId)! : states[0]
      if (!state) return nothing(null, 'NOT_EXPORTED', 'This invoice was not exported to any connection: export it in a batch first.')
      const [connection] = await db.select().from(connections).where(eq(connections.id, state.connectionId))
      const now = clock.now()
      if (!isWaiting(state)) return nothing(state.connectionId, 'NOTHING_PENDING', IDLE[state.status] ?? 'Nothing is waiting to be sent.')
      const entry = queueEntry(
        {
          exportStatus: state.exportStatus,
          needsReconcile: state.needsReconcile,
          hasTxnId: state.qbTxnId !== null,
          inFlight: state.inFlightAttemptId !== null,
          nextAttemptAt: state.nextAttemptAt,
          invoiceDate: invoice.date,
          syncStartDate: connection!.syncStartDate,
        },
        now,
      )
      if (entry.held?.reason === 'IN_FLIGHT')
        return nothing(state.connectionId, 'IN_FLIGHT', 'Its request is with the Web Connector now; the answer decides what follows.')
      if (entry.held?.reason === 'BEFORE_SYNC_START')
        return nothing(state.connectionId, 'BEFORE_SYNC_START', "It is dated before the connection's sync start date: it is never sent.")
      const profile = storedProfile(connection!.qbPreferences) ?? CONSERVATIVE_PROFILE
      const round = await transport.buildRound(
        db,
        { id: '00000000-0000-0000-0000-000000000000', tenantId: actor.tenantId, connectionId: state.connectionId },
        [{ state, invoice: { id: invoice.id, version: invoice.version, tenantId: invoice.tenantId } }],
        profile,
        false,
      )
      const unsendable = round.unsendable[0]
      if (unsendable || !round.xml)
        return nothing(state.connectionId, 'INVALID_FOR_QUICKBOOKS', unsendable?.message ?? 'QuickBooks would refuse it as it stands.')
      const planned = round.planned?.get(invoice.id)
      const changes =
        entry.next === 'INVOICE_QUERY'
          ? [
              'QuickBooks is asked whether it holds this invoice (an earlier answer was lost) before anything is sent again; what follows depends on its answer.',
            ]
          : planned?.plan && planned.synced
            ? describePlan(planned.synced, planned.plan)
            : planned
              ? describeAdd(planned.current, QB_TXN_NAME[planned.txnType])
              : []
      if (round.attempts.some((a) => a.kind === 'CUSTOMER_ADD')) changes.unshift('the customer is created in QuickBooks first')
      return {
        invoiceId: invoice.id,
        connectionId: state.connectionId,
        sends: true,
        request: entry.next,
        qbTxnType: planned?.txnType ?? state.qbTxnType,
        qbxml: round.xml,
        changes,
        reason: entry.held ? { code: 'BACKOFF', message: 'QuickBooks was busy: it goes at heldUntil, not at the next round.' } : null,
        heldUntil: entry.held?.until?.toISOString() ?? null,
      }
    },
  }
}

export type PreviewService = ReturnType<typeof createPreviewService>
