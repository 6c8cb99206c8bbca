// What the QuickBooks Web Connector's eight calls do. Sessions live in Postgres (any instance
// answers any call; a restart loses nothing). Each sendRequestXML claims work with row locks
// (two instances never send the same change), builds the requests from the invoices' current
// state, and records every request before answering; receiveResponseXML applies each answer by
// requestID. An add whose outcome is unknown is looked up in QuickBooks (ExternalGUID) before
// anything is sent again, so no invoice is created twice.
import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm'
import { doublingDelay } from '../backoff.js'
import type { Db, Executor } from '../db/client.js'
import { connections, customers, invoiceLineSyncs, invoiceRevisions, invoices, invoiceSyncStates, qbListMappings, qbwcSessions, syncAttempts, syncStatusTransitions } from '../db/schema.js'
import { CONFIRMED_REASON } from '../sync/sync-state.js'
import type { InvoiceContent } from '../invoices/invoice-model.js'
import { dummyPasswordHash, verifyPassword } from '../connections/connection-service.js'
import { createLoginThrottle, DEFAULT_LOGIN_THROTTLE, type LoginThrottlePolicy } from './login-throttle.js'
import { describeHresult, describeStatus, type ErrorDescription } from '../qbxml/error-catalog.js'
import { describeLine, headerDifferences, holdsExactly, lineDifferences, lineName, sameName } from '../qbxml/compare.js'
import { planInvoiceMod } from '../qbxml/invoice-mod.js'
import { CONSERVATIVE_PROFILE, type CompanyProfile } from '../qbxml/profile.js'
import { buildCustomerAdd, buildInvoiceAdd, buildInvoiceMod, buildInvoiceQuery, buildMessage, type QbxmlRequest } from '../qbxml/requests.js'
import { parseHcpResponse, parseResponseMessage, profileFromHcp, type QbInvoiceRet, type QbResponse } from '../qbxml/responses.js'
import { nameBook, syncedInvoice } from '../sync/qb-mapping.js'
import { child, childText, parseXml, sourceOf } from '../qbxml/xml-parser.js'
import type { Confirmation, SyncResults } from '../sync/sync-results.js'
import { checkConfirmed } from '../sync/sync-transitions.js'
import { oneStatement, type StatementPart, uuids } from '../db/one-statement.js'
import { type OutboxEvent, recordEvents } from '../webhooks/outbox.js'

export const SERVER_VERSION = 'invoice-sync 0.1.0'
const SESSION_MINUTES = 30
const MAX_TRANSIENT_FAILURES = 5
/** 3200 answers in a row for one invoice before its next try waits (backoff) instead of going at once. */
const STALE_SEQUENCES_BEFORE_WAITING = 3
/** "QuickBooks found an error when parsing the provided XML text stream": nothing in the message was processed. */
const PARSE_ERROR_HRESULT = '0x80040400'

/** The refusal of an invoice add whose customer QuickBooks did not create: the customer's error, said so. */
function customerNotCreated(answer: QbResponse): ErrorDescription {
  const error = describeStatus(answer.statusCode, answer.statusMessage)
  return { ...error, message: `QuickBooks did not create the invoice's customer: ${error.message}` }
}

/** QuickBooks processed the request: OK, or a warning (500-999: saved, e.g. a field ignored). */
const processed = (answer: QbResponse) => answer.statusCode === 0 || (answer.statusCode >= 500 && answer.statusCode < 1000)

type SessionRow = typeof qbwcSessions.$inferSelect
type StateRow = typeof invoiceSyncStates.$inferSelect

export interface QbwcOptions {
  db: Db
  results: SyncResults
  publicUrl: string
  /** Requests per sendRequestXML (default 50). */
  batchSize: number
  log: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void }
  now?: () => Date
  /** Wrong Web Connector passwords per source address before it waits (default DEFAULT_LOGIN_THROTTLE). */
  loginThrottle?: LoginThrottlePolicy
  /** Checks a password against a stored hash (default: scrypt, verifyPassword); injectable to count the work. */
  verifyPassword?: (password: string, stored: string) => Promise<boolean>
}

const UNKNOWN_TICKET = 'The session is unknown or has expired; the Web Connector will start a new one at its next run.'
const NOTHING_LEFT = 'Nothing left to send in this session.'

export const hashTicket = (ticket: string) => createHash('sha256').update(ticket).digest('hex')

/** Work for a connection: queued exports, pending changes and unknown outcomes to look up, due now. */
function workCondition(connectionId: string, now: Date) {
  return and(
    eq(invoiceSyncStates.connectionId, connectionId),
    isNull(invoiceSyncStates.inFlightAttemptId),
    or(isNull(invoiceSyncStates.nextAttemptAt), lte(invoiceSyncStates.nextAttemptAt, now)),
    or(eq(invoiceSyncStates.exportStatus, 'QUEUED'), eq(invoiceSyncStates.status, 'PENDING'), eq(invoiceSyncStates.needsReconcile, true)),
    sql`(${connections.syncStartDate} is null or ${invoices.date} >= ${connections.syncStartDate})`,
  )
}

/**
 * The work index's order (retries that are due first): with a LIMIT the planner walks the index and
 * stops early, however large the backlog and whatever its statistics say.
 */
const WORK_ORDER = [invoiceSyncStates.connectionId, invoiceSyncStates.nextAttemptAt] as const

/**
 * The request a claimed state gets this round: a lookup first when an outcome is unknown, an add
 * until QuickBooks has the invoice, a change after.
 */
function requestKind(state: StateRow): 'INVOICE_QUERY' | 'INVOICE_ADD' | 'INVOICE_MOD' {
  if (state.needsReconcile) return 'INVOICE_QUERY'
  return state.exportStatus === 'QUEUED' || !state.qbTxnId ? 'INVOICE_ADD' : 'INVOICE_MOD'
}

