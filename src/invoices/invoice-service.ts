// The invoice use cases every door calls: create, read, list, edit with a decision (Save & Sync /
// Save & Bypass), Re-Sync, Bypass, unlock, adjustment invoices. Each runs in one transaction and
// either saves everything (content, revision, sync states, audit rows) or nothing.
import { and, eq, gte, lte } from 'drizzle-orm'
import { z } from 'zod'
import { type Actor, actorRef, requirePermission } from '../auth/actor.js'
import { type Clock, systemClock } from '../clock.js'
import type { Db, Executor } from '../db/client.js'
import type { StatementPart } from '../db/one-statement.js'
import { accountingPeriods } from '../db/schema.js'
import type { SyncStatusChange } from '../domain/sync-status.js'
import { AppError, type FieldError, NotFoundError, ValidationError } from '../errors.js'
import type { CompanyProfile } from '../qbxml/profile.js'
import type { QbInvoiceRet } from '../qbxml/responses.js'
import { missingReferences, type ReferenceKind } from '../reference/reference-lookup.js'
import { changesTxnType, inInvoiceTerms, TRANSACTION_TYPE_CHANGE, txnTypeChangeMessage } from '../sync/credit-memos.js'
import { contentFromCopy, namesToFind } from '../sync/qb-copy.js'
import { nameBook, referencesByName } from '../sync/qb-mapping.js'
import { attemptsOf, transitionsOf } from '../sync/sync-audit.js'
import { replaceTxnLinesParts, txnLinesOf } from '../sync/sync-results.js'
import { type PlannedTransition, planSyncTransition, transitionSyncState } from '../sync/sync-state-store.js'
import { parseInput } from '../validation.js'
import {
  decodeCreatedAtCursor,
  decodeKeyCursor,
  encodeCreatedAtCursor,
  encodeKeyCursor,
  isoDate,
  isTimestampKey,
  isUuid,
  notOurCursor,
} from '../values.js'
import { invoiceUpdatedEvent, type OutboxEvent, outboxParts, recordEvents, syncStatusEvents } from '../webhooks/outbox.js'
import {
  applyEdit,
  contentOf,
  createInvoiceInput,
  DEFAULT_MAX_LINES,
  diffContent,
  duplicateNumbers,
  type Invoice,
  type InvoiceContent,
  type InvoiceDiff,
  type InvoiceLine,
  isClosed,
  isEmptyDiff,
  isZeroAmount,
  lineCountProblem,
  newLine,
  totalOf,
  updateInvoiceInput,
} from './invoice-model.js'
import {
  createInvoiceRepository,
  type InvoiceForEdit,
  type InvoiceListFilter,
  type PeriodJson,
  type RevisionValues,
  type SyncStateRow,
  toInvoice,
} from './invoice-repository.js'
import {
  DEFAULT_PAGE_MAX_BYTES,
  encodeRevisionCursor,
  itemsThatFit,
  pageSize,
  parseRevisionPage,
  type ReadBudget,
  type RevisionPage,
  type RevisionPageRequestKey,
  revisionPageKeyParts,
} from './pages.js'

export interface Warning {
  code: string
  message: string
}

export interface InvoiceResult {
  invoice: Invoice
  warnings: Warning[]
}

/** A rule of the product refused the change; `field` tells the frontend where to show it. */
export class RuleViolation extends AppError {
  constructor(code: string, message: string, field: string | null = null, status = 422) {
    super(code, message, status, field ? [{ field, code, message }] : [])
  }
}

export class VersionConflictError extends AppError {
  constructor(current: number, expected: number) {
    super(
      'VERSION_CONFLICT',
      `The invoice changed since you loaded it (you edited version ${expected}, it is now version ${current}). Reload it and apply your change again.`,
      409,
      [{ field: 'expectedVersion', code: 'VERSION_CONFLICT', message: `The invoice is now at version ${current}.` }],
    )
  }
}

/** Exported (or export-bypassed) and not unlocked by an administrator: the exported-invoice rules apply. */
export function isUnderExportRules(invoice: Invoice): boolean {
  return (invoice.status === 'EXPORTED' || invoice.exportBypassed) && !invoice.unlocked
}

function referencesOf(content: InvoiceContent, prefix = ''): { field: string; kind: ReferenceKind; id: string }[] {
  const refs: { field: string; kind: ReferenceKind; id: string }[] = [
    { field: `${prefix}customerId`, kind: 'customer', id: content.customerId },
  ]
  if (content.taxZoneId) refs.push({ field: `${prefix}taxZoneId`, kind: 'taxZone', id: content.taxZoneId })
  if (content.invoiceTypeId) refs.push({ field: `${prefix}invoiceTypeId`, kind: 'invoiceType', id: content.invoiceTypeId })
  content.lines.forEach((l, i) => {
    refs.push({ field: `lines.${i}.itemId`, kind: 'item', id: l.itemId })
    if (l.businessUnitId) refs.push({ field: `lines.${i}.businessUnitId`, kind: 'businessUnit', id: l.businessUnitId })
    if (l.inventoryLocationId) refs.push({ field: `lines.${i}.inventoryLocationId`, kind: 'inventoryLocation', id: l.inventoryLocationId })
  })
  return refs
}

