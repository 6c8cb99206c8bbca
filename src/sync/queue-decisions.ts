// What waits for a connection and why, in one place and pure: the request each piece of work will
// go as, and what holds it back. The Web Connector's claim takes the due ones in the work index's
// order (retries due first, then the longest waiting); the held ones come after, each with why.
//
//   a state of work                                   in the queue as
//   in flight (its request is out, no answer yet)     held: IN_FLIGHT
//   dated before the connection's sync start date    held: BEFORE_SYNC_START (never sent)
//   QuickBooks was busy, the retry is later           held: BACKOFF until the retry
//   otherwise                                         due: goes at the next round, in order
import { nextRequest, type RequestKind } from './sync-decisions.js'

export type HeldReason = 'IN_FLIGHT' | 'BEFORE_SYNC_START' | 'BACKOFF'

export interface QueueState {
  exportStatus: 'QUEUED' | 'EXPORTED' | 'FAILED' | 'BYPASSED'
  needsReconcile: boolean
  hasTxnId: boolean
  inFlight: boolean
  nextAttemptAt: Date | null
  invoiceDate: string
  syncStartDate: string | null
}

export interface QueueEntry {
  /** The request it will go as: an add, a change, or a lookup of an answer that was lost. */
  next: RequestKind
  held: { reason: HeldReason; until: Date | null } | null
}

/** Work waits for the Web Connector: a queued export, a pending change, or a lookup owed (sync-state-store's waitingWork in SQL). */
export function isWaiting(state: { exportStatus: string; status: string; needsReconcile: boolean }): boolean {
  return state.exportStatus === 'QUEUED' || state.status === 'PENDING' || state.needsReconcile
}

export function queueEntry(state: QueueState, now: Date): QueueEntry {
  const next = nextRequest(state)
  if (state.inFlight) return { next, held: { reason: 'IN_FLIGHT', until: null } }
  if (state.syncStartDate !== null && state.invoiceDate < state.syncStartDate)
    return { next, held: { reason: 'BEFORE_SYNC_START', until: null } }
  if (state.nextAttemptAt && state.nextAttemptAt > now) return { next, held: { reason: 'BACKOFF', until: state.nextAttemptAt } }
  return { next, held: null }
}

/** A connection is stale when the Web Connector has not been seen for this many of its scheduled intervals. */
export const STALE_AFTER_INTERVALS = 3

/** Whether a connection is stale: seen once, and not for STALE_AFTER_INTERVALS of its schedule since. */
export function isStale(lastContactAt: Date | null, schedulerMinutes: number, now: Date): boolean {
  if (!lastContactAt) return false
  return now.getTime() - lastContactAt.getTime() > STALE_AFTER_INTERVALS * schedulerMinutes * 60_000
}
