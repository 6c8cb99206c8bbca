// REST door for reference data: PUT upserts by the source app's id, GET reads one record.
import type { FastifyInstance } from 'fastify'
import type { ActorService } from '../auth/actor.js'
import { type ReferenceService, referenceKindNames } from '../reference/reference-service.js'
import { queryNumber, refuseUnknownQuery } from './query.js'
import { actorResolver } from './request-actor.js'

export function referenceRoutes(app: FastifyInstance, service: ReferenceService, actors: ActorService): void {
  const actor = actorResolver(actors)
  for (const kind of referenceKindNames) {
    app.put<{ Params: { id: string } }>(`/${kind}/:id`, async (request, reply) => {
      const { created, resource } = await service.upsert(await actor(request), kind, request.params.id, request.body)
      return reply.code(created ? 201 : 200).send(resource)
    })
    app.get<{ Params: { id: string } }>(`/${kind}/:id`, (request) => service.get(request.auth, kind, request.params.id))
    app.get<{ Querystring: Record<string, unknown> }>(`/${kind}`, (request) => {
      refuseUnknownQuery(request.query, ['first', 'after'])
      const q = request.query
      return service.list(request.auth, kind, { ...(q.first !== undefined ? { first: queryNumber(q.first) } : {}), after: q.after ?? null })
    })
    app.delete<{ Params: { id: string } }>(`/${kind}/:id`, async (request, reply) => {
      await service.remove(await actor(request), kind, request.params.id)
      return reply.code(204).send()
    })
  }
}