export const listInput = z.object({
  first: pageSize,
  after: z.string().nullish(),
  filter: z
    .object({
      syncStatus: z.enum(['NOT_APPLICABLE', 'PENDING', 'SYNCED', 'BYPASSED', 'ACTION_REQUIRED']).nullish(),
      status: z.enum(['PENDING', 'POSTED', 'EXPORTED']).nullish(),
      connectionId: z.string().nullish(),
      /** The source app's own id of the invoice. */
      externalId: z.string().min(1).max(100).nullish(),
      /** The invoice number, ignoring case (QuickBooks compares RefNumbers so). */
      number: z.string().min(1).max(100).nullish(),
      customerId: z.string().min(1).max(100).nullish(),
      /** Invoice dates from / to, inclusive. */
      dateFrom: isoDate.nullish(),
      dateTo: isoDate.nullish(),
      exportStatus: z.enum(['QUEUED', 'EXPORTED', 'FAILED', 'BYPASSED']).nullish(),
      paymentStatus: z.enum(['UNPAID', 'PARTIALLY_PAID', 'PAID']).nullish(),
    })
    .strict()
    .nullish(),
})

/** An edit or Re-Sync of an invoice QuickBooks says is paid in full. */
const closedError = () =>
  new RuleViolation(
    'INVOICE_CLOSED',
    'This invoice is paid in full in QuickBooks, so it is closed: it can no longer be changed. Create an adjustment invoice for a difference.',
    null,
    409,
  )

/** A page of an invoice's audit trail (status moves, requests sent), on one connection or all. */
const auditPageInput = z.object({ first: pageSize, after: z.string().max(500).nullish(), connectionId: z.string().nullish() }).strict()

/** acceptQuickBooksVersion and overwriteQuickBooks: the invoice, and the connection when it is in several company files. */
const resolveInput = z.object({ id: z.string().min(1), connectionId: z.string().nullish() }).strict()

export interface InvoiceServiceDeps {
  db: Db
  /** Called after commit with every sync status change (subscriptions, webhooks). */
  onSyncStatusChanged?: (changes: SyncStatusChange[]) => void
  /** Lines an invoice may hold after any change (INVOICE_MAX_LINES). */
  maxLines?: number
  /** Bytes one page of invoices or revisions may carry (PAGE_MAX_BYTES). */
  pageMaxBytes?: number
  /** The time of edits, transitions and events, and the ids of invoices and lines. */
  clock?: Clock
}