export function createQbwcService(options: QbwcOptions) {
  const { db, results, batchSize, log } = options
  const now = options.now ?? (() => new Date())
  const helpUrl = (e: ErrorDescription) => `${options.publicUrl}${e.helpPath}`
  const loginThrottle = createLoginThrottle(db, options.loginThrottle ?? DEFAULT_LOGIN_THROTTLE, now)
  const verify = options.verifyPassword ?? verifyPassword
  const dummyHash = dummyPasswordHash()

  async function session(ticket: string, tx: Executor = db): Promise<SessionRow | undefined> {
    if (!ticket) return undefined
    const [row] = await tx.select().from(qbwcSessions).where(and(eq(qbwcSessions.ticketHash, hashTicket(ticket)), eq(qbwcSessions.status, 'ACTIVE'), gt(qbwcSessions.expiresAt, now())))
    return row
  }

  async function touch(id: string, set: Partial<typeof qbwcSessions.$inferInsert> = {}, tx: Executor = db) {
    await tx
      .update(qbwcSessions)
      .set({ lastSeenAt: now(), expiresAt: new Date(now().getTime() + SESSION_MINUTES * 60_000), ...set })
      .where(eq(qbwcSessions.id, id))
  }

  async function remainingWork(connectionId: string, tx: Executor = db): Promise<number> {
    const [row] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(invoiceSyncStates)
      .innerJoin(invoices, eq(invoices.id, invoiceSyncStates.invoiceId))
      .innerJoin(connections, eq(connections.id, invoiceSyncStates.connectionId))
      .where(workCondition(connectionId, now()))
    return row?.n ?? 0
  }

  /** Content of invoices at versions, in one query: each version's content is its revision snapshot. */
  async function contentsAt(tx: Executor, wanted: { invoiceId: string; version: number }[]): Promise<Map<string, InvoiceContent>> {
    if (wanted.length === 0) return new Map()
    const rows = await tx
      .select({ invoiceId: invoiceRevisions.invoiceId, version: invoiceRevisions.version, snapshot: invoiceRevisions.snapshot })
      .from(invoiceRevisions)
      .innerJoin(
        sql`jsonb_to_recordset(${JSON.stringify(wanted.map((w) => ({ invoice_id: w.invoiceId, version: w.version })))}::jsonb) as w(invoice_id uuid, version int)`,
        sql`${invoiceRevisions.invoiceId} = w.invoice_id and ${invoiceRevisions.version} = w.version`,
      )
    const out = new Map(rows.map((r) => [`${r.invoiceId}:${r.version}`, r.snapshot as InvoiceContent]))
    for (const w of wanted) if (!out.has(`${w.invoiceId}:${w.version}`)) throw new Error(`no revision ${w.version} of invoice ${w.invoiceId}`)
    return out
  }

  /** One invoice's content at one version (its revision snapshot). */
  async function contentAt(tx: Executor, invoiceId: string, version: number): Promise<InvoiceContent> {
    return (await contentsAt(tx, [{ invoiceId, version }])).get(`${invoiceId}:${version}`)!
  }

  async function retryLater(state: StateRow, reason: string) {
    const failures = state.transientFailures + 1
    const delayMs = doublingDelay(failures, 30_000, 60 * 60_000)
    await db
      .update(invoiceSyncStates)
      .set({ inFlightAttemptId: null, transientFailures: failures, nextAttemptAt: new Date(now().getTime() + delayMs), updatedAt: sql`now()` })
      .where(and(eq(invoiceSyncStates.invoiceId, state.invoiceId), eq(invoiceSyncStates.connectionId, state.connectionId)))
    log.info({ invoiceId: state.invoiceId, failures, reason }, 'QuickBooks busy; retried later')
  }

  /** Action Required. `lookUpFirst`: the outcome of what was sent is still unknown, so QuickBooks is asked again before anything is sent. */
  async function refuse(state: StateRow, session: Pick<SessionRow, 'id'>, error: ErrorDescription, options: { lookUpFirst?: boolean } = {}) {
    const needsReconcile = options.lookUpFirst ?? false
    await db.update(invoiceSyncStates).set({ inFlightAttemptId: null, needsReconcile }).where(and(eq(invoiceSyncStates.invoiceId, state.invoiceId), eq(invoiceSyncStates.connectionId, state.connectionId)))
    await results.refused({ tenantId: state.tenantId, invoiceId: state.invoiceId, connectionId: state.connectionId, sessionId: session.id }, error, helpUrl(error), { needsReconcile })
  }

  /**
   * Differences between the QuickBooks copy and what we last synced, in words for a person: every
   * field we write (src/qbxml/compare.ts), lines matched by their TxnLineIDs.
   */
  function differences(ret: QbInvoiceRet, expected: ReturnType<typeof syncedInvoice>, profile: CompanyProfile): string[] {
    const out = headerDifferences(ret, expected.invoice, profile, 'sinceSync')
    const byTxnLine = new Map(ret.lines.map((l) => [l.txnLineId, l]))
    for (const line of expected.invoice.lines) {
      const theirs = byTxnLine.get(line.txnLineId)
      if (!theirs) out.push(`line "${lineName(line)}" was deleted in QuickBooks`)
      else out.push(...describeLine(lineName(line), lineDifferences(theirs, line, profile, 'sinceSync')))
      byTxnLine.delete(line.txnLineId)
    }
    for (const extra of byTxnLine.values()) out.push(`line "${extra.description ?? extra.item?.fullName ?? extra.txnLineId}" was added in QuickBooks`)
    return out
  }

  /** The company profile a session learned (what its requests were written for). */
  async function sessionProfile(sessionId: string): Promise<CompanyProfile> {
    const [row] = await db.select({ preferences: qbwcSessions.preferences }).from(qbwcSessions).where(eq(qbwcSessions.id, sessionId))
    return (row?.preferences as CompanyProfile | null) ?? CONSERVATIVE_PROFILE
  }

  return {
    /**
     * Whether a ticket names a session open now, by the rule every call uses: the door asks before it
     * reads a large body or spends a caller's pre-login quota.
     */
    async isLiveTicket(ticket: string): Promise<boolean> {
      return ticket.length <= 512 && (await session(ticket)) !== undefined
    },

    serverVersion: () => SERVER_VERSION,

    clientVersion(version: string): string {
      const major = Number(/^(\d+)/.exec(version ?? '')?.[1] ?? 0)
      return major > 0 && major < 2 ? 'W:This service is tested with QuickBooks Web Connector 2.x; please update the Web Connector.' : ''
    },

    /**
     * `source` is the caller's address (addressKey): wrong passwords are throttled per address, never
     * per connection, so a stranger who read the username in a .qwc cannot lock the real Web
     * Connector out. Unknown and disabled usernames are checked against a dummy hash of the same
     * cost, so the answer's timing does not tell which usernames exist.
     */
    async authenticate(username: string, password: string, source: string): Promise<[string, string]> {
      // Counted before the check (a right password clears it below), so guesses at once cannot all be checked.
      const failures = await loginThrottle.attempt(source)
      if (failures === null) {
        const waitUntil = await loginThrottle.blocked(source)
        log.warn({ source, until: waitUntil?.toISOString() }, 'Web Connector login refused: too many wrong passwords from this address')
        return ['', 'nvu']
      }
      const [found] = await db.select().from(connections).where(eq(connections.username, username ?? ''))
      const connection = found && !found.disabledAt ? found : undefined
      const verified = await verify(password ?? '', connection?.passwordHash ?? (await dummyHash))
      if (!connection || !verified) {
        log.warn({ connectionId: connection?.id, source, failures }, 'wrong Web Connector username or password')
        return ['', 'nvu']
      }
      await loginThrottle.succeeded(source)
      const backlog = await remainingWork(connection.id)
      // Work held by a session nobody will finish (the Web Connector or this service was killed) is
      // not counted above; that session is expired below, and its requests are looked up again.
      const [open] = backlog === 0 ? await db.select({ id: qbwcSessions.id }).from(qbwcSessions).where(and(eq(qbwcSessions.connectionId, connection.id), eq(qbwcSessions.status, 'ACTIVE'))).limit(1) : []
      if (backlog === 0 && !open) return ['', 'none']
      const ticket = randomBytes(24).toString('base64url')
      return db.transaction(async (tx) => {
        // Logins to one connection take turns (two Web Connectors given the same .qwc, or a retry
        // racing its first try): without this both would find no open session, and the second
        // insert would break the one-active-session index and answer a fault. The lock is the one the
        // lastSessionAt update below takes anyway, so edits referencing the connection never wait.
        await tx.select({ id: connections.id }).from(connections).where(eq(connections.id, connection.id)).for('no key update')
        // One session per company file: an older one left open (QBWC killed) is expired, and its
        // requests' outcomes become unknown, to be looked up before anything is sent again.
        const stale = await tx.update(qbwcSessions).set({ status: 'EXPIRED', closedAt: now() }).where(and(eq(qbwcSessions.connectionId, connection.id), eq(qbwcSessions.status, 'ACTIVE'))).returning()
        if (stale.length > 0) await markUnknown(tx, stale.map((s) => s.id))
        await recordEvents(tx, stale.map((row) => sessionCompleted(row, 0)))
        const work = stale.length > 0 ? await remainingWork(connection.id, tx) : backlog
        if (work === 0) return ['', 'none'] as [string, string]
        // The backlog is counted once, here; the percentage done is measured against it.
        await tx.insert(qbwcSessions).values({ ticketHash: hashTicket(ticket), tenantId: connection.tenantId, connectionId: connection.id, totalWork: work, expiresAt: new Date(now().getTime() + SESSION_MINUTES * 60_000) })
        await tx.update(connections).set({ lastSessionAt: now() }).where(eq(connections.id, connection.id))
        return [ticket, connection.companyFilePath ?? ''] as [string, string]
      })
    },

    async sendRequestXML(args: { ticket: string; strHCPResponse?: string; strCompanyFileName?: string; qbXMLCountry?: string; qbXMLMajorVers?: number; qbXMLMinorVers?: number }): Promise<string> {
      const s = await session(args.ticket)
      if (!s) return ''
      let profile = (s.preferences as CompanyProfile | null) ?? null
      if (!profile) {
        profile = CONSERVATIVE_PROFILE
        if (args.strHCPResponse) {
          try {
            const found = profileFromHcp(parseHcpResponse(args.strHCPResponse), { country: args.qbXMLCountry ?? null, majorVersion: args.qbXMLMajorVers ?? null, minorVersion: args.qbXMLMinorVers ?? null })
            if (!found) {
              await touch(s.id, { lastError: 'This QuickBooks is older than 2014 (qbXML 13.0); it cannot be synced.', status: 'FAILED' })
              return ''
            }
            profile = found
          } catch (err) {
            log.warn({ err: { message: (err as Error).message } }, 'unreadable HCP response; assuming the most conservative company profile')
          }
        }
      }
      const learned = s.preferences ? null : profile
      // Invoices QuickBooks would refuse as they stand, found while building. They are marked after
      // the claim commits: the refusal takes the invoice's lock, which the claim holds until then
      // (marked inside, on another connection, the call waited for itself for ever).
      const unsendable: { invoiceId: string; version: number; message: string }[] = []
      const built = await db.transaction(async (tx) => {
        if (learned) {
          // What the first call taught about the company, stored with the first round's work.
          await touch(s.id, { preferences: learned, qbxmlVersion: learned.version, qbCountry: learned.country, companyFile: args.strCompanyFileName ?? null }, tx)
          await tx.update(connections).set({ qbPreferences: learned, qbxmlVersion: learned.version, qbCountry: learned.country, qbCompanyFile: args.strCompanyFileName ?? null }).where(eq(connections.id, s.connectionId))
        }
        const claimed = await tx
          .select({ state: invoiceSyncStates, invoice: { id: invoices.id, version: invoices.version, tenantId: invoices.tenantId } })
          .from(invoiceSyncStates)
          .innerJoin(invoices, eq(invoices.id, invoiceSyncStates.invoiceId))
          .innerJoin(connections, eq(connections.id, invoiceSyncStates.connectionId))
          .where(workCondition(s.connectionId, now()))
          .orderBy(...WORK_ORDER)
          .limit(batchSize)
          .for('update', { of: [invoices, invoiceSyncStates], skipLocked: true })
        if (claimed.length === 0) return null
        // Content and TxnLineIDs are read after the rows are locked, by statements of their own: each
        // sees everything committed before it, so nothing read here predates the lock.
        // A change is planned against the version QuickBooks holds: that version's revision, read in
        // the same statement as the current one.
        const mods = claimed.filter(({ state }) => requestKind(state) === 'INVOICE_MOD')
        const byVersion = await contentsAt(tx, [
          ...claimed.map(({ invoice }) => ({ invoiceId: invoice.id, version: invoice.version })),
          ...mods.map(({ state }) => ({ invoiceId: state.invoiceId, version: state.syncedVersion! })),
        ])
        const contents = new Map(claimed.map(({ invoice }) => [invoice.id, byVersion.get(`${invoice.id}:${invoice.version}`)!]))
        const syncedContents = new Map(mods.map(({ state }) => [state.invoiceId, byVersion.get(`${state.invoiceId}:${state.syncedVersion}`)!]))
        const modIds = mods.map(({ invoice }) => invoice.id)
        const txnLinesOf = new Map<string, Map<string, string>>(modIds.map((id) => [id, new Map()]))
        if (modIds.length > 0) {
          const lines = await tx.select({ invoiceId: invoiceLineSyncs.invoiceId, lineId: invoiceLineSyncs.lineId, qbTxnLineId: invoiceLineSyncs.qbTxnLineId }).from(invoiceLineSyncs)
            .where(and(eq(invoiceLineSyncs.connectionId, s.connectionId), inArray(invoiceLineSyncs.invoiceId, modIds)))
          for (const l of lines) txnLinesOf.get(l.invoiceId)!.set(l.lineId, l.qbTxnLineId)
        }
        const book = await nameBook(tx, s.tenantId, [...contents.values(), ...syncedContents.values()])
        // The customer an invoice needs in QuickBooks before its request: an add's, and a change's when
        // the change moves the invoice to another customer.
        const customerNeeded = (state: StateRow, invoiceId: string): string | undefined => {
          const kind = requestKind(state)
          const customerId = contents.get(invoiceId)!.customerId
          if (kind === 'INVOICE_ADD') return customerId
          if (kind === 'INVOICE_MOD' && syncedContents.get(invoiceId)!.customerId !== customerId) return customerId
          return undefined
        }
        // Customers QuickBooks already has, asked only for those.
        const addCustomerIds = [...new Set(claimed.flatMap(({ state, invoice }) => customerNeeded(state, invoice.id) ?? []))]
        const mapped = addCustomerIds.length === 0 ? [] : await tx.select({ externalId: qbListMappings.externalId, name: qbListMappings.qbFullName }).from(qbListMappings).where(and(eq(qbListMappings.connectionId, s.connectionId), eq(qbListMappings.kind, 'CUSTOMER'), inArray(qbListMappings.externalId, addCustomerIds)))
        // Customers are matched by name: one renamed here since it was created in QuickBooks is
        // created (or found, 3100) under its new name before its next invoice.
        const knownCustomers = new Set(mapped.filter((m) => sameName({ fullName: m.name }, { fullName: book.customerName(m.externalId) })).map((m) => m.externalId))
        const requests: QbxmlRequest[] = []
        const attempts: (typeof syncAttempts.$inferInsert)[] = []
        const customerAdds = new Set<string>()
        for (const { state, invoice } of claimed) {
          const content = contents.get(invoice.id)!
          const requestId = `${randomBytes(6).toString('hex')}`
          let request: QbxmlRequest
          const kind = requestKind(state)
          try {
            const customerId = customerNeeded(state, invoice.id)
            if (customerId && !knownCustomers.has(customerId) && !customerAdds.has(customerId)) {
              customerAdds.add(customerId)
              const add = buildCustomerAdd(`c-${requestId}`, { name: book.customerName(customerId) }, { version: profile.version })
              requests.push(add)
              attempts.push({ tenantId: s.tenantId, connectionId: s.connectionId, sessionId: s.id, invoiceId: invoice.id, requestId: add.requestId, kind: 'CUSTOMER_ADD', requestXml: add.xml })
            }
            if (kind === 'INVOICE_QUERY') {
              // Ask QuickBooks before sending anything again: by TxnID for a change, by number for an add.
              request = state.qbTxnId
                ? buildInvoiceQuery(`q-${requestId}`, { by: 'txnId', txnIds: [state.qbTxnId] }, { version: profile.version })
                : buildInvoiceQuery(`q-${requestId}`, { by: 'refNumber', refNumbers: [content.number] }, { version: profile.version })
            } else if (kind === 'INVOICE_ADD') {
              request = buildInvoiceAdd(`a-${requestId}`, book.toQb(content), state.externalGuid, profile)
            } else {
              const txnLineIds = txnLinesOf.get(invoice.id)!
              const syncedContent = syncedContents.get(invoice.id)!
              const synced = syncedInvoice(book, { qbTxnId: state.qbTxnId!, qbEditSequence: state.qbEditSequence ?? '', syncedContent }, txnLineIds)
              const current = book.toQb(content)
              const plan = planInvoiceMod(synced, current, profile)
              // A synced line without a TxnLineID mapping: its mapping was deleted with the line before
              // migration 0005, but QuickBooks still has the line. The Mod lists every kept line, so
              // QuickBooks deletes the one left out.
              if (plan.lines === null && syncedContent.lines.some((l) => !txnLineIds.has(l.id))) plan.lines = current.lines.map((l) => ({ txnLineId: txnLineIds.get(l.id!)!, lineId: l.id!, changes: {} }))
              request = buildInvoiceMod(`m-${requestId}`, plan, profile)
            }
          } catch (err) {
            // Data QuickBooks would refuse (checked again at send time): a person must fix it.
            unsendable.push({ invoiceId: invoice.id, version: invoice.version, message: err instanceof Error ? err.message : String(err) })
            continue
          }
          requests.push(request)
          attempts.push({ tenantId: s.tenantId, connectionId: s.connectionId, sessionId: s.id, invoiceId: invoice.id, requestId: request.requestId, kind, invoiceVersion: invoice.version, requestXml: request.xml })
        }
        if (requests.length === 0) return null
        // The attempts, every claimed state pointing at its request (in flight until the answer
        // comes) and the session's progress: one statement, the attempts from one JSON parameter.
        const attemptRows = attempts.map((a) => ({ tenant_id: a.tenantId, invoice_id: a.invoiceId ?? null, request_id: a.requestId, kind: a.kind, invoice_version: a.invoiceVersion ?? null, request_xml: a.requestXml }))
        await tx.execute(sql`with v as (
            select * from jsonb_to_recordset(${JSON.stringify(attemptRows)}::jsonb) as x(tenant_id uuid, invoice_id uuid, request_id text, kind sync_request_kind, invoice_version int, request_xml text)
          ), sent as (
            insert into ${syncAttempts} (tenant_id, connection_id, session_id, invoice_id, request_id, kind, invoice_version, request_xml)
            select v.tenant_id, ${s.connectionId}::uuid, ${s.id}::uuid, v.invoice_id, v.request_id, v.kind, v.invoice_version, v.request_xml from v
            returning id, invoice_id, kind
          ), in_flight as (
            update ${invoiceSyncStates} st set in_flight_attempt_id = sent.id from sent
            where sent.kind <> 'CUSTOMER_ADD' and sent.invoice_id = st.invoice_id
              and st.connection_id = ${s.connectionId}::uuid and st.invoice_id = any(${uuids(attempts.filter((a) => a.kind !== 'CUSTOMER_ADD').map((a) => a.invoiceId!))})
          )
          update ${qbwcSessions} set round_trips = round_trips + 1, last_seen_at = ${now()}, expires_at = ${new Date(now().getTime() + SESSION_MINUTES * 60_000)}
          where id = ${s.id}::uuid`)
        return buildMessage(requests, { version: profile.version, onError: 'continueOnError' })
      })
      // Only if nothing moved since the build: an edit or a Bypass made in between is the person's
      // newer word (the next call builds the new version).
      for (const { invoiceId, version, message } of unsendable) {
        await results.refused({ tenantId: s.tenantId, invoiceId, connectionId: s.connectionId, sessionId: s.id }, { ...describeStatus(3210, message), code: 'INVALID_FOR_QUICKBOOKS' }, helpUrl(describeStatus(3210)), { ifStillDueAt: version })
      }
      if (!built) {
        // Nothing was sent this time. "NoOp" makes the Web Connector wait about 5 s and ask again:
        // right while due work remains that this call could not take (rows an edit held for a
        // moment, or a batch refused whole at build time with more behind it). With none left it
        // would poll for ever, so the session is told to end instead (closeConnection follows).
        const left = await remainingWork(s.connectionId)
        await touch(s.id, { lastError: left > 0 ? 'NoOp' : NOTHING_LEFT })
      }
      return built ?? ''
    },

    async receiveResponseXML(args: { ticket: string; response?: string; hresult?: string; message?: string }): Promise<number> {
      // The session, its requests in flight, their invoices' states and the content each request
      // carried: one read (a session with nothing in flight comes back as one row without attempt).
      const sentRows = !args.ticket ? [] : await db
        .select({
          // Only what an answer needs of the session: the row repeats on each request's line.
          session: { id: qbwcSessions.id, tenantId: qbwcSessions.tenantId, connectionId: qbwcSessions.connectionId },
          attempt: { id: syncAttempts.id, requestId: syncAttempts.requestId, kind: syncAttempts.kind, invoiceId: syncAttempts.invoiceId, invoiceVersion: syncAttempts.invoiceVersion },
          state: invoiceSyncStates,
          snapshot: invoiceRevisions.snapshot,
        })
        .from(qbwcSessions)
        .leftJoin(syncAttempts, and(eq(syncAttempts.sessionId, qbwcSessions.id), eq(syncAttempts.outcome, 'SENT')))
        .leftJoin(invoiceSyncStates, and(eq(invoiceSyncStates.invoiceId, syncAttempts.invoiceId), eq(invoiceSyncStates.connectionId, syncAttempts.connectionId)))
        .leftJoin(invoiceRevisions, and(eq(invoiceRevisions.invoiceId, syncAttempts.invoiceId), eq(invoiceRevisions.version, syncAttempts.invoiceVersion)))
        .where(and(eq(qbwcSessions.ticketHash, hashTicket(args.ticket)), eq(qbwcSessions.status, 'ACTIVE'), gt(qbwcSessions.expiresAt, now())))
      const s = sentRows[0]?.session
      if (!s) return -1
      const inFlight = sentRows.flatMap((r) => (r.attempt ? [r.attempt] : []))
      // The answer is taken by one call only: the same answer delivered twice at once (a retry in
      // front of the service racing the first) would otherwise be applied twice. Requests another
      // call already took are not this call's; a crash after this leaves them SENT, so they are
      // looked up like any request whose answer was lost.
      const taken = inFlight.length === 0 ? new Set<string>() : new Set((await db.update(syncAttempts).set({ respondedAt: now() })
        .where(and(inArray(syncAttempts.id, inFlight.map((a) => a.id)), eq(syncAttempts.outcome, 'SENT'), isNull(syncAttempts.respondedAt)))
        .returning({ id: syncAttempts.id })).map((r) => r.id))
      const sent = inFlight.filter((a) => taken.has(a.id))
      const stateOf = new Map(sentRows.flatMap((r) => (r.state ? [[r.state.invoiceId, r.state] as const] : [])))
      const contents = new Map(sentRows.flatMap((r) => (r.attempt && r.snapshot ? [[r.attempt.id, r.snapshot as InvoiceContent] as const] : [])))
      const sentContent = (a: (typeof sent)[number]): InvoiceContent => {
        const content = contents.get(a.id)
        if (!content) throw new Error(`no revision ${a.invoiceVersion} of invoice ${a.invoiceId}`)
        return content
      }
      /**
       * The version (and content) the newest request of this kind whose answer was lost carried: what
       * QuickBooks holds when it applied it, older than the invoice now if it was edited since. The
       * lookup's own version when no such request is newer than what was synced.
       */
      const carriedByLost = async (state: StateRow, kind: 'INVOICE_ADD' | 'INVOICE_MOD', lookup: (typeof sent)[number]): Promise<{ version: number; content: InvoiceContent }> => {
        const [lost] = await db.select({ version: sql<number | null>`max(${syncAttempts.invoiceVersion})` }).from(syncAttempts)
          .where(and(eq(syncAttempts.invoiceId, state.invoiceId), eq(syncAttempts.connectionId, state.connectionId), eq(syncAttempts.kind, kind), eq(syncAttempts.outcome, 'UNKNOWN'), gt(syncAttempts.invoiceVersion, state.syncedVersion ?? 0)))
        const version = lost?.version ?? lookup.invoiceVersion!
        if (version === lookup.invoiceVersion) return { version, content: sentContent(lookup) }
        return { version, content: await contentAt(db, state.invoiceId, version) }
      }

      if (args.hresult && !args.response) {
        // QuickBooks failed at the COM level and answered no request. When it could not parse the
        // message (0x80040400) it processed none of it: a defect, recorded with the request. Any
        // other failure may have come after QuickBooks saved some of the requests (it stopped, or
        // its session broke, mid-message), so their outcome is unknown: QuickBooks is asked about
        // each before anything is sent again, or an add would be duplicated.
        const error = describeHresult(args.hresult, args.message ?? '')
        const unread = error.code === PARSE_ERROR_HRESULT
        const ids = sent.map((a) => a.id)
        if (ids.length > 0) await db.update(syncAttempts).set({ outcome: unread ? 'FAILED' : 'UNKNOWN', hresult: error.code, statusMessage: args.message ?? null, respondedAt: now() }).where(inArray(syncAttempts.id, ids))
        if (unread) {
          for (const attempt of sent) {
            const state = stateOf.get(attempt.invoiceId!)
            // A lookup that could not be read leaves the outcome it was asking about unknown.
            if (state && attempt.kind !== 'CUSTOMER_ADD') await refuse(state, s, error, { lookUpFirst: attempt.kind === 'INVOICE_QUERY' })
          }
        } else if (ids.length > 0) {
          await db.update(invoiceSyncStates).set({ inFlightAttemptId: null, needsReconcile: true }).where(inArray(invoiceSyncStates.inFlightAttemptId, ids))
        }
        await touch(s.id, { lastError: `${error.title}: ${error.message} ${error.fix}` })
        return -1
      }

      let message
      try {
        message = parseResponseMessage(args.response ?? '')
      } catch (err) {
        log.error({ err: { message: (err as Error).message } }, 'unreadable qbXML answer')
        for (const attempt of sent) {
          await db.update(syncAttempts).set({ outcome: 'UNKNOWN', responseXml: args.response ?? null, respondedAt: now() }).where(eq(syncAttempts.id, attempt.id))
        }
        await markUnknown(db, [s.id])
        await touch(s.id, { lastError: 'QuickBooks answered with a document this service could not read.' })
        return -1
      }

      let synced = 0
      let failed = 0
      // Each request keeps the part of the answer that concerns it, exactly as QuickBooks wrote it.
      const attemptRows = sent.map((attempt): { id: string; outcome: 'UNKNOWN' | 'SUCCEEDED' | 'FAILED' | 'RETRY'; code: number | null; severity: string | null; message: string | null; xml: string | null } => {
        const answer = message.byRequestId.get(attempt.requestId)
        const outcome = !answer ? 'UNKNOWN' : processed(answer) ? 'SUCCEEDED' : 'FAILED'
        return { id: attempt.id, outcome, code: answer?.statusCode ?? null, severity: answer?.statusSeverity ?? null, message: answer?.statusMessage ?? null, xml: answer ? sourceOf(args.response ?? '', answer.element) : null }
      })
      const confirmations: Confirmation[] = []
      // Requests answered "busy" (or a lookup QuickBooks could not answer): tried again in a later
      // session, recorded as RETRY so the session's summary can say so.
      const deferred = new Set<string>()
      const later = async (attemptId: string, state: StateRow, reason: string) => {
        deferred.add(attemptId)
        await retryLater(state, reason)
      }
      // Customers first: created (or already there, 3100) ones are remembered by the name QuickBooks
      // has them under; a refused one is why the invoices needing it fail (QuickBooks then answers
      // their adds 3140, which would hide its reason), so its answer is kept by customer.
      const customerRefusals = new Map<string, QbResponse>()
      for (const attempt of sent) {
        if (attempt.kind !== 'CUSTOMER_ADD') continue
        const answer = message.byRequestId.get(attempt.requestId)
        if (!answer) continue
        const [customer] = await db.select({ id: customers.id, requestXml: syncAttempts.requestXml }).from(syncAttempts)
          .innerJoin(invoices, eq(invoices.id, syncAttempts.invoiceId)).innerJoin(customers, and(eq(customers.tenantId, invoices.tenantId), eq(customers.id, invoices.customerId)))
          .where(eq(syncAttempts.id, attempt.id))
        if (!customer) continue
        if (processed(answer) || answer.statusCode === 3100) {
          // Remembered by the name QuickBooks has it under: its answer's, else (3100 answers carry no
          // record) the name that was sent, which may differ from the customer's name now.
          const sentName = childText(child(parseXml(customer.requestXml), 'CustomerAdd'), 'Name') ?? ''
          const values = { qbListId: answer.lists[0]?.listId ?? null, qbFullName: answer.lists[0]?.fullName ?? sentName, qbEditSequence: answer.lists[0]?.editSequence ?? null }
          await db.insert(qbListMappings).values({ connectionId: s.connectionId, tenantId: s.tenantId, kind: 'CUSTOMER', externalId: customer.id, ...values })
            .onConflictDoUpdate({ target: [qbListMappings.connectionId, qbListMappings.kind, qbListMappings.externalId], set: values })
        } else {
          customerRefusals.set(customer.id, answer)
        }
      }
      for (const attempt of sent) {
        const answer: QbResponse | undefined = message.byRequestId.get(attempt.requestId)
        const state = stateOf.get(attempt.invoiceId!)
        const ctx = { tenantId: s.tenantId, invoiceId: attempt.invoiceId!, connectionId: s.connectionId, sessionId: s.id }
        if (attempt.kind === 'CUSTOMER_ADD') continue
        if (!state) continue
        if (!answer) {
          // No answer for this request: its outcome is unknown, so QuickBooks is asked first next time.
          await db.update(invoiceSyncStates).set({ inFlightAttemptId: null, needsReconcile: true }).where(and(eq(invoiceSyncStates.invoiceId, state.invoiceId), eq(invoiceSyncStates.connectionId, state.connectionId)))
          continue
        }
        const ret = answer.invoices[0]
        if (attempt.kind === 'INVOICE_ADD' || attempt.kind === 'INVOICE_MOD') {
          // A warning (500-999) means QuickBooks saved it all the same (530: it ignored a field).
          if (processed(answer) && ret) {
            if (answer.statusCode !== 0) log.warn({ invoiceId: state.invoiceId, statusCode: answer.statusCode, statusMessage: answer.statusMessage }, 'QuickBooks saved the invoice with a warning')
            confirmations.push({ ctx, kind: attempt.kind === 'INVOICE_ADD' ? 'ADD' : 'MOD', sent: { version: attempt.invoiceVersion!, content: sentContent(attempt) }, ret })
            synced++
            continue
          }
          if (processed(answer)) {
            // Saved, but the answer does not show what QuickBooks holds: ask it.
            await db.update(invoiceSyncStates).set({ inFlightAttemptId: null, needsReconcile: true }).where(and(eq(invoiceSyncStates.invoiceId, state.invoiceId), eq(invoiceSyncStates.connectionId, state.connectionId)))
            continue
          }
        }
        if (attempt.kind === 'INVOICE_QUERY') {
          await db.update(invoiceSyncStates).set({ inFlightAttemptId: null }).where(and(eq(invoiceSyncStates.invoiceId, state.invoiceId), eq(invoiceSyncStates.connectionId, state.connectionId)))
          if (answer.statusCode >= 1000 && answer.statusCode !== 3120 && answer.invoices.length === 0) {
            // QuickBooks could not answer the lookup (an error, not "no match"): what was sent is
            // still unknown, so it is asked again later, never taken as absent (that would send an
            // add twice, or call a change lost). After several tries a person sees why, and the
            // lookups go on, an hour apart, until one answers.
            const error = describeStatus(answer.statusCode, answer.statusMessage)
            await later(attempt.id, state, error.code)
            if (state.transientFailures + 1 >= MAX_TRANSIENT_FAILURES) {
              await refuse(state, s, error, { lookUpFirst: true })
              failed++
            }
            continue
          }
          if (!state.qbTxnId) {
            // Looking for our add: the invoice carrying our ExternalGUID, if QuickBooks has it.
            const ours = answer.invoices.find((i) => (i.externalGuid ?? '').toUpperCase() === state.externalGuid.toUpperCase())
            if (ours) {
              // The confirmation clears needs_reconcile in the round's write: cleared on its own, a crash
              // in between would leave an add QuickBooks has as merely queued, and it would be sent again.
              // QuickBooks holds the version the lost add carried, older than the invoice now when it
              // was edited since: that version is what was synced (a later edit follows as a Mod).
              confirmations.push({ ctx, kind: 'ADD', sent: await carriedByLost(state, 'INVOICE_ADD', attempt), ret: ours })
              synced++
            } else {
              await db.update(invoiceSyncStates).set({ needsReconcile: false }).where(and(eq(invoiceSyncStates.invoiceId, state.invoiceId), eq(invoiceSyncStates.connectionId, state.connectionId)))
              if (state.status === 'ACTION_REQUIRED') await results.resumed(ctx)
            }
            continue
          }
          if (!ret) {
            await refuse(state, s, describeStatus(3120, answer.statusMessage))
            failed++
            continue
          }
          // Our change did reach QuickBooks (its answer was lost): the copy there is the version that
          // change carried, older than the invoice now when it was edited again since.
          const { version: sentVersion, content: asSent } = await carriedByLost(state, 'INVOICE_MOD', attempt)
          const profile = await sessionProfile(s.id)
          // Whatever the status now (bypassed since, say), QuickBooks holding exactly what that change
          // carried means it was applied: it is confirmed, never read as an edit made in QuickBooks.
          if (holdsExactly(ret, (await nameBook(db, s.tenantId, [asSent])).toQb(asSent), profile)) {
            confirmations.push({ ctx, kind: 'MOD', sent: { version: sentVersion, content: asSent }, ret })
            synced++
            continue
          }
          // Only the sequence moved, or someone changed the invoice in QuickBooks?
          const lineRows = await db.select().from(invoiceLineSyncs).where(and(eq(invoiceLineSyncs.invoiceId, state.invoiceId), eq(invoiceLineSyncs.connectionId, state.connectionId)))
          const syncedContent = await contentAt(db, state.invoiceId, state.syncedVersion!)
          const book = await nameBook(db, s.tenantId, [syncedContent])
          const expected = syncedInvoice(book, { qbTxnId: state.qbTxnId, qbEditSequence: state.qbEditSequence ?? '', syncedContent }, new Map(lineRows.map((l) => [l.lineId, l.qbTxnLineId])))
          const changes = differences(ret, expected, profile)
          if (changes.length === 0) {
            await db.update(invoiceSyncStates).set({ needsReconcile: false, qbEditSequence: ret.editSequence }).where(and(eq(invoiceSyncStates.invoiceId, state.invoiceId), eq(invoiceSyncStates.connectionId, state.connectionId)))
            if (state.status === 'ACTION_REQUIRED') await results.resumed(ctx)
          } else {
            const base = describeStatus(3200)
            await refuse(state, s, {
              ...base,
              code: 'CHANGED_IN_QUICKBOOKS',
              message: `Someone changed this invoice in QuickBooks since it was last synced: ${changes.join('; ')}. It was not overwritten.`,
              fix: 'Compare the two versions. Bypass to keep QuickBooks as it is. To send this version instead, undo the change made in QuickBooks, then Re-Sync.',
              objects: [],
            })
            failed++
          }
          continue
        }
        // An add whose customer QuickBooks would not create fails for the customer's reason.
        const customerAnswer = attempt.kind === 'INVOICE_ADD' || attempt.kind === 'INVOICE_MOD' ? customerRefusals.get(sentContent(attempt).customerId) : undefined
        const error = customerAnswer ? customerNotCreated(customerAnswer) : describeStatus(answer.statusCode, answer.statusMessage)
        if (answer.statusCode === 3200) {
          // Stale EditSequence: read the invoice, then decide (same session when possible). When it
          // keeps moving (open and saved in QuickBooks over and over), the next tries wait, with
          // the busy backoff, instead of looping in this session.
          await db.update(invoiceSyncStates).set({ inFlightAttemptId: null, needsReconcile: true }).where(and(eq(invoiceSyncStates.invoiceId, state.invoiceId), eq(invoiceSyncStates.connectionId, state.connectionId)))
          if (state.transientFailures + 1 >= STALE_SEQUENCES_BEFORE_WAITING) await later(attempt.id, state, error.code)
          else await db.update(invoiceSyncStates).set({ transientFailures: state.transientFailures + 1 }).where(and(eq(invoiceSyncStates.invoiceId, state.invoiceId), eq(invoiceSyncStates.connectionId, state.connectionId)))
        } else if (error.category === 'transient' && state.transientFailures + 1 < MAX_TRANSIENT_FAILURES) {
          await later(attempt.id, state, error.code)
        } else {
          await refuse(state, s, error)
          failed++
        }
      }
      for (const row of attemptRows) if (deferred.has(row.id)) row.outcome = 'RETRY'
      // The round's answers, confirmations and progress: one write statement, one commit. Whether
      // work is left is asked in the same statement: it sees the states as they were before it, when
      // this round's invoices were still in flight (not work); a confirmed invoice that stays PENDING
      // (edited again meanwhile) is work again, and the plan says so.
      const { changes, progress } = await db.transaction(async (tx) => {
        const planned = await results.planConfirmations(tx, confirmations)
        const answerParts: StatementPart[] = [
          { name: 'answers_input', sql: sql`select * from jsonb_to_recordset(${JSON.stringify(attemptRows)}::jsonb) as x(id uuid, outcome sync_outcome, code int, severity text, message text, xml text)` },
          {
            name: 'answered',
            sql: sql`update ${syncAttempts} a set outcome = v.outcome, status_code = v.code, status_severity = v.severity, status_message = v.message, response_xml = v.xml, responded_at = now()
              from answers_input v where a.id = v.id and a.id = any(${uuids(sent.map((a) => a.id))})`,
          },
          {
            name: 'progress',
            sql: sql`update ${qbwcSessions} set done_work = done_work + ${sent.filter((a) => a.kind !== 'CUSTOMER_ADD').length}::int, synced_count = synced_count + ${synced}::int,
              failed_count = failed_count + ${failed}::int, last_seen_at = ${now()}, expires_at = ${new Date(now().getTime() + SESSION_MINUTES * 60_000)}
              where id = ${s.id}::uuid returning done_work, total_work`,
          },
        ]
        // The first due row answers, like the claim's walk of the work index. Asked as a scalar
        // subquery, not exists(): PostgreSQL drops an EXISTS subquery's ORDER BY and LIMIT, and with
        // the backlog's statistics it then seq-scanned every state of the connection (3 ms a round at
        // the end of a 10,000-invoice drain, growing with the backlog). It selects the constant 1, so
        // "is not null" means "a row was found".
        const work = db.select({ one: sql`1` }).from(invoiceSyncStates).innerJoin(invoices, eq(invoices.id, invoiceSyncStates.invoiceId)).innerJoin(connections, eq(connections.id, invoiceSyncStates.connectionId))
          .where(workCondition(s.connectionId, now())).orderBy(...WORK_ORDER).limit(1)
        const { rows } = (await tx.execute(
          oneStatement([...answerParts, ...planned.parts], sql`select ${planned.confirmed} as confirmed, p.done_work as done, p.total_work as total, (${work}) is not null as more from progress p`),
        )) as unknown as { rows: { confirmed: number; done: number; total: number; more: boolean }[] }
        checkConfirmed(planned, rows[0]?.confirmed)
        const row = rows[0]!
        return { changes: planned.changes, progress: { ...row, more: row.more || planned.changes.some((c) => c.to === 'PENDING') } }
      })
      results.publish(changes)
      // Done against the backlog counted at authenticate (work added since only slows the climb).
      if (!progress.more) return 100
      const done = progress.done ?? 0
      return Math.max(1, Math.min(99, Math.floor((done / Math.max(progress.total ?? 0, done + 1)) * 100)))
    },

    async getLastError(ticket: string): Promise<string> {
      const [row] = ticket ? await db.select({ lastError: qbwcSessions.lastError, status: qbwcSessions.status, expiresAt: qbwcSessions.expiresAt }).from(qbwcSessions).where(eq(qbwcSessions.ticketHash, hashTicket(ticket))) : []
      // A ticket whose session timed out or was replaced by a newer login is told so, never "NoOp"
      // (the Web Connector would keep polling a dead ticket). A session this service ended with an
      // error (a negative percentage, an old QuickBooks) keeps its explanation.
      const over = !row || row.status === 'EXPIRED' || (row.status === 'ACTIVE' && row.expiresAt <= now()) || (row.status !== 'ACTIVE' && row.lastError === 'NoOp')
      if (over) return UNKNOWN_TICKET
      return row.lastError ?? 'No error.'
    },

    async connectionError(args: { ticket: string; hresult?: string; message?: string }): Promise<string> {
      const s = await session(args.ticket)
      if (s) {
        const error = describeHresult(args.hresult ?? '', args.message ?? '')
        await markUnknown(db, [s.id])
        await db.transaction(async (tx) => {
          const [failed] = await tx.update(qbwcSessions).set({ status: 'FAILED', closedAt: now(), lastError: `${error.title}: ${error.message} ${error.fix}`, summary: `QuickBooks could not be opened (${error.code}).` }).where(eq(qbwcSessions.id, s.id)).returning()
          if (failed) await recordEvents(tx, [sessionCompleted(failed, 0)])
        })
        log.warn({ connectionId: s.connectionId, hresult: error.code }, 'Web Connector could not open QuickBooks')
      }
      return 'done'
    },

    async closeConnection(ticket: string): Promise<string> {
      const s = await session(ticket)
      if (!s) return 'OK'
      await markUnknown(db, [s.id])
      // Invoices, not requests: each by what this session last did to it (confirmed, or left needing
      // action), and those left to a later session because QuickBooks was busy.
      const { rows: [counts] } = (await db.execute(sql`with last as (
          select distinct on (invoice_id) invoice_id, to_status, reason from ${syncStatusTransitions} where session_id = ${s.id}::uuid order by invoice_id, id desc
        ), outcome as (
          select count(*) filter (where reason like ${`${CONFIRMED_REASON}%`})::int as synced, count(*) filter (where to_status = 'ACTION_REQUIRED')::int as failed from last
        )
        select o.synced, o.failed, (select count(distinct a.invoice_id)::int from ${syncAttempts} a where a.session_id = ${s.id}::uuid and a.outcome = 'RETRY'
          and a.invoice_id not in (select invoice_id from last)) as deferred from outcome o`)) as unknown as { rows: { synced: number; failed: number; deferred: number }[] }
      const [skipped] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(invoiceSyncStates)
        .innerJoin(invoices, eq(invoices.id, invoiceSyncStates.invoiceId))
        .innerJoin(connections, eq(connections.id, invoiceSyncStates.connectionId))
        .where(and(eq(invoiceSyncStates.connectionId, s.connectionId), eq(invoiceSyncStates.exportStatus, 'QUEUED'), sql`${connections.syncStartDate} is not null and ${invoices.date} < ${connections.syncStartDate}`))
      const summary = summarize(counts?.synced ?? 0, counts?.failed ?? 0, skipped?.n ?? 0, counts?.deferred ?? 0)
      await db.transaction(async (tx) => {
        const [closed] = await tx.update(qbwcSessions).set({ status: 'CLOSED', closedAt: now(), summary, syncedCount: counts?.synced ?? 0, failedCount: counts?.failed ?? 0 }).where(eq(qbwcSessions.id, s.id)).returning()
        if (closed) await recordEvents(tx, [sessionCompleted(closed, skipped?.n ?? 0)])
      })
      return summary
    },
  }
}

