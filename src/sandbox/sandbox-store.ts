// The one writer of `sandbox_companies`: a sandbox connection's simulated company (its state as
// JSON), the encrypted password its Web Connector player logs in with, and the lease that lets one
// run or one action at a time change the company, whichever instance takes it. A lease is a time:
// its holder saves and releases only while the row still carries that time, so a holder that
// outlived its lease (or crashed) never overwrites the next one's work.
import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { connections, sandboxCompanies } from '../db/schema.js'
import type { CompanyState } from './simulated-company.js'

export interface SandboxRow {
  connectionId: string
  tenantId: string
  companyName: string
  state: CompanyState
  passwordCiphertext: string
  lastRunAt: Date | null
}

export interface Lease {
  connectionId: string
  until: Date
}

export async function insertSandbox(
  tx: Executor,
  row: { connectionId: string; tenantId: string; companyName: string; state: CompanyState; passwordCiphertext: string },
): Promise<void> {
  await tx.insert(sandboxCompanies).values(row)
}

/** Sandbox connections of the tenant (each counts against its limit). */
export async function countSandboxes(tx: Executor, tenantId: string): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(sandboxCompanies).where(eq(sandboxCompanies.tenantId, tenantId))
  return row?.n ?? 0
}

/** The company as last saved, without taking it (reads). */
export async function readSandbox(tx: Executor, connectionId: string): Promise<SandboxRow | undefined> {
  const [row] = await tx.select().from(sandboxCompanies).where(eq(sandboxCompanies.connectionId, connectionId))
  return row ? { ...row, state: row.state as CompanyState } : undefined
}

/**
 * Takes the company for `seconds` if nobody holds it: the row as it is now, or undefined when a run
 * or an action holds it (or there is no such sandbox).
 */
export async function leaseSandbox(
  tx: Executor,
  connectionId: string,
  now: Date,
  seconds: number,
): Promise<{ lease: Lease; row: SandboxRow } | undefined> {
  const until = new Date(now.getTime() + seconds * 1000)
  const [row] = await tx
    .update(sandboxCompanies)
    .set({ leasedUntil: until })
    .where(
      and(eq(sandboxCompanies.connectionId, connectionId), or(isNull(sandboxCompanies.leasedUntil), lt(sandboxCompanies.leasedUntil, now))),
    )
    .returning()
  if (!row) return undefined
  return { lease: { connectionId, until }, row: { ...row, state: row.state as CompanyState } }
}

/**
 * Saves the company mid-run and holds it `seconds` longer: the new lease, or undefined when the
 * lease had lapsed and someone else took the company (nothing is written; the holder must stop).
 */
export async function checkpointSandbox(
  tx: Executor,
  lease: Lease,
  state: CompanyState,
  now: Date,
  seconds: number,
): Promise<Lease | undefined> {
  const until = new Date(now.getTime() + seconds * 1000)
  const saved = await tx
    .update(sandboxCompanies)
    .set({ state, leasedUntil: until, updatedAt: now })
    .where(and(eq(sandboxCompanies.connectionId, lease.connectionId), eq(sandboxCompanies.leasedUntil, lease.until)))
    .returning({ id: sandboxCompanies.connectionId })
  return saved.length > 0 ? { connectionId: lease.connectionId, until } : undefined
}

/**
 * Saves the company and gives the lease back; false when the lease had lapsed and someone else took
 * the company since (nothing is written then).
 */
export async function saveSandbox(
  tx: Executor,
  lease: Lease,
  state: CompanyState | null,
  options: { ranAt?: Date; now: Date },
): Promise<boolean> {
  const saved = await tx
    .update(sandboxCompanies)
    .set({
      leasedUntil: null,
      updatedAt: options.now,
      ...(state ? { state } : {}),
      ...(options.ranAt ? { lastRunAt: options.ranAt } : {}),
    })
    .where(and(eq(sandboxCompanies.connectionId, lease.connectionId), eq(sandboxCompanies.leasedUntil, lease.until)))
    .returning({ id: sandboxCompanies.connectionId })
  return saved.length > 0
}

/**
 * Sandbox connections whose Web Connector is due by its schedule (never run, or its last run is
 * `scheduler_minutes` old), enabled and not held, oldest first.
 */
export async function dueSandboxes(tx: Executor, now: Date, limit: number): Promise<{ connectionId: string; tenantId: string }[]> {
  return tx
    .select({ connectionId: sandboxCompanies.connectionId, tenantId: sandboxCompanies.tenantId })
    .from(sandboxCompanies)
    .innerJoin(connections, eq(connections.id, sandboxCompanies.connectionId))
    .where(
      and(
        isNull(connections.disabledAt),
        or(isNull(sandboxCompanies.leasedUntil), lt(sandboxCompanies.leasedUntil, now)),
        or(
          isNull(sandboxCompanies.lastRunAt),
          lt(sandboxCompanies.lastRunAt, sql`${now}::timestamptz - ${connections.schedulerMinutes} * interval '1 minute'`),
        ),
      ),
    )
    .orderBy(asc(sql`coalesce(${sandboxCompanies.lastRunAt}, '-infinity'::timestamptz)`))
    .limit(limit)
}
