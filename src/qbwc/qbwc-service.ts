// What the QuickBooks Web Connector's eight calls do, as an orchestration of three parts: the
// session store (sessions and requests, session-store.ts), the QuickBooks Desktop transport (qbXML
// built from claimed work, answers read into events, desktop-transport.ts) and the engine's rules
// (sync-decisions.ts), whose decisions the sync state store writes (sync-state-store.ts).
// Each sendRequestXML claims work with row locks (two instances never send the same change) and
// records every request before answering; receiveResponseXML applies each answer by requestID. An
// add whose outcome is unknown is looked up in QuickBooks (ExternalGUID) before anything is sent
// again, so no invoice is created twice.
import { randomBytes } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { type Clock, systemClock } from '../clock.js'
import { type CheckInRecorder, createCheckInRecorder } from '../connections/connection-service.js'
import { DUMMY_PASSWORD_HASH, type PasswordCheck, verifyPassword } from '../connections/wc-password.js'
import type { Db, Executor } from '../db/client.js'
import { preparedStatement } from '../db/prepared.js'
import { connections, syncAttempts } from '../db/schema.js'
import { anyDuePayment, applyPaymentOutcome, claimDuePayments, countDuePayments, paymentsByIds } from '../payments/payment-store.js'
import { laterQbDateTime } from '../qbxml/datetime.js'
import { describeStatus, type ErrorDescription, withQuickBooksWords } from '../qbxml/error-catalog.js'
import { CONSERVATIVE_PROFILE, type CompanyProfile } from '../qbxml/profile.js'
import type { QbResponseMessage } from '../qbxml/responses.js'
import type { TxnType } from '../sync/credit-memos.js'
import { isListRead, LIST_READS, readsFor } from '../sync/list-decisions.js'
import { decidePayment } from '../sync/payment-rules.js'
import { matchByName, removeEntries, saveEntries } from '../sync/qb-list-store.js'
import { cursorsFromJson, cursorsJsonSql, loadCursor, loadCursors, type ReadKind, saveCursor } from '../sync/read-cursor-store.js'
import {
  afterRead,
  decideCopy,
  EMPTY_CURSOR,
  type NextRead,
  newPayments,
  nextRead,
  passDue,
  READ_OVERLAP_MS,
  type ReadCapacity,
  type ReadCursor,
  type ReadPolicy,
  underWay,
} from '../sync/read-decisions.js'
import { type AnswerEvent, type Decision, decide, messageFailed, progressPercent, summarize } from '../sync/sync-decisions.js'
import type { Confirmation, SyncResults } from '../sync/sync-results.js'
import {
  anyDue,
  anyExported,
  applyFlags,
  checkConfirmed,
  claimDue,
  countDue,
  countSkipped,
  exportedSql,
  invoiceReadFloor,
} from '../sync/sync-state-store.js'
import { storedProfile } from './company-profile.js'
import { createDesktopPayments, type PaymentAnswer } from './desktop-payments.js'
import { createDesktopReads } from './desktop-reads.js'
import {
  createDesktopTransport,
  isInvoiceKind,
  PAYMENT_KINDS,
  type ReadAnswer,
  type SentAttempt,
  type WorkSession,
} from './desktop-transport.js'
import { createLoginThrottle, DEFAULT_LOGIN_THROTTLE, type FailureRow, type LoginThrottlePolicy } from './login-throttle.js'
import { createSessionStore, NOTHING_LEFT } from './session-store.js'

export const SERVER_VERSION = 'invoice-sync 0.1.0'

/**
 * The source a sandbox connection's own Web Connector player logs in from (in process, never an
 * address): a sandbox connection is refused from anywhere else, and any other connection from it,
 * so a sandbox can never be served by a real company file nor a real one by the simulation.
 */
export const SANDBOX_SOURCE = 'sandbox:in-process'

export interface QbwcOptions {
  db: Db
  results: SyncResults
  publicUrl: string
  /** Requests per sendRequestXML (default 50). */
  batchSize: number
  log: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void }
  /** The time and ids (default: the system's). */
  clock?: Clock
  /** Wrong Web Connector passwords per source address before it waits (default DEFAULT_LOGIN_THROTTLE). */
  loginThrottle?: LoginThrottlePolicy
  /** Checks a password against a stored hash (default: wc-password.ts); injectable to count the work. */
  verifyPassword?: (password: string, stored: string) => Promise<PasswordCheck>
  /** Where successful logins are noted as check-ins (default: each written at once). */
  checkIns?: CheckInRecorder
  /** Reading back from QuickBooks (config.qbRead); null or absent: writes only. */
  readBack?: (Omit<ReadPolicy, 'overlapMs'> & { lists: boolean }) | null
}

