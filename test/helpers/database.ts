// A fresh database for each test file, on the best server available, in the order of STACK.md:
// TEST_DATABASE_URL / DATABASE_URL -> a new database on that server, copied from a migrated
// template; else Docker -> a testcontainers Postgres; else PGlite in memory.
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

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl })
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
  await withAdmin(serverUrl, async (admin) => {
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
  void withAdmin(serverUrl, (admin) => admin.query(`drop database if exists "${name}" with (force)`)).catch((error: unknown) => {
    process.exitCode = 1
    process.stderr.write(`could not drop test database ${name}: ${String(error)}\n`)
  })
}

export function uniqueDatabaseName(prefix = 'invoice_sync_test'): string {
  return `${prefix}_${process.pid}_${randomBytes(5).toString('hex')}`
}

async function makeDatabase(serverUrl: string, template: string | undefined): Promise<string> {
  const name = uniqueDatabaseName()
  await withAdmin(serverUrl, async (admin) => {
    await admin.query(`create database "${name}"${template ? ` template "${template}"` : ''}`)
    // A commit returns without waiting for its WAL to reach the disk (a few ms each on a busy
    // machine, thousands of commits a file). Other sessions see it at once all the same; only a
    // crash of the PostgreSQL server itself could lose it, which no test causes.
    await admin.query(`alter database "${name}" set synchronous_commit = off`)
  })
  return name
}

/** The next migrated database, copied from the template while the test before it ran. */
let spare: { template: string; name: Promise<string | undefined> } | undefined
let asked = 0

/**
 * A fresh copy of the template. From the second one a file asks for, the next copy is made in the
 * background while the test runs (a copy takes a few hundred ms, several on a busy server); a copy
 * nobody took is dropped when the process has nothing else left to do.
 */
async function takeMigratedDatabase(serverUrl: string, template: string): Promise<string> {
  const previous = spare
  spare = undefined
  let ready: string | undefined
  if (previous) {
    const made = await previous.name
    if (previous.template === template) ready = made
    else if (made) dropLater(serverUrl, made)
  }
  const name = ready ?? (await makeDatabase(serverUrl, template))
  if (++asked >= 2) {
    const next = { template, name: makeDatabase(serverUrl, template).catch(() => undefined) }
    spare = next
    if (asked === 2) {
      process.on('beforeExit', () => {
        const left = spare
        spare = undefined
        if (left) void left.name.then((unused) => unused && dropLater(serverUrl, unused))
      })
    }
  }
  return name
}

/** A database of its own for one test (file), dropped at teardown. `migrated: false` gives an empty one. */
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
  t.teardown(async () => {
    await Promise.allSettled(handles.map((h) => h.close()))
    dropLater(serverUrl, name)
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
