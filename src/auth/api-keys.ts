// API keys: 256-bit random values shown once; only their SHA-256 is stored. A key has scopes
// (permissions.ts), may expire, can be revoked, and can be rotated: the value it replaced keeps
// working for a grace period. Every instant is the database's clock, the same for all instances.
import { createHash, randomBytes } from 'node:crypto'
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { apiKeys, tenants, users } from '../db/schema.js'
import { type CreatedAtCursor, isUuid } from '../values.js'
import type { Permission } from './permissions.js'

export const API_KEY_PREFIX = 'isk_'

export type { Permission }

/** Who is calling: resolved from the API key on every request; every query is scoped by tenantId. */
export interface AuthContext {
  tenantId: string
  apiKeyId: string
  /** The key's scopes. */
  permissions: string[]
  isInstallationAdmin: boolean
  /** When the presented value stops working (null: never): the key's expiresAt, or sooner for a value in a rotation's grace period; keys it creates or rotates may not outlive it. */
  keyExpiresAt?: Date | null
  /** The X-User-Id user, read with the key in one query: null when unknown, absent when not asked. */
  user?: { id: string; permissions: string[] } | null
}

export type KeyLookup = { state: 'active'; auth: AuthContext } | { state: 'expired' } | { state: 'invalid' }

export interface KeyRowState {
  revoked: boolean
  /** The value presented is the key's current one (not the one a rotation replaced). */
  current: boolean
  expired: boolean
  previousExpired: boolean
}

/** A replaced value past its grace period or a revoked key is invalid; a key past expiresAt is expired. */
export function keyState(row: KeyRowState | undefined): KeyLookup['state'] {
  if (!row || row.revoked) return 'invalid'
  if (!row.current && row.previousExpired) return 'invalid'
  return row.expired ? 'expired' : 'active'
}

/**
 * When the presented value stops working (null: never): the key's expiresAt and, for a value a
 * rotation replaced, the end of its grace period, whichever comes first.
 */
export function credentialExpiresAt(keyExpiresAt: Date | null, current: boolean, previousExpiresAt: Date | null): Date | null {
  const ends = [keyExpiresAt, current ? null : previousExpiresAt].filter((d): d is Date => d !== null)
  return ends.length === 0 ? null : new Date(Math.min(...ends.map((d) => d.getTime())))
}

/** Whether a value living until `until` (null: for ever) outlives a credential ending at `credentialEnd`. */
export function outlives(until: Date | null, credentialEnd: Date | null): boolean {
  return credentialEnd !== null && (until === null || until.getTime() > credentialEnd.getTime())
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

/** What GET /v1/api-keys shows of a key: never the value nor its hash. */
const keyViewColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  permissions: apiKeys.permissions,
  createdAt: apiKeys.createdAt,
  expiresAt: apiKeys.expiresAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  rotatedAt: apiKeys.rotatedAt,
  previousExpiresAt: apiKeys.previousExpiresAt,
  fromConfig: apiKeys.fromConfig,
}
export type ApiKeyRow = Pick<typeof apiKeys.$inferSelect, keyof typeof keyViewColumns>