/** The error a payment shows: the service's words, then QuickBooks' own. */
const paymentError = (e: ErrorDescription) => ({
  code: e.code,
  message: withQuickBooksWords(e),
  fix: e.fix,
})

/** What each transaction read asks QuickBooks for. */
const TXN_OF_READ: Record<'INVOICES' | 'CREDIT_MEMOS', TxnType> = { INVOICES: 'INVOICE', CREDIT_MEMOS: 'CREDIT_MEMO' }

const UNKNOWN_TICKET = 'The session is unknown or has expired; the Web Connector will start a new one at its next run.'

export type QbwcService = ReturnType<typeof createQbwcService>

export function createQbwcService(options: QbwcOptions) {
  const { db, results, batchSize, log } = options
  const clock = options.clock ?? systemClock
  const now = clock.now
  const helpUrl = (e: ErrorDescription) => `${options.publicUrl}${e.helpPath}`
  const loginThrottle = createLoginThrottle(db, options.loginThrottle ?? DEFAULT_LOGIN_THROTTLE, now)
  const verify = options.verifyPassword ?? verifyPassword
  const checkIns =
    options.checkIns ?? createCheckInRecorder(db, { flushMs: 0, onError: (err) => log.warn({ err }, 'check-in not written') })
  const sessions = createSessionStore(db, clock)
  const transport = createDesktopTransport({ log })
  const reads = createDesktopReads()
  const payments = createDesktopPayments()
  const readPolicy: (ReadPolicy & { lists: boolean }) | null = options.readBack ? { ...options.readBack, overlapMs: READ_OVERLAP_MS } : null

  /** The connection's work due now: invoices (but `except`, held by a session) and payments. */
  async function workDue(tx: Executor, connectionId: string, except: string[] = []): Promise<number> {
    return (await countDue(tx, connectionId, now(), except)) + (await countDuePayments(tx, connectionId, now()))
  }

  /**
   * The reads due for the connection by its cursors: a list (the company's, by its profile as last
   * seen), or invoices and credit memos (which count only once QuickBooks has one of ours).
   */
  function readsDueBy(
    cursors: Map<ReadKind, ReadCursor>,
    session: { readRounds: number; startedAt: Date } | null,
    profile: CompanyProfile,
  ): { lists: boolean; transactions: TxnType[] } {
    if (!readPolicy || (session?.readRounds ?? 0) >= readPolicy.roundsPerSession) return { lists: false, transactions: [] }
    const due = readsFor(profile, readPolicy.lists).filter((kind) =>
      passDue(cursors.get(kind) ?? EMPTY_CURSOR, now(), readPolicy, session?.startedAt ?? null),
    )
    return {
      lists: due.some(isListRead),
      transactions: due.filter((kind) => !isListRead(kind)).map((kind) => TXN_OF_READ[kind as 'INVOICES' | 'CREDIT_MEMOS']),
    }
  }

  /** Whether a read from QuickBooks is due for the connection now (readsDueBy, with what it asks looked up). */
  async function readsDue(
    connectionId: string,
    session: { readRounds: number; startedAt: Date } | null,
    profile: CompanyProfile,
  ): Promise<boolean> {
    if (!readPolicy || (session?.readRounds ?? 0) >= readPolicy.roundsPerSession) return false
    const due = readsDueBy(await loadCursors(db, connectionId), session, profile)
    if (due.lists) return true
    for (const type of due.transactions) if (await anyExported(db, connectionId, type)) return true
    return false
  }

  /**
   * A login's lookup, in one statement: the connection by its username (unique index) and the
   * source address's failures (primary key), whether or not the username exists.
   */
  const lookUpStatement = preparedStatement<{
    id: string | null
    tenantId: string
    passwordHash: string
    disabledAt: Date | null
    sandbox: boolean
    qbPreferences: unknown
    companyFilePath: string | null
    lastCheckInAt: Date | string | null
    failures: number | null
    lastFailureAt: Date | string | null
  }>(
    db,
    () => sql`select c.id, c.tenant_id as "tenantId", c.password_hash as "passwordHash",
        c.disabled_at as "disabledAt", c.sandbox, c.qb_preferences as "qbPreferences", c.company_file_path as "companyFilePath",
        c.last_check_in_at as "lastCheckInAt", f.failures, f.last_failure_at as "lastFailureAt"
      from (select 1) one
      left join ${connections} c on c.username = ${sql.placeholder('username')}
      left join qbwc_login_failures f on f.address = ${sql.placeholder('address')}`,
  )

  async function lookUp(username: string, address: string) {
    const [row] = await lookUpStatement({ username, address })
    const failures: FailureRow | null =
      row!.failures === null ? null : { failures: row!.failures, lastFailureAt: new Date(row!.lastFailureAt as string) }
    const connection =
      row!.id === null
        ? null
        : { ...row!, id: row!.id, lastCheckInAt: row!.lastCheckInAt === null ? null : new Date(row!.lastCheckInAt as string) }
    return { connection, failures }
  }

  /**
   * Whether a logged-in Web Connector has anything to do, in one statement of indexed lookups that
   * each stop at their first row: work due (invoices, payments), a session left open, and what the
   * read-back needs to decide (the cursors; whether QuickBooks has any of our invoices, credit memos).
   */
  const factsStatement = preparedStatement<{
    work: boolean
    payments: boolean
    open: boolean
    invoices: boolean
    creditMemos: boolean
    cursors: Record<string, unknown>[]
  }>(db, () => {
    // Placeholders where the connection and the time go (the fragments take them as values).
    const id = sql.placeholder('connectionId') as unknown as string
    const at = sql.placeholder('now') as unknown as Date
    return sql`select ${anyDue(db, id, at)} as "work", ${anyDuePayment(db, id, at)} as "payments",
        ${sessions.openSql(id)} as "open", ${exportedSql(db, id, 'INVOICE')} as "invoices",
        ${exportedSql(db, id, 'CREDIT_MEMO')} as "creditMemos", ${cursorsJsonSql(id)} as "cursors"`
  })

  async function checkInFacts(connectionId: string) {
    const rows = await factsStatement({ connectionId, now: now() })
    const row = rows[0]!
    return {
      workDue: row.work || row.payments,
      open: row.open,
      cursors: cursorsFromJson(row.cursors),
      exported: { INVOICE: row.invoices, CREDIT_MEMO: row.creditMemos } satisfies Record<TxnType, boolean>,
    }
  }

  /**
   * The read request of this round, recorded before it is sent; null when no read is due. Lists go
   * first (an export needs their names), then invoices, each read to its end before the next.
   */
  async function planRead(
    s: { id: string; tenantId: string; connectionId: string; readRounds: number; startedAt: Date },
    profile: CompanyProfile,
  ) {
    if (!readPolicy) return null
    return db.transaction(async (tx) => {
      for (const kind of readsFor(profile, readPolicy.lists)) {
        const cursor = await loadCursor(tx, s.connectionId, kind, true)
        if (!passDue(cursor, now(), readPolicy, s.startedAt)) continue
        const txn = isListRead(kind) ? null : TXN_OF_READ[kind]
        if (txn && !(await anyExported(tx, s.connectionId, txn))) continue
        // Invoices and credit memos: a connection's first pass starts at the first change QuickBooks
        // stamped on one of ours. Lists: the first pass reads them whole.
        const floor =
          txn && cursor.modifiedSince === null && cursor.passFrom === null ? await invoiceReadFloor(tx, s.connectionId, txn) : null
        const next = nextRead(
          cursor,
          { sessionId: s.id, sessionStartedAt: s.startedAt, roundsThisSession: s.readRounds, now: now(), floor },
          readPolicy,
        )
        if (next.type === 'NONE') continue
        const built = isListRead(kind)
          ? { ...reads.buildListRead(kind, next, profile, readPolicy.maxReturned), kind: 'LIST_READ' as const }
          : { ...reads.buildRead(next, profile, readPolicy.maxReturned, txn ?? 'INVOICE'), kind: 'INVOICE_READ' as const }
        await saveCursor(tx, { tenantId: s.tenantId, connectionId: s.connectionId, kind }, underWay(cursor, next), {
          entries: 0,
          error: null,
          requests: 1,
        })
        await sessions.recordRead(tx, s, built)
        return built.xml
      }
      return null
    })
  }

  /** What the session can still read, for a pass that may need windows. */
  function capacityOf(s: { readRounds: number }): ReadCapacity | undefined {
    if (!readPolicy) return undefined
    return {
      left: Math.max(0, readPolicy.roundsPerSession - s.readRounds) * readPolicy.maxReturned,
      session: readPolicy.roundsPerSession * readPolicy.maxReturned,
    }
  }

  /** The request a cursor's answer answers: Start or Continue of the pass (or window) under way. */
  function sentOf(cursor: ReadCursor, started: boolean): NextRead {
    const from = cursor.passFrom ? cursor.passFrom : null
    return started
      ? { type: 'START', from, to: cursor.passTo }
      : { type: 'CONTINUE', from, to: cursor.passTo, iteratorId: cursor.iteratorId ?? '' }
  }

  /**
   * A list read's answer: the entries kept, links following renames, new entries matched by name
   * (and, once the pass is through, every reference still unlinked), the cursor moved on.
   */
  async function applyListRead(s: WorkSession & { readRounds: number }, attempt: SentAttempt, message: QbResponseMessage | null) {
    const of = reads.listOf(attempt.requestId)
    if (!of) return
    const answer = message?.byRequestId.get(attempt.requestId)
    const { answer: read, entries } = reads.listAnswer(of.list, answer)
    const key = { tenantId: s.tenantId, connectionId: s.connectionId }
    const lists = LIST_READS[of.list].lists
    const deleted = read.type === 'READ' ? reads.listDeleted(attempt.requestId, message) : []
    await db.transaction(async (tx) => {
      await saveEntries(tx, key, entries, now())
      await removeEntries(tx, s.connectionId, deleted)
      await matchByName(tx, key, lists, entries, now())
      const cursor = await loadCursor(tx, s.connectionId, of.list, true)
      const next = afterRead(cursor, sentOf(cursor, of.started), read, { sessionId: s.id, now: now(), capacity: capacityOf(s) })
      // A pass read through: references made since the last one are matched too.
      if (read.type === 'READ' && next.passFrom === null) await matchByName(tx, key, lists, null, now())
      const error =
        read.type === 'FAILED' ? (read.error ? `${read.error.title}: ${read.error.message}` : 'QuickBooks did not answer the read.') : null
      await saveCursor(tx, { ...key, kind: of.list }, next, { entries: entries.length, error, requests: 0 })
    })
    if (read.type === 'FAILED')
      log.warn(
        { connectionId: s.connectionId, list: of.list, error: read.error?.code ?? 'no answer' },
        'QuickBooks list read failed; retried later',
      )
    await sessions.readAnswered(s, attempt.id, {
      outcome: !answer ? 'UNKNOWN' : read.type === 'READ' ? 'SUCCEEDED' : 'FAILED',
      code: answer?.statusCode ?? null,
      message: answer?.statusMessage ?? null,
      entries: entries.length,
    })
  }

  /**
   * The answers to payments' requests in `message` (or, when the whole message failed, `failed` for
   * each), decided by the engine's rules for an add and written with the requests' outcomes.
   */
  async function applyPayments(sent: SentAttempt[], message: QbResponseMessage | null, failed?: AnswerEvent): Promise<void> {
    if (sent.length === 0) return
    const rows = new Map(
      (
        await paymentsByIds(
          db,
          sent.flatMap((a) => (a.paymentId ? [a.paymentId] : [])),
        )
      ).map((p) => [p.id, p]),
    )
    const known = sent.flatMap((a) => {
      const payment = a.paymentId ? rows.get(a.paymentId) : undefined
      return payment ? [{ attempt: a, requestId: a.requestId, kind: a.kind, payment }] : []
    })
    const read = payments.read(known, message)
    const answers: PaymentAnswer[] = failed ? read.map((r) => ({ ...r, event: failed })) : read
    await db.transaction(async (tx) => {
      for (const [i, answer] of answers.entries()) {
        const { attempt, payment } = known[i]!
        const kind = attempt.kind === 'PAYMENT_QUERY' ? 'PAYMENT_QUERY' : 'PAYMENT_ADD'
        const decision = decidePayment(payment, kind, answer.event, now())
        await applyPaymentOutcome(
          tx,
          {
            paymentId: payment.id,
            flags: decision.flags,
            ...(decision.effect ? { effect: decision.effect } : {}),
            qbTxnId: answer.qbTxnId,
            ...(decision.error ? { error: paymentError(decision.error) } : {}),
          },
          now(),
        )
        if (message)
          await tx
            .update(syncAttempts)
            .set({
              outcome: answer.record.outcome,
              statusCode: answer.record.code,
              statusMessage: answer.record.message,
              respondedAt: now(),
            })
            .where(eq(syncAttempts.id, attempt.id))
      }
    })
  }

  /** A read request's answer: copies compared and kept, changes made in QuickBooks shown, the cursor moved on. */
  async function applyRead(
    s: WorkSession & { readRounds: number },
    attempt: SentAttempt,
    message: QbResponseMessage | null,
    profile: CompanyProfile,
  ): Promise<void> {
    const answer = message?.byRequestId.get(attempt.requestId)
    const { answer: read, copies } = reads.readAnswer(answer)
    const compared = await reads.compare(db, s, copies, profile)
    const decided = compared.map((c) => ({ ...c, decision: c.event ? decideCopy(c.copyState, c.event) : ({ effect: 'NONE' } as const) }))
    await results.copiesRead(
      s.tenantId,
      s.connectionId,
      decided.map((d) => ({ ...d.read, editSequence: d.decision.effect === 'KEEP_SEQUENCE' ? d.decision.editSequence : null })),
    )
    for (const d of decided) {
      if (d.decision.effect !== 'REFUSE') continue
      const ctx = { tenantId: s.tenantId, invoiceId: d.state.invoiceId, connectionId: s.connectionId, sessionId: s.id }
      await results.refused(ctx, d.decision.error, helpUrl(d.decision.error), {
        ifStillSettled: true,
        differences: d.decision.changes,
        ...(d.event?.copy === 'CHANGED' ? { copy: { ret: d.ret, profile } } : {}),
      })
    }
    // Deleted in QuickBooks: the deletion's time is kept as the copy's last change, so it is told once.
    const deleted = await reads.deleted(db, s, attempt.requestId, message)
    await results.copiesRead(
      s.tenantId,
      s.connectionId,
      deleted.map((d) => ({ invoiceId: d.invoiceId, timeModified: d.timeDeleted, payment: null, editSequence: null })),
    )
    for (const d of deleted) {
      const ctx = { tenantId: s.tenantId, invoiceId: d.invoiceId, connectionId: s.connectionId, sessionId: s.id }
      await results.refused(ctx, d.error, helpUrl(d.error))
    }
    // An invoice pass, or a credit memo pass (its own cursor; payments and deletions go with invoices).
    const readKind = reads.txnOfRead(attempt.requestId) === 'CREDIT_MEMO' ? 'CREDIT_MEMOS' : 'INVOICES'
    await db.transaction(async (tx) => {
      const cursor = await loadCursor(tx, s.connectionId, readKind, true)
      const sent: NextRead = reads.refreshed(attempt.requestId)
        ? { type: 'REFRESH', txnIds: cursor.refresh.slice(0, readPolicy?.maxReturned ?? cursor.refresh.length) }
        : sentOf(cursor, reads.started(attempt.requestId))
      // Payments read with a pass's first request: the invoices of ours that new ones paid are read
      // again; the payments are remembered so the next pass's overlap skips them.
      if (read.type === 'READ' && readKind === 'INVOICES' && reads.started(attempt.requestId)) {
        const payments = newPayments(reads.paymentsRead(attempt.requestId, message), cursor.seenPayments, READ_OVERLAP_MS)
        read.refresh = await reads.ours(tx, s, payments.appliedTo)
        read.seenPayments = payments.keys
        read.newest = laterQbDateTime(read.newest, payments.newest)
      }
      if (read.type === 'READ') read.readTxnIds = copies.map((c) => c.txnId)
      const error =
        read.type === 'FAILED' ? (read.error ? `${read.error.title}: ${read.error.message}` : 'QuickBooks did not answer the read.') : null
      await saveCursor(
        tx,
        { tenantId: s.tenantId, connectionId: s.connectionId, kind: readKind },
        afterRead(cursor, sent, read, { sessionId: s.id, now: now(), capacity: capacityOf(s) }),
        { entries: copies.length, error, requests: 0 },
      )
    })
    if (read.type === 'FAILED')
      log.warn({ connectionId: s.connectionId, error: read.error?.code ?? 'no answer' }, 'QuickBooks read failed; retried later')
    await sessions.readAnswered(s, attempt.id, {
      outcome: !answer ? 'UNKNOWN' : read.type === 'READ' ? 'SUCCEEDED' : 'FAILED',
      code: answer?.statusCode ?? null,
      message: answer?.statusMessage ?? null,
      entries: copies.length,
    })
  }

  /**
   * Applies the decisions about answered requests: the flags in one statement, then Action Required
   * and resumed invoices one by one (each locks its invoice). Confirmations are the caller's.
   */
  async function apply(s: WorkSession, decided: { attempt: SentAttempt; decision: Decision }[]): Promise<void> {
    await applyFlags(
      db,
      s.connectionId,
      decided
        .filter(({ decision }) => decision.effect !== 'CONFIRM')
        .map(({ attempt, decision }) => ({ invoiceId: attempt.invoiceId!, flags: decision.flags })),
    )
    for (const { attempt, decision } of decided) {
      const ctx = { tenantId: s.tenantId, invoiceId: attempt.invoiceId!, connectionId: s.connectionId, sessionId: s.id }
      if (decision.effect === 'REFUSE')
        await results.refused(ctx, decision.error!, helpUrl(decision.error!), {
          needsReconcile: decision.flags.needsReconcile ?? false,
          ...(decision.details ? { differences: decision.details.differences, copy: decision.details.copy } : {}),
        })
      if (decision.effect === 'RESUME') await results.resumed(ctx)
      if (decision.flags.nextAttemptAt)
        log.info({ invoiceId: attempt.invoiceId, failures: decision.flags.transientFailures }, 'QuickBooks busy; retried later')
    }
  }

  /** Decides each answered request of an invoice (customer adds carry no state of their own). */
  function decideAll(answers: { attempt: SentAttempt; event: AnswerEvent }[]) {
    return answers.flatMap(({ attempt, event }) => {
      const state = attempt.state
      if (!isInvoiceKind(attempt.kind) || !state) return []
      const engineState = {
        status: state.status,
        exportStatus: state.exportStatus,
        hasTxnId: state.qbTxnId !== null,
        needsReconcile: state.needsReconcile,
        transientFailures: state.transientFailures,
      }
      return [{ attempt, decision: decide(engineState, attempt.kind, event, now()) }]
    })
  }

  return {
    /** Whether a ticket names a session open now: the door asks before it reads a large body or spends a caller's pre-login quota. */
    async isLiveTicket(ticket: string): Promise<boolean> {
      return ticket.length <= 512 && (await sessions.live(ticket)) !== undefined
    },

    serverVersion: () => SERVER_VERSION,

    clientVersion(version: string): string {
      const major = Number(/^(\d+)/.exec(version ?? '')?.[1] ?? 0)
      return major > 0 && major < 2 ? 'W:This service is tested with QuickBooks Web Connector 2.x; please update the Web Connector.' : ''
    },

    /**
     * `source` is the caller's address: wrong passwords are throttled per address, never per
     * connection, so a stranger who read the username in a .qwc cannot lock the real Web Connector
     * out. Unknown and disabled usernames (and a sandbox's from anywhere but its own player) are checked against a dummy hash of the same cost.
     */
    async authenticate(username: string, password: string, source: string): Promise<[string, string]> {
      // A sandbox's own player is not throttled: nobody types its password, and every sandbox shares that source.
      const throttled = source !== SANDBOX_SOURCE
      const { connection: found, failures } = await lookUp(username ?? '', source)
      const admitted = throttled ? loginThrottle.admit(source, failures) : { release: () => {} }
      if ('refused' in admitted) {
        log.warn(
          { source, until: admitted.refused?.toISOString() ?? null },
          admitted.refused
            ? 'Web Connector login refused: too many wrong passwords from this address'
            : 'Web Connector login refused: too many passwords from this address being checked at once',
        )
        return ['', 'nvu']
      }
      const connection = found && !found.disabledAt && found.sandbox === (source === SANDBOX_SOURCE) ? found : undefined
      let check: PasswordCheck
      try {
        check = await verify(password ?? '', connection?.passwordHash ?? DUMMY_PASSWORD_HASH)
        if (!connection || !check.ok) {
          // Counted (one upsert, refused while the address waits) before the check's place is given back.
          const counted = throttled ? await loginThrottle.attempt(source) : null
          log.warn({ connectionId: connection?.id, source, failures: counted }, 'wrong Web Connector username or password')
          return ['', 'nvu']
        }
      } finally {
        admitted.release()
      }
      // A right password writes nothing unless something changed: the address's failures to forget,
      // an old hash to replace, a check-in older than a minute (noted, written in a batch).
      if (throttled && failures) await loginThrottle.succeeded(source)
      if (check.upgrade) await db.update(connections).set({ passwordHash: check.upgrade }).where(eq(connections.id, connection.id))
      await checkIns.note(connection.id, connection.lastCheckInAt, now())
      const facts = await checkInFacts(connection.id)
      const reads = facts.workDue ? null : readsDueBy(facts.cursors, null, storedProfile(connection.qbPreferences) ?? CONSERVATIVE_PROFILE)
      const reading = reads !== null && (reads.lists || reads.transactions.some((type) => facts.exported[type]))
      // Work held by a session nobody will finish (the Web Connector or this service was killed) is
      // not due above; that session is expired when the new one opens, its requests looked up.
      if (!facts.workDue && !reading && !facts.open) return ['', 'none']
      const backlog = facts.workDue ? await workDue(db, connection.id) : 0
      const ticket = randomBytes(24).toString('base64url')
      const opened = await sessions.open(connection, ticket, (tx) => workDue(tx, connection.id), backlog, reading)
      return opened ? [ticket, connection.companyFilePath ?? ''] : ['', 'none']
    },

    async sendRequestXML(args: {
      ticket: string
      strHCPResponse?: string
      strCompanyFileName?: string
      qbXMLCountry?: string
      qbXMLMajorVers?: number
      qbXMLMinorVers?: number
    }): Promise<string> {
      const s = await sessions.live(args.ticket)
      if (!s) return ''
      const chosen = await sessions.profile(s, args, log)
      if (!chosen) return ''
      const { profile, guessed } = chosen
      const round = await db.transaction(async (tx) => {
        const claimed = await claimDue(tx, s.connectionId, now(), batchSize, s.heldInvoices)
        // Payments take the round's places the invoices left, after them in the message.
        const claimedPayments = await claimDuePayments(tx, s.connectionId, now(), batchSize - claimed.length)
        if (claimed.length === 0 && claimedPayments.length === 0) return null
        const paymentRequests = await payments.build(tx, s, claimedPayments, profile)
        for (const { paymentId, error } of paymentRequests.unsendable)
          await applyPaymentOutcome(tx, { paymentId, flags: {}, effect: 'REFUSE', error: paymentError(error) }, now())
        const built = await transport.buildRound(tx, s, claimed, profile, guessed, paymentRequests)
        await sessions.recordRound(tx, s, built.xml ? built.attempts : [], built.held)
        return built
      })
      // Refusals of invoices QuickBooks would refuse as they stand are marked after the claim commits
      // (they take the invoice's lock, which the claim held), and only if nothing moved since the
      // build: an edit or a Bypass made in between is the person's newer word.
      for (const { invoiceId, version, message } of round?.unsendable ?? []) {
        await results.refused(
          { tenantId: s.tenantId, invoiceId, connectionId: s.connectionId, sessionId: s.id },
          { ...describeStatus(3210, message), code: 'INVALID_FOR_QUICKBOOKS' },
          helpUrl(describeStatus(3210)),
          { ifStillDueAt: version },
        )
      }
      if (!round?.xml) {
        // Nothing was sent. "NoOp" makes the Web Connector wait about 5 s and ask again: right while
        // due work remains that this call could not take (rows an edit held for a moment, or a batch
        // refused whole at build time). With none left (or only held invoices) a read from
        // QuickBooks goes, if one is due; else the session ends.
        const left = await workDue(db, s.connectionId, [...s.heldInvoices, ...(round?.held ?? [])])
        const read = left > 0 ? null : await planRead(s, profile)
        if (read) return read
        await sessions.touch(s.id, { lastError: left > 0 ? 'NoOp' : NOTHING_LEFT })
        return ''
      }
      return round.xml
    },

    async receiveResponseXML(args: { ticket: string; response?: string; hresult?: string; message?: string }): Promise<number> {
      const taken = await sessions.takeAnswers(args.ticket)
      if (!taken) return -1
      const { session: s } = taken
      // Read requests carry no invoice: their answers are the reader's, after the writes'. Payments'
      // requests are the payments', after the invoices'.
      const readsSent = taken.sent.filter((a) => a.kind === 'INVOICE_READ' || a.kind === 'LIST_READ')
      const paymentsSent = taken.sent.filter((a) => PAYMENT_KINDS.has(a.kind))
      const sent = taken.sent.filter((a) => !readsSent.includes(a) && !paymentsSent.includes(a))
      if (args.hresult && !args.response) {
        // QuickBooks failed at the COM level and answered no request: none of them when it could not
        // parse the message (a defect, kept with the requests), else an unknown part of them.
        const { error, unread } = transport.readFailure(args.hresult, args.message ?? '')
        await sessions.recordOutcome(
          taken.sent.map((a) => a.id),
          { outcome: unread ? 'FAILED' : 'UNKNOWN', hresult: error.code, statusMessage: args.message ?? null },
        )
        await apply(s, decideAll(sent.map((attempt) => ({ attempt, event: messageFailed(unread, error) }))))
        await applyPayments(paymentsSent, null, messageFailed(unread, error))
        await sessions.touch(s.id, { lastError: `${error.title}: ${error.message} ${error.fix}` })
        return -1
      }
      let message
      try {
        message = transport.parse(args.response ?? '')
      } catch (err) {
        log.error({ err: { message: (err as Error).message } }, 'unreadable qbXML answer')
        // Lookups owed first (it finds the requests still SENT), then the answer kept with them.
        await sessions.markUnknown(db, [s.id])
        await sessions.recordOutcome(
          taken.sent.map((a) => a.id),
          { outcome: 'UNKNOWN', responseXml: args.response ?? null },
        )
        await sessions.touch(s.id, { lastError: 'QuickBooks answered with a document this service could not read.' })
        return -1
      }
      const profile = storedProfile(s.preferences) ?? CONSERVATIVE_PROFILE
      const answers = await transport.readAnswers(db, s, sent, args.response ?? '', message, profile)
      const decided = decideAll(answers)
      await apply(s, decided)
      const confirmationOf = new Map(answers.flatMap((a) => (a.confirmation ? [[a.attempt.id, a.confirmation] as const] : [])))
      const confirmations: Confirmation[] = decided.flatMap(({ attempt, decision }) =>
        decision.effect === 'CONFIRM' ? [confirmationOf.get(attempt.id)!] : [],
      )
      // Requests whose invoice waits for a later try: kept as RETRY, so the session's summary can say so.
      const deferred = new Set(
        decided.filter(({ decision }) => decision.flags.nextAttemptAt !== undefined).map(({ attempt }) => attempt.id),
      )
      const tally = {
        synced: decided.filter(({ decision }) => decision.counts === 'synced').length,
        failed: decided.filter(({ decision }) => decision.counts === 'failed').length,
      }
      // The round's answers, confirmations and progress: one write statement, one commit.
      const { changes, progress } = await db.transaction(async (tx) => {
        const planned = await results.planConfirmations(tx, confirmations)
        const row = await sessions.finishRound(
          tx,
          s,
          answers.map((a: ReadAnswer) => ({ ...a, deferred: deferred.has(a.attempt.id) })),
          planned.parts,
          planned.confirmed,
          [...confirmations.map((c) => c.ctx.invoiceId), ...s.heldInvoices],
          tally,
        )
        checkConfirmed(planned, row.confirmed)
        return { changes: planned.changes, progress: { ...row, more: row.more || planned.changes.some((c) => c.to === 'PENDING') } }
      })
      results.publish(changes)
      await applyPayments(paymentsSent, message)
      for (const attempt of readsSent)
        if (attempt.kind === 'LIST_READ') await applyListRead(s, attempt, message)
        else await applyRead(s, attempt, message, profile)
      const more = progress.more || (await countDuePayments(db, s.connectionId, now())) > 0 || (await readsDue(s.connectionId, s, profile))
      return progressPercent(progress.done ?? 0, progress.total ?? 0, more)
    },

    async getLastError(ticket: string): Promise<string> {
      const row = await sessions.lastError(ticket)
      // A ticket whose session timed out or was replaced by a newer login is told so, never "NoOp"
      // (the Web Connector would keep polling a dead ticket). A session this service ended with an
      // error (a negative percentage, an old QuickBooks) keeps its explanation.
      const over =
        !row ||
        row.status === 'EXPIRED' ||
        (row.status === 'ACTIVE' && row.expiresAt <= now()) ||
        (row.status !== 'ACTIVE' && row.lastError === 'NoOp')
      if (over) return UNKNOWN_TICKET
      return row.lastError ?? 'No error.'
    },

    async connectionError(args: { ticket: string; hresult?: string; message?: string }): Promise<string> {
      const s = await sessions.live(args.ticket)
      if (s) {
        const { error } = transport.readFailure(args.hresult ?? '', args.message ?? '')
        await sessions.markUnknown(db, [s.id])
        await sessions.end(s.id, {
          status: 'FAILED',
          lastError: `${error.title}: ${error.message} ${error.fix}`,
          summary: `QuickBooks could not be opened (${error.code}).`,
        })
        log.warn({ connectionId: s.connectionId, hresult: error.code }, 'Web Connector could not open QuickBooks')
      }
      return 'done'
    },

    /** Ends the session with a summary a person reads: what was synced, what needs action, and what went wrong, if anything. */
    async closeConnection(ticket: string): Promise<string> {
      const s = await sessions.live(ticket)
      if (!s) return 'OK'
      await sessions.markUnknown(db, [s.id])
      const tally = await sessions.tally(s.id)
      const skipped = await countSkipped(db, s.connectionId)
      const summary = summarize({ ...tally, skipped, error: sessions.isError(s.lastError) ? s.lastError : null })
      await sessions.end(s.id, { status: 'CLOSED', summary, syncedCount: tally.synced, failedCount: tally.failed }, skipped)
      return summary
    },
  }
}
