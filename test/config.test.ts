import { spawn } from 'node:child_process'
import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'
import { serverProcessArgs } from './helpers/server-process.js'

t.test('defaults: embedded database in ./data, port 3000, public URL on localhost', async (t) => {
  const config = loadConfig({})
  t.same(config.database, { kind: 'pglite', dataDir: './data' })
  t.equal(config.port, 3000)
  t.equal(config.host, '0.0.0.0')
  t.equal(config.publicUrl, 'http://localhost:3000')
  t.equal(config.adminApiKey, undefined)
})

t.test('PUBLIC_URL: https anywhere, plain http only on this machine', async (t) => {
  for (const url of [
    'https://sync.example.com',
    'https://sync.example.com:8443/base/',
    'http://localhost:3000',
    'http://127.0.0.1:3000',
    'http://[::1]:3000',
  ]) {
    t.equal(loadConfig({ PUBLIC_URL: url }).publicUrl, url.replace(/\/+$/, ''), url)
  }
})

t.test('DATABASE_URL switches to PostgreSQL; empty values count as unset', async (t) => {
  const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db.internal:5432/sync', DATABASE_POOL_MAX: '20', PORT: '' })
  t.same(config.database, { kind: 'postgres', url: 'postgres://u:p@db.internal:5432/sync', poolMax: 20 })
  t.equal(config.port, 3000)
})

const bad: [string, string, RegExp][] = [
  ['PORT', 'eighty', /PORT: must be a whole number between 0 and 65535 \(got "eighty"\)/],
  ['PORT', '70000', /PORT: must be at most 65535/],
  ['DATABASE_URL', 'mysql://root@localhost/db', /DATABASE_URL: must be a postgres:\/\/ URL/],
  ['LOG_LEVEL', 'loud', /LOG_LEVEL: must be one of/],
  ['ADMIN_API_KEY', 'short', /ADMIN_API_KEY: must be at least 24 characters/],
  ['TRUST_PROXY', 'maybe', /TRUST_PROXY: must be true or false/],
  ['PUBLIC_URL', 'ftp://example.com', /PUBLIC_URL: must be an http/],
  ['PUBLIC_URL', 'http://sync.example.com', /PUBLIC_URL: must be https:\/\/ unless its host is localhost/],
  ['NODE_ENV', 'staging', /NODE_ENV: must be development, production or test/],
]
for (const [variable, value, message] of bad) {
  t.test(`a bad ${variable} is named in the error`, async (t) => {
    const err = t.throws(() => loadConfig({ [variable]: value })) as ConfigError
    t.type(err, ConfigError)
    t.match(err.message, message)
    t.same(
      err.problems.map((p) => p.variable),
      [variable],
    )
  })
}

t.test('every bad variable is reported at once, and secrets are not echoed', async (t) => {
  const err = t.throws(() =>
    loadConfig({ PORT: 'x', ADMIN_API_KEY: 'tiny-secret', DATABASE_URL: 'http://user:hunter2@x/y' }),
  ) as ConfigError
  t.same(err.problems.map((p) => p.variable).sort(), ['ADMIN_API_KEY', 'DATABASE_URL', 'PORT'])
  t.notMatch(err.message, /tiny-secret/)
  t.notMatch(err.message, /hunter2/)
})

t.test('the server refuses to start on bad configuration, naming the variable', async (t) => {
  const child = spawn(process.execPath, serverProcessArgs(), {
    env: { ...process.env, DATABASE_URL: '', TEST_DATABASE_URL: '', PORT: 'not-a-port' },
  })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  t.equal(code, 1, 'exit code 1')
  t.match(stderr, /Invalid configuration:\n\s+PORT: must be a whole number/)
})

t.test('timeouts, the idempotency lease and the previous secrets key have production defaults and are configurable', async (t) => {
  const config = loadConfig({})
  t.same(config.http, { requestTimeoutMs: 120_000, headersTimeoutMs: 30_000, connectionTimeoutMs: 120_000, keepAliveTimeoutMs: 72_000 })
  t.same(config.databaseTimeouts, { statementMs: 30_000, lockMs: 10_000, idleInTransactionMs: 60_000 })
  t.equal(config.idempotency.leaseSeconds, 60)
  t.equal(config.secretsKeyPrevious, undefined)
  const set = loadConfig({
    HTTP_REQUEST_TIMEOUT_MS: '5000',
    HTTP_HEADERS_TIMEOUT_MS: '9000',
    DATABASE_LOCK_TIMEOUT_MS: '0',
    IDEMPOTENCY_LEASE_SECONDS: '5',
    SECRETS_KEY_PREVIOUS: Buffer.alloc(32, 3).toString('base64'),
  })
  t.equal(set.http.requestTimeoutMs, 5000)
  t.equal(set.http.headersTimeoutMs, 5000, 'the headers timeout never exceeds the request timeout')
  t.equal(set.databaseTimeouts.lockMs, 0, '0 turns a database timeout off')
  t.equal(set.idempotency.leaseSeconds, 5)
  t.same(set.secretsKeyPrevious, Buffer.alloc(32, 3))
  const err = t.throws(() => loadConfig({ SECRETS_KEY_PREVIOUS: 'not-a-32-byte-key', HTTP_REQUEST_TIMEOUT_MS: '10' })) as ConfigError
  t.same(err.problems.map((p) => p.variable).sort(), ['HTTP_REQUEST_TIMEOUT_MS', 'SECRETS_KEY_PREVIOUS'])
  t.notMatch(err.message, /not-a-32-byte-key/, 'the key is not echoed')
})

t.test(
  'TRUST_PROXY: true is the one proxy in front, never every X-Forwarded-For entry; hops or proxy addresses may be named',
  async (t) => {
    t.equal(loadConfig({}).trustProxy, false)
    t.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false)
    t.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, 1)
    t.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1)
    t.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2)
    t.same(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.7,2001:db8::/32' }).trustProxy, ['10.0.0.0/8', '192.0.2.7', '2001:db8::/32'])
    for (const bad of ['maybe', '11', '10.0.0.0/8,evil', 'loopback'])
      t.throws(() => loadConfig({ TRUST_PROXY: bad }), /TRUST_PROXY: must be true or false/, bad)
  },
)
