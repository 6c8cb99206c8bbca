import t from 'tap'
import { doublingDelay } from '../src/backoff.js'

t.test('the wait doubles from the base and stops at the ceiling', async (t) => {
  t.same(
    [1, 2, 3, 4, 5].map((n) => doublingDelay(n, 30, 200)),
    [30, 60, 120, 200, 200],
  )
  t.equal(doublingDelay(0, 30, 200), 30, 'an attempt before the first waits the base')
  t.equal(doublingDelay(-4, 30, 200), 30)
  t.equal(doublingDelay(10_000, 30, 200), 200, 'a huge attempt number stays finite')
})
