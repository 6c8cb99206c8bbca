// The GraphQL door: schema.graphql is the contract; resolvers parse, call a service and shape the
// answer. Domain errors in mutations become userErrors; other errors keep their stable code in
// `extensions.code`, and anything unexpected is reported without internals.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { type GraphQLError, getOperationAST } from 'graphql'
import mercurius, { type IResolvers } from 'mercurius'
import type { WebSocket } from 'ws'
import type { Actor, ActorService } from '../auth/actor.js'
import type { ApiKeyRepository, AuthContext } from '../auth/api-keys.js'
import { actingUserId, authenticateRequest, requireApiKey } from '../auth/auth-plugin.js'
import type { BatchService, BatchView } from '../batches/batch-service.js'
import type { Config } from '../config.js'
import type { ConnectionService } from '../connections/connection-service.js'
import { isDatabaseBusy } from '../db/errors.js'
import type { SyncStatusChange } from '../domain/sync-status.js'
import { AppError, NotFoundError, UnauthenticatedError } from '../errors.js'
import { DATABASE_BUSY_MESSAGE } from '../http/problem.js'
import type { KeyBudget } from '../http/rate-limit.js'
import { addSpanAttributes } from '../http/tracing.js'
import { amountOf, type Invoice, type InvoiceLine, isClosed, totalOf } from '../invoices/invoice-model.js'
import type { SyncStateRow } from '../invoices/invoice-repository.js'
import type { InvoiceService } from '../invoices/invoice-service.js'
import { lastErrorOf, paymentView, primaryState, primarySyncStatus, revisionView } from '../invoices/invoice-view.js'
import { parseRevisionPage, type RevisionPage, revisionPageKey } from '../invoices/pages.js'
import { projectRoot } from '../paths.js'
import type { PaymentService, PaymentView } from '../payments/payment-service.js'
import type { PreviewService } from '../qbwc/preview.js'
import type { QuickBooksLinkService } from '../reference/quickbooks-links.js'
import { type ReferenceKindName, type ReferenceService, referenceKindNames } from '../reference/reference-service.js'
import type { SandboxService } from '../sandbox/sandbox-service.js'
import type { SyncStatusBus } from '../sync/sync-bus.js'
import type { SyncReportService } from '../sync/sync-report.js'
import type { TenantService } from '../tenants/tenant-service.js'
import { admit, QueryRefusedError } from './admission.js'
import { BatchLoader } from './batch-loader.js'
import { ratePoints } from './cost.js'
import { graphiqlPage } from './graphiql.js'
import { DateScalar, DateTimeScalar, DecimalScalar, JsonScalar } from './scalars.js'
import type {
  InvoiceRevisionsArgs,
  QueryInvoicesArgs,
  QuerySyncErrorsArgs,
  Resolvers,
  SubscriptionInvoiceSyncStatusChangedArgs,
  UserError,
  Warning,
} from './schema-types.js'
import { type SocketState, type SubscriptionContext, stateOf, subscriptionStream } from './subscriptions.js'

export const graphqlSchema = readFileSync(join(projectRoot, 'schema.graphql'), 'utf8')

/** Sync status changes are published per tenant, so no other tenant's event enters a subscriber's queue. */
export const syncStatusTopic = (tenantId: string) => `INVOICE_SYNC_STATUS_CHANGED:${tenantId}`

export interface GraphqlServices {
  actors: ActorService
  keys: Pick<ApiKeyRepository, 'lookup'>
  reference: ReferenceService
  invoices: InvoiceService
  payments: PaymentService
  batches: BatchService
  connections: ConnectionService
  sandbox: SandboxService
  quickBooksLinks: QuickBooksLinkService
  preview: PreviewService
  tenants: TenantService
  syncReport: SyncReportService
}

interface Loaders {
  lines: BatchLoader<string, InvoiceLine[]>
  syncStates: BatchLoader<string, SyncStateRow[]>
  payments: BatchLoader<string, PaymentView[]>
  revisions: BatchLoader<string, RevisionPage | null>
  reference: Record<ReferenceKindName, BatchLoader<string, Record<string, unknown> | null>>
}

interface Context {
  reply: { request: FastifyRequest }
  auth: AuthContext
  actor: () => Promise<Actor>
  loaders: Loaders
}

interface Classified {
  message: string
  locations?: unknown
  path?: unknown
  code: string
  status: number
  fieldErrors?: unknown
  cause?: unknown
}

