// Payments over QuickBooks Desktop: claimed payments become ReceivePaymentAdd requests applied to
// their invoice's TxnID (or, when an earlier answer was lost, a ReceivePaymentQuery that looks for
// the payment's ExternalGUID), and QuickBooks' answers become the engine's events. It decides
// nothing: the rules are the engine's (payment-rules.ts).
import { randomBytes } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { invoiceSyncStates } from '../db/schema.js'
import type { PaymentRow } from '../payments/payment-store.js'
import { describeStatus, type ErrorDescription } from '../qbxml/error-catalog.js'
import type { CompanyProfile } from '../qbxml/profile.js'
import { buildReceivePaymentAdd, buildReceivePaymentQuery, type QbxmlRequest } from '../qbxml/requests.js'
import type { QbResponseMessage } from '../qbxml/responses.js'
import type { QbRef } from '../qbxml/writer.js'
import { paymentRequest } from '../sync/payment-rules.js'
import { customersInQuickBooks } from '../sync/qb-list-store.js'
import { nameBook } from '../sync/qb-mapping.js'
import { type AnswerEvent, savedStatus } from '../sync/sync-decisions.js'
import { contentsAt, type PlannedAttempt, type WorkSession } from './desktop-transport.js'

export interface PaymentAnswer {
  paymentId: string
  event: AnswerEvent
  /** QuickBooks' TxnID of the payment, when it holds it. */
  qbTxnId: string | null
  record: { outcome: 'UNKNOWN' | 'SUCCEEDED' | 'FAILED'; code: number | null; message: string | null }
}

export function createDesktopPayments(options: { newRequestId?: () => string } = {}) {
  const newRequestId = options.newRequestId ?? (() => randomBytes(6).toString('hex'))

  return {
    /**
     * The requests for claimed payments, each applied to its invoice as QuickBooks has it: the
     * invoice's TxnID, and the customer QuickBooks has the invoice under.
     * A payment that cannot be written (QuickBooks would refuse it as it stands) is returned apart.
     */
    async build(
      tx: Executor,
      s: WorkSession,
      payments: PaymentRow[],
      profile: CompanyProfile,
    ): Promise<{ requests: QbxmlRequest[]; attempts: PlannedAttempt[]; unsendable: { paymentId: string; error: ErrorDescription }[] }> {
      const out = {
        requests: [] as QbxmlRequest[],
        attempts: [] as PlannedAttempt[],
        unsendable: [] as { paymentId: string; error: ErrorDescription }[],
      }
      if (payments.length === 0) return out
      const invoiceIds = [...new Set(payments.map((p) => p.invoiceId))]
      const states = await tx
        .select({
          invoiceId: invoiceSyncStates.invoiceId,
          qbTxnId: invoiceSyncStates.qbTxnId,
          syncedVersion: invoiceSyncStates.syncedVersion,
        })
        .from(invoiceSyncStates)
        .where(and(eq(invoiceSyncStates.connectionId, s.connectionId), inArray(invoiceSyncStates.invoiceId, invoiceIds)))
      const stateOf = new Map(states.map((st) => [st.invoiceId, st]))
      const synced = await contentsAt(
        tx,
        states.filter((st) => st.syncedVersion !== null).map((st) => ({ invoiceId: st.invoiceId, version: st.syncedVersion! })),
      )
      const contents = new Map(states.map((st) => [st.invoiceId, synced.get(`${st.invoiceId}:${st.syncedVersion}`)]))
      const book = await nameBook(
        tx,
        s.tenantId,
        [...contents.values()].filter((c) => c !== undefined),
        s.connectionId,
      )
      const customerIds = [...new Set([...contents.values()].flatMap((c) => (c ? [c.customerId] : [])))]
      const mapped = await customersInQuickBooks(tx, s.connectionId, customerIds)
      for (const p of payments) {
        const state = stateOf.get(p.invoiceId)
        const content = contents.get(p.invoiceId)
        if (!state?.qbTxnId || !content) {
          out.unsendable.push({
            paymentId: p.id,
            error: {
              ...describeStatus(3120),
              code: 'PAYMENT_NOT_POSSIBLE',
              message: 'QuickBooks has no confirmed copy of this invoice through this connection.',
            },
          })
          continue
        }
        // The customer QuickBooks has the invoice under: the one it was last synced with, by the name
        // QuickBooks has it under (as invoices name it).
        const customer: QbRef = { fullName: mapped.get(content.customerId) ?? book.customerName(content.customerId) }
        const kind = paymentRequest(p)
        const rid = newRequestId()
        try {
          const request =
            kind === 'PAYMENT_QUERY'
              ? buildReceivePaymentQuery(`pq-${rid}`, { customer, date: p.date }, { version: profile.version })
              : buildReceivePaymentAdd(
                  `p-${rid}`,
                  {
                    customer,
                    date: p.date,
                    amount: p.amount,
                    method: p.method,
                    reference: p.reference,
                    memo: p.memo,
                    invoiceTxnId: state.qbTxnId,
                  },
                  p.externalGuid,
                  { version: profile.version },
                )
          out.requests.push(request)
          out.attempts.push({
            invoiceId: p.invoiceId,
            paymentId: p.id,
            requestId: request.requestId,
            kind,
            invoiceVersion: null,
            requestXml: request.xml,
          })
        } catch (err) {
          out.unsendable.push({
            paymentId: p.id,
            error: { ...describeStatus(3210, err instanceof Error ? err.message : String(err)), code: 'INVALID_FOR_QUICKBOOKS' },
          })
        }
      }
      return out
    },

    /** Each payment request's answer as an event: an add saved or refused, a lookup that found the payment's ExternalGUID or not. */
    read(sent: { requestId: string; kind: string; payment: PaymentRow }[], message: QbResponseMessage | null): PaymentAnswer[] {
      return sent.map(({ requestId, kind, payment }) => {
        const answer = message?.byRequestId.get(requestId)
        if (!answer)
          return {
            paymentId: payment.id,
            event: { type: 'NO_ANSWER' },
            qbTxnId: null,
            record: { outcome: 'UNKNOWN', code: null, message: null },
          }
        const record = {
          outcome: savedStatus(answer.statusCode) || answer.statusCode === 1 ? ('SUCCEEDED' as const) : ('FAILED' as const),
          code: answer.statusCode,
          message: answer.statusMessage,
        }
        if (kind === 'PAYMENT_QUERY') {
          if (answer.statusCode >= 1000)
            return {
              paymentId: payment.id,
              event: { type: 'LOOKUP_FAILED', error: describeStatus(answer.statusCode, answer.statusMessage) },
              qbTxnId: null,
              record,
            }
          const ours = answer.payments.find((x) => (x.externalGuid ?? '').toUpperCase() === payment.externalGuid.toUpperCase())
          return { paymentId: payment.id, event: { type: 'LOOKUP_ADD', found: ours !== undefined }, qbTxnId: ours?.txnId ?? null, record }
        }
        if (savedStatus(answer.statusCode)) {
          const ret = answer.payments[0]
          return { paymentId: payment.id, event: { type: 'SAVED', recorded: ret !== undefined }, qbTxnId: ret?.txnId ?? null, record }
        }
        return {
          paymentId: payment.id,
          event: { type: 'REFUSED', statusCode: answer.statusCode, error: describeStatus(answer.statusCode, answer.statusMessage) },
          qbTxnId: null,
          record,
        }
      })
    },
  }
}
