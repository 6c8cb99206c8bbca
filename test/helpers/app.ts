// The one way tests build the service: the real buildApp on a database of the test's own.
import { randomBytes } from 'node:crypto'
import { Writable } from 'node:stream'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { type AppDeps, buildApp } from '../../src/app.js'
import { type Config, loadConfig } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/client.js'
import { createLogger } from '../../src/logger.js'
import { createTestDatabase, type TestDatabase } from './database.js'

export interface TestApp {
  app: FastifyInstance
  config: Config
  database: DatabaseHandle
  testDatabase: TestDatabase
  /** The admin key of the first tenant (ADMIN_API_KEY of this app). */
  adminKey: string
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[]
  /** Messages passed to `announce` (the first-start key banner). */
  announced: string[]
  /** inject() with the admin key (or `as`) in the Authorization header. */
  request(options: InjectOptions & { as?: string | null }): Promise<LightMyRequestResponse>
}

interface Host {
  teardown(fn: () => unknown): void
}

export function randomApiKey(): string {
  return `test_${randomBytes(24).toString('base64url')}`
}

export async function buildTestApp(
  t: Host,
  options: {
    env?: Record<string, string>
    adminKey?: string | null
    testDatabase?: TestDatabase
    database?: DatabaseHandle
    deps?: Pick<AppDeps, 'now' | 'newId'>
  } = {},
): Promise<TestApp> {
  const testDatabase = options.testDatabase ?? (await createTestDatabase(t))
  const adminKey = options.adminKey === null ? undefined : (options.adminKey ?? randomApiKey())
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    // Tests make many requests with one key (and many 401s from one address); rate-limit tests
    // turn the limits on with options.env.
    RATE_LIMIT_PER_MINUTE: '0',
    // Likewise every Web Connector call comes from one address; pre-login tests turn these on.
    QBWC_PRELOGIN_PER_MINUTE: '0',
    QBWC_PRELOGIN_MAX_IN_FLIGHT: '0',
    // The memory ceilings measure this process, the test runner with every app it built and every
    // body it made; the load-shedding test sets one.
    MAX_HEAP_USED_MB: '0',
    MAX_RSS_MB: '0',
    // So does the event loop delay: on a machine busy with other test files a test's own process
    // stalls past a second now and then, and its requests would get 503 OVERLOADED.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0',
    // Reading back from QuickBooks adds read rounds after the writes; the tests of the write path
    // count rounds and percentages without them. The read-back tests turn it on.
    QB_READ_BACK: 'false',
    // Lists are read before invoices; the invoice read tests count read requests without them.
    QB_READ_LISTS: 'false',
    // Check-ins are written in batches every 10 s; tests read a check-in back at once.
    QBWC_CHECK_IN_FLUSH_MS: '0',
    ...(adminKey ? { ADMIN_API_KEY: adminKey } : {}),
    ...(testDatabase.url ? { DATABASE_URL: testDatabase.url } : {}),
    ...options.env,
  })
  const logs: Record<string, unknown>[] = []
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>)
      done()
    },
  })
  const announced: string[] = []
  const database = options.database ?? (await testDatabase.open({ timeouts: config.databaseTimeouts }))
  const app = await buildApp(config, { ...options.deps, database, logger: createLogger(config, sink), announce: (m) => announced.push(m) })
  t.teardown(() => app.close())
  return {
    app,
    config,
    database,
    testDatabase,
    adminKey: adminKey ?? '',
    logs,
    announced,
    request({ as, ...rest }) {
      const key = as === undefined ? adminKey : as
      return app.inject({ ...rest, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...rest.headers } })
    },
  }
}

/** Parses a JSON body, failing clearly when the response is not JSON. */
export function json<T = Record<string, any>>(res: LightMyRequestResponse): T {
  try {
    return JSON.parse(res.body) as T
  } catch {
    throw new Error(`expected a JSON body, got ${res.statusCode} ${res.body.slice(0, 200)}`)
  }
}
