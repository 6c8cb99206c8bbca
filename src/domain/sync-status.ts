// The sync status of one invoice on one QuickBooks connection, as the invoice service, the sync
// engine, the webhooks and the doors speak of it. Types only, below all of them.

export type SyncStatus = 'NOT_APPLICABLE' | 'PENDING' | 'SYNCED' | 'BYPASSED' | 'ACTION_REQUIRED'
export type ExportStatus = 'QUEUED' | 'EXPORTED' | 'FAILED' | 'BYPASSED'

/** What a sync transition reads of a stored state. */
export interface StateJson {
  tenantId: string
  invoiceId: string
  connectionId: string
  status: SyncStatus
  exportStatus: ExportStatus
  pendingVersion: number | null
  syncedVersion: number | null
  inFlightAttemptId: string | null
  qbTxnId: string | null
  /** Awaiting a lookup (an answer was lost): QuickBooks may hold the invoice. */
  needsReconcile?: boolean
  /** What the add sent the invoice as; absent where not read. */
  qbTxnType?: 'INVOICE' | 'CREDIT_MEMO'
  /** What QuickBooks says of the invoice's payment (read back); absent where not read. */
  paymentStatus?: 'UNPAID' | 'PARTIALLY_PAID' | 'PAID' | null
}

/** A committed move of the status, announced to subscribers and webhooks. */
export interface SyncStatusChange {
  tenantId: string
  invoiceId: string
  connectionId: string
  from: SyncStatus
  to: SyncStatus
  reason: string
  at: string
}
