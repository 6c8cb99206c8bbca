// A typed client for the REST door: openapi-fetch over the types openapi-typescript generates from
// openapi.yaml (client/schema.d.ts). Every path, parameter, body and answer is checked by the
// TypeScript compiler against the contract the service is tested against.
import createClient from 'openapi-fetch'
import type { paths } from './schema.js'

export type { components, paths } from './schema.js'

export function createInvoiceSyncClient(options: { baseUrl: string; apiKey: string; fetch?: typeof fetch }) {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
}

export type InvoiceSyncClient = ReturnType<typeof createInvoiceSyncClient>
