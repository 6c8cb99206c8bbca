// An empty migrated database for each test, on the best server available, in the order of
// STACK.md: TEST_DATABASE_URL / DATABASE_URL -> a database on that server, copied from a migrated
// template and emptied between the tests of one file; else Docker -> a testcontainers Postgres;
// else PGlite in memory.
import { createHash, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { type DatabaseHandle, type OpenOptions, openPglite, openPostgres } from '../../src/db/client.js'
import { migrationsDir } from '../../src/paths.js'

export type TestDatabaseKind = 'postgres' | 'pglite'

export interface TestDatabase {
  kind: TestDatabaseKind
  /** Connection URL (postgres only): what a server process would get as DATABASE_URL. */
  url?: string
  /** Opens a handle on this database, closed at teardown. PGlite has one handle only. */
  open(options?: OpenOptions): Promise<DatabaseHandle>
}

interface TeardownHost {
  teardown(fn: () => unknown): void
}

let serverUrlPromise: Promise<string | undefined> | undefined

/** The Postgres server tests use, or undefined when only PGlite is available. */
export function postgresServerUrl(): Promise<string | undefined> {
  serverUrlPromise ??= (async () => {
    const given = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL
    if (given) return given
    const { getContainerRuntimeClient } = await import('testcontainers')
    const docker = await getContainerRuntimeClient().then(
      () => true,
      () => false,
    )
    if (!docker) return undefined
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql')
    const container = await new PostgreSqlContainer('postgres:15-alpine').start()
    process.once('beforeExit', () => void container.stop())
    return container.getConnectionUri()
  })()
  return serverUrlPromise
}

/** Which driver the suite runs on, for messages. */
export async function describeTestDatabase(): Promise<string> {
  const url = await postgresServerUrl()
  return url ? `PostgreSQL at ${new URL(url).host}` : 'PGlite (no TEST_DATABASE_URL, DATABASE_URL or Docker)'
}

export function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl)
  u.pathname = `/${database}`
  return u.toString()
}

function migrationsFingerprint(): string {
  const hash = createHash('sha256')
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, entry.name)
      if (entry.isDirectory()) walk(p)
      else hash.update(entry.name).update(readFileSync(p))
    }
  }
  walk(migrationsDir)
  return hash.digest('hex').slice(0, 12)
}

/** Arbitrary constant naming the test-template lock among Postgres advisory locks. */
const TEMPLATE_LOCK = 7_300_114_299

/** A connection to `url` (the server's admin database, or a test's) for the time of `fn`. */
async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** One migrated template per migrations/ content, built once and shared by parallel test files. */
async function ensureTemplate(serverUrl: string): Promise<string> {
  const template = `invoice_sync_tpl_${migrationsFingerprint()}`
  await withClient(serverUrl, async (admin) => {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK])
    try {
      const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [template])
      if (rowCount) return
      const building = `${template}_building`
      await admin.query(`drop database if exists "${building}" with (force)`)
      await admin.query(`create database "${building}"`)
      const handle = await openPostgres(withDatabase(serverUrl, building), 2)
      try {
        await handle.migrate()
      } finally {
        await handle.close()
      }
      // Renamed only once complete, so a crash mid-build never leaves a half-migrated template.
      await admin.query(`alter database "${building}" rename to "${template}"`)
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK])
    }
  })
  return template
}

/**
 * Drops a test's database without holding up the next test: a drop waits for Postgres to remove
 * the files (about a second, several on a busy server), and nothing reads the database after its
 * teardown. The pending drop keeps the process alive, so every database is gone by the time the
 * test file's process exits; a drop that fails is reported on stderr, as the await used to.
 */
function dropLater(serverUrl: string, name: string): void {
  void withClient(serverUrl, (admin) => admin.query(`drop database if exists "${name}" with (force)`)).catch((error: unknown) => {
    process.exitCode = 1
    process.stderr.write(`could not drop test database ${name}: ${String(error)}\n`)
  })
}

export function uniqueDatabaseName(prefix = 'invoice_sync_test'): string {
  return `${prefix}_${process.pid}_${randomBytes(5).toString('hex')}`
}

async function makeDatabase(serverUrl: string, template: string | undefined): Promise<string> {
  const name = uniqueDatabaseName()
  await withClient(serverUrl, async (admin) => {
    await admin.query(`create database "${name}"${template ? ` template "${template}"` : ''}`)
    // A commit returns without waiting for its WAL to reach the disk (a few ms each on a busy
    // machine, thousands of commits a file). Other sessions see it at once all the same; only a
    // crash of the PostgreSQL server itself could lose it, which no test causes.
    await admin.query(`alter database "${name}" set synchronous_commit = off`)
  })
  return name
}

/**
 * What a test could change in a database besides its rows: relations, functions, triggers,
 * schemas and database-level settings. A database whose signature differs from a fresh copy's is
 * dropped after its test rather than emptied for the next one.
 */
/** A schema of the database's own, not PostgreSQL's. */
const ownSchema = (column: string) => `${column} not like 'pg\\_%' and ${column} <> 'information_schema'`

const SIGNATURE = `select md5(coalesce(string_agg(x, ',' order by x), '')) as signature from (
  select 'c:' || n.nspname || '.' || c.relname || ':' || c.relkind::text || ':' || c.relnatts as x
    from pg_class c join pg_namespace n on n.oid = c.relnamespace where ${ownSchema('n.nspname')}
  union all select 'p:' || n.nspname || '.' || p.proname
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace where ${ownSchema('n.nspname')}
  union all select 't:' || tgrelid::regclass::text || '.' || tgname || ':' || tgenabled::text from pg_trigger where not tgisinternal
  union all select 'n:' || nspname from pg_namespace where ${ownSchema('nspname')}
  union all select 's:' || array_to_string(setconfig, ',') from pg_db_role_setting s
    join pg_database d on d.oid = s.setdatabase where d.datname = current_database()
) signature`

