// The whole product's data model (DESIGN.md). One drizzle schema serves both drivers (pg and
// PGlite); drizzle-kit generates migrations/ from it. Money, prices and quantities are `numeric`
// and surface in TypeScript as strings, never as binary floats.
import { sql } from 'drizzle-orm'
import {
  bigserial,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
/** QuickBooks PRICETYPE / QUANTYPE: up to 10 integer digits, five decimals. */
const decimal5 = (name: string) => numeric(name, { precision: 15, scale: 5 })
/** Ids given by the source app (reference data, users, periods): its own, scoped per tenant. */
const externalId = (name = 'id') => text(name).notNull()

// ---------------------------------------------------------------------------------------------
// Enums (their values are part of the public contract; see DESIGN.md section 4)

export const invoiceStatus = pgEnum('invoice_status', ['PENDING', 'POSTED', 'EXPORTED'])
export const syncStatus = pgEnum('sync_status', ['NOT_APPLICABLE', 'PENDING', 'SYNCED', 'BYPASSED', 'ACTION_REQUIRED'])
export const exportStatus = pgEnum('export_status', ['QUEUED', 'EXPORTED', 'FAILED', 'BYPASSED'])
export const editDecision = pgEnum('edit_decision', [
  'CREATE',
  'SAVE',
  'SAVE_AND_SYNC',
  'SAVE_AND_BYPASS',
  'RESYNC',
  'BYPASS',
  'UNLOCK',
  'QUICKBOOKS',
])
export const itemType = pgEnum('item_type', ['SERVICE', 'INVENTORY', 'NON_INVENTORY', 'OTHER_CHARGE'])
export const batchStatus = pgEnum('batch_status', ['OPEN', 'POSTED', 'EXPORT_QUEUED', 'EXPORTED', 'EXPORT_BYPASSED'])
export const qbListKind = pgEnum('qb_list_kind', ['CUSTOMER', 'ITEM', 'CLASS', 'ITEM_SALES_TAX', 'INVENTORY_SITE', 'SALES_TAX_CODE'])
export const paymentStatus = pgEnum('payment_status', ['UNPAID', 'PARTIALLY_PAID', 'PAID'])
export const paymentSyncStatus = pgEnum('payment_sync_status', ['PENDING', 'SYNCED', 'ACTION_REQUIRED'])
/** The QuickBooks transaction an invoice is kept as: a negative total goes as a credit memo. */
export const qbTxnType = pgEnum('qb_txn_type', ['INVOICE', 'CREDIT_MEMO'])
export const qbReadKind = pgEnum('qb_read_kind', [
  'INVOICES',
  'CUSTOMERS',
  'ITEMS',
  'CLASSES',
  'SALES_TAX_CODES',
  'INVENTORY_SITES',
  'CREDIT_MEMOS',
])
/** How a reference came to be linked to a QuickBooks list entry: created by us, matched by name, or linked by a person. */
export const qbLinkSource = pgEnum('qb_link_source', ['CREATED', 'NAME', 'EXPLICIT'])
export const qbwcSessionStatus = pgEnum('qbwc_session_status', ['ACTIVE', 'CLOSED', 'EXPIRED', 'FAILED'])
export const syncRequestKind = pgEnum('sync_request_kind', [
  'INVOICE_ADD',
  'INVOICE_MOD',
  'INVOICE_QUERY',
  'CUSTOMER_QUERY',
  'CUSTOMER_ADD',
  'ITEM_QUERY',
  'INVOICE_READ',
  'LIST_READ',
  'PAYMENT_ADD',
  'PAYMENT_QUERY',
])
export const syncOutcome = pgEnum('sync_outcome', ['SENT', 'SUCCEEDED', 'FAILED', 'RETRY', 'UNKNOWN', 'SKIPPED'])
export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', ['PENDING', 'DELIVERED', 'FAILED', 'ABANDONED'])
export const idempotencyState = pgEnum('idempotency_state', ['IN_PROGRESS', 'COMPLETED'])

// ---------------------------------------------------------------------------------------------
// Installation, tenants, keys, users

/** One row: facts fixed per installation, such as the OwnerID stamped into every .qwc file. */
export const installation = pgTable(
  'installation',
  {
    id: smallint('id').primaryKey().default(1),
    qbwcOwnerId: text('qbwc_owner_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [check('installation_single_row', sql`${t.id} = 1`)],
)

export const tenants = pgTable(
  'tenants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** The installation's first tenant: may create other tenants. */
    isInstallationAdmin: boolean('is_installation_admin').notNull().default(false),
    /** Tenant setting: may exported invoices be edited at all (else: adjustment invoices). */
    allowExportedEdits: boolean('allow_exported_edits').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('tenants_single_installation_admin').on(t.isInstallationAdmin).where(sql`${t.isInstallationAdmin}`)],
)

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** First characters of the key, shown to people to tell keys apart. Not a secret. */
    prefix: text('prefix').notNull(),
    /** SHA-256 of the whole key (hex). Keys are 256-bit random values, so a fast hash is enough. */
    keyHash: text('key_hash').notNull(),
    /** Scopes (src/auth/permissions.ts). Keys made before scopes existed hold admin and editExportedTransactions. */
    permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    /** Refreshed at most once a minute per key, so using a key costs no write per request. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** After this instant the key is refused (API_KEY_EXPIRED); null: it does not expire. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** The value a rotation replaced, accepted until previousExpiresAt (the grace period). */
    previousKeyHash: text('previous_key_hash'),
    previousExpiresAt: timestamp('previous_expires_at', { withTimezone: true }),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    /** Set by ADMIN_API_KEY: changed by changing the variable, not revoked or rotated through the API. */
    fromConfig: boolean('from_config').notNull().default(false),
  },
  (t) => [
    uniqueIndex('api_keys_key_hash').on(t.keyHash),
    uniqueIndex('api_keys_previous_key_hash').on(t.previousKeyHash).where(sql`${t.previousKeyHash} is not null`),
    index('api_keys_tenant').on(t.tenantId),
  ],
)

