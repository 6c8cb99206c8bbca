// Our invoices as QuickBooks sees them: reference ids become the QuickBooks names they are
// matched by (customers, items, classes, sales tax items and sites are unique by name there).
import { sql } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { texts } from '../db/one-statement.js'
import { businessUnits, customers, inventoryLocations, items, qbListMappings, taxZones } from '../db/schema.js'
import type { InvoiceContent } from '../domain/invoice-content.js'
import type { QbInvoice } from '../qbxml/invoice.js'
import type { SyncedInvoice } from '../qbxml/invoice-mod.js'
import { asTxn, type TxnType } from './credit-memos.js'
import { LIST_OF_REFERENCE, nameKey } from './list-decisions.js'
import type { NameMatch, RefKind } from './qb-copy.js'
import { linkedNames, REFERENCE_TABLES } from './qb-list-store.js'

type NameTable = typeof customers | typeof items | typeof taxZones | typeof businessUnits | typeof inventoryLocations
type ListKey = 'customers' | 'items' | 'taxZones' | 'units' | 'locations'
const TABLES: [ListKey, NameTable][] = [
  ['customers', customers],
  ['items', items],
  ['taxZones', taxZones],
  ['units', businessUnits],
  ['locations', inventoryLocations],
]

/** The names of the wanted ids of every list, in one query. */
async function names(tx: Executor, tenantId: string, ids: Record<ListKey, Set<string>>): Promise<Record<ListKey, Map<string, string>>> {
  const out = Object.fromEntries(TABLES.map(([key]) => [key, new Map<string, string>()])) as Record<ListKey, Map<string, string>>
  const parts = TABLES.filter(([key]) => ids[key].size > 0).map(
    ([key, table]) => sql`select ${key}::text as list, ${table.id} as id, ${table.name} as name from ${table}
      where ${table.tenantId} = ${tenantId}::uuid and ${table.id} = any(${texts([...ids[key]])})`,
  )
  if (parts.length === 0) return out
  const { rows } = (await tx.execute(sql.join(parts, sql` union all `))) as unknown as {
    rows: { list: ListKey; id: string; name: string }[]
  }
  for (const r of rows) out[r.list].set(r.id, r.name)
  return out
}

export interface NameBook {
  /** The content as QuickBooks keeps it: an invoice, or (CREDIT_MEMO) a credit memo's lines. */
  toQb(content: InvoiceContent, type?: TxnType): QbInvoice
  customerName(id: string): string
}

/**
 * Reads the names of every reference the given invoices use, in one query; on a connection, a
 * reference linked to a QuickBooks entry goes under the entry's name as QuickBooks has it (a rename
 * there followed), the others under their own.
 */
export async function nameBook(
  tx: Executor,
  tenantId: string,
  contents: InvoiceContent[],
  connectionId: string | null = null,
): Promise<NameBook> {
  const ids = {
    customers: new Set<string>(),
    items: new Set<string>(),
    taxZones: new Set<string>(),
    units: new Set<string>(),
    locations: new Set<string>(),
  }
  for (const c of contents) {
    ids.customers.add(c.customerId)
    if (c.taxZoneId) ids.taxZones.add(c.taxZoneId)
    for (const l of c.lines) {
      ids.items.add(l.itemId)
      if (l.businessUnitId) ids.units.add(l.businessUnitId)
      if (l.inventoryLocationId) ids.locations.add(l.inventoryLocationId)
    }
  }
  const own = await names(tx, tenantId, ids)
  if (connectionId) {
    const linked = await linkedNames(tx, connectionId, {
      customer: [...ids.customers],
      item: [...ids.items],
      taxZone: [...ids.taxZones],
      businessUnit: [...ids.units],
      inventoryLocation: [...ids.locations],
    })
    const overlay = (key: ListKey, ref: RefKind) => {
      for (const id of ids[key]) {
        const name = linked.get(`${ref}:${id}`)
        if (name !== undefined) own[key].set(id, name)
      }
    }
    overlay('customers', 'customer')
    overlay('items', 'item')
    overlay('taxZones', 'taxZone')
    overlay('units', 'businessUnit')
    overlay('locations', 'inventoryLocation')
  }
  const { customers: c, items: i, taxZones: t, units: u, locations: s } = own
  const ref = (map: Map<string, string>, id: string | null) => (id ? { fullName: map.get(id) ?? id } : null)
  return {
    customerName: (id) => c.get(id) ?? id,
    toQb: (content, type = 'INVOICE') =>
      asTxn(
        {
          customer: { fullName: c.get(content.customerId) ?? content.customerId },
          number: content.number,
          date: content.date,
          summary: content.summary,
          taxZone: ref(t, content.taxZoneId),
          lines: content.lines.map((l) => ({
            id: l.id,
            item: { fullName: i.get(l.itemId) ?? l.itemId },
            description: l.description,
            quantity: l.quantity,
            unitPrice: l.unitPrice,
            taxable: l.taxable,
            cost: l.cost,
            businessUnit: ref(u, l.businessUnitId),
            inventoryLocation: ref(s, l.inventoryLocationId),
          })),
        },
        type,
      ),
  }
}