/** The `connection.session_completed` webhook event of a session that ended (closed, failed or expired). */
function sessionCompleted(row: SessionRow, skipped: number): OutboxEvent {
  return {
    tenantId: row.tenantId,
    type: 'connection.session_completed',
    data: { connectionId: row.connectionId, sessionId: row.id, status: row.status, summary: row.summary, synced: row.syncedCount, failed: row.failedCount, skipped, roundTrips: row.roundTrips, startedAt: row.startedAt.toISOString(), closedAt: row.closedAt?.toISOString() ?? null, lastError: row.status === 'CLOSED' ? null : row.lastError },
  }
}

export function summarize(synced: number, failed: number, skipped = 0, deferred = 0): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
  if (synced === 0 && failed === 0 && skipped === 0 && deferred === 0) return 'Nothing to sync.'
  return [
    synced > 0 ? `${plural(synced, 'invoice', 'invoices')} synced` : null,
    failed > 0 ? `${plural(failed, 'needs', 'need')} action` : null,
    deferred > 0 ? `${plural(deferred, 'invoice', 'invoices')} to retry (QuickBooks was busy)` : null,
    skipped > 0 ? `${plural(skipped, 'invoice', 'invoices')} skipped (dated before the sync start date)` : null,
  ]
    .filter(Boolean)
    .join(', ')
}

/** Requests of these sessions still without an answer: their outcome is unknown; ask QuickBooks before resending. */
async function markUnknown(tx: Executor, sessionIds: string[]): Promise<void> {
  if (sessionIds.length === 0) return
  const open = await tx
    .update(syncAttempts)
    .set({ outcome: 'UNKNOWN' })
    .where(and(inArray(syncAttempts.sessionId, sessionIds), eq(syncAttempts.outcome, 'SENT')))
    .returning({ id: syncAttempts.id, kind: syncAttempts.kind })
  const ids = open.filter((a) => a.kind !== 'CUSTOMER_ADD').map((a) => a.id)
  if (ids.length === 0) return
  await tx.update(invoiceSyncStates).set({ inFlightAttemptId: null, needsReconcile: true }).where(inArray(invoiceSyncStates.inFlightAttemptId, ids))
}
