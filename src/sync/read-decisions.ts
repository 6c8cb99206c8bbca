// The rules of reading back from QuickBooks, in one place and pure: when a connection's read runs,
// how a pass walks QuickBooks' iterator (resumed, restarted when its session ended), what a copy of
// an exported invoice read from QuickBooks means for its sync state, and its payment status.
// Writes always go first: a read is asked for only in a round that carries no write.
//
//   the read cursor                               next read
//   reads this session at the limit                none (the next session goes on)
//   waiting after a failed read                   none until the wait is over
//   a pass under way, its iterator alive          Continue it
//   a pass under way, its iterator's session over Start it again from the pass's own date
//   a pass's first answer says more is left than    read it in windows of modification dates, each
//     the session can still read                      sized to fit a session (its end estimated from
//                                                     the dates of the entries in hand); a window read
//                                                     through moves the pass on to the next one
//   invoices a payment read was applied to         read them again by TxnID (their balance moved);
//                                                 a payment the last pass read is not read twice
//   no pass under way, the last one is recent     none
//   no pass under way, this session completed one none (one pass per session)
//   no pass under way, due                        Start a pass from the newest change read
//                                                 (minus an overlap for clock and DST quirks)
//
//   a copy of an exported invoice                 decision
//   a request for it is out or owed, or a change  nothing about its content: the write meets
//     of ours waits to be sent                      QuickBooks' copy itself (3200, then a lookup)
//   holds what we last synced                     keep QuickBooks' EditSequence (a payment, say,
//                                                   moved it) so our next change is not stale
//   differs from what we last synced              CHANGED_IN_QUICKBOOKS, shown at once, never
//                                                   overwritten
//   voided in QuickBooks (amounts zero, "VOID:")   VOIDED_IN_QUICKBOOKS, the same way as a change
//   deleted in QuickBooks (TxnDeletedQuery)        DELETED_IN_QUICKBOOKS at once, whatever waits
//   already needs a person's action               nothing (the person decides)
//   the same TimeModified as the copy last read    nothing new (a pass's overlap reads it again)
import { doublingDelay } from '../backoff.js'
import { compare, parseDecimal, subtract, toFixed, ZERO } from '../decimal.js'
import type { ExportStatus, SyncStatus } from '../domain/sync-status.js'
import { earlierQbDateTime, laterQbDateTime, parseQbDateTime } from '../qbxml/datetime.js'
import type { ErrorDescription } from '../qbxml/error-catalog.js'

/** Where a connection's read of one kind stands (a row of qb_read_cursors). */
export interface ReadCursor {
  /** The newest QuickBooks TimeModified of completed passes (QuickBooks' local time); null before the first. */
  modifiedSince: string | null
  /** A pass under way: the FromModifiedDate it started with ('' = from the beginning); null when none is. */
  passFrom: string | null
  /** The end of the window of the pass under way (ToModifiedDate); null: up to now. */
  passTo: string | null
  /** The newest TimeModified read so far in the pass under way. */
  passNewest: string | null
  iteratorId: string | null
  /** The session the iterator lives in: QuickBooks forgets it when that session ends. */
  iteratorSessionId: string | null
  /** Entries QuickBooks said were left in the iterator. */
  remaining: number | null
  lastCompletedAt: Date | null
  failures: number
  nextAttemptAt: Date | null
  /** TxnIDs of our invoices a payment read in QuickBooks was applied to: read again by TxnID. */
  refresh: string[]
  /** The payments the last pass read ("TxnID@TimeModified"), skipped when the next pass's overlap reads them again. */
  seenPayments: string[]
}

export const EMPTY_CURSOR: ReadCursor = {
  modifiedSince: null,
  passFrom: null,
  passTo: null,
  passNewest: null,
  iteratorId: null,
  iteratorSessionId: null,
  remaining: null,
  lastCompletedAt: null,
  failures: 0,
  nextAttemptAt: null,
  refresh: [],
  seenPayments: [],
}

export interface ReadPolicy {
  /** A new pass starts once the last one completed this long ago (0: every session). */
  intervalMs: number
  /** Entries per read request (MaxReturned). */
  maxReturned: number
  /** Read requests per session at most: a large first read goes on in the next session. */
  roundsPerSession: number
  /** How far before the newest change read a pass starts again. */
  overlapMs: number
}

export const READ_OVERLAP_MS = 5 * 60_000
/** A failed read waits 1 minute, doubling, at most an hour. */
const READ_RETRY_BASE_MS = 60_000
const READ_RETRY_MAX_MS = 60 * 60_000

export type NextRead =
  | { type: 'NONE' }
  /** `from`: FromModifiedDate; null reads from the beginning. */
  | { type: 'START'; from: string | null; to?: string | null }
  | { type: 'CONTINUE'; from: string | null; to?: string | null; iteratorId: string }
  /** Our invoices a payment was applied to, read again by TxnID (their balance moved). */
  | { type: 'REFRESH'; txnIds: string[] }