export const users = pgTable(
  'users',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: externalId(),
    name: text('name').notNull(),
    /** e.g. editExportedTransactions, admin */
    permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
)

// ---------------------------------------------------------------------------------------------
// QuickBooks connections (one per company file reached by one Web Connector install)

export const connections = pgTable(
  'connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** strUserName the Web Connector sends; unique across the installation so authenticate can route it. */
    username: text('username').notNull(),
    /** scrypt hash of the Web Connector password (people type it, so a slow hash). */
    passwordHash: text('password_hash').notNull(),
    passwordRotatedAt: timestamp('password_rotated_at', { withTimezone: true }).notNull().defaultNow(),
    /** .qwc OwnerID (fixed per installation) and FileID (unique per connection), GUIDs in braces. */
    qbOwnerId: text('qb_owner_id').notNull(),
    qbFileId: text('qb_file_id').notNull(),
    /** Company file path to ask the Web Connector to open; empty = the file that is open. */
    companyFilePath: text('company_file_path').notNull().default(''),
    syncStartDate: date('sync_start_date', { mode: 'string' }),
    schedulerMinutes: integer('scheduler_minutes').notNull().default(15),
    /** What the last session learned from QuickBooks (HCP response). */
    qbxmlVersion: text('qbxml_version'),
    qbCountry: text('qb_country'),
    qbCompanyFile: text('qb_company_file'),
    qbPreferences: jsonb('qb_preferences'),
    lastSessionAt: timestamp('last_session_at', { withTimezone: true }),
    /** The Web Connector's last successful check-in, session or not (written at most once a minute). */
    lastCheckInAt: timestamp('last_check_in_at', { withTimezone: true }),
    /** When a connection.stale event was last sent for it (once per silence). */
    staleNotifiedAt: timestamp('stale_notified_at', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** Served by a simulated company file and Web Connector (src/sandbox), never by a real one; set at creation for good. */
    sandbox: boolean('sandbox').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('connections_username').on(t.username),
    uniqueIndex('connections_file_id').on(t.qbFileId),
    uniqueIndex('connections_tenant_name').on(t.tenantId, t.name),
    unique('connections_tenant_id').on(t.tenantId, t.id),
    check('connections_scheduler_minutes', sql`${t.schedulerMinutes} between 1 and 1440`),
  ],
)

// ---------------------------------------------------------------------------------------------
// Reference lists, keyed by the source app's own ids per tenant

export const customers = pgTable(
  'customers',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: externalId(),
    name: text('name').notNull(),
    email: text('email'),
    billAddress: jsonb('bill_address'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('customers_tenant_name').on(t.tenantId, t.name),
    index('customers_tenant_name_key').on(t.tenantId, sql`lower(${t.name})`),
  ],
)

