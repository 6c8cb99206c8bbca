// The service's whole configuration: one zod schema over the environment, parsed once at start
// and passed to whatever needs it. Nothing else in src/ reads process.env.
import { isIP } from 'node:net'
import { z } from 'zod'

/** Lines an invoice may hold after a change, unless INVOICE_MAX_LINES says otherwise. */
export const DEFAULT_MAX_LINES = 500
/**
 * The most INVOICE_MAX_LINES may allow, and the most lines one request may carry in any list.
 * Every InvoiceMod lists every kept line by TxnLineID, so one qbXML request grows with the
 * invoice, not with the edit; a revision snapshots the whole invoice too.
 */
export const MAX_LINES_CEILING = 1000
/** Bytes one page of invoices or revisions may carry unless PAGE_MAX_BYTES says otherwise. */
export const DEFAULT_PAGE_MAX_BYTES = 4 * 1024 * 1024

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

/**
 * Which proxies' X-Forwarded-* to believe. `true` is the one proxy in front (1 hop): trusting every
 * hop would take the leftmost X-Forwarded-For entry, which the client writes itself, as its address.
 */
const trustProxyError = 'must be true or false, a number of proxy hops (1 to 10), or a comma-separated list of proxy addresses or CIDRs'
const trustProxy = z.string().transform((v, ctx): false | number | string[] => {
  const value = v.trim().toLowerCase()
  if (['false', '0', 'no'].includes(value)) return false
  if (['true', 'yes'].includes(value)) return 1
  if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 10) return Number(value)
  const list = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
  if (list.length > 0 && list.every((p) => /^[0-9a-f.:]+(\/\d{1,3})?$/.test(p) && isIP(p.split('/')[0]!) !== 0)) return list
  ctx.addIssue({ code: 'custom', message: trustProxyError })
  return z.NEVER
})

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be a whole number between ${min} and ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    )

const postgresUrl = z.string().refine(
  (v) => {
    try {
      const u = new URL(v)
      return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '' && u.pathname.length > 1
    } catch {
      return false
    }
  },
  { error: 'must be a postgres:// URL with a host and a database name, e.g. postgres://user:pass@localhost:5432/invoice_sync' },
)

const isHttpUrl = (v: string) => {
  const u = URL.parse(v)
  return u?.protocol === 'http:' || u?.protocol === 'https:'
}

const httpUrl = z.string().refine(isHttpUrl, { error: 'must be an http:// or https:// URL' })

const otlpUrl = z.string().refine(isHttpUrl, {
  error: 'must be an http:// or https:// URL of an OTLP/HTTP receiver, e.g. http://localhost:4318',
})

/** The samplers of the OpenTelemetry specification (OTEL_TRACES_SAMPLER); the *traceidratio ones take OTEL_TRACES_SAMPLER_ARG. */
export const TRACES_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const
export type TracesSampler = (typeof TRACES_SAMPLERS)[number]

/**
 * Where spans are sent: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is, otherwise `v1/traces` under
 * OTEL_EXPORTER_OTLP_ENDPOINT (the specification's rule); undefined when neither is set.
 */
