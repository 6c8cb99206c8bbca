// The rules of reading back from QuickBooks, without a database: when a read runs, how a pass walks
// and resumes QuickBooks' iterator, what a copy of an exported invoice means, and payment status.
import t from 'tap'
import { earlierQbDateTime, laterQbDateTime, parseQbDateTime } from '../../src/qbxml/datetime.js'
import { describeStatus } from '../../src/qbxml/error-catalog.js'
import {
  afterRead,
  type CopyState,
  DELETED_IN_QUICKBOOKS,
  decideCopy,
  decideDeleted,
  EMPTY_CURSOR,
  newPayments,
  nextRead,
  paymentOf,
  type ReadCursor,
  type ReadPolicy,
  underWay,
  windowEnd,
} from '../../src/sync/read-decisions.js'

const now = new Date('2026-12-07T10:00:00Z')
const policy: ReadPolicy = { intervalMs: 300_000, maxReturned: 100, roundsPerSession: 3, overlapMs: 300_000 }
const ctx = { sessionId: 's1', sessionStartedAt: new Date(now.getTime() - 10_000), roundsThisSession: 0, now, floor: '2026-12-01T08:00:00' }

t.test('QuickBooks date-times keep their own form', async (t) => {
  t.equal(earlierQbDateTime('2026-12-07T08:03:00', 300_000), '2026-12-07T07:58:00', 'no offset stays without one')
  t.equal(earlierQbDateTime('2026-12-07T00:02:00-05:00', 300_000), '2026-12-06T23:57:00-05:00', 'the offset is kept, the day rolls back')
  t.equal(
    laterQbDateTime('2026-12-07T08:00:00-05:00', '2026-12-07T12:30:00Z'),
    '2026-12-07T08:00:00-05:00',
    '08:00 at -05:00 is 13:00 UTC: instants are compared, not text',
  )
  t.equal(laterQbDateTime(null, '2026-12-07T08:00:00'), '2026-12-07T08:00:00')
  t.equal(laterQbDateTime('garbage', '2026-12-07T08:00:00'), '2026-12-07T08:00:00', 'an unreadable value never wins')
  t.equal(parseQbDateTime('2026-13-45'), null)
})

t.test('when a read runs and where it starts', async (t) => {
  t.same(
    nextRead(EMPTY_CURSOR, ctx, policy),
    { type: 'START', from: '2026-12-01T07:55:00' },
    'the first pass starts at the floor, less the overlap',
  )
  t.same(nextRead(EMPTY_CURSOR, { ...ctx, floor: null }, policy), { type: 'START', from: null }, 'no floor: from the beginning')
  const done: ReadCursor = { ...EMPTY_CURSOR, modifiedSince: '2026-12-07T04:00:00', lastCompletedAt: new Date(now.getTime() - 60_000) }
  t.same(nextRead(done, ctx, policy), { type: 'NONE' }, 'a pass completed a minute ago: not yet')
  t.same(
    nextRead(done, { ...ctx, sessionStartedAt: new Date(now.getTime() - 120_000) }, { ...policy, intervalMs: 0 }),
    { type: 'NONE' },
    'a session that completed a pass starts no other, whatever the interval',
  )
  t.same(
    nextRead(done, { ...ctx, sessionStartedAt: new Date(now.getTime() - 30_000) }, { ...policy, intervalMs: 0 }),
    { type: 'START', from: '2026-12-07T03:55:00' },
    'the next session does',
  )
  t.same(
    nextRead({ ...done, lastCompletedAt: new Date(now.getTime() - 300_000) }, ctx, policy),
    { type: 'START', from: '2026-12-07T03:55:00' },
    'once the interval is over: from the newest change read, less the overlap',
  )
  const underWay: ReadCursor = {
    ...EMPTY_CURSOR,
    passFrom: '2026-12-01T07:55:00',
    iteratorId: '{IT}',
    iteratorSessionId: 's1',
    remaining: 40,
  }
  t.same(
    nextRead(underWay, ctx, policy),
    { type: 'CONTINUE', from: '2026-12-01T07:55:00', iteratorId: '{IT}' },
    'the iterator of this session goes on',
  )
  t.same(
    nextRead(underWay, { ...ctx, sessionId: 's2' }, policy),
    { type: 'START', from: '2026-12-01T07:55:00' },
    'in another session the iterator is gone: the pass starts again from its own date',
  )
  t.same(nextRead(underWay, { ...ctx, roundsThisSession: 3 }, policy), { type: 'NONE' }, 'reads per session are bounded')
  t.same(
    nextRead({ ...underWay, nextAttemptAt: new Date(now.getTime() + 1000) }, ctx, policy),
    { type: 'NONE' },
    'a failed read waits before the next try',
  )
})

