// The audit trail of one invoice, read only: every move of its sync status (who, why, in which Web
// Connector session) and every request sent to QuickBooks for it with the exact qbXML sent and
// received. Keyset pages, oldest first; a page of requests also stops before its XML passes the
// byte budget (always one request), so a page never grows too large to answer.
import { sql } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { syncAttempts, syncStatusTransitions } from '../db/schema.js'
import type { SyncStatus } from '../domain/sync-status.js'
import { itemsThatFit } from '../values.js'

export interface TransitionRow {
  id: number
  connectionId: string
  fromStatus: SyncStatus | null
  toStatus: SyncStatus
  reason: string
  errorCode: string | null
  errorMessage: string | null
  actorUserId: string | null
  actorApiKeyId: string | null
  sessionId: string | null
  createdAt: Date
}

/** `first` moves of the invoice's status after the move `afterId` (0: from the first), one more to tell if more follow. */
export async function transitionsOf(
  tx: Executor,
  tenantId: string,
  invoiceId: string,
  page: { first: number; afterId: number; connectionId: string | null },
): Promise<TransitionRow[]> {
  const connection = page.connectionId ? sql`and ${syncStatusTransitions.connectionId} = ${page.connectionId}::uuid` : sql``
  const { rows } =
    (await tx.execute(sql`select id::int as id, connection_id as "connectionId", from_status as "fromStatus", to_status as "toStatus",
      reason, error_code as "errorCode", error_message as "errorMessage", actor_user_id as "actorUserId", actor_api_key_id as "actorApiKeyId",
      session_id as "sessionId", created_at as "createdAt"
    from ${syncStatusTransitions}
    where tenant_id = ${tenantId}::uuid and invoice_id = ${invoiceId}::uuid and id > ${page.afterId} ${connection}
    order by id limit ${page.first + 1}`)) as unknown as { rows: (TransitionRow & { createdAt: Date | string })[] }
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) }))
}

export interface AttemptRow {
  id: string
  connectionId: string
  sessionId: string
  kind: string
  requestId: string
  invoiceVersion: number | null
  outcome: string
  statusCode: number | null
  statusSeverity: string | null
  statusMessage: string | null
  hresult: string | null
  sentAt: Date
  respondedAt: Date | null
  requestXml: string
  responseXml: string | null
  /** sent_at as PostgreSQL writes it (microseconds kept): the page's keyset position. */
  sentAtKey: string
}

/**
 * The requests sent for the invoice after (`after`: sentAt and id of the last one shown), oldest
 * first: the ids and sizes of `first` + 1 first, then the XML of those that fit `maxBytes`.
 */
export async function attemptsOf(
  tx: Executor,
  tenantId: string,
  invoiceId: string,
  page: { first: number; after: { sentAt: string; id: string } | null; connectionId: string | null; maxBytes: number },
): Promise<{ rows: AttemptRow[]; hasNextPage: boolean }> {
  const connection = page.connectionId ? sql`and connection_id = ${page.connectionId}::uuid` : sql``
  const after = page.after ? sql`and (sent_at, id) > (${page.after.sentAt}::timestamptz, ${page.after.id}::uuid)` : sql``
  const { rows: sizes } = (await tx.execute(sql`select id, octet_length(request_xml) + coalesce(octet_length(response_xml), 0) as bytes
    from ${syncAttempts} where tenant_id = ${tenantId}::uuid and invoice_id = ${invoiceId}::uuid ${connection} ${after}
    order by sent_at, id limit ${page.first + 1}`)) as unknown as { rows: { id: string; bytes: number }[] }
  const taken = itemsThatFit(
    sizes.map((s) => Number(s.bytes)),
    page.first,
    page.maxBytes,
  )
  const ids = sizes.slice(0, taken).map((s) => s.id)
  if (ids.length === 0) return { rows: [], hasNextPage: false }
  const { rows } =
    (await tx.execute(sql`select id, connection_id as "connectionId", session_id as "sessionId", kind, request_id as "requestId",
      invoice_version as "invoiceVersion", outcome, status_code as "statusCode", status_severity as "statusSeverity", status_message as "statusMessage",
      hresult, sent_at as "sentAt", sent_at::text as "sentAtKey", responded_at as "respondedAt", request_xml as "requestXml", response_xml as "responseXml"
    from ${syncAttempts} where id = any(${sql.param(ids)}::uuid[]) order by sent_at, id`)) as unknown as {
      rows: (AttemptRow & { sentAt: Date | string; respondedAt: Date | string | null })[]
    }
  return {
    rows: rows.map((r) => ({ ...r, sentAt: new Date(r.sentAt), respondedAt: r.respondedAt ? new Date(r.respondedAt) : null })),
    hasNextPage: sizes.length > taken,
  }
}
