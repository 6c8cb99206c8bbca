// Connections: one QuickBooks company file reached by one Web Connector install. Creating one
// returns the .qwc file to load into the Web Connector and a password shown once (stored as a keyed
// hash, wc-password.ts); rotating the password gives a new one.
import { randomBytes } from 'node:crypto'
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { create } from 'xmlbuilder2'
import { z } from 'zod'
import { type Actor, requirePermission } from '../auth/actor.js'
import { type Clock, systemClock } from '../clock.js'
import type { Db, Executor } from '../db/client.js'
import { postgresErrorOf } from '../db/errors.js'
import { texts, uuids } from '../db/one-statement.js'
import { connections, installation, invoices, qbwcSessions, syncAttempts, syncStatusTransitions } from '../db/schema.js'
import { ConflictError, NotFoundError } from '../errors.js'
import { isStale, queueEntry, STALE_AFTER_INTERVALS } from '../sync/queue-decisions.js'
import { countSkipped, queueCounts, queueOf } from '../sync/sync-state-store.js'
import { parseInput } from '../validation.js'
import {
  type CreatedAtCursor,
  decodeCreatedAtCursor,
  decodeKeyCursor,
  encodeCreatedAtCursor,
  encodeKeyCursor,
  isoDate,
  isTimestampKey,
  isUuid,
  notOurCursor,
  PAGE_SIZE,
  pageOf,
  pageSize,
} from '../values.js'
import { recordEvents } from '../webhooks/outbox.js'
import { generatePassword, hashPassword } from './wc-password.js'

export const createConnectionInput = z
  .object({
    name: z.string().trim().min(1, { error: 'name is required' }).max(100),
    syncStartDate: isoDate.nullish(),
    schedulerMinutes: z.number().int().min(1).max(1440).default(15),
    companyFilePath: z.string().max(1000).default(''),
    /** Served by a simulated company file and Web Connector (src/sandbox); set here for good. */
    sandbox: z.boolean().default(false),
  })
  .strict()
  .refine((v) => !(v.sandbox && v.companyFilePath), {
    path: ['companyFilePath'],
    error: 'a sandbox connection has its own simulated company file; leave companyFilePath out',
  })

/** What can change of a connection (the username, file id and password stay: see rotatePassword). */
const updateConnectionInput = z
  .object({
    name: z.string().trim().min(1, { error: 'name is required' }).max(100).optional(),
    syncStartDate: isoDate.nullish(),
    schedulerMinutes: z.number().int().min(1).max(1440).optional(),
    companyFilePath: z.string().max(1000).optional(),
  })
  .strict()

type ConnectionRow = typeof connections.$inferSelect

export interface ConnectionView {
  id: string
  name: string
  username: string
  syncStartDate: string | null
  schedulerMinutes: number
  qbxmlVersion: string | null
  lastSessionAt: string | null
  /** Set while the connection is disabled: its Web Connector is refused (nvu); its history is kept. */
  disabledAt: string | null
  /** Served by a simulated company file and Web Connector, never by a real one. */
  sandbox: boolean
  createdAt: string
}

export interface SessionView {
  id: string
  status: string
  startedAt: string
  closedAt: string | null
  durationMs: number
  qbxmlVersion: string | null
  roundTrips: number
  syncedCount: number
  failedCount: number
  summary: string | null
  lastError: string | null
  failures: { invoiceId: string; invoiceNumber: string; code: string; message: string; at: string | null }[]
}

export function toConnectionView(row: ConnectionRow): ConnectionView {
  return {
    id: row.id,
    name: row.name,
    username: row.username,
    syncStartDate: row.syncStartDate,
    schedulerMinutes: row.schedulerMinutes,
    qbxmlVersion: row.qbxmlVersion,
    lastSessionAt: row.lastSessionAt?.toISOString() ?? null,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    sandbox: row.sandbox,
    createdAt: row.createdAt.toISOString(),
  }
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 24) || 'company'
  )
}

