import type { FastifyInstance } from 'fastify'
import type { TenantService } from '../tenants/tenant-service.js'

export function tenantRoutes(app: FastifyInstance, service: TenantService): void {
  app.post('/tenants', async (request, reply) => reply.code(201).send(await service.createTenant(request.auth, request.body)))
}
