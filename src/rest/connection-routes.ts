// REST door for connections: create (the .qwc and a one-time password), read, list, the .qwc file,
// password rotation, the sessions and the queue (lists in keyset pages: {items, nextCursor}).
import type { FastifyInstance } from 'fastify'
import type { ActorService } from '../auth/actor.js'
import type { ConnectionService } from '../connections/connection-service.js'
import { queryInput } from './query.js'
import { actorResolver } from './request-actor.js'

type IdQuery = { Params: { id: string }; Querystring: Record<string, unknown> }
const PAGE_QUERY = ['first', 'after'] as const

export function connectionRoutes(app: FastifyInstance, service: ConnectionService, actors: ActorService): void {
  const actor = actorResolver(actors)

  app.post('/connections', async (request, reply) => reply.code(201).send(await service.create(await actor(request), request.body)))
  app.get<{ Querystring: Record<string, unknown> }>('/connections', async (request) =>
    service.listPage(await actor(request), queryInput(request.query, PAGE_QUERY)),
  )
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
  app.get<IdQuery>('/connections/:id/sessions', async (request) =>
    service.sessionPage(await actor(request), request.params.id, queryInput(request.query, PAGE_QUERY)),
  )
  app.get<IdQuery>('/connections/:id/queue', async (request) =>
    service.queue(await actor(request), request.params.id, queryInput(request.query, PAGE_QUERY)),
  )
  app.get<{ Params: { id: string } }>('/connections/:id/health', async (request) => service.health(await actor(request), request.params.id))
  app.post<{ Params: { id: string } }>('/connections/:id/rotate-password', async (request) =>
    service.rotatePassword(await actor(request), request.params.id),
  )
}
