// Resolves `Authorization: Bearer <api key>` to the calling tenant for every route in its scope.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { UnauthenticatedError, ValidationError } from '../errors.js'
import { externalIdSchema } from '../values.js'
import type { ApiKeyRepository, AuthContext } from './api-keys.js'

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext
  }
}

const BEARER = /^Bearer[ ]+([\x21-\x7e]{1,512})[ ]*$/i

export async function authenticateRequest(
  keys: Pick<ApiKeyRepository, 'lookup'>,
  authorization: string | undefined,
  userId?: string,
): Promise<AuthContext> {
  if (!authorization) {
    throw new UnauthenticatedError('UNAUTHENTICATED', 'Send your API key as `Authorization: Bearer <api key>`.')
  }
  const match = BEARER.exec(authorization)
  if (!match) throw new UnauthenticatedError('UNAUTHENTICATED', 'The Authorization header must be `Bearer <api key>`.')
  const found = await keys.lookup(match[1]!, undefined, userId)
  // A code of its own, so the integrator knows to make a new key rather than check the one it has.
  if (found.state === 'expired')
    throw new UnauthenticatedError('API_KEY_EXPIRED', 'The API key has expired. Create a new one with POST /v1/api-keys.')
  if (found.state === 'invalid') throw new UnauthenticatedError('INVALID_API_KEY', 'The API key is not valid or has been revoked.')
  return found.auth
}

/**
 * The source app's user named by `X-User-Id`, or null when the header is absent and the API key
 * acts for itself. A header that names no possible user (empty, too long, control characters) is
 * refused: read as absent, it would give the request the key's own scopes.
 */
export function actingUserId(request: FastifyRequest): string | null {
  const userId = request.headers['x-user-id']
  if (userId === undefined) return null
  const parsed = externalIdSchema.safeParse(userId)
  if (!parsed.success) {
    throw new ValidationError([
      {
        field: 'X-User-Id',
        code: 'INVALID',
        message: `X-User-Id must be a user id from PUT /v1/users/{id}: ${parsed.error.issues[0]?.message ?? 'invalid'}; leave the header out for the API key to act for itself`,
      },
    ])
  }
  return parsed.data
}

/** Call inside an encapsulated scope (e.g. /v1): every route of that scope then needs a valid key. */
export function requireApiKey(
  scope: FastifyInstance,
  keys: Pick<ApiKeyRepository, 'lookup'>,
  isPublic: (request: FastifyRequest) => boolean = () => false,
): void {
  scope.decorateRequest('auth', null as unknown as AuthContext)
  scope.addHook('onRequest', async (request: FastifyRequest) => {
    if (isPublic(request)) return
    request.auth = await authenticateRequest(keys, request.headers.authorization, actingUserId(request) ?? undefined)
  })
}
