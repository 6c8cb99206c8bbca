// The rules of QuickBooks' lists read back, in one place and pure: which reads a company's
// connection takes and in what order, which list an entry QuickBooks returned belongs to, which
// entries may stand for which reference data, and the name an export uses for a reference.
//
//   a list                        read by                         matched to
//   customers (with jobs)         CustomerQuery, iterator         customers, by FullName
//   items of the mapped types     ItemQuery, iterator             items, by FullName
//   sales tax items and groups    the same ItemQuery              tax zones, by Name
//   classes (class tracking on)   ClassQuery, whole               business units, by FullName
//   sales tax codes (tax on)      SalesTaxCodeQuery, whole        none (kept to be listed)
//   inventory sites (sites on)    InventorySiteQuery, whole       inventory locations, by Name
//
// Names are compared ignoring case, as QuickBooks compares them. A reference linked to an entry
// (matched by name once, created by us, or linked by a person) is sent under the entry's name as
// QuickBooks has it now: a rename in QuickBooks follows the link instead of failing with 3140.
// An entry deleted in QuickBooks (ListDeletedQuery, asked with a later pass's first request) is
// forgotten with its links: its reference is unmatched again.
import type { CompanyProfile } from '../qbxml/profile.js'
import type { ListQueryType } from '../qbxml/requests.js'
import type { RefKind } from './qb-copy.js'

export type ListKind = 'CUSTOMER' | 'ITEM' | 'CLASS' | 'ITEM_SALES_TAX' | 'INVENTORY_SITE' | 'SALES_TAX_CODE'
export type ListRead = 'CUSTOMERS' | 'ITEMS' | 'CLASSES' | 'SALES_TAX_CODES' | 'INVENTORY_SITES'
/** Reads of a connection: its lists, and the transactions it exported (invoices, credit memos). */
export type ReadKind = ListRead | 'INVOICES' | 'CREDIT_MEMOS'

const ITEM_TYPES = [
  'ItemService',
  'ItemInventory',
  'ItemInventoryAssembly',
  'ItemNonInventory',
  'ItemOtherCharge',
  'ItemDiscount',
  'ItemFixedAsset',
  'ItemGroup',
  'ItemPayment',
  'ItemSubtotal',
  'ItemSalesTax',
  'ItemSalesTaxGroup',
]

/** Each list read: its query, the lists its answers fill, and the ListDelTypes its deletions are asked by. */
export const LIST_READS: Record<ListRead, { query: ListQueryType; lists: ListKind[]; deleted: string[] }> = {
  CUSTOMERS: { query: 'CustomerQueryRq', lists: ['CUSTOMER'], deleted: ['Customer'] },
  ITEMS: { query: 'ItemQueryRq', lists: ['ITEM', 'ITEM_SALES_TAX'], deleted: ITEM_TYPES },
  CLASSES: { query: 'ClassQueryRq', lists: ['CLASS'], deleted: ['Class'] },
  SALES_TAX_CODES: { query: 'SalesTaxCodeQueryRq', lists: ['SALES_TAX_CODE'], deleted: ['SalesTaxCode'] },
  INVENTORY_SITES: { query: 'InventorySiteQueryRq', lists: ['INVENTORY_SITE'], deleted: ['InventorySite'] },
}

export const LIST_READ_KINDS = Object.keys(LIST_READS) as ListRead[]

export const isListRead = (kind: ReadKind): kind is ListRead => kind !== 'INVOICES' && kind !== 'CREDIT_MEMOS'

/**
 * The reads of a connection in the order a session takes them: lists first (an export needs their
 * names), each only where the company uses it, then invoices and credit memos (each read only once
 * QuickBooks has one of ours). `lists` false: invoices and credit memos only.
 */
export function readsFor(profile: Pick<CompanyProfile, 'classTracking' | 'salesTax' | 'inventorySites'>, lists: boolean): ReadKind[] {
  if (!lists) return ['INVOICES', 'CREDIT_MEMOS']
  const out: ReadKind[] = ['CUSTOMERS', 'ITEMS']
  if (profile.classTracking) out.push('CLASSES')
  if (profile.salesTax) out.push('SALES_TAX_CODES')
  if (profile.inventorySites) out.push('INVENTORY_SITES')
  out.push('INVOICES', 'CREDIT_MEMOS')
  return out
}

/** Item answers of the types the service's items map to (SERVICE, INVENTORY, NON_INVENTORY, OTHER_CHARGE). */
export const MAPPED_ITEM_TYPES = ['ItemServiceRet', 'ItemInventoryRet', 'ItemNonInventoryRet', 'ItemOtherChargeRet'] as const

/** The list an entry of an answer belongs to (by its element), or null for one the service does not read. */
export function listKindOf(retType: string): ListKind | null {
  if (retType === 'CustomerRet') return 'CUSTOMER'
  if (retType === 'ItemSalesTaxRet' || retType === 'ItemSalesTaxGroupRet') return 'ITEM_SALES_TAX'
  if (retType.startsWith('Item') && retType.endsWith('Ret')) return 'ITEM'
  if (retType === 'ClassRet') return 'CLASS'
  if (retType === 'SalesTaxCodeRet') return 'SALES_TAX_CODE'
  if (retType === 'InventorySiteRet') return 'INVENTORY_SITE'
  return null
}

/** The QuickBooks list each kind of reference data is matched in. */
export const LIST_OF_REFERENCE: Record<RefKind, ListKind> = {
  customer: 'CUSTOMER',
  item: 'ITEM',
  taxZone: 'ITEM_SALES_TAX',
  businessUnit: 'CLASS',
  inventoryLocation: 'INVENTORY_SITE',
}

export const REFERENCE_OF_LIST: Partial<Record<ListKind, RefKind>> = Object.fromEntries(
  Object.entries(LIST_OF_REFERENCE).map(([ref, list]) => [list, ref]),
) as Partial<Record<ListKind, RefKind>>

/** Whether an entry may stand for reference data: active, and for items one of the mapped types. */
export function linkable(entry: { kind: ListKind; qbType: string; isActive: boolean }): boolean {
  if (!entry.isActive || REFERENCE_OF_LIST[entry.kind] === undefined) return false
  return entry.kind !== 'ITEM' || (MAPPED_ITEM_TYPES as readonly string[]).includes(entry.qbType)
}

/** QuickBooks compares names ignoring case: the key two names match by. */
export const nameKey = (name: string): string => name.toLowerCase()

/** The name an entry is known by: FullName where its list has one ("Parent:Child"), else Name. */
export function entryName(entry: { name: string | null; fullName: string | null }): string | null {
  return entry.fullName ?? entry.name
}
