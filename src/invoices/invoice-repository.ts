// Storage of invoices, their lines, revisions and sync states. Every method is scoped to a tenant
// and takes an optional transaction; batch readers (by many invoice ids) serve the GraphQL loaders.

import { and, asc, desc, eq, gte, inArray, lt, lte, or, type SQL, sql } from 'drizzle-orm'
import type { ActorRef } from '../auth/actor.js'
import type { Executor } from '../db/client.js'
import { oneStatement, type StatementPart } from '../db/one-statement.js'
import { accountingPeriods, invoiceLines, invoiceRevisions, invoiceSyncStates, invoices, tenants } from '../db/schema.js'
import { parseDecimal, toFixed, toPlain } from '../decimal.js'
import type { ExportStatus, StateJson, SyncStatus } from '../domain/sync-status.js'
import { isUuid } from '../values.js'
import type { Invoice, InvoiceContent, InvoiceDiff, InvoiceLine, InvoiceStatus } from './invoice-model.js'

/**
 * What one line weighs in a page of invoices: its description (the only long field) plus the
 * JSON of its other fields, ids and amount. An estimate made in SQL before any line is read.
 */
export const LINE_OVERHEAD_BYTES = 300

type InvoiceRow = typeof invoices.$inferSelect
type LineRow = typeof invoiceLines.$inferSelect
export type SyncStateRow = typeof invoiceSyncStates.$inferSelect
export type RevisionRow = typeof invoiceRevisions.$inferSelect

/** numeric(15,5) reads back as "85.00000": shown as "85.00" (money) or "2" (quantities). */
function quantityText(value: string): string {
  return toPlain(parseDecimal(value), 5)
}

function priceText(value: string): string {
  const plain = toPlain(parseDecimal(value), 5)
  const decimals = plain.includes('.') ? plain.split('.')[1]!.length : 0
  return decimals >= 2 ? plain : toFixed(parseDecimal(plain), 2)
}

export function toLine(row: LineRow): InvoiceLine {
  return {
    id: row.id,
    itemId: row.itemId,
    description: row.description,
    taxable: row.taxable,
    quantity: quantityText(row.quantity),
    unitPrice: priceText(row.unitPrice),
    cost: row.cost === null ? null : priceText(row.cost),
    businessUnitId: row.businessUnitId,
    inventoryLocationId: row.inventoryLocationId,
  }
}

export function toInvoice(row: InvoiceRow, lines: InvoiceLine[]): Invoice {
  return {
    id: row.id,
    tenantId: row.tenantId,
    externalId: row.externalId,
    number: row.number,
    date: row.date,
    customerId: row.customerId,
    taxZoneId: row.taxZoneId,
    invoiceTypeId: row.invoiceTypeId,
    summary: row.summary,
    isAfp: row.isAfp,
    status: row.status,
    batchId: row.batchId,
    adjustsInvoiceId: row.adjustsInvoiceId,
    exportBypassed: row.exportBypassedAt !== null,
    importedFromQb: row.importedFromQb,
    unlocked: row.unlockedAt !== null,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lines,
  }
}

export interface InvoiceListFilter {
  syncStatus?: SyncStatus | null
  status?: InvoiceStatus | null
  connectionId?: string | null
  externalId?: string | null
  number?: string | null
  customerId?: string | null
  dateFrom?: string | null
  dateTo?: string | null
  exportStatus?: ExportStatus | null
  paymentStatus?: 'UNPAID' | 'PARTIALLY_PAID' | 'PAID' | null
}

/** Keyset position: newest first, ties broken by id. */
export interface InvoiceCursor {
  createdAt: string
  id: string
}

/** Revisions of one invoice after `afterVersion` (0: from the first), at most `limit`. */
export interface RevisionPageRequest {
  invoiceId: string
  afterVersion: number
  limit: number
}

/** A revision that may go on a page: its row id, version and size (snapshot and diff as JSON text). */
export interface RevisionCandidate {
  id: number
  version: number
  bytes: number
}

/** Lines as the edit read builds them in SQL: the same fields as InvoiceLine, decimals as text. */
type LineJson = InvoiceLine

export interface PeriodJson {
  startDate: string
  endDate: string
  closed: boolean
}

export interface InvoiceForEdit {
  invoice: Invoice & { tenantAllowsExportedEdits: boolean }
  states: StateJson[]
  /** Accounting periods covering the invoice's (current) date. */
  periods: PeriodJson[]
}

