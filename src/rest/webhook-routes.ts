// REST door for webhook endpoints: create (the secret is shown once), list, read, delete, rotate
// the secret, re-enable, and the delivery log.
import type { FastifyInstance } from 'fastify'
import type { ActorService } from '../auth/actor.js'
import type { WebhookService } from '../webhooks/webhook-service.js'
import { queryInput, refuseUnknownQuery } from './query.js'
import { actorResolver } from './request-actor.js'

export function webhookRoutes(app: FastifyInstance, service: WebhookService, actors: ActorService): void {
  const actor = actorResolver(actors)

  app.post('/webhook-endpoints', async (request, reply) => reply.code(201).send(await service.create(await actor(request), request.body)))
  app.get<{ Querystring: Record<string, unknown> }>('/webhook-endpoints', async (request) => {
    refuseUnknownQuery(request.query, [])
    return service.list(await actor(request))
  })
  app.get<{ Params: { id: string } }>('/webhook-endpoints/:id', async (request) => service.get(await actor(request), request.params.id))
  app.delete<{ Params: { id: string } }>('/webhook-endpoints/:id', async (request, reply) => {
    await service.remove(await actor(request), request.params.id)
    return reply.code(204).send()
  })
  app.post<{ Params: { id: string } }>('/webhook-endpoints/:id/rotate-secret', async (request) =>
    service.rotateSecret(await actor(request), request.params.id),
  )
  app.post<{ Params: { id: string } }>('/webhook-endpoints/:id/enable', async (request) =>
    service.enable(await actor(request), request.params.id),
  )
  app.patch<{ Params: { id: string } }>('/webhook-endpoints/:id', async (request) =>
    service.update(await actor(request), request.params.id, request.body),
  )
  app.post<{ Params: { id: string } }>('/webhook-endpoints/:id/test', async (request, reply) =>
    reply.code(202).send(await service.sendTest(await actor(request), request.params.id)),
  )
  app.post<{ Params: { id: string; deliveryId: string } }>(
    '/webhook-endpoints/:id/deliveries/:deliveryId/redeliver',
    async (request, reply) =>
      reply.code(202).send(await service.redeliver(await actor(request), request.params.id, request.params.deliveryId)),
  )
  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/webhook-endpoints/:id/deliveries', async (request) =>
    service.deliveries(await actor(request), request.params.id, queryInput(request.query, ['first', 'after', 'status'])),
  )
}
