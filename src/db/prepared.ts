// Statements a hot path runs again and again (a Web Connector's check-in), built and compiled once
// with named placeholders, then prepared once per pooled session: node-postgres names each by a
// hash of its text, so PostgreSQL parses and plans it once per connection, and this process builds
// no query per call. PGlite (one embedded session) runs the same text with its values.
import { createHash } from 'node:crypto'
import { fillPlaceholders, type SQL } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import pg from 'pg'
import type { Db } from './types.js'

const dialect = new PgDialect()

/**
 * `build` makes the statement with `sql.placeholder(name)` where values go; the answer runs it with
 * `values` by those names. Rows come as the driver types them (timestamps as Date, JSON parsed).
 */
export function preparedStatement<T>(db: Db, build: () => SQL): (values: Record<string, unknown>) => Promise<T[]> {
  let compiled: { name: string; text: string; params: unknown[] } | undefined
  return async (values) => {
    if (!compiled) {
      const { sql: text, params } = dialect.sqlToQuery(build())
      compiled = { name: `hot_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text, params }
    }
    const params = fillPlaceholders(compiled.params, values)
    const client = (db as { $client?: unknown }).$client
    if (client instanceof pg.Pool) return (await client.query({ name: compiled.name, text: compiled.text, values: params })).rows as T[]
    return ((await (client as { query(text: string, params: unknown[]): Promise<{ rows: unknown[] }> }).query(compiled.text, params))
      .rows ?? []) as T[]
  }
}