export interface RevisionValues {
  snapshot: unknown
  diff: unknown
  decision: RevisionRow['decision']
  connectionId?: string | null
  actor: ActorRef
  warnings?: unknown[]
}

function revisionInsert(tx: Executor, values: RevisionValues & { tenantId: string; invoiceId: string; version: number }): SQL {
  return tx
    .insert(invoiceRevisions)
    .values({
      tenantId: values.tenantId,
      invoiceId: values.invoiceId,
      version: values.version,
      snapshot: values.snapshot,
      diff: values.diff,
      decision: values.decision,
      connectionId: values.connectionId ?? null,
      actorUserId: values.actor.userId,
      actorApiKeyId: values.actor.apiKeyId,
      warnings: values.warnings ?? [],
    })
    .getSQL()
}

/** The edit read of findForEdit in one statement, locking the invoice row (or skipping it when another transaction holds it). */
async function readForEdit(tx: Executor, tenantId: string, id: string, skipLocked: boolean): Promise<InvoiceForEdit | undefined> {
  const [row] = await tx
    .select({
      invoice: invoices,
      allow: tenants.allowExportedEdits,
      lines: sql<
        LineJson[]
      >`(select coalesce(json_agg(json_build_object('id', l.id, 'itemId', l.item_id, 'description', l.description, 'taxable', l.taxable,
        'quantity', l.quantity::text, 'unitPrice', l.unit_price::text, 'cost', l.cost::text, 'businessUnitId', l.business_unit_id,
        'inventoryLocationId', l.inventory_location_id) order by l.position), '[]') from ${invoiceLines} l where l.invoice_id = ${invoices.id})`,
      states: sql<
        StateJson[]
      >`(select coalesce(json_agg(json_build_object('tenantId', s.tenant_id, 'invoiceId', s.invoice_id, 'connectionId', s.connection_id,
        'status', s.status, 'exportStatus', s.export_status, 'pendingVersion', s.pending_version, 'syncedVersion', s.synced_version,
        'inFlightAttemptId', s.in_flight_attempt_id, 'qbTxnId', s.qb_txn_id, 'paymentStatus', s.payment_status,
        'needsReconcile', s.needs_reconcile, 'qbTxnType', s.qb_txn_type) order by s.created_at), '[]') from ${invoiceSyncStates} s where s.invoice_id = ${invoices.id})`,
      periods: sql<
        PeriodJson[]
      >`(select coalesce(json_agg(json_build_object('startDate', p.start_date, 'endDate', p.end_date, 'closed', p.closed)), '[]')
        from ${accountingPeriods} p where p.tenant_id = ${invoices.tenantId} and p.start_date <= ${invoices.date} and p.end_date >= ${invoices.date})`,
    })
    .from(invoices)
    .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, id)))
    .for('update', skipLocked ? { of: invoices, skipLocked: true } : { of: invoices })
  if (!row) return undefined
  const lines = row.lines.map((l) => toLine({ ...l, quantity: l.quantity, unitPrice: l.unitPrice, cost: l.cost } as LineRow))
  return { invoice: { ...toInvoice(row.invoice, lines), tenantAllowsExportedEdits: row.allow }, states: row.states, periods: row.periods }
}