/**
 * Whether a read is due: a pass under way, or a new pass by the connection's schedule. A session
 * (`sessionStartedAt`, when asked for one) starts at most one pass: once it completed one, the
 * next waits for the next session.
 */
export function passDue(
  cursor: ReadCursor,
  now: Date,
  policy: Pick<ReadPolicy, 'intervalMs'>,
  sessionStartedAt: Date | null = null,
): boolean {
  if (cursor.nextAttemptAt && cursor.nextAttemptAt > now) return false
  if (cursor.passFrom !== null || cursor.refresh.length > 0) return true
  if (cursor.lastCompletedAt === null) return true
  if (sessionStartedAt && cursor.lastCompletedAt >= sessionStartedAt) return false
  return now.getTime() - cursor.lastCompletedAt.getTime() >= policy.intervalMs
}

/**
 * The read request of this round, if any. `floor`: where a connection's first pass starts (the
 * earliest change QuickBooks stamped on an invoice we sent it), null to read from the beginning.
 */
export function nextRead(
  cursor: ReadCursor,
  context: { sessionId: string; sessionStartedAt: Date; roundsThisSession: number; now: Date; floor: string | null },
  policy: ReadPolicy,
): NextRead {
  if (context.roundsThisSession >= policy.roundsPerSession) return { type: 'NONE' }
  if (!passDue(cursor, context.now, policy, context.sessionStartedAt)) return { type: 'NONE' }
  if (cursor.passFrom !== null) {
    const from = cursor.passFrom === '' ? null : cursor.passFrom
    const window = cursor.passTo ? { to: cursor.passTo } : {}
    if (cursor.iteratorId && cursor.iteratorSessionId === context.sessionId)
      return { type: 'CONTINUE', from, ...window, iteratorId: cursor.iteratorId }
    return { type: 'START', from, ...window }
  }
  if (cursor.refresh.length > 0) return { type: 'REFRESH', txnIds: cursor.refresh.slice(0, policy.maxReturned) }
  const since = cursor.modifiedSince ?? context.floor
  return { type: 'START', from: since === null ? null : (earlierQbDateTime(since, policy.overlapMs) ?? null) }
}

/** What QuickBooks answered to a read request, as the transport reads it. */
export type ReadOutcome =
  /**
   * Entries read (none, for "no match"): the newest TimeModified among them, and what is left;
   * `refresh`: our invoices that payments read with a pass's first request were applied to.
   */
  | {
      type: 'READ'
      newest: string | null
      iteratorId: string | null
      remaining: number | null
      refresh?: string[]
      /** The payments read with a pass's first request (payment keys), for the next pass to skip. */
      seenPayments?: string[]
      /** TxnIDs of the invoices this answer returned: read already, no longer to read again. */
      readTxnIds?: string[]
      /** The TimeModified of each entry returned (to size a window when the pass is too large for the session). */
      times?: string[]
    }
  /** An error (an iterator QuickBooks no longer knows, busy, ...), or no answer at all. */
  | { type: 'FAILED'; error: ErrorDescription | null }

/**
 * The cursor once a read request is recorded, before its answer: a new pass (or a window, or the
 * pass again after its iterator died) is under way from its own date, so an answer that never
 * comes starts it again from there. What a pass read before is kept (its newest change).
 */
export function underWay(cursor: ReadCursor, next: NextRead): ReadCursor {
  if (next.type !== 'START') return cursor
  return {
    ...cursor,
    passFrom: next.from ?? '',
    passTo: next.to ?? null,
    passNewest: cursor.passFrom === null ? null : cursor.passNewest,
    iteratorId: null,
    iteratorSessionId: null,
    remaining: null,
  }
}

/**
 * Where a window of modification dates should end so that about `capacity` of `total` entries fall
 * in it, from the dates of a sample of them (the first page of the pass: QuickBooks returns lists
 * by name, so their dates are a fair sample); a fifth is kept spare. The end is always later than
 * the start, so each window moves the pass on. Null when the sample cannot split the window (every
 * entry in it changed in the same second as the window's start, say).
 */
export function windowEnd(times: string[], capacity: number, total: number, from: string | null): string | null {
  const parsed = times
    .map((t) => ({ t, at: parseQbDateTime(t) }))
    .filter((x) => x.at !== null)
    .sort((a, b) => a.at!.ms - b.at!.ms)
  if (parsed.length === 0 || total <= 0) return null
  const share = Math.min(1, (capacity * 0.8) / total)
  const start = parseQbDateTime(from)
  // The window must end after it starts, so that every window moves the pass on.
  const later = parsed.slice(Math.min(parsed.length - 1, Math.floor(parsed.length * share)))
  const pick = later.find((x) => !start || x.at!.ms > start.ms)
  return pick ? pick.t : null
}

