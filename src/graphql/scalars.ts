// Custom scalars. Decimal never passes through a float: variables must send strings, and literals
// in the query text are taken as written.
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql'
import { isCalendarDate } from '../qbxml/invoice.js'

const DECIMAL = /^-?\d+(\.\d+)?$/

function decimalFrom(value: unknown): string {
  if (typeof value === 'string' && DECIMAL.test(value)) return value
  if (typeof value === 'number')
    throw new GraphQLError('Decimal values must be sent as strings ("12.50"), never as JSON numbers, which are binary floats.')
  throw new GraphQLError(`"${String(value)}" is not a decimal number (digits, an optional point and sign; no exponent).`)
}

export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  serialize: (value) => String(value),
  parseValue: decimalFrom,
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return decimalFrom(ast.value)
    throw new GraphQLError('A Decimal is written as a string, e.g. "12.50".')
  },
})

function dateFrom(value: unknown): string {
  if (typeof value === 'string' && isCalendarDate(value)) return value
  throw new GraphQLError(`"${String(value)}" is not a calendar date written YYYY-MM-DD.`)
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: (value) => String(value),
  parseValue: dateFrom,
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? dateFrom(ast.value) : dateFrom(undefined)),
})

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()),
  parseValue: (value) => {
    const d = new Date(String(value))
    if (Number.isNaN(d.getTime())) throw new GraphQLError(`"${String(value)}" is not an ISO 8601 timestamp.`)
    return d
  },
})

export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
})