export const items = pgTable(
  'items',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: externalId(),
    name: text('name').notNull(),
    type: itemType('type').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('items_tenant_name').on(t.tenantId, t.name),
    index('items_tenant_name_key').on(t.tenantId, sql`lower(${t.name})`),
  ],
)

export const businessUnits = pgTable(
  'business_units',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: externalId(),
    name: text('name').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
)

export const taxZones = pgTable(
  'tax_zones',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: externalId(),
    name: text('name').notNull(),
    /** Percent, e.g. 8.25000 */
    rate: numeric('rate', { precision: 8, scale: 5 }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), check('tax_zones_rate', sql`${t.rate} >= 0 and ${t.rate} <= 100`)],
)

export const inventoryLocations = pgTable(
  'inventory_locations',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: externalId(),
    name: text('name').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
)

/** Tenant-defined invoice categories ("invoice types"). */
export const invoiceTypes = pgTable(
  'invoice_types',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: externalId(),
    name: text('name').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
)

/**
 * How a reference-list entry is known in one QuickBooks company file (ListID, FullName), per
 * connection. `externalId` is the source app's id in the list named by `kind`; SALES_TAX_CODE rows
 * are keyed by our own names ("taxable"/"non-taxable") because the source app has no such list.
 */
export const qbListMappings = pgTable(
  'qb_list_mappings',
  {
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    kind: qbListKind('kind').notNull(),
    externalId: text('external_id').notNull(),
    qbListId: text('qb_list_id'),
    qbFullName: text('qb_full_name').notNull(),
    qbEditSequence: text('qb_edit_sequence'),
    linkedBy: qbLinkSource('linked_by').notNull().default('CREATED'),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.kind, t.externalId] }),
    index('qb_list_mappings_name').on(t.connectionId, t.kind, t.qbFullName),
    index('qb_list_mappings_list_id').on(t.connectionId, t.kind, t.qbListId),
  ],
)

/**
 * The entries of a company file's lists as last read from QuickBooks, per connection: customers
 * (with jobs, "Customer:Job"), items (sales tax items and groups apart, as ITEM_SALES_TAX),
 * classes, sales tax codes, inventory sites. Names compare ignoring case, as QuickBooks' do.
 */
export const qbListEntries = pgTable(
  'qb_list_entries',
  {
    connectionId: uuid('connection_id').notNull(),
    tenantId: uuid('tenant_id').notNull(),
    kind: qbListKind('kind').notNull(),
    listId: text('list_id').notNull(),
    /** FullName ("Parent:Child") where the list has one, else Name. */
    fullName: text('full_name').notNull(),
    /** The answer element's type for items (ItemServiceRet, ItemInventoryRet, ...). */
    qbType: text('qb_type').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    editSequence: text('edit_sequence'),
    /** QuickBooks' TimeModified, in its own form. */
    timeModified: text('time_modified'),
    readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.kind, t.listId] }),
    index('qb_list_entries_name').on(t.connectionId, t.kind, sql`lower(${t.fullName})`),
    foreignKey({
      name: 'qb_list_entries_connection_fk',
      columns: [t.tenantId, t.connectionId],
      foreignColumns: [connections.tenantId, connections.id],
    }).onDelete('cascade'),
  ],
)

/**
 * Payments the source app recorded against an exported invoice, sent to QuickBooks as a
 * ReceivePaymentAdd applied to the invoice (exactly once: ExternalGUID, looked up before a resend).
 */