export function createInvoiceService({
  db,
  onSyncStatusChanged,
  maxLines = DEFAULT_MAX_LINES,
  pageMaxBytes = DEFAULT_PAGE_MAX_BYTES,
  clock = systemClock,
}: InvoiceServiceDeps) {
  const repo = createInvoiceRepository(db)
  const { now, newId } = clock

  /**
   * Pages of revisions: ids and sizes of one more than each page may hold, then the rows of those
   * that fit the page's size and the byte budget. The pages one request reads share its budget,
   * each still taking one revision, so nothing larger than the budget plus one revision per page
   * is read into memory.
   */
  async function readRevisionPages(
    tenantId: string,
    requests: readonly RevisionPageRequestKey[],
    budget: ReadBudget,
  ): Promise<RevisionPage[]> {
    const candidates = await repo.revisionCandidates(
      tenantId,
      requests.map((r) => ({ invoiceId: r.invoiceId, afterVersion: r.afterVersion, limit: r.first + 1 })),
    )
    const taken = candidates.map((c, i) => {
      const page = c.slice(
        0,
        itemsThatFit(
          c.map((x) => x.bytes),
          requests[i]!.first,
          budget.remaining,
        ),
      )
      budget.remaining -= page.reduce((sum, x) => sum + x.bytes, 0)
      return page
    })
    const rows = new Map((await repo.revisionsByIds([...new Set(taken.flat().map((c) => c.id))])).map((r) => [r.id, r]))
    return taken.map((page, i) => {
      const revisions = page.map((c) => rows.get(c.id)!)
      return { revisions, cursors: revisions.map((r) => encodeRevisionCursor(r.version)), hasNextPage: candidates[i]!.length > page.length }
    })
  }

  /** The line cap, checked before anything is written; `field` says which input added the lines. */
  function checkLineCount(before: number | null, after: number, field: string): void {
    const problem = lineCountProblem({ before, after }, maxLines)
    if (problem) throw new RuleViolation(problem.code, problem.message, field)
  }

  async function load(actor: Actor, id: string, tx: Executor = db, forUpdate = false): Promise<Invoice> {
    const invoice = await repo.find(actor.tenantId, id, tx, { forUpdate })
    if (!invoice) throw new NotFoundError('Invoice', id)
    return invoice
  }

  /** The invoice locked for an edit, with its sync states, periods and the tenant's edit setting. */
  async function loadForEdit(actor: Actor, id: string, tx: Executor): Promise<InvoiceForEdit> {
    const found = await repo.findForEdit(actor.tenantId, id, tx)
    if (!found) throw new NotFoundError('Invoice', id)
    return found
  }

  async function checkReferences(
    tx: Executor,
    tenantId: string,
    refs: { field: string; kind: ReferenceKind; id: string }[],
  ): Promise<void> {
    const missing = await missingReferences(tx, tenantId, refs)
    if (missing.length > 0) throw new ValidationError(missing)
  }

  /** Accounting periods covering a date. */
  function periodsCovering(tx: Executor, tenantId: string, date: string): Promise<PeriodJson[]> {
    return tx
      .select({ startDate: accountingPeriods.startDate, endDate: accountingPeriods.endDate, closed: accountingPeriods.closed })
      .from(accountingPeriods)
      .where(and(eq(accountingPeriods.tenantId, tenantId), lte(accountingPeriods.startDate, date), gte(accountingPeriods.endDate, date)))
  }

  /** Closed periods refuse the change (before or after it); an open period lets it through with a warning once exported. */
  function checkPeriods(periods: PeriodJson[], exported: boolean): Warning[] {
    const closed = periods.find((p) => p.closed)
    if (closed) {
      throw new RuleViolation(
        'PERIOD_CLOSED',
        `The invoice date falls in the closed accounting period ${closed.startDate} to ${closed.endDate}; changes there are not allowed.`,
        'date',
      )
    }
    if (exported && periods.length > 0) {
      return [
        {
          code: 'ALREADY_SENT_TO_ACCOUNTING',
          message: 'This invoice was already sent to accounting; the change may need updating there too.',
        },
      ]
    }
    return []
  }

  /** Runs the work in one transaction; the webhook events it collects are written in that transaction. */
  /**
   * Saves a new version of an invoice in one statement: content, lines, revision, the sync
   * transitions planned for it and the webhook events (invoice.updated and each status moved),
   * with whatever else the caller writes (`also`). Returns the time it was saved.
   */
  async function saveRevision(
    tx: Executor,
    actor: Actor,
    invoice: Invoice,
    after: InvoiceContent,
    diff: InvoiceDiff,
    version: number,
    revision: { decision: RevisionValues['decision']; connectionId: string | null; warnings: Warning[] },
    transitions: PlannedTransition[],
    also: StatementPart[] = [],
  ): Promise<Date> {
    const events: OutboxEvent[] = [
      invoiceUpdatedEvent(
        {
          tenantId: actor.tenantId,
          invoiceId: invoice.id,
          invoiceNumber: after.number,
          externalId: invoice.externalId,
          version,
          decision: revision.decision,
          connectionId: revision.connectionId,
          userId: actor.userId,
        },
        diff,
      ),
      ...syncStatusEvents(
        transitions.map((t) => t.change),
        () => ({ number: after.number, version }),
      ),
    ]
    const updatedAt = now()
    await repo.saveEdit(invoice, after, diff, version, updatedAt, { snapshot: after, diff, ...revision, actor: actorRef(actor) }, tx, [
      ...transitions.flatMap((t) => t.writes),
      ...also,
      ...outboxParts(events, clock),
    ])
    return updatedAt
  }

  /**
   * QuickBooks' copy kept with a CHANGED_IN_QUICKBOOKS error becomes the invoice's content (saved as
   * a revision, decision QUICKBOOKS); the connection's state is SYNCED at it. Returns the invoice as
   * saved and every state after it (for a caller that saves again).
   */
  async function adoptQuickBooksCopy(actor: Actor, input: z.infer<typeof resolveInput>, tx: Executor) {
    const invoice = await load(actor, input.id, tx, true)
    requirePermission(actor, 'editExportedTransactions', 'resolve an invoice changed in QuickBooks')
    const states = (await repo.syncStatesOf([invoice.id], tx, { forUpdate: true })).get(invoice.id) ?? []
    if (!input.connectionId && states.length > 1)
      throw new RuleViolation(
        'CONNECTION_REQUIRED',
        'This invoice is in several QuickBooks company files: choose the connection.',
        'connectionId',
        400,
      )
    const state = input.connectionId ? states.find((s) => s.connectionId === input.connectionId) : states[0]
    if (!state)
      throw new RuleViolation('SYNC_NOT_POSSIBLE', 'This invoice is not in QuickBooks through that connection.', 'connectionId', 409)
    const stored = (state.lastErrorDetails as { qbCopy?: { ret: QbInvoiceRet; profile: CompanyProfile } } | null)?.qbCopy
    // A credit memo's copy is read in this service's terms (its quantities turned back).
    const kept = stored ? { ...stored, ret: inInvoiceTerms(stored.ret) } : undefined
    if (state.status !== 'ACTION_REQUIRED' || state.lastErrorCode !== 'CHANGED_IN_QUICKBOOKS' || !kept || state.syncedVersion === null)
      throw new RuleViolation(
        'NOT_CHANGED_IN_QUICKBOOKS',
        'This invoice is not waiting for a decision about a change made in QuickBooks (its sync status is not Action Required with CHANGED_IN_QUICKBOOKS).',
        'id',
        409,
      )
    const synced = await repo.contentAt(invoice.id, state.syncedVersion, tx)
    if (!synced) throw new Error(`no revision ${state.syncedVersion} of invoice ${invoice.id}`)
    const book = await nameBook(tx, actor.tenantId, [synced], state.connectionId)
    const qb = book.toQb(synced)
    const find = await referencesByName(tx, actor.tenantId, namesToFind(kept.ret, qb, kept.profile), state.connectionId)
    const txnLineOf = await txnLinesOf(tx, state.connectionId, invoice.id)
    const built = contentFromCopy(kept.ret, { content: synced, qb, txnLineOf }, kept.profile, find, newId)
    if ('unmatched' in built)
      throw new RuleViolation(
        'QUICKBOOKS_NAMES_UNMATCHED',
        `QuickBooks' copy names what this service cannot match: ${built.unmatched
          .map((u) => `${u.kind} "${u.name}" (${u.reason === 'MISSING' ? 'none here' : 'several here'})`)
          .join(', ')}. Add or rename it in the reference data, then try again.`,
        'id',
        409,
      )
    const after = built.content
    checkLineCount(null, after.lines.length, 'lines')
    const diff = diffContent(contentOf(invoice), after)
    const version = invoice.version + 1
    const accepted = planSyncTransition(
      tx,
      state,
      { type: 'QUICKBOOKS_ACCEPTED', version },
      {
        actor: actorRef(actor),
        now,
        set: {
          qbEditSequence: kept.ret.editSequence,
          qbTimeModified: kept.ret.timeModified,
          needsReconcile: false,
          transientFailures: 0,
          nextAttemptAt: null,
        },
      },
    )
    // The content changed: the invoice's other company files get it as a Save & Sync would.
    const others = states
      .filter((s) => s.connectionId !== state.connectionId && s.exportStatus !== 'BYPASSED')
      .map((s) => planSyncTransition(tx, s, { type: 'EDIT_SYNC', version }, { actor: actorRef(actor), now }))
    const updatedAt = await saveRevision(
      tx,
      actor,
      invoice,
      after,
      diff,
      version,
      { decision: 'QUICKBOOKS', connectionId: state.connectionId, warnings: [] },
      [accepted, ...others],
      replaceTxnLinesParts(state.connectionId, invoice.id, built.txnLines),
    )
    const moved = [accepted.change, ...others.map((t) => t.change)]
    const statesAfter = (await repo.syncStatesOf([invoice.id], tx)).get(invoice.id) ?? []
    return { invoice: { ...invoice, ...after, version, updatedAt }, changes: moved, states: statesAfter }
  }

  async function committed<T>(work: (tx: Executor, changes: SyncStatusChange[], events: OutboxEvent[]) => Promise<T>): Promise<T> {
    const changes: SyncStatusChange[] = []
    const result = await db.transaction(async (tx) => {
      const events: OutboxEvent[] = []
      const done = await work(tx, changes, events)
      await recordEvents(tx, events, clock)
      return done
    })
    if (changes.length > 0) onSyncStatusChanged?.(changes)
    return result
  }

  return {
    /** Lines of invoices a door already read for its tenant (a page, the GraphQL loader's batch), by invoice: one statement. */
    linesOf(invoiceIds: readonly string[]): Promise<Map<string, InvoiceLine[]>> {
      return repo.linesOf(invoiceIds)
    },

    /** Sync states of invoices a door already read for its tenant, by invoice: one statement. */
    syncStatesOf(invoiceIds: readonly string[]): Promise<Map<string, SyncStateRow[]>> {
      return repo.syncStatesOf(invoiceIds)
    },

    async get(actor: Actor, id: string): Promise<Invoice> {
      return load(actor, id)
    },

    /**
     * Every move of the invoice's sync status, oldest first: from and to, why, who (user and API
     * key), in which Web Connector session, and the error shown when it needed action.
     */
    async history(actor: Actor, invoiceId: string, raw: unknown) {
      const input = parseInput(auditPageInput, raw)
      if (!(await repo.findRow(actor.tenantId, invoiceId))) throw new NotFoundError('Invoice', invoiceId)
      const [after] = decodeKeyCursor('history', input.after, 1) ?? ['0']
      if (!/^\d{1,15}$/.test(after!)) throw notOurCursor()
      if (input.connectionId && !isUuid(input.connectionId)) return { items: [], nextCursor: null }
      const rows = await transitionsOf(db, actor.tenantId, invoiceId, {
        first: input.first,
        afterId: Number(after),
        connectionId: input.connectionId ?? null,
      })
      const items = rows.slice(0, input.first)
      return {
        items: items.map((r) => ({
          at: r.createdAt.toISOString(),
          connectionId: r.connectionId,
          from: r.fromStatus,
          to: r.toStatus,
          reason: r.reason,
          errorCode: r.errorCode,
          errorMessage: r.errorMessage,
          actorUserId: r.actorUserId,
          actorApiKeyId: r.actorApiKeyId,
          sessionId: r.sessionId,
        })),
        nextCursor: rows.length > input.first ? encodeKeyCursor('history', [String(items.at(-1)!.id)]) : null,
      }
    },

    /**
     * Every request sent to QuickBooks for the invoice, oldest first, with the exact qbXML sent and
     * the part of QuickBooks' answer about it; a page stops before its XML passes PAGE_MAX_BYTES.
     */
    async syncAttempts(actor: Actor, invoiceId: string, raw: unknown) {
      const input = parseInput(auditPageInput, raw)
      if (!(await repo.findRow(actor.tenantId, invoiceId))) throw new NotFoundError('Invoice', invoiceId)
      const cursor = decodeKeyCursor('attempts', input.after, 2)
      if (cursor && (!isTimestampKey(cursor[0]) || !isUuid(cursor[1]))) throw notOurCursor()
      if (input.connectionId && !isUuid(input.connectionId)) return { items: [], nextCursor: null }
      const page = await attemptsOf(db, actor.tenantId, invoiceId, {
        first: input.first,
        after: cursor ? { sentAt: cursor[0]!, id: cursor[1]! } : null,
        connectionId: input.connectionId ?? null,
        maxBytes: pageMaxBytes,
      })
      const last = page.rows.at(-1)
      return {
        items: page.rows.map(({ sentAtKey: _, ...r }) => ({
          ...r,
          sentAt: r.sentAt.toISOString(),
          respondedAt: r.respondedAt?.toISOString() ?? null,
        })),
        nextCursor: page.hasNextPage && last ? encodeKeyCursor('attempts', [last.sentAtKey, last.id]) : null,
      }
    },

    /** The invoice the source app knows by its own id (`externalId`). */
    async getByExternalId(actor: Actor, externalId: string): Promise<Invoice> {
      const id = await repo.idOfExternal(actor.tenantId, externalId)
      if (!id) throw new NotFoundError('Invoice', `externalId ${externalId}`)
      return load(actor, id)
    },

    async list(actor: Actor, raw: unknown) {
      const input = parseInput(listInput, raw)
      const rows = await repo.list(actor.tenantId, {
        first: input.first,
        after: input.after ? decodeCreatedAtCursor(input.after) : null,
        filter: (input.filter ?? {}) as InvoiceListFilter,
      })
      // At most `first`, and no more than PAGE_MAX_BYTES of lines (always one invoice).
      const page = rows
        .slice(
          0,
          itemsThatFit(
            rows.map((r) => r.bytes),
            input.first,
            pageMaxBytes,
          ),
        )
        .map((r) => r.invoice)
      return {
        invoices: page.map((r) => toInvoice(r, [])),
        cursors: page.map((r) => encodeCreatedAtCursor({ createdAt: r.createdAt.toISOString(), id: r.id })),
        hasNextPage: rows.length > page.length,
      }
    },

    /** One page of an invoice's revisions (REST); GraphQL reads the same pages through revisionPages. */
    async revisions(actor: Actor, invoiceId: string, raw: unknown): Promise<RevisionPage> {
      const page = parseRevisionPage(raw)
      if (!(await repo.findRow(actor.tenantId, invoiceId))) throw new NotFoundError('Invoice', invoiceId)
      const [result] = await readRevisionPages(actor.tenantId, [{ invoiceId, ...page }], this.readBudget())
      return result!
    },

    /** What one request may read into pages of revisions (PAGE_MAX_BYTES); a GraphQL request takes one for its loader. */
    readBudget(): ReadBudget {
      return { remaining: pageMaxBytes }
    },

    /** The GraphQL loader's batch: a page for each revisionPageKey, of invoices the tenant's resolvers already read. */
    async revisionPages(tenantId: string, keys: readonly string[], budget: ReadBudget): Promise<Map<string, RevisionPage>> {
      const pages = await readRevisionPages(tenantId, keys.map(revisionPageKeyParts), budget)
      return new Map(keys.map((key, i) => [key, pages[i]!]))
    },

    async create(actor: Actor, raw: unknown): Promise<Invoice> {
      requirePermission(actor, 'invoices:write', 'create invoices')
      const input = parseInput(createInvoiceInput, raw)
      checkLineCount(null, input.lines.length, 'lines')
      const id = newId()
      const lines: InvoiceLine[] = input.lines.map((l) => newLine(l, newId()))
      const content: InvoiceContent = {
        number: input.number,
        date: input.date,
        customerId: input.customerId,
        taxZoneId: input.taxZoneId ?? null,
        invoiceTypeId: input.invoiceTypeId ?? null,
        summary: input.summary,
        lines,
      }
      return committed(async (tx) => {
        await checkReferences(tx, actor.tenantId, referencesOf(content))
        if (input.adjustsInvoiceId) await load(actor, input.adjustsInvoiceId, tx)
        try {
          const row = await repo.insert(
            actor.tenantId,
            { id, externalId: input.externalId ?? null, isAfp: input.isAfp, adjustsInvoiceId: input.adjustsInvoiceId ?? null, ...content },
            lines,
            tx,
          )
          await repo.insertRevision(
            {
              tenantId: actor.tenantId,
              invoiceId: id,
              version: 1,
              snapshot: content,
              diff: diffContent(null, content),
              decision: 'CREATE',
              actor: actorRef(actor),
            },
            tx,
          )
          return toInvoice(row, lines)
        } catch (err) {
          if ((err as { cause?: { constraint?: string } }).cause?.constraint === 'invoices_tenant_external_id') {
            throw new RuleViolation(
              'EXTERNAL_ID_TAKEN',
              `An invoice with externalId "${input.externalId}" exists already.`,
              'externalId',
              409,
            )
          }
          throw err
        }
      })
    },

    async update(actor: Actor, raw: unknown): Promise<InvoiceResult> {
      requirePermission(actor, 'invoices:write', 'edit invoices')
      const input = parseInput(updateInvoiceInput, raw)
      return committed(async (tx, changes) => {
        const { invoice, states, periods } = await loadForEdit(actor, input.id, tx)
        if (invoice.version !== input.expectedVersion) throw new VersionConflictError(invoice.version, input.expectedVersion)
        if (isClosed(states)) throw closedError()

        const { after, unknownLineIds, linesAddedOrRemoved } = applyEdit(contentOf(invoice), input, newId)
        if (unknownLineIds.length > 0) {
          throw new ValidationError(
            unknownLineIds.map((u) => ({
              field: u.field,
              code: 'UNKNOWN_LINE',
              message: `This invoice has no line "${u.id}" (or it is removed in the same change).`,
            })),
          )
        }
        // Counted on the locked invoice, so concurrent edits cannot each pass with the same count.
        checkLineCount(invoice.lines.length, after.lines.length, 'lines.add')
        const diff = diffContent(contentOf(invoice), after)
        if (isEmptyDiff(diff))
          return { invoice, warnings: [{ code: 'NO_CHANGES', message: 'Nothing changed; the invoice was not saved again.' }] }
        // Only references this edit introduces: the others were checked when they were set, and
        // reference data is never deleted.
        const before = referencesOf(contentOf(invoice))
        const known = new Set(before.map((r) => `${r.kind}:${r.id}`))
        await checkReferences(
          tx,
          actor.tenantId,
          referencesOf(after).filter((r) => !known.has(`${r.kind}:${r.id}`)),
        )

        const exported = isUnderExportRules(invoice)
        if (exported) {
          if (!invoice.tenantAllowsExportedEdits) {
            throw new RuleViolation(
              'EXPORTED_EDITS_DISABLED',
              'Editing invoices already exported to QuickBooks is turned off for this company. Create an adjustment invoice for the difference instead.',
            )
          }
          if (invoice.isAfp) {
            throw new RuleViolation(
              'AFP_NOT_EDITABLE',
              'This invoice was created from an Application for Payment and cannot be edited after export. Create an adjustment invoice instead.',
            )
          }
          requirePermission(actor, 'editExportedTransactions', 'edit an invoice already exported to QuickBooks')
          if (linesAddedOrRemoved && isZeroAmount(totalOf(after.lines))) {
            throw new RuleViolation(
              'ZERO_TOTAL_NOT_ALLOWED',
              'After export, adding or removing lines may not bring the invoice total to $0.00.',
              'lines',
            )
          }
          if (!input.decision)
            throw new RuleViolation('DECISION_REQUIRED', 'Choose Save & Sync or Save & Bypass for an exported invoice.', 'decision', 400)
          // QuickBooks has it (or may: an add whose answer is awaited) as an invoice or a credit memo,
          // and keeps the two as different transactions.
          const sentAs = states.find((st) => st.qbTxnId !== null || st.needsReconcile || st.inFlightAttemptId !== null)
          const sentType = sentAs?.qbTxnType ?? 'INVOICE'
          if (sentAs && changesTxnType(sentType, totalOf(after.lines)))
            throw new RuleViolation(TRANSACTION_TYPE_CHANGE, txnTypeChangeMessage(sentType), 'lines', 409)
        } else if (invoice.status === 'POSTED') {
          const allowed =
            Object.keys(diff.fields).every((f) => f === 'invoiceTypeId') &&
            diff.linesAdded.length === 0 &&
            diff.linesRemoved.length === 0 &&
            diff.linesChanged.every((c) => Object.keys(c.fields).every((f) => f === 'businessUnitId'))
          if (!allowed)
            throw new RuleViolation(
              'INVOICE_POSTED',
              'A posted invoice allows changes to its business units and invoice type only. Unpost its batch to change anything else.',
            )
        }
        const warnings = checkPeriods(
          after.date === invoice.date ? periods : [...periods, ...(await periodsCovering(tx, actor.tenantId, after.date))],
          exported,
        )
        // A new number another invoice of the same company file has (any invoice before export).
        if (after.number.toLowerCase() !== invoice.number.toLowerCase()) {
          const taken = await repo.withNumbers(actor.tenantId, [after.number], states[0]?.connectionId ?? null, tx)
          for (const w of duplicateNumbers([{ id: invoice.id, number: after.number }], taken))
            warnings.push({ code: w.code, message: w.message })
        }

        const version = invoice.version + 1
        const decision = exported ? input.decision! : 'SAVE'
        let bypassConnection: string | null = null
        if (decision === 'SAVE_AND_BYPASS') {
          bypassConnection = input.connectionId ?? null
          if (!bypassConnection) {
            if (states.length > 1)
              throw new RuleViolation(
                'CONNECTION_REQUIRED',
                'This invoice is in several QuickBooks company files: choose the connection the bypass applies to.',
                'connectionId',
                400,
              )
            bypassConnection = states[0]?.connectionId ?? null
          } else if (!states.some((s) => s.connectionId === bypassConnection)) {
            throw new RuleViolation('UNKNOWN_CONNECTION', 'This invoice was not exported to that connection.', 'connectionId', 400)
          }
        }
        if (decision === 'SAVE_AND_SYNC' && states.length === 0) {
          throw new RuleViolation(
            'SYNC_NOT_POSSIBLE',
            'This invoice was never added to QuickBooks by this service, so there is nothing to update there. Use Save & Bypass, or ask an administrator to unlock it.',
            'decision',
            409,
          )
        }
        // The state machine decides each connection's transition; they are written with the edit.
        const transitions: PlannedTransition[] = []
        for (const state of states) {
          if (decision === 'SAVE_AND_BYPASS' && state.connectionId === bypassConnection) {
            transitions.push(planSyncTransition(tx, state, { type: 'EDIT_BYPASS', version }, { actor: actorRef(actor), now }))
          } else if (
            decision === 'SAVE_AND_SYNC' ||
            state.exportStatus === 'QUEUED' ||
            (decision === 'SAVE_AND_BYPASS' && state.exportStatus === 'EXPORTED')
          ) {
            // Other connections of a bypass still get the change; a queued export carries it when sent.
            if (state.exportStatus === 'BYPASSED' && decision !== 'SAVE_AND_SYNC') continue
            transitions.push(planSyncTransition(tx, state, { type: 'EDIT_SYNC', version }, { actor: actorRef(actor), now }))
          }
        }
        const moved = transitions.map((t) => t.change)
        // Content, lines, revision, sync transitions and webhook events: one statement.
        const updatedAt = await saveRevision(
          tx,
          actor,
          invoice,
          after,
          diff,
          version,
          { decision, connectionId: bypassConnection, warnings },
          transitions,
        )
        changes.push(...moved)
        const { tenantAllowsExportedEdits: _setting, ...saved } = invoice
        return { invoice: { ...saved, ...after, version, updatedAt }, warnings }
      })
    },

    /** Push the current state (every bypassed edit together) to QuickBooks in one InvoiceMod. */
    async resync(actor: Actor, raw: unknown): Promise<InvoiceResult> {
      requirePermission(actor, 'invoices:write', 're-sync invoices')
      const { id, connectionId } = parseInput(z.object({ id: z.string().min(1), connectionId: z.string().nullish() }).strict(), raw)
      return committed(async (tx, changes, events) => {
        const invoice = await load(actor, id, tx, true)
        requirePermission(actor, 'editExportedTransactions', 're-sync an invoice to QuickBooks')
        const all = (await repo.syncStatesOf([id], tx, { forUpdate: true })).get(id) ?? []
        if (isClosed(all)) throw closedError()
        const states = all.filter((s) => !connectionId || s.connectionId === connectionId)
        if (states.length === 0)
          throw new RuleViolation(
            'SYNC_NOT_POSSIBLE',
            'This invoice is not in QuickBooks through this service.',
            connectionId ? 'connectionId' : 'id',
            409,
          )
        // The transition rows record who asked and when; the content (and so the version) is unchanged.
        // A person asked for it now: earlier busy answers no longer delay it.
        for (const state of states)
          changes.push(
            await transitionSyncState(
              tx,
              state,
              { type: 'RESYNC', version: invoice.version },
              { actor: actorRef(actor), set: { transientFailures: 0, nextAttemptAt: null }, now },
            ),
          )
        events.push(...syncStatusEvents(changes, () => invoice))
        return { invoice, warnings: [] }
      })
    },

    /**
     * A person takes QuickBooks' copy of an invoice changed there (CHANGED_IN_QUICKBOOKS) as its
     * content: a new revision (decision QUICKBOOKS), and the state SYNCED on that connection with
     * QuickBooks' EditSequence and line ids. Other connections the invoice was exported to get it as
     * a Save & Sync.
     */
    async acceptQuickBooksVersion(actor: Actor, raw: unknown): Promise<InvoiceResult> {
      requirePermission(actor, 'invoices:write', "accept QuickBooks' version of an invoice")
      const input = parseInput(resolveInput, raw)
      return committed(async (tx, changes) => {
        const adopted = await adoptQuickBooksCopy(actor, input, tx)
        changes.push(...adopted.changes)
        return { invoice: adopted.invoice, warnings: [] }
      })
    },

    /**
     * A person keeps this service's version of an invoice changed in QuickBooks
     * (CHANGED_IN_QUICKBOOKS): QuickBooks' copy is recorded as what QuickBooks holds (a revision,
     * decision QUICKBOOKS), then this version is saved again with Save & Sync, so the next
     * InvoiceMod changes exactly what differs from QuickBooks' copy (its added lines deleted, its
     * deleted lines added again).
     */
    async overwriteQuickBooks(actor: Actor, raw: unknown): Promise<InvoiceResult> {
      requirePermission(actor, 'invoices:write', 'overwrite QuickBooks with this version of an invoice')
      const input = parseInput(resolveInput, raw)
      return committed(async (tx, changes) => {
        const ours = await load(actor, input.id, tx, true)
        const adopted = await adoptQuickBooksCopy(actor, input, tx)
        changes.push(...adopted.changes)
        const theirs = adopted.invoice
        const mine = contentOf(ours)
        const diff = diffContent(contentOf(theirs), mine)
        if (isEmptyDiff(diff)) return { invoice: theirs, warnings: [] }
        const version = theirs.version + 1
        const transitions = adopted.states
          .filter((state) => state.exportStatus !== 'BYPASSED')
          .map((state) => planSyncTransition(tx, state, { type: 'EDIT_SYNC', version }, { actor: actorRef(actor), now }))
        const moved = transitions.map((t) => t.change)
        const updatedAt = await saveRevision(
          tx,
          actor,
          theirs,
          mine,
          diff,
          version,
          { decision: 'SAVE_AND_SYNC', connectionId: null, warnings: [] },
          transitions,
        )
        changes.push(...moved)
        return { invoice: { ...theirs, ...mine, version, updatedAt }, warnings: [] }
      })
    },

    /** Give up pushing the pending or refused change to one connection. */
    async bypassSync(actor: Actor, raw: unknown): Promise<InvoiceResult> {
      requirePermission(actor, 'invoices:write', 'bypass a QuickBooks sync')
      const { id, connectionId } = parseInput(z.object({ id: z.string().min(1), connectionId: z.string().nullish() }).strict(), raw)
      return committed(async (tx, changes, events) => {
        const invoice = await load(actor, id, tx, true)
        requirePermission(actor, 'editExportedTransactions', 'bypass a QuickBooks sync')
        const states = (await repo.syncStatesOf([id], tx, { forUpdate: true })).get(id) ?? []
        if (!connectionId && states.length > 1)
          throw new RuleViolation(
            'CONNECTION_REQUIRED',
            'This invoice is in several QuickBooks company files: choose the connection to bypass.',
            'connectionId',
            400,
          )
        const state = connectionId ? states.find((s) => s.connectionId === connectionId) : states[0]
        if (!state)
          throw new RuleViolation(
            'SYNC_NOT_POSSIBLE',
            'This invoice is not in QuickBooks through that connection.',
            connectionId ? 'connectionId' : 'id',
            409,
          )
        changes.push(await transitionSyncState(tx, state, { type: 'BYPASS' }, { actor: actorRef(actor), now }))
        events.push(...syncStatusEvents(changes, () => invoice))
        return { invoice, warnings: [] }
      })
    },

    /** An administrator makes an export-bypassed or imported invoice freely editable again. */
    async unlock(actor: Actor, raw: unknown): Promise<InvoiceResult> {
      requirePermission(actor, 'invoices:write', 'unlock an invoice')
      const { id } = parseInput(z.object({ id: z.string().min(1) }).strict(), raw)
      requirePermission(actor, 'admin', 'unlock an invoice')
      return committed(async (tx, _changes, events) => {
        const invoice = await load(actor, id, tx, true)
        if (!invoice.exportBypassed && !invoice.importedFromQb) {
          throw new RuleViolation(
            'UNLOCK_NOT_ALLOWED',
            'Only an invoice whose export was bypassed, or one imported from QuickBooks, can be unlocked; this one is in QuickBooks through this service.',
            'id',
            409,
          )
        }
        if (invoice.unlocked) return { invoice, warnings: [{ code: 'ALREADY_UNLOCKED', message: 'The invoice was already unlocked.' }] }
        const version = invoice.version + 1
        await repo.setStatus(actor.tenantId, [id], { unlockedAt: now(), unlockedBy: actor.userId ?? actor.apiKeyId, version }, tx)
        const diff: InvoiceDiff = { fields: { unlocked: { from: false, to: true } }, linesAdded: [], linesRemoved: [], linesChanged: [] }
        await repo.insertRevision(
          {
            tenantId: actor.tenantId,
            invoiceId: id,
            version,
            snapshot: contentOf(invoice),
            diff,
            decision: 'UNLOCK',
            actor: actorRef(actor),
          },
          tx,
        )
        events.push(
          invoiceUpdatedEvent(
            {
              tenantId: actor.tenantId,
              invoiceId: id,
              invoiceNumber: invoice.number,
              externalId: invoice.externalId,
              version,
              decision: 'UNLOCK',
              connectionId: null,
              userId: actor.userId,
            },
            diff,
          ),
        )
        return { invoice: { ...invoice, unlocked: true, version }, warnings: [] }
      })
    },

    /**
     * The fallback where editing is not allowed: a new invoice that references the original and
     * carries only the difference (removed lines negated, changed lines as minus-old plus-new,
     * added lines as they are). It goes through the normal lifecycle and export.
     */
    async createAdjustment(actor: Actor, raw: unknown): Promise<Invoice> {
      requirePermission(actor, 'invoices:write', 'create adjustment invoices')
      const input = parseInput(
        updateInvoiceInput
          .omit({ decision: true, connectionId: true, expectedVersion: true })
          .extend({ number: createInvoiceInput.shape.number, date: createInvoiceInput.shape.date.optional() }),
        raw,
      )
      const original = await load(actor, input.id)
      const { after, unknownLineIds } = applyEdit(contentOf(original), { ...input, expectedVersion: original.version }, newId)
      if (unknownLineIds.length > 0)
        throw new ValidationError(
          unknownLineIds.map((u) => ({ field: u.field, code: 'UNKNOWN_LINE', message: `The original invoice has no line "${u.id}".` })),
        )
      const diff = diffContent(contentOf(original), after)
      const negate = (q: string) => (q.startsWith('-') ? q.slice(1) : q === '0' ? q : `-${q}`)
      const lineInput = (l: InvoiceLine, quantity: string) => ({
        itemId: l.itemId,
        description: l.description,
        taxable: l.taxable,
        quantity,
        unitPrice: l.unitPrice,
        cost: l.cost,
        businessUnitId: l.businessUnitId,
        inventoryLocationId: l.inventoryLocationId,
      })
      const byId = new Map(original.lines.map((l) => [l.id, l]))
      const lines = [
        ...diff.linesRemoved.map((l) => lineInput(l, negate(l.quantity))),
        ...diff.linesChanged.flatMap((c) => {
          const before = byId.get(c.id)!
          const now = after.lines.find((l) => l.id === c.id)!
          return [lineInput(before, negate(before.quantity)), lineInput(now, now.quantity)]
        }),
        ...diff.linesAdded.map((l) => lineInput(l, l.quantity)),
      ]
      const problems: FieldError[] =
        lines.length === 0 ? [{ field: 'lines', code: 'NO_DIFFERENCE', message: 'The adjustment would carry no difference.' }] : []
      if (problems.length > 0) throw new ValidationError(problems)
      return this.create(actor, {
        number: input.number,
        date: input.date ?? original.date,
        customerId: after.customerId,
        taxZoneId: after.taxZoneId,
        invoiceTypeId: after.invoiceTypeId,
        summary: input.summary ?? `Adjustment of invoice ${original.number}`,
        adjustsInvoiceId: original.id,
        lines,
      })
    },
  }
}

export type InvoiceService = ReturnType<typeof createInvoiceService>
