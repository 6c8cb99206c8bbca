// REST door for the pending export report (GraphQL syncErrors): the same service, the same rule.
import type { FastifyInstance } from 'fastify'
import type { ActorService } from '../auth/actor.js'
import type { SyncReportService } from '../sync/sync-report.js'
import { queryInput } from './query.js'
import { actorResolver } from './request-actor.js'

const QUERY = ['first', 'after', 'connectionId'] as const

export function syncReportRoutes(app: FastifyInstance, service: SyncReportService, actors: ActorService): void {
  const actor = actorResolver(actors)
  app.get<{ Querystring: Record<string, unknown> }>('/sync-errors', async (request) =>
    service.list(await actor(request), queryInput(request.query, QUERY)),
  )
}
