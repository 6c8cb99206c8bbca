// REST door for the preview of an invoice's next request (GraphQL Invoice.preview).
import type { FastifyInstance } from 'fastify'
import type { ActorService } from '../auth/actor.js'
import type { PreviewService } from '../qbwc/preview.js'
import { refuseUnknownQuery } from './query.js'
import { actorResolver } from './request-actor.js'

export function previewRoutes(app: FastifyInstance, service: PreviewService, actors: ActorService): void {
  const actor = actorResolver(actors)
  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/invoices/:id/preview', async (request) => {
    refuseUnknownQuery(request.query, ['connectionId'])
    return service.preview(await actor(request), request.params.id, { connectionId: request.query.connectionId ?? null })
  })
}