async function readSignature(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ signature: string }>(SIGNATURE)
  return rows[0]!.signature
}

/**
 * Empties a database a test has finished with, for the next test of the same process: every
 * session still on it is ended, then every row goes except the migrations' own (with triggers
 * and foreign keys off for the transaction, so the append-only audit tables can be emptied too)
 * and the identity sequences start again. Deleting the few rows a test wrote takes a few
 * milliseconds where copying the template took a few hundred on this server, and TRUNCATE as
 * long. Returns false when the database cannot be reused as it is (its schema changed, or the
 * role may not turn triggers off); the caller drops it.
 */
async function emptyForReuse(url: string, freshSignature: string): Promise<boolean> {
  return withClient(url, async (client) => {
    await client.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    )
    if ((await readSignature(client)) !== freshSignature) return false
    const tables = await client.query<{ name: string }>(
      `select format('%I.%I', schemaname, tablename) as name from pg_tables where ${ownSchema('schemaname')} and schemaname <> 'drizzle'`,
    )
    const sequences = await client.query<{ name: string }>(
      `select format('%I.%I', schemaname, sequencename) as name from pg_sequences where schemaname <> 'drizzle'`,
    )
    await client.query('begin')
    try {
      await client.query('set local session_replication_role = replica')
      await client.query(tables.rows.map((t) => `delete from ${t.name}`).join(';\n'))
      for (const sequence of sequences.rows) await client.query('select setval($1::regclass, 1, false)', [sequence.name])
      await client.query('commit')
    } catch {
      await client.query('rollback')
      return false
    }
    return true
  })
}

/** Migrated databases of this process whose tests are over, being emptied for the next test. */
const reusable: Promise<string | undefined>[] = []
/** The signature of a fresh copy of the template, read from the first copy this process made. */
let freshSignature: Promise<string | undefined> | undefined
let dropAtExit = false

/**
 * A migrated database for a test: one an earlier test of this file finished with, emptied, or
 * else a new copy of the template. A file's tests run one after another, so a file copies the
 * template about once; its databases are dropped when the process has nothing else to do.
 */
async function takeMigratedDatabase(serverUrl: string, template: string): Promise<string> {
  while (reusable.length > 0) {
    const name = await reusable.shift()
    if (name) return name
  }
  const name = await makeDatabase(serverUrl, template)
  // Read once; if it cannot be read, no database is reused (each is dropped after its test).
  freshSignature ??= withClient(withDatabase(serverUrl, name), readSignature).catch(() => undefined)
  if (!dropAtExit) {
    dropAtExit = true
    process.on('beforeExit', () => {
      const left = reusable.splice(0)
      for (const pending of left) void pending.then((unused) => unused && dropLater(serverUrl, unused))
    })
  }
  return name
}

/** After its test: the database is emptied for the next test, or dropped if it cannot be reused. */
function giveBack(serverUrl: string, name: string): void {
  const signature = freshSignature
  const emptied = (async () => {
    const expected = await signature
    if (expected && (await emptyForReuse(withDatabase(serverUrl, name), expected))) return name
    dropLater(serverUrl, name)
    return undefined
  })().catch(() => {
    dropLater(serverUrl, name)
    return undefined
  })
  reusable.push(emptied)
}

/**
 * A database of its own for one test (file), empty but for the schema: at teardown it is emptied
 * for the file's next test (or dropped). `migrated: false` gives a new database without tables.
 */
export async function createTestDatabase(t: TeardownHost, options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = await postgresServerUrl()
  if (!serverUrl) {
    let handle: DatabaseHandle | undefined
    t.teardown(() => handle?.close())
    return {
      kind: 'pglite',
      async open(openOptions) {
        if (handle) throw new Error('PGlite test databases have a single handle')
        handle = await openPglite(undefined, openOptions)
        if (options.migrated !== false) await handle.migrate()
        return handle
      },
    }
  }
  const template = options.migrated === false ? undefined : await ensureTemplate(serverUrl)
  const name = template ? await takeMigratedDatabase(serverUrl, template) : await makeDatabase(serverUrl, undefined)
  const url = withDatabase(serverUrl, name)
  const handles: DatabaseHandle[] = []
  // Teardowns run last-registered first, so by now the test's apps, servers and sessions are gone.
  t.teardown(async () => {
    await Promise.allSettled(handles.map((h) => h.close()))
    if (template) giveBack(serverUrl, name)
    else dropLater(serverUrl, name)
  })
  return {
    kind: 'postgres',
    url,
    async open(openOptions) {
      const handle = await openPostgres(url, 5, undefined, openOptions)
      handles.push(handle)
      return handle
    },
  }
}

/**
 * A second session on the test's database, as another process would hold it: `lock` runs its
 * statement in an open transaction (a row `for update`, a table lock) and keeps it until `release`.
 */
export async function lockingSession(t: TeardownHost, url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  t.teardown(() => client.end())
  return {
    client,
    async lock(statement: string): Promise<void> {
      await client.query('begin')
      await client.query(statement)
    },
    async release(how: 'commit' | 'rollback' = 'commit'): Promise<void> {
      await client.query(how)
    },
  }
}
