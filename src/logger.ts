// pino, as Fastify's logger: JSON lines, secrets redacted wherever they appear in a logged object,
// and errors logged without the values bound to a failed SQL statement (customers' emails and
// addresses): the `err` serializer covers every path that logs `{ err }`, Fastify's own included.
import { type DestinationStream, type Logger, pino } from 'pino'
import type { Config } from './config.js'

const SECRET_KEYS = [
  'password',
  'strPassword',
  'apiKey',
  'adminApiKey',
  'secret',
  'secretsKey',
  'ticket',
  'authorization',
  'cookie',
  'token',
]

export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.headers["webhook-signature"]',
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
]

/** Properties of database errors that carry row values: drizzle's bound `params`, Postgres's `detail` ("Key (email)=(...)", "Failing row contains (...)"). */
const VALUE_CARRIERS = new Set(['params', 'detail'])
/** drizzle's DrizzleQueryError message is "Failed query: <sql>\nparams: <values>". */
const BOUND_VALUES = /\nparams: [\s\S]*$/

/** A copy of the error (and its causes) without bound values; the SQL text stays, it has none. */
export function withoutQueryValues(err: unknown, depth = 0): unknown {
  if (err === null || typeof err !== 'object' || depth > 8) return err
  const source = err as Record<string, unknown>
  const copy = Object.create(Object.getPrototypeOf(err) as object) as Record<string, unknown>
  for (const key of Object.getOwnPropertyNames(err)) {
    if (!VALUE_CARRIERS.has(key)) copy[key] = source[key]
  }
  if (typeof source.message === 'string') {
    const message = source.message.replace(BOUND_VALUES, '')
    copy.message = message
    if (typeof source.stack === 'string') copy.stack = source.stack.replace(source.message, message).replace(BOUND_VALUES, '')
  }
  if ('cause' in source) copy.cause = withoutQueryValues(source.cause, depth + 1)
  return copy
}

export function serializeError(err: unknown): unknown {
  const clean = withoutQueryValues(err)
  return clean instanceof Error ? pino.stdSerializers.err(clean) : clean
}

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: { err: serializeError },
      base: { service: 'invoice-sync' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  )
}
