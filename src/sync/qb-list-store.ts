// The one writer of `qb_list_entries` (a company file's lists as last read) and `qb_list_mappings`
// (each reference linked to the QuickBooks entry it stands for, per connection). Which entries may
// stand for what, and which name an export uses, is decided in list-decisions.ts; this file reads
// and writes it, set-based: one statement per answer, whatever its size.
import { type SQL, sql } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { texts } from '../db/one-statement.js'
import { businessUnits, customers, inventoryLocations, items, qbListEntries, qbListMappings, taxZones } from '../db/schema.js'
import { LIST_OF_REFERENCE, type ListKind, linkable, MAPPED_ITEM_TYPES } from './list-decisions.js'
import type { RefKind } from './qb-copy.js'

/** The table of each kind of reference data a QuickBooks entry can stand for. */
export const REFERENCE_TABLES: Record<
  RefKind,
  typeof customers | typeof items | typeof taxZones | typeof businessUnits | typeof inventoryLocations
> = {
  customer: customers,
  item: items,
  taxZone: taxZones,
  businessUnit: businessUnits,
  inventoryLocation: inventoryLocations,
}

export const REF_KINDS = Object.keys(REFERENCE_TABLES) as RefKind[]

export interface ListEntry {
  kind: ListKind
  listId: string
  fullName: string
  qbType: string
  isActive: boolean
  editSequence: string | null
  timeModified: string | null
}

interface ConnectionKey {
  tenantId: string
  connectionId: string
}

/** Entries an item entry must be to stand for one of our items. */
const mappedItem = (alias: string) =>
  sql`(${sql.raw(alias)}.kind <> 'ITEM' or ${sql.raw(alias)}.qb_type = any(${texts([...MAPPED_ITEM_TYPES])}))`

/**
 * Keeps the entries an answer returned (the last read wins) and has the links follow them: a
 * linked entry renamed in QuickBooks is sent under its new name from now on, and a reference we
 * created before its ListID was known (QuickBooks said the name was taken) gets it.
 */
export async function saveEntries(tx: Executor, key: ConnectionKey, entries: ListEntry[], now: Date): Promise<void> {
  const unique = [...new Map(entries.map((e) => [`${e.kind}:${e.listId}`, e])).values()]
  if (unique.length === 0) return
  const col = <T>(f: (e: ListEntry) => T) => sql.param(unique.map(f))
  await tx.execute(sql`
    insert into ${qbListEntries} (connection_id, tenant_id, kind, list_id, full_name, qb_type, is_active, edit_sequence, time_modified, read_at)
    select ${key.connectionId}::uuid, ${key.tenantId}::uuid, x.kind::qb_list_kind, x.list_id, x.full_name, x.qb_type, x.is_active, x.edit_sequence, x.time_modified, ${now}
    from unnest(${col((e) => e.kind)}::text[], ${col((e) => e.listId)}::text[], ${col((e) => e.fullName)}::text[],
      ${col((e) => e.qbType)}::text[], ${col((e) => e.isActive)}::boolean[], ${col((e) => e.editSequence)}::text[],
      ${col((e) => e.timeModified)}::text[]) as x(kind, list_id, full_name, qb_type, is_active, edit_sequence, time_modified)
    on conflict (connection_id, kind, list_id) do update set full_name = excluded.full_name, qb_type = excluded.qb_type,
      is_active = excluded.is_active, edit_sequence = excluded.edit_sequence, time_modified = excluded.time_modified, read_at = excluded.read_at`)
  // Driven by the answer's own rows (never by a join the planner must guess the size of: a first
  // import writes into tables it has no statistics for yet).
  const answered = sql`unnest(${col((e) => e.kind)}::text[], ${col((e) => e.listId)}::text[], ${col((e) => e.fullName)}::text[],
    ${col((e) => e.editSequence)}::text[]) as x(kind, list_id, full_name, edit_sequence)`
  await tx.execute(sql`
    update ${qbListMappings} m set qb_full_name = x.full_name, qb_edit_sequence = x.edit_sequence, synced_at = ${now}
    from ${answered}
    where m.connection_id = ${key.connectionId}::uuid and m.kind = x.kind::qb_list_kind and m.qb_list_id = x.list_id
      and m.qb_full_name is distinct from x.full_name`)
  await tx.execute(sql`
    update ${qbListMappings} m set qb_list_id = x.list_id, qb_full_name = x.full_name, qb_edit_sequence = x.edit_sequence, synced_at = ${now}
    from ${answered}
    where m.connection_id = ${key.connectionId}::uuid and m.qb_list_id is null and m.kind = x.kind::qb_list_kind
      and lower(m.qb_full_name) = lower(x.full_name)`)
}

