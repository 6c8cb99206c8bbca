// Wrong Web Connector passwords, throttled by the address they come from (never by locking the
// connection: the username is in every .qwc file, so an account lock-out is a denial of service
// anyone can cause). The count lives in Postgres, so every instance sees it, and it is raised by one
// upsert, so concurrent guesses are all counted.
import { eq, sql } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { qbwcLoginFailures } from '../db/schema.js'

export interface LoginThrottlePolicy {
  /** Wrong passwords an address may send before it waits. */
  maxFailures: number
  /** The first wait; each further failure doubles it. */
  blockSeconds: number
  /** The longest wait; failures older than this are forgotten. */
  maxBlockSeconds: number
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottlePolicy = { maxFailures: 5, blockSeconds: 60, maxBlockSeconds: 3600 }

/** Until when an address with `failures` wrong passwords, the last at `lastFailureAt`, is refused without a check; null: not refused. */
export function blockedUntil(failures: number, lastFailureAt: Date, policy: LoginThrottlePolicy): Date | null {
  if (failures < policy.maxFailures) return null
  const seconds = Math.min(policy.maxBlockSeconds, policy.blockSeconds * 2 ** Math.min(30, failures - policy.maxFailures))
  return new Date(lastFailureAt.getTime() + seconds * 1000)
}

export function createLoginThrottle(db: Executor, policy: LoginThrottlePolicy, now: () => Date) {
  return {
    /** Whether the address must wait; when it must, until when. */
    async blocked(address: string): Promise<Date | null> {
      const [row] = await db.select().from(qbwcLoginFailures).where(eq(qbwcLoginFailures.address, address))
      if (!row) return null
      const until = blockedUntil(row.failures, row.lastFailureAt, policy)
      return until && until > now() ? until : null
    },

    /** Counts one wrong password; returns the address's count (restarted when its last failure is older than the longest wait). */
    async failed(address: string): Promise<number> {
      const at = now()
      const forgetBefore = new Date(at.getTime() - policy.maxBlockSeconds * 1000)
      const [row] = await db
        .insert(qbwcLoginFailures)
        .values({ address, failures: 1, lastFailureAt: at })
        .onConflictDoUpdate({
          target: qbwcLoginFailures.address,
          set: {
            failures: sql`case when ${qbwcLoginFailures.lastFailureAt} < ${forgetBefore.toISOString()}::timestamptz then 1 else ${qbwcLoginFailures.failures} + 1 end`,
            lastFailureAt: sql`greatest(${qbwcLoginFailures.lastFailureAt}, excluded.last_failure_at)`,
          },
        })
        .returning({ failures: qbwcLoginFailures.failures })
      // Addresses whose failures are forgotten are dropped a few at a time, so the table holds only
      // recent guessers however many addresses an attacker uses.
      await db.execute(sql`delete from ${qbwcLoginFailures} where ${qbwcLoginFailures.address} in (select address from ${qbwcLoginFailures} where ${qbwcLoginFailures.lastFailureAt} < ${forgetBefore.toISOString()}::timestamptz limit 100)`)
      return row!.failures
    },

    /** A right password from the address: its count starts again. */
    async succeeded(address: string): Promise<void> {
      await db.delete(qbwcLoginFailures).where(eq(qbwcLoginFailures.address, address))
    },
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>
