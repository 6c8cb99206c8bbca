// Tenants and the installation's first tenant, whose admin key comes from ADMIN_API_KEY or is
// generated on the first start. Every tenant starts with one key of the admin scope.
import { and, eq, isNull, ne, sql } from 'drizzle-orm'
import { z } from 'zod'
import { type Actor, requirePermission } from '../auth/actor.js'
import { createApiKeyRepository, generateApiKey, hashApiKey } from '../auth/api-keys.js'
import { type Clock, systemClock } from '../clock.js'
import type { Db } from '../db/client.js'
import { apiKeys, installation, tenants } from '../db/schema.js'
import { PermissionDeniedError } from '../errors.js'
import { parseInput } from '../validation.js'

/** Arbitrary constant naming the bootstrap lock among Postgres advisory locks. */
const BOOTSTRAP_LOCK = 7_300_114_222
const ENV_KEY_NAME = 'ADMIN_API_KEY'
const FIRST_TENANT_NAME = 'Default tenant'
const ADMIN_KEY_PERMISSIONS = ['admin', 'editExportedTransactions']

export interface BootstrapResult {
  /** Set only when this start created the first tenant without ADMIN_API_KEY: shown once, never stored. */
  generatedApiKey?: string
  firstTenantId: string
}

export const createTenantInput = z.object({
  name: z.string().trim().min(1, { error: 'name is required' }).max(200, { error: 'name must be at most 200 characters' }),
})

export function createTenantService(db: Db, clock: Clock = systemClock) {
  const keys = createApiKeyRepository(db)

  return {
    /** Idempotent, and safe when several instances start at once. */
    async bootstrap(adminApiKey: string | undefined): Promise<BootstrapResult> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`)
        await tx
          .insert(installation)
          .values({ id: 1, qbwcOwnerId: `{${clock.newId().toUpperCase()}}` })
          .onConflictDoNothing()

        let [first] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.isInstallationAdmin, true)).limit(1)
        let generatedApiKey: string | undefined
        if (!first) {
          ;[first] = await tx.insert(tenants).values({ name: FIRST_TENANT_NAME, isInstallationAdmin: true }).returning({ id: tenants.id })
          if (!adminApiKey) {
            generatedApiKey = generateApiKey()
            await keys.insert(
              { tenantId: first!.id, name: 'generated at first start', key: generatedApiKey, permissions: ADMIN_KEY_PERMISSIONS },
              tx,
            )
          }
        }
        const tenantId = first!.id

        if (adminApiKey) {
          const hash = hashApiKey(adminApiKey)
          const [existing] = await tx
            .select({ id: apiKeys.id, tenantId: apiKeys.tenantId })
            .from(apiKeys)
            .where(eq(apiKeys.keyHash, hash))
            .limit(1)
          if (existing && existing.tenantId !== tenantId) {
            throw new Error('ADMIN_API_KEY is already the key of another tenant; choose a different value')
          }
          if (existing) {
            // The configuration decides: a value set again (even one revoked before) is the admin key.
            await tx
              .update(apiKeys)
              .set({ fromConfig: true, revokedAt: null, expiresAt: null, permissions: ADMIN_KEY_PERMISSIONS })
              .where(eq(apiKeys.id, existing.id))
          } else {
            await keys.insert({ tenantId, name: ENV_KEY_NAME, key: adminApiKey, permissions: ADMIN_KEY_PERMISSIONS, fromConfig: true }, tx)
          }
          // Changing ADMIN_API_KEY rotates it: the key it replaced stops working.
          await tx
            .update(apiKeys)
            .set({ revokedAt: clock.now() })
            .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.fromConfig, true), ne(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
        }
        return { firstTenantId: tenantId, ...(generatedApiKey ? { generatedApiKey } : {}) }
      })
    },

    async settings(tenantId: string): Promise<{ allowExportedEdits: boolean }> {
      const [row] = await db.select({ allowExportedEdits: tenants.allowExportedEdits }).from(tenants).where(eq(tenants.id, tenantId))
      return row!
    },

    /** Tenant settings; administrators only. */
    async updateSettings(actor: Actor, input: unknown): Promise<{ allowExportedEdits: boolean }> {
      requirePermission(actor, 'admin', 'change company settings')
      const values = parseInput(z.object({ allowExportedEdits: z.boolean() }).strict(), input)
      const [row] = await db
        .update(tenants)
        .set({ ...values, updatedAt: sql`now()` })
        .where(eq(tenants.id, actor.tenantId))
        .returning({ allowExportedEdits: tenants.allowExportedEdits })
      return row!
    },

    /** Only the installation's admin principal: an admin key of the first tenant and, when X-User-Id names a user, an admin user. */
    async createTenant(actor: Actor, input: unknown): Promise<{ id: string; name: string; apiKey: string }> {
      requirePermission(actor, 'admin', 'create tenants')
      if (!actor.isInstallationAdmin)
        throw new PermissionDeniedError("Only an admin of the installation's first tenant may create tenants.")
      const { name } = parseInput(createTenantInput, input)
      const apiKey = generateApiKey()
      return db.transaction(async (tx) => {
        const [tenant] = await tx.insert(tenants).values({ name }).returning({ id: tenants.id, name: tenants.name })
        await keys.insert({ tenantId: tenant!.id, name: 'created with the tenant', key: apiKey, permissions: ADMIN_KEY_PERMISSIONS }, tx)
        return { id: tenant!.id, name: tenant!.name, apiKey }
      })
    },
  }
}

export type TenantService = ReturnType<typeof createTenantService>