t.test('a pass walks the iterator and completes', async (t) => {
  const start = nextRead(EMPTY_CURSOR, ctx, policy)
  const first = afterRead(
    EMPTY_CURSOR,
    start,
    { type: 'READ', newest: '2026-12-05T09:00:00', iteratorId: '{IT}', remaining: 150 },
    { sessionId: 's1', now },
  )
  t.match(first, {
    passFrom: '2026-12-01T07:55:00',
    passNewest: '2026-12-05T09:00:00',
    iteratorId: '{IT}',
    iteratorSessionId: 's1',
    remaining: 150,
    modifiedSince: null,
  })
  const cont = nextRead(first, ctx, policy)
  const second = afterRead(
    first,
    cont,
    { type: 'READ', newest: '2026-12-04T09:00:00', iteratorId: '{IT}', remaining: 0 },
    { sessionId: 's1', now },
  )
  t.match(
    second,
    { passFrom: null, iteratorId: null, modifiedSince: '2026-12-05T09:00:00', lastCompletedAt: now },
    'complete: newest of the whole pass',
  )
  const empty = afterRead(
    second,
    { type: 'START', from: '2026-12-05T08:55:00' },
    { type: 'READ', newest: null, iteratorId: null, remaining: null },
    { sessionId: 's1', now },
  )
  t.equal(empty.modifiedSince, '2026-12-05T09:00:00', 'a pass that read nothing never moves the date back')
  const failed = afterRead(first, cont, { type: 'FAILED', error: describeStatus(3175) }, { sessionId: 's1', now })
  t.match(failed, { passFrom: '2026-12-01T07:55:00', iteratorId: null, failures: 1 }, 'a failure keeps the pass, drops the iterator')
  t.ok(failed.nextAttemptAt! > now, 'and waits')
})

t.test('payment status from QuickBooks amounts, exact', async (t) => {
  t.same(paymentOf('100.10', '100.10', false), { amountPaid: '0.00', balance: '100.10', paymentStatus: 'UNPAID' })
  t.same(paymentOf('100.10', '0.10', false), { amountPaid: '100.00', balance: '0.10', paymentStatus: 'PARTIALLY_PAID' })
  t.same(paymentOf('100.10', '0.00', true), { amountPaid: '100.10', balance: '0.00', paymentStatus: 'PAID' })
  t.same(paymentOf('0.3', '0.1', null), { amountPaid: '0.20', balance: '0.10', paymentStatus: 'PARTIALLY_PAID' }, 'no binary float')
  t.same(
    paymentOf('0.00', '0.00', false),
    { amountPaid: '0.00', balance: '0.00', paymentStatus: 'UNPAID' },
    'a zero invoice is not paid by anyone',
  )
})

t.test('what a copy read from QuickBooks does', async (t) => {
  const synced: CopyState = {
    status: 'SYNCED',
    exportStatus: 'EXPORTED',
    inFlight: false,
    needsReconcile: false,
    qbEditSequence: '10',
    qbTimeModified: '2026-12-01T08:00:00',
  }
  const changed = {
    copy: 'CHANGED' as const,
    timeModified: '2026-12-02T08:00:00',
    editSequence: '11',
    changes: ['Memo was changed'],
    error: describeStatus(3200),
  }
  t.same(
    decideCopy(synced, { copy: 'AS_SYNCED', timeModified: '2026-12-01T08:00:00', editSequence: '10' }),
    { effect: 'NONE' },
    'nothing moved',
  )
  t.same(
    decideCopy(synced, { copy: 'AS_SYNCED', timeModified: '2026-12-02T08:00:00', editSequence: '11' }),
    { effect: 'KEEP_SEQUENCE', editSequence: '11' },
    'only the sequence moved',
  )
  t.match(decideCopy(synced, changed), { effect: 'REFUSE', changes: ['Memo was changed'] }, 'changed in QuickBooks')
  t.match(decideCopy({ ...synced, status: 'NOT_APPLICABLE' }, changed), { effect: 'REFUSE' })
  t.same(
    decideCopy({ ...synced, status: 'BYPASSED', qbTimeModified: changed.timeModified }, changed),
    { effect: 'NONE' },
    'the copy already read (and bypassed by a person since) is not raised again',
  )
  t.match(
    decideCopy({ ...synced, status: 'BYPASSED' }, changed),
    { effect: 'REFUSE' },
    'bypassed edits stay here; a change there is still shown',
  )
  t.match(
    decideCopy(synced, { copy: 'VOIDED', timeModified: '2026-12-03T08:00:00', editSequence: '12', error: describeStatus(3200) }),
    { effect: 'REFUSE' },
    'voided in QuickBooks',
  )
  for (const [what, state] of [
    ['a change of ours waits', { ...synced, status: 'PENDING' }],
    ['a request is out', { ...synced, inFlight: true }],
    ['a lookup is owed', { ...synced, needsReconcile: true }],
    ['a person must act already', { ...synced, status: 'ACTION_REQUIRED' }],
    ['not exported yet', { ...synced, exportStatus: 'QUEUED' }],
  ] as [string, CopyState][])
    t.same(decideCopy(state, changed), { effect: 'NONE' }, what)
})