export const invoicePayments = pgTable(
  'invoice_payments',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    connectionId: uuid('connection_id').notNull(),
    amount: numeric('amount', { precision: 15, scale: 2 }).notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    /** QuickBooks payment method (PaymentMethodRef FullName), e.g. "Check"; null: none. */
    method: text('method'),
    /** RefNumber in QuickBooks (a check number, say). */
    reference: text('reference'),
    memo: text('memo'),
    externalGuid: text('external_guid').notNull(),
    status: paymentSyncStatus('status').notNull().default('PENDING'),
    inFlightAttemptId: uuid('in_flight_attempt_id'),
    needsReconcile: boolean('needs_reconcile').notNull().default(false),
    transientFailures: integer('transient_failures').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    qbTxnId: text('qb_txn_id'),
    lastErrorCode: text('last_error_code'),
    lastErrorMessage: text('last_error_message'),
    lastErrorFix: text('last_error_fix'),
    createdByUserId: text('created_by_user_id'),
    createdByApiKeyId: uuid('created_by_api_key_id'),
    syncedAt: timestamp('synced_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('invoice_payments_external_guid').on(t.externalGuid),
    index('invoice_payments_invoice').on(t.invoiceId, t.createdAt),
    index('invoice_payments_work').on(t.connectionId, t.createdAt, t.id).where(sql`${t.status} = 'PENDING' or ${t.needsReconcile}`),
    check('invoice_payments_amount_positive', sql`${t.amount} > 0`),
    foreignKey({
      name: 'invoice_payments_invoice_fk',
      columns: [t.tenantId, t.invoiceId],
      foreignColumns: [invoices.tenantId, invoices.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'invoice_payments_connection_fk',
      columns: [t.tenantId, t.connectionId],
      foreignColumns: [connections.tenantId, connections.id],
    }).onDelete('cascade'),
  ],
)

/**
 * Where each connection's read-back from QuickBooks stands, per kind of record: the newest change
 * read, and a pass under way with QuickBooks' iterator (which lives only as long as its session).
 */
export const qbReadCursors = pgTable(
  'qb_read_cursors',
  {
    connectionId: uuid('connection_id').notNull(),
    tenantId: uuid('tenant_id').notNull(),
    kind: qbReadKind('kind').notNull(),
    modifiedSince: text('modified_since'),
    passFrom: text('pass_from'),
    /** The window of the pass under way ends here (ToModifiedDate): a pass too large for one session is read in windows. */
    passTo: text('pass_to'),
    passNewest: text('pass_newest'),
    iteratorId: text('iterator_id'),
    iteratorSessionId: uuid('iterator_session_id'),
    remaining: integer('remaining'),
    lastCompletedAt: timestamp('last_completed_at', { withTimezone: true }),
    failures: integer('failures').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastError: text('last_error'),
    /** QuickBooks TxnIDs of our invoices a payment read since may have paid: read again by TxnID. */
    refreshTxnIds: text('refresh_txn_ids').array().notNull().default(sql`'{}'::text[]`),
    /** Payments the last pass read ("TxnID@TimeModified"): the next pass's overlap reads them again and skips them. */
    seenPayments: text('seen_payments').array().notNull().default(sql`'{}'::text[]`),
    /** Entries read in all, and read requests sent in all. */
    entriesRead: integer('entries_read').notNull().default(0),
    requests: integer('requests').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.kind] }),
    foreignKey({
      name: 'qb_read_cursors_connection_fk',
      columns: [t.tenantId, t.connectionId],
      foreignColumns: [connections.tenantId, connections.id],
    }).onDelete('cascade'),
  ],
)

export const accountingPeriods = pgTable(
  'accounting_periods',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: externalId(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    closed: boolean('closed').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('accounting_periods_range').on(t.tenantId, t.startDate, t.endDate),
    check('accounting_periods_order', sql`${t.startDate} <= ${t.endDate}`),
  ],
)

// ---------------------------------------------------------------------------------------------
// Batches and invoices

export const batches = pgTable(
  'batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    status: batchStatus('status').notNull().default('OPEN'),
    /** The connection the batch was exported to (null until exported or bypassed). */
    connectionId: uuid('connection_id'),
    createdBy: text('created_by'),
    postedAt: timestamp('posted_at', { withTimezone: true }),
    exportedAt: timestamp('exported_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('batches_tenant_id').on(t.tenantId, t.id),
    index('batches_tenant_status').on(t.tenantId, t.status),
    foreignKey({
      name: 'batches_connection_fk',
      columns: [t.tenantId, t.connectionId],
      foreignColumns: [connections.tenantId, connections.id],
    }),
  ],
)

