// The Idempotency-Key fence on the real database: a request that lost its key (its lease ran out
// and a retry took over) cannot commit its work, and a key whose work committed is never taken
// over. This is what holds when lease renewal itself cannot reach the database.
import { sql } from 'drizzle-orm'
import t from 'tap'
import { withFence } from '../../src/db/transaction-fence.js'
import { claimFence, renewalIntervalMs } from '../../src/http/idempotency.js'
import { createIdempotencyRepository } from '../../src/http/idempotency-repository.js'
import { buildTestApp } from '../helpers/app.js'

const RETENTION = 24 * 60 * 60
const fingerprint = { method: 'POST', path: '/v1/business-units', requestHash: 'h' }

t.test('renewal runs three times per lease', async (t) => {
  t.equal(renewalIntervalMs(60), 20_000)
  t.equal(renewalIntervalMs(1), 333)
})

t.test(
  'a request whose key was taken over rolls back; committed work keeps its key',
  { skip: !process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL ? 'needs a PostgreSQL server (two connections at once)' : false },
  async (t) => {
    const app = await buildTestApp(t)
    const db = app.database.db
    const rows = async <T>(q: string) => ((await db.execute(sql.raw(q))) as unknown as { rows: T[] }).rows
    const [{ id: tenantId }] = (await rows<{ id: string }>('select id from tenants limit 1')) as [{ id: string }]
    const repo = createIdempotencyRepository(db)
    const unitExists = async (id: string) => (await rows(`select 1 from business_units where id = '${id}'`)).length === 1
    const insertUnit = (id: string) => sql`insert into business_units (tenant_id, id, name) values (${tenantId}, ${id}, ${id})`

    const first = await repo.claim(tenantId, 'k', fingerprint, 1, RETENTION)
    if (!first.owned) throw new Error('the first claim owns the key')
    t.equal(await repo.renew(tenantId, 'k', first.token, 1), true, 'the owner renews its lease')

    // The first request's work is under way in its transaction when its lease runs out (no renewal).
    let proceed!: () => void
    const gate = new Promise<void>((r) => (proceed = r))
    let working!: () => void
    const started = new Promise<void>((r) => (working = r))
    const firstWork = withFence(claimFence(repo, { tenantId, key: 'k', token: first.token }), () =>
      db.transaction(async (tx) => {
        await tx.execute(insertUnit('late'))
        working()
        await gate
      }),
    )
    await started
    for (let i = 0; i < 200 && (await rows(`select 1 from idempotency_keys where key = 'k' and expires_at > now()`)).length > 0; i++) {
      await new Promise((r) => setTimeout(r, 50))
    }
    const second = await repo.claim(tenantId, 'k', fingerprint, 60, RETENTION)
    t.equal(second.owned, true, 'a retry after the lease takes the key over')
    if (!second.owned) return
    t.equal(await repo.renew(tenantId, 'k', first.token, 1), false, 'the first request can no longer renew')

    proceed()
    await t.rejects(firstWork, { code: 'IDEMPOTENCY_CLAIM_LOST' }, 'the first request cannot commit')
    t.equal(await unitExists('late'), false, 'its work was rolled back')

    // The retry's work commits, marking the record in the same transaction.
    await withFence(claimFence(repo, { tenantId, key: 'k', token: second.token }), () =>
      db.transaction(async (tx) => tx.execute(insertUnit('done'))),
    )
    t.equal(await unitExists('done'), true)
    // Say its process died before storing the answer, and its lease ran out: nobody takes the key over.
    await db.execute(sql`update idempotency_keys set expires_at = now() - interval '1 second' where key = 'k'`)
    const third = await repo.claim(tenantId, 'k', fingerprint, 60, RETENTION)
    t.equal(third.owned, false, 'a key whose work committed is not taken over')
    t.ok(!third.owned && third.record.workCommittedAt, 'the record says the work is done')
    t.equal(await repo.purgeExpired(RETENTION), 0, 'and it is not purged before its retention')

    // Without a fence (no Idempotency-Key), transactions are untouched.
    await db.transaction(async (tx) => tx.execute(insertUnit('plain')))
    t.equal(await unitExists('plain'), true)
  },
)
