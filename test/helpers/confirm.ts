// QuickBooks' confirmation of adds and changes applied without a Web Connector session, exactly as
// the engine applies a round's confirmations (planConfirmations, one statement, then announced):
// for tests and benchmarks that need exported invoices and are not about the Web Connector.
import { sql } from 'drizzle-orm'
import type { Db } from '../../src/db/client.js'
import { oneStatement } from '../../src/db/one-statement.js'
import type { Confirmation, SyncResults } from '../../src/sync/sync-results.js'
import { checkConfirmed } from '../../src/sync/sync-state-store.js'

export async function confirm(db: Db, results: SyncResults, items: Confirmation[]): Promise<void> {
  const changes = await db.transaction(async (tx) => {
    const planned = await results.planConfirmations(tx, items)
    if (planned.parts.length === 0) return []
    const { rows } = (await tx.execute(oneStatement(planned.parts, sql`select ${planned.confirmed} as confirmed`))) as unknown as {
      rows: { confirmed: number }[]
    }
    checkConfirmed(planned, rows[0]?.confirmed)
    return planned.changes
  })
  results.publish(changes)
}