export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    externalId: text('external_id'),
    number: text('number').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    customerId: text('customer_id').notNull(),
    taxZoneId: text('tax_zone_id'),
    invoiceTypeId: text('invoice_type_id'),
    summary: text('summary').notNull().default(''),
    isAfp: boolean('is_afp').notNull().default(false),
    status: invoiceStatus('status').notNull().default('PENDING'),
    batchId: uuid('batch_id'),
    /** An adjustment invoice points at the invoice it corrects. */
    adjustsInvoiceId: uuid('adjusts_invoice_id'),
    /** Export was bypassed (marked exported without sending to QuickBooks). */
    exportBypassedAt: timestamp('export_bypassed_at', { withTimezone: true }),
    /** Imported from QuickBooks rather than exported by us. */
    importedFromQb: boolean('imported_from_qb').notNull().default(false),
    /** An administrator unlocked it: editable again without the exported-invoice rules. */
    unlockedAt: timestamp('unlocked_at', { withTimezone: true }),
    unlockedBy: text('unlocked_by'),
    /** Optimistic concurrency: bumped by every saved change. */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('invoices_tenant_id').on(t.tenantId, t.id),
    uniqueIndex('invoices_tenant_external_id').on(t.tenantId, t.externalId),
    index('invoices_tenant_status').on(t.tenantId, t.status, t.id),
    index('invoices_tenant_number').on(t.tenantId, t.number),
    // Finding invoices (GET /v1/invoices filters): by number ignoring case, customer, date.
    index('invoices_tenant_number_key').on(t.tenantId, sql`lower(${t.number})`),
    index('invoices_tenant_customer').on(t.tenantId, t.customerId),
    index('invoices_tenant_date').on(t.tenantId, t.date),
    index('invoices_batch').on(t.batchId),
    // A batch's invoices not yet exported: whether a batch is done is asked at every confirmed add.
    index('invoices_batch_not_exported').on(t.batchId).where(sql`${t.status} <> 'EXPORTED'`),
    index('invoices_adjusts').on(t.adjustsInvoiceId),
    foreignKey({ name: 'invoices_customer_fk', columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ name: 'invoices_tax_zone_fk', columns: [t.tenantId, t.taxZoneId], foreignColumns: [taxZones.tenantId, taxZones.id] }),
    foreignKey({
      name: 'invoices_invoice_type_fk',
      columns: [t.tenantId, t.invoiceTypeId],
      foreignColumns: [invoiceTypes.tenantId, invoiceTypes.id],
    }),
    foreignKey({ name: 'invoices_batch_fk', columns: [t.tenantId, t.batchId], foreignColumns: [batches.tenantId, batches.id] }),
    foreignKey({ name: 'invoices_adjusts_fk', columns: [t.tenantId, t.adjustsInvoiceId], foreignColumns: [t.tenantId, t.id] }),
    check('invoices_version_positive', sql`${t.version} >= 1`),
  ],
)

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    position: integer('position').notNull(),
    itemId: text('item_id').notNull(),
    description: text('description').notNull().default(''),
    taxable: boolean('taxable').notNull().default(false),
    quantity: decimal5('quantity').notNull(),
    unitPrice: decimal5('unit_price').notNull(),
    cost: decimal5('cost'),
    businessUnitId: text('business_unit_id'),
    inventoryLocationId: text('inventory_location_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('invoice_lines_invoice').on(t.invoiceId, t.position),
    foreignKey({
      name: 'invoice_lines_invoice_fk',
      columns: [t.tenantId, t.invoiceId],
      foreignColumns: [invoices.tenantId, invoices.id],
    }).onDelete('cascade'),
    foreignKey({ name: 'invoice_lines_item_fk', columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
    foreignKey({
      name: 'invoice_lines_business_unit_fk',
      columns: [t.tenantId, t.businessUnitId],
      foreignColumns: [businessUnits.tenantId, businessUnits.id],
    }),
    foreignKey({
      name: 'invoice_lines_inventory_location_fk',
      columns: [t.tenantId, t.inventoryLocationId],
      foreignColumns: [inventoryLocations.tenantId, inventoryLocations.id],
    }),
  ],
)

/** Append-only history of every saved change (a trigger refuses UPDATE and DELETE). */
export const invoiceRevisions = pgTable(
  'invoice_revisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    version: integer('version').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    diff: jsonb('diff').notNull(),
    decision: editDecision('decision').notNull(),
    /** The connection a bypass applied to, when there are several. */
    connectionId: uuid('connection_id'),
    actorUserId: text('actor_user_id'),
    actorApiKeyId: uuid('actor_api_key_id'),
    warnings: jsonb('warnings').notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invoice_revisions_invoice_version').on(t.invoiceId, t.version),
    foreignKey({
      name: 'invoice_revisions_invoice_fk',
      columns: [t.tenantId, t.invoiceId],
      foreignColumns: [invoices.tenantId, invoices.id],
    }),
  ],
)

