// Crash: the real server process is killed with SIGKILL at seeded random points of Web Connector
// sessions carrying adds (batch exports) and mods (Save & Sync edits): a call in flight (the
// answer lost), between sendRequestXML and receiveResponseXML (QuickBooks applied it, the service
// never heard), after the service committed an answer the Web Connector never got, at a random
// moment, and during an edit. After a restart the sessions complete, QuickBooks holds every
// invoice exactly once (by ExternalGUID and RefNumber), its copy equals the service's view, and
// every acknowledged edit is in the revisions.
import t from 'tap'
import { FakeQuickBooks } from '../helpers/fake-quickbooks.js'
import { rng } from '../helpers/generate.js'
import { qbDifferences } from './helpers/compare.js'
import { leakedSecrets, report, seedFor } from './helpers/figures.js'
import { type CutPoint, gql, runHttpSession } from './helpers/http.js'
import {
  createConnection,
  createInvoice,
  EDITOR,
  exportInvoices,
  getInvoice,
  nextNumber,
  seed as seedReference,
  startService,
  UPDATE,
} from './helpers/service.js'

const TRIALS = Number(process.env.RELIABILITY_CRASH_TRIALS || 24)
const BATCH = 3

t.test(`SIGKILL at random points of Web Connector sessions (${TRIALS} trials)`, async (t) => {
  const seed = seedFor('crash')
  const r = rng(seed)
  const svc = await startService(t, { QBWC_BATCH_SIZE: String(BATCH) })
  const key = svc.adminKey
  await seedReference(svc.base(), key)
  const scene = await createConnection(svc.base(), key)
  const qb = new FakeQuickBooks({ items: ['Labor', 'Pipe'] })
  const ids: string[] = []
  const exported = new Set<string>()
  const acked: { id: string; version: number; summary: string }[] = []
  const tickets: string[] = []
  const figures = {
    trials: 0,
    kills: 0,
    cutsNotReached: 0,
    restarts: 0,
    sessionsCompleted: 0,
    sessionsAborted: 0,
    editsAcknowledged: 0,
    editsUnknown: 0,
    invoicesChecked: 0,
    duplicates: 0,
    missing: 0,
    mismatched: 0,
    lostEdits: 0,
    actionRequired: 0,
  }
  const problems: string[] = []

  const kill = async () => {
    await svc.kill()
    figures.kills++
  }
  const up = async () => {
    if (!svc.running()) {
      await svc.restart()
      figures.restarts++
    }
  }

  /** A Save & Sync edit with seeded changes; acknowledged ones are remembered. Returns whether it was acknowledged. */
  async function edit(id: string, label: string, killAfterMs?: number): Promise<boolean> {
    try {
      const inv = await getInvoice(svc.base(), key, id)
      if (!inv) throw new Error(`invoice ${id} not found`)
      const lines = inv.lines as { id: string }[]
      const update: Record<string, unknown>[] = []
      const remove: string[] = []
      const add: Record<string, unknown>[] = []
      const target = r.pick(lines)
      const change: Record<string, unknown> = { id: target.id }
      if (r.chance(0.6)) change.quantity = r.chance(0.5) ? String(r.int(1, 9)) : `${r.int(1, 9)}.5`
      if (r.chance(0.5)) change.unitPrice = `${r.int(5, 120)}.${String(r.int(0, 99)).padStart(2, '0')}`
      if (r.chance(0.3)) change.description = `Edited ${label}`
      if (Object.keys(change).length > 1) update.push(change)
      if (lines.length < 6 && r.chance(0.35))
        add.push({
          itemId: r.pick(['labor', 'pipe']),
          description: `Added ${label}`,
          quantity: String(r.int(1, 4)),
          unitPrice: `${r.int(5, 60)}.25`,
        })
      if (lines.length >= 2 && r.chance(0.3)) {
        const victim = r.pick(lines.filter((l) => l.id !== target.id))
        if (victim) remove.push(victim.id)
      }
      const summary = `Edit ${label}`
      const input: Record<string, unknown> = {
        id,
        expectedVersion: inv.version,
        decision: 'SAVE_AND_SYNC',
        summary,
        lines: { update, remove, add },
      }
      if (r.chance(0.2)) input.number = nextNumber('N')
      const pending = gql(svc.base(), key, UPDATE, { input }, EDITOR)
      pending.catch(() => {})
      if (killAfterMs !== undefined) {
        await new Promise((res) => setTimeout(res, killAfterMs))
        await kill()
      }
      const res = await pending
      const payload = res.data?.updateInvoice
      if (res.status === 200 && !res.errors && payload?.invoice && payload.userErrors.length === 0) {
        acked.push({ id, version: payload.invoice.version, summary })
        figures.editsAcknowledged++
        return true
      }
      if (payload?.userErrors?.length) problems.push(`edit ${label} refused: ${JSON.stringify(payload.userErrors)}`)
      figures.editsUnknown++
      return false
    } catch {
      figures.editsUnknown++
      return false
    }
  }

  async function session(cut?: CutPoint, timerMs?: number, afterRound?: (round: number) => Promise<void>) {
    const timer = timerMs !== undefined ? setTimeout(() => void kill(), timerMs) : undefined
    const log = await runHttpSession(svc.base, qb, scene.credentials, {
      ...(cut ? { cut, onCut: kill } : {}),
      ...(afterRound ? { afterRound } : {}),
    })
    if (timer) clearTimeout(timer)
    if (log.ticket) tickets.push(log.ticket)
    if (log.aborted) figures.sessionsAborted++
    else if (log.status === '' && log.closeMessage !== undefined) figures.sessionsCompleted++
    return log
  }

  async function drain(trial: number): Promise<number> {
    for (let n = 1; n <= 15; n++) {
      await up()
      const log = await session()
      if (log.aborted || log.faults.length)
        problems.push(`trial ${trial}: recovery session ${n} failed: ${log.faults.join('; ') || `aborted: ${log.error}`}`)
      if (log.status === 'none') return n
    }
    problems.push(`trial ${trial}: work still left after 15 sessions`)
    return 15
  }

  /** What the service recorded about an invoice's sync, for a failure message. */
  async function history(id: string): Promise<string> {
    const state = (
      await svc.sql.query(
        'select export_status, status, in_flight_attempt_id, needs_reconcile, next_attempt_at, pending_version, synced_version from invoice_sync_states where invoice_id = $1',
        [id],
      )
    ).rows[0]
    const attempts = (
      await svc.sql.query(
        `select a.kind, a.outcome, a.invoice_version, s.status as session from sync_attempts a left join qbwc_sessions s on s.id = a.session_id where a.invoice_id = $1 and a.kind <> 'CUSTOMER_ADD' order by a.sent_at, a.request_id`,
        [id],
      )
    ).rows
    return `state ${JSON.stringify(state)}; attempts ${attempts.map((a) => `${a.kind}/${a.outcome}/v${a.invoice_version}/${a.session}`).join(', ')}`
  }

  async function verify(trial: number): Promise<void> {
    const guids = new Map(
      (
        await svc.sql.query<{ invoice_id: string; external_guid: string }>(
          'select invoice_id, external_guid from invoice_sync_states where connection_id = $1',
          [scene.connectionId],
        )
      ).rows.map((row) => [row.invoice_id, row.external_guid]),
    )
    for (const id of ids) {
      const ours = await getInvoice(svc.base(), key, id)
      if (!ours) {
        problems.push(`trial ${trial}: invoice ${id} is gone`)
        figures.missing++
        continue
      }
      const state = ours.sync[0]
      if (ours.status !== 'EXPORTED' || state?.exportStatus !== 'EXPORTED') {
        problems.push(
          `trial ${trial}: ${ours.number} not exported (${ours.status}/${state?.exportStatus} ${JSON.stringify(state?.lastError)}); ${await history(id)}`,
        )
        figures.missing++
        continue
      }
      exported.add(id)
      if (!['NOT_APPLICABLE', 'SYNCED'].includes(ours.syncStatus)) {
        problems.push(`trial ${trial}: ${ours.number} is ${ours.syncStatus} ${JSON.stringify(state.lastError)}; ${await history(id)}`)
        if (ours.syncStatus === 'ACTION_REQUIRED') figures.actionRequired++
        continue
      }
      const guid = guids.get(id)!.toUpperCase()
      const byGuid = [...qb.invoices.values()].filter((i) => i.externalGuid.toUpperCase() === guid)
      const byNumber = qb.byRefNumber(ours.number)
      if (byGuid.length !== 1 || byNumber.length !== 1) {
        problems.push(
          `trial ${trial}: ${ours.number} is in QuickBooks ${byGuid.length} times by ExternalGUID and ${byNumber.length} times by RefNumber`,
        )
        if (byGuid.length > 1) figures.duplicates++
        if (byGuid.length === 0) figures.missing++
        continue
      }
      if (byGuid[0]!.txnId !== state.qbTxnId)
        problems.push(`trial ${trial}: ${ours.number} TxnID ${state.qbTxnId} but QuickBooks has ${byGuid[0]!.txnId}`)
      const diff = qbDifferences(byGuid[0]!, ours)
      if (diff.length) {
        figures.mismatched++
        problems.push(`trial ${trial}: ${ours.number} v${ours.version} differs from QuickBooks: ${diff.join('; ')}; ${await history(id)}`)
      }
    }
    const revisions = new Set(
      (
        await svc.sql.query<{ k: string }>(
          `select invoice_id || ':' || version || ':' || coalesce(snapshot->>'summary', '') as k from invoice_revisions`,
        )
      ).rows.map((row) => row.k),
    )
    for (const a of acked) {
      if (!revisions.has(`${a.id}:${a.version}:${a.summary}`)) {
        figures.lostEdits++
        problems.push(`trial ${trial}: acknowledged edit ${a.summary} (version ${a.version}) is not in the revisions`)
      }
    }
  }

  const KINDS = [
    'lost-response',
    'between-send-and-receive',
    'answer-committed-not-delivered',
    'send-in-flight',
    'authenticate-in-flight',
    'random-moment',
    'during-edit',
  ] as const
  for (let trial = 0; trial < TRIALS; trial++) {
    await up()
    const fresh: string[] = []
    for (let i = r.int(1, 4); i > 0; i--) fresh.push((await createInvoice(svc.base(), key, nextNumber('R'), r.int(1, 4))).id)
    await exportInvoices(svc.base(), key, scene.connectionId, fresh)
    ids.push(...fresh)
    const editable = [...exported]
    const toEdit = new Set<string>()
    for (let i = Math.min(editable.length, r.int(0, 4)); i > 0; i--) toEdit.add(r.pick(editable))
    for (const id of toEdit) await edit(id, `${trial}.${toEdit.size}${r.int(0, 999)}`)
    const rounds = Math.max(1, Math.ceil((fresh.length + toEdit.size) / BATCH))
    const kind = r.pick(KINDS)
    const round = r.int(0, rounds - 1)
    const delayMs = r.int(0, 40)
    const killsBefore = figures.kills
    const inFlightEdit = editable.length > 0 && r.chance(0.3) ? r.pick(editable) : undefined
    const afterRound = inFlightEdit ? async () => void (await edit(inFlightEdit, `${trial}.inflight${r.int(0, 999)}`)) : undefined
    switch (kind) {
      case 'lost-response':
        await session({ method: 'receiveResponseXML', round, when: 'inflight', delayMs }, undefined, afterRound)
        break
      case 'between-send-and-receive':
        await session({ method: 'receiveResponseXML', round, when: 'before', delayMs: 0 }, undefined, afterRound)
        break
      case 'answer-committed-not-delivered':
        await session({ method: 'receiveResponseXML', round, when: 'after', delayMs: 0 }, undefined, afterRound)
        break
      case 'send-in-flight':
        await session({ method: 'sendRequestXML', round, when: 'inflight', delayMs }, undefined, afterRound)
        break
      case 'authenticate-in-flight':
        await session({ method: 'authenticate', round: 0, when: 'inflight', delayMs: r.int(0, 10) })
        break
      case 'random-moment':
        await session(undefined, r.int(0, 60 * rounds), afterRound)
        break
      case 'during-edit': {
        const id = editable.length > 0 ? r.pick(editable) : undefined
        if (id) await edit(id, `${trial}.killed${r.int(0, 999)}`, r.int(0, 15))
        break
      }
    }
    if (figures.kills === killsBefore) figures.cutsNotReached++
    // Sometimes the service dies again during the first recovery session.
    let secondKill = false
    if (r.chance(0.25)) {
      await up()
      await session(undefined, r.int(0, 80))
      secondKill = true
    }
    const sessionsToDrain = await drain(trial)
    await verify(trial)
    figures.trials++
    t.comment(
      `trial ${trial}: ${kind} round ${round}${kind.includes('flight') || kind === 'lost-response' ? ` +${delayMs} ms` : ''}; ${figures.kills - killsBefore} kill(s)${secondKill ? ' (one during recovery)' : ''}; ${fresh.length} new, ${toEdit.size} edited; drained in ${sessionsToDrain} session(s)`,
    )
  }

  figures.invoicesChecked = ids.length
  const leaks = leakedSecrets(svc.logs(), [key, scene.credentials.password, ...tickets])
  t.same(problems, [], 'no invoice lost, duplicated, different from QuickBooks or stuck; no acknowledged edit lost')
  t.same(leaks, [], 'the server logs hold no API key, Web Connector password or ticket')
  t.ok(figures.kills >= TRIALS * 0.8, `faults injected: ${figures.kills} kills in ${TRIALS} trials`)
  t.equal(figures.duplicates + figures.missing + figures.lostEdits + figures.mismatched, 0, 'nothing lost or duplicated')
  report('crash', { seed, ...figures, secretsLeaked: leaks.length })
})