/**
 * Entries QuickBooks says were deleted: forgotten, with every link to them (the reference shows as
 * unmatched again; an export creates a missing customer again, and is refused 3140 for the others).
 */
export async function removeEntries(tx: Executor, connectionId: string, deleted: { kind: ListKind; listId: string }[]): Promise<void> {
  if (deleted.length === 0) return
  const gone = sql`unnest(${sql.param(deleted.map((d) => d.kind))}::text[], ${sql.param(deleted.map((d) => d.listId))}::text[]) as x(kind, list_id)`
  await tx.execute(sql`delete from ${qbListMappings} m using ${gone}
    where m.connection_id = ${connectionId}::uuid and m.kind = x.kind::qb_list_kind and m.qb_list_id = x.list_id`)
  await tx.execute(sql`delete from ${qbListEntries} e using ${gone}
    where e.connection_id = ${connectionId}::uuid and e.kind = x.kind::qb_list_kind and e.list_id = x.list_id`)
}

/**
 * Links every reference of these lists that has no link on the connection to the active entry of
 * the same name (ignoring case), as QuickBooks itself would find it. `read`: only the entries an
 * answer just returned (driven by them, one statement per list); null: every entry kept (once a
 * pass is through, for references made since). A reference already linked keeps its link.
 */
export async function matchByName(tx: Executor, key: ConnectionKey, lists: ListKind[], read: ListEntry[] | null, now: Date): Promise<void> {
  for (const ref of REF_KINDS) {
    const list = LIST_OF_REFERENCE[ref]
    if (!lists.includes(list)) continue
    const table = REFERENCE_TABLES[ref]
    if (read) {
      const usable = read.filter((e) => e.kind === list && linkable(e))
      if (usable.length === 0) continue
      const col = <T>(f: (e: ListEntry) => T) => sql.param(usable.map(f))
      await tx.execute(sql`
        insert into ${qbListMappings} (connection_id, tenant_id, kind, external_id, qb_list_id, qb_full_name, qb_edit_sequence, linked_by, synced_at)
        select ${key.connectionId}::uuid, r.tenant_id, ${list}::qb_list_kind, r.id, x.list_id, x.full_name, x.edit_sequence, 'NAME', ${now}
        from unnest(${col((e) => e.listId)}::text[], ${col((e) => e.fullName)}::text[], ${col((e) => e.editSequence)}::text[]) as x(list_id, full_name, edit_sequence)
          join ${table} r on r.tenant_id = ${key.tenantId}::uuid and lower(r.name) = lower(x.full_name)
        on conflict (connection_id, kind, external_id) do nothing`)
      continue
    }
    await tx.execute(sql`
      insert into ${qbListMappings} (connection_id, tenant_id, kind, external_id, qb_list_id, qb_full_name, qb_edit_sequence, linked_by, synced_at)
      select e.connection_id, e.tenant_id, e.kind, r.id, e.list_id, e.full_name, e.edit_sequence, 'NAME', ${now}
      from ${qbListEntries} e join ${table} r on r.tenant_id = e.tenant_id and lower(r.name) = lower(e.full_name)
      where e.connection_id = ${key.connectionId}::uuid and e.kind = ${list}::qb_list_kind and e.is_active and ${mappedItem('e')}
        and not exists (select 1 from ${qbListMappings} m where m.connection_id = e.connection_id and m.kind = e.kind and m.external_id = r.id)
      on conflict (connection_id, kind, external_id) do nothing`)
  }
}

