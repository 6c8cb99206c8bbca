// Payments the source app records against an exported invoice, for both doors: recorded here at
// once (one transaction), refused when they would overpay or when QuickBooks has no copy of the
// invoice yet, then sent by the Web Connector as ReceivePaymentAdd applied to the invoice.
import { z } from 'zod'
import { type Actor, requirePermission } from '../auth/actor.js'
import { type Clock, systemClock } from '../clock.js'
import type { Db } from '../db/client.js'
import { compare, parseDecimal, subtract, toFixed } from '../decimal.js'
import { AppError, NotFoundError } from '../errors.js'
import { totalOf } from '../invoices/invoice-model.js'
import { createInvoiceRepository } from '../invoices/invoice-repository.js'
import { parseInput } from '../validation.js'
import { decimalString, isoDate } from '../values.js'
import { insertPayment, type PaymentRow, paymentsOf, unreflectedPayments } from './payment-store.js'

export class PaymentRefused extends AppError {
  constructor(code: string, message: string, field: string | null, status: number) {
    super(code, message, status, field ? [{ field, code, message }] : [])
  }
}

export const recordPaymentInput = z
  .object({
    id: z.string().min(1),
    amount: decimalString({ integerDigits: 13, scale: 2, min: 0.01 }),
    date: isoDate,
    /** QuickBooks payment method name (Check, Cash, Visa, ...); it must exist in QuickBooks. */
    method: z.string().trim().min(1).max(31).nullish(),
    /** RefNumber in QuickBooks, e.g. the check number. */
    reference: z.string().trim().min(1).max(20).nullish(),
    memo: z.string().max(4095).nullish(),
    connectionId: z.string().nullish(),
  })
  .strict()

/** A payment with the field names both doors show. */
export function paymentView(p: PaymentRow) {
  return {
    id: p.id,
    invoiceId: p.invoiceId,
    connectionId: p.connectionId,
    amount: p.amount,
    date: p.date,
    method: p.method,
    reference: p.reference,
    memo: p.memo,
    status: p.status,
    qbTxnId: p.qbTxnId,
    lastError: p.lastErrorCode ? { code: p.lastErrorCode, message: p.lastErrorMessage ?? '', fix: p.lastErrorFix } : null,
    createdAt: p.createdAt,
    syncedAt: p.syncedAt,
  }
}

export type PaymentView = ReturnType<typeof paymentView>

export function createPaymentService(db: Db, clock: Clock = systemClock) {
  const repo = createInvoiceRepository(db)
  const { newId } = clock

  return {
    /**
     * Records a payment to send to QuickBooks, applied to the invoice there. Refused (nothing saved)
     * when QuickBooks has not confirmed the invoice yet, or when the payment is more than what is
     * still owed: QuickBooks' balance as last read (or the invoice's total here before any read),
     * less the payments recorded here that balance does not show yet.
     */
    async record(actor: Actor, raw: unknown): Promise<PaymentView> {
      requirePermission(actor, 'invoices:write', 'record a payment')
      const input = parseInput(recordPaymentInput, raw)
      return db.transaction(async (tx) => {
        const invoice = await repo.find(actor.tenantId, input.id, tx, { forUpdate: true })
        if (!invoice) throw new NotFoundError('invoice', input.id)
        const states = (await repo.syncStatesOf([invoice.id], tx, { forUpdate: true })).get(invoice.id) ?? []
        const confirmed = states.filter((s) => s.qbTxnId !== null && s.exportStatus === 'EXPORTED')
        if (!input.connectionId && confirmed.length > 1)
          throw new PaymentRefused(
            'CONNECTION_REQUIRED',
            'This invoice is in several QuickBooks company files: choose the connection the payment goes to.',
            'connectionId',
            400,
          )
        const state = input.connectionId ? confirmed.find((s) => s.connectionId === input.connectionId) : confirmed[0]
        if (!state)
          throw new PaymentRefused(
            'PAYMENT_NOT_POSSIBLE',
            'QuickBooks has not confirmed this invoice yet (through that connection), so a payment cannot be applied to it there. Record the payment once the invoice is exported.',
            input.connectionId ? 'connectionId' : 'id',
            409,
          )
        if (state.qbTxnType === 'CREDIT_MEMO')
          throw new PaymentRefused(
            'PAYMENT_NOT_POSSIBLE',
            'This invoice is a credit memo in QuickBooks (its total is negative): nothing is owed on it, so no payment can be applied to it. Apply the credit to another invoice in QuickBooks, or refund it there.',
            'id',
            409,
          )
        const balance = state.qbBalance ?? totalOf(invoice.lines)
        const pending = await unreflectedPayments(tx, invoice.id, state.connectionId, state.qbBalance === null ? null : state.qbReadAt)
        const owed = subtract(parseDecimal(balance), parseDecimal(pending))
        if (compare(parseDecimal(input.amount), owed) > 0)
          throw new PaymentRefused(
            'OVERPAYMENT',
            `This payment of ${toFixed(parseDecimal(input.amount), 2)} is more than the ${toFixed(owed, 2)} still owed on the invoice (${
              state.qbBalance === null ? "its total here; QuickBooks' balance has not been read yet" : "QuickBooks' balance as last read"
            }${compare(parseDecimal(pending), parseDecimal('0')) > 0 ? `, less ${toFixed(parseDecimal(pending), 2)} recorded here and not yet in that balance` : ''}).`,
            'amount',
            422,
          )
        const id = newId()
        const saved = await insertPayment(tx, {
          id,
          tenantId: actor.tenantId,
          invoiceId: invoice.id,
          connectionId: state.connectionId,
          amount: toFixed(parseDecimal(input.amount), 2),
          date: input.date,
          method: input.method ?? null,
          reference: input.reference ?? null,
          memo: input.memo ?? null,
          externalGuid: `{${newId().toUpperCase()}}`,
          createdByUserId: actor.userId,
          createdByApiKeyId: actor.apiKeyId,
        })
        return paymentView(saved)
      })
    },

    async list(actor: Actor, invoiceId: string): Promise<PaymentView[]> {
      const invoice = await repo.find(actor.tenantId, invoiceId, db)
      if (!invoice) throw new NotFoundError('invoice', invoiceId)
      return (await paymentsOf(db, actor.tenantId, [invoiceId])).get(invoiceId)!.map(paymentView)
    },

    /** The payments of invoices the caller already read (GraphQL's Invoice.payments, one statement per batch). */
    async ofInvoices(tenantId: string, invoiceIds: readonly string[]): Promise<Map<string, PaymentView[]>> {
      const rows = await paymentsOf(db, tenantId, invoiceIds)
      return new Map([...rows].map(([id, list]) => [id, list.map(paymentView)]))
    },
  }
}

export type PaymentService = ReturnType<typeof createPaymentService>
