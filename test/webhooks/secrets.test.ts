// The secret box (AES-256-GCM): tags are 16 bytes and nothing shorter is accepted, and SECRETS_KEY
// can be rotated: values carry the id of the key that wrote them, SECRETS_KEY_PREVIOUS still
// decrypts what the old key wrote, new writes use the new key.
import { createCipheriv, randomBytes } from 'node:crypto'
import t from 'tap'
import { createSecretBox, keyIdOf } from '../../src/webhooks/secrets.js'
import { buildTestApp, json } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/database.js'

const oldKey = Buffer.alloc(32, 1)
const newKey = Buffer.alloc(32, 2)
const box = (secretsKey: Buffer, secretsKeyPrevious?: Buffer) =>
  createSecretBox({ secretsKey, secretsKeyPrevious, dataDir: '/nonexistent', warn: () => {} })

/** A value in the first stored format (`v1:` + base64 of iv, tag, body), as earlier versions wrote it. */
function legacyV1(key: Buffer, plaintext: string, boundTo: string, tagLength = 16): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(boundTo))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return `v1:${Buffer.concat([iv, cipher.getAuthTag().subarray(0, tagLength), body]).toString('base64')}`
}

t.test('a value round-trips and is bound to what it was written for', async (t) => {
  const b = box(newKey)
  const stored = await b.encrypt('whsec_abc', 'endpoint-1')
  t.equal(await b.decrypt(stored, 'endpoint-1'), 'whsec_abc')
  await t.rejects(b.decrypt(stored, 'endpoint-2'))
})

t.test('a truncated authentication tag is refused', async (t) => {
  const b = box(newKey)
  // An empty value with a 4-byte tag: GCM would verify it if short tags were allowed.
  await t.rejects(b.decrypt(legacyV1(newKey, '', 'endpoint-1', 4), 'endpoint-1'), /tag|short|length/i)
  const stored = await b.encrypt('', 'endpoint-1')
  const [format, keyId, data] = stored.split(':')
  const raw = Buffer.from(data!, 'base64')
  await t.rejects(b.decrypt(`${format}:${keyId}:${raw.subarray(0, 12 + 4).toString('base64')}`, 'endpoint-1'), /tag|short|length/i)
})

t.test('after a rotation the previous key decrypts old values and new writes carry the new key id', async (t) => {
  const before = box(oldKey)
  const written = await before.encrypt('whsec_old', 'endpoint-1')
  const legacy = legacyV1(oldKey, 'whsec_legacy', 'endpoint-1')
  const rotated = box(newKey, oldKey)
  t.equal(await rotated.decrypt(written, 'endpoint-1'), 'whsec_old', 'a value of the old key')
  t.equal(await rotated.decrypt(legacy, 'endpoint-1'), 'whsec_legacy', 'a v1 value of the old key')
  const fresh = await rotated.encrypt('whsec_new', 'endpoint-1')
  t.equal(fresh.split(':')[1], keyIdOf(newKey), 'new writes carry the new key id')
  t.not(keyIdOf(newKey), keyIdOf(oldKey))
  t.equal(await box(newKey).decrypt(fresh, 'endpoint-1'), 'whsec_new', 'readable without the previous key')
  await t.rejects(box(newKey).decrypt(written, 'endpoint-1'), /key/i, 'without SECRETS_KEY_PREVIOUS an old value is refused, clearly')
  t.equal(await box(oldKey).decrypt(legacyV1(oldKey, 'x', 'e'), 'e'), 'x', 'v1 values still decrypt')
})

t.test(
  'at start, webhook secrets of the previous key are re-encrypted under the new one',
  { skip: !process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL ? 'needs a PostgreSQL server (two apps on one database)' : false },
  async (t) => {
    const testDatabase = await createTestDatabase(t)
    const env = { WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOKS_WORKER: 'false' }
    const before = await buildTestApp(t, { testDatabase, env: { ...env, SECRETS_KEY: oldKey.toString('base64') } })
    const created = json(
      await before.request({
        method: 'POST',
        url: '/v1/webhook-endpoints',
        payload: { url: 'http://127.0.0.1:9999/hook', events: ['invoice.updated'] },
      }),
    )
    t.ok(created.secret, 'an endpoint with a secret')
    await before.app.close()
    const stored = async (app: { database: { db: { execute(q: string): Promise<unknown> } } }) =>
      (
        (await app.database.db.execute(`select secret_ciphertext as s from webhook_endpoints where id = '${created.id}'`)) as {
          rows: { s: string }[]
        }
      ).rows[0]!.s
    t.equal((await stored(before)).split(':')[1], keyIdOf(oldKey))

    const after = await buildTestApp(t, {
      testDatabase,
      adminKey: before.adminKey,
      env: { ...env, SECRETS_KEY: newKey.toString('base64'), SECRETS_KEY_PREVIOUS: oldKey.toString('base64') },
    })
    const rewritten = await stored(after)
    t.equal(rewritten.split(':')[1], keyIdOf(newKey), 'now under the new key')
    t.equal(await box(newKey).decrypt(rewritten, created.id), created.secret, 'the same secret, readable without the previous key')
  },
)
