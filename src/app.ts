// The one way to build the service: server.ts and every test call buildApp. Infrastructure
// (database, logger, where the first-start key is shown) comes in through `deps`.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import underPressure from '@fastify/under-pressure'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify'
import type { Logger } from 'pino'
import { createActorService } from './auth/actor.js'
import { createApiKeyService } from './auth/api-key-service.js'
import { createApiKeyRepository } from './auth/api-keys.js'
import { requireApiKey } from './auth/auth-plugin.js'
import { createBatchService } from './batches/batch-service.js'
import { type Clock, systemClock } from './clock.js'
import type { Config } from './config.js'
import { createCheckInRecorder, createConnectionService } from './connections/connection-service.js'
import { type DatabaseHandle, openDatabase } from './db/client.js'
import { graphqlDoor } from './graphql/graphql-plugin.js'
import { apiDocs } from './http/api-docs.js'
import { idempotency } from './http/idempotency.js'
import { createIdempotencyRepository } from './http/idempotency-repository.js'
import { metrics } from './http/metrics.js'
import { problemOf, registerProblemHandlers, sendProblem } from './http/problem.js'
import { rateLimit } from './http/rate-limit.js'
import { createRateShare } from './http/rate-share.js'
import { requestIdOf } from './http/request-id.js'
import { tracing } from './http/tracing.js'
import { createInvoiceService } from './invoices/invoice-service.js'
import { createLogger } from './logger.js'
import { projectRoot } from './paths.js'
import { createPaymentService } from './payments/payment-service.js'
import { createPreviewService } from './qbwc/preview.js'
import { qbwcDoor } from './qbwc/qbwc-plugin.js'
import { createQbwcService } from './qbwc/qbwc-service.js'
import { holdsQbxmlSchemas, xmllintAvailable } from './qbxml/schema-lint.js'
import { createQuickBooksLinkService } from './reference/quickbooks-links.js'
import { createReferenceService } from './reference/reference-service.js'
import { apiKeyRoutes } from './rest/api-key-routes.js'
import { batchRoutes } from './rest/batch-routes.js'
import { connectionRoutes } from './rest/connection-routes.js'
import { healthRoutes } from './rest/health-routes.js'
import { helpRoutes } from './rest/help-routes.js'
import { invoiceRoutes } from './rest/invoice-routes.js'
import { paymentRoutes } from './rest/payment-routes.js'
import { previewRoutes } from './rest/preview-routes.js'
import { quickBooksLinkRoutes } from './rest/quickbooks-link-routes.js'
import { referenceRoutes } from './rest/reference-routes.js'
import { sandboxRoutes } from './rest/sandbox-routes.js'
import { syncReportRoutes } from './rest/sync-report-routes.js'
import { tenantRoutes } from './rest/tenant-routes.js'
import { webhookRoutes } from './rest/webhook-routes.js'
import { inProcessLink } from './sandbox/in-process-link.js'
import { createSandboxService, sandboxProvisioner } from './sandbox/sandbox-service.js'
import { SyncStatusBus } from './sync/sync-bus.js'
import { relaySyncStatus } from './sync/sync-relay.js'
import { createSyncReportService } from './sync/sync-report.js'
import { createSyncResults } from './sync/sync-results.js'
import { createTenantService } from './tenants/tenant-service.js'
import { createSecretBox, warnIfKeyFileInUse } from './webhooks/secrets.js'
import { reencryptWebhookSecrets } from './webhooks/secrets-rotation.js'
import { createWebhookService } from './webhooks/webhook-service.js'
import { createWebhookWorker } from './webhooks/webhook-worker.js'

export interface AppDeps {
  /** An open database; when given, the caller owns it and closes it. Otherwise buildApp opens one from config. */
  database?: DatabaseHandle
  logger?: Logger
  /** Shows the API key generated on the first start. Default: a banner on stderr, outside the log. */
  announce?: (message: string) => void
  /** The clock of every service (edits, transitions, webhook events and attempts, sessions, keys). Default: the system's. */
  now?: () => Date
  /** New ids (UUIDs) of invoices, lines, batches, endpoints, events and QuickBooks GUIDs. Default: randomUUID. */
  newId?: () => string
}

