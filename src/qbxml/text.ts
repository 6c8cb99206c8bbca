// Text as QuickBooks can store it. QuickBooks Desktop keeps text in Windows-1252, so a character
// outside that repertoire would come back as "?" or break the whole message. The rule, applied to
// every text value before it is measured or sent:
//   1. Unicode NFC normalisation.
//   2. Control characters (C0 except TAB, LF and CR; DEL; C1) and non-characters are removed.
//   3. Characters Windows-1252 can store are kept as they are (accents, curly quotes, dashes, euro).
//   4. Others get a fixed replacement when there is an obvious one (listed in REPLACEMENTS: other
//      dashes and spaces, primes, arrows, comparison signs, fractions...).
//   5. Otherwise the compatibility decomposition (NFKD) without its accents is used when that is
//      storable ("ő" -> "o", "ﬁ" -> "fi", "Ｗ" -> "W").
//   6. Anything else (CJK, emoji, most symbols) becomes "?".

/** The 27 characters Windows-1252 puts at 0x80-0x9F. */
const CP1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')

const REPLACEMENTS: Record<string, string> = {
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '—',
  '\u2212': '-',
  '\u2000': ' ',
  '\u2001': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2004': ' ',
  '\u2005': ' ',
  '\u2006': ' ',
  '\u2007': ' ',
  '\u2008': ' ',
  '\u2009': ' ',
  '\u200A': ' ',
  '\u202F': ' ',
  '\u205F': ' ',
  '\u3000': ' ',
  '\u200B': '',
  '\u200C': '',
  '\u200D': '',
  '\u2060': '',
  '\uFEFF': '',
  '\u2032': "'",
  '\u2033': '"',
  '\u201B': "'",
  '\u201F': '"',
  '\u2039': '‹',
  '\u2044': '/',
  '\u2190': '<-',
  '\u2192': '->',
  '\u2194': '<->',
  '\u21D2': '=>',
  '\u2260': '!=',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2248': '~',
  '\u221E': 'infinity',
  '\u2022': '•',
  '\u2023': '•',
  '\u2043': '-',
  '\u25CF': '•',
  '\u2713': 'v',
  '\u2714': 'v',
  '\u2717': 'x',
  '\u2153': '1/3',
  '\u2154': '2/3',
  '\u215B': '1/8',
  '\u215C': '3/8',
  '\u215D': '5/8',
  '\u215E': '7/8',
  '\u2116': 'No.',
  '\u2105': 'c/o',
  '\u2122': '™',
  '\u00A0': '\u00A0',
}

const COMBINING_MARKS = /[\u0300-\u036f]/g

export function isStorable(ch: string): boolean {
  const c = ch.codePointAt(0)!
  if (c === 0x09 || c === 0x0a || c === 0x0d) return true
  if (c >= 0x20 && c <= 0x7e) return true
  if (c >= 0xa0 && c <= 0xff) return true
  return CP1252_EXTRAS.has(ch)
}

function isRemoved(c: number): boolean {
  return (
    (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) ||
    (c >= 0x7f && c <= 0x9f) ||
    (c >= 0xd800 && c <= 0xdfff) ||
    c === 0xfffe ||
    c === 0xffff
  )
}

function replacementFor(ch: string): string {
  const fixed = REPLACEMENTS[ch]
  if (fixed !== undefined) return fixed
  const folded = ch.normalize('NFKD').replace(COMBINING_MARKS, '')
  if (folded.length > 0 && [...folded].every(isStorable)) return folded
  return '?'
}

/** Applies the rule above; returns the text unchanged (same string) when it is already storable. */
export function toQuickBooksText(value: string): string {
  // Fast path: plain printable ASCII (the common case) needs no work.
  if (/^[\x20-\x7e]*$/.test(value)) return value
  let out = ''
  for (const ch of value.normalize('NFC')) {
    const c = ch.codePointAt(0)!
    if (isRemoved(c)) continue
    out += isStorable(ch) ? ch : replacementFor(ch)
  }
  return out
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' }

/**
 * Escapes XML specials for element text and attribute values (quotes too, so both are safe). CR is
 * written as a reference because XML parsers would otherwise turn CRLF into LF.
 */
export function escapeXml(value: string): string {
  return /[&<>"'\r]/.test(value) ? value.replace(/[&<>"'\r]/g, (c) => TEXT_ESCAPES[c]!) : value
}
