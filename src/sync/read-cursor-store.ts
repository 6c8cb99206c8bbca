// The one writer of `qb_read_cursors`: where each connection's read-back from QuickBooks stands.
// What the cursor becomes is decided in read-decisions.ts; this file reads and writes it.
import { and, eq, type SQL, sql } from 'drizzle-orm'
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

/**
 * Every cursor of the connection as a JSON array, for a statement that decides more than reads
 * (the Web Connector's check-in); `cursorsFromJson` reads it back.
 */
export function cursorsJsonSql(connectionId: string): SQL {
  return sql`(select coalesce(json_agg(row_to_json(c)), '[]'::json) from ${qbReadCursors} c where c.connection_id = ${connectionId})`
}

/** The cursors `cursorsJsonSql` selected, by kind. */
export function cursorsFromJson(rows: Record<string, unknown>[]): Map<ReadKind, ReadCursor> {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string))
  return new Map(
    rows.map((r) => [
      r.kind as ReadKind,
      cursorOf({
        ...({} as typeof qbReadCursors.$inferSelect),
        passNewest: (r.pass_newest as string | null) ?? null,
        modifiedSince: (r.modified_since as string | null) ?? null,
        passFrom: (r.pass_from as string | null) ?? null,
        passTo: (r.pass_to as string | null) ?? null,
        iteratorId: (r.iterator_id as string | null) ?? null,
        iteratorSessionId: (r.iterator_session_id as string | null) ?? null,
        remaining: (r.remaining as number | null) ?? null,
        lastCompletedAt: date(r.last_completed_at),
        failures: (r.failures as number) ?? 0,
        nextAttemptAt: date(r.next_attempt_at),
        refreshTxnIds: (r.refresh_txn_ids as string[]) ?? [],
        seenPayments: (r.seen_payments as string[]) ?? [],
      }),
    ]),
  )
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
