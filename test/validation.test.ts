// Bad input is reported the same way by every door: a field that is not there is REQUIRED, one that
// is there and wrong INVALID, one the request does not have UNKNOWN_FIELD.
import t from 'tap'
import { z } from 'zod'
import type { ValidationError } from '../src/errors.js'
import { parseInput } from '../src/validation.js'

const schema = z
  .object({
    name: z.string().min(1),
    decision: z.enum(['SAVE_AND_SYNC', 'SAVE_AND_BYPASS']),
    lines: z.array(z.object({ quantity: z.string().regex(/^\d+$/) })),
  })
  .strict()

const codes = (input: unknown) => {
  try {
    parseInput(schema, input)
    return []
  } catch (err) {
    return (err as ValidationError).fieldErrors.map((e) => `${e.field} ${e.code}`)
  }
}

t.test('a missing field is REQUIRED whatever its rule; a wrong one INVALID', async (t) => {
  t.same(codes({ lines: [{}] }).sort(), ['decision REQUIRED', 'lines.0.quantity REQUIRED', 'name REQUIRED'])
  t.same(codes({ name: 'x', decision: 'SAVE', lines: [{ quantity: 'two' }] }).sort(), ['decision INVALID', 'lines.0.quantity INVALID'])
  t.same(codes({ name: 'x', decision: 'SAVE_AND_SYNC', lines: [], extra: 1 }), ['extra UNKNOWN_FIELD'])
  t.same(codes({ name: 'x', decision: 'SAVE_AND_SYNC', lines: [] }), [])
  t.same(codes(undefined), ['(body) REQUIRED'], 'no body at all')
})
