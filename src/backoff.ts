// The one exponential backoff of the service: QuickBooks busy retries, webhook retries, the webhook
// circuit's open periods and the Web Connector login throttle all wait by it.

/**
 * The n-th wait of a doubling series (n counts from 1): base, 2 x base, 4 x base ..., never more
 * than max. An n below 1 is the first wait; the exponent is capped so a long run never overflows.
 */
export function doublingDelay(n: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.min(Math.max(0, n - 1), 40))
}
