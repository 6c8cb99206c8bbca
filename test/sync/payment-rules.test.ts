// A payment follows the rules of an add, through its own mapping: sent once, looked up when an
// answer is lost, never sent blind again.
import t from 'tap'
import { describeStatus } from '../../src/qbxml/error-catalog.js'
import { decidePayment, type PaymentState, paymentRequest } from '../../src/sync/payment-rules.js'

const now = new Date('2026-12-07T10:00:00Z')
const pending: PaymentState = { status: 'PENDING', needsReconcile: false, transientFailures: 0, qbTxnId: null }

t.test('what is sent, and what each answer does', async (t) => {
  t.equal(paymentRequest(pending), 'PAYMENT_ADD')
  t.equal(paymentRequest({ ...pending, needsReconcile: true }), 'PAYMENT_QUERY', 'an unknown outcome is looked up first')
  t.match(decidePayment(pending, 'PAYMENT_ADD', { type: 'SAVED', recorded: true }, now), { effect: 'CONFIRM' })
  t.match(
    decidePayment(pending, 'PAYMENT_ADD', { type: 'NO_ANSWER' }, now),
    { flags: { needsReconcile: true } },
    'a lost answer owes a lookup',
  )
  t.match(
    decidePayment({ ...pending, needsReconcile: true }, 'PAYMENT_QUERY', { type: 'LOOKUP_ADD', found: true }, now),
    { effect: 'CONFIRM' },
    'found: confirmed, never sent twice',
  )
  t.match(
    decidePayment({ ...pending, needsReconcile: true }, 'PAYMENT_QUERY', { type: 'LOOKUP_ADD', found: false }, now),
    { flags: { needsReconcile: false } },
    'not there: sent again',
  )
  const busy = decidePayment(pending, 'PAYMENT_ADD', { type: 'REFUSED', statusCode: 3175, error: describeStatus(3175) }, now)
  t.ok(busy.flags.nextAttemptAt! > now, 'busy: waits')
  t.match(
    decidePayment(
      pending,
      'PAYMENT_ADD',
      {
        type: 'REFUSED',
        statusCode: 3140,
        error: describeStatus(3140, 'There is an invalid reference to QuickBooks PaymentMethod "Bitcoin"'),
      },
      now,
    ),
    { effect: 'REFUSE' },
    'a refusal needs a person',
  )
})
