// Turns zod results into the service's ValidationError, so every door reports bad input the same way.
import type { z } from 'zod'
import { ValidationError } from './errors.js'

/**
 * Text PostgreSQL cannot store (and QuickBooks cannot read): an unpaired UTF-16 surrogate, or the
 * NUL character.
 */
const NOT_TEXT = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/

/** Paths of the strings (keys included) in the input that are not well-formed Unicode. */
function malformedText(value: unknown, path: PropertyKey[] = [], out: PropertyKey[][] = []): PropertyKey[][] {
  if (typeof value === 'string') {
    if (NOT_TEXT.test(value)) out.push(path)
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => malformedText(v, [...path, i], out))
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (NOT_TEXT.test(k)) out.push([...path, '(key)'])
      else malformedText(v, [...path, k], out)
    }
  }
  return out
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, pathPrefix = ''): z.output<S> {
  const field = (path: PropertyKey[]) => [pathPrefix, ...path.map(String)].filter(Boolean).join('.') || '(body)'
  // Every text of every door is checked once, here, before any rule sees it.
  const malformed = malformedText(value)
  if (malformed.length > 0) {
    throw new ValidationError(
      malformed.map((path) => ({
        field: field(path),
        code: 'INVALID',
        message: 'is not valid text (it holds an unpaired surrogate or a NUL character)',
      })),
    )
  }
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new ValidationError(
    result.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({
            field: field([...issue.path, key]),
            code: 'UNKNOWN_FIELD',
            message: `"${key}" is not a field of this request`,
          }))
        : [
            {
              field: field(issue.path),
              // A field that is not there at all is missing, whatever its rule (a type, a choice of values,
              // a pattern): REQUIRED; a value that is there and wrong is INVALID.
              code: valueAt(value, issue.path) === undefined ? 'REQUIRED' : 'INVALID',
              message: issue.message,
            },
          ],
    ),
  )
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let current = value
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}
