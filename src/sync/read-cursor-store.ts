// The one writer of `qb_read_cursors`: where each connection's read-back from QuickBooks stands.
// What the cursor becomes is decided in read-decisions.ts; this file reads and writes it.
import { and, eq, sql } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { qbReadCursors } from '../db/schema.js'
import { EMPTY_CURSOR, type ReadCursor } from './read-decisions.js'

export type ReadKind = (typeof qbReadCursors.$inferSelect)['kind']

function cursorOf(row: typeof qbReadCursors.$inferSelect): ReadCursor {
  return {
    modifiedSince: row.modifiedSince,
    passFrom: row.passFrom,
    passTo: row.passTo,
    passNewest: row.passNewest,
    iteratorId: row.iteratorId,
    iteratorSessionId: row.iteratorSessionId,
    remaining: row.remaining,
    lastCompletedAt: row.lastCompletedAt,
    failures: row.failures,
    nextAttemptAt: row.nextAttemptAt,
    refresh: row.refreshTxnIds,
    seenPayments: row.seenPayments,
  }
}

/** The connection's cursor of a kind (the empty cursor before its first read); `lock` holds it for this transaction. */
export async function loadCursor(tx: Executor, connectionId: string, kind: ReadKind, lock = false): Promise<ReadCursor> {
  const query = tx
    .select()
    .from(qbReadCursors)
    .where(and(eq(qbReadCursors.connectionId, connectionId), eq(qbReadCursors.kind, kind)))
  const [row] = lock ? await query.for('update') : await query
  return row ? cursorOf(row) : EMPTY_CURSOR
}

/** Every cursor of the connection, by kind (a kind never read has none). */
export async function loadCursors(tx: Executor, connectionId: string): Promise<Map<ReadKind, ReadCursor>> {
  const rows = await tx.select().from(qbReadCursors).where(eq(qbReadCursors.connectionId, connectionId))
  return new Map(rows.map((row) => [row.kind, cursorOf(row)]))
}

/** Writes the cursor as decided, with what the read took (entries read, requests sent) and its error, if any. */
export async function saveCursor(
  tx: Executor,
  key: { tenantId: string; connectionId: string; kind: ReadKind },
  cursor: ReadCursor,
  read: { entries: number; error: string | null; requests: number },
): Promise<void> {
  const { refresh, ...rest } = cursor
  const values = { ...rest, refreshTxnIds: refresh, lastError: read.error, updatedAt: new Date() }
  await tx
    .insert(qbReadCursors)
    .values({ ...key, ...values, entriesRead: read.entries, requests: read.requests })
    .onConflictDoUpdate({
      target: [qbReadCursors.connectionId, qbReadCursors.kind],
      set: {
        ...values,
        entriesRead: sql`${qbReadCursors.entriesRead} + ${read.entries}`,
        requests: sql`${qbReadCursors.requests} + ${read.requests}`,
      },
    })
}