/**
 * Sorts each error into: a domain error (its own code and status), a query the caller must fix
 * (400), or our fault (500, message withheld). mercurius nests validation errors in `errors`.
 */
function classify(errors: readonly GraphQLError[]): Classified[] {
  return errors.flatMap((error): Classified[] => {
    const original = error.originalError as (Error & { errors?: unknown; statusCode?: number; code?: string }) | undefined
    if (original && Array.isArray(original.errors)) {
      return (original.errors as GraphQLError[]).map((e) => ({
        message: e.message,
        locations: e.locations,
        code: (e.extensions?.code as string | undefined) ?? 'GRAPHQL_VALIDATION_FAILED',
        status: 400,
      }))
    }
    const place = { locations: error.locations, path: error.path }
    if (original instanceof AppError) {
      return [
        {
          message: original.message,
          ...place,
          code: original.code,
          status: original.status,
          ...(original.fieldErrors.length ? { fieldErrors: original.fieldErrors } : {}),
        },
      ]
    }
    if (!original)
      return [
        {
          message: error.message,
          ...place,
          code: (error.extensions?.code as string | undefined) ?? 'GRAPHQL_VALIDATION_FAILED',
          status: 400,
        },
      ]
    if (typeof original.statusCode === 'number' && original.statusCode >= 400 && original.statusCode < 500) {
      const code = original.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'BODY_TOO_LARGE' : (original.code ?? 'BAD_REQUEST')
      return [{ message: original.message, ...place, code, status: original.statusCode }]
    }
    // A lock or statement timeout: nothing changed, retry shortly (REST answers 503 DATABASE_BUSY too).
    if (isDatabaseBusy(original)) return [{ message: DATABASE_BUSY_MESSAGE, ...place, code: 'DATABASE_BUSY', status: 503 }]
    // A scalar refusing a value (Decimal sent as a number) arrives as a plain GraphQLError cause.
    if ((original as { name?: string }).name === 'GraphQLError')
      return [{ message: original.message, ...place, code: 'BAD_USER_INPUT', status: 400 }]
    return [{ message: '', ...place, code: 'INTERNAL_ERROR', status: 500, cause: original }]
  })
}

/** A mutation's payload: what `shape` makes of the result, or nulls (`empty`) beside the userErrors. */
type Payload<P> = { [K in keyof P]?: P[K] | null } & { userErrors: UserError[]; warnings: Warning[] }

/** Domain errors a person can fix become userErrors of the payload; the rest stay errors. */
async function payload<T, P extends object>(
  work: () => Promise<T>,
  shape: (result: T) => P,
  empty: { [K in keyof P]?: null },
): Promise<Payload<P>> {
  try {
    return { userErrors: [], warnings: [], ...shape(await work()) }
  } catch (err) {
    if (err instanceof AppError && err.status >= 400 && err.status < 500 && err.status !== 401) {
      const userErrors =
        err.fieldErrors.length > 0
          ? err.fieldErrors.map((f) => ({ field: f.field, code: f.code, message: f.message }))
          : [{ field: null, code: err.code, message: err.message }]
      return { ...empty, userErrors, warnings: [] }
    }
    throw err
  }
}

function createLoaders(services: GraphqlServices, tenantId: string): Loaders {
  const { invoices, reference } = services
  const ref = (kind: ReferenceKindName) =>
    new BatchLoader<string, Record<string, unknown> | null>((ids) => reference.getMany(tenantId, kind, ids), null)
  const revisionBudget = invoices.readBudget()
  return {
    lines: new BatchLoader((ids) => invoices.linesOf(ids), []),
    syncStates: new BatchLoader((ids) => invoices.syncStatesOf(ids), []),
    payments: new BatchLoader((ids) => services.payments.ofInvoices(tenantId, ids), []),
    // Keyed by revisionPageKey (invoice, page): one statement per batch of pages; the request's pages share one byte budget.
    revisions: new BatchLoader((keys) => invoices.revisionPages(tenantId, keys, revisionBudget), null),
    reference: Object.fromEntries(referenceKindNames.map((kind) => [kind, ref(kind)])) as Loaders['reference'],
  }
}

