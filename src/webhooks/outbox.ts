// The webhook outbox: events are written in the transaction of the change that causes them, so a
// committed change always has its event and a rolled-back one never does. One statement records a
// transaction's events and fans them out to the deliveries of the tenant's enabled endpoints that
// subscribe to them; an event nobody subscribes to is not stored. The delivery workers
// (webhook-worker.ts) poll for due deliveries. There is deliberately no NOTIFY: PostgreSQL
// serialises the commits of notifying transactions, which cut the commit rate of this statement
// from about 3,600 to 750 transactions/s on the 2-core machine.
import { sql } from 'drizzle-orm'
import { type Clock, systemClock } from '../clock.js'
import type { Executor } from '../db/client.js'
import { oneStatement, type StatementPart } from '../db/one-statement.js'
import type { SyncStatusChange } from '../domain/sync-status.js'

export const WEBHOOK_EVENT_TYPES = [
  'invoice.sync_status_changed',
  'invoice.updated',
  'invoice.exported',
  'invoice.payment_status_changed',
  'connection.session_completed',
  'connection.stale',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

export interface OutboxEvent {
  tenantId: string
  type: WebhookEventType
  data: Record<string, unknown>
}

/**
 * The events as parts of a statement (see db/one-statement.ts), so a change and its events can be
 * written together: the events with at least one subscribed, enabled endpoint are stored, with a
 * delivery for each such endpoint. No parts when there are no events.
 */
export function outboxParts(events: OutboxEvent[], clock: Clock = systemClock): StatementPart[] {
  if (events.length === 0) return []
  const timestamp = clock.now().toISOString()
  // The whole body as the receiver gets it (Standard Webhooks: type, timestamp, data).
  const rows = events.map((e) => ({
    id: clock.newId(),
    tenant_id: e.tenantId,
    type: e.type,
    payload: { type: e.type, timestamp, data: e.data },
  }))
  return [
    {
      name: 'outbox_input',
      sql: sql`select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, tenant_id uuid, type text, payload jsonb)`,
    },
    {
      name: 'outbox_targets',
      sql: sql`select i.id as event_id, e.id as endpoint_id from outbox_input i
        join webhook_endpoints e on e.tenant_id = i.tenant_id and e.disabled_at is null and i.type = any(e.events)`,
    },
    {
      name: 'outbox_stored',
      sql: sql`insert into webhook_events (id, tenant_id, type, payload)
        select i.id, i.tenant_id, i.type, i.payload from outbox_input i where exists (select 1 from outbox_targets t where t.event_id = i.id)
        returning id`,
    },
    {
      name: 'outbox_queued',
      sql: sql`insert into webhook_deliveries (event_id, endpoint_id) select t.event_id, t.endpoint_id from outbox_targets t join outbox_stored s on s.id = t.event_id`,
    },
  ]
}

/** Records the events in the caller's transaction: one statement, none when there are no events. */
export async function recordEvents(tx: Executor, events: OutboxEvent[], clock: Clock = systemClock): Promise<void> {
  if (events.length === 0) return
  await tx.execute(oneStatement(outboxParts(events, clock)))
}

/** `invoice.sync_status_changed` for each change that moved the status. */
export function syncStatusEvents(
  changes: SyncStatusChange[],
  invoice: (invoiceId: string) => { number: string; version?: number | null } | undefined,
  extra: Record<string, unknown> = {},
): OutboxEvent[] {
  return changes
    .filter((c) => c.from !== c.to)
    .map((c) => {
      const known = invoice(c.invoiceId)
      return {
        tenantId: c.tenantId,
        type: 'invoice.sync_status_changed' as const,
        data: {
          invoiceId: c.invoiceId,
          invoiceNumber: known?.number ?? null,
          connectionId: c.connectionId,
          from: c.from,
          to: c.to,
          reason: c.reason,
          version: known?.version ?? null,
          ...extra,
        },
      }
    })
}

/** What QuickBooks answered for an add it confirmed; none when the export was bypassed. */
export interface ExportConfirmation {
  version: number
  qbTxnId: string
  qbTxnNumber: number | null
}

/** `invoice.exported`: QuickBooks confirmed the InvoiceAdd, or (`confirmed` null) the batch's export was bypassed. */
export function invoiceExportedEvent(e: {
  tenantId: string
  invoiceId: string
  invoiceNumber: string
  connectionId: string | null
  batchId: string | null
  confirmed: ExportConfirmation | null
}): OutboxEvent {
  const { confirmed } = e
  return {
    tenantId: e.tenantId,
    type: 'invoice.exported',
    data: {
      invoiceId: e.invoiceId,
      invoiceNumber: e.invoiceNumber,
      connectionId: e.connectionId,
      bypassed: confirmed === null,
      batchId: e.batchId,
      version: confirmed?.version ?? null,
      qbTxnId: confirmed?.qbTxnId ?? null,
      qbTxnNumber: confirmed?.qbTxnNumber ?? null,
    },
  }
}

/** What QuickBooks says is paid on an exported invoice moved its payment status (read back from QuickBooks). */
export interface PaymentStatusChange {
  tenantId: string
  invoiceId: string
  invoiceNumber: string
  connectionId: string
  from: string | null
  to: string
  amountPaid: string
  balance: string
  qbTxnId: string
}

/** `invoice.payment_status_changed`: UNPAID, PARTIALLY_PAID or PAID, as QuickBooks' balance says. */
export function paymentStatusChangedEvent(e: PaymentStatusChange): OutboxEvent {
  return {
    tenantId: e.tenantId,
    type: 'invoice.payment_status_changed',
    data: {
      invoiceId: e.invoiceId,
      invoiceNumber: e.invoiceNumber,
      connectionId: e.connectionId,
      from: e.from,
      to: e.to,
      amountPaid: e.amountPaid,
      balance: e.balance,
      qbTxnId: e.qbTxnId,
    },
  }
}

/** `invoice.updated`: a saved edit (any decision) or an unlock, with the counts of the revision's diff. */
export function invoiceUpdatedEvent(
  e: {
    tenantId: string
    invoiceId: string
    invoiceNumber: string
    externalId: string | null
    version: number
    decision: string
    connectionId: string | null
    userId: string | null
  },
  diff: { fields: Record<string, unknown>; linesAdded: unknown[]; linesRemoved: unknown[]; linesChanged: unknown[] },
): OutboxEvent {
  return {
    tenantId: e.tenantId,
    type: 'invoice.updated',
    data: {
      invoiceId: e.invoiceId,
      invoiceNumber: e.invoiceNumber,
      externalId: e.externalId,
      version: e.version,
      decision: e.decision,
      connectionId: e.connectionId,
      changedFields: Object.keys(diff.fields),
      linesAdded: diff.linesAdded.length,
      linesRemoved: diff.linesRemoved.length,
      linesChanged: diff.linesChanged.length,
      userId: e.userId,
    },
  }
}

/**
 * A test event for one endpoint (type `webhook.test`), whatever it subscribes to: delivered, signed
 * and logged like any other. Returns the delivery's id.
 */
export async function recordTestEvent(
  tx: Executor,
  target: { tenantId: string; endpointId: string },
  clock: Clock = systemClock,
): Promise<string> {
  const id = clock.newId()
  const payload = {
    type: 'webhook.test',
    timestamp: clock.now().toISOString(),
    data: { endpointId: target.endpointId, message: 'A test event: this endpoint receives and verifies signed events.' },
  }
  const { rows } = (await tx.execute(sql`with stored as (
      insert into webhook_events (id, tenant_id, type, payload) values (${id}::uuid, ${target.tenantId}::uuid, 'webhook.test', ${JSON.stringify(payload)}::jsonb) returning id
    ) insert into webhook_deliveries (event_id, endpoint_id) select id, ${target.endpointId}::uuid from stored returning id::text`)) as unknown as {
    rows: { id: string }[]
  }
  return rows[0]!.id
}

/**
 * Sends a delivery again, now (whatever became of it: delivered, failed or given up); refused while
 * it is being sent. Returns whether it was queued again.
 */
export async function redeliver(tx: Executor, endpointId: string, deliveryId: number): Promise<'QUEUED' | 'IN_FLIGHT' | 'NOT_FOUND'> {
  const { rows } = (await tx.execute(sql`update webhook_deliveries set status = 'PENDING', next_attempt_at = now(), delivered_at = null
    where id = ${deliveryId} and endpoint_id = ${endpointId}::uuid and (locked_until is null or locked_until < now() or status <> 'PENDING')
    returning id`)) as unknown as { rows: unknown[] }
  if (rows.length > 0) return 'QUEUED'
  const { rows: exists } = (await tx.execute(
    sql`select 1 from webhook_deliveries where id = ${deliveryId} and endpoint_id = ${endpointId}::uuid`,
  )) as unknown as { rows: unknown[] }
  return exists.length > 0 ? 'IN_FLIGHT' : 'NOT_FOUND'
}
