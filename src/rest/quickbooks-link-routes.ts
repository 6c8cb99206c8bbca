// REST door for a connection's QuickBooks lists: what is unmatched on either side, the links,
// a person's link of a reference to a ListID (and its removal), the lists as last read, and where
// each list's read stands. GraphQL's Connection fields and linkReference/unlinkReference are twins.
import type { FastifyInstance } from 'fastify'
import type { ActorService } from '../auth/actor.js'
import type { QuickBooksLinkService } from '../reference/quickbooks-links.js'
import { queryInput, refuseUnknownQuery } from './query.js'
import { actorResolver } from './request-actor.js'

type IdQuery = { Params: { id: string }; Querystring: Record<string, unknown> }
type LinkParams = { Params: { id: string; kind: string; referenceId: string } }

export function quickBooksLinkRoutes(app: FastifyInstance, service: QuickBooksLinkService, actors: ActorService): void {
  const actor = actorResolver(actors)

  app.get<IdQuery>('/connections/:id/unmatched', async (request) =>
    service.unmatched(await actor(request), request.params.id, queryInput(request.query, ['side', 'kind', 'first', 'after'])),
  )
  app.get<IdQuery>('/connections/:id/links', async (request) =>
    service.links(await actor(request), request.params.id, queryInput(request.query, ['kind', 'first', 'after'])),
  )
  app.put<LinkParams>('/connections/:id/links/:kind/:referenceId', async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    return service.link(await actor(request), request.params.id, {
      ...body,
      kind: request.params.kind,
      referenceId: request.params.referenceId,
    })
  })
  app.delete<LinkParams>('/connections/:id/links/:kind/:referenceId', async (request) =>
    service.unlink(await actor(request), request.params.id, { kind: request.params.kind, referenceId: request.params.referenceId }),
  )
  app.get<IdQuery>('/connections/:id/quickbooks-entries', async (request) =>
    service.entries(await actor(request), request.params.id, queryInput(request.query, ['list', 'name', 'first', 'after'])),
  )
  app.get<IdQuery>('/connections/:id/list-reads', async (request) => {
    refuseUnknownQuery(request.query, [])
    return { items: await service.listReads(await actor(request), request.params.id), nextCursor: null }
  })
}