export function createApiKeyRepository(db: Executor) {
  const repository = {
    /**
     * The key's tenant, scopes and (when userId is given) the X-User-Id user, in one query. Marks
     * the key used at most once a minute: the usual request writes nothing.
     */
    async lookup(key: string, tx: Executor = db, userId?: string): Promise<KeyLookup> {
      const hash = hashApiKey(key)
      const [row] = await tx
        .select({
          tenantId: apiKeys.tenantId,
          apiKeyId: apiKeys.id,
          permissions: apiKeys.permissions,
          isInstallationAdmin: tenants.isInstallationAdmin,
          keyExpiresAt: apiKeys.expiresAt,
          previousExpiresAt: apiKeys.previousExpiresAt,
          revoked: sql<boolean>`${apiKeys.revokedAt} is not null`,
          current: sql<boolean>`${apiKeys.keyHash} = ${hash}`,
          expired: sql<boolean>`coalesce(${apiKeys.expiresAt} <= now(), false)`,
          previousExpired: sql<boolean>`coalesce(${apiKeys.previousExpiresAt} <= now(), true)`,
          unusedForAMinute: sql<boolean>`coalesce(${apiKeys.lastUsedAt} < now() - interval '1 minute', true)`,
          userId: users.id,
          userPermissions: users.permissions,
        })
        .from(apiKeys)
        .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
        .leftJoin(users, and(eq(users.tenantId, apiKeys.tenantId), eq(users.id, userId ?? '')))
        .where(or(eq(apiKeys.keyHash, hash), eq(apiKeys.previousKeyHash, hash)))
        // A value that is some key's current one wins over the same value replaced on another key.
        .orderBy(sql`${apiKeys.keyHash} = ${hash} desc`)
        .limit(1)
      const state = keyState(row)
      if (state !== 'active') return { state } as KeyLookup
      const {
        tenantId,
        apiKeyId,
        permissions,
        isInstallationAdmin,
        current,
        previousExpiresAt,
        userId: foundUser,
        userPermissions,
        unusedForAMinute,
      } = row!
      // Best effort: a lost lastUsedAt must not refuse a valid key (the next minute retries it).
      if (unusedForAMinute) await repository.markUsed(apiKeyId, tx).catch(() => undefined)
      // A value in a rotation's grace period is a credential that ends with its grace period.
      const keyExpiresAt = credentialExpiresAt(row!.keyExpiresAt, current, previousExpiresAt)
      const auth: AuthContext = { tenantId, apiKeyId, permissions, isInstallationAdmin, keyExpiresAt }
      return {
        state,
        auth: userId === undefined ? auth : { ...auth, user: foundUser ? { id: foundUser, permissions: userPermissions ?? [] } : null },
      }
    },

    /** One cheap statement; concurrent requests of the same minute update nothing. */
    async markUsed(apiKeyId: string, tx: Executor = db): Promise<void> {
      await tx
        .update(apiKeys)
        .set({ lastUsedAt: sql`now()` })
        .where(and(eq(apiKeys.id, apiKeyId), or(isNull(apiKeys.lastUsedAt), sql`${apiKeys.lastUsedAt} < now() - interval '1 minute'`)))
    },

    async insert(
      input: { tenantId: string; name: string; key: string; permissions: string[]; expiresAt?: Date | null; fromConfig?: boolean },
      tx: Executor = db,
    ): Promise<ApiKeyRow> {
      const [row] = await tx
        .insert(apiKeys)
        .values({
          tenantId: input.tenantId,
          name: input.name,
          prefix: displayPrefix(input.key),
          keyHash: hashApiKey(input.key),
          permissions: input.permissions,
          expiresAt: input.expiresAt ?? null,
          fromConfig: input.fromConfig ?? false,
        })
        .returning(keyViewColumns)
      return row!
    },

    /**
     * Oldest first, `limit` keys after the key `after` names. Creation times are compared to the
     * millisecond, the precision a cursor carries, so no key is listed twice or skipped.
     */
    async list(tenantId: string, page: { limit: number; after: CreatedAtCursor | null }, tx: Executor = db): Promise<ApiKeyRow[]> {
      const created = sql`date_trunc('milliseconds', ${apiKeys.createdAt})`
      return tx
        .select(keyViewColumns)
        .from(apiKeys)
        .where(
          and(
            eq(apiKeys.tenantId, tenantId),
            page.after ? sql`(${created}, ${apiKeys.id}) > (${page.after.createdAt}::timestamptz, ${page.after.id}::uuid)` : undefined,
          ),
        )
        .orderBy(created, asc(apiKeys.id))
        .limit(page.limit)
    },

    async find(tenantId: string, id: string, tx: Executor = db): Promise<ApiKeyRow | undefined> {
      if (!isUuid(id)) return undefined
      const [row] = await tx
        .select(keyViewColumns)
        .from(apiKeys)
        .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)))
      return row
    },

    /** Revoked now (both its current value and one in a rotation's grace period); idempotent. */
    async revoke(tenantId: string, id: string, tx: Executor = db): Promise<ApiKeyRow | undefined> {
      await tx
        .update(apiKeys)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      return repository.find(tenantId, id, tx)
    },

    /** A new value; the current one keeps working for graceSeconds (a value replaced earlier stops now). */
    async rotate(tenantId: string, id: string, newKey: string, graceSeconds: number, tx: Executor = db): Promise<ApiKeyRow | undefined> {
      const [row] = await tx
        .update(apiKeys)
        .set({
          previousKeyHash: sql`${apiKeys.keyHash}`,
          previousExpiresAt: sql`now() + make_interval(secs => ${graceSeconds})`,
          keyHash: hashApiKey(newKey),
          prefix: displayPrefix(newKey),
          rotatedAt: sql`now()`,
        })
        .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
        .returning(keyViewColumns)
      return row
    },
  }
  return repository
}

export type ApiKeyRepository = ReturnType<typeof createApiKeyRepository>