function announceOnStderr(message: string): void {
  const rule = '='.repeat(72)
  process.stderr.write(`\n${rule}\n${message}\n${rule}\n\n`)
}

export async function buildApp(config: Config, deps: AppDeps = {}): Promise<FastifyInstance> {
  const logger = deps.logger ?? createLogger(config)
  const clock: Clock = { now: deps.now ?? systemClock.now, newId: deps.newId ?? systemClock.newId }
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // A number of hops trusts that many proxies in front, counted from this server (Fastify's types name no number).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    // Timeouts (README "Timeouts and limits"): a client sending its request slowly is cut off with
    // 408, an idle socket is closed; Node checks the request and headers timeouts on an interval,
    // a quarter of the request timeout at most.
    requestTimeout: config.http.requestTimeoutMs,
    connectionTimeout: config.http.connectionTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    http: {
      headersTimeout: config.http.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(config.http.requestTimeoutMs / 4))),
    },
    // No requestIdHeader: with it Fastify takes the header as is and never calls genReqId.
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId: (req) => requestIdOf(req.headers['x-request-id']),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  })

  const database = deps.database ?? (await openDatabase(config, logger))
  if (!deps.database) app.addHook('onClose', async () => database.close())
  try {
    // First, so its span starts before any other hook runs (load shedding and authentication included).
    await tracing(app, config.tracing)
    await database.migrate()
    const tenants = createTenantService(database.db, clock)
    const boot = await tenants.bootstrap(config.adminApiKey)
    if (boot.generatedApiKey) {
      ;(deps.announce ?? announceOnStderr)(
        `No ADMIN_API_KEY was set and the database was empty, so an admin API key was generated.\n` +
          `It is shown this once and stored only as a hash:\n\n    ${boot.generatedApiKey}\n\n` +
          `Use it as: Authorization: Bearer <key>`,
      )
    }

    app.addHook('onSend', async (request, reply) => {
      reply.header('x-request-id', request.id)
    })
    // A request Node handed over on its upgrade path but answered over HTTP (refused before the
    // WebSocket handshake, or not a WebSocket route) would keep its socket: Node no longer manages it.
    app.addHook('onResponse', async (request) => {
      if ((request.raw as { upgrade?: boolean }).upgrade === true) request.raw.socket?.destroy()
    })
    registerProblemHandlers(app)
    // A JSON body that is empty counts as no body (curl helpers send the JSON content type on every
    // call, a POST like /run has nothing to say); anything else goes through Fastify's own parser,
    // which refuses __proto__ and constructor poisoning.
    const parseJson = app.getDefaultJsonParser('error', 'error')
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      if (body === '' || (Buffer.isBuffer(body) && body.length === 0)) return done(null, undefined)
      parseJson(request, body as string, done)
    })

    // Shedding: past the event loop delay or a memory ceiling, requests get 503 OVERLOADED (/readyz
    // too, so a load balancer sends traffic elsewhere until the pressure passes). /healthz is exempt
    // and says what is true: the process is up (restarting an instance because it sheds a burst
    // would turn the burst into an outage); its `x-load-shedding` header names the pressure.
    await app.register(underPressure, {
      maxEventLoopDelay: config.maxEventLoopDelayMs,
      maxHeapUsedBytes: config.maxHeapUsedBytes,
      maxRssBytes: config.maxRssBytes,
      retryAfter: 10,
      pressureHandler: (request, reply, type, value) => {
        if (request.routeOptions.url === '/healthz') {
          reply.header('x-load-shedding', type)
          return
        }
        request.log.warn({ type, value }, 'shedding load')
        sendProblem(reply.header('retry-after', '10'), problemOf(request, 503, 'OVERLOADED', 'The service is overloaded. Retry shortly.'))
      },
    })
    // Per API key and per source address's failed authentications, on the integrator and frontend
    // doors (before their routes, so it covers them). GraphQL draws its cost once it is known.
    // On PostgreSQL the budgets hold across instances (one process on the embedded database counts alone).
    const rateShare =
      database.kind === 'postgres' && config.rateLimitShareIntervalMs > 0
        ? createRateShare(database.db, {
            intervalMs: config.rateLimitShareIntervalMs,
            onError: (err) => logger.warn({ err: { message: (err as Error).message } }, 'rate-limit draws not exchanged'),
          })
        : undefined
    const keyBudget = rateLimit(app, {
      ...(rateShare ? { share: rateShare } : {}),
      perMinute: config.rateLimitPerMinute,
      authFailuresPerMinute: config.rateLimitAuthFailuresPerMinute,
      appliesTo: (url) => (url.startsWith('/v1/') ? 'request' : url === '/graphql' ? 'cost' : null),
    })

    if (rateShare) {
      rateShare.start()
      app.addHook('preClose', async () => rateShare.stop())
    }
    healthRoutes(app, database)
    metrics(app, { database, token: config.metricsToken })
    helpRoutes(app)
    const openapi = await readFile(join(projectRoot, 'openapi.yaml'), 'utf8')
    app.get('/openapi.yaml', (_request, reply) => reply.type('application/yaml; charset=utf-8').send(openapi))
    await apiDocs(app, openapi)

    const apiKeys = createApiKeyRepository(database.db)
    const actors = createActorService(database.db)
    const apiKeyService = createApiKeyService({ db: database.db, ...config.apiKeys, now: clock.now })
    const reference = createReferenceService(database.db)
    const syncBus = new SyncStatusBus((err) => logger.error({ err }, 'a sync status listener failed'))
    // Subscribers of every instance see every change (PostgreSQL LISTEN/NOTIFY; nothing to do on the embedded database).
    const stopRelay = await relaySyncStatus(syncBus, database, (err) =>
      logger.warn({ err: { message: (err as Error).message } }, 'a sync status change was not relayed to the other instances'),
    )
    app.addHook('preClose', async () => stopRelay())
    const invoices = createInvoiceService({
      db: database.db,
      onSyncStatusChanged: syncBus.publish,
      maxLines: config.invoiceMaxLines,
      pageMaxBytes: config.pageMaxBytes,
      clock,
    })
    const batches = createBatchService(database.db, clock)
    const payments = createPaymentService(database.db, clock)
    const syncReport = createSyncReportService(database.db)
    const secretSource = {
      secretsKey: config.secretsKey,
      secretsKeyPrevious: config.secretsKeyPrevious,
      dataDir: config.dataDir,
      warn: (message: string) => logger.warn(message),
    }
    await warnIfKeyFileInUse(secretSource)
    const secrets = createSecretBox(secretSource)
    if (config.secretsKey) {
      const reencrypted = await reencryptWebhookSecrets(database.db, secrets, (obj, msg) => logger.warn(obj, msg))
      if (reencrypted > 0) logger.info({ reencrypted }, 'webhook secrets re-encrypted under the current SECRETS_KEY')
    }
    const syncResults = createSyncResults(database.db, syncBus.publish, clock)
    const qbwcLimits = config.qbwc
    // Check-ins are written in batches, off the login's path; what is noted is written before the database closes.
    const checkIns = createCheckInRecorder(database.db, {
      flushMs: qbwcLimits.checkInFlushMs,
      onError: (err) => logger.warn({ err: { message: (err as Error).message } }, 'Web Connector check-ins not written'),
    })
    app.addHook('preClose', async () => checkIns.stop())
    const qbwc = createQbwcService({
      db: database.db,
      checkIns,
      results: syncResults,
      publicUrl: config.publicUrl,
      batchSize: config.qbwcBatchSize,
      readBack: config.qbRead,
      log: logger,
      clock,
      loginThrottle: {
        maxFailures: qbwcLimits.loginMaxFailures,
        blockSeconds: qbwcLimits.loginBlockSeconds,
        maxBlockSeconds: qbwcLimits.loginBlockMaxSeconds,
      },
    })
    const sandboxLimits = { maxPerTenant: config.sandbox.maxPerTenant, maxTransactions: config.sandbox.maxTransactions }
    const connections = createConnectionService(database.db, {
      publicUrl: config.publicUrl,
      clock,
      provisionSandbox: sandboxProvisioner({ secrets, clock, limits: sandboxLimits }),
    })
    const sandbox = createSandboxService({
      db: database.db,
      secrets,
      connections,
      link: () => inProcessLink(qbwc),
      clock,
      limits: sandboxLimits,
      schemaDir: sandboxSchemaDir(config.sandbox.schemaDir),
      log: logger,
    })
    const quickBooksLinks = createQuickBooksLinkService(database.db, { connections, clock })
    const preview = createPreviewService(database.db, { clock })
    const webhooks = createWebhookService({
      db: database.db,
      secrets,
      allowPrivateTargets: config.webhooks.allowPrivateTargets,
      rotationGraceSeconds: config.webhooks.rotationGraceSeconds,
      clock,
    })
    await app.register(
      async (v1) => {
        requireApiKey(v1, apiKeys)
        idempotency(v1, {
          repository: createIdempotencyRepository(database.db),
          cipher: secrets,
          leaseSeconds: config.idempotency.leaseSeconds,
        })
        tenantRoutes(v1, tenants, actors)
        apiKeyRoutes(v1, apiKeyService, actors)
        connectionRoutes(v1, connections, actors)
        sandboxRoutes(v1, sandbox, actors)
        quickBooksLinkRoutes(v1, quickBooksLinks, actors)
        previewRoutes(v1, preview, actors)
        referenceRoutes(v1, reference, actors)
        invoiceRoutes(v1, invoices, actors)
        paymentRoutes(v1, payments, actors)
        syncReportRoutes(v1, syncReport, actors)
        batchRoutes(v1, batches, actors)
        webhookRoutes(v1, webhooks, actors)
      },
      { prefix: '/v1' },
    )
    await app.register(qbwcDoor, {
      service: qbwc,
      body: { limit: qbwcLimits.bodyLimitBytes, largeLimit: qbwcLimits.responseBodyLimitBytes },
      prelogin: { maxInFlight: qbwcLimits.preloginMaxInFlight, perMinute: qbwcLimits.preloginPerMinute },
      isLiveTicket: (ticket) => qbwc.isLiveTicket(ticket),
    })
    await app.register(graphqlDoor, {
      services: {
        actors,
        keys: apiKeys,
        reference,
        invoices,
        payments,
        batches,
        connections,
        sandbox,
        quickBooksLinks,
        preview,
        tenants,
        syncReport,
      },
      syncBus,
      graphiql: config.env !== 'production',
      limits: config.graphql,
      keyBudget,
    })
    if (config.webhooks.worker) {
      const worker = createWebhookWorker({ database, secrets, ...config.webhooks, log: logger, now: clock.now })
      // Stopped before the database closes: deliveries in flight finish and their outcomes are stored.
      app.addHook('preClose', async () => worker.stop())
      await worker.start()
    }
    if (config.staleCheckSeconds > 0) {
      // A Web Connector that stopped coming: connection.stale, once per silence (any instance may look).
      const timer = setInterval(() => {
        connections.notifyStale().catch((err) => logger.warn({ err: { message: (err as Error).message } }, 'stale connection check failed'))
      }, config.staleCheckSeconds * 1000)
      timer.unref()
      app.addHook('preClose', async () => clearInterval(timer))
    }
    if (config.sandbox.schedulerSeconds > 0) {
      // Sandbox connections' Web Connectors come on their schedule too (each run once, whichever instance takes it).
      // One look at a time; closing waits for the runs under way (they save the company as they go).
      let looking: Promise<unknown> | null = null
      const timer = setInterval(() => {
        looking ??= sandbox
          .runDue()
          .catch((err) => logger.warn({ err: { message: (err as Error).message } }, 'scheduled sandbox runs failed'))
          .finally(() => {
            looking = null
          })
      }, config.sandbox.schedulerSeconds * 1000)
      timer.unref()
      app.addHook('preClose', async () => {
        clearInterval(timer)
        await looking
      })
    }
    await app.ready()
  } catch (err) {
    await app.close().catch(() => {})
    throw err
  }
  logger.info(
    { database: database.kind, location: database.location },
    `database: ${database.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'} at ${database.location}`,
  )
  return app
}

/** Where sandboxes' messages are checked against Intuit's schema: the configured folder, none ('off'), or ../shared/qbxml beside the project when it is there. */
function sandboxSchemaDir(configured: string | null): string | null {
  if (!xmllintAvailable) return null
  if (configured === 'off') return null
  if (configured) return configured
  const beside = join(projectRoot, '..', 'shared', 'qbxml')
  return holdsQbxmlSchemas(beside) ? beside : null
}

/** Trusts the `hops` proxies nearest this server: the address the outermost of them saw is the client's. */
export function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops
}
