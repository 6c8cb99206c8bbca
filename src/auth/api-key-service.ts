// API keys of a tenant, managed through the API: create (the value is shown once), list, revoke,
// rotate with a grace period. Admins only, and nobody hands out a key stronger than they are.
import { z } from 'zod'
import type { Db } from '../db/client.js'
import { ConflictError, NotFoundError, PermissionDeniedError, ValidationError } from '../errors.js'
import { parseInput } from '../validation.js'
import { decodeCreatedAtCursor, encodeCreatedAtCursor } from '../values.js'
import { type Actor, requirePermission } from './actor.js'
import { type ApiKeyRow, createApiKeyRepository, generateApiKey, outlives } from './api-keys.js'
import { normalise, permissionNames, ungrantable } from './permissions.js'

export interface ApiKeyView {
  id: string
  name: string
  prefix: string
  permissions: string[]
  createdAt: string
  expiresAt: string | null
  lastUsedAt: string | null
  revokedAt: string | null
  rotatedAt: string | null
  /** Until when the value replaced by the last rotation is still accepted. */
  previousKeyExpiresAt: string | null
  /** Set by ADMIN_API_KEY: change the variable to rotate it. */
  fromConfig: boolean
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export function apiKeyView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    permissions: row.permissions,
    createdAt: row.createdAt.toISOString(),
    expiresAt: iso(row.expiresAt),
    lastUsedAt: iso(row.lastUsedAt),
    revokedAt: iso(row.revokedAt),
    rotatedAt: iso(row.rotatedAt),
    previousKeyExpiresAt: iso(row.previousExpiresAt),
    fromConfig: row.fromConfig,
  }
}

const createInput = z
  .object({
    name: z.string().trim().min(1, { error: 'name is required' }).max(200, { error: 'name must be at most 200 characters' }),
    permissions: z.array(z.enum(permissionNames, { error: `must be one of ${permissionNames.join(', ')}` })).max(20),
    expiresAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z' }).nullish(),
  })
  .strict()

export class ApiKeyConflictError extends ConflictError {}

const revokedKeyCannotRotate = () => new ApiKeyConflictError('API_KEY_REVOKED', 'A revoked key cannot be rotated; create a new one.')

/** Keys per page of GET /v1/api-keys: 50 unless asked, at most 100 (more is refused, as for the other lists). */
export const KEY_PAGE_SIZE = { default: 50, max: 100 } as const
const pageSizeError = `first must be a whole number from 1 to ${KEY_PAGE_SIZE.max} (ask for the next page with after)`
const listInput = z
  .object({
    first: z
      .number({ error: pageSizeError })
      .int({ error: pageSizeError })
      .min(1, { error: pageSizeError })
      .max(KEY_PAGE_SIZE.max, { error: pageSizeError })
      .default(KEY_PAGE_SIZE.default),
    after: z.string().max(200).nullish(),
  })
  .strict()

export interface ApiKeyServiceOptions {
  db: Db
  /** How long a rotated key's old value keeps working when the request names no gracePeriodSeconds. */
  rotationGraceSeconds: number
  /** The longest grace period a rotation may ask for. */
  maxRotationGraceSeconds: number
  now?: () => Date
}

