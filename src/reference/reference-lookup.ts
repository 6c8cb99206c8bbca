// Checks that the reference data an invoice names exists in the caller's tenant, in one query per list.
import { and, eq, inArray } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { businessUnits, customers, inventoryLocations, invoiceTypes, items, taxZones } from '../db/schema.js'
import type { FieldError } from '../errors.js'

const TABLES = {
  customer: customers,
  taxZone: taxZones,
  invoiceType: invoiceTypes,
  item: items,
  businessUnit: businessUnits,
  inventoryLocation: inventoryLocations,
} as const
export type ReferenceKind = keyof typeof TABLES

const LABELS: Record<ReferenceKind, string> = {
  customer: 'customer',
  taxZone: 'tax zone',
  invoiceType: 'invoice type',
  item: 'item',
  businessUnit: 'business unit',
  inventoryLocation: 'inventory location',
}

/** Each wanted reference as (field path, kind, id); answers with a field error for every one missing. */
export async function missingReferences(
  tx: Executor,
  tenantId: string,
  wanted: { field: string; kind: ReferenceKind; id: string }[],
): Promise<FieldError[]> {
  const byKind = new Map<ReferenceKind, Set<string>>()
  for (const w of wanted) (byKind.get(w.kind) ?? byKind.set(w.kind, new Set()).get(w.kind)!).add(w.id)
  const found = new Map<ReferenceKind, Set<string>>()
  for (const [kind, ids] of byKind) {
    const table = TABLES[kind]
    const rows = await tx
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.tenantId, tenantId), inArray(table.id, [...ids])))
    found.set(kind, new Set(rows.map((r) => r.id)))
  }
  return wanted
    .filter((w) => !found.get(w.kind)?.has(w.id))
    .map((w) => ({
      field: w.field,
      code: 'UNKNOWN_REFERENCE',
      message: `No ${LABELS[w.kind]} with id "${w.id}" exists; create it first (PUT /v1/${w.kind === 'taxZone' ? 'tax-zones' : w.kind === 'invoiceType' ? 'invoice-types' : w.kind === 'businessUnit' ? 'business-units' : w.kind === 'inventoryLocation' ? 'inventory-locations' : `${w.kind}s`}/{id}).`,
    }))
}