export function createInvoiceRepository(db: Executor) {
  return {
    async findRow(tenantId: string, id: string, tx: Executor = db, options: { forUpdate?: boolean } = {}): Promise<InvoiceRow | undefined> {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined
      const query = tx
        .select()
        .from(invoices)
        .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, id)))
      const [row] = options.forUpdate ? await query.for('update') : await query
      return row
    },

    async find(tenantId: string, id: string, tx: Executor = db, options: { forUpdate?: boolean } = {}): Promise<Invoice | undefined> {
      const row = await this.findRow(tenantId, id, tx, options)
      if (!row) return undefined
      const lines = await this.linesOf([row.id], tx)
      return toInvoice(row, lines.get(row.id) ?? [])
    },

    /**
     * Everything an edit needs: the invoice row locked, its lines, its sync states, the tenant's
     * edit setting and the accounting periods covering its date. Whoever changes an invoice's sync
     * states holds this invoice row lock, so the states need no lock of their own.
     *
     * The read must not start before the lock is held: a statement that waited for the lock (a Web
     * Connector round holding it) would see the lines and sync states as they were before that
     * round committed, and the edit would plan its transition from them (e.g. clear the in-flight
     * mark the round had just set). So one statement takes the lock only if it is free (SKIP
     * LOCKED) and reads; when the row is busy, the lock is waited for first and the read follows.
     */
    async findForEdit(tenantId: string, id: string, tx: Executor = db): Promise<InvoiceForEdit | undefined> {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined
      const uncontended = await readForEdit(tx, tenantId, id, true)
      if (uncontended) return uncontended
      const [locked] = await tx
        .select({ id: invoices.id })
        .from(invoices)
        .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, id)))
        .for('update')
      return locked ? readForEdit(tx, tenantId, id, false) : undefined
    },

    /**
     * Writes an edit in one statement: the invoice's new content and version, its lines, the
     * revision, and whatever else the caller writes with it (sync transitions, webhook events).
     * `updatedAt` is the service's clock, so the invoice it answers is the one stored.
     */
    async saveEdit(
      invoice: Invoice,
      after: InvoiceContent,
      diff: InvoiceDiff,
      version: number,
      updatedAt: Date,
      revision: RevisionValues,
      tx: Executor = db,
      also: (SQL | StatementPart)[] = [],
    ): Promise<void> {
      const { lines, ...header } = after
      const position = new Map(lines.map((l, i) => [l.id, i]))
      const parts: SQL[] = [
        tx
          .update(invoices)
          .set({ ...header, version, updatedAt })
          .where(and(eq(invoices.tenantId, invoice.tenantId), eq(invoices.id, invoice.id)))
          .getSQL(),
      ]
      if (diff.linesRemoved.length > 0) {
        parts.push(
          tx
            .delete(invoiceLines)
            .where(
              and(
                eq(invoiceLines.invoiceId, invoice.id),
                inArray(
                  invoiceLines.id,
                  diff.linesRemoved.map((l) => l.id),
                ),
              ),
            )
            .getSQL(),
        )
      }
      for (const change of diff.linesChanged) {
        const { id: lineId, ...values } = lines.find((l) => l.id === change.id)!
        parts.push(
          tx
            .update(invoiceLines)
            .set({ ...values, position: position.get(lineId)!, updatedAt: sql`now()` })
            .where(eq(invoiceLines.id, lineId))
            .getSQL(),
        )
      }
      // A line's position is its index in the saved content. When lines are added or removed, the
      // kept lines that did not change are renumbered too (those that changed were just written
      // with theirs): otherwise an added line could take the number a kept line still has, and
      // the two would come back in either order.
      if (diff.linesAdded.length > 0 || diff.linesRemoved.length > 0) {
        const written = new Set([...diff.linesChanged.map((c) => c.id), ...diff.linesAdded.map((l) => l.id)])
        const kept = lines.filter((l) => !written.has(l.id)).map((l) => ({ id: l.id, position: position.get(l.id)! }))
        if (kept.length > 0) {
          parts.push(sql`update ${invoiceLines} l set position = v.position, updated_at = now()
            from jsonb_to_recordset(${JSON.stringify(kept)}::jsonb) as v(id uuid, position int)
            where l.id = v.id and l.invoice_id = ${invoice.id}::uuid and l.position <> v.position`)
        }
      }
      if (diff.linesAdded.length > 0) {
        parts.push(
          tx
            .insert(invoiceLines)
            .values(
              diff.linesAdded.map((l) => ({ ...l, tenantId: invoice.tenantId, invoiceId: invoice.id, position: position.get(l.id)! })),
            )
            .getSQL(),
        )
      }
      parts.push(revisionInsert(tx, { ...revision, tenantId: invoice.tenantId, invoiceId: invoice.id, version }))
      await tx.execute(oneStatement([...parts, ...also]))
    },

    async linesOf(invoiceIds: readonly string[], tx: Executor = db): Promise<Map<string, InvoiceLine[]>> {
      const out = new Map<string, InvoiceLine[]>(invoiceIds.map((id) => [id, []]))
      if (invoiceIds.length === 0) return out
      const rows = await tx
        .select()
        .from(invoiceLines)
        .where(inArray(invoiceLines.invoiceId, [...invoiceIds]))
        .orderBy(asc(invoiceLines.invoiceId), asc(invoiceLines.position))
      for (const r of rows) out.get(r.invoiceId)?.push(toLine(r))
      return out
    },

    async syncStatesOf(
      invoiceIds: readonly string[],
      tx: Executor = db,
      options: { forUpdate?: boolean } = {},
    ): Promise<Map<string, SyncStateRow[]>> {
      const out = new Map<string, SyncStateRow[]>(invoiceIds.map((id) => [id, []]))
      if (invoiceIds.length === 0) return out
      const query = tx
        .select()
        .from(invoiceSyncStates)
        .where(inArray(invoiceSyncStates.invoiceId, [...invoiceIds]))
        .orderBy(asc(invoiceSyncStates.createdAt))
      const rows = options.forUpdate ? await query.for('update') : await query
      for (const r of rows) out.get(r.invoiceId)?.push(r)
      return out
    },

    /**
     * The revisions that may fill pages, oldest first, with their size: for each request, at most
     * `limit` revisions of one invoice after a version. One statement for any number of requests
     * (the GraphQL loader's batch); each reads only its own rows through the (invoice, version)
     * index, and only ids and sizes leave the database.
     */
    async revisionCandidates(
      tenantId: string,
      requests: readonly RevisionPageRequest[],
      tx: Executor = db,
    ): Promise<RevisionCandidate[][]> {
      if (requests.length === 0) return []
      const wanted = JSON.stringify(requests.map((r, i) => ({ ord: i, invoice_id: r.invoiceId, after: r.afterVersion, lim: r.limit })))
      const { rows } = (await tx.execute(sql`
        select k.ord, r.id, r.version, r.bytes from jsonb_to_recordset(${wanted}::jsonb) as k(ord int, invoice_id uuid, after int, lim int)
        cross join lateral (
          select r.id, r.version, octet_length(r.snapshot::text) + octet_length(r.diff::text) as bytes from ${invoiceRevisions} r
          where r.tenant_id = ${tenantId}::uuid and r.invoice_id = k.invoice_id and r.version > k.after order by r.version limit k.lim
        ) r order by k.ord, r.version`)) as unknown as {
        rows: { ord: number; id: number | string; version: number; bytes: number | string }[]
      }
      const out: RevisionCandidate[][] = requests.map(() => [])
      for (const row of rows) out[row.ord]!.push({ id: Number(row.id), version: row.version, bytes: Number(row.bytes) })
      return out
    },

    /** The content an invoice had at a version (its revision's snapshot). */
    async contentAt(invoiceId: string, version: number, tx: Executor = db): Promise<InvoiceContent | undefined> {
      const [row] = await tx
        .select({ snapshot: invoiceRevisions.snapshot })
        .from(invoiceRevisions)
        .where(and(eq(invoiceRevisions.invoiceId, invoiceId), eq(invoiceRevisions.version, version)))
      return row?.snapshot as InvoiceContent | undefined
    },

    async revisionsByIds(ids: readonly number[], tx: Executor = db): Promise<RevisionRow[]> {
      if (ids.length === 0) return []
      return tx
        .select()
        .from(invoiceRevisions)
        .where(inArray(invoiceRevisions.id, [...ids]))
        .orderBy(asc(invoiceRevisions.invoiceId), asc(invoiceRevisions.version))
    },

    /**
     * A page of invoice rows, newest first, after the cursor; one more than asked tells if there
     * is a next page. Each comes with the estimated size of its lines (descriptions plus
     * LINE_OVERHEAD_BYTES a line), so the page can stop before it grows too large to answer.
     */
    async list(
      tenantId: string,
      options: { first: number; after?: InvoiceCursor | null; filter?: InvoiceListFilter },
      tx: Executor = db,
    ): Promise<{ invoice: InvoiceRow; bytes: number }[]> {
      const conditions: SQL[] = [eq(invoices.tenantId, tenantId)]
      const f = options.filter ?? {}
      // A connection id that cannot exist matches nothing (rather than failing the uuid cast).
      if (f.connectionId && !isUuid(f.connectionId)) return []
      if (f.status) conditions.push(eq(invoices.status, f.status))
      if (f.externalId) conditions.push(eq(invoices.externalId, f.externalId))
      if (f.number) conditions.push(sql`lower(${invoices.number}) = lower(${f.number})`)
      if (f.customerId) conditions.push(eq(invoices.customerId, f.customerId))
      if (f.dateFrom) conditions.push(gte(invoices.date, f.dateFrom))
      if (f.dateTo) conditions.push(lte(invoices.date, f.dateTo))
      // The state filters hold together on one connection (the given one, or any).
      if (f.syncStatus || f.connectionId || f.exportStatus || f.paymentStatus) {
        const stateConditions: SQL[] = [eq(invoiceSyncStates.invoiceId, invoices.id)]
        if (f.syncStatus) stateConditions.push(eq(invoiceSyncStates.status, f.syncStatus))
        if (f.connectionId) stateConditions.push(eq(invoiceSyncStates.connectionId, f.connectionId))
        if (f.exportStatus) stateConditions.push(eq(invoiceSyncStates.exportStatus, f.exportStatus))
        if (f.paymentStatus) stateConditions.push(eq(invoiceSyncStates.paymentStatus, f.paymentStatus))
        conditions.push(sql`exists (select 1 from ${invoiceSyncStates} where ${and(...stateConditions)})`)
      }
      if (options.after) {
        const at = new Date(options.after.createdAt)
        conditions.push(or(lt(invoices.createdAt, at), and(eq(invoices.createdAt, at), lt(invoices.id, options.after.id)))!)
      }
      return tx
        .select({
          invoice: invoices,
          // Spelled out: drizzle leaves a one-table select's columns unqualified, and a bare "id" here would be the line's.
          bytes:
            sql<number>`(select coalesce(sum(octet_length(l.description) + ${LINE_OVERHEAD_BYTES}), 0) from ${invoiceLines} l where l.invoice_id = invoices.id)`.mapWith(
              Number,
            ),
        })
        .from(invoices)
        .where(and(...conditions))
        .orderBy(desc(invoices.createdAt), desc(invoices.id))
        .limit(options.first + 1)
    },

    /**
     * The tenant's invoices with one of these numbers (ignoring case): on a connection, those it
     * exported or will export there; without one, any.
     */
    async withNumbers(
      tenantId: string,
      numbers: string[],
      connectionId: string | null,
      tx: Executor = db,
    ): Promise<{ id: string; number: string }[]> {
      if (numbers.length === 0) return []
      const onConnection = connectionId
        ? sql`and exists (select 1 from ${invoiceSyncStates} st where st.invoice_id = ${invoices.id} and st.connection_id = ${connectionId}::uuid)`
        : sql``
      const { rows } = (await tx.execute(sql`select ${invoices.id} as id, ${invoices.number} as number from ${invoices}
        where ${invoices.tenantId} = ${tenantId}::uuid and lower(${invoices.number}) = any(${sql.param(numbers.map((n) => n.toLowerCase()))}::text[]) ${onConnection}
        limit 100`)) as unknown as { rows: { id: string; number: string }[] }
      return rows
    },

    /** The id of the tenant's invoice with this externalId, if any. */
    async idOfExternal(tenantId: string, externalId: string, tx: Executor = db): Promise<string | undefined> {
      const [row] = await tx
        .select({ id: invoices.id })
        .from(invoices)
        .where(and(eq(invoices.tenantId, tenantId), eq(invoices.externalId, externalId)))
      return row?.id
    },

    async insert(
      tenantId: string,
      values: Omit<typeof invoices.$inferInsert, 'tenantId' | 'id'> & { id: string },
      lines: InvoiceLine[],
      tx: Executor = db,
    ): Promise<InvoiceRow> {
      const [row] = await tx
        .insert(invoices)
        .values({ ...values, tenantId })
        .returning()
      if (lines.length > 0) {
        await tx.insert(invoiceLines).values(lines.map((l, position) => ({ ...l, tenantId, invoiceId: values.id, position })))
      }
      return row!
    },

    async setStatus(tenantId: string, ids: string[], set: Partial<typeof invoices.$inferInsert>, tx: Executor = db): Promise<void> {
      if (ids.length === 0) return
      await tx
        .update(invoices)
        .set({ ...set, updatedAt: sql`now()` })
        .where(and(eq(invoices.tenantId, tenantId), inArray(invoices.id, ids)))
    },

    async insertRevision(
      values: RevisionValues & { tenantId: string; invoiceId: string; version: number },
      tx: Executor = db,
    ): Promise<void> {
      await tx.execute(revisionInsert(tx, values))
    },
  }
}

export type InvoiceRepository = ReturnType<typeof createInvoiceRepository>
