// Several writes sent as one statement: each becomes a data-modifying CTE, and PostgreSQL runs
// every one of them, referenced or not, all or nothing. One round trip instead of one per write,
// which is what keeps an edit's latency flat under load.
import { is, SQL, sql } from 'drizzle-orm'

/** A part of the statement; a name lets later parts refer to it (e.g. to its RETURNING rows). */
export interface StatementPart {
  name?: string
  sql: SQL
}

const NAME = /^[a-z_][a-z0-9_]*$/

/** The parts as CTEs of one statement, whose result is `result` (by default one row, `1`). */
export function oneStatement(parts: (SQL | StatementPart)[], result: SQL = sql`select 1`): SQL {
  if (parts.length === 0) throw new Error('oneStatement needs at least one part')
  const ctes = parts.map((part, i) => {
    const { name = `w${i}`, sql: body } = is(part, SQL) ? { sql: part } : part
    if (!NAME.test(name)) throw new Error(`bad statement part name ${name}`)
    return sql`${sql.raw(name)} as (${body})`
  })
  return sql`with ${sql.join(ctes, sql`, `)} ${result}`
}

/**
 * Ids as one uuid[] parameter. `column = any(${uuids(ids)})` lets the planner look the rows up by
 * index; a join against a JSON record set is estimated at 100 rows whatever it holds, and the
 * planner may then scan a whole table into a hash.
 */
export function uuids(ids: string[]): SQL {
  return sql`${sql.param(ids)}::uuid[]`
}

/** Strings as one text[] parameter (the driver quotes each element). */
export function texts(values: string[]): SQL {
  return sql`${sql.param(values)}::text[]`
}