// ---------------------------------------------------------------------------------------------
// Sync state per (invoice, connection), per line, and every attempt

export const invoiceSyncStates = pgTable(
  'invoice_sync_states',
  {
    tenantId: uuid('tenant_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    connectionId: uuid('connection_id').notNull(),
    exportStatus: exportStatus('export_status').notNull(),
    status: syncStatus('status').notNull().default('NOT_APPLICABLE'),
    /** ExternalGUID sent with InvoiceAdd: finds the invoice again when an answer was lost. */
    externalGuid: text('external_guid').notNull(),
    qbTxnId: text('qb_txn_id'),
    /** What the add was sent as (its total's sign then); fixed once QuickBooks may have it. */
    qbTxnType: qbTxnType('qb_txn_type').notNull().default('INVOICE'),
    qbEditSequence: text('qb_edit_sequence'),
    qbTxnNumber: integer('qb_txn_number'),
    qbRefNumber: text('qb_ref_number'),
    /** Invoice version QuickBooks holds: its content is that version's revision (revisions are append-only). */
    syncedVersion: integer('synced_version'),
    /** Invoice version waiting to be pushed (null when nothing is pending). */
    pendingVersion: integer('pending_version'),
    /** Set while a request for this invoice is out with the Web Connector. */
    inFlightAttemptId: uuid('in_flight_attempt_id'),
    /** Outcome unknown (lost answer, crash): ask QuickBooks before sending again. */
    needsReconcile: boolean('needs_reconcile').notNull().default(false),
    lastErrorCode: text('last_error_code'),
    lastErrorMessage: text('last_error_message'),
    lastErrorFix: text('last_error_fix'),
    lastErrorHelpUrl: text('last_error_help_url'),
    lastErrorObjects: jsonb('last_error_objects'),
    lastErrorDetails: jsonb('last_error_details'),
    lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
    transientFailures: integer('transient_failures').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    /** QuickBooks' TimeModified of its copy, as last confirmed or read (QuickBooks' local time). */
    qbTimeModified: text('qb_time_modified'),
    /** What QuickBooks says is paid and owed on the invoice, and the status they make (read back). */
    qbAmountPaid: numeric('qb_amount_paid', { precision: 15, scale: 2 }),
    qbBalance: numeric('qb_balance', { precision: 15, scale: 2 }),
    paymentStatus: paymentStatus('payment_status'),
    /** When QuickBooks' copy was last read back. */
    qbReadAt: timestamp('qb_read_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.invoiceId, t.connectionId] }),
    uniqueIndex('invoice_sync_states_external_guid').on(t.externalGuid),
    index('invoice_sync_states_tenant_status').on(t.tenantId, t.status),
    // Work for a connection (the Web Connector's claim and "is there more?"): the predicate names
    // every kind of work, so the planner can use this index and never scans the synced rows. Its
    // order is the order work goes in: retries due first, then the longest waiting (updated_at),
    // then by invoice id, so the order never depends on where rows happen to lie in the table.
    index('invoice_sync_states_work')
      .on(t.connectionId, t.nextAttemptAt, t.updatedAt, t.invoiceId)
      .where(sql`${t.exportStatus} = 'QUEUED' or ${t.status} = 'PENDING' or ${t.needsReconcile}`),
    index('invoice_sync_states_txn').on(t.connectionId, t.qbTxnId),
    foreignKey({
      name: 'invoice_sync_states_invoice_fk',
      columns: [t.tenantId, t.invoiceId],
      foreignColumns: [invoices.tenantId, invoices.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'invoice_sync_states_connection_fk',
      columns: [t.tenantId, t.connectionId],
      foreignColumns: [connections.tenantId, connections.id],
    }).onDelete('cascade'),
  ],
)

/**
 * QuickBooks' TxnLineID for each of our lines (what the line holds there is in the revision at the
 * state's synced_version). A line
 * deleted here keeps its row until QuickBooks confirms a version without it: QuickBooks still has
 * the line until then, and telling it apart from a line someone added in QuickBooks needs its
 * TxnLineID. So the row hangs on the invoice, not on the line.
 */
export const invoiceLineSyncs = pgTable(
  'invoice_line_syncs',
  {
    lineId: uuid('line_id').notNull(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    qbTxnLineId: text('qb_txn_line_id').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.lineId, t.connectionId] }), index('invoice_line_syncs_invoice').on(t.invoiceId, t.connectionId)],
)

/** Every sync status change, with time, actor and reason. */
export const syncStatusTransitions = pgTable(
  'sync_status_transitions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    connectionId: uuid('connection_id').notNull(),
    fromStatus: syncStatus('from_status'),
    toStatus: syncStatus('to_status').notNull(),
    reason: text('reason').notNull(),
    /** For a move to ACTION_REQUIRED: the error shown then (the state keeps only the latest). */
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    actorUserId: text('actor_user_id'),
    actorApiKeyId: uuid('actor_api_key_id'),
    sessionId: uuid('session_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('sync_status_transitions_invoice').on(t.invoiceId, t.createdAt),
    // A session's summary and history read the transitions it made.
    index('sync_status_transitions_session').on(t.sessionId).where(sql`${t.sessionId} is not null`),
    foreignKey({
      name: 'sync_status_transitions_state_fk',
      columns: [t.invoiceId, t.connectionId],
      foreignColumns: [invoiceSyncStates.invoiceId, invoiceSyncStates.connectionId],
    }).onDelete('cascade'),
  ],
)

/**
 * Wrong Web Connector passwords per source address (an IPv4 address or an IPv6 /64), counted in one
 * upsert so concurrent guesses are all counted. An address, not an account, is throttled: whoever
 * read the username in a .qwc cannot lock the real Web Connector out.
 */
export const qbwcLoginFailures = pgTable(
  'qbwc_login_failures',
  {
    address: text('address').primaryKey(),
    failures: integer('failures').notNull(),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('qbwc_login_failures_last').on(t.lastFailureAt)],
)

export const qbwcSessions = pgTable(
  'qbwc_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** SHA-256 of the ticket handed to the Web Connector; the ticket itself is never stored. */
    ticketHash: text('ticket_hash').notNull(),
    tenantId: uuid('tenant_id').notNull(),
    connectionId: uuid('connection_id').notNull(),
    status: qbwcSessionStatus('status').notNull().default('ACTIVE'),
    clientVersion: text('client_version'),
    qbxmlVersion: text('qbxml_version'),
    qbCountry: text('qb_country'),
    companyFile: text('company_file'),
    hostInfo: jsonb('host_info'),
    preferences: jsonb('preferences'),
    roundTrips: integer('round_trips').notNull().default(0),
    /** Read requests sent in this session (bounded per session), and QuickBooks records they read. */
    readRounds: integer('read_rounds').notNull().default(0),
    readEntries: integer('read_entries').notNull().default(0),
    totalWork: integer('total_work').notNull().default(0),
    doneWork: integer('done_work').notNull().default(0),
    syncedCount: integer('synced_count').notNull().default(0),
    failedCount: integer('failed_count').notNull().default(0),
    /** Invoices not sent because QuickBooks did not say which features the company uses (no readable preferences, none stored). */
    heldInvoices: uuid('held_invoices').array().notNull().default(sql`'{}'::uuid[]`),
    /** The session's profile is the conservative guess (no readable preferences, none stored): invoices it would send incomplete are held. */
    profileGuessed: boolean('profile_guessed').notNull().default(false),
    lastError: text('last_error'),
    summary: text('summary'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('qbwc_sessions_ticket').on(t.ticketHash),
    uniqueIndex('qbwc_sessions_one_active').on(t.connectionId).where(sql`${t.status} = 'ACTIVE'`),
    index('qbwc_sessions_connection_started').on(t.connectionId, t.startedAt),
    foreignKey({
      name: 'qbwc_sessions_connection_fk',
      columns: [t.tenantId, t.connectionId],
      foreignColumns: [connections.tenantId, connections.id],
    }).onDelete('cascade'),
  ],
)

/** One qbXML request sent to QuickBooks and what came back, kept for audit. */
export const syncAttempts = pgTable(
  'sync_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    connectionId: uuid('connection_id').notNull(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => qbwcSessions.id, { onDelete: 'cascade' }),
    invoiceId: uuid('invoice_id'),
    /** The payment a PAYMENT_ADD or PAYMENT_QUERY is about. */
    paymentId: uuid('payment_id'),
    requestId: text('request_id').notNull(),
    kind: syncRequestKind('kind').notNull(),
    invoiceVersion: integer('invoice_version'),
    requestXml: text('request_xml').notNull(),
    responseXml: text('response_xml'),
    statusCode: integer('status_code'),
    statusSeverity: text('status_severity'),
    statusMessage: text('status_message'),
    hresult: text('hresult'),
    outcome: syncOutcome('outcome').notNull().default('SENT'),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('sync_attempts_session_request').on(t.sessionId, t.requestId),
    index('sync_attempts_invoice').on(t.invoiceId, t.sentAt),
    // The requests of a session still waiting for their answer: read at every receiveResponseXML,
    // and as small as one round trip however long the session has run.
    index('sync_attempts_session_open').on(t.sessionId).where(sql`${t.outcome} = 'SENT'`),
    foreignKey({
      name: 'sync_attempts_invoice_fk',
      columns: [t.tenantId, t.invoiceId],
      foreignColumns: [invoices.tenantId, invoices.id],
    }).onDelete('cascade'),
  ],
)

