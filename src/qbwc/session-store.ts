// Web Connector sessions and the requests sent in them (qbwc_sessions, sync_attempts): what the
// engine reads and writes about a session, one statement per step where it can. Sessions live in
// Postgres, so any instance answers any call and a restart loses nothing.
import { createHash } from 'node:crypto'
import { and, eq, gt, inArray, isNull, type SQL, sql } from 'drizzle-orm'
import type { Clock } from '../clock.js'
import type { Db, Executor } from '../db/client.js'
import { oneStatement, type StatementPart, uuids } from '../db/one-statement.js'
import {
  connections,
  invoicePayments,
  invoiceRevisions,
  invoiceSyncStates,
  qbwcSessions,
  syncAttempts,
  syncStatusTransitions,
} from '../db/schema.js'
import type { InvoiceContent } from '../invoices/invoice-model.js'
import { owePaymentLookups, paymentsInFlightPart } from '../payments/payment-store.js'
import type { CompanyProfile } from '../qbxml/profile.js'
import type { SessionTally } from '../sync/sync-decisions.js'
import { ADDED_REASON, CONFIRMED_REASON } from '../sync/sync-state.js'
import { anyDue, inFlightPart, oweLookups } from '../sync/sync-state-store.js'
import { type OutboxEvent, recordEvents } from '../webhooks/outbox.js'
import { chooseProfile, type HcpArguments, storedProfile } from './company-profile.js'
import {
  INVOICE_KINDS,
  PAYMENT_KINDS,
  type PlannedAttempt,
  type ReadAnswer,
  type SentAttempt,
  type WorkSession,
} from './desktop-transport.js'

export const SESSION_MINUTES = 30

export type SessionRow = typeof qbwcSessions.$inferSelect

export const hashTicket = (ticket: string) => createHash('sha256').update(ticket).digest('hex')

/** Web Connector protocol words kept in last_error that are not errors. */
export const NOTHING_LEFT = 'Nothing left to send in this session.'
const PROTOCOL_NOTES = new Set(['NoOp', NOTHING_LEFT])

/** The `connection.session_completed` webhook event of a session that ended (closed, failed or expired). */
function sessionCompleted(row: SessionRow, skipped: number): OutboxEvent {
  const error = row.lastError && !PROTOCOL_NOTES.has(row.lastError) ? row.lastError : null
  return {
    tenantId: row.tenantId,
    type: 'connection.session_completed',
    data: {
      connectionId: row.connectionId,
      sessionId: row.id,
      status: row.status,
      summary: row.summary,
      synced: row.syncedCount,
      failed: row.failedCount,
      skipped,
      roundTrips: row.roundTrips,
      startedAt: row.startedAt.toISOString(),
      closedAt: row.closedAt?.toISOString() ?? null,
      lastError: error,
    },
  }
}

