// Turns zod results into the service's ValidationError, so every door reports bad input the same way.
import type { z } from 'zod'
import { ValidationError } from './errors.js'

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, pathPrefix = ''): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const field = (path: PropertyKey[]) => [pathPrefix, ...path.map(String)].filter(Boolean).join('.') || '(body)'
  throw new ValidationError(
    result.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ field: field([...issue.path, key]), code: 'UNKNOWN_FIELD', message: `"${key}" is not a field of this request` }))
        : [{ field: field(issue.path), code: issue.code === 'invalid_type' && valueAt(value, issue.path) === undefined ? 'REQUIRED' : 'INVALID', message: issue.message }],
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