export function resolvers(services: GraphqlServices): Resolvers<Context> {
  const { invoices, batches, connections, tenants, reference, syncReport } = services
  // By id through the request's loaders: any number of lookups of one kind is one statement.
  const lookup = (kind: ReferenceKindName) => (_: unknown, args: { id: string }, ctx: Context) =>
    ctx.loaders.reference[kind].load(reference.parseId(args.id))
  const batchPayload =
    (work: (actor: Actor, input: Record<string, unknown>) => Promise<BatchView>) =>
    async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
      payload(
        async () => work(await ctx.actor(), { ...args.input }),
        ({ warnings, ...batch }) => ({ batch, warnings: warnings ?? [] }),
        { batch: null },
      )
  const withoutId = (input: Record<string, unknown>) => Object.fromEntries(Object.entries(input).filter(([k]) => k !== 'id'))

  return {
    Decimal: DecimalScalar,
    Date: DateScalar,
    DateTime: DateTimeScalar,
    JSON: JsonScalar,
    Query: {
      invoice: async (_: unknown, args: { id: string }, ctx: Context) => nullIfNotFound(invoices.get(await ctx.actor(), args.id)),
      invoiceByExternalId: async (_: unknown, args: { externalId: string }, ctx: Context) =>
        nullIfNotFound(invoices.getByExternalId(await ctx.actor(), args.externalId)),
      invoices: async (_: unknown, args: QueryInvoicesArgs, ctx: Context) => {
        const page = await invoices.list(await ctx.actor(), {
          first: args.first ?? 20,
          after: args.after ?? null,
          filter: args.filter ? { ...args.filter } : null,
        })
        return {
          edges: page.invoices.map((node, i) => ({ node, cursor: page.cursors[i]! })),
          pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null },
        }
      },
      connections: async (_: unknown, __: unknown, ctx: Context) => connections.list(await ctx.actor()),
      tenantSettings: async (_: unknown, __: unknown, ctx: Context) => tenants.settings((await ctx.actor()).tenantId),
      // The report's first page (REST's GET /v1/sync-errors follows nextCursor for the rest).
      syncErrors: async (_: unknown, args: QuerySyncErrorsArgs, ctx: Context) =>
        (
          await syncReport.list(await ctx.actor(), {
            connectionId: args.connectionId ?? null,
            ...(args.first != null ? { first: args.first } : {}),
          })
        ).items,
      batch: async (_: unknown, args: { id: string }, ctx: Context) => nullIfNotFound(batches.get(await ctx.actor(), args.id)),
      customer: lookup('customers'),
      item: lookup('items'),
      businessUnit: lookup('business-units'),
      taxZone: lookup('tax-zones'),
      inventoryLocation: lookup('inventory-locations'),
      invoiceType: lookup('invoice-types'),
      user: lookup('users'),
      accountingPeriod: lookup('accounting-periods'),
    },
    Mutation: {
      createInvoice: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(
          async () => invoices.create(await ctx.actor(), normaliseInput(args.input)),
          (invoice) => ({ invoice }),
          { invoice: null },
        ),
      updateInvoice: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(
          async () => invoices.update(await ctx.actor(), normaliseInput(args.input)),
          (r) => ({ invoice: r.invoice, warnings: r.warnings }),
          { invoice: null },
        ),
      resyncInvoice: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(
          async () => invoices.resync(await ctx.actor(), normaliseInput(args.input)),
          (r) => ({ invoice: r.invoice, warnings: r.warnings }),
          { invoice: null },
        ),
      bypassInvoiceSync: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(
          async () => invoices.bypassSync(await ctx.actor(), normaliseInput(args.input)),
          (r) => ({ invoice: r.invoice, warnings: r.warnings }),
          { invoice: null },
        ),
      linkReference: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(
          async () => {
            const { connectionId, ...input } = normaliseInput(args.input)
            return services.quickBooksLinks.link(await ctx.actor(), String(connectionId), input)
          },
          (link) => ({ link }),
          { link: null },
        ),
      unlinkReference: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(
          async () => {
            const { connectionId, ...input } = normaliseInput(args.input)
            return services.quickBooksLinks.unlink(await ctx.actor(), String(connectionId), input)
          },
          () => ({ removed: true }),
          { removed: null },
        ),
      recordInvoicePayment: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(
          async () => services.payments.record(await ctx.actor(), normaliseInput(args.input)),
          (payment) => ({ payment }),
          { payment: null },
        ),
      acceptQuickBooksVersion: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(
          async () => invoices.acceptQuickBooksVersion(await ctx.actor(), normaliseInput(args.input)),
          (r) => ({ invoice: r.invoice, warnings: r.warnings }),
          { invoice: null },
        ),
      overwriteQuickBooks: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(
          async () => invoices.overwriteQuickBooks(await ctx.actor(), normaliseInput(args.input)),
          (r) => ({ invoice: r.invoice, warnings: r.warnings }),
          { invoice: null },
        ),
      unlockInvoice: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(
          async () => invoices.unlock(await ctx.actor(), normaliseInput(args.input)),
          (r) => ({ invoice: r.invoice, warnings: r.warnings }),
          { invoice: null },
        ),
      createAdjustmentInvoice: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(
          async () => invoices.createAdjustment(await ctx.actor(), normaliseInput(args.input)),
          (invoice) => ({ invoice }),
          { invoice: null },
        ),
      createBatch: batchPayload((actor, input) => batches.create(actor, input)),
      postBatch: batchPayload((actor, input) => batches.post(actor, String(input.id))),
      unpostBatch: batchPayload((actor, input) => batches.unpost(actor, String(input.id))),
      exportBatch: batchPayload((actor, input) => batches.export(actor, String(input.id), withoutId(input))),
      bypassBatchExport: batchPayload((actor, input) => batches.bypassExport(actor, String(input.id), withoutId(input))),
      createConnection: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(
          async () => connections.create(await ctx.actor(), normaliseInput(args.input)),
          ({ password, qwc, ...connection }) => ({ connection, password, qwc }),
          { connection: null, password: null, qwc: null },
        ),
      rotateConnectionPassword: async (_: unknown, args: { input: { id: string } }, ctx: Context) =>
        payload(
          async () => {
            const actor = await ctx.actor()
            const { password } = await connections.rotatePassword(actor, args.input.id)
            return { password, connection: await connections.get(actor, args.input.id) }
          },
          (r) => r,
          { connection: null, password: null },
        ),
      updateConnection: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(
          async () => {
            const { id, ...input } = normaliseInput(args.input)
            return connections.update(await ctx.actor(), String(id), input)
          },
          (connection) => ({ connection }),
          { connection: null },
        ),
      disableConnection: async (_: unknown, args: { input: { id: string } }, ctx: Context) =>
        payload(
          async () => connections.setDisabled(await ctx.actor(), args.input.id, true),
          (connection) => ({ connection }),
          { connection: null },
        ),
      enableConnection: async (_: unknown, args: { input: { id: string } }, ctx: Context) =>
        payload(
          async () => connections.setDisabled(await ctx.actor(), args.input.id, false),
          (connection) => ({ connection }),
          { connection: null },
        ),
      runConnection: async (_: unknown, args: { input: { id: string } }, ctx: Context) =>
        payload(
          async () => services.sandbox.run(await ctx.actor(), args.input.id),
          (run) => ({ run }),
          { run: null },
        ),
      sandboxEditInvoice: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(
          async () => {
            const { connectionId, invoiceId, ...edit } = normaliseInput(args.input)
            return services.sandbox.editInvoice(await ctx.actor(), String(connectionId), String(invoiceId), edit)
          },
          (transaction) => ({ transaction }),
          { transaction: null },
        ),
      sandboxDeleteInvoice: async (_: unknown, args: { input: { connectionId: string; invoiceId: string } }, ctx: Context) =>
        payload(
          async () => services.sandbox.deleteInvoice(await ctx.actor(), args.input.connectionId, args.input.invoiceId),
          (r) => ({ deleted: r.deleted, txnId: r.txnId }),
          { deleted: null, txnId: null },
        ),
      sandboxReceivePayment: async (
        _: unknown,
        args: { input: { connectionId: string; invoiceId: string; amount: string } },
        ctx: Context,
      ) =>
        payload(
          async () =>
            services.sandbox.receivePayment(await ctx.actor(), args.input.connectionId, args.input.invoiceId, {
              amount: args.input.amount,
            }),
          (transaction) => ({ transaction }),
          { transaction: null },
        ),
      sandboxHoldRecords: async (_: unknown, args: { input: { connectionId: string; count: number } }, ctx: Context) =>
        payload(
          async () => services.sandbox.holdRecords(await ctx.actor(), args.input.connectionId, { count: args.input.count }),
          (company) => ({ company }),
          { company: null },
        ),
      sandboxAddItem: async (_: unknown, args: { input: { connectionId: string; name: string } }, ctx: Context) =>
        payload(
          async () => services.sandbox.addItem(await ctx.actor(), args.input.connectionId, { name: args.input.name }),
          (company) => ({ company }),
          { company: null },
        ),
      sandboxDeleteItem: async (_: unknown, args: { input: { connectionId: string; name: string } }, ctx: Context) =>
        payload(
          async () => services.sandbox.deleteItem(await ctx.actor(), args.input.connectionId, args.input.name),
          (company) => ({ company }),
          { company: null },
        ),
      updateTenantSettings: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(
          async () => tenants.updateSettings(await ctx.actor(), normaliseInput(args.input)),
          (settings) => ({ settings }),
          { settings: null },
        ),
    },
    Subscription: {
      invoiceSyncStatusChanged: {
        subscribe: async (_: unknown, args: SubscriptionInvoiceSyncStatusChangedArgs, ctx: SubscriptionContext) => {
          if (!ctx.auth || !ctx.socketState)
            throw new UnauthenticatedError('UNAUTHENTICATED', 'Send connectionParams { authorization: "Bearer <api key>" } to subscribe.')
          // Its place on the socket is taken as it arrives, before the key check below, so subscriptions
          // sent together are counted in the order sent (a later one never takes an earlier one's place).
          const release = ctx.socketState.open(ctx.authorization)
          // The key is checked again as each subscription starts: one revoked since connection_init opens nothing.
          let auth: Awaited<ReturnType<typeof authenticateRequest>>
          try {
            auth = await authenticateRequest(services.keys, ctx.authorization)
          } catch (err) {
            release()
            throw err
          }
          try {
            const source = (await ctx.pubsub.subscribe(syncStatusTopic(auth.tenantId))) as AsyncIterable<{
              invoiceSyncStatusChanged: SyncStatusChange
            }>
            return subscriptionStream(
              source[Symbol.asyncIterator](),
              (event) => !args.invoiceId || event.invoiceSyncStatusChanged.invoiceId === args.invoiceId,
              release,
            )
          } catch (err) {
            release()
            throw err
          }
        },
      },
    },
    Invoice: {
      preview: async (invoice: Invoice, args: { connectionId?: string | null }, ctx: Context) =>
        services.preview.preview(await ctx.actor(), invoice.id, { connectionId: args.connectionId ?? null }),
      history: async (invoice: Invoice, args: Record<string, unknown>, ctx: Context) =>
        invoices.history(await ctx.actor(), invoice.id, normaliseInput(args)),
      syncAttempts: async (invoice: Invoice, args: Record<string, unknown>, ctx: Context) =>
        invoices.syncAttempts(await ctx.actor(), invoice.id, normaliseInput(args)),
      customer: (invoice: Invoice, _: unknown, ctx: Context) => ctx.loaders.reference.customers.load(invoice.customerId),
      taxZone: (invoice: Invoice, _: unknown, ctx: Context) =>
        invoice.taxZoneId ? ctx.loaders.reference['tax-zones'].load(invoice.taxZoneId) : null,
      invoiceType: (invoice: Invoice, _: unknown, ctx: Context) =>
        invoice.invoiceTypeId ? ctx.loaders.reference['invoice-types'].load(invoice.invoiceTypeId) : null,
      lines: (invoice: Invoice, _: unknown, ctx: Context) =>
        invoice.lines.length > 0 ? invoice.lines : ctx.loaders.lines.load(invoice.id),
      total: async (invoice: Invoice, _: unknown, ctx: Context) =>
        totalOf(invoice.lines.length > 0 ? invoice.lines : await ctx.loaders.lines.load(invoice.id)),
      syncStatus: async (invoice: Invoice, _: unknown, ctx: Context) => primarySyncStatus(await ctx.loaders.syncStates.load(invoice.id)),
      amountPaid: async (invoice: Invoice, _: unknown, ctx: Context) =>
        paymentView(primaryState(await ctx.loaders.syncStates.load(invoice.id))).amountPaid,
      balance: async (invoice: Invoice, _: unknown, ctx: Context) =>
        paymentView(primaryState(await ctx.loaders.syncStates.load(invoice.id))).balance,
      closed: async (invoice: Invoice, _: unknown, ctx: Context) => isClosed(await ctx.loaders.syncStates.load(invoice.id)),
      paymentStatus: async (invoice: Invoice, _: unknown, ctx: Context) =>
        paymentView(primaryState(await ctx.loaders.syncStates.load(invoice.id))).paymentStatus,
      sync: (invoice: Invoice, _: unknown, ctx: Context) => ctx.loaders.syncStates.load(invoice.id),
      // The invoice was read under the caller's tenant already: its payments by the request's loader.
      payments: (invoice: Invoice, _: unknown, ctx: Context) => ctx.loaders.payments.load(invoice.id),
      revisions: async (invoice: Invoice, args: InvoiceRevisionsArgs, ctx: Context) => {
        const page = parseRevisionPage({ ...(args.first != null ? { first: args.first } : {}), after: args.after ?? null })
        const { revisions, cursors, hasNextPage } = (await ctx.loaders.revisions.load(revisionPageKey(invoice.id, page)))!
        return {
          edges: revisions.map((r, i) => ({ node: revisionView(r), cursor: cursors[i]! })),
          pageInfo: { hasNextPage, endCursor: cursors.at(-1) ?? null },
        }
      },
    },
    InvoiceLine: {
      amount: (line: InvoiceLine) => amountOf(line),
      item: (line: InvoiceLine, _: unknown, ctx: Context) => ctx.loaders.reference.items.load(line.itemId),
    },
    InvoiceSync: {
      lastError: (state: SyncStateRow) => lastErrorOf(state),
      amountPaid: (state: SyncStateRow) => paymentView(state).amountPaid,
      balance: (state: SyncStateRow) => paymentView(state).balance,
      paymentStatus: (state: SyncStateRow) => paymentView(state).paymentStatus,
    },
    Connection: {
      sessions: async (connection: { id: string }, args: { first?: number }, ctx: Context) =>
        connections.sessions(await ctx.actor(), connection.id, args.first ?? 10),
      skippedBeforeSyncStart: (connection: { id: string }) => connections.skippedBeforeSyncStart(connection.id),
      queue: async (connection: { id: string }, args: Record<string, unknown>, ctx: Context) =>
        connections.queue(await ctx.actor(), connection.id, normaliseInput(args)),
      health: async (connection: { id: string }, _: unknown, ctx: Context) => connections.health(await ctx.actor(), connection.id),
      unmatched: async (connection: { id: string }, args: Record<string, unknown>, ctx: Context) =>
        services.quickBooksLinks.unmatched(await ctx.actor(), connection.id, normaliseInput(args)),
      links: async (connection: { id: string }, args: Record<string, unknown>, ctx: Context) =>
        services.quickBooksLinks.links(await ctx.actor(), connection.id, normaliseInput(args)),
      quickBooksEntries: async (connection: { id: string }, args: Record<string, unknown>, ctx: Context) =>
        services.quickBooksLinks.entries(await ctx.actor(), connection.id, normaliseInput(args)),
      listReads: async (connection: { id: string }, _: unknown, ctx: Context) =>
        services.quickBooksLinks.listReads(await ctx.actor(), connection.id),
      sandboxCompany: async (connection: { id: string; sandbox: boolean }, _: unknown, ctx: Context) =>
        connection.sandbox ? services.sandbox.company(await ctx.actor(), connection.id) : null,
      sandboxTransactions: async (connection: { id: string; sandbox: boolean }, args: Record<string, unknown>, ctx: Context) =>
        connection.sandbox ? services.sandbox.transactions(await ctx.actor(), connection.id, normaliseInput(args)) : null,
    },
    Batch: {
      skipped: (batch: BatchView) => batch.skipped ?? [],
    },
  }
}

