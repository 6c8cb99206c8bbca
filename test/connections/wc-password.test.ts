// Web Connector passwords: generated with more than 128 bits, stored as an HMAC with a salt of their
// own, checked in constant time; an scrypt hash of before still checks and asks to be replaced.
import t from 'tap'
import {
  DUMMY_PASSWORD_HASH,
  generatePassword,
  hashPassword,
  legacyScryptHash,
  PASSWORD_BITS,
  PASSWORD_LENGTH,
  verifyPassword,
} from '../../src/connections/wc-password.js'

t.test('a generated password carries more than 128 bits, from an alphabet without look-alikes', async (t) => {
  t.ok(PASSWORD_BITS > 128, `${PASSWORD_BITS.toFixed(1)} bits`)
  const seen = new Set<string>()
  const counts = new Map<string, number>()
  const odd: string[] = []
  for (let i = 0; i < 2000; i++) {
    const p = generatePassword()
    if (p.length !== PASSWORD_LENGTH || /[0O1lI]/.test(p)) odd.push(p)
    seen.add(p)
    for (const c of p) counts.set(c, (counts.get(c) ?? 0) + 1)
  }
  t.same(odd, [], `every one ${PASSWORD_LENGTH} characters, none of 0 O 1 l I`)
  t.equal(seen.size, 2000, 'no repeats')
  // 48,000 characters over 57: about 842 each; a modulo bias would put the first 28 near 1,050.
  const [min, max] = [Math.min(...counts.values()), Math.max(...counts.values())]
  t.ok(min > 700 && max < 1000, `each character drawn about as often (${min} to ${max})`)
})

t.test('HMAC hashes: right, wrong, salted, malformed', async (t) => {
  const stored = hashPassword('right-password')
  t.match(stored, /^hmac\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
  t.not(hashPassword('right-password'), stored, 'a salt of its own each time')
  t.same(await verifyPassword('right-password', stored), { ok: true }, 'nothing to upgrade')
  t.same(await verifyPassword('wrong-password', stored), { ok: false })
  t.same(await verifyPassword('right-password', 'hmac$abc'), { ok: false })
  t.same(await verifyPassword('right-password', 'md5$x$y'), { ok: false })
  t.same(await verifyPassword('anything', DUMMY_PASSWORD_HASH), { ok: false })
})

t.test('an scrypt hash of before checks, and a right password asks for its HMAC instead', async (t) => {
  const legacy = await legacyScryptHash('old-password')
  t.same(await verifyPassword('wrong', legacy), { ok: false }, 'no upgrade for a wrong password')
  const check = await verifyPassword('old-password', legacy)
  t.equal(check.ok, true)
  t.match(check.upgrade, /^hmac\$/)
  t.same(await verifyPassword('old-password', check.upgrade!), { ok: true }, 'the replacement checks the same password')
})
