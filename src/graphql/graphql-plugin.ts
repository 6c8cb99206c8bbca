// The GraphQL door: schema.graphql is the contract; resolvers parse, call a service and shape the
// answer. Domain errors in mutations become userErrors; other errors keep their stable code in
// `extensions.code`, and anything unexpected is reported without internals.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { GraphQLError } from 'graphql'
import mercurius, { type IResolvers } from 'mercurius'
import { type Actor, resolveActor } from '../auth/actor.js'
import { actingUserId, authenticateRequest, requireApiKey } from '../auth/auth-plugin.js'
import type { ApiKeyRepository, AuthContext } from '../auth/api-keys.js'
import type { BatchService } from '../batches/batch-service.js'
import type { ConnectionService } from '../connections/connection-service.js'
import type { Db } from '../db/client.js'
import { AppError, NotFoundError, UnauthenticatedError } from '../errors.js'
import { amountOf, type Invoice, type InvoiceLine, totalOf } from '../invoices/invoice-model.js'
import type { RevisionRow, SyncStateRow } from '../invoices/invoice-repository.js'
import type { InvoiceService } from '../invoices/invoice-service.js'
import { lastErrorOf, primarySyncStatus } from '../invoices/invoice-view.js'
import { projectRoot } from '../paths.js'
import type { ReferenceKindName, ReferenceService } from '../reference/reference-service.js'
import { listSyncErrors } from '../sync/sync-report.js'
import type { SyncStatusChange } from '../sync/sync-transitions.js'
import type { SyncStatusBus } from '../sync/sync-bus.js'
import type { TenantService } from '../tenants/tenant-service.js'
import { BatchLoader } from './batch-loader.js'
import { costLimit } from './cost-limit.js'
import { DateScalar, DateTimeScalar, DecimalScalar, JsonScalar } from './scalars.js'

export const graphqlSchema = readFileSync(join(projectRoot, 'schema.graphql'), 'utf8')

const MAX_QUERY_DEPTH = 10
const MAX_QUERY_COST = 50_000
export const SYNC_STATUS_TOPIC = 'INVOICE_SYNC_STATUS_CHANGED'

export interface GraphqlServices {
  db: Db
  keys: Pick<ApiKeyRepository, 'findActiveByKey' | 'lookup'>
  reference: ReferenceService
  invoices: InvoiceService
  batches: BatchService
  connections: ConnectionService
  tenants: TenantService
}

interface Loaders {
  lines: BatchLoader<string, InvoiceLine[]>
  syncStates: BatchLoader<string, SyncStateRow[]>
  revisions: BatchLoader<string, RevisionRow[]>
  reference: Record<'customers' | 'items' | 'tax-zones' | 'invoice-types', BatchLoader<string, Record<string, unknown> | null>>
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
      return (original.errors as GraphQLError[]).map((e) => ({ message: e.message, locations: e.locations, code: (e.extensions?.code as string | undefined) ?? 'GRAPHQL_VALIDATION_FAILED', status: 400 }))
    }
    const place = { locations: error.locations, path: error.path }
    if (original instanceof AppError) {
      return [{ message: original.message, ...place, code: original.code, status: original.status, ...(original.fieldErrors.length ? { fieldErrors: original.fieldErrors } : {}) }]
    }
    if (!original) return [{ message: error.message, ...place, code: (error.extensions?.code as string | undefined) ?? 'GRAPHQL_VALIDATION_FAILED', status: 400 }]
    if (typeof original.statusCode === 'number' && original.statusCode >= 400 && original.statusCode < 500) {
      return [{ message: original.message, ...place, code: original.code ?? 'BAD_REQUEST', status: original.statusCode }]
    }
    // A scalar refusing a value (Decimal sent as a number) arrives as a plain GraphQLError cause.
    if ((original as { name?: string }).name === 'GraphQLError') return [{ message: original.message, ...place, code: 'BAD_USER_INPUT', status: 400 }]
    return [{ message: '', ...place, code: 'INTERNAL_ERROR', status: 500, cause: original }]
  })
}

/** Domain errors a person can fix become userErrors of the payload; the rest stay errors. */
async function payload<T>(work: () => Promise<T>, shape: (result: T) => Record<string, unknown>, empty: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    return { userErrors: [], warnings: [], ...shape(await work()) }
  } catch (err) {
    if (err instanceof AppError && err.status >= 400 && err.status < 500 && err.status !== 401) {
      const userErrors = err.fieldErrors.length > 0 ? err.fieldErrors.map((f) => ({ field: f.field, code: f.code, message: f.message })) : [{ field: null, code: err.code, message: err.message }]
      return { ...empty, userErrors, warnings: [] }
    }
    throw err
  }
}

