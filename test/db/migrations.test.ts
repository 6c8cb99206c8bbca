import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import t, { type Test } from 'tap'
import { type DatabaseHandle, openPglite } from '../../src/db/client.js'
import { postgresErrorOf } from '../../src/db/errors.js'
import { migrationsDir } from '../../src/paths.js'
import { createTestDatabase, postgresServerUrl } from '../helpers/database.js'

const noPostgres = (await postgresServerUrl())
  ? false
  : 'no PostgreSQL server: set TEST_DATABASE_URL (or DATABASE_URL) or run Docker to test on PostgreSQL'

const expectedTables = [
  'accounting_periods',
  'api_keys',
  'batches',
  'business_units',
  'connections',
  'customers',
  'idempotency_keys',
  'installation',
  'inventory_locations',
  'invoice_line_syncs',
  'invoice_lines',
  'invoice_payments',
  'invoice_revisions',
  'invoice_sync_states',
  'invoice_types',
  'invoices',
  'items',
  'qb_list_entries',
  'qb_list_mappings',
  'qb_read_cursors',
  'qbwc_login_failures',
  'qbwc_sessions',
  'rate_limit_shares',
  'sandbox_companies',
  'sync_attempts',
  'sync_status_transitions',
  'tax_zones',
  'tenants',
  'users',
  'webhook_deliveries',
  'webhook_endpoints',
  'webhook_events',
]

async function rows<T>(db: DatabaseHandle, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

async function refused(t: Test, query: Promise<unknown>, expected: { code: string; message?: RegExp; constraint?: string }, name: string) {
  const err = await query.then(
    () => undefined,
    (e: unknown) => e,
  )
  t.match(postgresErrorOf(err), expected, name)
}

/** What every driver must show after migrating: the tables, exact numeric types, and the audit trigger. */
async function checkMigratedSchema(t: Test, db: DatabaseHandle) {
  const tables = await rows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
  )
  t.same(
    tables.map((r) => r.table_name),
    expectedTables,
    'every table of the design exists',
  )

  const money = await rows<{ table_name: string; column_name: string; data_type: string; numeric_scale: number }>(
    db,
    sql`select table_name, column_name, data_type, numeric_scale from information_schema.columns
        where table_schema = 'public' and column_name in ('quantity', 'unit_price', 'cost', 'rate') order by 1, 2`,
  )
  t.ok(money.length >= 4)
  for (const c of money) t.equal(c.data_type, 'numeric', `${c.table_name}.${c.column_name} is numeric, never a float`)
  const floats = await rows(
    db,
    sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type in ('real', 'double precision')`,
  )
  t.same(floats, [], 'no float column anywhere')

  // Revisions are an audit trail: the database itself refuses to rewrite them.
  await db.db.execute(sql`insert into tenants (id, name) values ('00000000-0000-4000-8000-000000000001', 'T')`)
  await db.db.execute(sql`insert into customers (tenant_id, id, name) values ('00000000-0000-4000-8000-000000000001', 'c', 'C')`)
  await db.db.execute(
    sql`insert into invoices (id, tenant_id, number, date, customer_id) values ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-000000000001', '1001', '2026-11-01', 'c')`,
  )
  await db.db.execute(
    sql`insert into invoice_revisions (tenant_id, invoice_id, version, snapshot, diff, decision) values ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000a1', 1, '{}', '{}', 'CREATE')`,
  )
  await refused(
    t,
    db.db.execute(sql`update invoice_revisions set version = 2`),
    { code: '42501', message: /append-only/ },
    'no UPDATE of a revision',
  )
  await refused(t, db.db.execute(sql`delete from invoice_revisions`), { code: '42501', message: /append-only/ }, 'no DELETE of a revision')

  // Composite foreign keys keep rows inside their tenant: an invoice cannot name another tenant's customer.
  await db.db.execute(sql`insert into tenants (id, name) values ('00000000-0000-4000-8000-000000000002', 'U')`)
  await refused(
    t,
    db.db.execute(
      sql`insert into invoices (tenant_id, number, date, customer_id) values ('00000000-0000-4000-8000-000000000002', '1', '2026-11-01', 'c')`,
    ),
    { code: '23503', constraint: 'invoices_customer_fk' },
    "no invoice of tenant U for tenant T's customer",
  )
}

t.test('migrations apply on PGlite and are idempotent', async (t) => {
  const db = await openPglite(undefined)
  t.teardown(() => db.close())
  await db.migrate()
  await db.migrate()
  await checkMigratedSchema(t, db)
})

t.test('migrations apply on PostgreSQL, also when several instances start at once', { skip: noPostgres }, async (t) => {
  const empty = await createTestDatabase(t, { migrated: false })
  const instances = await Promise.all([empty.open(), empty.open(), empty.open()])
  await Promise.all(instances.map((db) => db.migrate()))
  const applied = await rows<{ n: number }>(instances[0]!, sql`select count(*)::int as n from drizzle.__drizzle_migrations`)
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }
  t.equal(applied[0]!.n, journal.entries.length, 'each migration recorded once')
  await checkMigratedSchema(t, instances[0]!)
})
