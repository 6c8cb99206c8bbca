// The real process: `npm start`'s server on the embedded database and on PostgreSQL, restarted,
// shut down by signal, and refused a second process on the same embedded data directory.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { createTestDatabase, postgresServerUrl } from './helpers/database.js'
import { startServerProcess } from './helpers/server-process.js'

const noPostgres = (await postgresServerUrl())
  ? false
  : 'no PostgreSQL server: set TEST_DATABASE_URL (or DATABASE_URL) or run Docker to test on PostgreSQL'

// How long a start may take before the test gives up: a bound for a hung start, not a speed target
// (start-up time is measured by `npm run bench:startup`; this box is shared and noisy).
const READY_WITHIN_MS = 90_000

async function waitReady(base: string): Promise<number> {
  const started = Date.now()
  for (;;) {
    const res = await fetch(`${base}/readyz`).catch(() => undefined)
    if (res?.status === 200) return Date.now() - started
    if (Date.now() - started > READY_WITHIN_MS) throw new Error(`${base}/readyz not 200 within ${READY_WITHIN_MS} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function api(base: string, key: string) {
  return (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
}

t.test('embedded default: ready, restarted with its data, one key shown once, one process per directory', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'invoice-sync-data-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const env = { DATA_DIR: dataDir }

  const first = startServerProcess(env)
  t.teardown(() => first.stop('SIGKILL'))
  const base = await first.listening
  await waitReady(base)
  t.match(first.stdout(), /"database":"pglite","location":"[^"]+invoice-sync-data-/, 'the log says embedded PGlite and where')
  const key = /(isk_[A-Za-z0-9_-]{43})/.exec(first.stderr())?.[1]
  t.ok(key, 'the generated admin key is printed at first start')
  t.notOk(first.stdout().includes(key!), 'and it is not in the JSON log')

  const call = api(base, key!)
  t.equal((await call('PUT', '/v1/customers/c-1', { name: 'Kept Across Restarts' })).status, 201)

  const second = startServerProcess(env)
  t.equal(await second.exited, 1, 'a second process on the same data directory refuses to start')
  t.match(second.stdout() + second.stderr(), /is in use by process \d+/)

  t.equal(await first.stop('SIGTERM'), 0, 'SIGTERM shuts down cleanly')
  t.match(first.stdout(), /"signal":"SIGTERM".*shutting down/)

  const restarted = startServerProcess(env)
  t.teardown(() => restarted.stop('SIGKILL'))
  const base2 = await restarted.listening
  await waitReady(base2)
  const res = await api(base2, key!)('GET', '/v1/customers/c-1')
  t.equal(res.status, 200, 'the data is still there after the restart')
  t.match(await res.json(), { id: 'c-1', name: 'Kept Across Restarts' })
  t.notMatch(restarted.stderr(), /isk_/, 'no new key is generated on restart')
  t.equal(await restarted.stop('SIGINT'), 0)
})

t.test('with DATABASE_URL: ready on PostgreSQL, and the data survives a restart', { skip: noPostgres }, async (t) => {
  const testDatabase = await createTestDatabase(t, { migrated: false })
  const env = { DATABASE_URL: testDatabase.url!, ADMIN_API_KEY: 'a-long-admin-key-for-this-test-0123456789' }

  const first = startServerProcess(env)
  t.teardown(() => first.stop('SIGKILL'))
  const base = await first.listening
  await waitReady(base)
  t.match(first.stdout(), /"database":"postgres","location":"postgres:\/\/[^"@]*@?127\.0\.0\.1:\d+\/invoice_sync_test_/)
  t.notMatch(first.stdout(), /a-long-admin-key/, 'the key is not logged')
  t.equal((await api(base, env.ADMIN_API_KEY)('PUT', '/v1/items/i-1', { name: 'Labor', type: 'SERVICE' })).status, 201)
  t.equal(await first.stop('SIGTERM'), 0)

  const again = startServerProcess(env)
  t.teardown(() => again.stop('SIGKILL'))
  const base2 = await again.listening
  await waitReady(base2)
  t.equal((await api(base2, env.ADMIN_API_KEY)('GET', '/v1/items/i-1')).status, 200)
  t.equal(await again.stop('SIGTERM'), 0)
})
