// The circuit breaker of a webhook endpoint, as pure rules. An endpoint whose deliveries keep failing
// (errors, timeouts, non-2xx) is paused: after `failureThreshold` consecutive failures the circuit
// OPENs for `openMs`; when that has passed it is HALF_OPEN and one delivery (a probe) may go. A
// failed probe opens it again for twice as long (up to `maxOpenMs`); any success closes it. Its
// deliveries wait meanwhile: delayed, never dropped. The worker stores the record on the endpoint
// and claims nothing for an OPEN one (webhook-worker.ts).
import { doublingDelay } from '../backoff.js'

export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN'

export interface Circuit {
  consecutiveFailures: number
  /** How many times in a row it opened (a failed probe opens it again); sets the next period. */
  opens: number
  /** Set while OPEN and HALF_OPEN; null when CLOSED. */
  openUntil: Date | null
}

export interface CircuitSettings {
  failureThreshold: number
  openMs: number
  maxOpenMs: number
}

export const CLOSED: Circuit = Object.freeze({ consecutiveFailures: 0, opens: 0, openUntil: null }) as Circuit

export function circuitState(circuit: Circuit, now: Date): CircuitState {
  if (circuit.openUntil === null) return 'CLOSED'
  return circuit.openUntil.getTime() > now.getTime() ? 'OPEN' : 'HALF_OPEN'
}

/** How long the circuit stays open its n-th time in a row: openMs, doubling each time, at most maxOpenMs. */
export function openPeriodMs(opens: number, openMs: number, maxOpenMs: number): number {
  return doublingDelay(opens, openMs, maxOpenMs)
}

/** The circuit after one delivery's outcome (true: a 2xx), at `now`. */
export function recordOutcome(circuit: Circuit, ok: boolean, now: Date, settings: CircuitSettings): Circuit {
  if (ok) return CLOSED
  const consecutiveFailures = circuit.consecutiveFailures + 1
  const reopen = (opens: number): Circuit => ({
    consecutiveFailures,
    opens,
    openUntil: new Date(now.getTime() + openPeriodMs(opens, settings.openMs, settings.maxOpenMs)),
  })
  switch (circuitState(circuit, now)) {
    case 'CLOSED':
      return consecutiveFailures >= settings.failureThreshold ? reopen(1) : { ...circuit, consecutiveFailures }
    case 'HALF_OPEN':
      return reopen(circuit.opens + 1)
    case 'OPEN':
      // A delivery already in flight when it opened: counted, the period unchanged.
      return { ...circuit, consecutiveFailures }
  }
}

/** The circuit after several outcomes, in the order they happened. */
export function recordOutcomes(circuit: Circuit, oks: boolean[], now: Date, settings: CircuitSettings): Circuit {
  return oks.reduce((c, ok) => recordOutcome(c, ok, now, settings), circuit)
}