// ---------------------------------------------------------------------------------------------
// Webhooks (outbox + deliveries) and idempotency

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    /** The whsec_ signing secret, encrypted (AES-256-GCM); it must be recoverable to sign. */
    secretCiphertext: text('secret_ciphertext').notNull(),
    /** Kept during rotation so receivers can verify with either secret. */
    previousSecretCiphertext: text('previous_secret_ciphertext'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    disabledReason: text('disabled_reason'),
    /** The circuit breaker (webhooks/circuit.ts): failures in a row, times opened in a row, paused until. */
    circuitFailures: integer('circuit_failures').notNull().default(0),
    circuitOpens: integer('circuit_opens').notNull().default(0),
    circuitOpenUntil: timestamp('circuit_open_until', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_endpoints_tenant').on(t.tenantId)],
)

/** Events written in the same transaction as the change that caused them. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_events_tenant_created').on(t.tenantId, t.createdAt)],
)

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    status: webhookDeliveryStatus('status').notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_endpoint').on(t.eventId, t.endpointId),
    // The claim takes each endpoint's oldest due deliveries, and counts each endpoint's leased (in-flight) ones.
    index('webhook_deliveries_endpoint_due').on(t.endpointId, t.nextAttemptAt, t.id).where(sql`${t.status} = 'PENDING'`),
    index('webhook_deliveries_leased').on(t.endpointId).where(sql`${t.status} = 'PENDING' and ${t.lockedUntil} is not null`),
    index('webhook_deliveries_endpoint').on(t.endpointId, t.createdAt),
  ],
)

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    /** SHA-256 of the request body: the same key with another body is refused. */
    requestHash: text('request_hash').notNull(),
    state: idempotencyState('state').notNull().default('IN_PROGRESS'),
    responseStatus: integer('response_status'),
    responseHeaders: jsonb('response_headers'),
    responseBody: text('response_body'),
    /** Set inside the request's own write transaction: from then on the work is done and no retry may take the key over. */
    workCommittedAt: timestamp('work_committed_at', { withTimezone: true }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] }), index('idempotency_keys_expires').on(t.expiresAt)],
)

