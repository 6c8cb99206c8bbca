// The service's whole configuration: one zod schema over the environment, parsed once at start
// and passed to whatever needs it. Nothing else in src/ reads process.env.
import { z } from 'zod'

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be a whole number between ${min} and ${max}` })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: `must be at least ${min}` }).max(max, { error: `must be at most ${max}` }))

const postgresUrl = z
  .string()
  .refine(
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

const httpUrl = z.string().refine(
  (v) => {
    try {
      const u = new URL(v)
      return u.protocol === 'http:' || u.protocol === 'https:'
    } catch {
      return false
    }
  },
  { error: 'must be an http:// or https:// URL' },
)

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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  TRUST_PROXY: bool.default(false),
  BODY_LIMIT_BYTES: int(1024, 50 * 1024 * 1024).default(1024 * 1024),
  SHUTDOWN_GRACE_MS: int(0, 120_000).default(10_000),
  MAX_EVENT_LOOP_DELAY_MS: int(0, 60_000).default(1000),
  QBWC_BATCH_SIZE: int(1, 500).default(50),
  RATE_LIMIT_PER_MINUTE: int(0, 1_000_000).default(600),
  SECRETS_KEY: z
    .string()
    .refine((v) => /^[A-Za-z0-9+/_-]+=*$/.test(v) && Buffer.from(v, 'base64').length === 32, { error: 'must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)' })
    .optional(),
  WEBHOOKS_WORKER: bool.default(true),
  WEBHOOKS_CONCURRENCY: int(1, 256).default(32),
  WEBHOOKS_POLL_INTERVAL_MS: int(10, 600_000).default(100),
  WEBHOOKS_MAX_ATTEMPTS: int(1, 100).default(15),
  WEBHOOKS_RETRY_BASE_MS: int(1, 3_600_000).default(10_000),
  WEBHOOKS_RETRY_MAX_MS: int(1, 7 * 86_400_000).default(6 * 3_600_000),
  WEBHOOKS_TIMEOUT_MS: int(100, 120_000).default(10_000),
  WEBHOOKS_ROTATION_GRACE_SECONDS: int(0, 7 * 86_400).default(86_400),
  WEBHOOKS_RETENTION_DAYS: int(1, 3650).default(30),
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: bool.default(false),
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
  trustProxy: boolean
  bodyLimitBytes: number
  shutdownGraceMs: number
  maxEventLoopDelayMs: number
  /** Requests per Web Connector round trip. */
  qbwcBatchSize: number
  /** Requests per API key per minute on /v1 and /graphql (0: unlimited). */
  rateLimitPerMinute: number
  /** AES-256-GCM key for secrets stored encrypted (webhook signing secrets); unset: a key file in DATA_DIR. */
  secretsKey: Buffer | undefined
  dataDir: string
  webhooks: {
    /** Run the delivery worker in this instance. */
    worker: boolean
    /** Deliveries in flight at once per instance. */
    concurrency: number
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
        const shown = got === undefined || variable === 'ADMIN_API_KEY' || variable === 'DATABASE_URL' || variable === 'SECRETS_KEY' ? '' : ` (got "${got}")`
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
    apiKeys: { rotationGraceSeconds: e.API_KEY_ROTATION_GRACE_SECONDS, maxRotationGraceSeconds: Math.max(e.API_KEY_ROTATION_MAX_GRACE_SECONDS, e.API_KEY_ROTATION_GRACE_SECONDS) },
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    qbwcBatchSize: e.QBWC_BATCH_SIZE,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    secretsKey: e.SECRETS_KEY ? Buffer.from(e.SECRETS_KEY, 'base64') : undefined,
    dataDir: e.DATA_DIR,
    webhooks: {
      worker: e.WEBHOOKS_WORKER,
      concurrency: e.WEBHOOKS_CONCURRENCY,
      pollIntervalMs: e.WEBHOOKS_POLL_INTERVAL_MS,
      maxAttempts: e.WEBHOOKS_MAX_ATTEMPTS,
      retryBaseMs: e.WEBHOOKS_RETRY_BASE_MS,
      retryMaxMs: e.WEBHOOKS_RETRY_MAX_MS,
      timeoutMs: e.WEBHOOKS_TIMEOUT_MS,
      rotationGraceSeconds: e.WEBHOOKS_ROTATION_GRACE_SECONDS,
      retentionDays: e.WEBHOOKS_RETENTION_DAYS,
      allowPrivateTargets: e.WEBHOOKS_ALLOW_PRIVATE_TARGETS,
    },
  }
}
