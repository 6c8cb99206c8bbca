// REST door for API keys: create (the value is shown once), list, revoke, rotate.
import type { FastifyInstance } from 'fastify'
import type { ActorService } from '../auth/actor.js'
import type { ApiKeyService } from '../auth/api-key-service.js'
import { queryNumber, refuseUnknownQuery } from './query.js'
import { actorResolver } from './request-actor.js'

export function apiKeyRoutes(app: FastifyInstance, service: ApiKeyService, actors: ActorService): void {
  const actor = actorResolver(actors)
  type IdParams = { Params: { id: string } }

  app.post('/api-keys', async (request, reply) => reply.code(201).send(await service.create(await actor(request), request.body)))
  app.get<{ Querystring: Record<string, unknown> }>('/api-keys', async (request) => {
    const q = request.query
    refuseUnknownQuery(q, ['first', 'after'])
    return service.list(await actor(request), { ...(q.first !== undefined ? { first: queryNumber(q.first) } : {}), after: q.after ?? null })
  })
  app.post<IdParams>('/api-keys/:id/revoke', async (request) => service.revoke(await actor(request), request.params.id))
  app.post<IdParams>('/api-keys/:id/rotate', async (request) => service.rotate(await actor(request), request.params.id, request.body))
}
