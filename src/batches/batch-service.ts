// Batches carry invoices through their life before export: PENDING (freely editable) -> in a batch
// (still PENDING) -> POSTED (posting locks most fields; unpost until exported) -> exported to one
// connection (queued for the Web Connector; EXPORTED once QuickBooks confirms) or export-bypassed.
import { and, eq, inArray, sql } from 'drizzle-orm'
import { z } from 'zod'
import { type Actor, requirePermission } from '../auth/actor.js'
import { type Clock, systemClock } from '../clock.js'
import type { Db, Executor } from '../db/client.js'
import { batches, connections, invoiceLines, invoices } from '../db/schema.js'
import { NotFoundError } from '../errors.js'
import { duplicateNumbers } from '../invoices/invoice-model.js'
import { createInvoiceRepository } from '../invoices/invoice-repository.js'
import { RuleViolation } from '../invoices/invoice-service.js'
import { createStates } from '../sync/sync-state-store.js'
import { parseInput } from '../validation.js'
import { invoiceExportedEvent, recordEvents } from '../webhooks/outbox.js'

type BatchRow = typeof batches.$inferSelect

export interface BatchView {
  id: string
  status: BatchRow['status']
  connectionId: string | null
  invoiceIds: string[]
  /** Invoices an export left out, with the reason (no lines). */
  skipped?: { invoiceId: string; reason: string }[]
  /** What an export would have a person check (DUPLICATE_NUMBER), by invoice. */
  warnings?: { invoiceId: string; code: string; message: string }[]
}

const uuidList = z
  .array(z.uuid({ error: 'must be an invoice id' }))
  .min(1, { error: 'at least one invoice' })
  .max(1000)