/** A customer we created in QuickBooks (or found there under the name we sent, 3100): linked by us. */
export async function rememberCreatedCustomer(
  tx: Executor,
  key: ConnectionKey,
  customerId: string,
  values: { qbListId: string | null; qbFullName: string; qbEditSequence: string | null },
): Promise<void> {
  await tx
    .insert(qbListMappings)
    .values({ ...key, kind: 'CUSTOMER', externalId: customerId, ...values, linkedBy: 'CREATED' })
    .onConflictDoUpdate({ target: [qbListMappings.connectionId, qbListMappings.kind, qbListMappings.externalId], set: values })
}

/** The names QuickBooks has these customers of ours under on a connection (those it created, found or read). */
export async function customersInQuickBooks(tx: Executor, connectionId: string, customerIds: string[]): Promise<Map<string, string>> {
  if (customerIds.length === 0) return new Map()
  const { rows } = (await tx.execute(sql`
    select external_id as "externalId", qb_full_name as "name" from ${qbListMappings}
    where connection_id = ${connectionId}::uuid and kind = 'CUSTOMER' and external_id = any(${texts(customerIds)})`)) as unknown as {
    rows: { externalId: string; name: string }[]
  }
  return new Map(rows.map((r) => [r.externalId, r.name]))
}

/**
 * The names QuickBooks has our references under on a connection, for those whose link follows
 * QuickBooks: matched by name or linked by a person, or created by us and since read back (a
 * customer we created and nobody read since keeps today's rule: renamed here, it is created again
 * under its new name). Keyed `${refKind}:${id}`.
 */
export async function linkedNames(
  tx: Executor,
  connectionId: string,
  wanted: Partial<Record<RefKind, string[]>>,
): Promise<Map<string, string>> {
  const parts: SQL[] = []
  for (const [ref, ids] of Object.entries(wanted) as [RefKind, string[]][]) {
    if (ids.length === 0) continue
    parts.push(sql`select ${ref}::text as ref, m.external_id as id, m.qb_full_name as name from ${qbListMappings} m
      where m.connection_id = ${connectionId}::uuid and m.kind = ${LIST_OF_REFERENCE[ref]}::qb_list_kind and m.external_id = any(${texts(ids)})
        and (m.linked_by <> 'CREATED' or exists (select 1 from ${qbListEntries} e
          where e.connection_id = m.connection_id and e.kind = m.kind and e.list_id = m.qb_list_id))`)
  }
  if (parts.length === 0) return new Map()
  const { rows } = (await tx.execute(sql.join(parts, sql` union all `))) as unknown as { rows: { ref: string; id: string; name: string }[] }
  return new Map(rows.map((r) => [`${r.ref}:${r.id}`, r.name]))
}

export type UnmatchedSide = 'QUICKBOOKS' | 'SERVICE'

export interface UnmatchedRow {
  side: UnmatchedSide
  kind: RefKind
  /** The reference's id (SERVICE) or the entry's ListID (QUICKBOOKS). */
  id: string
  name: string
  /** The entry's element for QuickBooks entries (ItemServiceRet, ...). */
  qbType: string | null
  sortKey: string
}

/**
 * What is unmatched on either side of a connection, for the lists it has read (`readLists`): active
 * QuickBooks entries no reference is linked to or named like, and references neither linked nor
 * named like an active entry. Ordered by side, kind, name ignoring case, id; `after` is the last
 * row of the previous page.
 */