/** A single-record query answers null, not an error, for an id the caller's tenant does not have. */
async function nullIfNotFound<T>(lookup: Promise<T>): Promise<T | null> {
  try {
    return await lookup
  } catch (err) {
    if (err instanceof NotFoundError) return null
    throw err
  }
}

/** graphql-js builds input objects without a prototype; services get plain objects. */
function normaliseInput(input: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(input)) as Record<string, unknown>
}

/**
 * A real WebSocket handshake: a GET that Node handed over as an upgrade (it reached the server's
 * 'upgrade' event, which a plain request carrying an `Upgrade` header does not) with the
 * handshake's key. Only those skip the HTTP key check; they authenticate in connection_init.
 */
export function isWebSocketHandshake(request: FastifyRequest): boolean {
  return (
    request.method === 'GET' &&
    (request.raw as { upgrade?: boolean }).upgrade === true &&
    request.headers.upgrade?.toLowerCase() === 'websocket' &&
    typeof request.headers['sec-websocket-key'] === 'string'
  )
}

/** The GraphQL request a POST body or GET query string carries; null when there is none to check. */
function graphqlParams(
  request: FastifyRequest,
): { query: string; variables: Record<string, unknown> | null; operationName: string | null } | null {
  const source = (request.method === 'GET' ? request.query : request.body) as Record<string, unknown> | unknown[] | null | undefined
  if (Array.isArray(source)) throw new QueryRefusedError('BATCHED_QUERIES_NOT_SUPPORTED', 'Send one GraphQL operation per request.')
  if (!source || typeof source !== 'object' || source.query === undefined) return null
  if (typeof source.query !== 'string')
    throw new QueryRefusedError('GRAPHQL_PARSE_FAILED', '`query` must be a GraphQL document in a string.')
  let variables = source.variables
  if (typeof variables === 'string') {
    try {
      variables = JSON.parse(variables)
    } catch {
      throw new QueryRefusedError('BAD_USER_INPUT', '`variables` must be a JSON object.')
    }
  }
  return {
    query: source.query,
    variables: variables && typeof variables === 'object' ? (variables as Record<string, unknown>) : null,
    operationName: typeof source.operationName === 'string' ? source.operationName : null,
  }
}