function createLoaders(services: GraphqlServices, tenantId: string): Loaders {
  const { invoices, reference } = services
  const ref = (kind: ReferenceKindName) => new BatchLoader<string, Record<string, unknown> | null>((ids) => reference.getMany(tenantId, kind, ids), null)
  return {
    lines: new BatchLoader((ids) => invoices.repo.linesOf(ids), []),
    syncStates: new BatchLoader((ids) => invoices.repo.syncStatesOf(ids), []),
    revisions: new BatchLoader((ids) => invoices.repo.revisionsOf(ids), []),
    reference: { customers: ref('customers'), items: ref('items'), 'tax-zones': ref('tax-zones'), 'invoice-types': ref('invoice-types') },
  }
}

function resolvers(services: GraphqlServices): IResolvers {
  const { invoices, batches, connections, tenants, reference, db } = services
  const lookup = (kind: ReferenceKindName) => (_: unknown, args: { id: string }, ctx: Context) => nullIfNotFound(reference.get(ctx.auth, kind, args.id))
  const batchPayload = (work: (actor: Actor, input: Record<string, unknown>) => Promise<unknown>) => async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
    payload(async () => work(await ctx.actor(), { ...args.input }), (batch) => ({ batch }), { batch: null })
  const withoutId = (input: Record<string, unknown>) => Object.fromEntries(Object.entries(input).filter(([k]) => k !== 'id'))

  return {
    Decimal: DecimalScalar,
    Date: DateScalar,
    DateTime: DateTimeScalar,
    JSON: JsonScalar,
    Query: {
      invoice: async (_: unknown, args: { id: string }, ctx: Context) => nullIfNotFound(invoices.get(await ctx.actor(), args.id)),
      invoices: async (_: unknown, args: { first?: number; after?: string; filter?: Record<string, unknown> }, ctx: Context) => {
        const page = await invoices.list(await ctx.actor(), { first: args.first ?? 20, after: args.after ?? null, filter: args.filter ? { ...args.filter } : null })
        return {
          edges: page.invoices.map((node, i) => ({ node, cursor: page.cursors[i] })),
          pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null },
        }
      },
      connections: async (_: unknown, __: unknown, ctx: Context) => connections.list(await ctx.actor()),
      syncErrors: async (_: unknown, args: { connectionId?: string; first?: number }, ctx: Context) =>
        listSyncErrors(db, ctx.auth.tenantId, { connectionId: args.connectionId ?? null, first: args.first ?? 50 }),
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
        payload(async () => invoices.create(await ctx.actor(), normaliseInput(args.input)), (invoice) => ({ invoice }), { invoice: null }),
      updateInvoice: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(async () => invoices.update(await ctx.actor(), normaliseInput(args.input)), (r) => ({ invoice: r.invoice, warnings: r.warnings }), { invoice: null }),
      resyncInvoice: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(async () => invoices.resync(await ctx.actor(), normaliseInput(args.input)), (r) => ({ invoice: r.invoice, warnings: r.warnings }), { invoice: null }),
      bypassInvoiceSync: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(async () => invoices.bypassSync(await ctx.actor(), normaliseInput(args.input)), (r) => ({ invoice: r.invoice, warnings: r.warnings }), { invoice: null }),
      unlockInvoice: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(async () => invoices.unlock(await ctx.actor(), normaliseInput(args.input)), (r) => ({ invoice: r.invoice, warnings: r.warnings }), { invoice: null }),
      createAdjustmentInvoice: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(async () => invoices.createAdjustment(await ctx.actor(), normaliseInput(args.input)), (invoice) => ({ invoice }), { invoice: null }),
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
      updateTenantSettings: async (_: unknown, args: { input: Record<string, unknown> }, ctx: Context) =>
        payload(async () => tenants.updateSettings(await ctx.actor(), normaliseInput(args.input)), (settings) => ({ settings }), { settings: null }),
    },
    Subscription: {
      invoiceSyncStatusChanged: {
        subscribe: async (_: unknown, args: { invoiceId?: string }, ctx: { auth?: AuthContext; pubsub: { subscribe: (topic: string) => Promise<AsyncIterable<unknown>> } }) => {
          if (!ctx.auth) throw new AppError('UNAUTHENTICATED', 'Send connectionParams { authorization: "Bearer <api key>" } to subscribe.', 401)
          const tenantId = ctx.auth.tenantId
          const source = await ctx.pubsub.subscribe(SYNC_STATUS_TOPIC)
          return filterAsync(source, (event) => {
            const change = (event as { invoiceSyncStatusChanged: SyncStatusChange }).invoiceSyncStatusChanged
            return change.tenantId === tenantId && (!args.invoiceId || change.invoiceId === args.invoiceId)
          })
        },
      },
    },
    Invoice: {
      customer: (invoice: Invoice, _: unknown, ctx: Context) => ctx.loaders.reference.customers.load(invoice.customerId),
      taxZone: (invoice: Invoice, _: unknown, ctx: Context) => (invoice.taxZoneId ? ctx.loaders.reference['tax-zones'].load(invoice.taxZoneId) : null),
      invoiceType: (invoice: Invoice, _: unknown, ctx: Context) => (invoice.invoiceTypeId ? ctx.loaders.reference['invoice-types'].load(invoice.invoiceTypeId) : null),
      lines: (invoice: Invoice, _: unknown, ctx: Context) => (invoice.lines.length > 0 ? invoice.lines : ctx.loaders.lines.load(invoice.id)),
      total: async (invoice: Invoice, _: unknown, ctx: Context) => totalOf(invoice.lines.length > 0 ? invoice.lines : await ctx.loaders.lines.load(invoice.id)),
      syncStatus: async (invoice: Invoice, _: unknown, ctx: Context) => primarySyncStatus(await ctx.loaders.syncStates.load(invoice.id)),
      sync: (invoice: Invoice, _: unknown, ctx: Context) => ctx.loaders.syncStates.load(invoice.id),
      revisions: (invoice: Invoice, _: unknown, ctx: Context) => ctx.loaders.revisions.load(invoice.id),
    },
    InvoiceLine: {
      amount: (line: InvoiceLine) => amountOf(line),
      item: (line: InvoiceLine, _: unknown, ctx: Context) => ctx.loaders.reference.items.load(line.itemId),
    },
    InvoiceSync: {
      lastError: (state: SyncStateRow) => lastErrorOf(state),
    },
    Connection: {
      sessions: async (connection: { id: string }, args: { first?: number }, ctx: Context) => connections.sessions(await ctx.actor(), connection.id, args.first ?? 10),
      skippedBeforeSyncStart: (connection: { id: string }) => connections.skippedBeforeSyncStart(connection.id),
    },
    Batch: {
      skipped: (batch: { skipped?: unknown[] }) => batch.skipped ?? [],
    },
  } as IResolvers
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

