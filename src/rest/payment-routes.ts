// REST door for payments recorded in the source app: the same use cases as GraphQL's
// recordInvoicePayment and Invoice.payments, with the same field names.
import type { FastifyInstance } from 'fastify'
import type { ActorService } from '../auth/actor.js'
import type { PaymentService } from '../payments/payment-service.js'
import { refuseUnknownQuery } from './query.js'
import { actorResolver, withPathId } from './request-actor.js'

type IdParams = { Params: { id: string } }

export function paymentRoutes(app: FastifyInstance, service: PaymentService, actors: ActorService): void {
  const actor = actorResolver(actors)

  app.post<IdParams>('/invoices/:id/payments', async (request, reply) => {
    const payment = await service.record(await actor(request), withPathId(request.body, request.params.id))
    return reply.code(201).send(payment)
  })

  // An invoice's payments are few (together they never pay more than it owes): one page, in the envelope of every list.
  app.get<IdParams & { Querystring: Record<string, unknown> }>('/invoices/:id/payments', async (request) => {
    refuseUnknownQuery(request.query, [])
    return { items: await service.list(await actor(request), request.params.id), nextCursor: null }
  })
}