/**
 * What the session can still read: `left` entries (its read requests left times MaxReturned), and
 * `session` for a whole session. A window is sized to what is left when that is at least half a
 * session, else to the next session (this one ends before it could be read through).
 */
export interface ReadCapacity {
  left: number
  session: number
}

/** The cursor after a read request of `sent` was answered. */
export function afterRead(
  cursor: ReadCursor,
  sent: NextRead,
  answer: ReadOutcome,
  context: { sessionId: string; now: Date; capacity?: ReadCapacity },
): ReadCursor {
  if (sent.type === 'NONE') return cursor
  if (sent.type === 'REFRESH') {
    if (answer.type === 'FAILED') {
      const failures = cursor.failures + 1
      return {
        ...cursor,
        failures,
        nextAttemptAt: new Date(context.now.getTime() + doublingDelay(failures, READ_RETRY_BASE_MS, READ_RETRY_MAX_MS)),
      }
    }
    const done = new Set(sent.txnIds)
    return { ...cursor, refresh: cursor.refresh.filter((id) => !done.has(id)), failures: 0, nextAttemptAt: null }
  }
  const readNow = new Set(answer.type === 'READ' ? (answer.readTxnIds ?? []) : [])
  const refresh = [...new Set([...cursor.refresh, ...(answer.type === 'READ' ? (answer.refresh ?? []) : [])])].filter(
    (id) => !readNow.has(id),
  )
  const seenPayments = answer.type === 'READ' && answer.seenPayments ? answer.seenPayments : cursor.seenPayments
  const passFrom = sent.from ?? ''
  if (answer.type === 'FAILED') {
    const failures = cursor.failures + 1
    // The pass stays under way (restarted from its own date next time); the next try waits.
    return {
      ...cursor,
      passFrom,
      iteratorId: null,
      iteratorSessionId: null,
      remaining: null,
      failures,
      nextAttemptAt: new Date(context.now.getTime() + doublingDelay(failures, READ_RETRY_BASE_MS, READ_RETRY_MAX_MS)),
    }
  }
  const passNewest = laterQbDateTime(cursor.passNewest, answer.newest)
  const passTo = sent.to ?? null
  const remaining = answer.remaining ?? 0
  // More is left than the session can read: the rest of the pass goes in windows that each fit a
  // session (an iterator dies with its session; a pass started again from its own date would read
  // the same first part every time and never get through).
  const capacity = context.capacity
  // What every answer read moves on: no failure, the invoices and payments it brought.
  const read = { failures: 0, nextAttemptAt: null, refresh, seenPayments }
  const noIterator = { iteratorId: null, iteratorSessionId: null, remaining: null }
  if (sent.type === 'START' && answer.iteratorId && capacity && remaining > capacity.left) {
    const room = capacity.left >= capacity.session / 2 ? capacity.left : capacity.session
    const to = windowEnd(answer.times ?? [], room, remaining + (answer.times?.length ?? 0), sent.from)
    if (to !== null) return { ...cursor, ...read, ...noIterator, passFrom, passTo: to, passNewest }
  }
  if (answer.iteratorId && remaining > 0)
    return {
      ...cursor,
      ...read,
      passFrom,
      passTo,
      passNewest,
      iteratorId: answer.iteratorId,
      iteratorSessionId: context.sessionId,
      remaining: answer.remaining,
    }
  // A window read through: the pass goes on from where the window ended, up to now.
  if (passTo !== null) return { ...cursor, ...read, ...noIterator, passFrom: passTo, passTo: null, passNewest }
  // The pass is complete: the next one starts from the newest change it read (never earlier).
  return {
    modifiedSince: laterQbDateTime(cursor.modifiedSince, passNewest),
    passFrom: null,
    passTo: null,
    passNewest: null,
    iteratorId: null,
    iteratorSessionId: null,
    remaining: null,
    lastCompletedAt: context.now,
    failures: 0,
    nextAttemptAt: null,
    refresh,
    seenPayments,
  }
}

/**
 * The payments a pass's first request read that the last pass did not (a payment is known by its
 * TxnID and TimeModified, "TxnID@TimeModified": changed since, it is read again), the invoices they
 * were applied to, and the newest TimeModified among them (a pass's window moves on with payments
 * too). Only the payments within `overlapMs` of that newest are remembered: the next pass starts no
 * earlier than that, so older ones are never read again.
 */
