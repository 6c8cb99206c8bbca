// Storage of Idempotency-Key records (idempotency_keys): one row per (tenant, key), claimed by the
// request that does the work, its lease renewed while it runs, marked inside each transaction of
// the work (so a commit and "the work is done" are one fact), completed with its response, or
// released when it failed on our side before any work committed.
// Every time comparison uses the database clock, so several instances agree.
import { and, eq, getTableColumns, isNull, lte, or, sql } from 'drizzle-orm'
import type { Executor, Tx } from '../db/client.js'
import { idempotencyKeys } from '../db/schema.js'

export interface RequestFingerprint {
  method: string
  path: string
  /** SHA-256 of the canonical request body and acting user. */
  requestHash: string
}

export interface StoredResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export type IdempotencyRecord = typeof idempotencyKeys.$inferSelect

export type Claim =
  /** This request does the work; `token` proves it still owns the record when it finishes. */
  | { owned: true; token: Date }
  /** Another request has (or had) this key and its record is live; `leaseExpired` by the database clock. */
  | { owned: false; record: IdempotencyRecord & { leaseExpired: boolean } }

/** The claim's time doubles as its ownership token; cut to milliseconds so it survives a round trip through a JS Date. */
const CLAIMED_AT = sql`date_trunc('milliseconds', clock_timestamp())`

const owner = (tenantId: string, key: string, token: Date) =>
  and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key), eq(idempotencyKeys.createdAt, token))

/**
 * An expired record may be taken over or purged unless it is IN_PROGRESS with committed work (its
 * process died before storing the answer): that one is kept for the retention period after the commit.
 */
const workNotDone = (retentionSeconds: number) =>
  or(
    eq(idempotencyKeys.state, 'COMPLETED'),
    isNull(idempotencyKeys.workCommittedAt),
    lte(idempotencyKeys.workCommittedAt, sql`now() - make_interval(secs => ${retentionSeconds})`),
  )

/** Expired records deleted per statement by the purge. */
const PURGE_BATCH = 5000

export function createIdempotencyRepository(db: Executor) {
  return {
    /**
     * Takes the key for this request: a new key, or one whose record expired (a completed record
     * past its retention, or an IN_PROGRESS one whose lease ran out because its process died).
     * Otherwise returns the live record.
     */
    async claim(
      tenantId: string,
      key: string,
      fingerprint: RequestFingerprint,
      leaseSeconds: number,
      retentionSeconds: number,
    ): Promise<Claim> {
      // The record can vanish between the two statements (released or purged): then claim again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const [taken] = await db
          .insert(idempotencyKeys)
          .values({
            tenantId,
            key,
            ...fingerprint,
            state: 'IN_PROGRESS',
            createdAt: CLAIMED_AT,
            expiresAt: sql`now() + make_interval(secs => ${leaseSeconds})`,
          })
          .onConflictDoUpdate({
            target: [idempotencyKeys.tenantId, idempotencyKeys.key],
            set: {
              method: fingerprint.method,
              path: fingerprint.path,
              requestHash: fingerprint.requestHash,
              state: 'IN_PROGRESS',
              responseStatus: null,
              responseHeaders: null,
              responseBody: null,
              createdAt: CLAIMED_AT,
              expiresAt: sql`now() + make_interval(secs => ${leaseSeconds})`,
            },
            // Never a record whose work committed (until its retention is over): the work is done.
            setWhere: and(lte(idempotencyKeys.expiresAt, sql`now()`), workNotDone(retentionSeconds)),
          })
          .returning({ token: idempotencyKeys.createdAt })
        if (taken) return { owned: true, token: taken.token }
        const [record] = await db
          .select({ ...getTableColumns(idempotencyKeys), leaseExpired: sql<boolean>`${idempotencyKeys.expiresAt} <= now()` })
          .from(idempotencyKeys)
          .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)))
        if (record) return { owned: false, record }
      }
      throw new Error('could not claim an idempotency key that keeps disappearing')
    },

    /** Extends the lease of a request still running; false when it is no longer this request's. */
    async renew(tenantId: string, key: string, token: Date, leaseSeconds: number): Promise<boolean> {
      const rows = await db
        .update(idempotencyKeys)
        .set({ expiresAt: sql`greatest(${idempotencyKeys.expiresAt}, now() + make_interval(secs => ${leaseSeconds}))` })
        .where(and(owner(tenantId, key, token), eq(idempotencyKeys.state, 'IN_PROGRESS')))
        .returning({ key: idempotencyKeys.key })
      return rows.length > 0
    },

    /**
     * Inside a transaction of the request's work, before it commits: records that the work is done
     * (and holds the record's row lock until COMMIT, so a takeover waits and then sees it). False
     * when another request took the key over: the caller must roll back.
     */
    async markWorkCommitted(tx: Tx, tenantId: string, key: string, token: Date): Promise<boolean> {
      const rows = await tx
        .update(idempotencyKeys)
        .set({ workCommittedAt: sql`coalesce(${idempotencyKeys.workCommittedAt}, now())` })
        .where(and(owner(tenantId, key, token), eq(idempotencyKeys.state, 'IN_PROGRESS')))
        .returning({ key: idempotencyKeys.key })
      return rows.length > 0
    },

    /** Stores the response to replay, kept for `retentionSeconds`. */
    async complete(tenantId: string, key: string, token: Date, response: StoredResponse, retentionSeconds: number): Promise<void> {
      await db
        .update(idempotencyKeys)
        .set({
          state: 'COMPLETED',
          responseStatus: response.status,
          responseHeaders: response.headers,
          responseBody: response.body,
          expiresAt: sql`now() + make_interval(secs => ${retentionSeconds})`,
        })
        .where(owner(tenantId, key, token))
    },

    /** Forgets the key, so a retry does the work: the request failed on our side. False (kept) when some of its work committed. */
    async release(tenantId: string, key: string, token: Date): Promise<boolean> {
      const rows = await db
        .delete(idempotencyKeys)
        .where(and(owner(tenantId, key, token), isNull(idempotencyKeys.workCommittedAt)))
        .returning({ key: idempotencyKeys.key })
      return rows.length > 0
    },

    /**
     * Deletes expired records, `batchSize` rows a statement until none is left (one statement over a
     * backlog could outlast the statement timeout every time, and the table would only grow);
     * returns how many.
     */
    async purgeExpired(retentionSeconds: number, batchSize = PURGE_BATCH): Promise<number> {
      let purged = 0
      for (;;) {
        const batch = db
          .select({ tenantId: idempotencyKeys.tenantId, key: idempotencyKeys.key })
          .from(idempotencyKeys)
          .where(and(lte(idempotencyKeys.expiresAt, sql`now()`), workNotDone(retentionSeconds)))
          .limit(batchSize)
        const rows = await db
          .delete(idempotencyKeys)
          .where(sql`(${idempotencyKeys.tenantId}, ${idempotencyKeys.key}) in (${batch})`)
          .returning({ key: idempotencyKeys.key })
        purged += rows.length
        if (rows.length < batchSize) return purged
      }
    },
  }
}

export type IdempotencyRepository = ReturnType<typeof createIdempotencyRepository>
