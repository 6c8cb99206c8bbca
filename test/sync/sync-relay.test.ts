// What the relay sends between instances: changes in JSON payloads under PostgreSQL's NOTIFY limit.
import t from 'tap'
import type { SyncStatusChange } from '../../src/domain/sync-status.js'
import { SyncStatusBus } from '../../src/sync/sync-bus.js'
import { chunkChanges, relaySyncStatus } from '../../src/sync/sync-relay.js'

const change = (i: number): SyncStatusChange => ({
  tenantId: '00000000-0000-0000-0000-000000000001',
  invoiceId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
  connectionId: '00000000-0000-0000-0000-000000000002',
  from: 'NOT_APPLICABLE',
  to: 'PENDING',
  reason: 'edited with Save & Sync',
  at: '2026-12-08T00:00:00.000Z',
})

t.test('changes go in payloads of at most 8,000 bytes, each once, in order', async (t) => {
  const changes = Array.from({ length: 200 }, (_, i) => change(i))
  const payloads = chunkChanges('me', changes)
  t.ok(payloads.length > 1, `${payloads.length} payloads`)
  t.ok(
    payloads.every((p) => Buffer.byteLength(p) < 8000),
    'each under the limit',
  )
  const back = payloads.flatMap((p) => (JSON.parse(p) as { origin: string; changes: SyncStatusChange[] }).changes)
  t.same(back, changes)
  t.same(chunkChanges('me', []), [])
})

t.test('a relay delivers what other instances sent, not its own again', async (t) => {
  const sent: string[] = []
  let hear: (payload: string) => void = () => {}
  const database = {
    listen: async (_channel: string, onPayload: (payload: string) => void) => {
      hear = onPayload
      return async () => {}
    },
    notify: async (_channel: string, payload: string) => {
      sent.push(payload)
    },
  }
  const bus = new SyncStatusBus()
  const seen: SyncStatusChange[] = []
  bus.subscribe((changes) => seen.push(...changes))
  const stop = await relaySyncStatus(bus, database, (err) => t.fail(String(err)))
  bus.publish([change(1)])
  t.equal(seen.length, 1, 'delivered here at once')
  t.equal(sent.length, 1, 'and sent on')
  hear(sent[0]!)
  t.equal(seen.length, 1, 'its own payload coming back is not delivered twice')
  hear(JSON.stringify({ origin: 'another-instance', changes: [change(2)] }))
  t.same(
    seen.map((c) => c.invoiceId),
    [change(1).invoiceId, change(2).invoiceId],
    "another instance's change is delivered",
  )
  await stop()
  bus.publish([change(3)])
  t.equal(sent.length, 1, 'stopped: nothing more is sent')
})
