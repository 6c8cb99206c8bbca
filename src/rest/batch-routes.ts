// REST door for batches: create, read, post, unpost, export to a connection, bypass the export.
// The same use cases as GraphQL's createBatch, batch, postBatch, unpostBatch, exportBatch and
// bypassBatchExport, with the same field names.
import type { FastifyInstance } from 'fastify'
import type { ActorService } from '../auth/actor.js'
import type { BatchService, BatchView } from '../batches/batch-service.js'
import { actorResolver } from './request-actor.js'

type IdParams = { Params: { id: string } }

/** `skipped` is always a list, as in GraphQL. */
const batchResource = (batch: BatchView) => ({
  id: batch.id,
  status: batch.status,
  connectionId: batch.connectionId,
  invoiceIds: batch.invoiceIds,
  skipped: batch.skipped ?? [],
})

export function batchRoutes(app: FastifyInstance, service: BatchService, actors: ActorService): void {
  const actor = actorResolver(actors)

  app.post('/batches', async (request, reply) => {
    const batch = await service.create(await actor(request), request.body)
    return reply.code(201).header('location', `${app.prefix}/batches/${batch.id}`).send(batchResource(batch))
  })
  app.get<IdParams>('/batches/:id', async (request) => batchResource(await service.get(await actor(request), request.params.id)))
  app.post<IdParams>('/batches/:id/post', async (request) => batchResource(await service.post(await actor(request), request.params.id)))
  app.post<IdParams>('/batches/:id/unpost', async (request) => batchResource(await service.unpost(await actor(request), request.params.id)))
  app.post<IdParams>('/batches/:id/export', async (request) => {
    const exported = await service.export(await actor(request), request.params.id, request.body)
    return { ...batchResource(exported), warnings: exported.warnings ?? [] }
  })
  app.post<IdParams>('/batches/:id/bypass-export', async (request) =>
    batchResource(await service.bypassExport(await actor(request), request.params.id, request.body)),
  )
}
