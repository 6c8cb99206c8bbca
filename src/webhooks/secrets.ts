// Webhook signing secrets: `whsec_` + base64 of 32 random bytes (the Standard Webhooks form). They
// must be recoverable to sign, so they are stored encrypted with AES-256-GCM under SECRETS_KEY,
// bound to their endpoint (the endpoint id is the additional authenticated data). Without
// SECRETS_KEY a key is generated once into DATA_DIR/secrets.key (mode 0600); every instance of a
// deployment must then share that file, or better, one SECRETS_KEY.
//
// Stored form: `v2:<key id>:<base64 of iv (12) | tag (16) | ciphertext>`; the key id (a hash of the
// key, not the key) says which key wrote it, so SECRETS_KEY can be rotated: the old key goes to
// SECRETS_KEY_PREVIOUS and still decrypts, new writes use the new key. `v1:` values (no key id,
// written before rotation existed) are tried with both keys. Tags are 16 bytes, never shorter.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { mkdir, open, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

export const SECRET_PREFIX = 'whsec_'
const FORMAT = 'v2'
const LEGACY_FORMAT = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16

/** Names a key in stored values without revealing it. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('invoice-sync secrets key id\0').update(key).digest('hex').slice(0, 12)
}

export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64')
}

/** The HMAC key of a whsec_ secret. */
export function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64')
}

export interface SecretBox {
  encrypt(plaintext: string, boundTo: string): Promise<string>
  decrypt(ciphertext: string, boundTo: string): Promise<string>
  /** The prefix of values written under the current key (`v2:<key id>:`). */
  currentPrefix(): Promise<string>
}

interface KeySource {
  secretsKey: Buffer | undefined
  /** The key before the last rotation (SECRETS_KEY_PREVIOUS): decrypts only. */
  secretsKeyPrevious?: Buffer | undefined
  dataDir: string
  warn(message: string): void
}

/** The key file in DATA_DIR: read when present, else created exclusively (two processes starting at once agree). */
async function keyFromFile(dataDir: string, warn: (m: string) => void): Promise<Buffer> {
  const dir = resolve(dataDir)
  const path = join(dir, 'secrets.key')
  const parse = (text: string) => {
    const key = Buffer.from(text.trim(), 'base64')
    if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte base64 key; restore it or set SECRETS_KEY`)
    return key
  }
  const warning = `SECRETS_KEY is not set: webhook secrets are encrypted with the key in ${path}. Every instance sharing this database must use the same key: set SECRETS_KEY (32 bytes, base64) on all of them.`
  try {
    return parse(await readFile(path, 'utf8'))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  await mkdir(dir, { recursive: true })
  try {
    const handle = await open(path, 'wx', 0o600)
    try {
      await handle.writeFile(`${randomBytes(32).toString('base64')}\n`)
    } finally {
      await handle.close()
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  warn(`${warning} (The key file was just created.)`)
  return parse(await readFile(path, 'utf8'))
}

/**
 * With SECRETS_KEY the key is at hand; without it the key file is read (or created) on first
 * need, so a service that never stores a webhook secret never writes one.
 */
export function createSecretBox(source: KeySource): SecretBox {
  let key: Promise<Buffer> | undefined = source.secretsKey ? Promise.resolve(source.secretsKey) : undefined
  const getKey = () => {
    key ??= keyFromFile(source.dataDir, source.warn)
    key.catch(() => (key = undefined))
    return key
  }
  const previous = source.secretsKeyPrevious
  const open = (key: Buffer, data: string, boundTo: string): string => {
    const raw = Buffer.from(data, 'base64')
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('stored secret is too short to hold a 16-byte authentication tag')
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES })
    decipher.setAAD(Buffer.from(boundTo, 'utf8'))
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  }
  return {
    async currentPrefix() {
      return `${FORMAT}:${keyIdOf(await getKey())}:`
    },
    async encrypt(plaintext, boundTo) {
      const key = await getKey()
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
      cipher.setAAD(Buffer.from(boundTo, 'utf8'))
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return `${FORMAT}:${keyIdOf(key)}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`
    },
    async decrypt(ciphertext, boundTo) {
      const parts = ciphertext.split(':')
      const current = await getKey()
      if (parts[0] === FORMAT && parts.length === 3 && parts[2]) {
        const key = [current, previous].find((k) => k && keyIdOf(k) === parts[1])
        if (!key)
          throw new Error(`stored secret was written under key id ${parts[1]}, which is neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS`)
        return open(key, parts[2], boundTo)
      }
      if (parts[0] === LEGACY_FORMAT && parts.length === 2 && parts[1]) {
        try {
          return open(current, parts[1], boundTo)
        } catch (err) {
          if (!previous) throw err
          return open(previous, parts[1], boundTo)
        }
      }
      throw new Error('unknown secret format')
    },
  }
}

/** At start-up: say so when the key comes from a file (instances must share it). */
export async function warnIfKeyFileInUse(source: KeySource): Promise<void> {
  if (source.secretsKey) return
  const path = join(resolve(source.dataDir), 'secrets.key')
  const exists = await readFile(path).then(
    () => true,
    () => false,
  )
  if (exists)
    source.warn(
      `SECRETS_KEY is not set: webhook secrets are encrypted with the key in ${path}. Every instance sharing this database must use the same key: set SECRETS_KEY (32 bytes, base64) on all of them.`,
    )
}