/** The QBWCXML file the Web Connector loads ("Add an application"). */
export function renderQwc(row: ConnectionRow, options: { publicUrl: string; appName: string }): string {
  const doc = create({ version: '1.0', encoding: 'utf-8' }).ele('QBWCXML')
  doc.ele('AppName').txt(`${options.appName} (${row.name})`)
  doc.ele('AppID').txt('')
  doc.ele('AppURL').txt(`${options.publicUrl}/qbwc`)
  doc.ele('AppDescription').txt('Pushes invoice edits from the field-service app into QuickBooks')
  doc.ele('AppSupport').txt(`${options.publicUrl}/help/quickbooks-errors`)
  doc.ele('UserName').txt(row.username)
  doc.ele('OwnerID').txt(row.qbOwnerId)
  doc.ele('FileID').txt(row.qbFileId)
  doc.ele('QBType').txt('QBFS')
  doc.ele('Scheduler').ele('RunEveryNMinutes').txt(String(row.schedulerMinutes))
  doc.ele('IsReadOnly').txt('false')
  doc.ele('PersonalDataPref').txt('pdpNotNeeded')
  doc.ele('UnattendedModePref').txt('umpOptional')
  return doc.end({ prettyPrint: true })
}

/** A connection's last check-in is written when the stored one is older than this: known to a minute. */
export const CHECK_IN_PRECISION_MS = 60_000

/**
 * The Web Connector's check-ins (health, connection.stale), kept off the login's path: a login notes
 * one when the stored one is older than CHECK_IN_PRECISION_MS, and what is noted is written together
 * every `flushMs`, one statement for all (0: at once, for tests that read a check-in back at once).
 * `stop` writes what is left. An instance that dies loses at most `flushMs` of check-ins.
 */
export function createCheckInRecorder(db: Executor, options: { flushMs: number; onError: (err: unknown) => void }) {
  const noted = new Map<string, Date>()
  let flushing: Promise<void> = Promise.resolve()

  async function write(): Promise<void> {
    if (noted.size === 0) return
    const batch = [...noted]
    noted.clear()
    await db.execute(sql`update ${connections} c set last_check_in_at = greatest(c.last_check_in_at, v.at)
      from unnest(${uuids(batch.map(([id]) => id))}, ${texts(batch.map(([, at]) => at.toISOString()))}::timestamptz[]) as v(id, at)
      where c.id = v.id`)
  }
  const flush = () => {
    flushing = flushing.then(write).catch(options.onError)
    return flushing
  }
  const timer = options.flushMs > 0 ? setInterval(flush, options.flushMs) : undefined
  timer?.unref()

  return {
    /** A successful login; `stored` is the connection's last check-in as read with it. */
    async note(connectionId: string, stored: Date | null, now: Date): Promise<void> {
      if (stored && now.getTime() - stored.getTime() < CHECK_IN_PRECISION_MS) return
      noted.set(connectionId, now)
      if (!timer) await flush()
    },
    flush,
    async stop(): Promise<void> {
      if (timer) clearInterval(timer)
      await flush()
    },
  }
}

export type CheckInRecorder = ReturnType<typeof createCheckInRecorder>

/** `first` and `after` of the connection lists REST pages (the connections, their sessions, their queue). */
const pageInput = z.object({ first: pageSize, after: z.string().max(200).nullish() }).strict()

/** A sandbox connection has no .qwc, no password to give out, and no real company file. */
function refuseForSandbox(row: ConnectionRow, what: string): void {
  if (row.sandbox)
    throw new ConflictError(
      'SANDBOX_CONNECTION',
      `Connection "${row.name}" is a sandbox, served by its own simulated Web Connector: it has no ${what}. Create a connection without "sandbox" for a real QuickBooks company file.`,
    )
}

