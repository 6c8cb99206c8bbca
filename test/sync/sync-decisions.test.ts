// The engine's rules, table by table, without a database: each row is a state, the request that was
// sent, what QuickBooks answered (as the transport reads it) and what must follow.
import t from 'tap'
import { describeHresult, describeStatus } from '../../src/qbxml/error-catalog.js'
import {
  type AnswerEvent,
  decide,
  type EngineState,
  MAX_TRANSIENT_FAILURES,
  messageFailed,
  nextRequest,
  progressPercent,
  RETRY_BASE_MS,
  RETRY_MAX_MS,
  type RequestKind,
  STALE_SEQUENCES_BEFORE_WAITING,
  savedStatus,
  summarize,
} from '../../src/sync/sync-decisions.js'

const now = new Date('2026-12-07T10:00:00Z')
const at = (ms: number) => new Date(now.getTime() + ms)
const queued: EngineState = {
  status: 'NOT_APPLICABLE',
  exportStatus: 'QUEUED',
  hasTxnId: false,
  needsReconcile: false,
  transientFailures: 0,
}
const pending: EngineState = { status: 'PENDING', exportStatus: 'EXPORTED', hasTxnId: true, needsReconcile: false, transientFailures: 0 }
const held: EngineState = { ...pending, status: 'ACTION_REQUIRED', needsReconcile: true }
const busy = describeStatus(3175)
const missing = describeStatus(3140, 'There is an invalid reference to QuickBooks Item "Pipe" in the Invoice line.')

t.test('what is sent for a state', async (t) => {
  const rows: [string, Parameters<typeof nextRequest>[0], RequestKind][] = [
    ['queued, never sent', queued, 'INVOICE_ADD'],
    ['exported, edited', pending, 'INVOICE_MOD'],
    ['an add whose outcome is unknown', { ...queued, needsReconcile: true }, 'INVOICE_QUERY'],
    ['a change whose outcome is unknown', { ...pending, needsReconcile: true }, 'INVOICE_QUERY'],
    ['a failed add sent again (Re-Sync)', { ...queued, exportStatus: 'FAILED' }, 'INVOICE_ADD'],
  ]
  for (const [name, state, kind] of rows) t.equal(nextRequest(state), kind, name)
})

t.test('warnings 500-999 are saves; errors and informational codes below are not', async (t) => {
  const rows: [number, boolean][] = [
    [0, true],
    [1, false],
    [500, true],
    [530, true],
    [999, true],
    [1000, false],
    [3100, false],
    [3200, false],
  ]
  for (const [code, saved] of rows) t.equal(savedStatus(code), saved, `status ${code}`)
})

