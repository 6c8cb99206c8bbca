// drizzle wraps driver errors (DrizzleQueryError); services need the Postgres SQLSTATE and
// constraint underneath to turn, say, a unique violation into a clear domain error.
export interface PostgresError {
  code: string
  message: string
  constraint?: string
}

export function postgresErrorOf(err: unknown): PostgresError | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const candidate = e as { code?: unknown; message?: unknown; constraint?: unknown }
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return {
        code: candidate.code,
        message: String(candidate.message),
        ...(typeof candidate.constraint === 'string' ? { constraint: candidate.constraint } : {}),
      }
    }
  }
  return undefined
}

/**
 * The database gave up waiting (lock_timeout, statement_timeout, a deadlock): nothing was changed
 * and the same request may well succeed in a moment.
 */
export function isDatabaseBusy(err: unknown): boolean {
  const code = postgresErrorOf(err)?.code
  return code === '55P03' || code === '57014' || code === '40P01'
}