export function createBatchService(db: Db, clock: Clock = systemClock) {
  const repo = createInvoiceRepository(db)
  const { now, newId } = clock

  /** The tenant's connection a batch is exported to, or CONNECTION_NOT_FOUND (404) on `connectionId`. */
  async function requireConnection(actor: Actor, connectionId: string, tx: Executor): Promise<void> {
    const [connection] = await tx
      .select({ id: connections.id })
      .from(connections)
      .where(and(eq(connections.tenantId, actor.tenantId), eq(connections.id, connectionId)))
    if (!connection) throw new RuleViolation('CONNECTION_NOT_FOUND', `No connection with id "${connectionId}" exists.`, 'connectionId', 404)
  }

  async function load(actor: Actor, id: string, tx: Executor): Promise<{ batch: BatchRow; invoiceIds: string[]; numbers: string[] }> {
    const [batch] = /^[0-9a-f-]{36}$/i.test(id)
      ? await tx
          .select()
          .from(batches)
          .where(and(eq(batches.tenantId, actor.tenantId), eq(batches.id, id)))
          .for('update')
      : []
    if (!batch) throw new NotFoundError('Batch', id)
    const rows = await tx
      .select({ id: invoices.id, number: invoices.number })
      .from(invoices)
      .where(and(eq(invoices.tenantId, actor.tenantId), eq(invoices.batchId, id)))
      .orderBy(invoices.createdAt)
    return { batch, invoiceIds: rows.map((r) => r.id), numbers: rows.map((r) => r.number) }
  }

  const view = (batch: BatchRow, invoiceIds: string[], skipped?: BatchView['skipped']): BatchView => ({
    id: batch.id,
    status: batch.status,
    connectionId: batch.connectionId,
    invoiceIds,
    ...(skipped ? { skipped } : {}),
  })

  async function setBatch(tx: Executor, id: string, set: Partial<typeof batches.$inferInsert>): Promise<BatchRow> {
    const [row] = await tx
      .update(batches)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(batches.id, id))
      .returning()
    return row!
  }

  function expectStatus(batch: BatchRow, allowed: BatchRow['status'][], action: string): void {
    if (!allowed.includes(batch.status))
      throw new RuleViolation('INVALID_BATCH_STATE', `A batch that is ${batch.status} cannot be ${action}.`, 'id', 409)
  }

  return {
    async get(actor: Actor, id: string): Promise<BatchView> {
      const { batch, invoiceIds } = await load(actor, id, db)
      return view(batch, invoiceIds)
    },

    async create(actor: Actor, raw: unknown): Promise<BatchView> {
      requirePermission(actor, 'invoices:write', 'create batches')
      const { invoiceIds } = parseInput(z.object({ invoiceIds: uuidList }).strict(), raw)
      return db.transaction(async (tx) => {
        const rows = await tx
          .select()
          .from(invoices)
          .where(and(eq(invoices.tenantId, actor.tenantId), inArray(invoices.id, invoiceIds)))
          .for('update')
        const found = new Map(rows.map((r) => [r.id, r]))
        const problems = invoiceIds.flatMap((id, i) => {
          const row = found.get(id)
          if (!row) return [{ field: `invoiceIds.${i}`, code: 'INVOICE_NOT_FOUND', message: `No invoice with id "${id}" exists.` }]
          if (row.status !== 'PENDING')
            return [
              {
                field: `invoiceIds.${i}`,
                code: 'INVOICE_NOT_PENDING',
                message: `Invoice ${row.number} is ${row.status}; only pending invoices go into a batch.`,
              },
            ]
          if (row.batchId)
            return [{ field: `invoiceIds.${i}`, code: 'INVOICE_IN_BATCH', message: `Invoice ${row.number} is in another batch already.` }]
          return []
        })
        if (problems.length > 0) throw new RuleViolation(problems[0]!.code, problems.map((p) => p.message).join(' '), problems[0]!.field)
        const [batch] = await tx.insert(batches).values({ id: newId(), tenantId: actor.tenantId, createdBy: actor.userId }).returning()
        await repo.setStatus(actor.tenantId, invoiceIds, { batchId: batch!.id }, tx)
        return view(batch!, invoiceIds)
      })
    },

    async post(actor: Actor, id: string): Promise<BatchView> {
      requirePermission(actor, 'invoices:write', 'post batches')
      return db.transaction(async (tx) => {
        const { batch, invoiceIds } = await load(actor, id, tx)
        expectStatus(batch, ['OPEN'], 'posted')
        await repo.setStatus(actor.tenantId, invoiceIds, { status: 'POSTED' }, tx)
        return view(await setBatch(tx, batch.id, { status: 'POSTED', postedAt: now() }), invoiceIds)
      })
    },

    async unpost(actor: Actor, id: string): Promise<BatchView> {
      requirePermission(actor, 'invoices:write', 'unpost batches')
      return db.transaction(async (tx) => {
        const { batch, invoiceIds } = await load(actor, id, tx)
        expectStatus(batch, ['POSTED'], 'unposted (unposting is possible until the batch is exported)')
        await repo.setStatus(actor.tenantId, invoiceIds, { status: 'PENDING' }, tx)
        return view(await setBatch(tx, batch.id, { status: 'OPEN', postedAt: null }), invoiceIds)
      })
    },

    /** Queues an InvoiceAdd per invoice for the Web Connector of `connectionId`. Invoices without lines are not exported. */
    async export(actor: Actor, id: string, raw: unknown): Promise<BatchView> {
      requirePermission(actor, 'invoices:write', 'export batches')
      const { connectionId } = parseInput(
        z.object({ connectionId: z.uuid({ error: 'connectionId must be a connection id' }) }).strict(),
        raw,
      )
      return db.transaction(async (tx) => {
        const { batch, invoiceIds } = await load(actor, id, tx)
        expectStatus(batch, ['POSTED'], 'exported (post it first)')
        await requireConnection(actor, connectionId, tx)
        const withLines = new Set(
          invoiceIds.length === 0
            ? []
            : (
                await tx
                  .selectDistinct({ id: invoiceLines.invoiceId })
                  .from(invoiceLines)
                  .where(inArray(invoiceLines.invoiceId, invoiceIds))
              ).map((r) => r.id),
        )
        const skipped = invoiceIds
          .filter((i) => !withLines.has(i))
          .map((invoiceId) => ({ invoiceId, reason: 'The invoice has no lines; invoices without lines are not exported.' }))
        const queued = invoiceIds.filter((i) => withLines.has(i))
        await createStates(
          tx,
          queued.map((invoiceId) => ({
            tenantId: actor.tenantId,
            invoiceId,
            connectionId,
            exportStatus: 'QUEUED' as const,
            externalGuid: `{${newId().toUpperCase()}}`,
          })),
        )
        // Numbers the company file has twice now (QuickBooks accepts them): a warning each.
        const numbered =
          queued.length === 0
            ? []
            : await tx
                .select({ id: invoices.id, number: invoices.number })
                .from(invoices)
                .where(and(eq(invoices.tenantId, actor.tenantId), inArray(invoices.id, queued)))
        const taken = await repo.withNumbers(
          actor.tenantId,
          numbered.map((n) => n.number),
          connectionId,
          tx,
        )
        const exported = view(
          await setBatch(tx, batch.id, { status: 'EXPORT_QUEUED', connectionId, exportedAt: now() }),
          invoiceIds,
          skipped,
        )
        return { ...exported, warnings: duplicateNumbers(numbered, taken) }
      })
    },

    /**
     * Marks the invoices exported without sending them (they reached QuickBooks another way). With
     * a connection, they are recorded against it; later edits cannot be pushed there until an
     * administrator unlocks them.
     */
    async bypassExport(actor: Actor, id: string, raw: unknown): Promise<BatchView> {
      requirePermission(actor, 'admin', 'bypass an export')
      const { connectionId } = parseInput(z.object({ connectionId: z.uuid().nullish() }).strict(), raw ?? {})
      return db.transaction(async (tx) => {
        const { batch, invoiceIds, numbers } = await load(actor, id, tx)
        expectStatus(batch, ['OPEN', 'POSTED'], 'export-bypassed')
        if (connectionId) {
          await requireConnection(actor, connectionId, tx)
          if (invoiceIds.length > 0) {
            await createStates(
              tx,
              invoiceIds.map((invoiceId) => ({
                tenantId: actor.tenantId,
                invoiceId,
                connectionId,
                exportStatus: 'BYPASSED' as const,
                externalGuid: `{${newId().toUpperCase()}}`,
              })),
            )
          }
        }
        await repo.setStatus(actor.tenantId, invoiceIds, { status: 'EXPORTED', exportBypassedAt: now() }, tx)
        await recordEvents(
          tx,
          invoiceIds.map((invoiceId, i) =>
            invoiceExportedEvent({
              tenantId: actor.tenantId,
              invoiceId,
              invoiceNumber: numbers[i]!,
              connectionId: connectionId ?? null,
              batchId: batch.id,
              confirmed: null,
            }),
          ),
          clock,
        )
        return view(
          await setBatch(tx, batch.id, { status: 'EXPORT_BYPASSED', connectionId: connectionId ?? null, exportedAt: now() }),
          invoiceIds,
        )
      })
    },
  }
}

export type BatchService = ReturnType<typeof createBatchService>
