// /docs: Swagger UI over openapi.yaml as written (@fastify/swagger in static mode), its scripts and
// styles served from node_modules (no CDN). The document is parsed on its first request, not at
// start: parsing ~80 KB of YAML costs a quarter of a second of CPU that start-up need not pay.
import swagger, { type StaticDocumentSpec } from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { parse as parseYaml } from 'yaml'

/** An object that is `load()`'s result, computed when first looked at. */
export function lazyObject<T extends object>(load: () => T): T {
  let value: T | undefined
  const target = () => (value ??= load())
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(target(), key),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key)
      return descriptor ? { ...descriptor, configurable: true } : undefined
    },
  })
}

export async function apiDocs(app: FastifyInstance, openapiYaml: string): Promise<void> {
  const document = lazyObject(() => parseYaml(openapiYaml) as StaticDocumentSpec['document'])
  await app.register(swagger, { mode: 'static', specification: { document } })
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { deepLinking: true, docExpansion: 'list' } })
}
