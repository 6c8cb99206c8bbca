// Web Connector passwords. The service makes them (24 characters drawn without bias from 57: about
// 140 bits), so nobody chooses a weak one and a slow hash buys nothing against guessing: a stored
// password is HMAC-SHA-256 keyed with a random per-connection salt (`hmac$<salt>$<mac>`), checked in
// constant time in microseconds. Hashes made before are scrypt (`scrypt$N$r$p$<salt>$<hash>`): still
// checked, at their own cost, and replaced by an HMAC on their next successful login.
import { createHmac, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number },
) => Promise<Buffer>

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'
export const PASSWORD_LENGTH = 24

/** 24 characters from an alphabet without look-alikes, each drawn uniformly (randomInt rejects the biased tail). */
export function generatePassword(): string {
  let out = ''
  for (let i = 0; i < PASSWORD_LENGTH; i++) out += ALPHABET[randomInt(ALPHABET.length)]
  return out
}

/** Bits of entropy of a generated password. */
export const PASSWORD_BITS = PASSWORD_LENGTH * Math.log2(ALPHABET.length)

function mac(salt: Buffer, password: string): Buffer {
  return createHmac('sha256', salt).update(password, 'utf8').digest()
}

/** The stored form of a new password. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16)
  return `hmac$${salt.toString('base64')}$${mac(salt, password).toString('base64')}`
}

export interface PasswordCheck {
  ok: boolean
  /** Set when the password is right and its stored form is an old one: store this instead. */
  upgrade?: string
}

/** Checks a password against its stored form (either scheme); a malformed one never matches. */
export async function verifyPassword(password: string, stored: string): Promise<PasswordCheck> {
  const parts = stored.split('$')
  if (parts[0] === 'hmac' && parts.length === 3) {
    const expected = Buffer.from(parts[2]!, 'base64')
    const actual = mac(Buffer.from(parts[1]!, 'base64'), password)
    return { ok: expected.length === actual.length && timingSafeEqual(actual, expected) }
  }
  if (parts[0] === 'scrypt' && parts.length === 6) {
    const [, n, r, p, salt, hash] = parts
    const expected = Buffer.from(hash!, 'base64')
    const actual = await scryptAsync(password, Buffer.from(salt!, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) })
    const ok = timingSafeEqual(actual, expected)
    return ok ? { ok, upgrade: hashPassword(password) } : { ok }
  }
  return { ok: false }
}

/**
 * What an unknown or disabled username is checked against, so it costs what a known one costs: an
 * HMAC of a random password (made once per process).
 */
export const DUMMY_PASSWORD_HASH = hashPassword(randomBytes(18).toString('base64'))

/** An scrypt hash as the service stored them before (tests of the upgrade, and nothing else). */
export async function legacyScryptHash(password: string, N = 1024): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scryptAsync(password, salt, 32, { N, r: 8, p: 1 })
  return `scrypt$${N}$8$1$${salt.toString('base64')}$${hash.toString('base64')}`
}