export function otlpTracesUrl(endpoint: string | undefined, tracesEndpoint: string | undefined): string | undefined {
  if (tracesEndpoint) return tracesEndpoint
  if (endpoint) return `${endpoint.replace(/\/+$/, '')}/v1/traces`
  return undefined
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'must be development, production or test' }).default('development'),
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  // The Web Connector refuses a plain-http AppURL unless it is on the machine itself.
  PUBLIC_URL: httpUrl
    .refine(
      (v) => {
        const u = URL.parse(v)
        return u?.protocol !== 'http:' || ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)
      },
      { error: 'must be https:// unless its host is localhost (the QuickBooks Web Connector refuses any other http:// address)' },
    )
    .optional(),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: int(1, 500).default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  ADMIN_API_KEY: z
    .string()
    .min(24, { error: 'must be at least 24 characters (use a long random value, e.g. `openssl rand -base64 32`)' })
    .max(200, { error: 'must be at most 200 characters' })
    .regex(/^[\x21-\x7e]+$/, { error: 'must be printable ASCII without spaces' })
    .optional(),
  API_KEY_ROTATION_GRACE_SECONDS: int(0, 30 * 86_400).default(86_400),
  API_KEY_ROTATION_MAX_GRACE_SECONDS: int(0, 30 * 86_400).default(7 * 86_400),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  TRUST_PROXY: trustProxy.default(false),
  BODY_LIMIT_BYTES: int(1024, 50 * 1024 * 1024).default(1024 * 1024),
  INVOICE_MAX_LINES: int(1, MAX_LINES_CEILING).default(DEFAULT_MAX_LINES),
  PAGE_MAX_BYTES: int(1024, 64 * 1024 * 1024).default(DEFAULT_PAGE_MAX_BYTES),
  SHUTDOWN_GRACE_MS: int(0, 120_000).default(10_000),
  MAX_EVENT_LOOP_DELAY_MS: int(0, 60_000).default(1000),
  MAX_HEAP_USED_MB: int(0, 1_048_576).default(1024),
  MAX_RSS_MB: int(0, 1_048_576).default(1536),
  QBWC_BATCH_SIZE: int(1, 500).default(50),
  QB_READ_BACK: bool.default(true),
  QB_READ_INTERVAL_SECONDS: int(0, 86_400).default(300),
  QB_READ_MAX_RETURNED: int(1, 1000).default(200),
  QB_READ_ROUNDS_PER_SESSION: int(1, 1000).default(50),
  QB_READ_LISTS: bool.default(true),
  QBWC_BODY_LIMIT_BYTES: int(1024, 50 * 1024 * 1024).default(1024 * 1024),
  QBWC_RESPONSE_BODY_LIMIT_BYTES: int(1024, 500 * 1024 * 1024).default(20 * 1024 * 1024),
  QBWC_PRELOGIN_MAX_IN_FLIGHT: int(0, 10_000).default(8),
  QBWC_PRELOGIN_PER_MINUTE: int(0, 1_000_000).default(120),
  QBWC_LOGIN_MAX_FAILURES: int(1, 1000).default(5),
  QBWC_LOGIN_BLOCK_SECONDS: int(1, 86_400).default(60),
  QBWC_LOGIN_BLOCK_MAX_SECONDS: int(1, 7 * 86_400).default(3600),
  /** Check-ins noted by logins are written together this often (0: each at once). */
  QBWC_CHECK_IN_FLUSH_MS: int(0, 600_000).default(10_000),
  RATE_LIMIT_PER_MINUTE: int(0, 1_000_000).default(600),
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: int(0, 1_000_000).default(30),
  GRAPHQL_BODY_LIMIT_BYTES: int(1024, 50 * 1024 * 1024).default(256 * 1024),
  GRAPHQL_MAX_TOKENS: int(10, 1_000_000).default(2000),
  GRAPHQL_MAX_ALIASES: int(0, 10_000).default(30),
  GRAPHQL_MAX_DEPTH: int(2, 1000).default(10),
  GRAPHQL_MAX_DIRECTIVES: int(0, 10_000).default(20),
  GRAPHQL_MAX_ROOT_FIELDS: int(1, 10_000).default(20),
  GRAPHQL_MAX_MUTATIONS: int(1, 1000).default(5),
  GRAPHQL_MAX_COST: int(1, 10_000_000).default(5000),
  GRAPHQL_COST_PER_RATE_POINT: int(1, 1_000_000).default(10),
  GRAPHQL_MAX_SUBSCRIPTIONS_PER_SOCKET: int(1, 1000).default(10),
  GRAPHQL_SUBSCRIPTION_KEY_CHECK_MS: int(10, 86_400_000).default(60_000),
  SECRETS_KEY: z
    .string()
    .refine((v) => /^[A-Za-z0-9+/_-]+=*$/.test(v) && Buffer.from(v, 'base64').length === 32, {
      error: 'must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)',
    })
    .optional(),
  // Timeouts, key rotation and the idempotency lease (see README "Timeouts and limits").
  /** When set, /metrics needs it as a Bearer token. */
  METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  SECRETS_KEY_PREVIOUS: z
    .string()
    .refine((v) => /^[A-Za-z0-9+/_-]+=*$/.test(v) && Buffer.from(v, 'base64').length === 32, {
      error: 'must be 32 bytes in base64 (the SECRETS_KEY before a rotation)',
    })
    .optional(),
  HTTP_REQUEST_TIMEOUT_MS: int(1000, 3_600_000).default(120_000),
  HTTP_HEADERS_TIMEOUT_MS: int(1000, 3_600_000).default(30_000),
  HTTP_CONNECTION_TIMEOUT_MS: int(1000, 3_600_000).default(120_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(1000, 3_600_000).default(72_000),
  DATABASE_STATEMENT_TIMEOUT_MS: int(0, 3_600_000).default(30_000),
  DATABASE_LOCK_TIMEOUT_MS: int(0, 3_600_000).default(10_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: int(0, 3_600_000).default(60_000),
  IDEMPOTENCY_LEASE_SECONDS: int(1, 86_400).default(60),
  WEBHOOKS_WORKER: bool.default(true),
  /** How often an instance looks for Web Connectors that stopped coming (connection.stale); 0: never. */
  CONNECTION_STALE_CHECK_SECONDS: int(0, 86_400).default(60),
  /** How often an instance exchanges what it drew from the rate limits with the other instances (0: each counts alone). */
  RATE_LIMIT_SHARE_INTERVAL_MS: int(0, 60_000).default(1000),
  /** How often an instance runs the simulated Web Connector of sandbox connections due by their schedule; 0: only on demand. */
  SANDBOX_SCHEDULER_SECONDS: int(0, 86_400).default(30),
  /** Sandbox connections one tenant may have (0: none). */
  SANDBOX_MAX_PER_TENANT: int(0, 1000).default(5),
  /** Transactions a sandbox's simulated company holds at most; adds beyond are refused as QuickBooks refuses (3180). */
  SANDBOX_MAX_TRANSACTIONS: int(10, 100_000).default(1000),
  /** Where Intuit's qbXML schemas are, to check what sandboxes receive ("off": never; unset: ../shared/qbxml beside the project when there). */
  SANDBOX_QBXML_SCHEMA_DIR: z.string().min(1).optional(),
  WEBHOOKS_CONCURRENCY: int(1, 256).default(32),
  WEBHOOKS_MAX_IN_FLIGHT_PER_ENDPOINT: int(1, 1000).default(8),
  WEBHOOKS_MAX_IN_FLIGHT_PER_TENANT: int(1, 10_000).default(16),
  WEBHOOKS_CIRCUIT_FAILURE_THRESHOLD: int(1, 1000).default(10),
  WEBHOOKS_CIRCUIT_OPEN_MS: int(100, 86_400_000).default(60_000),
  WEBHOOKS_CIRCUIT_MAX_OPEN_MS: int(100, 7 * 86_400_000).default(3_600_000),
  WEBHOOKS_POLL_INTERVAL_MS: int(10, 600_000).default(100),
  WEBHOOKS_MAX_ATTEMPTS: int(1, 100).default(15),
  WEBHOOKS_RETRY_BASE_MS: int(1, 3_600_000).default(10_000),
  WEBHOOKS_RETRY_MAX_MS: int(1, 7 * 86_400_000).default(6 * 3_600_000),
  WEBHOOKS_TIMEOUT_MS: int(100, 120_000).default(10_000),
  WEBHOOKS_ROTATION_GRACE_SECONDS: int(0, 7 * 86_400).default(86_400),
  WEBHOOKS_RETENTION_DAYS: int(1, 3650).default(30),
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: bool.default(false),
  // OpenTelemetry traces (the standard variables of the OpenTelemetry SDKs): on when an OTLP
  // endpoint is set. The OTLP exporter itself also reads OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT,
  // _COMPRESSION and the _CERTIFICATE files from the environment (README "Tracing").
  OTEL_SDK_DISABLED: bool.default(false),
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpUrl.optional(),
  OTEL_SERVICE_NAME: z.string().min(1).max(255, { error: 'must be at most 255 characters' }).default('invoice-sync'),
  OTEL_TRACES_SAMPLER: z.enum(TRACES_SAMPLERS, { error: `must be one of ${TRACES_SAMPLERS.join(', ')}` }).default('parentbased_always_on'),
  OTEL_TRACES_SAMPLER_ARG: z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, { error: 'must be a sampling ratio between 0 and 1, e.g. 0.25' })
    .transform(Number)
    .default(1),
})

