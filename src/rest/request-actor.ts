// Who acts on a REST request: the API key's tenant and the X-User-Id user, resolved once per
// request (permissions are checked by the services; the actor is recorded in the audit trail).
import type { FastifyRequest } from 'fastify'
import type { Actor, ActorService } from '../auth/actor.js'
import { actingUserId } from '../auth/auth-plugin.js'
import { ValidationError } from '../errors.js'

export function actorResolver(actors: ActorService): (request: FastifyRequest) => Promise<Actor> {
  const resolved = new WeakMap<FastifyRequest, Promise<Actor>>()
  return (request) => {
    let actor = resolved.get(request)
    if (!actor) {
      actor = actors.resolve(request.auth, actingUserId(request))
      resolved.set(request, actor)
    }
    return actor
  }
}

/**
 * The body of a route whose service input carries the id from the path. The id belongs to the
 * path alone: one in the body is refused rather than silently overruled. A body that is not an
 * object goes to the service as it is, whose schema refuses it.
 */
export function withPathId(body: unknown, id: string): unknown {
  if (body === undefined || body === null) return { id }
  if (typeof body !== 'object' || Array.isArray(body)) return body
  if (Object.hasOwn(body, 'id'))
    throw new ValidationError([{ field: 'id', code: 'UNKNOWN_FIELD', message: '"id" comes from the path; leave it out of the body' }])
  return { ...(body as Record<string, unknown>), id }
}
