// Seeded random invoices for property tests: any field combination, awkward text, 1 to 200 lines.
// The seed is printed by the tests, so a failure can be replayed.
import type { QbInvoice, QbInvoiceLine } from '../../src/qbxml/invoice.js'
import type { CompanyProfile, QbxmlVersion } from '../../src/qbxml/profile.js'
import { toQuickBooksText } from '../../src/qbxml/text.js'
import type { QbRef } from '../../src/qbxml/writer.js'

export function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!
  const chance = (p: number) => next() < p
  return { next, int, pick, chance }
}

export type Rng = ReturnType<typeof rng>

/** Pieces of text QuickBooks integrations trip over: XML specials, quotes, accents, CJK, emoji, controls. */
const AWKWARD = [
  '&',
  '<',
  '>',
  '"',
  "'",
  ']]>',
  'é',
  'ü',
  'ß',
  'Ω',
  '€',
  '“',
  '”',
  '—',
  '…',
  '中文',
  '😀',
  '\u0007',
  '\r\n',
  '\t',
  'ő',
  'ﬁ',
  '\u200b',
  '  ',
  'A&B <C>',
]
const WORDS = ['Labor', 'Pipe', 'Valve', 'Service call', 'Install', 'Repair', 'Filter', 'Parts', 'Trip charge', 'Inspection']

export function text(r: Rng, maxLength: number): string {
  let s = ''
  const target = r.int(0, maxLength)
  while (s.length < target) s += r.chance(0.3) ? r.pick(AWKWARD) : `${r.pick(WORDS)} `
  // Fit the limit as QuickBooks counts it (after its character rules), cutting whole code points.
  const points = [...s].slice(0, maxLength)
  while (toQuickBooksText(points.join('')).length > maxLength) points.pop()
  return points.join('')
}

/** Sometimes (about 3%) one character too long for QuickBooks, to exercise the refusals. */
export function maybeTooLong(r: Rng, value: string, maxLength: number): string {
  return r.chance(0.03) ? value.padEnd(maxLength + 1, 'x') : value
}

export function name(r: Rng, maxLength: number): string {
  const n = text(r, maxLength).replace(/:/g, '-').trim()
  return toQuickBooksText(n).trim() === '' ? r.pick(WORDS).slice(0, maxLength) : n
}

export function decimal(r: Rng, integerDigits: number, scale: number, signed = false): string {
  const int = String(r.int(0, 10 ** Math.min(integerDigits, 6) - 1))
  const frac =
    scale > 0 && r.chance(0.7)
      ? `.${String(r.int(0, 10 ** scale - 1))
          .padStart(r.int(1, scale), '0')
          .slice(0, scale)}`
      : ''
  return `${signed && r.chance(0.1) ? '-' : ''}${int}${frac}`
}

function ref(r: Rng, maxName: number, flat = false): QbRef {
  const parts = !flat && r.chance(0.2) ? [name(r, maxName), name(r, maxName)] : [name(r, maxName)]
  return r.chance(0.2)
    ? { listId: `8000${r.int(100, 999)}-${r.int(1_000_000_000, 1_999_999_999)}`, fullName: parts.join(':') }
    : { fullName: parts.join(':') }
}

export function date(r: Rng): string {
  return `${r.int(2000, 2030)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`
}

export function line(r: Rng, id: string): QbInvoiceLine {
  return {
    id,
    item: ref(r, 31),
    description: text(r, r.chance(0.05) ? 4095 : 80),
    quantity: decimal(r, 4, 5, true),
    unitPrice: decimal(r, 5, 5),
    taxable: r.chance(0.5),
    cost: r.chance(0.5) ? decimal(r, 5, 5) : null,
    businessUnit: r.chance(0.5) ? ref(r, 31) : null,
    inventoryLocation: r.chance(0.3) ? ref(r, 31, true) : null,
  }
}

export function invoice(r: Rng, lineCount = r.chance(0.1) ? r.int(50, 200) : r.int(1, 12)): QbInvoice {
  return {
    customer: ref(r, 41),
    number: maybeTooLong(r, name(r, 11), 11),
    date: date(r),
    summary: text(r, r.chance(0.05) ? 4095 : 120),
    taxZone: r.chance(0.5) ? ref(r, 31, true) : null,
    businessUnit: r.chance(0.3) ? ref(r, 31) : null,
    lines: Array.from({ length: lineCount }, (_, i) => line(r, `line-${i}`)),
  }
}

export function profile(r: Rng, version: QbxmlVersion): CompanyProfile {
  return {
    version,
    country: 'US',
    classTracking: r.chance(0.5),
    salesTax: r.chance(0.5),
    inventorySites: r.chance(0.5),
    salesTaxCodes: r.chance(0.8) ? { taxable: 'Tax', nonTaxable: 'Non' } : { taxable: 'TX', nonTaxable: 'NT' },
    costField: r.pick(['Other1', 'Other2', null] as const),
  }
}

export function guid(r: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => r.int(0, 15).toString(16)).join('')
  return `{${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}`.toUpperCase()
}
