// Wrong Web Connector passwords, throttled by the address they come from (never by locking the
// connection: the username is in every .qwc file, so an account lock-out is a denial of service
// anyone can cause). The count lives in Postgres, so every instance sees it: a wrong password is
// counted by one upsert, which refuses to count while the address waits. Before a check, `admit`
// decides from the failures read with the login and the checks under way in this process, so
// guesses sent at once get no more checks than the policy allows, and a right password writes
// nothing unless the address had failures to forget.
import { eq, sql } from 'drizzle-orm'
import { doublingDelay } from '../backoff.js'
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
  const seconds = doublingDelay(failures - policy.maxFailures + 1, policy.blockSeconds, policy.maxBlockSeconds)
  return new Date(lastFailureAt.getTime() + seconds * 1000)
}

/** Until when an address with these failures waits at `at`; null when it need not (or has none). */
export function waitsUntil(row: FailureRow | null, at: Date, policy: LoginThrottlePolicy): Date | null {
  const until = row ? blockedUntil(row.failures, row.lastFailureAt, policy) : null
  return until && until > at ? until : null
}

/** An address's failures as a login reads them with its connection (null: none). */
export interface FailureRow {
  failures: number
  lastFailureAt: Date
}

export function createLoginThrottle(db: Executor, policy: LoginThrottlePolicy, now: () => Date) {
  /** Passwords of each address being checked now, in this process. */
  const pending = new Map<string, number>()
  return {
    /**
     * Whether a password from the address may be checked now, given its failures as read with the
     * login: never while it waits, and no more at once than the wrong passwords it has left before a
     * wait, so guesses sent together cannot all be checked (a right one then costs no write at all).
     * `release` when the check is done; `refused` with until when it waits (null: too many at once).
     */
    admit(address: string, row: FailureRow | null): { release: () => void } | { refused: Date | null } {
      const at = now()
      const live = row && row.lastFailureAt.getTime() >= at.getTime() - policy.maxBlockSeconds * 1000 ? row : null
      const until = waitsUntil(live, at, policy)
      if (until) return { refused: until }
      // After a wait one password at a time; before, as many as are left before the wait.
      const allowance = live && live.failures >= policy.maxFailures ? 1 : policy.maxFailures - (live?.failures ?? 0)
      const n = pending.get(address) ?? 0
      if (n >= allowance) return { refused: null }
      pending.set(address, n + 1)
      let released = false
      return {
        release: () => {
          if (released) return
          released = true
          const left = (pending.get(address) ?? 1) - 1
          if (left > 0) pending.set(address, left)
          else pending.delete(address)
        },
      }
    },

    /** Whether the address must wait; when it must, until when. */
    async blocked(address: string): Promise<Date | null> {
      const [row] = await db.select().from(qbwcLoginFailures).where(eq(qbwcLoginFailures.address, address))
      return waitsUntil(row ?? null, now(), policy)
    },

    /**
     * A login attempt from the address, counted as a failure before its password is checked (a right
     * password then calls `succeeded`), in one statement that counts it only while the address need
     * not wait: guesses sent at once cannot all pass a read made before any of them was counted.
     * Returns the address's count with this attempt (restarted when its last failure is older than
     * the longest wait), or null when the address must wait (nothing is counted, nothing checked).
     */
    async attempt(address: string): Promise<number | null> {
      const at = now()
      const forgetBefore = new Date(at.getTime() - policy.maxBlockSeconds * 1000)
      const t = qbwcLoginFailures
      const [row] = await db
        .insert(t)
        .values({ address, failures: 1, lastFailureAt: at })
        .onConflictDoUpdate({
          target: t.address,
          set: {
            failures: sql`case when ${t.lastFailureAt} < ${forgetBefore.toISOString()}::timestamptz then 1 else ${t.failures} + 1 end`,
            lastFailureAt: sql`greatest(${t.lastFailureAt}, excluded.last_failure_at)`,
          },
          // blockedUntil, in SQL: the row is left alone while the address waits.
          setWhere: sql`not (${t.failures} >= ${policy.maxFailures}::int and ${t.lastFailureAt} + make_interval(secs => least(${policy.maxBlockSeconds}::float8, ${policy.blockSeconds}::float8 * power(2, least(30, ${t.failures} - ${policy.maxFailures}::int)))) > ${at.toISOString()}::timestamptz)`,
        })
        .returning({ failures: t.failures })
      if (!row) return null
      // Addresses whose failures are forgotten are dropped a few at a time, so the table holds only
      // recent guessers however many addresses an attacker uses.
      await db.execute(
        sql`delete from ${t} where ${t.address} in (select address from ${t} where ${t.lastFailureAt} < ${forgetBefore.toISOString()}::timestamptz limit 100)`,
      )
      return row.failures
    },

    /** A right password from the address: its count starts again. */
    async succeeded(address: string): Promise<void> {
      await db.delete(qbwcLoginFailures).where(eq(qbwcLoginFailures.address, address))
    },
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>
