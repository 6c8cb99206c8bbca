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