t.test('answers to an add or a change', async (t) => {
  const rows: [string, EngineState, RequestKind, AnswerEvent, object][] = [
    [
      'saved with the record: confirmed',
      queued,
      'INVOICE_ADD',
      { type: 'SAVED', recorded: true },
      { effect: 'CONFIRM', counts: 'synced', flags: {} },
    ],
    [
      'saved without the record: looked up first',
      pending,
      'INVOICE_MOD',
      { type: 'SAVED', recorded: false },
      { effect: undefined, flags: { needsReconcile: true } },
    ],
    [
      'no answer: looked up, never resent blind',
      queued,
      'INVOICE_ADD',
      { type: 'NO_ANSWER' },
      { effect: undefined, counts: undefined, flags: { needsReconcile: true } },
    ],
    [
      'refused (3140): Action Required with the reason',
      queued,
      'INVOICE_ADD',
      { type: 'REFUSED', statusCode: 3140, error: missing },
      { effect: 'REFUSE', error: { code: '3140' }, counts: 'failed', flags: { needsReconcile: false } },
    ],
    [
      'busy (first time): waits 30 s',
      pending,
      'INVOICE_MOD',
      { type: 'REFUSED', statusCode: 3175, error: busy },
      { effect: undefined, counts: 'deferred', flags: { transientFailures: 1, nextAttemptAt: at(RETRY_BASE_MS) } },
    ],
    [
      'busy (third time): waits 2 minutes',
      { ...pending, transientFailures: 2 },
      'INVOICE_MOD',
      { type: 'REFUSED', statusCode: 3175, error: busy },
      { counts: 'deferred', flags: { transientFailures: 3, nextAttemptAt: at(4 * RETRY_BASE_MS) } },
    ],
    [
      'busy too often: Action Required',
      { ...pending, transientFailures: MAX_TRANSIENT_FAILURES - 1 },
      'INVOICE_MOD',
      { type: 'REFUSED', statusCode: 3175, error: busy },
      { effect: 'REFUSE', counts: 'failed' },
    ],
    [
      '3200 (first): looked up at once',
      pending,
      'INVOICE_MOD',
      { type: 'REFUSED', statusCode: 3200, error: describeStatus(3200) },
      { effect: undefined, counts: undefined, flags: { needsReconcile: true, transientFailures: 1, nextAttemptAt: undefined } },
    ],
    [
      `3200 (${STALE_SEQUENCES_BEFORE_WAITING}th in a row): looked up after a wait`,
      { ...pending, transientFailures: STALE_SEQUENCES_BEFORE_WAITING - 1 },
      'INVOICE_MOD',
      { type: 'REFUSED', statusCode: 3200, error: describeStatus(3200) },
      {
        counts: 'deferred',
        flags: { needsReconcile: true, transientFailures: STALE_SEQUENCES_BEFORE_WAITING, nextAttemptAt: at(4 * RETRY_BASE_MS) },
      },
    ],
    [
      'message unreadable (0x80040400): Action Required, nothing processed',
      pending,
      'INVOICE_MOD',
      messageFailed(true, describeHresult('0x80040400')),
      { effect: 'REFUSE', flags: { needsReconcile: false } },
    ],
    [
      'message failed another way (0x80040401): looked up',
      pending,
      'INVOICE_MOD',
      messageFailed(false, describeHresult('0x80040401')),
      { effect: undefined, flags: { needsReconcile: true } },
    ],
  ]
  for (const [name, state, kind, event, expected] of rows) t.match(decide(state, kind, event, now), expected, name)
})

t.test('answers to a lookup', async (t) => {
  const lookup = 'INVOICE_QUERY' as const
  const changed = { ...describeStatus(3200), code: 'CHANGED_IN_QUICKBOOKS' }
  const rows: [string, EngineState, AnswerEvent, object][] = [
    [
      'our add is there: confirmed',
      { ...queued, needsReconcile: true },
      { type: 'LOOKUP_ADD', found: true },
      { effect: 'CONFIRM', counts: 'synced' },
    ],
    [
      'our add is not there: sent again',
      { ...queued, needsReconcile: true },
      { type: 'LOOKUP_ADD', found: false },
      { effect: undefined, flags: { needsReconcile: false } },
    ],
    [
      'not there, held in Action Required by failed lookups: resumes',
      { ...queued, status: 'ACTION_REQUIRED', needsReconcile: true },
      { type: 'LOOKUP_ADD', found: false },
      { effect: 'RESUME', flags: { needsReconcile: false } },
    ],
    [
      'the change we sent is there: confirmed',
      { ...pending, needsReconcile: true },
      { type: 'LOOKUP_MOD', copy: 'AS_SENT' },
      { effect: 'CONFIRM', counts: 'synced' },
    ],
    [
      'only the EditSequence moved: sent again with it',
      { ...pending, needsReconcile: true },
      { type: 'LOOKUP_MOD', copy: 'AS_SYNCED', editSequence: '1700000009' },
      { effect: undefined, flags: { needsReconcile: false, qbEditSequence: '1700000009' } },
    ],
    [
      'as synced, held in Action Required: resumes',
      held,
      { type: 'LOOKUP_MOD', copy: 'AS_SYNCED', editSequence: '9' },
      { effect: 'RESUME' },
    ],
    [
      'changed in QuickBooks: never overwritten',
      { ...pending, needsReconcile: true },
      { type: 'LOOKUP_MOD', copy: 'CHANGED', changes: ['memo'], error: changed },
      { effect: 'REFUSE', error: { code: 'CHANGED_IN_QUICKBOOKS' }, counts: 'failed', flags: { needsReconcile: false } },
    ],
    [
      'deleted in QuickBooks: Action Required (3120)',
      { ...pending, needsReconcile: true },
      { type: 'LOOKUP_MOD', copy: 'GONE', error: describeStatus(3120) },
      { effect: 'REFUSE', error: { code: '3120' }, counts: 'failed' },
    ],
    [
      'QuickBooks could not answer: asked again later, never taken as absent',
      { ...queued, needsReconcile: true },
      { type: 'LOOKUP_FAILED', error: busy },
      { effect: undefined, counts: 'deferred', flags: { needsReconcile: true, transientFailures: 1, nextAttemptAt: at(RETRY_BASE_MS) } },
    ],
    [
      'could not answer too often: Action Required, and the lookups go on',
      { ...queued, needsReconcile: true, transientFailures: MAX_TRANSIENT_FAILURES - 1 },
      { type: 'LOOKUP_FAILED', error: busy },
      { effect: 'REFUSE', counts: 'failed', flags: { needsReconcile: true, transientFailures: MAX_TRANSIENT_FAILURES } },
    ],
    [
      'the longest wait is an hour',
      { ...queued, needsReconcile: true, transientFailures: 30 },
      { type: 'LOOKUP_FAILED', error: busy },
      { flags: { nextAttemptAt: at(RETRY_MAX_MS) } },
    ],
  ]
  for (const [name, state, event, expected] of rows) t.match(decide(state, lookup, event, now), expected, name)
})

