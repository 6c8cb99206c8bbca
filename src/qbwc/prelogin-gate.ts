// What one source address may cost /qbwc before it has logged in: a few calls in flight at once
// (a body being read holds its place, so slow or huge bodies cannot pile up) and a number of calls
// per minute that carry no live ticket. Counted in this process: each instance protects itself.
import { createFixedWindowLimiter } from '../http/rate-limit.js'

export interface PreloginLimits {
  /** Calls from one address being read or answered at once (before their ticket is known live). */
  maxInFlight: number
  /** Calls without a live ticket per address per minute (0: unlimited). */
  perMinute: number
}

export function createPreloginGate(limits: PreloginLimits, now: () => number = Date.now) {
  const inFlight = new Map<string, number>()
  const perMinute = createFixedWindowLimiter(limits.perMinute, 60_000, now)
  return {
    /** A call from the address starts; false: it has too many in flight already (nothing was taken). */
    enter(address: string): boolean {
      const n = inFlight.get(address) ?? 0
      if (limits.maxInFlight > 0 && n >= limits.maxInFlight) return false
      inFlight.set(address, n + 1)
      return true
    },
    /** A call that entered ended (or was found to carry a live ticket). */
    leave(address: string): void {
      const n = (inFlight.get(address) ?? 0) - 1
      if (n > 0) inFlight.set(address, n)
      else inFlight.delete(address)
    },
    /** A call without a live ticket; false: the address spent its calls of this minute. */
    charge(address: string): { allowed: boolean; retryAfterSeconds: number } {
      if (limits.perMinute <= 0) return { allowed: true, retryAfterSeconds: 0 }
      const decision = perMinute.take(address)
      return { allowed: decision.allowed, retryAfterSeconds: decision.resetSeconds }
    },
    /** Addresses with calls in flight (the map never keeps idle ones). */
    get busyAddresses(): number {
      return inFlight.size
    },
  }
}

export type PreloginGate = ReturnType<typeof createPreloginGate>
