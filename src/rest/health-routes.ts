// Probes for orchestrators: /healthz says the process answers, /readyz that the database does too.
import type { FastifyInstance } from 'fastify'
import type { DatabaseHandle } from '../db/client.js'
import { problemOf, sendProblem } from '../http/problem.js'

const READINESS_TIMEOUT_MS = 2000

export function healthRoutes(app: FastifyInstance, database: Pick<DatabaseHandle, 'ping' | 'kind'>): void {
  app.get('/healthz', async () => ({ status: 'ok' }))

  app.get('/readyz', async (request, reply) => {
    try {
      await withTimeout(database.ping(), READINESS_TIMEOUT_MS)
      return { status: 'ready', database: database.kind }
    } catch (err) {
      request.log.warn({ err: { message: (err as Error).message } }, 'readiness check failed')
      return sendProblem(reply.header('retry-after', '5'), problemOf(request, 503, 'DATABASE_UNAVAILABLE', 'The database does not answer.'))
    }
  })
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
