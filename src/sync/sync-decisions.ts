// The sync engine's rules, in one place and pure: what to send for an invoice on a connection, and
// what an answer (or its absence) does to that invoice's state. A transport (the Web Connector's
// qbXML today) turns QuickBooks' answers into the events below; the state store writes what the
// decision says. Nothing here reads a database or a clock: `now` is given.
//
//   answer to an add or change      decision
//   saved (0, or a warning 500-999)  confirm what was sent
//   saved, record not in the answer  look it up before anything is sent again
//   lost, or the message failed      look it up before anything is sent again (never resend blind)
//   3200 stale EditSequence          look it up; after a few in a row, also wait (backoff)
//   transient (busy, locked)         wait (backoff), then send again; after MAX, Action Required
//   anything else                    Action Required with QuickBooks' reason
//   message unreadable (0x80040400)  Action Required (nothing was processed: a defect, kept)
//
//   answer to a lookup              decision
//   QuickBooks could not answer      wait (backoff); after MAX, also Action Required, lookups go on
//   our add is there                 confirm it (the version the lost add carried)
//   our add is not there             send it again (a held invoice resumes)
//   the change we sent is there      confirm it
//   QuickBooks holds what we synced  send the change again (a held invoice resumes)
//   someone changed it in QuickBooks CHANGED_IN_QUICKBOOKS, never overwritten
//   the invoice is gone              Action Required (3120)
import { doublingDelay } from '../backoff.js'
import type { ExportStatus, SyncStatus } from '../domain/sync-status.js'
import type { ErrorDescription } from '../qbxml/error-catalog.js'

/** Transient failures (busy answers, failed lookups) before a person is asked to act. */
export const MAX_TRANSIENT_FAILURES = 5
/** 3200 answers in a row for one invoice before its next try waits (backoff) instead of going at once. */
export const STALE_SEQUENCES_BEFORE_WAITING = 3
/** The busy backoff: 30 s, doubling, at most an hour. */
export const RETRY_BASE_MS = 30_000
export const RETRY_MAX_MS = 60 * 60_000

export type RequestKind = 'INVOICE_QUERY' | 'INVOICE_ADD' | 'INVOICE_MOD'

/** What the rules read of one invoice's state on one connection. */
export interface EngineState {
  status: SyncStatus
  exportStatus: ExportStatus
  /** QuickBooks' TxnID is known (the add was confirmed). */
  hasTxnId: boolean
  /** The outcome of something sent is unknown: QuickBooks is asked before anything is sent again. */
  needsReconcile: boolean
  transientFailures: number
}

/**
 * The request a claimed state gets this round: a lookup first when an outcome is unknown, an add
 * until QuickBooks has the invoice, a change after.
 */
export function nextRequest(state: Pick<EngineState, 'needsReconcile' | 'exportStatus' | 'hasTxnId'>): RequestKind {
  if (state.needsReconcile) return 'INVOICE_QUERY'
  return state.exportStatus === 'QUEUED' || !state.hasTxnId ? 'INVOICE_ADD' : 'INVOICE_MOD'
}

/** QuickBooks processed the request: OK, or a warning (500-999: saved, e.g. a field ignored). */
export const savedStatus = (statusCode: number): boolean => statusCode === 0 || (statusCode >= 500 && statusCode < 1000)

/** What a transport read from QuickBooks about one request (an add, a change or a lookup). */
export type AnswerEvent =
  /** No answer for it: lost with the message, the session ended, or QuickBooks failed mid-message. */
  | { type: 'NO_ANSWER' }
  /** QuickBooks could not read the message it was in: nothing in it was processed. */
  | { type: 'MESSAGE_UNREAD'; error: ErrorDescription }
  /** An add or change saved; `recorded`: the answer shows what QuickBooks holds. */
  | { type: 'SAVED'; recorded: boolean }
  /** An add or change refused, with the reason a person reads. */
  | { type: 'REFUSED'; statusCode: number; error: ErrorDescription }
  /** A lookup QuickBooks could not answer (an error, not "no match"). */
  | { type: 'LOOKUP_FAILED'; error: ErrorDescription }
  /** A lookup for an add whose outcome was unknown: whether QuickBooks has our invoice. */
  | { type: 'LOOKUP_ADD'; found: boolean }
  /** A lookup for a change whose outcome was unknown: what QuickBooks' copy holds. */
  | {
      type: 'LOOKUP_MOD'
      copy: 'GONE' | 'AS_SENT' | 'AS_SYNCED' | 'CHANGED'
      changes?: string[]
      editSequence?: string
      error?: ErrorDescription
      /** QuickBooks' copy as the transport read it, with the company's preferences (kept with the error: a person may accept it). */
      ret?: unknown
    }

