// A payment sent to QuickBooks follows the engine's rules for an add (sync-decisions.ts): what is
// sent, and what an answer does, are the invoice add's, read through this mapping. So a payment is
// recorded exactly once the way an invoice is: sent with an ExternalGUID; a lost answer is looked
// up (by that ExternalGUID) before anything is sent again; busy answers wait; a refusal needs a
// person. Pure.
import type { SyncStatus } from '../domain/sync-status.js'
import { type AnswerEvent, type Decision, decide, type EngineState } from './sync-decisions.js'

export type PaymentRequestKind = 'PAYMENT_ADD' | 'PAYMENT_QUERY'

/** What the rules read of a payment. */
export interface PaymentState {
  status: 'PENDING' | 'SYNCED' | 'ACTION_REQUIRED'
  needsReconcile: boolean
  transientFailures: number
  qbTxnId: string | null
}

/** A payment as the engine's state of an add that QuickBooks has not confirmed. */
export function paymentEngineState(p: PaymentState): EngineState {
  const status: SyncStatus = p.status === 'ACTION_REQUIRED' ? 'ACTION_REQUIRED' : p.status === 'SYNCED' ? 'SYNCED' : 'PENDING'
  return {
    status,
    exportStatus: p.status === 'SYNCED' ? 'EXPORTED' : 'QUEUED',
    hasTxnId: p.qbTxnId !== null,
    needsReconcile: p.needsReconcile,
    transientFailures: p.transientFailures,
  }
}

/** A lookup first when the outcome of what was sent is unknown, else the add. */
export function paymentRequest(p: Pick<PaymentState, 'needsReconcile'>): PaymentRequestKind {
  return p.needsReconcile ? 'PAYMENT_QUERY' : 'PAYMENT_ADD'
}

/** What an answer to a payment's request does: the add's rules. */
export function decidePayment(p: PaymentState, kind: PaymentRequestKind, event: AnswerEvent, now: Date): Decision {
  return decide(paymentEngineState(p), kind === 'PAYMENT_QUERY' ? 'INVOICE_QUERY' : 'INVOICE_ADD', event, now)
}
