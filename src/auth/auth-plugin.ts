// Resolves `Authorization: Bearer <api key>` to the calling tenant for every route in its scope.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { UnauthenticatedError } from '../errors.js'
import type { ApiKeyRepository, AuthContext } from './api-keys.js'

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext
  }
}

const BEARER = /^Bearer[ ]+([\x21-\x7e]{1,512})[ ]*$/i

export async function authenticateRequest(keys: Pick<ApiKeyRepository, 'findActiveByKey'>, authorization: string | undefined, userId?: string): Promise<AuthContext> {
  if (!authorization) {
    throw new UnauthenticatedError('UNAUTHENTICATED', 'Send your API key as `Authorization: Bearer <api key>`.')
  }
  const match = BEARER.exec(authorization)
  if (!match) throw new UnauthenticatedError('UNAUTHENTICATED', 'The Authorization header must be `Bearer <api key>`.')
  const auth = await keys.findActiveByKey(match[1]!, undefined, userId)
  if (!auth) throw new UnauthenticatedError('INVALID_API_KEY', 'The API key is not valid or has been revoked.')
  return auth
}

/** The source app's user named by `X-User-Id`, or null when the API key acts for itself. */
export function actingUserId(request: FastifyRequest): string | null {
  const userId = request.headers['x-user-id']
  return typeof userId === 'string' && userId !== '' ? userId : null
}

/** Call inside an encapsulated scope (e.g. /v1): every route of that scope then needs a valid key. */
export function requireApiKey(
  scope: FastifyInstance,
  keys: Pick<ApiKeyRepository, 'findActiveByKey'>,
  isPublic: (request: FastifyRequest) => boolean = () => false,
): void {
  scope.decorateRequest('auth', null as unknown as AuthContext)
  scope.addHook('onRequest', async (request: FastifyRequest) => {
    if (isPublic(request)) return
    request.auth = await authenticateRequest(keys, request.headers.authorization, actingUserId(request) ?? undefined)
  })
}