export function createConnectionService(
  db: Db,
  options: {
    publicUrl: string
    appName?: string
    clock?: Clock
    /** Adds a sandbox connection's simulated company in the connection's own transaction (src/sandbox). */
    provisionSandbox?: (tx: Executor, connection: { id: string; tenantId: string; name: string }, password: string) => Promise<void>
  },
) {
  const clock = options.clock ?? systemClock
  const appName = options.appName ?? 'Invoice Sync'

  async function findRow(tenantId: string, id: string, tx: Executor = db): Promise<ConnectionRow> {
    const [row] = /^[0-9a-f-]{36}$/i.test(id)
      ? await tx
          .select()
          .from(connections)
          .where(and(eq(connections.tenantId, tenantId), eq(connections.id, id)))
      : []
    if (!row) throw new NotFoundError('Connection', id)
    return row
  }

  /**
   * The tenant's connections, oldest first, after the one `page.after` names. Creation times are
   * compared to the millisecond, the precision a cursor carries, so none is listed twice or skipped.
   */
  async function connectionRows(tenantId: string, page?: { after: CreatedAtCursor | null; limit: number }): Promise<ConnectionRow[]> {
    const created = sql`date_trunc('milliseconds', ${connections.createdAt})`
    const after = page?.after
      ? sql`(${created}, ${connections.id}) > (${page.after.createdAt}::timestamptz, ${page.after.id}::uuid)`
      : undefined
    const rows = db
      .select()
      .from(connections)
      .where(and(eq(connections.tenantId, tenantId), after))
      .orderBy(created, asc(connections.id))
    return page ? rows.limit(page.limit) : rows
  }

  /**
   * Sessions of the connection, newest first, after the one `after` names (its start as PostgreSQL
   * writes it, and its id), each with its failures and its keyset position.
   */
  async function sessionsOf(connectionId: string, limit: number, after: string[] | null): Promise<(SessionView & { key: string })[]> {
    const rows = await db
      .select({ session: qbwcSessions, key: sql<string>`${qbwcSessions.startedAt}::text` })
      .from(qbwcSessions)
      .where(
        and(
          eq(qbwcSessions.connectionId, connectionId),
          after ? sql`(${qbwcSessions.startedAt}, ${qbwcSessions.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
        ),
      )
      .orderBy(desc(qbwcSessions.startedAt), desc(qbwcSessions.id))
      .limit(limit)
    if (rows.length === 0) return []
    // Each invoice a session left needing action (its last move in that session), with the error
    // shown then; a 3200 resolved in the same session, a busy answer retried later or a refusal
    // fixed and synced before the session ended is not a failure. Moves recorded before those
    // errors were kept with them (migration 0007) fall back to the request QuickBooks refused.
    const { rows: failures } = (await db.execute(sql`
      select t.session_id as "sessionId", t.invoice_id as "invoiceId", i.number as "invoiceNumber", t.created_at as "at",
        coalesce(t.error_code, (select coalesce(a.status_code::text, a.hresult) from ${syncAttempts} a where a.session_id = t.session_id and a.invoice_id = t.invoice_id and a.outcome = 'FAILED' order by a.id desc limit 1), 'ACTION_REQUIRED') as "code",
        coalesce(t.error_message, (select a.status_message from ${syncAttempts} a where a.session_id = t.session_id and a.invoice_id = t.invoice_id and a.outcome = 'FAILED' order by a.id desc limit 1), t.reason) as "message"
      from (
        select distinct on (session_id, invoice_id) * from ${syncStatusTransitions}
        where session_id = any(${uuids(rows.map((r) => r.session.id))}) order by session_id, invoice_id, id desc
      ) t join ${invoices} i on i.id = t.invoice_id
      where t.to_status = 'ACTION_REQUIRED'
      order by t.id`)) as unknown as {
      rows: { sessionId: string; invoiceId: string; invoiceNumber: string; at: Date | string; code: string; message: string }[]
    }
    return rows.map(({ session: r, key }) => ({
      id: r.id,
      status: r.status,
      startedAt: r.startedAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
      durationMs: (r.closedAt ?? r.lastSeenAt).getTime() - r.startedAt.getTime(),
      qbxmlVersion: r.qbxmlVersion,
      roundTrips: r.roundTrips,
      syncedCount: r.syncedCount,
      failedCount: r.failedCount,
      summary: r.summary,
      lastError: r.lastError === 'NoOp' ? null : r.lastError,
      failures: failures
        .filter((f) => f.sessionId === r.id)
        .map((f) => ({
          invoiceId: f.invoiceId,
          invoiceNumber: f.invoiceNumber,
          code: f.code,
          message: f.message,
          at: new Date(f.at).toISOString(),
        })),
      key,
    }))
  }

  return {
    findRow,

    /** Every connection of the tenant, oldest first (GraphQL's connections: one per company file, a handful). */
    async list(actor: Actor): Promise<ConnectionView[]> {
      return (await connectionRows(actor.tenantId)).map(toConnectionView)
    },

    /** A keyset page of them, oldest first (GET /v1/connections). */
    async listPage(actor: Actor, raw: unknown): Promise<{ items: ConnectionView[]; nextCursor: string | null }> {
      const input = parseInput(pageInput, raw)
      const after = input.after ? decodeCreatedAtCursor(input.after) : null
      const page = pageOf(await connectionRows(actor.tenantId, { after, limit: input.first + 1 }), input.first, (r) =>
        encodeCreatedAtCursor({ createdAt: r.createdAt.toISOString(), id: r.id }),
      )
      return { items: page.items.map(toConnectionView), nextCursor: page.nextCursor }
    },

    async get(actor: Actor, id: string): Promise<ConnectionView> {
      return toConnectionView(await findRow(actor.tenantId, id))
    },

    /** The password is in this answer only; a sandbox's is never shown (its own player logs in with it). */
    async create(actor: Actor, input: unknown): Promise<ConnectionView & { password: string | null; qwc: string | null }> {
      requirePermission(actor, 'admin', 'create a QuickBooks connection')
      const values = parseInput(createConnectionInput, input)
      const provision = options.provisionSandbox
      if (values.sandbox && !provision) throw new ConflictError('SANDBOX_LIMIT', 'Sandbox connections are not available here.')
      const password = generatePassword()
      const [owner] = await db.select({ ownerId: installation.qbwcOwnerId }).from(installation)
      const passwordHash = hashPassword(password)
      try {
        // Writes of a POST go through a transaction (the Idempotency-Key fence marks its key there).
        const row = await db.transaction(async (tx) => {
          const [inserted] = await tx
            .insert(connections)
            .values({
              tenantId: actor.tenantId,
              name: values.name,
              username: `${values.sandbox ? 'sandbox-' : ''}${slug(values.name)}-${randomBytes(4).toString('hex')}`,
              passwordHash,
              qbOwnerId: owner!.ownerId,
              qbFileId: `{${clock.newId().toUpperCase()}}`,
              syncStartDate: values.syncStartDate ?? null,
              schedulerMinutes: values.schedulerMinutes,
              companyFilePath: values.companyFilePath,
              sandbox: values.sandbox,
            })
            .returning()
          if (values.sandbox) await provision!(tx, inserted!, password)
          return inserted!
        })
        if (row.sandbox) return { ...toConnectionView(row), password: null, qwc: null }
        return { ...toConnectionView(row), password, qwc: renderQwc(row, { publicUrl: options.publicUrl, appName }) }
      } catch (err) {
        if (postgresErrorOf(err)?.constraint === 'connections_tenant_name')
          throw new ConflictError('CONNECTION_NAME_TAKEN', `A connection named "${values.name}" exists already.`)
        throw err
      }
    },

    /**
     * Rename it, move its sync start date, change its schedule or company file path. A new schedule
     * or path reaches the Web Connector with a new .qwc (GET .../qwc): the Web Connector keeps what
     * it loaded.
     */
    async update(actor: Actor, id: string, raw: unknown): Promise<ConnectionView> {
      requirePermission(actor, 'admin', 'change a QuickBooks connection')
      const input = parseInput(updateConnectionInput, raw)
      const connection = await findRow(actor.tenantId, id)
      if (input.companyFilePath !== undefined) refuseForSandbox(connection, 'company file path to change')
      const set = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.syncStartDate !== undefined ? { syncStartDate: input.syncStartDate } : {}),
        ...(input.schedulerMinutes !== undefined ? { schedulerMinutes: input.schedulerMinutes } : {}),
        ...(input.companyFilePath !== undefined ? { companyFilePath: input.companyFilePath } : {}),
      }
      if (Object.keys(set).length === 0) return toConnectionView(connection)
      try {
        const [row] = await db.transaction((tx) =>
          tx
            .update(connections)
            .set({ ...set, updatedAt: clock.now() })
            .where(eq(connections.id, connection.id))
            .returning(),
        )
        return toConnectionView(row!)
      } catch (err) {
        if (postgresErrorOf(err)?.constraint === 'connections_tenant_name')
          throw new ConflictError('CONNECTION_NAME_TAKEN', `A connection named "${input.name}" exists already.`)
        throw err
      }
    },

    /**
     * Disabled: its Web Connector is refused (nvu) and nothing is sent; its invoices, sessions and
     * history are kept, and enabling it again picks up where it stopped.
     */
    async setDisabled(actor: Actor, id: string, disabled: boolean): Promise<ConnectionView> {
      requirePermission(actor, 'admin', disabled ? 'disable a QuickBooks connection' : 'enable a QuickBooks connection')
      const connection = await findRow(actor.tenantId, id)
      if ((connection.disabledAt !== null) === disabled) return toConnectionView(connection)
      const [row] = await db.transaction((tx) =>
        tx
          .update(connections)
          .set({ disabledAt: disabled ? clock.now() : null, updatedAt: clock.now() })
          .where(eq(connections.id, connection.id))
          .returning(),
      )
      return toConnectionView(row!)
    },

    /** The `first` latest Web Connector sessions (cut to 1..100), each with its failures: GraphQL's sessions(first), a sandbox run's result. */
    async sessions(actor: Actor, id: string, first = 10): Promise<SessionView[]> {
      const connection = await findRow(actor.tenantId, id)
      return (await sessionsOf(connection.id, Math.min(Math.max(first, 1), PAGE_SIZE.max), null)).map(({ key: _, ...view }) => view)
    },

    /** A keyset page of the sessions, newest first (GET /v1/connections/{id}/sessions). */
    async sessionPage(actor: Actor, id: string, raw: unknown): Promise<{ items: SessionView[]; nextCursor: string | null }> {
      const input = parseInput(pageInput, raw)
      const after = decodeKeyCursor('sessions', input.after, 2)
      if (after && (!isTimestampKey(after[0]) || !isUuid(after[1]))) throw notOurCursor()
      const connection = await findRow(actor.tenantId, id)
      const page = pageOf(await sessionsOf(connection.id, input.first + 1, after), input.first, (s) =>
        encodeKeyCursor('sessions', [s.key, s.id]),
      )
      return { items: page.items.map(({ key: _, ...view }) => view), nextCursor: page.nextCursor }
    },

    /** Exported invoices this connection will not send because they are dated before its sync start date. */
    async skippedBeforeSyncStart(connectionId: string): Promise<number> {
      return countSkipped(db, connectionId)
    },

    /**
     * Connections whose Web Connector has not been seen for STALE_AFTER_INTERVALS of their schedule
     * get a `connection.stale` event, once per silence (a later contact ends it): claimed and
     * announced in one transaction, so several instances announce each silence once.
     */
    async notifyStale(): Promise<number> {
      const now = clock.now()
      // The last contact as health() reads it: a check-in, a session opened, or a session's last call.
      const contact = sql`greatest(${connections.lastCheckInAt}, ${connections.lastSessionAt},
        (select max(${qbwcSessions.lastSeenAt}) from ${qbwcSessions} where ${qbwcSessions.connectionId} = ${connections.id}))`
      return db.transaction(async (tx) => {
        const { rows } = (await tx.execute(sql`update ${connections} set stale_notified_at = ${now}
          where disabled_at is null and ${contact} is not null
            and ${contact} < ${now}::timestamptz - (${STALE_AFTER_INTERVALS} * scheduler_minutes) * interval '1 minute'
            and (stale_notified_at is null or stale_notified_at <= ${contact})
          returning id, tenant_id as "tenantId", name, ${contact} as "lastContactAt", scheduler_minutes as "schedulerMinutes"`)) as unknown as {
          rows: { id: string; tenantId: string; name: string; lastContactAt: Date | string; schedulerMinutes: number }[]
        }
        await recordEvents(
          tx,
          rows.map((r) => ({
            tenantId: r.tenantId,
            type: 'connection.stale' as const,
            data: {
              connectionId: r.id,
              name: r.name,
              lastContactAt: new Date(r.lastContactAt).toISOString(),
              schedulerMinutes: r.schedulerMinutes,
              staleAfterMinutes: STALE_AFTER_INTERVALS * r.schedulerMinutes,
            },
          })),
          clock,
        )
        return rows.length
      })
    },

    /**
     * What waits for the connection, in the order the Web Connector will take it, each with the
     * request it will go as and what holds it back (queue-decisions.ts).
     */
    async queue(actor: Actor, id: string, raw: unknown) {
      const input = parseInput(pageInput, raw)
      const connection = await findRow(actor.tenantId, id)
      const [after] = decodeKeyCursor('queue', input.after, 1) ?? ['0']
      if (!/^\d{1,9}$/.test(after!)) throw notOurCursor()
      const now = clock.now()
      const rows = await queueOf(db, connection.id, now, { first: input.first, after: Number(after) })
      const items = rows.slice(0, input.first)
      return {
        items: items.map((r) => {
          const entry = queueEntry(r, now)
          return {
            position: r.rank,
            invoiceId: r.invoiceId,
            number: r.number,
            next: entry.next,
            qbTxnType: r.qbTxnType,
            held: entry.held?.reason ?? null,
            heldUntil: entry.held?.until?.toISOString() ?? null,
            transientFailures: r.transientFailures,
            waitingSince: r.waitingSince.toISOString(),
          }
        }),
        nextCursor: rows.length > input.first ? encodeKeyCursor('queue', [String(items.at(-1)!.rank)]) : null,
      }
    },

    /**
     * Whether the Web Connector comes as scheduled: its last contact (a check-in, with or without a
     * session), the last session's result, what waits, and whether it is stale (not seen for
     * STALE_AFTER_INTERVALS of its schedule).
     */
    async health(actor: Actor, id: string) {
      const connection = await findRow(actor.tenantId, id)
      const now = clock.now()
      const [last] = await db
        .select()
        .from(qbwcSessions)
        .where(eq(qbwcSessions.connectionId, connection.id))
        .orderBy(desc(qbwcSessions.startedAt))
        .limit(1)
      // The last contact as notifyStale() reads it: a check-in, a session opened, or a session's last call.
      const contact = [connection.lastCheckInAt, connection.lastSessionAt, last?.lastSeenAt ?? null].reduce<Date | null>(
        (a, b) => (b && (!a || b > a) ? b : a),
        null,
      )
      const queue = await queueCounts(db, connection.id, now)
      return {
        connectionId: connection.id,
        lastContactAt: contact?.toISOString() ?? null,
        schedulerMinutes: connection.schedulerMinutes,
        stale: isStale(contact, connection.schedulerMinutes, now),
        staleAfterMinutes: STALE_AFTER_INTERVALS * connection.schedulerMinutes,
        lastSession: last
          ? {
              id: last.id,
              status: last.status,
              startedAt: last.startedAt.toISOString(),
              closedAt: last.closedAt?.toISOString() ?? null,
              summary: last.summary,
              lastError: last.lastError,
            }
          : null,
        queue,
      }
    },

    /** Setting up a Web Connector is an administrator's job, like creating the connection. */
    async qwc(actor: Actor, id: string): Promise<string> {
      requirePermission(actor, 'admin', 'download a Web Connector file')
      const row = await findRow(actor.tenantId, id)
      refuseForSandbox(row, '.qwc file')
      return renderQwc(row, { publicUrl: options.publicUrl, appName })
    },

    /** A new password; the old one stops working at once. */
    async rotatePassword(actor: Actor, id: string): Promise<{ id: string; password: string }> {
      requirePermission(actor, 'admin', 'rotate a Web Connector password')
      const row = await findRow(actor.tenantId, id)
      refuseForSandbox(row, 'password to rotate')
      const password = generatePassword()
      const passwordHash = hashPassword(password)
      await db.transaction((tx) =>
        tx
          .update(connections)
          .set({ passwordHash, passwordRotatedAt: sql`now()`, updatedAt: sql`now()` })
          .where(eq(connections.id, row.id)),
      )
      return { id: row.id, password }
    },
  }
}

export type ConnectionService = ReturnType<typeof createConnectionService>
