// Who acts: the API key's tenant, and the source app's user named by X-User-Id (optional). The
// request may do what both the key's scopes and the user's permissions allow (permissions.ts);
// without a user, the key acts for itself with its own scopes. The user is recorded in the audit
// trail.
import { and, eq } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { users } from '../db/schema.js'
import { AppError, PermissionDeniedError } from '../errors.js'
import type { AuthContext } from './api-keys.js'
import { denial, effectivePermissions, type Permission } from './permissions.js'

export interface Actor {
  tenantId: string
  apiKeyId: string
  userId: string | null
  /** Effective: the key's scopes intersected with the user's permissions. */
  permissions: Permission[]
  /** The key's own scopes, as stored. */
  keyPermissions: string[]
  /** The acting user's stored permissions; null when the key acts for itself. */
  userPermissions: string[] | null
  isInstallationAdmin: boolean
  /** When the acting key stops working (null: never). */
  keyExpiresAt: Date | null
}

/** Who acted, as revisions and the sync audit trail record it. */
export interface ActorRef {
  userId: string | null
  apiKeyId: string | null
}

export const actorRef = (actor: Actor): ActorRef => ({ userId: actor.userId, apiKeyId: actor.apiKeyId })

export class UnknownUserError extends AppError {
  constructor(userId: string) {
    super('UNKNOWN_USER', `No user "${userId}" exists; create it with PUT /v1/users/{id} before acting as it.`, 403)
  }
}

export function actorOf(auth: AuthContext, user: { id: string; permissions: string[] } | null): Actor {
  return {
    tenantId: auth.tenantId,
    apiKeyId: auth.apiKeyId,
    isInstallationAdmin: auth.isInstallationAdmin,
    keyExpiresAt: auth.keyExpiresAt ?? null,
    userId: user?.id ?? null,
    keyPermissions: auth.permissions,
    userPermissions: user?.permissions ?? null,
    permissions: effectivePermissions(auth.permissions, user?.permissions ?? null),
  }
}

export async function resolveActor(db: Executor, auth: AuthContext, userId: string | null | undefined): Promise<Actor> {
  if (!userId) return actorOf(auth, null)
  // Usually read together with the API key (auth-plugin.ts); otherwise looked up here.
  if (auth.user !== undefined && (auth.user === null || auth.user.id === userId)) {
    if (!auth.user) throw new UnknownUserError(userId)
    return actorOf(auth, auth.user)
  }
  const [user] = await db
    .select({ permissions: users.permissions })
    .from(users)
    .where(and(eq(users.tenantId, auth.tenantId), eq(users.id, userId)))
    .limit(1)
  if (!user) throw new UnknownUserError(userId)
  return actorOf(auth, { id: userId, permissions: user.permissions })
}

/** The doors' way to who acts: the authenticated key and the user it names (resolveActor). */
export function createActorService(db: Executor) {
  return {
    resolve: (auth: AuthContext, userId: string | null | undefined): Promise<Actor> => resolveActor(db, auth, userId),
  }
}

export type ActorService = ReturnType<typeof createActorService>

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.includes(permission)
}

/** What a permission means to a person, beside its key (which is what an administrator grants). */
const LABELS: Partial<Record<Permission, string>> = {
  editExportedTransactions: 'edit and update previously exported transactions',
}

/** Refuses with PERMISSION_DENIED, saying whether the key's scopes or the user's permissions lack it. */
export function requirePermission(actor: Actor, permission: Permission, action: string): void {
  if (can(actor, permission)) return
  const lacking = denial(actor.keyPermissions, actor.userPermissions, permission)
  const label = LABELS[permission] ? `"${permission}" (${LABELS[permission]})` : `"${permission}"`
  const who = lacking?.by === 'user' ? `User "${actor.userId}" lacks the permission` : 'This API key lacks the scope'
  throw new PermissionDeniedError(`${who} ${label} needed to ${action}.`)
}
