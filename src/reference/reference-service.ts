// Reference data the source app owns (customers, items, business units, tax zones, inventory
// locations, users, accounting periods, invoice types), upserted by the source app's own ids and
// always scoped to the caller's tenant.
import { and, asc, eq, getTableColumns, gt, inArray, sql } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import { z } from 'zod'
import { type Actor, requirePermission } from '../auth/actor.js'
import { ungrantable, userPermissionNames } from '../auth/permissions.js'
import type { Db, Executor } from '../db/client.js'
import { postgresErrorOf } from '../db/errors.js'
import { accountingPeriods, businessUnits, customers, inventoryLocations, invoiceTypes, items, taxZones, users } from '../db/schema.js'
import { ConflictError, NotFoundError, PermissionDeniedError, ValidationError } from '../errors.js'
import type { RefKind } from '../sync/qb-copy.js'
import { removeLinksOf } from '../sync/qb-list-store.js'
import { parseInput } from '../validation.js'
import { decimalString, decodeKeyCursor, encodeKeyCursor, externalIdSchema, isoDate, pageSize, qbName } from '../values.js'

const optionalText = (max: number) =>
  z
    .string()
    .max(max, { error: `must be at most ${max} characters` })
    .optional()

/** QuickBooks' address limits, so an address that is accepted here is accepted there. */
const address = z
  .object({
    addr1: optionalText(41),
    addr2: optionalText(41),
    addr3: optionalText(41),
    addr4: optionalText(41),
    addr5: optionalText(41),
    city: optionalText(31),
    state: optionalText(21),
    postalCode: optionalText(13),
    country: optionalText(31),
    note: optionalText(41),
  })
  .strict()

const timestamps = (row: { createdAt: Date; updatedAt: Date }) => ({
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
})

interface ReferenceKind<Row, Input> {
  /** Singular, for messages and error codes. */
  label: string
  table: PgTable & { tenantId: PgColumn; id: PgColumn }
  input: z.ZodType<Input>
  toValues(input: Input): Record<string, unknown>
  toResource(row: Row): Record<string, unknown>
}

function kind<Row, Input>(k: ReferenceKind<Row, Input>): ReferenceKind<Row, Input> {
  return k
}

export const referenceKinds = {
  customers: kind({
    label: 'Customer',
    table: customers,
    input: z
      .object({
        name: qbName(41),
        email: z.email({ error: 'must be an email address' }).max(1023).nullish(),
        billAddress: address.nullish(),
      })
      .strict(),
    toValues: (i) => ({ name: i.name, email: i.email ?? null, billAddress: i.billAddress ?? null }),
    toResource: (r: typeof customers.$inferSelect) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      billAddress: r.billAddress,
      ...timestamps(r),
    }),
  }),
  items: kind({
    label: 'Item',
    table: items,
    input: z
      .object({
        name: qbName(31),
        type: z.enum(['SERVICE', 'INVENTORY', 'NON_INVENTORY', 'OTHER_CHARGE'], {
          error: 'must be SERVICE, INVENTORY, NON_INVENTORY or OTHER_CHARGE',
        }),
      })
      .strict(),
    toValues: (i) => ({ name: i.name, type: i.type }),
    toResource: (r: typeof items.$inferSelect) => ({ id: r.id, name: r.name, type: r.type, ...timestamps(r) }),
  }),
  'business-units': kind({
    label: 'Business unit',
    table: businessUnits,
    input: z.object({ name: qbName(31) }).strict(),
    toValues: (i) => ({ name: i.name }),
    toResource: (r: typeof businessUnits.$inferSelect) => ({ id: r.id, name: r.name, ...timestamps(r) }),
  }),
  'tax-zones': kind({
    label: 'Tax zone',
    table: taxZones,
    input: z.object({ name: qbName(31), rate: decimalString({ integerDigits: 3, scale: 5, min: 0, max: 100 }) }).strict(),
    toValues: (i) => ({ name: i.name, rate: i.rate }),
    toResource: (r: typeof taxZones.$inferSelect) => ({ id: r.id, name: r.name, rate: r.rate, ...timestamps(r) }),
  }),
  'inventory-locations': kind({
    label: 'Inventory location',
    table: inventoryLocations,
    input: z.object({ name: qbName(31) }).strict(),
    toValues: (i) => ({ name: i.name }),
    toResource: (r: typeof inventoryLocations.$inferSelect) => ({ id: r.id, name: r.name, ...timestamps(r) }),
  }),
  'invoice-types': kind({
    label: 'Invoice type',
    table: invoiceTypes,
    input: z.object({ name: z.string().trim().min(1, { error: 'name is required' }).max(100) }).strict(),
    toValues: (i) => ({ name: i.name }),
    toResource: (r: typeof invoiceTypes.$inferSelect) => ({ id: r.id, name: r.name, ...timestamps(r) }),
  }),
  users: kind({
    label: 'User',
    table: users,
    input: z
      .object({
        name: z.string().trim().min(1, { error: 'name is required' }).max(200),
        permissions: z
          .array(z.enum(userPermissionNames, { error: `must be one of ${userPermissionNames.join(', ')}` }))
          .max(20)
          .default([]),
      })
      .strict(),
    toValues: (i) => ({ name: i.name, permissions: [...new Set(i.permissions)].sort() }),
    toResource: (r: typeof users.$inferSelect) => ({ id: r.id, name: r.name, permissions: r.permissions, ...timestamps(r) }),
  }),
  'accounting-periods': kind({
    label: 'Accounting period',
    table: accountingPeriods,
    input: z
      .object({ startDate: isoDate, endDate: isoDate, closed: z.boolean({ error: 'must be true or false' }).default(false) })
      .strict()
      .refine((p) => p.startDate <= p.endDate, { error: 'endDate must not be before startDate', path: ['endDate'] }),
    toValues: (i) => ({ startDate: i.startDate, endDate: i.endDate, closed: i.closed }),
    toResource: (r: typeof accountingPeriods.$inferSelect) => ({
      id: r.id,
      startDate: r.startDate,
      endDate: r.endDate,
      closed: r.closed,
      ...timestamps(r),
    }),
  }),
} as const