/** The QuickBooks copy as we last synced it, with each line's TxnLineID. */
export function syncedInvoice(
  book: NameBook,
  state: { qbTxnId: string; qbEditSequence: string; syncedContent: InvoiceContent; qbTxnType: TxnType },
  txnLineIds: Map<string, string>,
): SyncedInvoice {
  const qb = book.toQb(state.syncedContent, state.qbTxnType)
  return {
    txnId: state.qbTxnId,
    editSequence: state.qbEditSequence,
    invoice: {
      ...qb,
      lines: qb.lines.filter((l) => txnLineIds.has(l.id!)).map((l) => ({ ...l, id: l.id!, txnLineId: txnLineIds.get(l.id!)! })),
    },
  }
}

/**
 * The reference data named as QuickBooks names it (ignoring case, as QuickBooks compares names), in
 * one query: for each kind and name, the one reference it stands for, or that none or several do.
 * On a connection, the references linked to an entry of that name come first (a reference linked
 * to an entry renamed in QuickBooks is still the one it stands for); the others by their own name.
 */
export async function referencesByName(
  tx: Executor,
  tenantId: string,
  wanted: Record<RefKind, string[]>,
  connectionId: string | null = null,
): Promise<(kind: RefKind, name: string) => NameMatch> {
  const parts = (Object.entries(wanted) as [RefKind, string[]][])
    .filter(([, names]) => names.length > 0)
    .map(([kind, names]) => {
      const table = REFERENCE_TABLES[kind]
      const lowered = texts(names.map(nameKey))
      const linked = connectionId
        ? sql`select ${kind}::text as kind, m.external_id as id, lower(m.qb_full_name) as name from ${qbListMappings} m
            where m.connection_id = ${connectionId}::uuid and m.kind = ${LIST_OF_REFERENCE[kind]}::qb_list_kind and lower(m.qb_full_name) = any(${lowered})`
        : null
      const own = sql`select ${kind}::text as kind, ${table.id} as id, lower(${table.name}) as name from ${table}
        where ${table.tenantId} = ${tenantId}::uuid and lower(${table.name}) = any(${lowered})`
      if (!linked) return own
      // A name some reference is linked under answers by its links alone.
      return sql`(${linked}) union all (${own} and not exists (select 1 from ${qbListMappings} m
        where m.connection_id = ${connectionId}::uuid and m.kind = ${LIST_OF_REFERENCE[kind]}::qb_list_kind and lower(m.qb_full_name) = lower(${table.name})))`
    })
  const found = new Map<string, string[]>()
  if (parts.length > 0) {
    const { rows } = (await tx.execute(sql.join(parts, sql` union all `))) as unknown as {
      rows: { kind: RefKind; id: string; name: string }[]
    }
    for (const r of rows) {
      const ids = found.get(`${r.kind}:${r.name}`) ?? []
      if (!ids.includes(r.id)) found.set(`${r.kind}:${r.name}`, [...ids, r.id])
    }
  }
  return (kind, name) => {
    const ids = found.get(`${kind}:${nameKey(name)}`) ?? []
    if (ids.length === 1) return { id: ids[0]! }
    return ids.length === 0 ? { missing: true } : { ambiguous: ids }
  }
}
