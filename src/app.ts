// The one way to build the service: server.ts and every test call buildApp. Infrastructure
// (database, logger, where the first-start key is shown) comes in through `deps`.
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import underPressure from '@fastify/under-pressure'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify'
import type { Logger } from 'pino'
import { requireApiKey } from './auth/auth-plugin.js'
import { createApiKeyRepository } from './auth/api-keys.js'
import { createApiKeyService } from './auth/api-key-service.js'
import type { Config } from './config.js'
import { type DatabaseHandle, openDatabase } from './db/client.js'
import { apiDocs } from './http/api-docs.js'
import { idempotency } from './http/idempotency.js'
import { createIdempotencyRepository } from './http/idempotency-repository.js'
import { problemOf, registerProblemHandlers, sendProblem } from './http/problem.js'
import { rateLimit } from './http/rate-limit.js'
import { createBatchService } from './batches/batch-service.js'
import { createConnectionService } from './connections/connection-service.js'
import { graphqlDoor } from './graphql/graphql-plugin.js'
import { createInvoiceService } from './invoices/invoice-service.js'
import { createLogger } from './logger.js'
import { projectRoot } from './paths.js'
import { createReferenceService } from './reference/reference-service.js'
import { healthRoutes } from './rest/health-routes.js'
import { helpRoutes } from './rest/help-routes.js'
import { apiKeyRoutes } from './rest/api-key-routes.js'
import { referenceRoutes } from './rest/reference-routes.js'
import { tenantRoutes } from './rest/tenant-routes.js'
import { SyncStatusBus } from './sync/sync-bus.js'
import { createSyncResults } from './sync/sync-results.js'
import { qbwcDoor } from './qbwc/qbwc-plugin.js'
import { createQbwcService } from './qbwc/qbwc-service.js'
import { batchRoutes } from './rest/batch-routes.js'
import { connectionRoutes } from './rest/connection-routes.js'
import { invoiceRoutes } from './rest/invoice-routes.js'
import { createTenantService } from './tenants/tenant-service.js'
import { webhookRoutes } from './rest/webhook-routes.js'
import { createSecretBox, warnIfKeyFileInUse } from './webhooks/secrets.js'
import { createWebhookService } from './webhooks/webhook-service.js'
import { createWebhookWorker } from './webhooks/webhook-worker.js'

export interface AppDeps {
  /** An open database; when given, the caller owns it and closes it. Otherwise buildApp opens one from config. */
  database?: DatabaseHandle
  logger?: Logger
  /** Shows the API key generated on the first start. Default: a banner on stderr, outside the log. */
  announce?: (message: string) => void
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

function announceOnStderr(message: string): void {
  const rule = '='.repeat(72)
  process.stderr.write(`\n${rule}\n${message}\n${rule}\n\n`)
}

export async function buildApp(config: Config, deps: AppDeps = {}): Promise<FastifyInstance> {
  const logger = deps.logger ?? createLogger(config)
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // A caller's own request id is kept when it is a sane token, so logs correlate across systems.
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  })

  const database = deps.database ?? (await openDatabase(config, logger))
  if (!deps.database) app.addHook('onClose', async () => database.close())
  try {
    await database.migrate()
    const tenants = createTenantService(database.db)
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
    registerProblemHandlers(app)

    await app.register(underPressure, {
      maxEventLoopDelay: config.maxEventLoopDelayMs,
      retryAfter: 10,
      pressureHandler: (request, reply, type, value) => {
        request.log.warn({ type, value }, 'shedding load')
        sendProblem(reply.header('retry-after', '10'), problemOf(request, 503, 'OVERLOADED', 'The service is overloaded. Retry shortly.'))
      },
    })
    // Per API key, on the integrator and frontend doors (before their routes, so it covers them).
    rateLimit(app, { perMinute: config.rateLimitPerMinute, appliesTo: (url) => url.startsWith('/v1/') || url === '/graphql' })

    healthRoutes(app, database)
    helpRoutes(app)
    const openapi = await readFile(join(projectRoot, 'openapi.yaml'), 'utf8')
    app.get('/openapi.yaml', (_request, reply) => reply.type('application/yaml; charset=utf-8').send(openapi))
    await apiDocs(app, openapi)

    const apiKeys = createApiKeyRepository(database.db)
    const apiKeyService = createApiKeyService({ db: database.db, ...config.apiKeys })
    const reference = createReferenceService(database.db)
    const syncBus = new SyncStatusBus((err) => logger.error({ err }, 'a sync status listener failed'))
    const invoices = createInvoiceService({ db: database.db, onSyncStatusChanged: syncBus.publish })
    const batches = createBatchService(database.db)
    const connections = createConnectionService(database.db, { publicUrl: config.publicUrl })
    const secretSource = { secretsKey: config.secretsKey, dataDir: config.dataDir, warn: (message: string) => logger.warn(message) }
    await warnIfKeyFileInUse(secretSource)
    const secrets = createSecretBox(secretSource)
    const webhooks = createWebhookService({ db: database.db, secrets, allowPrivateTargets: config.webhooks.allowPrivateTargets, rotationGraceSeconds: config.webhooks.rotationGraceSeconds })
    await app.register(
      async (v1) => {
        requireApiKey(v1, apiKeys)
        idempotency(v1, { repository: createIdempotencyRepository(database.db), cipher: secrets })
        tenantRoutes(v1, tenants, database.db)
        apiKeyRoutes(v1, apiKeyService, database.db)
        connectionRoutes(v1, connections, database.db)
        referenceRoutes(v1, reference, database.db)
        invoiceRoutes(v1, invoices, database.db)
        batchRoutes(v1, batches, database.db)
        webhookRoutes(v1, webhooks, database.db)
      },
      { prefix: '/v1' },
    )
    const syncResults = createSyncResults(database.db, syncBus.publish)
    const qbwc = createQbwcService({ db: database.db, results: syncResults, publicUrl: config.publicUrl, batchSize: config.qbwcBatchSize, log: logger })
    await app.register(qbwcDoor, { service: qbwc, bodyLimit: Math.max(config.bodyLimitBytes, 20 << 20) })
    await app.register(graphqlDoor, { services: { db: database.db, keys: apiKeys, reference, invoices, batches, connections, tenants }, syncBus, graphiql: config.env !== 'production' })
    if (config.webhooks.worker) {
      const worker = createWebhookWorker({ database, secrets, ...config.webhooks, log: logger })
      // Stopped before the database closes: deliveries in flight finish and their outcomes are stored.
      app.addHook('preClose', async () => worker.stop())
      await worker.start()
    }
    await app.ready()
  } catch (err) {
    await app.close().catch(() => {})
    throw err
  }
  logger.info({ database: database.kind, location: database.location }, `database: ${database.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'} at ${database.location}`)
  return app
}
