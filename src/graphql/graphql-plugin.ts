// The GraphQL door: schema.graphql is the contract; resolvers only call services. Domain errors
// keep their stable code in `extensions.code`; anything unexpected is reported without internals.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { GraphQLError } from 'graphql'
import mercurius from 'mercurius'
import { requireApiKey } from '../auth/auth-plugin.js'
import type { ApiKeyRepository } from '../auth/api-keys.js'
import { AppError, NotFoundError } from '../errors.js'
import { projectRoot } from '../paths.js'
import type { ReferenceKindName, ReferenceService } from '../reference/reference-service.js'

export const graphqlSchema = readFileSync(join(projectRoot, 'schema.graphql'), 'utf8')

const MAX_QUERY_DEPTH = 8

interface Services {
  keys: Pick<ApiKeyRepository, 'findActiveByKey'>
  reference: ReferenceService
}

interface Classified {
  message: string
  locations?: unknown
  path?: unknown
  code: string
  status: number
  fieldErrors?: unknown
  cause?: unknown
}

/**
 * Sorts each error into: a domain error (its own code and status), a query the caller must fix
 * (400), or our fault (500, message withheld). mercurius nests validation errors in `errors`.
 */
function classify(errors: readonly GraphQLError[]): Classified[] {
  return errors.flatMap((error): Classified[] => {
    const original = error.originalError as (Error & { errors?: unknown; statusCode?: number; code?: string }) | undefined
    if (original && Array.isArray(original.errors)) {
      return (original.errors as GraphQLError[]).map((e) => ({ message: e.message, locations: e.locations, code: 'GRAPHQL_VALIDATION_FAILED', status: 400 }))
    }
    const place = { locations: error.locations, path: error.path }
    if (original instanceof AppError) {
      return [{ message: original.message, ...place, code: original.code, status: original.status, ...(original.fieldErrors.length ? { fieldErrors: original.fieldErrors } : {}) }]
    }
    if (!original) return [{ message: error.message, ...place, code: 'GRAPHQL_VALIDATION_FAILED', status: 400 }]
    if (typeof original.statusCode === 'number' && original.statusCode >= 400 && original.statusCode < 500) {
      return [{ message: original.message, ...place, code: original.code ?? 'BAD_REQUEST', status: original.statusCode }]
    }
    return [{ message: '', ...place, code: 'INTERNAL_ERROR', status: 500, cause: original }]
  })
}

export async function graphqlDoor(app: FastifyInstance, opts: { services: Services; graphiql: boolean }): Promise<void> {
  const { reference } = opts.services
  requireApiKey(app, opts.services.keys, (request: FastifyRequest) => request.url.startsWith('/graphiql'))

  const lookup = (kind: ReferenceKindName) => async (_: unknown, args: { id: string }, ctx: { reply: { request: FastifyRequest } }) => {
    try {
      return await reference.get(ctx.reply.request.auth, kind, args.id)
    } catch (err) {
      if (err instanceof NotFoundError) return null
      throw err
    }
  }

  await app.register(mercurius, {
    schema: graphqlSchema,
    path: '/graphql',
    graphiql: opts.graphiql,
    queryDepth: MAX_QUERY_DEPTH,
    resolvers: {
      Query: {
        customer: lookup('customers'),
        item: lookup('items'),
        businessUnit: lookup('business-units'),
        taxZone: lookup('tax-zones'),
        inventoryLocation: lookup('inventory-locations'),
        invoiceType: lookup('invoice-types'),
        user: lookup('users'),
        accountingPeriod: lookup('accounting-periods'),
      },
    },
    errorFormatter: (execution, context) => {
      const request = (context as unknown as { reply: { request: FastifyRequest } }).reply.request
      const classified = classify(execution.errors)
      const errors = classified.map(({ message, locations, path, code, status, fieldErrors, cause }) => {
        if (status >= 500) request.log.error({ err: cause }, 'graphql resolver failed')
        return {
          message: status >= 500 ? `Something went wrong on our side. Quote request id ${request.id} when reporting it.` : message,
          ...(locations ? { locations } : {}),
          ...(path ? { path } : {}),
          extensions: { code, requestId: request.id, ...(fieldErrors ? { fieldErrors } : {}) },
        }
      })
      // GraphQL over HTTP: 200 whenever data came back; otherwise the status of the first failure.
      const statusCode = execution.data ? 200 : (classified[0]?.status ?? 200)
      return { statusCode, response: { data: execution.data ?? null, errors } } as never
    },
  })
}
