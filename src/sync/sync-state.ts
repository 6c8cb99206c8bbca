// The sync state machine of one invoice on one QuickBooks connection (DESIGN.md §1 and §3).
// Pure: given the state and an event, the next state or the reason the event is not allowed.
//
//   NOT_APPLICABLE  exported, not edited since            PENDING         queued or in flight
//   SYNCED          QuickBooks holds our current version  BYPASSED        edits kept here only
//   ACTION_REQUIRED QuickBooks refused; a person must fix it, then Re-Sync or Bypass

import type { ExportStatus, SyncStatus } from '../domain/sync-status.js'

export interface SyncState {
  status: SyncStatus
  exportStatus: ExportStatus
  /** Invoice version waiting to be pushed; null when nothing is pending. */
  pendingVersion: number | null
  /** Invoice version QuickBooks holds (null before the add is confirmed). */
  syncedVersion: number | null
  /** A request for this invoice is out with the Web Connector. */
  inFlight: boolean
  /** QuickBooks' id for the invoice: without it there is nothing to modify. */
  hasTxnId: boolean
}

export type SyncEvent =
  | { type: 'EDIT_SYNC'; version: number }
  | { type: 'EDIT_BYPASS'; version: number }
  | { type: 'RESYNC'; version: number }
  | { type: 'BYPASS' }
  | { type: 'EXPORT_CONFIRMED'; version: number }
  | { type: 'MOD_CONFIRMED'; version: number }
  | { type: 'REFUSED' }
  /** A person took QuickBooks' copy as the invoice's content (`version` holds it): QuickBooks already has it. */
  | { type: 'QUICKBOOKS_ACCEPTED'; version: number }

export type TransitionResult = { ok: true; state: SyncState; reason: string } | { ok: false; code: string; message: string }

const refuse = (code: string, message: string): TransitionResult => ({ ok: false, code, message })
const to = (state: SyncState, changes: Partial<SyncState>, reason: string): TransitionResult => ({
  ok: true,
  state: { ...state, ...changes },
  reason,
})

/** Every confirmation's reason starts so (session summaries count confirmed invoices by it). */
export const CONFIRMED_REASON = 'QuickBooks confirmed'
/** The reason of a confirmed add: the session's summary counts it as exported, a change as synced. */
export const ADDED_REASON = 'QuickBooks confirmed the invoice'

export function applySyncEvent(state: SyncState, event: SyncEvent): TransitionResult {
  switch (event.type) {
    case 'EDIT_SYNC':
      if (!state.hasTxnId && state.exportStatus !== 'QUEUED') {
        return refuse(
          'SYNC_NOT_POSSIBLE',
          'This invoice was never added to QuickBooks by this service, so there is nothing to update there. Use Save & Bypass, or ask an administrator to unlock it.',
        )
      }
      // An edit during a sync stays PENDING: the newer version goes in another round.
      return to(state, { status: 'PENDING', pendingVersion: event.version }, 'edited with Save & Sync')
    case 'EDIT_BYPASS':
      return to(state, { status: 'BYPASSED', pendingVersion: null }, 'edited with Save & Bypass')
    case 'RESYNC':
      // An add QuickBooks refused (the customer or an item was missing, say) goes out again once the
      // person has fixed what the error named: QuickBooks said no, so it holds no copy to duplicate.
      if (state.exportStatus === 'FAILED' && !state.hasTxnId) {
        if (state.inFlight) return refuse('SYNC_IN_PROGRESS', 'This invoice is being sent to QuickBooks right now.')
        return to(
          state,
          { status: 'NOT_APPLICABLE', exportStatus: 'QUEUED', pendingVersion: null },
          'Re-Sync requested: the invoice is queued for QuickBooks again',
        )
      }
      if (state.exportStatus !== 'EXPORTED' || !state.hasTxnId) {
        return refuse('SYNC_NOT_POSSIBLE', 'Only an invoice QuickBooks has confirmed can be re-synced.')
      }
      if (state.status === 'PENDING') return refuse('ALREADY_PENDING', 'This invoice is already waiting to be synced.')
      return to(state, { status: 'PENDING', pendingVersion: event.version }, 'Re-Sync requested')
    case 'BYPASS':
      if (state.status !== 'ACTION_REQUIRED' && state.status !== 'PENDING') {
        return refuse(
          'INVALID_SYNC_TRANSITION',
          `Only a change that is pending or needs action can be bypassed; this one is ${state.status}.`,
        )
      }
      if (state.inFlight)
        return refuse(
          'SYNC_IN_PROGRESS',
          'This change is being sent to QuickBooks right now. Wait for the Web Connector session to finish, then bypass if needed.',
        )
      return to(state, { status: 'BYPASSED', pendingVersion: null }, 'bypassed: the change stays here only')
    case 'EXPORT_CONFIRMED': {
      const newer = state.pendingVersion !== null && state.pendingVersion > event.version
      return to(
        state,
        {
          exportStatus: 'EXPORTED',
          syncedVersion: event.version,
          inFlight: false,
          hasTxnId: true,
          status: newer ? 'PENDING' : state.status === 'BYPASSED' ? 'BYPASSED' : 'NOT_APPLICABLE',
          pendingVersion: newer ? state.pendingVersion : null,
        },
        ADDED_REASON,
      )
    }
    case 'MOD_CONFIRMED': {
      if (state.status === 'BYPASSED')
        return to(
          state,
          { syncedVersion: event.version, inFlight: false },
          'QuickBooks confirmed an earlier change; later edits stay bypassed',
        )
      const newer = state.pendingVersion !== null && state.pendingVersion > event.version
      return to(
        state,
        {
          syncedVersion: event.version,
          inFlight: false,
          status: newer ? 'PENDING' : 'SYNCED',
          pendingVersion: newer ? state.pendingVersion : null,
        },
        newer ? 'QuickBooks confirmed; a newer edit is still pending' : 'QuickBooks confirmed the change',
      )
    }
    case 'QUICKBOOKS_ACCEPTED':
      if (!state.hasTxnId) return refuse('SYNC_NOT_POSSIBLE', 'QuickBooks has no copy of this invoice from this service.')
      if (state.inFlight) return refuse('SYNC_IN_PROGRESS', 'This invoice is being sent to QuickBooks right now.')
      if (state.status !== 'ACTION_REQUIRED')
        return refuse(
          'INVALID_SYNC_TRANSITION',
          `Only an invoice changed in QuickBooks (Action Required) can take QuickBooks' version; this one is ${state.status}.`,
        )
      return to(state, { status: 'SYNCED', syncedVersion: event.version, pendingVersion: null }, "QuickBooks' version accepted")
    case 'REFUSED':
      return to(
        state,
        { status: 'ACTION_REQUIRED', inFlight: false, ...(state.exportStatus === 'QUEUED' ? { exportStatus: 'FAILED' as const } : {}) },
        'QuickBooks refused the change',
      )
  }
}
