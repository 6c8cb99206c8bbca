// Sync status changes between instances on one PostgreSQL: each instance NOTIFYs what it publishes
// on one channel and LISTENs to it, delivering to its own subscribers what other instances sent (its
// own it delivered already). Payloads stay under PostgreSQL's 8,000 bytes: changes go in chunks. A
// NOTIFY is sent after the change commits; an instance that dies in between leaves the other
// instances' subscribers without that one change (the committed state, webhooks and reads have it).
// On the embedded database (one process) there is nothing to relay.
import { randomUUID } from 'node:crypto'
import type { DatabaseHandle } from '../db/client.js'
import type { SyncStatusChange } from '../domain/sync-status.js'
import type { SyncStatusBus } from './sync-bus.js'

export const SYNC_STATUS_CHANNEL = 'invoice_sync_status'
/** Bytes of changes per NOTIFY (the limit is 8,000 with the envelope). */
const CHUNK_BYTES = 7000

/** Changes cut into JSON payloads of at most CHUNK_BYTES each (one change alone may be all of one). */
export function chunkChanges(origin: string, changes: SyncStatusChange[]): string[] {
  const payloads: string[] = []
  let chunk: string[] = []
  let bytes = 0
  const flush = () => {
    if (chunk.length > 0) payloads.push(`{"origin":${JSON.stringify(origin)},"changes":[${chunk.join(',')}]}`)
    chunk = []
    bytes = 0
  }
  for (const change of changes) {
    const text = JSON.stringify(change)
    if (bytes + text.length > CHUNK_BYTES) flush()
    chunk.push(text)
    bytes += text.length + 1
  }
  flush()
  return payloads
}

/** Starts relaying the bus's changes through the database; resolves with what stops it. */
export async function relaySyncStatus(
  bus: SyncStatusBus,
  database: Pick<DatabaseHandle, 'listen' | 'notify'>,
  onError: (err: unknown) => void,
): Promise<() => Promise<void>> {
  const { listen, notify } = database
  if (!listen || !notify) return async () => {}
  const origin = randomUUID()
  const stop = await listen.call(database, SYNC_STATUS_CHANNEL, (payload) => {
    try {
      const message = JSON.parse(payload) as { origin: string; changes: SyncStatusChange[] }
      if (message.origin !== origin) bus.deliver(message.changes)
    } catch (err) {
      onError(err)
    }
  })
  bus.relayTo((changes) => {
    for (const payload of chunkChanges(origin, changes)) notify.call(database, SYNC_STATUS_CHANNEL, payload).catch(onError)
  })
  return async () => {
    bus.relayTo(undefined)
    await stop()
  }
}
