// REST door for sandbox connections: run the simulated Web Connector now, see the simulated company,
// and do in it what people do in QuickBooks (src/sandbox/sandbox-service.ts decides everything).
import type { FastifyInstance } from 'fastify'
import type { ActorService } from '../auth/actor.js'
import type { SandboxService } from '../sandbox/sandbox-service.js'
import { queryNumber, refuseUnknownQuery } from './query.js'
import { actorResolver } from './request-actor.js'

type Ids = { Params: { id: string; invoiceId: string } }

export function sandboxRoutes(app: FastifyInstance, service: SandboxService, actors: ActorService): void {
  const actor = actorResolver(actors)

  app.post<{ Params: { id: string } }>('/connections/:id/run', async (request) => service.run(await actor(request), request.params.id))
  app.get<{ Params: { id: string } }>('/connections/:id/sandbox', async (request) =>
    service.company(await actor(request), request.params.id),
  )
  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/connections/:id/sandbox/transactions', async (request) => {
    const q = request.query
    refuseUnknownQuery(q, ['first', 'after'])
    return service.transactions(await actor(request), request.params.id, {
      ...(q.first !== undefined ? { first: queryNumber(q.first) } : {}),
      after: q.after ?? null,
    })
  })
  app.post<Ids>('/connections/:id/sandbox/invoices/:invoiceId/edit', async (request) =>
    service.editInvoice(await actor(request), request.params.id, request.params.invoiceId, request.body),
  )
  app.post<Ids>('/connections/:id/sandbox/invoices/:invoiceId/delete', async (request) =>
    service.deleteInvoice(await actor(request), request.params.id, request.params.invoiceId),
  )
  app.post<Ids>('/connections/:id/sandbox/invoices/:invoiceId/payments', async (request) =>
    service.receivePayment(await actor(request), request.params.id, request.params.invoiceId, request.body),
  )
  app.post<{ Params: { id: string } }>('/connections/:id/sandbox/hold-records', async (request) =>
    service.holdRecords(await actor(request), request.params.id, request.body),
  )
  app.post<{ Params: { id: string } }>('/connections/:id/sandbox/items', async (request, reply) =>
    reply.code(201).send(await service.addItem(await actor(request), request.params.id, request.body)),
  )
  app.delete<{ Params: { id: string; name: string } }>('/connections/:id/sandbox/items/:name', async (request) =>
    service.deleteItem(await actor(request), request.params.id, request.params.name),
  )
}
