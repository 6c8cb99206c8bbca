import t from 'tap'
import { applySyncEvent, type SyncState } from '../../src/sync/sync-state.js'

const exported: SyncState = {
  status: 'NOT_APPLICABLE',
  exportStatus: 'EXPORTED',
  pendingVersion: null,
  syncedVersion: 1,
  inFlight: false,
  hasTxnId: true,
}

function next(state: SyncState, ...events: Parameters<typeof applySyncEvent>[1][]): SyncState {
  return events.reduce((s, e) => {
    const r = applySyncEvent(s, e)
    if (!r.ok) throw new Error(`${e.type} refused: ${r.code}`)
    return r.state
  }, state)
}

t.test('the happy path: edit, send, confirm', async (t) => {
  const pending = next(exported, { type: 'EDIT_SYNC', version: 2 })
  t.match(pending, { status: 'PENDING', pendingVersion: 2 })
  t.match(next({ ...pending, inFlight: true }, { type: 'MOD_CONFIRMED', version: 2 }), {
    status: 'SYNCED',
    pendingVersion: null,
    syncedVersion: 2,
    inFlight: false,
  })
})

t.test('bypassed edits pile up; Re-Sync makes one pending change of the latest version', async (t) => {
  const bypassed = next(exported, { type: 'EDIT_BYPASS', version: 2 }, { type: 'EDIT_BYPASS', version: 3 })
  t.match(bypassed, { status: 'BYPASSED', pendingVersion: null })
  t.match(next(bypassed, { type: 'RESYNC', version: 3 }), { status: 'PENDING', pendingVersion: 3 })
})

t.test('an edit during a sync waits for another round', async (t) => {
  const inFlight = { ...next(exported, { type: 'EDIT_SYNC', version: 2 }), inFlight: true }
  const edited = next(inFlight, { type: 'EDIT_SYNC', version: 3 })
  t.match(next(edited, { type: 'MOD_CONFIRMED', version: 2 }), { status: 'PENDING', pendingVersion: 3, syncedVersion: 2 })
  t.match(
    next(
      { ...next(exported, { type: 'EDIT_SYNC', version: 2 }), inFlight: true },
      { type: 'EDIT_BYPASS', version: 3 },
      { type: 'MOD_CONFIRMED', version: 2 },
    ),
    { status: 'BYPASSED', syncedVersion: 2 },
    'a bypass during the sync stays bypassed',
  )
})

t.test('refusals and their way out', async (t) => {
  const refused = next({ ...next(exported, { type: 'EDIT_SYNC', version: 2 }), inFlight: true }, { type: 'REFUSED' })
  t.match(refused, { status: 'ACTION_REQUIRED', inFlight: false })
  t.match(next(refused, { type: 'BYPASS' }), { status: 'BYPASSED', pendingVersion: null })
  t.match(next(refused, { type: 'RESYNC', version: 2 }), { status: 'PENDING', pendingVersion: 2 })
  const queued: SyncState = {
    status: 'NOT_APPLICABLE',
    exportStatus: 'QUEUED',
    pendingVersion: null,
    syncedVersion: null,
    inFlight: true,
    hasTxnId: false,
  }
  t.match(next(queued, { type: 'REFUSED' }), { status: 'ACTION_REQUIRED', exportStatus: 'FAILED' }, 'a refused add is a failed export')
  t.match(next(queued, { type: 'EXPORT_CONFIRMED', version: 1 }), {
    status: 'NOT_APPLICABLE',
    exportStatus: 'EXPORTED',
    hasTxnId: true,
    syncedVersion: 1,
  })
  t.match(
    next({ ...queued, pendingVersion: 3 }, { type: 'EXPORT_CONFIRMED', version: 1 }),
    { status: 'PENDING', pendingVersion: 3 },
    'an edit made while the add was out follows as a mod',
  )
  const failedAdd = next(queued, { type: 'REFUSED' })
  t.match(
    next(failedAdd, { type: 'RESYNC', version: 4 }),
    { status: 'NOT_APPLICABLE', exportStatus: 'QUEUED', pendingVersion: null, hasTxnId: false },
    'a refused add, fixed, is queued again by Re-Sync',
  )
  t.match(applySyncEvent({ ...failedAdd, inFlight: true }, { type: 'RESYNC', version: 4 }), { ok: false, code: 'SYNC_IN_PROGRESS' })
})

t.test('what is refused, and why', async (t) => {
  const refusals: [SyncState, Parameters<typeof applySyncEvent>[1], string][] = [
    [{ ...exported, hasTxnId: false, exportStatus: 'BYPASSED' }, { type: 'EDIT_SYNC', version: 2 }, 'SYNC_NOT_POSSIBLE'],
    [{ ...exported, status: 'PENDING' }, { type: 'RESYNC', version: 2 }, 'ALREADY_PENDING'],
    [{ ...exported, exportStatus: 'QUEUED', hasTxnId: false }, { type: 'RESYNC', version: 2 }, 'SYNC_NOT_POSSIBLE'],
    [exported, { type: 'BYPASS' }, 'INVALID_SYNC_TRANSITION'],
    [{ ...exported, status: 'SYNCED' }, { type: 'BYPASS' }, 'INVALID_SYNC_TRANSITION'],
    [{ ...exported, status: 'PENDING', inFlight: true }, { type: 'BYPASS' }, 'SYNC_IN_PROGRESS'],
  ]
  for (const [state, event, code] of refusals)
    t.match(applySyncEvent(state, event), { ok: false, code, message: /\w/ }, `${state.status}/${state.exportStatus} + ${event.type}`)
})

t.test("QuickBooks' version accepted by a person", async (t) => {
  const changedThere = next(exported, { type: 'REFUSED' })
  t.match(next(changedThere, { type: 'QUICKBOOKS_ACCEPTED', version: 3 }), { status: 'SYNCED', syncedVersion: 3, pendingVersion: null })
  const refused = (s: SyncState) => {
    const r = applySyncEvent(s, { type: 'QUICKBOOKS_ACCEPTED', version: 3 })
    return r.ok ? 'ok' : r.code
  }
  t.equal(refused(exported), 'INVALID_SYNC_TRANSITION', 'only from Action Required')
  t.equal(refused({ ...changedThere, inFlight: true }), 'SYNC_IN_PROGRESS')
  t.equal(refused({ ...changedThere, hasTxnId: false }), 'SYNC_NOT_POSSIBLE', 'never when QuickBooks has no copy of ours')
})