export async function unmatched(
  tx: Executor,
  key: ConnectionKey,
  filter: { sides: UnmatchedSide[]; kinds: RefKind[]; readLists: ListKind[] },
  page: { first: number; after: [UnmatchedSide, RefKind, string, string] | null },
): Promise<UnmatchedRow[]> {
  const parts: SQL[] = []
  const c = sql`${key.connectionId}::uuid`
  for (const ref of filter.kinds) {
    const list = LIST_OF_REFERENCE[ref]
    if (!filter.readLists.includes(list)) continue
    const table = REFERENCE_TABLES[ref]
    if (filter.sides.includes('QUICKBOOKS'))
      parts.push(sql`select 'QUICKBOOKS' as side, ${ref}::text as kind, e.list_id as id, e.full_name as name, e.qb_type as "qbType", lower(e.full_name) as "sortKey"
        from ${qbListEntries} e
        where e.connection_id = ${c} and e.kind = ${list}::qb_list_kind and e.is_active and ${mappedItem('e')}
          and not exists (select 1 from ${qbListMappings} m where m.connection_id = ${c} and m.kind = e.kind and m.qb_list_id = e.list_id)
          and not exists (select 1 from ${table} r where r.tenant_id = ${key.tenantId}::uuid and lower(r.name) = lower(e.full_name))`)
    if (filter.sides.includes('SERVICE'))
      parts.push(sql`select 'SERVICE' as side, ${ref}::text as kind, r.id as id, r.name as name, null::text as "qbType", lower(r.name) as "sortKey"
        from ${table} r
        where r.tenant_id = ${key.tenantId}::uuid
          and not exists (select 1 from ${qbListMappings} m where m.connection_id = ${c} and m.kind = ${list}::qb_list_kind and m.external_id = r.id)
          and not exists (select 1 from ${qbListEntries} e where e.connection_id = ${c} and e.kind = ${list}::qb_list_kind and e.is_active and lower(e.full_name) = lower(r.name))`)
  }
  if (parts.length === 0) return []
  const after = page.after
    ? sql`where (side, kind, "sortKey", id) > (${page.after[0]}, ${page.after[1]}, ${page.after[2]}, ${page.after[3]})`
    : sql``
  const { rows } = (await tx.execute(sql`select * from (${sql.join(parts, sql` union all `)}) u ${after}
    order by side, kind, "sortKey", id limit ${page.first + 1}`)) as unknown as { rows: UnmatchedRow[] }
  return rows
}

export interface LinkRow {
  kind: RefKind
  referenceId: string
  listId: string | null
  fullName: string
  linkedBy: 'CREATED' | 'NAME' | 'EXPLICIT'
  /** Whether the entry is active in QuickBooks as last read; null before it was read. */
  active: boolean | null
  linkedAt: Date
}

/** The connection's links, ordered by kind and reference id; `after` is the last row of the previous page. */
export async function links(
  tx: Executor,
  connectionId: string,
  filter: { kinds: RefKind[] },
  page: { first: number; after: [RefKind, string] | null },
): Promise<LinkRow[]> {
  const parts = filter.kinds.map(
    (ref) => sql`select ${ref}::text as kind, m.external_id as "referenceId", m.qb_list_id as "listId", m.qb_full_name as "fullName",
      m.linked_by as "linkedBy", e.is_active as active, m.synced_at as "linkedAt"
      from ${qbListMappings} m left join ${qbListEntries} e on e.connection_id = m.connection_id and e.kind = m.kind and e.list_id = m.qb_list_id
      where m.connection_id = ${connectionId}::uuid and m.kind = ${LIST_OF_REFERENCE[ref]}::qb_list_kind`,
  )
  if (parts.length === 0) return []
  const after = page.after ? sql`where (kind, "referenceId") > (${page.after[0]}, ${page.after[1]})` : sql``
  const { rows } = (await tx.execute(sql`select * from (${sql.join(parts, sql` union all `)}) u ${after}
    order by kind, "referenceId" limit ${page.first + 1}`)) as unknown as { rows: (LinkRow & { linkedAt: Date | string })[] }
  return rows.map((r) => ({ ...r, linkedAt: new Date(r.linkedAt) }))
}