t.test('an invoice deleted in QuickBooks', async (t) => {
  const at = '2026-12-04T09:00:00'
  const synced = { hasTxnId: true, status: 'SYNCED' as const, lastErrorCode: null, qbTimeModified: '2026-12-01T08:00:00' }
  t.equal(decideDeleted(synced, at), 'REFUSE', 'shown at once')
  t.equal(decideDeleted({ ...synced, status: 'PENDING' }, at), 'REFUSE', 'also with a change of ours waiting: it could never be applied')
  t.equal(
    decideDeleted({ ...synced, status: 'ACTION_REQUIRED', lastErrorCode: 'CHANGED_IN_QUICKBOOKS' }, at),
    'REFUSE',
    'a deletion after a change is news',
  )
  t.equal(decideDeleted({ ...synced, status: 'ACTION_REQUIRED', lastErrorCode: DELETED_IN_QUICKBOOKS }, at), 'NONE', 'already shown')
  t.equal(
    decideDeleted({ ...synced, status: 'BYPASSED', qbTimeModified: at }, at),
    'NONE',
    'read before and bypassed since: not raised again',
  )
  t.equal(decideDeleted({ ...synced, hasTxnId: false, status: 'NOT_APPLICABLE' }, at), 'NONE', 'never ours in QuickBooks')
})

t.test('payments read: the invoices they paid are read again, once', async (t) => {
  t.same(
    newPayments(
      [
        { key: 'P0@2026-12-07T07:00:00', appliedTo: ['T0'] },
        { key: 'P1@2026-12-07T08:00:00', appliedTo: ['T1'] },
        { key: 'P2@2026-12-07T08:01:00', appliedTo: ['T2', 'T1'] },
      ],
      ['P1@2026-12-07T08:00:00'],
      300_000,
    ),
    { keys: ['P1@2026-12-07T08:00:00', 'P2@2026-12-07T08:01:00'], appliedTo: ['T0', 'T2', 'T1'], newest: '2026-12-07T08:01:00' },
    'a payment the last pass read is skipped; new ones bring their invoices; only those the next overlap can read again are remembered',
  )
  t.same(
    newPayments([{ key: 'P1@2026-12-07T09:00:00', appliedTo: ['T1'] }], ['P1@2026-12-07T08:00:00'], 300_000).appliedTo,
    ['T1'],
    'changed since: read again',
  )
  const start = nextRead(EMPTY_CURSOR, ctx, policy)
  const done = afterRead(
    EMPTY_CURSOR,
    start,
    { type: 'READ', newest: '2026-12-05T09:00:00', iteratorId: null, remaining: 0, refresh: ['T1', 'T2', 'T3'], seenPayments: ['P1@x'] },
    { sessionId: 's1', now },
  )
  t.match(done, { passFrom: null, refresh: ['T1', 'T2', 'T3'], seenPayments: ['P1@x'] })
  const refresh = nextRead(done, ctx, { ...policy, maxReturned: 2 })
  t.same(refresh, { type: 'REFRESH', txnIds: ['T1', 'T2'] }, 'after the pass, in the same session, MaxReturned at a time')
  const after = afterRead(
    done,
    refresh,
    { type: 'READ', newest: '2026-12-09T09:00:00', iteratorId: null, remaining: null },
    { sessionId: 's1', now },
  )
  t.same(after.refresh, ['T3'], 'those read are done')
  t.equal(after.modifiedSince, '2026-12-05T09:00:00', 'a read by TxnID never moves the pass date')
  const failed = afterRead(done, refresh, { type: 'FAILED', error: null }, { sessionId: 's1', now })
  t.same(failed.refresh, ['T1', 'T2', 'T3'], 'a failed read keeps them')
  const first = afterRead(
    EMPTY_CURSOR,
    start,
    { type: 'READ', newest: null, iteratorId: '{IT}', remaining: 5, refresh: ['T1', 'T2'], readTxnIds: ['T1'] },
    { sessionId: 's1', now },
  )
  t.same(first.refresh, ['T2'], 'an invoice the pass read itself is not read again')
  const next = afterRead(
    first,
    nextRead(first, ctx, policy),
    { type: 'READ', newest: null, iteratorId: null, remaining: 0, readTxnIds: ['T2'] },
    { sessionId: 's1', now },
  )
  t.same(next.refresh, [], 'nor one a later round of the pass read')
  t.ok(failed.nextAttemptAt! > now)
})