/**
 * The simulated QuickBooks company of a sandbox connection (owner: src/sandbox/sandbox-store.ts): its
 * whole state as JSON, the Web Connector password its player logs in with (encrypted with
 * SECRETS_KEY, bound to the connection), and a lease a run or an action takes, so one thing at a
 * time changes the company whichever instance serves it.
 */
export const sandboxCompanies = pgTable('sandbox_companies', {
  connectionId: uuid('connection_id')
    .primaryKey()
    .references(() => connections.id, { onDelete: 'cascade' }),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  companyName: text('company_name').notNull(),
  state: jsonb('state').notNull(),
  passwordCiphertext: text('password_ciphertext').notNull(),
  /** Held by a run or an action until then (a crashed holder's lease lapses). */
  leasedUntil: timestamp('leased_until', { withTimezone: true }),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

/**
 * What each instance drew from each rate-limit budget in the current one-minute window (owner:
 * src/http/rate-share.ts), exchanged every RATE_LIMIT_SHARE_INTERVAL_MS so the budgets hold across
 * instances. Unlogged (made so by its migration): counts of a minute need no crash safety.
 */
export const rateLimitShares = pgTable(
  'rate_limit_shares',
  {
    bucket: text('bucket').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    instance: uuid('instance').notNull(),
    points: integer('points').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart, t.instance] })],
)