const noKey = () => new UnauthenticatedError('UNAUTHENTICATED', 'Send your API key as `Authorization: Bearer <api key>`.')

/** The context of a request without a tenant: whatever a resolver reads of it fails closed with 401. */
function closedContext(): Record<string, unknown> {
  return Object.defineProperties(
    {},
    {
      auth: {
        get: () => {
          throw noKey()
        },
      },
      loaders: {
        get: () => {
          throw noKey()
        },
      },
      actor: { value: () => Promise.reject(noKey()) },
    },
  )
}

export interface GraphqlDoorOptions {
  services: GraphqlServices
  syncBus: SyncStatusBus
  graphiql: boolean
  limits: Config['graphql']
  /** The per-key rate limit, charged with each request's cost before it runs. */
  keyBudget: KeyBudget
}

export async function graphqlDoor(app: FastifyInstance, opts: GraphqlDoorOptions): Promise<void> {
  const { services, limits } = opts
  // Only a real WebSocket handshake skips the key check here; it authenticates in connection_init.
  requireApiKey(app, services.keys, (request: FastifyRequest) => request.url.startsWith('/graphiql') || isWebSocketHandshake(request))

  // The document (and its variables) may be this large; beyond, 413 before it is parsed.
  app.addHook('onRoute', (route) => {
    if (route.url === '/graphql') route.bodyLimit = limits.bodyLimitBytes
  })

  // Before anything runs: fail closed without a tenant, check the document against every limit,
  // and draw its cost from the key's rate limit. A refused request runs no SQL statement (the API
  // key lookup of authentication, before this, is the only one).
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== '/graphql' || isWebSocketHandshake(request)) return
    if (!request.auth) throw noKey()
    let cost = 0
    try {
      const params = graphqlParams(request)
      if (params) {
        const admitted = admit(app.graphql.schema, limits, params)
        const operation = getOperationAST(admitted.document, params.operationName ?? undefined)
        // The operation's name as the document spells it (a GraphQL name: letters, digits, _).
        if (operation)
          addSpanAttributes(request, {
            'graphql.operation.type': operation.operation,
            ...(operation.name ? { 'graphql.operation.name': operation.name.value } : {}),
          })
        // A subscription runs over the WebSocket only; over HTTP it would resolve to nothing (a 500).
        if (admitted.valid && operation?.operation === 'subscription') {
          throw new QueryRefusedError(
            'SUBSCRIPTION_OVER_HTTP',
            'Subscriptions run over a WebSocket (ws://.../graphql, graphql-transport-ws), not over HTTP.',
          )
        }
        cost = admitted.cost
      }
    } catch (err) {
      // A refusal still draws a point: refusing costs a parse.
      opts.keyBudget.charge(request, reply, 1)
      throw err
    }
    opts.keyBudget.charge(request, reply, ratePoints(cost, limits.costPerRatePoint))
  })

  if (opts.graphiql) graphiqlPage(app)
  await app.register(mercurius, {
    schema: graphqlSchema,
    path: '/graphql',
    // GraphiQL is this service's own page (graphiql.ts): mercurius' loads its scripts from a CDN.
    graphiql: false,
    // mercurius types resolvers with its own context; ours are checked against schema.graphql above.
    resolvers: resolvers(services) as IResolvers,
    context: (request: FastifyRequest) => {
      // mercurius also builds a context to report an error, e.g. when authentication failed.
      if (!request.auth) return closedContext()
      let actor: Promise<Actor> | undefined
      return {
        auth: request.auth,
        actor: () => (actor ??= services.actors.resolve(request.auth, actingUserId(request))),
        loaders: createLoaders(services, request.auth.tenantId),
      }
    },
    subscription: {
      context: (socket: WebSocket) => ({ socket }),
      // Subscriptions authenticate with the key in the connection parameters, and keep checking it.
      onConnect: async ({ payload }: { payload?: Record<string, unknown> }) => {
        // Named as the HTTP header is, in any case (GraphiQL sends its Headers tab as the parameters).
        const key = Object.keys(payload ?? {}).find((k) => k.toLowerCase() === 'authorization')
        const value = key ? payload![key] : undefined
        const authorization = typeof value === 'string' ? value : undefined
        try {
          return { auth: await authenticateRequest(services.keys, authorization), authorization }
        } catch {
          return false
        }
      },
    },
    errorFormatter: (execution, context) => {
      const request = (context as unknown as { reply?: { request: FastifyRequest } }).reply?.request
      const requestId = request?.id ?? 'subscription'
      const classified = classify(execution.errors)
      // One line per failed request, however many fields failed with it.
      const failed = classified.filter((c) => c.status >= 500 && c.code !== 'DATABASE_BUSY')
      if (failed.length > 0) {
        ;(request?.log ?? app.log).error(
          { err: failed[0]!.cause, failedFields: failed.length, paths: failed.slice(0, 5).map((f) => f.path) },
          'graphql request failed',
        )
      }
      const errors = classified.map(({ message, locations, path, code, status, fieldErrors }) => ({
        message:
          status >= 500 && code !== 'DATABASE_BUSY'
            ? `Something went wrong on our side. Quote request id ${requestId} when reporting it.`
            : message,
        ...(locations ? { locations } : {}),
        ...(path ? { path } : {}),
        extensions: { code, requestId, ...(fieldErrors ? { fieldErrors } : {}) },
      }))
      // GraphQL over HTTP: 200 whenever data came back; otherwise the status of the first failure.
      const statusCode = execution.data ? 200 : (classified[0]?.status ?? 200)
      return { statusCode, response: { data: execution.data ?? null, errors } } as never
    },
  })

  // A subscription's document meets the same limits as a request's (over the socket, no rate limit).
  app.graphql.addHook('preSubscriptionParsing', async (schema, source) => {
    admit(schema, limits, { query: source })
  })

  // Each subscription's context gets its socket's state (cap, key re-check) from onConnect's result.
  app.graphql.addHook('preSubscriptionExecution', async (_schema, _document, context) => {
    const ctx = context as unknown as { socket?: WebSocket; auth?: AuthContext; authorization?: string; socketState?: SocketState }
    if (!ctx.socket || !ctx.auth || ctx.socketState) return
    ctx.socketState = stateOf(ctx.socket, () => ({
      max: limits.maxSubscriptionsPerSocket,
      checkMs: limits.subscriptionKeyCheckMs,
      stillValid: (authorization) =>
        authenticateRequest(services.keys, authorization).then(
          () => true,
          (err) => (err instanceof UnauthenticatedError ? false : Promise.reject(err)),
        ),
      onCheckFailed: (err) => app.log.warn({ err }, "could not check a subscription socket's API key; checking again later"),
    }))
  })

  // A socket closed after a connection_init whose key was refused is a failed authentication of its
  // address, like a 401 (the subscription context, with the socket, is made at connection_init; a
  // refused one never gets `auth`).
  app.graphql.addHook('onSubscriptionConnectionClose', async (context) => {
    const ctx = context as unknown as { socket?: WebSocket; auth?: AuthContext; request?: FastifyRequest }
    if (ctx.socket && !ctx.auth && ctx.request) opts.keyBudget.authenticationFailed(ctx.request.ip)
  })

  // Sync status changes reach this instance's subscribers of the change's tenant.
  const unsubscribe = opts.syncBus.subscribe((changes) => {
    for (const change of changes)
      void app.graphql.pubsub.publish({ topic: syncStatusTopic(change.tenantId), payload: { invoiceSyncStatusChanged: change } })
  })
  app.addHook('onClose', async () => {
    unsubscribe()
  })
}
