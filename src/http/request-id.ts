// The request id on every log line and error body: a caller's own `X-Request-Id` is kept, so logs
// correlate across systems, only when it is a short safe token; anything else gets a new id.
import { randomUUID } from 'node:crypto'

export const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/

export function requestIdOf(given: string | string[] | undefined, generate: () => string = randomUUID): string {
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : generate()
}
