// pino, as Fastify's logger: JSON lines, secrets redacted wherever they appear in a logged object.
import { pino, type DestinationStream, type Logger } from 'pino'
import type { Config } from './config.js'

const SECRET_KEYS = ['password', 'strPassword', 'apiKey', 'adminApiKey', 'secret', 'secretsKey', 'ticket', 'authorization', 'cookie', 'token']

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

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: redactPaths, censor: '[redacted]' },
      base: { service: 'invoice-sync' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  )
}