/** An entry of the connection's lists as last read, or undefined. */
export async function findEntry(tx: Executor, connectionId: string, list: ListKind, listId: string) {
  const { rows } = (await tx.execute(sql`select list_id as "listId", full_name as "fullName", qb_type as "qbType", is_active as "isActive",
      edit_sequence as "editSequence", kind from ${qbListEntries}
    where connection_id = ${connectionId}::uuid and kind = ${list}::qb_list_kind and list_id = ${listId}`)) as unknown as {
    rows: { listId: string; fullName: string; qbType: string; isActive: boolean; editSequence: string | null; kind: ListKind }[]
  }
  return rows[0]
}

/** Whether the reference exists in the tenant. */
export async function referenceExists(tx: Executor, tenantId: string, ref: RefKind, id: string): Promise<boolean> {
  const table = REFERENCE_TABLES[ref]
  const { rows } = (await tx.execute(sql`select 1 from ${table} where tenant_id = ${tenantId}::uuid and id = ${id}`)) as unknown as {
    rows: unknown[]
  }
  return rows.length > 0
}

/** A person's link: the reference stands for this entry on the connection, whatever either is named. */
export async function saveLink(
  tx: Executor,
  key: ConnectionKey,
  ref: RefKind,
  referenceId: string,
  entry: { listId: string; fullName: string; editSequence: string | null },
  now: Date,
): Promise<void> {
  const values = {
    qbListId: entry.listId,
    qbFullName: entry.fullName,
    qbEditSequence: entry.editSequence,
    linkedBy: 'EXPLICIT' as const,
    syncedAt: now,
  }
  await tx
    .insert(qbListMappings)
    .values({ ...key, kind: LIST_OF_REFERENCE[ref], externalId: referenceId, ...values })
    .onConflictDoUpdate({ target: [qbListMappings.connectionId, qbListMappings.kind, qbListMappings.externalId], set: values })
}

/** Removes a reference's link on the connection; whether there was one. */
export async function removeLink(tx: Executor, connectionId: string, ref: RefKind, referenceId: string): Promise<boolean> {
  const { rows } = (await tx.execute(sql`delete from ${qbListMappings}
    where connection_id = ${connectionId}::uuid and kind = ${LIST_OF_REFERENCE[ref]}::qb_list_kind and external_id = ${referenceId}
    returning 1`)) as unknown as { rows: unknown[] }
  return rows.length > 0
}

/** Entries of one list as last read, by name ignoring case (a prefix), ordered by it; `after`: the last [name key, ListID]. */
export async function entries(
  tx: Executor,
  connectionId: string,
  list: ListKind,
  filter: { namePrefix: string | null },
  page: { first: number; after: [string, string] | null },
) {
  const prefix = filter.namePrefix
    ? sql`and lower(full_name) like ${`${filter.namePrefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`
    : sql``
  const after = page.after ? sql`and (lower(full_name), list_id) > (${page.after[0]}, ${page.after[1]})` : sql``
  const { rows } = (await tx.execute(sql`select list_id as "listId", full_name as "fullName", qb_type as "qbType", is_active as "isActive",
      time_modified as "timeModified", lower(full_name) as "sortKey"
    from ${qbListEntries} where connection_id = ${connectionId}::uuid and kind = ${list}::qb_list_kind ${prefix} ${after}
    order by lower(full_name), list_id limit ${page.first + 1}`)) as unknown as {
    rows: { listId: string; fullName: string; qbType: string; isActive: boolean; timeModified: string | null; sortKey: string }[]
  }
  return rows
}

/** A reference deleted here: its links on every connection of the tenant go with it. */
export async function removeLinksOf(tx: Executor, tenantId: string, ref: RefKind, referenceId: string): Promise<void> {
  await tx.execute(sql`delete from ${qbListMappings}
    where tenant_id = ${tenantId}::uuid and kind = ${LIST_OF_REFERENCE[ref]}::qb_list_kind and external_id = ${referenceId}`)
}
