// QuickBooks' date-times (DATETIMETYPE): `YYYY-MM-DDThh:mm:ss`, with an optional `±hh:mm` offset.
// QuickBooks writes them in the QuickBooks machine's local time and reads FromModifiedDate the same
// way, so a value read from it is sent back in its own form: with the offset it came with, or none.
// Without an offset the value is compared as if it were UTC, which is only right against values
// written the same way (those of one company file).

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:([+-])(\d{2}):(\d{2})|Z)?$/

export interface QbDateTime {
  /** The instant, as if an offsetless value were UTC. */
  ms: number
  /** The offset written with it, e.g. "-05:00"; null when none was written. */
  offset: string | null
}

/** Parses a DATETIMETYPE value; null when it is not one. */
export function parseQbDateTime(value: string | null | undefined): QbDateTime | null {
  const m = PATTERN.exec(value?.trim() ?? '')
  if (!m) return null
  const [, y, mo, d, h, mi, s, sign, oh, om] = m
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  if (Number.isNaN(local)) return null
  if (!sign) return { ms: local, offset: value?.trim().endsWith('Z') ? '+00:00' : null }
  const offsetMinutes = (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1)
  return { ms: local - offsetMinutes * 60_000, offset: `${sign}${oh}:${om}` }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** Writes an instant as DATETIMETYPE, in the given offset's local time (none: as UTC, no offset written). */
export function formatQbDateTime(value: QbDateTime): string {
  const sign = value.offset?.startsWith('-') ? -1 : 1
  const offsetMinutes = value.offset ? sign * (Number(value.offset.slice(1, 3)) * 60 + Number(value.offset.slice(4, 6))) : 0
  const d = new Date(value.ms + offsetMinutes * 60_000)
  const text = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  return value.offset ? `${text}${value.offset}` : text
}

/** The later of two date-times (either may be missing or unreadable; an unreadable one never wins). */
export function laterQbDateTime(a: string | null | undefined, b: string | null | undefined): string | null {
  const pa = parseQbDateTime(a)
  const pb = parseQbDateTime(b)
  if (!pa) return pb ? b!.trim() : null
  if (!pb) return a!.trim()
  return pb.ms > pa.ms ? b!.trim() : a!.trim()
}

/** The date-time `ms` earlier, in the same form (offset kept); null when the value is unreadable. */
export function earlierQbDateTime(value: string, ms: number): string | null {
  const parsed = parseQbDateTime(value)
  return parsed ? formatQbDateTime({ ms: parsed.ms - ms, offset: parsed.offset }) : null
}
