// REST door for tenants: the installation's admin principal creates them (with an admin key).
import type { FastifyInstance } from 'fastify'
import type { ActorService } from '../auth/actor.js'
import type { TenantService } from '../tenants/tenant-service.js'
import { actorResolver } from './request-actor.js'

export function tenantRoutes(app: FastifyInstance, service: TenantService, actors: ActorService): void {
  const actor = actorResolver(actors)
  app.post('/tenants', async (request, reply) => reply.code(201).send(await service.createTenant(await actor(request), request.body)))
  // The caller's own tenant: any key reads its settings, an administrator changes them (GraphQL
  // tenantSettings / updateTenantSettings).
  app.get('/tenant/settings', async (request) => service.settings((await actor(request)).tenantId))
  app.patch('/tenant/settings', async (request) => service.updateSettings(await actor(request), request.body))
}