t.test('the Web Connector progress ends at 100 when nothing is left, and only then', async (t) => {
  const rows: [string, number, number, boolean, number][] = [
    ['nothing left (a recovery session of lookups only)', 3, 3, false, 100],
    ['nothing left, more done than counted at login', 5, 3, false, 100],
    ['half done', 10, 20, true, 50],
    ['all counted work done, but more came', 3, 3, true, 75],
    ['just started', 0, 20, true, 1],
    ['almost done', 199, 200, true, 99],
  ]
  for (const [name, done, total, more, percent] of rows) t.equal(progressPercent(done, total, more), percent, name)
})

t.test('the session summary says what happened, errors included', async (t) => {
  const rows: [string, Parameters<typeof summarize>[0], string][] = [
    ['nothing', { synced: 0, failed: 0 }, 'Nothing to sync.'],
    ['synced and failed', { synced: 2, failed: 1 }, '2 invoices synced, 1 needs action'],
    [
      'busy and skipped',
      { synced: 1, failed: 0, deferred: 1, skipped: 2 },
      '1 invoice synced, 1 invoice to retry (QuickBooks was busy), 2 invoices skipped (dated before the sync start date)',
    ],
    [
      'held for lack of preferences',
      { synced: 0, failed: 0, held: 1 },
      '1 invoice held (QuickBooks did not send its company preferences; sent at the next sync)',
    ],
  ]
  for (const [name, tally, text] of rows) t.equal(summarize(tally), text, name)
  t.equal(
    summarize({ synced: 1, failed: 0, payments: 2, read: 3 }),
    '1 invoice synced, 2 payments recorded in QuickBooks, 3 invoices read from QuickBooks',
  )
  const failedMessage = summarize({ synced: 0, failed: 0, unknown: 2, error: 'QuickBooks stopped the message (0x80040401).' })
  t.match(
    failedMessage,
    /^2 invoices sent without an answer \(looked up in QuickBooks at the next sync before anything is sent again\)\. The session stopped: QuickBooks stopped the message/,
    'a failed message is never "Nothing to sync."',
  )
  t.equal(
    summarize({ synced: 0, failed: 0, error: 'QuickBooks could not be opened.' }),
    'The session stopped: QuickBooks could not be opened.',
  )
})

t.test("a session's summary says exported for adds and synced for changes", async (t) => {
  t.equal(summarize({ synced: 3, exported: 3, failed: 0 }), '3 invoices exported')
  t.equal(summarize({ synced: 3, exported: 1, failed: 1 }), '1 invoice exported, 2 invoices synced, 1 needs action')
  t.equal(summarize({ synced: 1, failed: 0 }), '1 invoice synced')
})
