// REST door for tenants: the installation's admin principal creates them (with an admin key).
import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/client.js'
import type { TenantService } from '../tenants/tenant-service.js'
import { actorResolver } from './request-actor.js'

export function tenantRoutes(app: FastifyInstance, service: TenantService, db: Db): void {
  const actor = actorResolver(db)
  app.post('/tenants', async (request, reply) => reply.code(201).send(await service.createTenant(await actor(request), request.body)))
}
