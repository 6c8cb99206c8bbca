// REST door for invoices: the same use cases as GraphQL's createInvoice, invoice(s), updateInvoice,
// resyncInvoice, bypassInvoiceSync, unlockInvoice and createAdjustmentInvoice, with the same
// field names. Routes parse the path and query, call the invoice service and shape the answer.
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { ActorService } from '../auth/actor.js'
import { amountOf, type Invoice, isClosed, totalOf } from '../invoices/invoice-model.js'
import type { SyncStateRow } from '../invoices/invoice-repository.js'
import type { InvoiceResult, InvoiceService } from '../invoices/invoice-service.js'
import { paymentView, primaryState, primarySyncStatus, revisionView, syncView } from '../invoices/invoice-view.js'
import { queryNumber, refuseUnknownQuery } from './query.js'
import { actorResolver, withPathId } from './request-actor.js'

type IdParams = { Params: { id: string } }

/** An invoice with the field names of GraphQL's Invoice (without the nested reference objects). */
export function invoiceResource(invoice: Invoice, states: SyncStateRow[]) {
  return {
    id: invoice.id,
    externalId: invoice.externalId,
    number: invoice.number,
    date: invoice.date,
    customerId: invoice.customerId,
    taxZoneId: invoice.taxZoneId,
    invoiceTypeId: invoice.invoiceTypeId,
    summary: invoice.summary,
    isAfp: invoice.isAfp,
    status: invoice.status,
    version: invoice.version,
    total: totalOf(invoice.lines),
    lines: invoice.lines.map((line) => ({ ...line, amount: amountOf(line) })),
    syncStatus: primarySyncStatus(states),
    ...paymentView(primaryState(states)),
    closed: isClosed(states),
    sync: states.map(syncView),
    batchId: invoice.batchId,
    adjustsInvoiceId: invoice.adjustsInvoiceId,
    exportBypassed: invoice.exportBypassed,
    unlocked: invoice.unlocked,
    createdAt: invoice.createdAt,
    updatedAt: invoice.updatedAt,
  }
}

const FILTERS = [
  'syncStatus',
  'status',
  'connectionId',
  'externalId',
  'number',
  'customerId',
  'dateFrom',
  'dateTo',
  'exportStatus',
  'paymentStatus',
] as const
const LIST_QUERY = ['first', 'after', ...FILTERS] as const
const REVISIONS_QUERY = ['first', 'after'] as const
const AUDIT_QUERY = ['first', 'after', 'connectionId'] as const

export function invoiceRoutes(app: FastifyInstance, service: InvoiceService, actors: ActorService): void {
  const actor = actorResolver(actors)

  async function withStates(invoice: Invoice) {
    const states = await service.syncStatesOf([invoice.id])
    return invoiceResource(invoice, states.get(invoice.id) ?? [])
  }
  async function result(r: InvoiceResult) {
    return { invoice: await withStates(r.invoice), warnings: r.warnings }
  }
  const created = (reply: FastifyReply, invoice: Invoice) =>
    reply.code(201).header('location', `${app.prefix}/invoices/${invoice.id}`).send(invoiceResource(invoice, []))

  app.post('/invoices', async (request, reply) => created(reply, await service.create(await actor(request), request.body)))

  app.get<{ Querystring: Record<string, unknown> }>('/invoices', async (request) => {
    const q = request.query
    refuseUnknownQuery(q, LIST_QUERY)
    const page = await service.list(await actor(request), {
      ...(q.first !== undefined ? { first: queryNumber(q.first) } : {}),
      after: q.after ?? null,
      filter: Object.fromEntries(FILTERS.map((f) => [f, q[f] ?? null])),
    })
    const ids = page.invoices.map((i) => i.id)
    const [lines, states] = await Promise.all([service.linesOf(ids), service.syncStatesOf(ids)])
    return {
      items: page.invoices.map((i) => invoiceResource({ ...i, lines: lines.get(i.id) ?? [] }, states.get(i.id) ?? [])),
      nextCursor: page.hasNextPage ? (page.cursors.at(-1) ?? null) : null,
    }
  })

  app.get<IdParams>('/invoices/:id', async (request) => withStates(await service.get(await actor(request), request.params.id)))
  app.get<{ Params: { externalId: string } }>('/invoices/by-external-id/:externalId', async (request) =>
    withStates(await service.getByExternalId(await actor(request), request.params.externalId)),
  )

  app.patch<IdParams>('/invoices/:id', async (request) =>
    result(await service.update(await actor(request), withPathId(request.body, request.params.id))),
  )

  app.post<IdParams>('/invoices/:id/resync', async (request) =>
    result(await service.resync(await actor(request), withPathId(request.body, request.params.id))),
  )

  app.post<IdParams>('/invoices/:id/bypass', async (request) =>
    result(await service.bypassSync(await actor(request), withPathId(request.body, request.params.id))),
  )

  app.post<IdParams>('/invoices/:id/accept-quickbooks-version', async (request) =>
    result(await service.acceptQuickBooksVersion(await actor(request), withPathId(request.body, request.params.id))),
  )

  app.post<IdParams>('/invoices/:id/overwrite-quickbooks', async (request) =>
    result(await service.overwriteQuickBooks(await actor(request), withPathId(request.body, request.params.id))),
  )

  app.post<IdParams>('/invoices/:id/unlock', async (request) =>
    result(await service.unlock(await actor(request), withPathId(request.body, request.params.id))),
  )

  app.post<IdParams>('/invoices/:id/adjustments', async (request, reply) =>
    created(reply, await service.createAdjustment(await actor(request), withPathId(request.body, request.params.id))),
  )

  app.get<IdParams & { Querystring: Record<string, unknown> }>('/invoices/:id/revisions', async (request) => {
    const q = request.query
    refuseUnknownQuery(q, REVISIONS_QUERY)
    const page = await service.revisions(await actor(request), request.params.id, {
      ...(q.first !== undefined ? { first: queryNumber(q.first) } : {}),
      after: q.after ?? null,
    })
    return { items: page.revisions.map(revisionView), nextCursor: page.hasNextPage ? (page.cursors.at(-1) ?? null) : null }
  })

  // The audit trail: status moves (who, why, which session) and the requests sent with their qbXML.
  const auditQuery = (q: Record<string, unknown>) => {
    refuseUnknownQuery(q, AUDIT_QUERY)
    return {
      ...(q.first !== undefined ? { first: queryNumber(q.first) } : {}),
      after: q.after ?? null,
      connectionId: q.connectionId ?? null,
    }
  }
  app.get<IdParams & { Querystring: Record<string, unknown> }>('/invoices/:id/history', async (request) =>
    service.history(await actor(request), request.params.id, auditQuery(request.query)),
  )
  app.get<IdParams & { Querystring: Record<string, unknown> }>('/invoices/:id/sync-attempts', async (request) => {
    return service.syncAttempts(await actor(request), request.params.id, auditQuery(request.query))
  })
}
