// What holds a connection's work back, and when a Web Connector counts as stale, without a database.
import t from 'tap'
import { isStale, queueEntry } from '../../src/sync/queue-decisions.js'

const now = new Date('2026-12-07T09:00:00Z')
const base = {
  exportStatus: 'QUEUED' as const,
  needsReconcile: false,
  hasTxnId: false,
  inFlight: false,
  nextAttemptAt: null,
  invoiceDate: '2026-11-02',
  syncStartDate: null,
}

t.test('each piece of work: the request it goes as, and what holds it', async (t) => {
  t.same(queueEntry(base, now), { next: 'INVOICE_ADD', held: null })
  t.same(queueEntry({ ...base, exportStatus: 'EXPORTED', hasTxnId: true }, now).next, 'INVOICE_MOD')
  t.same(queueEntry({ ...base, needsReconcile: true }, now).next, 'INVOICE_QUERY', 'a lost answer is looked up first')
  t.same(queueEntry({ ...base, inFlight: true }, now).held, { reason: 'IN_FLIGHT', until: null })
  t.same(queueEntry({ ...base, syncStartDate: '2026-12-01' }, now).held, { reason: 'BEFORE_SYNC_START', until: null })
  const later = new Date('2026-12-07T09:05:00Z')
  t.same(queueEntry({ ...base, nextAttemptAt: later }, now).held, { reason: 'BACKOFF', until: later })
  t.same(queueEntry({ ...base, nextAttemptAt: new Date('2026-12-07T08:59:00Z') }, now).held, null, 'a retry that is due goes')
})

t.test('stale: seen once, then not for three of its scheduled intervals', async (t) => {
  t.notOk(isStale(null, 15, now), 'never seen is not stale (never set up)')
  t.notOk(isStale(new Date('2026-12-07T08:15:00Z'), 15, now), '45 minutes: not yet')
  t.ok(isStale(new Date('2026-12-07T08:14:00Z'), 15, now))
  t.ok(isStale(new Date('2026-12-07T08:56:00Z'), 1, now), 'a one-minute schedule: 3 minutes')
})