export function createApiKeyService({ db, rotationGraceSeconds, maxRotationGraceSeconds, now = () => new Date() }: ApiKeyServiceOptions) {
  const keys = createApiKeyRepository(db)
  const rotateInput = z
    .object({
      gracePeriodSeconds: z
        .number({ error: 'must be a whole number of seconds' })
        .int({ error: 'must be a whole number of seconds' })
        .min(0, { error: 'must be at least 0' })
        .max(maxRotationGraceSeconds, { error: `must be at most ${maxRotationGraceSeconds}` })
        .optional(),
    })
    .strict()

  async function load(actor: Actor, id: string): Promise<ApiKeyRow> {
    const row = await keys.find(actor.tenantId, id)
    if (!row) throw new NotFoundError('API key', id)
    return row
  }
  function refuseConfigured(row: ApiKeyRow, action: string): void {
    if (row.fromConfig)
      throw new ApiKeyConflictError(
        'API_KEY_SET_BY_CONFIGURATION',
        `This key is set by ADMIN_API_KEY; to ${action} it, change that variable and restart.`,
      )
  }

  return {
    async create(actor: Actor, raw: unknown): Promise<ApiKeyView & { key: string }> {
      requirePermission(actor, 'admin', 'create API keys')
      const input = parseInput(createInput, raw)
      const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null
      if (expiresAt && expiresAt.getTime() <= now().getTime()) {
        throw new ValidationError([{ field: 'expiresAt', code: 'INVALID', message: 'must be in the future' }])
      }
      // A key that expires cannot hand out one that lives longer.
      if (outlives(expiresAt, actor.keyExpiresAt)) {
        throw new PermissionDeniedError(
          `This API key stops working at ${actor.keyExpiresAt!.toISOString()}; a key it creates must expire no later (set expiresAt).`,
        )
      }
      const permissions = normalise(input.permissions)
      const beyond = ungrantable(actor.permissions, null, permissions)
      if (beyond.length > 0)
        throw new PermissionDeniedError(`A key cannot be given permissions this request does not hold itself: ${beyond.join(', ')}.`)
      const key = generateApiKey()
      // Writes go through a transaction, so an Idempotency-Key fences them (src/db/transaction-fence.ts).
      const row = await db.transaction((tx) => keys.insert({ tenantId: actor.tenantId, name: input.name, key, permissions, expiresAt }, tx))
      return { ...apiKeyView(row), key }
    },

    /** A keyset page, oldest first; revoked and expired keys included. */
    async list(actor: Actor, raw: unknown = {}): Promise<{ items: ApiKeyView[]; nextCursor: string | null }> {
      requirePermission(actor, 'admin', 'list API keys')
      const input = parseInput(listInput, raw)
      const rows = await keys.list(actor.tenantId, {
        limit: input.first + 1,
        after: input.after ? decodeCreatedAtCursor(input.after) : null,
      })
      const items = rows.slice(0, input.first)
      const last = items.at(-1)
      return {
        items: items.map(apiKeyView),
        nextCursor:
          rows.length > input.first && last ? encodeCreatedAtCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
      }
    },

    /** Both the current value and one in a rotation's grace period stop working at once. */
    async revoke(actor: Actor, id: string): Promise<ApiKeyView> {
      requirePermission(actor, 'admin', 'revoke API keys')
      refuseConfigured(await load(actor, id), 'revoke')
      return apiKeyView((await db.transaction((tx) => keys.revoke(actor.tenantId, id, tx)))!)
    },

    /** A new value, shown once; the old one keeps working for the grace period. */
    async rotate(actor: Actor, id: string, raw: unknown): Promise<ApiKeyView & { key: string }> {
      requirePermission(actor, 'admin', 'rotate API keys')
      const input = parseInput(rotateInput, raw ?? {})
      const row = await load(actor, id)
      refuseConfigured(row, 'rotate')
      // Rotating hands out the key's value: only to someone holding everything the key holds.
      const beyond = ungrantable(actor.permissions, null, row.permissions)
      if (beyond.length > 0)
        throw new PermissionDeniedError(
          `This request cannot rotate a key holding permissions it does not hold itself: ${beyond.join(', ')}.`,
        )
      // Nor to someone whose credential ends before the key does (an expiring key, a value in its grace period).
      if (outlives(row.expiresAt, actor.keyExpiresAt)) {
        throw new PermissionDeniedError(
          `This API key stops working at ${actor.keyExpiresAt!.toISOString()}; it cannot rotate (and so learn the value of) a key that works longer.`,
        )
      }
      if (row.revokedAt) throw revokedKeyCannotRotate()
      const key = generateApiKey()
      const rotated = await db.transaction((tx) =>
        keys.rotate(actor.tenantId, id, key, input.gracePeriodSeconds ?? rotationGraceSeconds, tx),
      )
      if (!rotated) throw revokedKeyCannotRotate()
      return { ...apiKeyView(rotated), key }
    },
  }
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>
