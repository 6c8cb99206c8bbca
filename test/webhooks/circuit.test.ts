// The circuit of a webhook endpoint, as pure rules: when it opens, for how long, when a probe may
// go, and what closes it. Plus the retry backoff (full jitter) it sits beside. Milliseconds, no database.
import t from 'tap'
import { type Circuit, CLOSED, circuitState, openPeriodMs, recordOutcomes } from '../../src/webhooks/circuit.js'
import { backoffMs } from '../../src/webhooks/webhook-worker.js'

const settings = { failureThreshold: 3, openMs: 60_000, maxOpenMs: 3_600_000 }
const now = new Date('2026-12-07T10:00:00Z')
const later = (ms: number) => new Date(now.getTime() + ms)

t.test('closed: failures below the threshold only count; a success resets the count', async (t) => {
  const two = recordOutcomes(CLOSED, [false, false], now, settings)
  t.same(two, { consecutiveFailures: 2, opens: 0, openUntil: null })
  t.equal(circuitState(two, now), 'CLOSED')
  t.same(recordOutcomes(two, [true], now, settings), CLOSED)
  t.same(
    recordOutcomes(CLOSED, [false, false, true, false, false], now, settings),
    { consecutiveFailures: 2, opens: 0, openUntil: null },
    'consecutive, not total',
  )
})

t.test('the threshold-th consecutive failure opens it for openMs', async (t) => {
  const open = recordOutcomes(CLOSED, [false, false, false], now, settings)
  t.same(open, { consecutiveFailures: 3, opens: 1, openUntil: later(60_000) })
  t.equal(circuitState(open, now), 'OPEN')
  t.equal(circuitState(open, later(59_999)), 'OPEN')
  t.equal(circuitState(open, later(60_000)), 'HALF_OPEN', 'the period over: one probe may go')
})

t.test('open: failures of deliveries already in flight count but do not extend the period', async (t) => {
  const open = recordOutcomes(CLOSED, [false, false, false], now, settings)
  const more = recordOutcomes(open, [false, false], later(1000), settings)
  t.same(more, { consecutiveFailures: 5, opens: 1, openUntil: later(60_000) })
})

t.test('half open: a failed probe opens it again for twice as long, up to maxOpenMs', async (t) => {
  let c: Circuit = recordOutcomes(CLOSED, [false, false, false], now, settings)
  const periods: number[] = []
  let at = now
  for (let i = 0; i < 10; i++) {
    at = c.openUntil!
    t.equal(circuitState(c, at), 'HALF_OPEN')
    c = recordOutcomes(c, [false], at, settings)
    t.equal(circuitState(c, at), 'OPEN', `probe ${i + 1} failed: open again`)
    periods.push(c.openUntil!.getTime() - at.getTime())
  }
  t.same(periods, [120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000, 3_600_000, 3_600_000])
  t.equal(c.consecutiveFailures, 13)
})

t.test('a success closes it from any state', async (t) => {
  const open = recordOutcomes(CLOSED, [false, false, false], now, settings)
  t.same(recordOutcomes(open, [true], open.openUntil!, settings), CLOSED, 'a successful probe')
  t.same(recordOutcomes(open, [true], now, settings), CLOSED, 'a delivery in flight when it opened answered after all')
  t.equal(circuitState(CLOSED, now), 'CLOSED')
})

t.test('open periods grow by doubling and are capped', async (t) => {
  t.same(
    [1, 2, 3, 4].map((n) => openPeriodMs(n, 1000, 5000)),
    [1000, 2000, 4000, 5000],
  )
  t.equal(openPeriodMs(500, 1000, 5000), 5000, 'no overflow for many opens')
})

t.test('backoff: full jitter up to an exponential bound, capped', async (t) => {
  t.same(
    [1, 2, 3, 4, 5].map((n) => backoffMs(n, 100, 1000, () => 0.999999)),
    [99, 199, 399, 799, 999],
  )
  t.equal(
    backoffMs(3, 100, 1000, () => 0),
    0,
    'the full range down to zero',
  )
  t.equal(
    backoffMs(1000, 100, 1000, () => 0.5),
    500,
    'a huge attempt number stays finite',
  )
})
