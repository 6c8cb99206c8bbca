// What the benchmarks share: the PostgreSQL server they use, a scratch database per run, and percentiles.
import pg from 'pg'

/** The PostgreSQL server the benchmarks create their databases on. */
export const SERVER_URL =
  process.env.BENCH_DATABASE_URL ||
  process.env.TEST_DATABASE_URL ||
  process.env.DATABASE_URL ||
  'postgres://postgres@127.0.0.1:5432/postgres'

export function databaseUrl(name: string): string {
  const u = new URL(SERVER_URL)
  u.pathname = `/${name}`
  return u.toString()
}

/** Runs a statement on the server's maintenance database (create and drop the scratch database). */
export async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: SERVER_URL })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

/** The p-th percentile (nearest rank) of the values, which need not be sorted. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}
