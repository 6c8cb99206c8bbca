// Query parameters of the REST door's lists: they arrive as text, and a parameter a route does not
// know is refused rather than ignored (a misspelt filter would otherwise list everything).
import { ValidationError } from '../errors.js'

/** Whole numbers become numbers; anything else reaches the service's schema as it is, which refuses it. */
export function queryNumber(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value
}

export function refuseUnknownQuery(query: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !known.includes(k))
  if (unknown.length > 0)
    throw new ValidationError(
      unknown.map((k) => ({ field: k, code: 'UNKNOWN_FIELD', message: `"${k}" is not a parameter of this request` })),
    )
}

/** A list's query as its service's input: unknown parameters refused, `first` a number, the others as given. */
export function queryInput(query: Record<string, unknown>, known: readonly string[]): Record<string, unknown> {
  refuseUnknownQuery(query, known)
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, k === 'first' ? queryNumber(v) : v]))
}
