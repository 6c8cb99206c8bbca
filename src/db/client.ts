// Opens the database: a pg pool when DATABASE_URL is set, otherwise PGlite (embedded Postgres)
// persisted in DATA_DIR. Both speak the same drizzle schema and run the same migrations.
import { mkdir, open, readFile, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import type { Config } from '../config.js'
import { migrationsDir } from '../paths.js'
import * as schema from './schema.js'
import { fenceTransactions } from './transaction-fence.js'
import type { Db } from './types.js'

export type { Db, Executor, Schema, Tx } from './types.js'

export interface DatabaseHandle {
  db: Db
  kind: 'postgres' | 'pglite'
  /** Where the data lives, safe to log (no password). */
  location: string
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>
  /** Applies the committed migrations/ that are not applied yet; safe with several instances. */
  migrate(): Promise<void>
  close(): Promise<void>
  /** The pool's connections now (PostgreSQL only): in all, idle, and requests waiting for one. */
  poolStats?(): { total: number; idle: number; waiting: number }
  /**
   * PostgreSQL only: payloads NOTIFY'd on `channel` by any instance, on a session of their own that
   * reconnects when lost (what is sent meanwhile is missed). Resolves with a function that stops.
   */
  listen?(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>
  /** PostgreSQL only: sends `payload` (at most 8,000 bytes) to every instance listening on `channel`. */
  notify?(channel: string, payload: string): Promise<void>
}

export interface Logger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

/** Arbitrary constant naming this service's migration lock among Postgres advisory locks. */
const MIGRATION_LOCK = 7_300_114_221

/** Closing twice (shutdown racing a failed start, say) is harmless. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => (done ??= fn())
}

export function describePostgresUrl(url: string): string {
  const u = new URL(url)
  return `postgres://${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`
}

/** Server-side limits of every pooled session, in milliseconds (0: none). */
export interface DatabaseTimeouts {
  statementMs: number
  lockMs: number
  idleInTransactionMs: number
}

export interface OpenOptions {
  /** Sees every SQL statement drizzle runs (tests count them). */
  onQuery?: (sql: string, params: unknown[]) => void
  /** PostgreSQL only; PGlite is one embedded session with nobody to wait for. */
  timeouts?: DatabaseTimeouts
}

const drizzleLogger = (options: OpenOptions) =>
  options.onQuery ? { logger: { logQuery: (query: string, params: unknown[]) => options.onQuery!(query, params) } } : {}

export async function openPostgres(url: string, poolMax: number, log?: Logger, options: OpenOptions = {}): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    application_name: 'invoice-sync',
    // Sent with each connection's start-up, so every session of the pool has them from its first statement.
    ...(options.timeouts && {
      statement_timeout: options.timeouts.statementMs,
      lock_timeout: options.timeouts.lockMs,
      idle_in_transaction_session_timeout: options.timeouts.idleInTransactionMs,
    }),
  })
  // An idle client losing its server (restart, network cut) must not crash the process.
  pool.on('error', (err) =>
    log?.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'idle database connection lost'),
  )
  // So must a client in use (a transaction between two statements): without a listener its 'error'
  // is an uncaught exception that stops the process. The failed query itself reports to its caller.
  pool.on('connect', (client) =>
    client.on('error', (err) =>
      log?.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'database connection lost while in use'),
    ),
  )
  const db = fenceTransactions(drizzlePg(pool, { schema, ...drizzleLogger(options) }) as unknown as Db)
  return {
    db,
    kind: 'postgres',
    location: describePostgresUrl(url),
    async ping() {
      await pool.query('select 1')
    },
    async migrate() {
      // A connection of its own, outside the pool and without its limits: a migration may rewrite a
      // big table, and waits for the lock while another instance migrates (several may start at
      // once). The pool's sessions keep their limits from their first statement.
      const client = new pg.Client({
        connectionString: url,
        application_name: 'invoice-sync-migrate',
        connectionTimeoutMillis: 5000,
        statement_timeout: 0,
        lock_timeout: 0,
        idle_in_transaction_session_timeout: 0,
      })
      // A lost connection fails the migration (its query rejects); it must not crash the process.
      client.on('error', (err) => log?.warn({ err: { message: err.message } }, 'migration connection lost'))
      await client.connect()
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
        await migratePg(drizzlePg(client), { migrationsFolder: migrationsDir })
      } finally {
        // Ending the session releases the advisory lock with it.
        await client.end()
      }
    },
    close: once(() => pool.end()),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async notify(channel, payload) {
      await pool.query('select pg_notify($1, $2)', [channel, payload])
    },
    async listen(channel, onPayload) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`)
      let stopped = false
      let client: pg.Client | undefined
      let retry: NodeJS.Timeout | undefined
      const connect = async (delayMs: number): Promise<void> => {
        const c = new pg.Client({ connectionString: url, application_name: 'invoice-sync-listen', connectionTimeoutMillis: 5000 })
        const again = () => {
          if (stopped || client !== c) return
          client = undefined
          log?.warn({ channel }, 'database notifications lost; listening again')
          retry = setTimeout(() => void connect(Math.min(delayMs * 2, 30_000)), delayMs)
          retry.unref()
        }
        client = c
        c.on('error', again)
        c.on('end', again)
        c.on('notification', (n) => {
          if (n.channel === channel && n.payload !== undefined) onPayload(n.payload)
        })
        try {
          await c.connect()
          await c.query(`listen ${channel}`)
        } catch {
          again()
        }
      }
      await connect(500)
      return async () => {
        stopped = true
        if (retry) clearTimeout(retry)
        const c = client
        client = undefined
        await c?.end().catch(() => {})
      }
    },
  }
}

/**
 * PGlite keeps one process per data directory; a second process opening the same files would
 * corrupt them, so a lock file with the owner's pid guards it (a dead owner's lock is taken over).
 */
async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const lockPath = join(dir, 'invoice-sync.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      return async () => {
        await rm(lockPath, { force: true })
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim())
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(`the embedded database in ${dir} is in use by process ${owner}; stop it or set DATA_DIR to another directory`)
      }
      await rm(lockPath, { force: true })
    }
  }
  throw new Error(`cannot lock the embedded database in ${dir}`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * dataDir undefined = in memory (tests). PGlite and its drizzle driver are loaded here, when the
 * embedded database is opened, so a process on PostgreSQL (every test file, a production server)
 * never loads them.
 */
export async function openPglite(dataDir: string | undefined, options: OpenOptions = {}): Promise<DatabaseHandle> {
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePgliteDb }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ])
  let unlock = async () => {}
  let client: PGlite
  let location = 'memory'
  if (dataDir) {
    location = resolve(dataDir)
    await mkdir(location, { recursive: true })
    unlock = await lockDataDir(location)
    try {
      client = await PGlite.create(join(location, 'pgdata'))
    } catch (err) {
      await unlock()
      throw err
    }
  } else {
    client = await PGlite.create()
  }
  const db = fenceTransactions(drizzlePglite(client, { schema, ...drizzleLogger(options) }) as unknown as Db)
  return {
    db,
    kind: 'pglite',
    location,
    async ping() {
      await client.query('select 1')
    },
    async migrate() {
      await migratePgliteDb(drizzlePglite(client), { migrationsFolder: migrationsDir })
    },
    close: once(async () => {
      try {
        await client.close()
      } finally {
        await unlock()
      }
    }),
  }
}

export function openDatabase(config: Config, log?: Logger): Promise<DatabaseHandle> {
  return config.database.kind === 'postgres'
    ? openPostgres(config.database.url, config.database.poolMax, log, { timeouts: config.databaseTimeouts })
    : openPglite(config.database.dataDir)
}