export type Env = z.input<typeof envSchema>

export interface Config {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  /** The address the QuickBooks Web Connector and webhook receivers reach this service at. */
  publicUrl: string
  database: { kind: 'postgres'; url: string; poolMax: number } | { kind: 'pglite'; dataDir: string }
  adminApiKey: string | undefined
  apiKeys: {
    /** How long a rotated key's old value keeps working unless the rotation asks otherwise. */
    rotationGraceSeconds: number
    /** The longest grace period a rotation may ask for (gracePeriodSeconds). */
    maxRotationGraceSeconds: number
  }
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** false, a number of proxy hops (true is 1), or the proxies' addresses/CIDRs: never "trust every X-Forwarded-For entry". */
  trustProxy: false | number | string[]
  bodyLimitBytes: number
  /** Lines an invoice may hold after any change (create, edit, adjustment). */
  invoiceMaxLines: number
  /** Bytes one page of invoices (their lines) or revisions (snapshots and diffs) may carry; at least one item per page. */
  pageMaxBytes: number
  shutdownGraceMs: number
  maxEventLoopDelayMs: number
  /** Memory ceilings past which requests are shed with 503 (0: not checked). */
  maxHeapUsedBytes: number
  maxRssBytes: number
  /** Requests per Web Connector round trip. */
  qbwcBatchSize: number
  /**
   * Reading back from QuickBooks (invoices changed there, balances and payments); null: one way only.
   * A pass starts at most every intervalMs, reads maxReturned records per request and at most
   * roundsPerSession requests per session (writes always go first).
   */
  qbRead: { intervalMs: number; maxReturned: number; roundsPerSession: number; lists: boolean } | null
  qbwc: {
    /** Bytes any Web Connector call may have. */
    bodyLimitBytes: number
    /** Bytes a receiveResponseXML carrying a live ticket may have. */
    responseBodyLimitBytes: number
    /** Calls per source address read or answered at once before their ticket is known live (0: no cap). */
    preloginMaxInFlight: number
    /** Calls without a live ticket per source address per minute (0: unlimited). */
    preloginPerMinute: number
    /** Wrong passwords per source address before it waits; the wait starts at loginBlockSeconds and doubles up to loginBlockMaxSeconds. */
    loginMaxFailures: number
    loginBlockSeconds: number
    loginBlockMaxSeconds: number
    /** How often the check-ins logins noted are written, together (0: each at once). */
    checkInFlushMs: number
  }
  /** Requests per API key per minute on /v1 and /graphql (0: unlimited); GraphQL draws its cost in points. */
  rateLimitPerMinute: number
  /** Failed authentications (401) per source address per minute before it gets 429 (0: unlimited). */
  rateLimitAuthFailuresPerMinute: number
  graphql: {
    /** Largest /graphql body (document and variables); larger: 413. */
    bodyLimitBytes: number
    maxTokens: number
    maxAliases: number
    maxDepth: number
    maxDirectives: number
    maxRootFields: number
    /** Mutation fields in one request. */
    maxMutations: number
    /** Highest cost of one operation (see src/graphql/cost.ts). */
    maxCost: number
    /** A GraphQL request draws ceil(cost / costPerRatePoint) points (at least 1) from the per-key limit. */
    costPerRatePoint: number
    maxSubscriptionsPerSocket: number
    /** How often a subscription socket's API key is checked again; a revoked key closes the socket. */
    subscriptionKeyCheckMs: number
  }
  /** AES-256-GCM key for secrets stored encrypted (webhook signing secrets); unset: a key file in DATA_DIR. */
  secretsKey: Buffer | undefined
  /** The key before the last rotation: still decrypts what it wrote; new writes use secretsKey. */
  secretsKeyPrevious: Buffer | undefined
  /** Bearer token /metrics requires; null: open (like /healthz). */
  metricsToken: string | null
  dataDir: string
  http: {
    /** Whole request (headers and body) must arrive within this; a slow sender is cut with 408. */
    requestTimeoutMs: number
    headersTimeoutMs: number
    /** A socket with no activity for this long is closed. */
    connectionTimeoutMs: number
    keepAliveTimeoutMs: number
  }
  /** Applied to every pooled PostgreSQL session (0: no limit); migrations at start lift them. */
  databaseTimeouts: { statementMs: number; lockMs: number; idleInTransactionMs: number }
  idempotency: {
    /** How long a request owns its Idempotency-Key without renewing; renewed while it runs. */
    leaseSeconds: number
  }
  /** Seconds between looks for stale connections (0: off). */
  staleCheckSeconds: number
  /** How often the rate-limit draws are exchanged between instances on PostgreSQL (0: not shared). */
  rateLimitShareIntervalMs: number
  sandbox: {
    /** Seconds between looks for sandbox connections due by their schedule (0: on demand only). */
    schedulerSeconds: number
    maxPerTenant: number
    maxTransactions: number
    /** Intuit's qbXML schemas for checking what sandboxes receive: a folder, 'off', or null (look beside the project). */
    schemaDir: string | null
  }
  webhooks: {
    /** Run the delivery worker in this instance. */
    worker: boolean
    /** Deliveries in flight at once per instance. */
    concurrency: number
    /** Deliveries in flight at once to one endpoint / for one tenant, across all instances (counted from the leases in the database). */
    maxInFlightPerEndpoint: number
    maxInFlightPerTenant: number
    /** Consecutive failures that open an endpoint's circuit; it stays open circuitOpenMs, doubling after each failed probe up to circuitMaxOpenMs. */
    circuitFailureThreshold: number
    circuitOpenMs: number
    circuitMaxOpenMs: number
    pollIntervalMs: number
    /** Attempts before a delivery is ABANDONED. */
    maxAttempts: number
    /** Retry n waits a random time up to min(retryMaxMs, retryBaseMs * 2^(n-1)) (full jitter). */
    retryBaseMs: number
    retryMaxMs: number
    timeoutMs: number
    /** How long the previous secret keeps signing after a rotation. */
    rotationGraceSeconds: number
    retentionDays: number
    allowPrivateTargets: boolean
  }
  /** OpenTelemetry traces sent over OTLP/HTTP; null: off, and no OpenTelemetry SDK module is loaded. */
  tracing: {
    /** Where spans are POSTed (OTLP/HTTP, JSON). */
    tracesUrl: string
    /** The resource's service.name. */
    serviceName: string
    sampler: TracesSampler
    /** The share of new traces recorded by the *traceidratio samplers (0 to 1). */
    ratio: number
  } | null
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Parses the environment; throws a ConfigError naming every bad variable. Empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present: Record<string, string> = {}
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key]
    if (value !== undefined && value.trim() !== '') present[key] = value.trim()
  }
  const parsed = envSchema.safeParse(present)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment')
        const got = present[variable]
        // Secrets, and URLs that may carry credentials, are never echoed.
        const shown =
          got === undefined ||
          variable === 'ADMIN_API_KEY' ||
          variable === 'DATABASE_URL' ||
          variable === 'SECRETS_KEY' ||
          variable === 'SECRETS_KEY_PREVIOUS' ||
          variable === 'METRICS_TOKEN' ||
          variable === 'OTEL_EXPORTER_OTLP_ENDPOINT' ||
          variable === 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'
            ? ''
            : ` (got "${got}")`
        return { variable, message: issue.message + shown }
      }),
    )
  }
  const e = parsed.data
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX }
      : { kind: 'pglite', dataDir: e.DATA_DIR },
    adminApiKey: e.ADMIN_API_KEY,
    apiKeys: {
      rotationGraceSeconds: e.API_KEY_ROTATION_GRACE_SECONDS,
      maxRotationGraceSeconds: Math.max(e.API_KEY_ROTATION_MAX_GRACE_SECONDS, e.API_KEY_ROTATION_GRACE_SECONDS),
    },
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    invoiceMaxLines: e.INVOICE_MAX_LINES,
    pageMaxBytes: e.PAGE_MAX_BYTES,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes: e.MAX_HEAP_USED_MB * 1024 * 1024,
    maxRssBytes: e.MAX_RSS_MB * 1024 * 1024,
    qbwcBatchSize: e.QBWC_BATCH_SIZE,
    qbRead: e.QB_READ_BACK
      ? {
          intervalMs: e.QB_READ_INTERVAL_SECONDS * 1000,
          maxReturned: e.QB_READ_MAX_RETURNED,
          roundsPerSession: e.QB_READ_ROUNDS_PER_SESSION,
          lists: e.QB_READ_LISTS,
        }
      : null,
    qbwc: {
      bodyLimitBytes: e.QBWC_BODY_LIMIT_BYTES,
      responseBodyLimitBytes: Math.max(e.QBWC_BODY_LIMIT_BYTES, e.QBWC_RESPONSE_BODY_LIMIT_BYTES),
      preloginMaxInFlight: e.QBWC_PRELOGIN_MAX_IN_FLIGHT,
      preloginPerMinute: e.QBWC_PRELOGIN_PER_MINUTE,
      loginMaxFailures: e.QBWC_LOGIN_MAX_FAILURES,
      loginBlockSeconds: e.QBWC_LOGIN_BLOCK_SECONDS,
      loginBlockMaxSeconds: Math.max(e.QBWC_LOGIN_BLOCK_SECONDS, e.QBWC_LOGIN_BLOCK_MAX_SECONDS),
      checkInFlushMs: e.QBWC_CHECK_IN_FLUSH_MS,
    },
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    rateLimitAuthFailuresPerMinute: e.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
    graphql: {
      bodyLimitBytes: e.GRAPHQL_BODY_LIMIT_BYTES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      maxRootFields: e.GRAPHQL_MAX_ROOT_FIELDS,
      maxMutations: e.GRAPHQL_MAX_MUTATIONS,
      maxCost: e.GRAPHQL_MAX_COST,
      costPerRatePoint: e.GRAPHQL_COST_PER_RATE_POINT,
      maxSubscriptionsPerSocket: e.GRAPHQL_MAX_SUBSCRIPTIONS_PER_SOCKET,
      subscriptionKeyCheckMs: e.GRAPHQL_SUBSCRIPTION_KEY_CHECK_MS,
    },
    secretsKey: e.SECRETS_KEY ? Buffer.from(e.SECRETS_KEY, 'base64') : undefined,
    secretsKeyPrevious: e.SECRETS_KEY_PREVIOUS ? Buffer.from(e.SECRETS_KEY_PREVIOUS, 'base64') : undefined,
    metricsToken: e.METRICS_TOKEN ?? null,
    dataDir: e.DATA_DIR,
    http: {
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: Math.min(e.HTTP_HEADERS_TIMEOUT_MS, e.HTTP_REQUEST_TIMEOUT_MS),
      connectionTimeoutMs: e.HTTP_CONNECTION_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
    databaseTimeouts: {
      statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      lockMs: e.DATABASE_LOCK_TIMEOUT_MS,
      idleInTransactionMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    idempotency: { leaseSeconds: e.IDEMPOTENCY_LEASE_SECONDS },
    staleCheckSeconds: e.CONNECTION_STALE_CHECK_SECONDS,
    rateLimitShareIntervalMs: e.RATE_LIMIT_SHARE_INTERVAL_MS,
    sandbox: {
      schedulerSeconds: e.SANDBOX_SCHEDULER_SECONDS,
      maxPerTenant: e.SANDBOX_MAX_PER_TENANT,
      maxTransactions: e.SANDBOX_MAX_TRANSACTIONS,
      schemaDir: e.SANDBOX_QBXML_SCHEMA_DIR ?? null,
    },
    webhooks: {
      worker: e.WEBHOOKS_WORKER,
      concurrency: e.WEBHOOKS_CONCURRENCY,
      maxInFlightPerEndpoint: e.WEBHOOKS_MAX_IN_FLIGHT_PER_ENDPOINT,
      maxInFlightPerTenant: e.WEBHOOKS_MAX_IN_FLIGHT_PER_TENANT,
      circuitFailureThreshold: e.WEBHOOKS_CIRCUIT_FAILURE_THRESHOLD,
      circuitOpenMs: e.WEBHOOKS_CIRCUIT_OPEN_MS,
      circuitMaxOpenMs: e.WEBHOOKS_CIRCUIT_MAX_OPEN_MS,
      pollIntervalMs: e.WEBHOOKS_POLL_INTERVAL_MS,
      maxAttempts: e.WEBHOOKS_MAX_ATTEMPTS,
      retryBaseMs: e.WEBHOOKS_RETRY_BASE_MS,
      retryMaxMs: e.WEBHOOKS_RETRY_MAX_MS,
      timeoutMs: e.WEBHOOKS_TIMEOUT_MS,
      rotationGraceSeconds: e.WEBHOOKS_ROTATION_GRACE_SECONDS,
      retentionDays: e.WEBHOOKS_RETENTION_DAYS,
      allowPrivateTargets: e.WEBHOOKS_ALLOW_PRIVATE_TARGETS,
    },
    tracing: tracingOf(e),
  }
}

function tracingOf(e: z.output<typeof envSchema>): Config['tracing'] {
  const tracesUrl = otlpTracesUrl(e.OTEL_EXPORTER_OTLP_ENDPOINT, e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
  if (e.OTEL_SDK_DISABLED || tracesUrl === undefined) return null
  return { tracesUrl, serviceName: e.OTEL_SERVICE_NAME, sampler: e.OTEL_TRACES_SAMPLER, ratio: e.OTEL_TRACES_SAMPLER_ARG }
}
