// Exact decimal arithmetic on BigInt for money, prices and quantities: values are kept as an
// integer count of 10^-scale units, so no binary float ever touches an amount.

export interface Decimal {
  readonly units: bigint
  readonly scale: number
}

const PLAIN = /^([+-]?)(\d+)(?:\.(\d+))?$/

export class DecimalFormatError extends Error {
  constructor(value: string) {
    super(`"${value}" is not a plain decimal number (digits, an optional point and sign; no exponent)`)
    this.name = 'DecimalFormatError'
  }
}

export function parseDecimal(value: string): Decimal {
  const m = PLAIN.exec(value)
  if (!m) throw new DecimalFormatError(value)
  const fraction = m[3] ?? ''
  const units = BigInt(m[2]! + fraction)
  return { units: m[1] === '-' ? -units : units, scale: fraction.length }
}

export function isPlainDecimal(value: string): boolean {
  return PLAIN.test(value)
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale)
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale }
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale)
  return { units: rescale(a, scale) + rescale(b, scale), scale }
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  return add(a, { units: -b.units, scale: b.scale })
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale)
  const x = rescale(a, scale)
  const y = rescale(b, scale)
  return x < y ? -1 : x > y ? 1 : 0
}

/**
 * The same amount, exactly ("2.50" and "2.5" are; "0.1" and "0.10000000000000001" are not).
 * Empty or missing equals only empty or missing; text that is not a plain decimal equals only
 * the same text, so an odd value from outside never throws here.
 */
export function sameDecimal(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = (a ?? '').trim()
  const y = (b ?? '').trim()
  if (x === y) return true
  if (!PLAIN.test(x) || !PLAIN.test(y)) return false
  return compare(parseDecimal(x), parseDecimal(y)) === 0
}

export function isZero(d: Decimal): boolean {
  return d.units === 0n
}

/**
 * Rounds to `scale` places, halves away from zero (2.345 -> 2.35, -2.345 -> -2.35): the way
 * QuickBooks rounds a line's quantity x rate to cents.
 */
export function round(d: Decimal, scale: number): Decimal {
  if (d.scale <= scale) return { units: rescale(d, scale), scale }
  const divisor = 10n ** BigInt(d.scale - scale)
  const negative = d.units < 0n
  const magnitude = negative ? -d.units : d.units
  let quotient = magnitude / divisor
  if ((magnitude % divisor) * 2n >= divisor) quotient += 1n
  return { units: negative ? -quotient : quotient, scale }
}

/** Exactly `scale` decimals: "12.50". */
export function toFixed(d: Decimal, scale: number): string {
  const r = round(d, scale)
  const negative = r.units < 0n
  const digits = (negative ? -r.units : r.units).toString().padStart(scale + 1, '0')
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
  return negative && r.units !== 0n ? `-${body}` : body
}

/** The shortest exact form with at most `maxScale` decimals: "2.5", "40", never an exponent. */
export function toPlain(d: Decimal, maxScale: number): string {
  const fixed = toFixed(d, Math.min(d.scale, maxScale))
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed
}

export const ZERO: Decimal = { units: 0n, scale: 0 }