export function createSessionStore(db: Db, clock: Clock) {
  const now = clock.now
  const expiry = () => new Date(now().getTime() + SESSION_MINUTES * 60_000)

  /** Requests of these sessions still without an answer: their outcome is unknown; QuickBooks is asked before anything is resent. */
  async function markUnknown(tx: Executor, sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return
    const open = await tx
      .update(syncAttempts)
      .set({ outcome: 'UNKNOWN' })
      .where(and(inArray(syncAttempts.sessionId, sessionIds), eq(syncAttempts.outcome, 'SENT')))
      .returning({ id: syncAttempts.id, kind: syncAttempts.kind })
    await oweLookups(
      tx,
      open.filter((a) => INVOICE_KINDS.has(a.kind)).map((a) => a.id),
    )
    await owePaymentLookups(
      tx,
      open.filter((a) => PAYMENT_KINDS.has(a.kind)).map((a) => a.id),
    )
  }

  async function touch(id: string, set: Partial<typeof qbwcSessions.$inferInsert> = {}, tx: Executor = db): Promise<void> {
    await tx
      .update(qbwcSessions)
      .set({ lastSeenAt: now(), expiresAt: expiry(), ...set })
      .where(eq(qbwcSessions.id, id))
  }

  /** Ends the session (closed, failed) with its summary, and announces it. */
  async function end(id: string, set: Partial<typeof qbwcSessions.$inferInsert>, skipped = 0): Promise<void> {
    await db.transaction(async (tx) => {
      const [ended] = await tx
        .update(qbwcSessions)
        .set({ closedAt: now(), ...set })
        .where(eq(qbwcSessions.id, id))
        .returning()
      if (ended) await recordEvents(tx, [sessionCompleted(ended, skipped)], clock)
    })
  }

  return {
    markUnknown,
    end,

    async live(ticket: string, tx: Executor = db): Promise<SessionRow | undefined> {
      if (!ticket) return undefined
      const [row] = await tx
        .select()
        .from(qbwcSessions)
        .where(and(eq(qbwcSessions.ticketHash, hashTicket(ticket)), eq(qbwcSessions.status, 'ACTIVE'), gt(qbwcSessions.expiresAt, now())))
      return row
    },

    touch,

    /**
     * The profile the session writes its requests for (company-profile.ts decides): on its first call
     * what QuickBooks said, else what the connection learned before, else a guess. Kept with the
     * session; stored on the connection only when QuickBooks said it, so a guess never overwrites it.
     * Null: QuickBooks is older than qbXML 13.0, and the session has failed.
     */
    async profile(
      s: SessionRow,
      args: HcpArguments & { strCompanyFileName?: string },
      log: { warn(o: object, m?: string): void },
    ): Promise<{ profile: CompanyProfile; guessed: boolean } | null> {
      const known = storedProfile(s.preferences)
      if (known) return { profile: known, guessed: s.profileGuessed }
      const [connection] = await db
        .select({ preferences: connections.qbPreferences })
        .from(connections)
        .where(eq(connections.id, s.connectionId))
      const choice = chooseProfile(args, storedProfile(connection?.preferences))
      const profile = choice.profile
      if (!profile) {
        await touch(s.id, { lastError: 'This QuickBooks is older than 2014 (qbXML 13.0); it cannot be synced.', status: 'FAILED' })
        return null
      }
      if (choice.note) {
        const said = choice.guessed
          ? 'no company preferences from QuickBooks and none stored; invoices that need them are held'
          : 'no company preferences from QuickBooks; using the stored ones'
        log.warn({ connectionId: s.connectionId, guessed: choice.guessed, note: choice.note }, said)
      }
      const file = args.strCompanyFileName ?? null
      await touch(s.id, {
        preferences: profile,
        profileGuessed: choice.guessed,
        qbxmlVersion: profile.version,
        qbCountry: profile.country,
        companyFile: file,
      })
      if (choice.learned) {
        await db
          .update(connections)
          .set({ qbPreferences: profile, qbxmlVersion: profile.version, qbCountry: profile.country, qbCompanyFile: file })
          .where(eq(connections.id, s.connectionId))
      }
      return { profile, guessed: choice.guessed }
    },

    /** Whether the connection has a session open (a scalar subquery for the check-in statement). */
    openSql(connectionId: string): SQL {
      const query = db
        .select({ one: sql`1` })
        .from(qbwcSessions)
        .where(and(eq(qbwcSessions.connectionId, connectionId), eq(qbwcSessions.status, 'ACTIVE')))
        .limit(1)
      return sql`((${query}) is not null)`
    },

    /**
     * Opens a session for the connection (logins to one connection take turns on its row); an older
     * one left open is expired and its requests' outcomes become unknown. `backlog` counts the work
     * then; undefined when there is none.
     */
    async open(
      connection: { id: string; tenantId: string },
      ticket: string,
      countWork: (tx: Executor) => Promise<number>,
      backlog: number,
      readsDue = false,
    ): Promise<boolean> {
      return db.transaction(async (tx) => {
        // Without the lock two logins would both find no open session, and the second insert would
        // break the one-active-session index. It is the lock the lastSessionAt update takes anyway.
        await tx.select({ id: connections.id }).from(connections).where(eq(connections.id, connection.id)).for('no key update')
        const stale = await tx
          .update(qbwcSessions)
          .set({ status: 'EXPIRED', closedAt: now() })
          .where(and(eq(qbwcSessions.connectionId, connection.id), eq(qbwcSessions.status, 'ACTIVE')))
          .returning()
        if (stale.length > 0)
          await markUnknown(
            tx,
            stale.map((s) => s.id),
          )
        await recordEvents(
          tx,
          stale.map((row) => sessionCompleted(row, 0)),
          clock,
        )
        const work = stale.length > 0 ? await countWork(tx) : backlog
        if (work === 0 && !readsDue) return false
        // The backlog is counted once, here; the percentage done is measured against it.
        await tx.insert(qbwcSessions).values({
          ticketHash: hashTicket(ticket),
          tenantId: connection.tenantId,
          connectionId: connection.id,
          totalWork: work,
          expiresAt: expiry(),
        })
        await tx.update(connections).set({ lastSessionAt: now() }).where(eq(connections.id, connection.id))
        return true
      })
    },

    /** Records a round's requests, points each claimed state at its request, and counts the round trip: one statement. */
    async recordRound(tx: Executor, s: WorkSession, attempts: PlannedAttempt[], held: string[]): Promise<void> {
      if (attempts.length === 0) {
        if (held.length > 0)
          await tx
            .update(qbwcSessions)
            .set({ heldInvoices: sql`${qbwcSessions.heldInvoices} || ${uuids(held)}`, lastSeenAt: now(), expiresAt: expiry() })
            .where(eq(qbwcSessions.id, s.id))
        return
      }
      const rows = attempts.map((a) => ({
        tenant_id: s.tenantId,
        invoice_id: a.invoiceId,
        payment_id: a.paymentId ?? null,
        request_id: a.requestId,
        kind: a.kind,
        invoice_version: a.invoiceVersion,
        request_xml: a.requestXml,
      }))
      await tx.execute(
        oneStatement(
          [
            {
              name: 'v',
              sql: sql`select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(tenant_id uuid, invoice_id uuid, payment_id uuid, request_id text, kind sync_request_kind, invoice_version int, request_xml text)`,
            },
            {
              name: 'sent',
              // sent_at from the clock, row by row in the message's order, so an invoice's requests
              // read back in the order they went (a customer's add before its invoice's).
              sql: sql`insert into ${syncAttempts} (tenant_id, connection_id, session_id, invoice_id, payment_id, request_id, kind, invoice_version, request_xml, sent_at)
            select v.tenant_id, ${s.connectionId}::uuid, ${s.id}::uuid, v.invoice_id, v.payment_id, v.request_id, v.kind, v.invoice_version, v.request_xml, clock_timestamp()
            from v returning id, invoice_id, payment_id, kind`,
            },
            inFlightPart(
              'sent',
              s.connectionId,
              attempts.filter((a) => INVOICE_KINDS.has(a.kind)).map((a) => a.invoiceId),
              attempts.filter((a) => a.kind === 'INVOICE_ADD' && a.txnType === 'CREDIT_MEMO').map((a) => a.invoiceId),
            ),
            paymentsInFlightPart(
              'sent',
              s.connectionId,
              attempts.flatMap((a) => (a.paymentId ? [a.paymentId] : [])),
            ),
          ],
          sql`update ${qbwcSessions} set round_trips = round_trips + 1, held_invoices = held_invoices || ${uuids(held)}, last_seen_at = ${now()}, expires_at = ${expiry()} where id = ${s.id}::uuid`,
        ),
      )
    },

    /** Records a read request (no invoice of its own) and counts the round trip. */
    async recordRead(
      tx: Executor,
      s: WorkSession,
      read: { requestId: string; xml: string; kind: 'INVOICE_READ' | 'LIST_READ' },
    ): Promise<void> {
      await tx.insert(syncAttempts).values({
        tenantId: s.tenantId,
        connectionId: s.connectionId,
        sessionId: s.id,
        invoiceId: null,
        requestId: read.requestId,
        kind: read.kind,
        requestXml: read.xml,
      })
      await tx
        .update(qbwcSessions)
        .set({
          roundTrips: sql`${qbwcSessions.roundTrips} + 1`,
          readRounds: sql`${qbwcSessions.readRounds} + 1`,
          lastSeenAt: now(),
          expiresAt: expiry(),
        })
        .where(eq(qbwcSessions.id, s.id))
    },

    /** A read request's answer: its outcome kept with it, the entries it read counted for the session. */
    async readAnswered(
      s: WorkSession,
      attemptId: string,
      answer: { outcome: 'SUCCEEDED' | 'FAILED' | 'UNKNOWN'; code: number | null; message: string | null; entries: number },
    ): Promise<void> {
      await db.transaction(async (tx) => {
        await tx
          .update(syncAttempts)
          .set({ outcome: answer.outcome, statusCode: answer.code, statusMessage: answer.message, respondedAt: now() })
          .where(eq(syncAttempts.id, attemptId))
        await tx
          .update(qbwcSessions)
          .set({ readEntries: sql`${qbwcSessions.readEntries} + ${answer.entries}`, lastSeenAt: now(), expiresAt: expiry() })
          .where(eq(qbwcSessions.id, s.id))
      })
    },

    /**
     * The session, its requests in flight with their invoices' states and the content each carried
     * (one read), and the answer taken by this call only: the same answer delivered twice at once
     * would otherwise be applied twice. Requests another call took are not this call's.
     */
    async takeAnswers(ticket: string): Promise<
      | {
          session: WorkSession & { preferences: unknown; heldInvoices: string[]; readRounds: number; startedAt: Date }
          sent: SentAttempt[]
        }
      | undefined
    > {
      const rows = !ticket
        ? []
        : await db
            .select({
              session: {
                id: qbwcSessions.id,
                tenantId: qbwcSessions.tenantId,
                connectionId: qbwcSessions.connectionId,
                preferences: qbwcSessions.preferences,
                heldInvoices: qbwcSessions.heldInvoices,
                readRounds: qbwcSessions.readRounds,
                startedAt: qbwcSessions.startedAt,
              },
              attempt: {
                id: syncAttempts.id,
                requestId: syncAttempts.requestId,
                kind: syncAttempts.kind,
                invoiceId: syncAttempts.invoiceId,
                paymentId: syncAttempts.paymentId,
                invoiceVersion: syncAttempts.invoiceVersion,
              },
              state: invoiceSyncStates,
              snapshot: invoiceRevisions.snapshot,
            })
            .from(qbwcSessions)
            .leftJoin(syncAttempts, and(eq(syncAttempts.sessionId, qbwcSessions.id), eq(syncAttempts.outcome, 'SENT')))
            .leftJoin(
              invoiceSyncStates,
              and(eq(invoiceSyncStates.invoiceId, syncAttempts.invoiceId), eq(invoiceSyncStates.connectionId, syncAttempts.connectionId)),
            )
            .leftJoin(
              invoiceRevisions,
              and(eq(invoiceRevisions.invoiceId, syncAttempts.invoiceId), eq(invoiceRevisions.version, syncAttempts.invoiceVersion)),
            )
            .where(
              and(eq(qbwcSessions.ticketHash, hashTicket(ticket)), eq(qbwcSessions.status, 'ACTIVE'), gt(qbwcSessions.expiresAt, now())),
            )
      const session = rows[0]?.session
      if (!session) return undefined
      // Only these kinds are ever sent (the enum also names lookups of lists no request uses yet).
      const inFlight: SentAttempt[] = rows.flatMap((r) =>
        r.attempt
          ? [
              {
                ...r.attempt,
                kind: r.attempt.kind as SentAttempt['kind'],
                state: r.state,
                content: (r.snapshot as InvoiceContent | null) ?? null,
              },
            ]
          : [],
      )
      if (inFlight.length === 0) return { session, sent: [] }
      const taken = new Set(
        (
          await db
            .update(syncAttempts)
            .set({ respondedAt: now() })
            .where(
              and(
                inArray(
                  syncAttempts.id,
                  inFlight.map((a) => a.id),
                ),
                eq(syncAttempts.outcome, 'SENT'),
                isNull(syncAttempts.respondedAt),
              ),
            )
            .returning({ id: syncAttempts.id })
        ).map((r) => r.id),
      )
      return { session, sent: inFlight.filter((a) => taken.has(a.id)) }
    },

    /** Attempts answered as a whole: all failed or all unknown, with what QuickBooks (or the parser) said. */
    async recordOutcome(ids: string[], set: Partial<typeof syncAttempts.$inferInsert>): Promise<void> {
      if (ids.length > 0)
        await db
          .update(syncAttempts)
          .set({ respondedAt: now(), ...set })
          .where(inArray(syncAttempts.id, ids))
    },

    /**
     * The round's answers, the confirmation statement's parts and the session's progress in one
     * statement. Whether work is left is asked in it, leaving out the states this round confirmed
     * (their new state is the plan's: a confirmed invoice that stays PENDING says so itself).
     */
    async finishRound(
      tx: Executor,
      s: WorkSession,
      answers: (ReadAnswer & { deferred: boolean })[],
      confirmParts: StatementPart[],
      confirmedCount: SQL,
      notDue: string[],
      tally: { synced: number; failed: number },
    ) {
      const records = answers.map(({ attempt, record, deferred }) => ({
        id: attempt.id,
        ...record,
        outcome: deferred ? 'RETRY' : record.outcome,
      }))
      const done = answers.filter((a) => INVOICE_KINDS.has(a.attempt.kind)).length
      const { rows } = (await tx.execute(
        oneStatement(
          [
            {
              name: 'answers_input',
              sql: sql`select * from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as x(id uuid, outcome sync_outcome, code int, severity text, message text, xml text)`,
            },
            {
              name: 'answered',
              sql: sql`update ${syncAttempts} a set outcome = v.outcome, status_code = v.code, status_severity = v.severity, status_message = v.message, response_xml = v.xml, responded_at = now()
            from answers_input v where a.id = v.id and a.id = any(${uuids(records.map((r) => r.id))})`,
            },
            {
              name: 'progress',
              sql: sql`update ${qbwcSessions} set done_work = done_work + ${done}::int, synced_count = synced_count + ${tally.synced}::int,
            failed_count = failed_count + ${tally.failed}::int, last_seen_at = ${now()}, expires_at = ${expiry()} where id = ${s.id}::uuid returning done_work, total_work`,
            },
            ...confirmParts,
          ],
          sql`select ${confirmedCount} as confirmed, p.done_work as done, p.total_work as total, ${anyDue(tx, s.connectionId, now(), notDue)} as more from progress p`,
        ),
      )) as unknown as { rows: { confirmed: number; done: number; total: number; more: boolean }[] }
      return rows[0]!
    },

    /**
     * What the session did, for its summary: invoices (not requests), each by what this session last
     * did to it (confirmed, or left needing action), those left to a later session because QuickBooks
     * was busy, and those whose requests never got an answer.
     */
    async tally(sessionId: string): Promise<Omit<SessionTally, 'skipped' | 'error'>> {
      const {
        rows: [counts],
      } = (await db.execute(sql`with last as (
          select distinct on (invoice_id) invoice_id, to_status, reason from ${syncStatusTransitions} where session_id = ${sessionId}::uuid order by invoice_id, id desc
        ), outcome as (
          select count(*) filter (where reason like ${`${CONFIRMED_REASON}%`})::int as synced, count(*) filter (where reason = ${ADDED_REASON})::int as exported,
            count(*) filter (where to_status = 'ACTION_REQUIRED')::int as failed from last
        )
        select o.synced, o.exported, o.failed,
          (select count(distinct a.invoice_id)::int from ${syncAttempts} a where a.session_id = ${sessionId}::uuid and a.outcome = 'RETRY' and a.invoice_id not in (select invoice_id from last)) as deferred,
          (select count(distinct a.invoice_id)::int from ${syncAttempts} a where a.session_id = ${sessionId}::uuid and a.outcome = 'UNKNOWN' and a.kind in ('INVOICE_ADD', 'INVOICE_MOD', 'INVOICE_QUERY') and a.invoice_id not in (select invoice_id from last)) as unknown,
          (select cardinality(held_invoices) from ${qbwcSessions} where id = ${sessionId}::uuid) as held,
          (select read_entries from ${qbwcSessions} where id = ${sessionId}::uuid) as read,
          (select count(distinct a.payment_id)::int from ${syncAttempts} a join ${invoicePayments} p on p.id = a.payment_id
            where a.session_id = ${sessionId}::uuid and p.status = 'SYNCED') as payments
        from outcome o`)) as unknown as {
        rows: {
          synced: number
          exported: number
          failed: number
          deferred: number
          unknown: number
          held: number
          read: number
          payments: number
        }[]
      }
      return {
        synced: counts?.synced ?? 0,
        exported: counts?.exported ?? 0,
        failed: counts?.failed ?? 0,
        deferred: counts?.deferred ?? 0,
        unknown: counts?.unknown ?? 0,
        held: counts?.held ?? 0,
        read: counts?.read ?? 0,
        payments: counts?.payments ?? 0,
      }
    },

    async lastError(ticket: string) {
      const [row] = ticket
        ? await db
            .select({ lastError: qbwcSessions.lastError, status: qbwcSessions.status, expiresAt: qbwcSessions.expiresAt })
            .from(qbwcSessions)
            .where(eq(qbwcSessions.ticketHash, hashTicket(ticket)))
        : []
      return row
    },

    /** Whether a stored last_error is a real error (not the protocol's NoOp or "nothing left"). */
    isError: (lastError: string | null): lastError is string => lastError !== null && !PROTOCOL_NOTES.has(lastError),
  }
}

export type SessionStore = ReturnType<typeof createSessionStore>