export function newPayments(
  read: { key: string; appliedTo: string[] }[],
  seen: string[],
  overlapMs: number,
): { keys: string[]; appliedTo: string[]; newest: string | null } {
  const before = new Set(seen)
  const fresh = read.filter((p) => !before.has(p.key))
  const timeOf = (key: string) => key.slice(key.lastIndexOf('@') + 1)
  const newest = read.reduce<string | null>((n, p) => laterQbDateTime(n, timeOf(p.key)), null)
  const from = newest === null ? null : parseQbDateTime(earlierQbDateTime(newest, overlapMs))
  const keys = read
    .filter((p) => from === null || (parseQbDateTime(timeOf(p.key))?.ms ?? Number.POSITIVE_INFINITY) >= from.ms)
    .map((p) => p.key)
  return { keys, appliedTo: [...new Set(fresh.flatMap((p) => p.appliedTo))], newest }
}

export type PaymentStatus = 'UNPAID' | 'PARTIALLY_PAID' | 'PAID'

/**
 * An invoice's payment status from QuickBooks' total (Subtotal + SalesTaxTotal) and BalanceRemaining,
 * exact decimals; `isPaid` (QuickBooks' IsPaid) wins when given. Amount paid is what the balance no
 * longer owes (payments and credits applied).
 */
export function paymentOf(
  total: string,
  balance: string,
  isPaid: boolean | null,
): { amountPaid: string; balance: string; paymentStatus: PaymentStatus } {
  const t = parseDecimal(total)
  const b = parseDecimal(balance)
  const paid = subtract(t, b)
  let paymentStatus: PaymentStatus
  if (isPaid === true || (compare(b, ZERO) <= 0 && compare(t, ZERO) > 0)) paymentStatus = 'PAID'
  else if (compare(paid, ZERO) > 0) paymentStatus = 'PARTIALLY_PAID'
  else paymentStatus = 'UNPAID'
  return { amountPaid: toFixed(paid, 2), balance: toFixed(b, 2), paymentStatus }
}

/** What the rules read of an invoice's state when a copy of it comes back from QuickBooks. */
export interface CopyState {
  status: SyncStatus
  exportStatus: ExportStatus
  inFlight: boolean
  needsReconcile: boolean
  qbEditSequence: string | null
  /** The TimeModified of the copy last confirmed or read. */
  qbTimeModified: string | null
}

/** A copy of an exported invoice read from QuickBooks, compared with what we last synced. */
export type CopyEvent = { timeModified: string | null } & (
  | { copy: 'AS_SYNCED'; editSequence: string }
  | { copy: 'CHANGED'; editSequence: string; changes: string[]; error: ErrorDescription }
  /** Voided in QuickBooks: its amounts there are zero, its memo says VOID. */
  | { copy: 'VOIDED'; editSequence: string; error: ErrorDescription }
)

export type CopyDecision =
  | { effect: 'NONE' }
  | { effect: 'KEEP_SEQUENCE'; editSequence: string }
  | { effect: 'REFUSE'; error: ErrorDescription; changes: string[] }

/** Whether a copy's content is compared at all: not while our own write is under way or waiting. */
export function copyComparable(state: CopyState): boolean {
  if (state.inFlight || state.needsReconcile) return false
  if (state.exportStatus !== 'EXPORTED') return false
  return state.status === 'NOT_APPLICABLE' || state.status === 'SYNCED' || state.status === 'BYPASSED'
}

export function decideCopy(state: CopyState, event: CopyEvent): CopyDecision {
  if (!copyComparable(state)) return { effect: 'NONE' }
  // The copy already read (a pass's overlap reads it again): nothing new, and a change a person has
  // already dealt with (bypassed, say) is not raised twice.
  if (event.timeModified !== null && event.timeModified === state.qbTimeModified) return { effect: 'NONE' }
  if (event.copy === 'CHANGED') return { effect: 'REFUSE', error: event.error, changes: event.changes }
  if (event.copy === 'VOIDED') return { effect: 'REFUSE', error: event.error, changes: [] }
  return event.editSequence !== state.qbEditSequence ? { effect: 'KEEP_SEQUENCE', editSequence: event.editSequence } : { effect: 'NONE' }
}

/**
 * An exported invoice QuickBooks says was deleted: shown at once (a change waiting for it could
 * never be applied), unless a person already sees that it was.
 */
export function decideDeleted(
  state: { hasTxnId: boolean; status: SyncStatus; lastErrorCode: string | null; qbTimeModified: string | null },
  timeDeleted: string | null,
): 'REFUSE' | 'NONE' {
  if (!state.hasTxnId) return 'NONE'
  // The deletion already read (its time is kept as the copy's last TimeModified): a person may have
  // bypassed it since, and it is not raised twice.
  if (timeDeleted !== null && state.qbTimeModified === timeDeleted) return 'NONE'
  return state.status === 'ACTION_REQUIRED' && state.lastErrorCode === DELETED_IN_QUICKBOOKS ? 'NONE' : 'REFUSE'
}

export const DELETED_IN_QUICKBOOKS = 'DELETED_IN_QUICKBOOKS'
export const VOIDED_IN_QUICKBOOKS = 'VOIDED_IN_QUICKBOOKS'
