// What a GraphQL request costs, known before it runs. The one table of costs: a field whose
// resolver reads the database costs what that read costs, a pure field (scalars, objects already
// loaded) costs nothing, and a list multiplies what it selects by how many items it may hold: a
// page by its `first` (the value sent, else the default the resolver uses, at most its maximum),
// a list without arguments by the size we plan for. graphql-query-complexity walks the document
// (fragments, @skip/@include, variables) and asks `estimateField` for every field.
import { type DocumentNode, type GraphQLOutputType, type GraphQLSchema, isListType, isNonNullType } from 'graphql'
import { type ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity'
import { SYNC_REPORT_PAGE } from '../sync/sync-report.js'

export interface FieldCost {
  /** Paid once per resolved instance of the field: the statements (or loader batches) it runs. */
  cost: number
  /** A page: the number of items is the `first` argument, else `default`, never above `max`. */
  page?: { default: number; max: number }
  /** A list without a page argument: the number of items we plan for. */
  size?: number
  /** Paid per item of a page or list (a row read and shaped), on top of what the item selects. */
  perItem?: number
}

/** Mutations run a transaction of several statements (locks, revision, outbox). */
const MUTATION: FieldCost = { cost: 10 }
const BY_ID: FieldCost = { cost: 1 }

export const FIELD_COSTS: Readonly<Record<string, FieldCost>> = {
  'Query.invoice': { cost: 2 },
  'Query.invoiceByExternalId': { cost: 2 },
  'Query.invoices': { cost: 1, page: { default: 20, max: 100 }, perItem: 1 },
  'Query.connections': { cost: 1, size: 10 },
  'Query.tenantSettings': { cost: 1 },
  'Query.syncErrors': { cost: 1, page: SYNC_REPORT_PAGE, perItem: 1 },
  'Query.batch': { cost: 2 },
  'Query.customer': BY_ID,
  'Query.item': BY_ID,
  'Query.businessUnit': BY_ID,
  'Query.taxZone': BY_ID,
  'Query.inventoryLocation': BY_ID,
  'Query.invoiceType': BY_ID,
  'Query.user': BY_ID,
  'Query.accountingPeriod': BY_ID,

  // Children read through the request's loaders (one statement per batch, counted per parent).
  'Invoice.customer': BY_ID,
  'Invoice.taxZone': BY_ID,
  'Invoice.invoiceType': BY_ID,
  'Invoice.lines': { cost: 1, size: 20 },
  'Invoice.total': { cost: 1 },
  'Invoice.syncStatus': { cost: 1 },
  'Invoice.sync': { cost: 1, size: 2 },
  'Invoice.revisions': { cost: 1, page: { default: 20, max: 100 }, perItem: 1 },
  // Not batched: one statement (two for requests) per invoice.
  // Builds the request as a round would: several statements per invoice.
  'Invoice.preview': { cost: 5 },
  'Invoice.history': { cost: 1, page: { default: 20, max: 100 }, perItem: 1 },
  'Invoice.syncAttempts': { cost: 2, page: { default: 20, max: 100 }, perItem: 1 },
  'InvoiceLine.item': BY_ID,
  // Not batched: one statement per connection.
  'Connection.sessions': { cost: 1, page: { default: 10, max: 100 }, perItem: 1 },
  'Connection.skippedBeforeSyncStart': { cost: 1 },
  'Connection.queue': { cost: 2, page: { default: 20, max: 100 }, perItem: 1 },
  'Connection.health': { cost: 3 },
  'Connection.unmatched': { cost: 2, page: { default: 20, max: 100 }, perItem: 1 },
  'Connection.links': { cost: 2, page: { default: 20, max: 100 }, perItem: 1 },
  'Connection.quickBooksEntries': { cost: 2, page: { default: 20, max: 100 }, perItem: 1 },
  'Connection.listReads': { cost: 1, size: 5 },
  'Connection.sandboxCompany': { cost: 3 },
  'Connection.sandboxTransactions': { cost: 3, page: { default: 20, max: 100 }, perItem: 1 },

  'Mutation.createInvoice': MUTATION,
  'Mutation.updateInvoice': MUTATION,
  'Mutation.resyncInvoice': MUTATION,
  'Mutation.bypassInvoiceSync': MUTATION,
  'Mutation.unlockInvoice': MUTATION,
  'Mutation.createAdjustmentInvoice': MUTATION,
  'Mutation.createBatch': MUTATION,
  'Mutation.postBatch': MUTATION,
  'Mutation.unpostBatch': MUTATION,
  'Mutation.exportBatch': MUTATION,
  'Mutation.bypassBatchExport': MUTATION,
  'Mutation.createConnection': MUTATION,
  'Mutation.rotateConnectionPassword': MUTATION,
  'Mutation.updateConnection': MUTATION,
  'Mutation.disableConnection': MUTATION,
  'Mutation.enableConnection': MUTATION,
  'Mutation.linkReference': MUTATION,
  'Mutation.unlinkReference': MUTATION,
  'Mutation.updateTenantSettings': MUTATION,
  'Mutation.runConnection': { cost: 50 },
  'Mutation.sandboxEditInvoice': MUTATION,
  'Mutation.sandboxDeleteInvoice': MUTATION,
  'Mutation.sandboxReceivePayment': MUTATION,
  'Mutation.sandboxHoldRecords': MUTATION,
  'Mutation.sandboxAddItem': MUTATION,
  'Mutation.sandboxDeleteItem': MUTATION,
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type)
}

/** How many items a field's list holds for the cost: the page size asked for, or planned. */
export function itemsOf(entry: FieldCost | undefined, args: Record<string, unknown>): number {
  if (entry?.page) {
    const first = args.first
    if (typeof first !== 'number') return entry.page.default
    return Math.min(Math.max(Math.trunc(first), 0), entry.page.max)
  }
  return entry?.size ?? 1
}

/** The cost of one field given what its selection costs; used by graphql-query-complexity. */
export function estimateField({
  type,
  field,
  args,
  childComplexity,
}: Pick<ComplexityEstimatorArgs, 'type' | 'field' | 'args' | 'childComplexity'>): number {
  const entry = FIELD_COSTS[`${type.name}.${field.name}`]
  // A list we know nothing about (edges of a page, a payload's userErrors) holds what its parent
  // already paid for: its items are multiplied where the page is.
  if (!entry) return childComplexity
  const items = entry.page || entry.size || isList(field.type) ? itemsOf(entry, args) : 1
  return entry.cost + items * ((entry.perItem ?? 0) + childComplexity)
}

/**
 * The cost of the operation a request runs. Throws a GraphQLError for what the estimator cannot
 * read (an invalid document or variables); callers validate first.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  return getComplexity({
    schema,
    query: document,
    variables: variables ?? {},
    ...(operationName ? { operationName } : {}),
    estimators: [estimateField],
  })
}

/** Points a request draws from the per-key rate limit: REST requests draw 1, GraphQL its cost. */
export function ratePoints(cost: number, costPerPoint: number): number {
  return Math.max(1, Math.ceil(cost / costPerPoint))
}

/** Every type.field of the table exists in the schema (checked by the unit test). */
export function unknownCostEntries(schema: GraphQLSchema): string[] {
  return Object.keys(FIELD_COSTS).filter((key) => {
    const [typeName, fieldName] = key.split('.') as [string, string]
    const type = schema.getType(typeName)
    return !type || !('getFields' in type) || !(fieldName in (type as { getFields(): Record<string, unknown> }).getFields())
  })
}
