// The pre-login gate's rules, without a server: which address a limit is kept for, calls in flight
// per address, and calls per minute without a live ticket.
import t from 'tap'
import { addressKey } from '../../src/http/rate-limit.js'
import { blockedUntil } from '../../src/qbwc/login-throttle.js'
import { createPreloginGate } from '../../src/qbwc/prelogin-gate.js'

t.test('an IPv4 address is its own key (also IPv4-mapped); an IPv6 address counts by its /64', async (t) => {
  t.equal(addressKey('203.0.113.7'), '203.0.113.7')
  t.equal(addressKey('::ffff:203.0.113.7'), '203.0.113.7')
  t.equal(addressKey('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64')
  t.equal(addressKey('2001:0DB8:0001:0002::9'), '2001:db8:1:2::/64', 'leading zeros and case do not make a new key')
  t.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64')
  t.equal(addressKey('2001:db8:1:2:ffff::1'), addressKey('2001:db8:1:2::2'), 'one /64, one key')
  t.equal(addressKey('::1'), '0:0:0:0::/64')
})

t.test('calls in flight: an address past its cap is refused until one of its calls ends; others are not affected', async (t) => {
  const gate = createPreloginGate({ maxInFlight: 2, perMinute: 0 })
  t.ok(gate.enter('a'))
  t.ok(gate.enter('a'))
  t.notOk(gate.enter('a'), 'the third call at once is refused')
  t.ok(gate.enter('b'), 'another address still enters')
  gate.leave('a')
  t.ok(gate.enter('a'), 'a place freed is taken again')
  gate.leave('a')
  gate.leave('a')
  gate.leave('b')
  t.equal(gate.busyAddresses, 0, 'idle addresses are not kept')
})

t.test('calls per minute without a live ticket: refused past the limit until the minute ends, per address', async (t) => {
  let now = 1_000_000
  const gate = createPreloginGate({ maxInFlight: 0, perMinute: 3 }, () => now)
  t.same(
    [1, 2, 3].map(() => gate.charge('a').allowed),
    [true, true, true],
  )
  const refused = gate.charge('a')
  t.equal(refused.allowed, false)
  t.equal(refused.retryAfterSeconds, 60)
  t.ok(gate.charge('b').allowed, 'another address has its own quota')
  now += 60_000
  t.ok(gate.charge('a').allowed, 'a new minute, a new quota')
  t.ok(createPreloginGate({ maxInFlight: 0, perMinute: 0 }).charge('a').allowed, '0 turns the limit off')
})

t.test('wrong passwords: an address waits after maxFailures, twice as long each time, never longer than the maximum', async (t) => {
  const policy = { maxFailures: 5, blockSeconds: 60, maxBlockSeconds: 3600 }
  const at = new Date('2026-12-07T10:00:00Z')
  t.equal(blockedUntil(4, at, policy), null, 'four failures: no wait')
  t.same(blockedUntil(5, at, policy), new Date('2026-12-07T10:01:00Z'))
  t.same(blockedUntil(6, at, policy), new Date('2026-12-07T10:02:00Z'))
  t.same(blockedUntil(40, at, policy), new Date('2026-12-07T11:00:00Z'), 'capped at the maximum')
  t.same(blockedUntil(1_000_000, at, policy), new Date('2026-12-07T11:00:00Z'), 'no overflow')
})