/** Flags of the state a decision sets (in flight is always cleared: the answer is in). */
export interface StateFlags {
  needsReconcile?: boolean
  transientFailures?: number
  nextAttemptAt?: Date
  qbEditSequence?: string
}

export interface Decision {
  flags: StateFlags
  /** CONFIRM: QuickBooks holds what was sent. RESUME: a held invoice goes out again. REFUSE: Action Required. */
  effect?: 'CONFIRM' | 'RESUME' | 'REFUSE'
  /** The error shown with REFUSE. */
  error?: ErrorDescription
  /** What is kept with the error: the differences found and QuickBooks' copy. */
  details?: { differences: string[]; copy: unknown }
  /** How the session's summary counts this invoice. */
  counts?: 'synced' | 'failed' | 'deferred'
}

const waitAfter = (failures: number, now: Date): Date => new Date(now.getTime() + doublingDelay(failures, RETRY_BASE_MS, RETRY_MAX_MS))

/**
 * What an answer to a request of `kind` does to the invoice's state. Pure: the state as it was
 * when the request was claimed, the event the transport read, and the time now.
 */
export function decide(state: EngineState, kind: RequestKind, event: AnswerEvent, now: Date): Decision {
  const failures = state.transientFailures + 1
  switch (event.type) {
    case 'NO_ANSWER':
      return { flags: { needsReconcile: true } }
    case 'MESSAGE_UNREAD':
      // A lookup that could not be read leaves the outcome it was asking about unknown.
      return { flags: { needsReconcile: kind === 'INVOICE_QUERY' }, effect: 'REFUSE', error: event.error }
    case 'SAVED':
      // Saved, but the answer does not show what QuickBooks holds: ask it.
      return event.recorded ? { flags: {}, effect: 'CONFIRM', counts: 'synced' } : { flags: { needsReconcile: true } }
    case 'REFUSED':
      if (event.statusCode === 3200) {
        // Stale EditSequence: read the invoice, then decide. When it keeps moving (open and saved in
        // QuickBooks over and over), the next tries wait instead of looping in this session.
        if (failures >= STALE_SEQUENCES_BEFORE_WAITING)
          return {
            flags: { needsReconcile: true, transientFailures: failures, nextAttemptAt: waitAfter(failures, now) },
            counts: 'deferred',
          }
        return { flags: { needsReconcile: true, transientFailures: failures } }
      }
      if (event.error.category === 'transient' && failures < MAX_TRANSIENT_FAILURES) {
        return { flags: { transientFailures: failures, nextAttemptAt: waitAfter(failures, now) }, counts: 'deferred' }
      }
      return { flags: { needsReconcile: false }, effect: 'REFUSE', error: event.error, counts: 'failed' }
    case 'LOOKUP_FAILED': {
      // Still unknown: asked again later, never taken as absent (that would send an add twice, or
      // call a change lost). After several tries a person sees why, and the lookups go on.
      const wait = { needsReconcile: true, transientFailures: failures, nextAttemptAt: waitAfter(failures, now) }
      if (failures >= MAX_TRANSIENT_FAILURES) return { flags: wait, effect: 'REFUSE', error: event.error, counts: 'failed' }
      return { flags: wait, counts: 'deferred' }
    }
    case 'LOOKUP_ADD':
      // Found: confirmed (the confirmation clears the lookup in the same write). Not found: it never
      // reached QuickBooks, so it is sent again; one held in Action Required goes out again too.
      if (event.found) return { flags: {}, effect: 'CONFIRM', counts: 'synced' }
      return { flags: { needsReconcile: false }, ...(state.status === 'ACTION_REQUIRED' ? { effect: 'RESUME' as const } : {}) }
    case 'LOOKUP_MOD':
      switch (event.copy) {
        case 'AS_SENT':
          // Whatever the status now (bypassed since, say), QuickBooks holding exactly what that change
          // carried means it was applied: confirmed, never read as an edit made in QuickBooks.
          return { flags: {}, effect: 'CONFIRM', counts: 'synced' }
        case 'AS_SYNCED':
          // Only the sequence moved: the change goes again with QuickBooks' new EditSequence.
          return {
            flags: { needsReconcile: false, ...(event.editSequence ? { qbEditSequence: event.editSequence } : {}) },
            ...(state.status === 'ACTION_REQUIRED' ? { effect: 'RESUME' as const } : {}),
          }
        case 'GONE':
          return { flags: { needsReconcile: false }, effect: 'REFUSE', error: event.error, counts: 'failed' }
        case 'CHANGED':
          return {
            flags: { needsReconcile: false },
            effect: 'REFUSE',
            error: event.error,
            ...(event.ret !== undefined ? { details: { differences: event.changes ?? [], copy: event.ret } } : {}),
            counts: 'failed',
          }
      }
  }
}

