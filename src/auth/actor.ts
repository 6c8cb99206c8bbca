// Who acts: the API key's tenant, and the source app's user named by X-User-Id (optional). The
// user's permissions decide what they may do and they are recorded in the audit trail; without a
// user, the key acts for itself with its own permissions.
import { and, eq } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { users } from '../db/schema.js'
import { AppError, PermissionDeniedError } from '../errors.js'
import type { AuthContext, Permission } from './api-keys.js'

export interface Actor {
  tenantId: string
  apiKeyId: string
  userId: string | null
  permissions: string[]
  isInstallationAdmin: boolean
}

export class UnknownUserError extends AppError {
  constructor(userId: string) {
    super('UNKNOWN_USER', `No user "${userId}" exists; create it with PUT /v1/users/{id} before acting as it.`, 403)
  }
}

export async function resolveActor(db: Executor, auth: AuthContext, userId: string | null | undefined): Promise<Actor> {
  const base = { tenantId: auth.tenantId, apiKeyId: auth.apiKeyId, isInstallationAdmin: auth.isInstallationAdmin }
  if (!userId) return { ...base, userId: null, permissions: auth.permissions }
  // Usually read together with the API key (auth-plugin.ts); otherwise looked up here.
  if (auth.user !== undefined && (auth.user === null || auth.user.id === userId)) {
    if (!auth.user) throw new UnknownUserError(userId)
    return { ...base, userId, permissions: auth.user.permissions }
  }
  const [user] = await db
    .select({ permissions: users.permissions })
    .from(users)
    .where(and(eq(users.tenantId, auth.tenantId), eq(users.id, userId)))
    .limit(1)
  if (!user) throw new UnknownUserError(userId)
  return { ...base, userId, permissions: user.permissions }
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.includes(permission)
}

export function requirePermission(actor: Actor, permission: Permission, action: string): void {
  if (!can(actor, permission)) {
    const who = actor.userId ? `User "${actor.userId}"` : 'This API key'
    const label = permission === 'editExportedTransactions' ? '"edit and update previously exported transactions"' : `"${permission}"`
    throw new PermissionDeniedError(`${who} lacks the permission ${label} needed to ${action}.`)
  }
}
