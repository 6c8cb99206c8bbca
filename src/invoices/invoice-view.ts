// How both doors show an invoice's sync side: the status the invoice as a whole reports, and the
// last error of one connection. GraphQL resolvers and REST routes call these, so the rule is
// written once.
import type { RevisionRow, SyncStateRow } from './invoice-repository.js'

/** The status on the connection QuickBooks confirmed the invoice on, else the first one, else N/A. */
export function primarySyncStatus(states: readonly Pick<SyncStateRow, 'exportStatus' | 'status'>[]): SyncStateRow['status'] {
  return primaryState(states)?.status ?? 'NOT_APPLICABLE'
}

export interface SyncErrorView {
  code: string
  message: string
  fix: string | null
  helpUrl: string | null
  objects: { kind: string; name: string }[]
  /** For CHANGED_IN_QUICKBOOKS: each field and line that differs from what was last synced. */
  differences: string[]
  at: Date | null
}

/** What QuickBooks last refused on one connection, or null. */
export function lastErrorOf(state: SyncStateRow): SyncErrorView | null {
  if (!state.lastErrorCode) return null
  return {
    code: state.lastErrorCode,
    message: state.lastErrorMessage ?? '',
    fix: state.lastErrorFix,
    helpUrl: state.lastErrorHelpUrl,
    objects: (state.lastErrorObjects as { kind: string; name: string }[] | null) ?? [],
    differences: (state.lastErrorDetails as { differences?: string[] } | null)?.differences ?? [],
    at: state.lastErrorAt,
  }
}

/** One connection's sync state with the field names of GraphQL's InvoiceSync. */
export function syncView(state: SyncStateRow) {
  return {
    connectionId: state.connectionId,
    exportStatus: state.exportStatus,
    status: state.status,
    qbTxnId: state.qbTxnId,
    qbTxnType: state.qbTxnType,
    qbEditSequence: state.qbEditSequence,
    lastError: lastErrorOf(state),
    ...paymentView(state),
    qbReadAt: state.qbReadAt,
    updatedAt: state.updatedAt,
  }
}

/**
 * What QuickBooks says is paid and owed on the invoice on one connection (read back from it): null
 * until a read has seen the invoice there.
 */
export function paymentView(state: Pick<SyncStateRow, 'qbAmountPaid' | 'qbBalance' | 'paymentStatus'> | undefined) {
  return {
    amountPaid: state?.qbAmountPaid ?? null,
    balance: state?.qbBalance ?? null,
    paymentStatus: state?.paymentStatus ?? null,
  }
}

/** The state whose payment the invoice as a whole shows: the connection QuickBooks confirmed it on. */
export function primaryState<T extends Pick<SyncStateRow, 'exportStatus'>>(states: readonly T[]): T | undefined {
  return states.find((s) => s.exportStatus === 'EXPORTED') ?? states[0]
}

/** One revision with the field names of GraphQL's InvoiceRevision. */
export function revisionView(revision: RevisionRow) {
  return {
    version: revision.version,
    decision: revision.decision,
    snapshot: revision.snapshot,
    diff: revision.diff,
    actorUserId: revision.actorUserId,
    connectionId: revision.connectionId,
    warnings: (revision.warnings as { code: string; message: string }[] | null) ?? [],
    createdAt: revision.createdAt,
  }
}
