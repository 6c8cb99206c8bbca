// REST door for connections: create (the .qwc and a one-time password), read, the .qwc file,
// password rotation.
import type { FastifyInstance } from 'fastify'
import type { ActorService } from '../auth/actor.js'
import type { ConnectionService } from '../connections/connection-service.js'
import { queryNumber, refuseUnknownQuery } from './query.js'
import { actorResolver } from './request-actor.js'

export function connectionRoutes(app: FastifyInstance, service: ConnectionService, actors: ActorService): void {
  const actor = actorResolver(actors)

  app.post('/connections', async (request, reply) => reply.code(201).send(await service.create(await actor(request), request.body)))
  app.get('/connections', async (request) => service.list(await actor(request)))
  app.get<{ Params: { id: string } }>('/connections/:id', async (request) => service.get(await actor(request), request.params.id))
  app.patch<{ Params: { id: string } }>('/connections/:id', async (request) =>
    service.update(await actor(request), request.params.id, request.body),
  )
  app.post<{ Params: { id: string } }>('/connections/:id/disable', async (request) =>
    service.setDisabled(await actor(request), request.params.id, true),
  )
  app.post<{ Params: { id: string } }>('/connections/:id/enable', async (request) =>
    service.setDisabled(await actor(request), request.params.id, false),
  )
  app.get<{ Params: { id: string } }>('/connections/:id/qwc', async (request, reply) => {
    const qwc = await service.qwc(await actor(request), request.params.id)
    return reply.type('application/xml; charset=utf-8').header('content-disposition', 'attachment; filename="invoice-sync.qwc"').send(qwc)
  })
  app.get<{ Params: { id: string }; Querystring: { first?: string } }>('/connections/:id/sessions', async (request) =>
    service.sessions(await actor(request), request.params.id, Number(request.query.first ?? 10) || 10),
  )
  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/connections/:id/queue', async (request) => {
    const q = request.query
    refuseUnknownQuery(q, ['first', 'after'])
    return service.queue(await actor(request), request.params.id, {
      ...(q.first !== undefined ? { first: queryNumber(q.first) } : {}),
      after: q.after ?? null,
    })
  })
  app.get<{ Params: { id: string } }>('/connections/:id/health', async (request) => service.health(await actor(request), request.params.id))
  app.post<{ Params: { id: string } }>('/connections/:id/rotate-password', async (request) =>
    service.rotatePassword(await actor(request), request.params.id),
  )
}