export type ReferenceKindName = keyof typeof referenceKinds

/** The reference data QuickBooks lists stand for (their links go with them). */
const REFERENCE_OF_KIND: Partial<Record<ReferenceKindName, RefKind>> = {
  customers: 'customer',
  items: 'item',
  'tax-zones': 'taxZone',
  'business-units': 'businessUnit',
  'inventory-locations': 'inventoryLocation',
}

const listInput = z.object({ first: pageSize, after: z.string().max(300).nullish() }).strict()
export const referenceKindNames = Object.keys(referenceKinds) as ReferenceKindName[]

export function createReferenceService(db: Db) {
  function kindOf(name: ReferenceKindName) {
    return referenceKinds[name] as unknown as ReferenceKind<Record<string, unknown>, unknown>
  }
  function parseId(id: string): string {
    const parsed = externalIdSchema.safeParse(id)
    if (!parsed.success)
      throw new ValidationError([{ field: 'id', code: 'INVALID', message: parsed.error.issues[0]?.message ?? 'invalid id' }])
    return parsed.data
  }

  return {
    /** The id as the service stores it, or a ValidationError (GraphQL checks it before its loaders). */
    parseId,

    /**
     * Creates or replaces the record; `created` tells which. Users and their permissions need
     * `admin`, and add only permissions the actor holds itself; other kinds need `reference:write`.
     */
    async upsert(
      actor: Actor,
      kindName: ReferenceKindName,
      rawId: string,
      body: unknown,
    ): Promise<{ created: boolean; resource: Record<string, unknown> }> {
      const k = kindOf(kindName)
      if (kindName === 'users') requirePermission(actor, 'admin', 'create or change users')
      else requirePermission(actor, 'reference:write', `write ${k.label.toLowerCase()} records`)
      const id = parseId(rawId)
      const values = k.toValues(parseInput(k.input, body))
      const table = k.table as typeof customers
      const write = async (tx: Executor) => {
        if (kindName === 'users') {
          const [before] = await tx
            .select({ permissions: users.permissions })
            .from(users)
            .where(and(eq(users.tenantId, actor.tenantId), eq(users.id, id)))
            .for('update')
          const beyond = ungrantable(actor.permissions, before?.permissions ?? null, values.permissions as string[])
          if (beyond.length > 0) {
            const who = actor.userId ? `User "${actor.userId}"` : 'This API key'
            throw new PermissionDeniedError(`${who} cannot grant permissions it does not hold itself: ${beyond.join(', ')}.`)
          }
        }
        const [row] = await tx
          .insert(table)
          .values({ ...values, tenantId: actor.tenantId, id } as typeof customers.$inferInsert)
          .onConflictDoUpdate({ target: [table.tenantId, table.id], set: { ...values, updatedAt: sql`now()` } })
          .returning({ ...getTableColumns(table), inserted: sql<boolean>`(xmax = 0)` })
        const { inserted, ...rest } = row!
        return { created: inserted, resource: k.toResource(rest) }
      }
      // A user's permissions are read and written under one row lock; other kinds are one statement.
      return kindName === 'users' ? db.transaction(write) : write(db)
    },

    /** Many records of one kind by id (for GraphQL loaders); unknown ids are simply absent. */
    async getMany(tenantId: string, kindName: ReferenceKindName, ids: string[]): Promise<Map<string, Record<string, unknown>>> {
      const k = kindOf(kindName)
      const table = k.table as typeof customers
      if (ids.length === 0) return new Map()
      const rows = await db
        .select()
        .from(table)
        .where(and(eq(table.tenantId, tenantId), inArray(table.id, ids)))
      return new Map(rows.map((r) => [r.id, k.toResource(r)]))
    },

    /** A page of the tenant's records of a kind, by id; `after` is the last id of the previous page. Any key of the tenant may read. */
    async list(auth: { tenantId: string }, kindName: ReferenceKindName, raw: unknown) {
      const k = kindOf(kindName)
      const input = parseInput(listInput, raw)
      const table = k.table as typeof customers
      const [after] = decodeKeyCursor(kindName, input.after, 1) ?? [null]
      const rows = await db
        .select()
        .from(table)
        .where(and(eq(table.tenantId, auth.tenantId), after === null ? undefined : gt(table.id, after!)))
        .orderBy(asc(table.id))
        .limit(input.first + 1)
      const page = rows.slice(0, input.first)
      return {
        items: page.map((r) => k.toResource(r)),
        nextCursor: rows.length > input.first ? encodeKeyCursor(kindName, [page.at(-1)!.id]) : null,
      }
    },

    /**
     * Deletes a record no invoice uses (409 REFERENCE_IN_USE otherwise: an invoice names it), with
     * its links to QuickBooks entries. Users need `admin`, the other kinds `reference:write`.
     */
    async remove(actor: Actor, kindName: ReferenceKindName, rawId: string): Promise<void> {
      const k = kindOf(kindName)
      if (kindName === 'users') requirePermission(actor, 'admin', 'delete users')
      else requirePermission(actor, 'reference:write', `delete ${k.label.toLowerCase()} records`)
      const id = parseId(rawId)
      const table = k.table as typeof customers
      try {
        await db.transaction(async (tx) => {
          const deleted = await tx
            .delete(table)
            .where(and(eq(table.tenantId, actor.tenantId), eq(table.id, id)))
            .returning({ id: table.id })
          if (deleted.length === 0) throw new NotFoundError(k.label, id)
          const ref = REFERENCE_OF_KIND[kindName]
          if (ref) await removeLinksOf(tx, actor.tenantId, ref, id)
        })
      } catch (err) {
        if (postgresErrorOf(err)?.code === '23503')
          throw new ConflictError(
            'REFERENCE_IN_USE',
            `This ${k.label.toLowerCase()} is used by an invoice, so it is kept: invoices keep what they named.`,
          )
        throw err
      }
    },

    /** Any key of the tenant may read. */
    async get(auth: { tenantId: string }, kindName: ReferenceKindName, rawId: string): Promise<Record<string, unknown>> {
      const k = kindOf(kindName)
      const id = parseId(rawId)
      const table = k.table as typeof customers
      const [row] = await db
        .select()
        .from(table)
        .where(and(eq(table.tenantId, auth.tenantId), eq(table.id, id)))
        .limit(1)
      if (!row) throw new NotFoundError(k.label, id)
      return k.toResource(row)
    },
  }
}

export type ReferenceService = ReturnType<typeof createReferenceService>