/** What a message QuickBooks failed whole (an HRESULT, no answers) means for its requests. */
export function messageFailed(unread: boolean, error: ErrorDescription): AnswerEvent {
  // When QuickBooks could not parse the message it processed none of it. Any other failure may
  // have come after it saved some of the requests, so their outcome is unknown.
  return unread ? { type: 'MESSAGE_UNREAD', error } : { type: 'NO_ANSWER' }
}

/**
 * The Web Connector's progress: 100 ends the session. Measured against the backlog counted at login
 * (work added since only slows the climb); never 100 while work is left, never 0 (an error).
 */
export function progressPercent(done: number, total: number, more: boolean): number {
  if (!more) return 100
  return Math.max(1, Math.min(99, Math.floor((done / Math.max(total, done + 1)) * 100)))
}

export interface SessionTally {
  /** Invoices QuickBooks confirmed in the session: changes (synced) and, of those, adds (exported). */
  synced: number
  exported?: number
  failed: number
  /** Queued invoices dated before the connection's sync start date. */
  skipped?: number
  /** Left for a later session because QuickBooks was busy. */
  deferred?: number
  /** Sent, but QuickBooks never said what became of them: looked up at the next session. */
  unknown?: number
  /** Not sent because QuickBooks did not say which features the company uses. */
  held?: number
  /** Invoices read back from QuickBooks. */
  read?: number
  /** Payments recorded here that QuickBooks confirmed in the session. */
  payments?: number
  /** What went wrong with the session itself, in words, if anything. */
  error?: string | null
}

/** The one-line summary a person reads in the Web Connector and in the session's history. */
export function summarize(tally: SessionTally): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
  const { synced, failed, exported = 0, skipped = 0, deferred = 0, unknown = 0, held = 0, read = 0, payments = 0 } = tally
  const changed = synced - exported
  const parts = [
    exported > 0 ? `${plural(exported, 'invoice', 'invoices')} exported` : null,
    changed > 0 ? `${plural(changed, 'invoice', 'invoices')} synced` : null,
    payments > 0 ? `${plural(payments, 'payment', 'payments')} recorded in QuickBooks` : null,
    failed > 0 ? `${plural(failed, 'needs', 'need')} action` : null,
    deferred > 0 ? `${plural(deferred, 'invoice', 'invoices')} to retry (QuickBooks was busy)` : null,
    unknown > 0
      ? `${plural(unknown, 'invoice', 'invoices')} sent without an answer (looked up in QuickBooks at the next sync before anything is sent again)`
      : null,
    held > 0
      ? `${plural(held, 'invoice', 'invoices')} held (QuickBooks did not send its company preferences; sent at the next sync)`
      : null,
    skipped > 0 ? `${plural(skipped, 'invoice', 'invoices')} skipped (dated before the sync start date)` : null,
    read > 0 ? `${plural(read, 'invoice', 'invoices')} read from QuickBooks` : null,
  ].filter(Boolean)
  const error = tally.error ? `The session stopped: ${tally.error.trim()}` : null
  if (parts.length === 0) return error ?? 'Nothing to sync.'
  return error ? `${parts.join(', ')}. ${error}` : parts.join(', ')
}