t.test('a pass larger than a session reads in windows of modification dates, each moving it on', async (t) => {
  const times = ['2026-11-03T10:00:00', '2026-11-01T10:00:00', '2026-11-09T10:00:00', '2026-11-05T10:00:00', '2026-11-07T10:00:00']
  t.equal(
    windowEnd(times, 40, 100, null),
    '2026-11-03T10:00:00',
    'about capacity / total of the sample, a fifth spare (0.32 of 5: the second date)',
  )
  t.equal(windowEnd(times, 1000, 100, null), '2026-11-09T10:00:00', 'all of it fits: the newest date')
  t.equal(windowEnd(times, 40, 100, '2026-11-05T10:00:00'), '2026-11-07T10:00:00', 'never at or before the window start')
  t.equal(windowEnd(['2026-11-01T10:00:00'], 10, 100, '2026-11-01T10:00:00'), null, 'a sample that cannot split the window')
  t.equal(windowEnd([], 10, 100, null), null)

  const policyW: ReadPolicy = { ...policy, maxReturned: 5, roundsPerSession: 3 }
  const start = nextRead(EMPTY_CURSOR, { ...ctx, floor: null }, policyW)
  t.same(start, { type: 'START', from: null })
  const pending = underWay(EMPTY_CURSOR, start)
  // The first page: 5 of 40, so 35 left; the session can still read 2 requests of 5.
  const page = ['2026-11-02T00:00:00', '2026-11-20T00:00:00', '2026-11-11T00:00:00', '2026-11-28T00:00:00', '2026-11-06T00:00:00']
  const windowed = afterRead(
    pending,
    start,
    { type: 'READ', newest: '2026-11-28T00:00:00', iteratorId: '{IT}', remaining: 35, times: page },
    { sessionId: 's1', now, capacity: { left: 10, session: 15 } },
  )
  t.match(windowed, { passFrom: '', passTo: '2026-11-06T00:00:00', iteratorId: null }, 'the rest goes in a window that fits what is left')
  t.equal(windowed.passNewest, '2026-11-28T00:00:00', 'what the pass read so far is kept')
  const next = nextRead(windowed, { ...ctx, roundsThisSession: 1 }, policyW)
  t.same(next, { type: 'START', from: null, to: '2026-11-06T00:00:00' }, 'the window starts its own iterator')
  const through = afterRead(
    underWay(windowed, next),
    next,
    { type: 'READ', newest: '2026-11-06T00:00:00', iteratorId: null, remaining: 0, times: [] },
    {
      sessionId: 's1',
      now,
      capacity: { left: 5, session: 15 },
    },
  )
  t.match(
    through,
    { passFrom: '2026-11-06T00:00:00', passTo: null, lastCompletedAt: null },
    'a window read through: the pass goes on from its end, up to now',
  )
  t.equal(through.passNewest, '2026-11-28T00:00:00')
  const last = nextRead(through, { ...ctx, sessionId: 's2', roundsThisSession: 0 }, policyW)
  t.same(last, { type: 'START', from: '2026-11-06T00:00:00' })
  const done = afterRead(
    underWay(through, last),
    last,
    { type: 'READ', newest: '2026-11-30T00:00:00', iteratorId: null, remaining: 0, times: [] },
    {
      sessionId: 's2',
      now,
      capacity: { left: 10, session: 15 },
    },
  )
  t.match(
    done,
    { passFrom: null, passTo: null, modifiedSince: '2026-11-30T00:00:00', lastCompletedAt: now },
    'the last window completes the pass',
  )

  const fits = afterRead(
    pending,
    start,
    { type: 'READ', newest: '2026-11-28T00:00:00', iteratorId: '{IT}', remaining: 8, times: page },
    { sessionId: 's1', now, capacity: { left: 10, session: 15 } },
  )
  t.match(fits, { passTo: null, iteratorId: '{IT}' }, 'what is left fits the session: the iterator goes on')
  const nearEnd = afterRead(
    pending,
    start,
    { type: 'READ', newest: '2026-11-28T00:00:00', iteratorId: '{IT}', remaining: 35, times: page },
    { sessionId: 's1', now, capacity: { left: 0, session: 30 } },
  )
  t.equal(nearEnd.passTo, '2026-11-20T00:00:00', 'no read left this session: the window is sized for the next one')
})
