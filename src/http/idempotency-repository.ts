// Storage of Idempotency-Key records (idempotency_keys): one row per (tenant, key), claimed by the
// request that does the work, completed with its response, or released when it failed on our side.
// Every time comparison uses the database clock, so several instances agree.
import { and, eq, lte, sql } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
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
  /** Another request has (or had) this key and its record is live. */
  | { owned: false; record: IdempotencyRecord }

/** The claim's time doubles as its ownership token; cut to milliseconds so it survives a round trip through a JS Date. */
const CLAIMED_AT = sql`date_trunc('milliseconds', clock_timestamp())`

export function createIdempotencyRepository(db: Executor) {
  return {
    /**
     * Takes the key for this request: a new key, or one whose record expired (a completed record
     * past its retention, or an IN_PROGRESS one whose lease ran out because its process died).
     * Otherwise returns the live record.
     */
    async claim(tenantId: string, key: string, fingerprint: RequestFingerprint, leaseSeconds: number): Promise<Claim> {
      // The record can vanish between the two statements (released or purged): then claim again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const [taken] = await db
          .insert(idempotencyKeys)
          .values({ tenantId, key, ...fingerprint, state: 'IN_PROGRESS', createdAt: CLAIMED_AT, expiresAt: sql`now() + make_interval(secs => ${leaseSeconds})` })
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
            setWhere: lte(idempotencyKeys.expiresAt, sql`now()`),
          })
          .returning({ token: idempotencyKeys.createdAt })
        if (taken) return { owned: true, token: taken.token }
        const [record] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)))
        if (record) return { owned: false, record }
      }
      throw new Error('could not claim an idempotency key that keeps disappearing')
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
        .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key), eq(idempotencyKeys.createdAt, token)))
    },

    /** Forgets the key, so a retry does the work: the request failed on our side. */
    async release(tenantId: string, key: string, token: Date): Promise<void> {
      await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key), eq(idempotencyKeys.createdAt, token)))
    },

    /** Deletes expired records; returns how many. */
    async purgeExpired(): Promise<number> {
      const rows = await db.delete(idempotencyKeys).where(lte(idempotencyKeys.expiresAt, sql`now()`)).returning({ key: idempotencyKeys.key })
      return rows.length
    },
  }
}

export type IdempotencyRepository = ReturnType<typeof createIdempotencyRepository>