async function* filterAsync<T>(source: AsyncIterable<T>, keep: (value: T) => boolean): AsyncIterable<T> {
  for await (const value of source) if (keep(value)) yield value
}

export async function graphqlDoor(app: FastifyInstance, opts: { services: GraphqlServices; syncBus: SyncStatusBus; graphiql: boolean }): Promise<void> {
  const { services } = opts
  requireApiKey(app, services.keys, (request: FastifyRequest) => request.url.startsWith('/graphiql') || request.headers.upgrade?.toLowerCase() === 'websocket')

  await app.register(mercurius, {
    schema: graphqlSchema,
    path: '/graphql',
    graphiql: opts.graphiql,
    queryDepth: MAX_QUERY_DEPTH,
    validationRules: [costLimit(MAX_QUERY_COST)],
    resolvers: resolvers(services),
    context: (request: FastifyRequest) => {
      // mercurius also builds a context to report an error, e.g. when authentication failed.
      if (!request.auth) return { actor: () => Promise.reject(new UnauthenticatedError('UNAUTHENTICATED', 'Send your API key as `Authorization: Bearer <api key>`.')) }
      let actor: Promise<Actor> | undefined
      return {
        auth: request.auth,
        actor: () => (actor ??= resolveActor(services.db, request.auth, actingUserId(request))),
        loaders: createLoaders(services, request.auth.tenantId),
      }
    },
    subscription: {
      // Subscriptions authenticate once, with the key in the connection parameters.
      onConnect: async ({ payload }: { payload?: Record<string, unknown> }) => {
        const authorization = typeof payload?.authorization === 'string' ? payload.authorization : undefined
        try {
          return { auth: await authenticateRequest(services.keys, authorization) }
        } catch {
          return false
        }
      },
    },
    errorFormatter: (execution, context) => {
      const request = (context as unknown as { reply?: { request: FastifyRequest } }).reply?.request
      const requestId = request?.id ?? 'subscription'
      const classified = classify(execution.errors)
      const errors = classified.map(({ message, locations, path, code, status, fieldErrors, cause }) => {
        if (status >= 500) request?.log.error({ err: cause }, 'graphql resolver failed')
        return {
          message: status >= 500 ? `Something went wrong on our side. Quote request id ${requestId} when reporting it.` : message,
          ...(locations ? { locations } : {}),
          ...(path ? { path } : {}),
          extensions: { code, requestId, ...(fieldErrors ? { fieldErrors } : {}) },
        }
      })
      // GraphQL over HTTP: 200 whenever data came back; otherwise the status of the first failure.
      const statusCode = execution.data ? 200 : (classified[0]?.status ?? 200)
      return { statusCode, response: { data: execution.data ?? null, errors } } as never
    },
  })

  // Sync status changes reach this instance's subscribers.
  const unsubscribe = opts.syncBus.subscribe((changes) => {
    for (const change of changes) void app.graphql.pubsub.publish({ topic: SYNC_STATUS_TOPIC, payload: { invoiceSyncStatusChanged: change } })
  })
  app.addHook('onClose', async () => {
    unsubscribe()
  })
}
