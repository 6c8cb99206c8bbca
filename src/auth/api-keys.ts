// API keys: 256-bit random values shown once; only their SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { apiKeys, tenants, users } from '../db/schema.js'

export const API_KEY_PREFIX = 'isk_'

export const permissions = ['admin', 'editExportedTransactions'] as const
export type Permission = (typeof permissions)[number]

/** Who is calling: resolved from the API key on every request; every query is scoped by tenantId. */
export interface AuthContext {
  tenantId: string
  apiKeyId: string
  permissions: string[]
  isInstallationAdmin: boolean
  /** The X-User-Id user, read with the key in one query: null when unknown, absent when not asked. */
  user?: { id: string; permissions: string[] } | null
}

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url')
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

export function displayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 6)
}

export function createApiKeyRepository(db: Executor) {
  return {
    async findActiveByKey(key: string, tx: Executor = db, userId?: string): Promise<AuthContext | undefined> {
      const [row] = await tx
        .select({
          tenantId: apiKeys.tenantId,
          apiKeyId: apiKeys.id,
          permissions: apiKeys.permissions,
          isInstallationAdmin: tenants.isInstallationAdmin,
          userId: users.id,
          userPermissions: users.permissions,
        })
        .from(apiKeys)
        .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
        .leftJoin(users, and(eq(users.tenantId, apiKeys.tenantId), eq(users.id, userId ?? '')))
        .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)))
        .limit(1)
      if (!row) return undefined
      const { userId: foundUser, userPermissions, ...auth } = row
      return userId === undefined ? auth : { ...auth, user: foundUser ? { id: foundUser, permissions: userPermissions ?? [] } : null }
    },

    async insert(input: { tenantId: string; name: string; key: string; permissions: string[] }, tx: Executor = db): Promise<string> {
      const [row] = await tx
        .insert(apiKeys)
        .values({ tenantId: input.tenantId, name: input.name, prefix: displayPrefix(input.key), keyHash: hashApiKey(input.key), permissions: input.permissions })
        .returning({ id: apiKeys.id })
      return row!.id
    },
  }
}

export type ApiKeyRepository = ReturnType<typeof createApiKeyRepository>
