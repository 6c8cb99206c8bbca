// Soak: a mixed load on the real server process for RELIABILITY_SOAK_SECONDS (default 150):
// GraphQL edits (Save & Sync, Save & Bypass, Re-Sync), REST reads, Web Connector sessions against
// the fake QuickBooks (which now and then is edited by someone in QuickBooks, or has a record
// locked), new exports, and webhook deliveries to a local receiver that checks every signature.
// Afterwards: every acknowledged edit is in the revisions, every invoice is in QuickBooks exactly
// once and its copy equals ours (or it is ACTION_REQUIRED with a reason, or BYPASSED), every
// webhook was delivered with a valid signature, and the server's memory did not keep growing
// (resident set sampled every 2 s; first and last thirds compared and printed).
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import t from 'tap'
import { FakeQuickBooks } from '../helpers/fake-quickbooks.js'
import { rng } from '../helpers/generate.js'
import { qbDifferences } from './helpers/compare.js'
import { leakedSecrets, report, seedFor } from './helpers/figures.js'
import { http as call, gql, runHttpSession } from './helpers/http.js'
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

const SECONDS = Number(process.env.RELIABILITY_SOAK_SECONDS || 150)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

t.test(`soak: mixed load for ${SECONDS} s`, async (t) => {
  const seed = seedFor('soak')
  const r = rng(seed)
  const svc = await startService(t, {
    RATE_LIMIT_PER_MINUTE: '0',
    QBWC_BATCH_SIZE: '10',
    SECRETS_KEY: randomBytes(32).toString('base64'),
    WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOKS_POLL_INTERVAL_MS: '200',
    WEBHOOKS_RETRY_BASE_MS: '100',
    WEBHOOKS_RETRY_MAX_MS: '1000',
    WEBHOOKS_TIMEOUT_MS: '2000',
  })
  const key = svc.adminKey
  const base = () => svc.base()
  await seedReference(base(), key)
  const scene = await createConnection(base(), key)
  const qb = new FakeQuickBooks({ items: ['Labor', 'Pipe'] })

  // The webhook receiver: checks each signature; fails one delivery in ten (at-least-once retries).
  const received = { deliveries: 0, badSignatures: 0, failedOnPurpose: 0, ids: new Set<string>() }
  let verifier: Webhook | undefined
  const receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      if (r.chance(0.1)) {
        received.failedOnPurpose++
        res.writeHead(503).end()
        return
      }
      try {
        verifier!.verify(body, {
          'webhook-id': String(req.headers['webhook-id']),
          'webhook-timestamp': String(req.headers['webhook-timestamp']),
          'webhook-signature': String(req.headers['webhook-signature']),
        })
        received.deliveries++
        received.ids.add(String(req.headers['webhook-id']))
      } catch {
        received.badSignatures++
      }
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => receiver.close(() => resolve(undefined))))
  const hook = await call(base(), 'POST', '/v1/webhook-endpoints', {
    key,
    body: {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      events: ['invoice.sync_status_changed', 'invoice.updated', 'invoice.exported', 'connection.session_completed'],
    },
  })
  const hookSecret = JSON.parse(hook.body).secret as string
  if (hook.status !== 201 || !hookSecret) throw new Error(`webhook endpoint: ${hook.status} ${hook.body}`)
  verifier = new Webhook(hookSecret)

  const ids: string[] = []
  const exportSome = async (n: number) => {
    const fresh: string[] = []
    for (let i = 0; i < n; i++) fresh.push((await createInvoice(base(), key, nextNumber('S'), r.int(1, 4))).id)
    await exportInvoices(base(), key, scene.connectionId, fresh)
    ids.push(...fresh)
  }
  await exportSome(20)
  await runHttpSession(base, qb, scene.credentials)

  const figures = {
    seconds: SECONDS,
    graphqlMutations: 0,
    editsAcknowledged: 0,
    resyncs: 0,
    restReads: 0,
    sessions: 0,
    roundTrips: 0,
    exports: 20,
    qbEdits: 0,
    qbLocks: 0,
    errors: 0,
    rssFirstThirdMb: 0,
    rssLastThirdMb: 0,
    rssMaxMb: 0,
    invoicesChecked: 0,
    lostEdits: 0,
    duplicates: 0,
    mismatched: 0,
    webhooksDelivered: 0,
    webhookBadSignatures: 0,
  }
  const problems: string[] = []
  const acked: { id: string; version: number; summary: string }[] = []
  const tickets: string[] = []
  const rss: number[] = []
  let running = true

  async function editor(worker: number) {
    let n = 0
    while (running) {
      const id = r.pick(ids)
      try {
        const inv = await getInvoice(base(), key, id)
        if (inv?.status !== 'EXPORTED') {
          await sleep(20)
          continue
        }
        figures.graphqlMutations++
        if (inv.syncStatus === 'BYPASSED' && r.chance(0.5)) {
          const res = await gql(
            base(),
            key,
            'mutation($id: ID!) { resyncInvoice(input: { id: $id }) { invoice { id } userErrors { code message } } }',
            { id },
            EDITOR,
          )
          if (res.errors) problems.push(`resync: ${res.body.slice(0, 200)}`)
          else if (res.data?.resyncInvoice?.userErrors?.length === 0) figures.resyncs++
          continue
        }
        const summary = `soak ${worker}.${n++}`
        const line = r.pick(inv.lines as { id: string }[])
        const res = await gql(
          base(),
          key,
          UPDATE,
          {
            input: {
              id,
              expectedVersion: inv.version,
              decision: r.chance(0.65) ? 'SAVE_AND_SYNC' : 'SAVE_AND_BYPASS',
              summary,
              lines: {
                update: [
                  { id: line.id, quantity: String(r.int(1, 9)), unitPrice: `${r.int(5, 90)}.${String(r.int(0, 99)).padStart(2, '0')}` },
                ],
              },
            },
          },
          EDITOR,
        )
        const payload = res.data?.updateInvoice
        if (res.errors) problems.push(`updateInvoice: ${res.body.slice(0, 200)}`)
        else if (payload?.invoice && payload.userErrors.length === 0) {
          acked.push({ id, version: payload.invoice.version, summary })
          figures.editsAcknowledged++
        } else if (!payload?.userErrors?.some((e: { code: string }) => e.code === 'VERSION_CONFLICT'))
          problems.push(`updateInvoice refused: ${JSON.stringify(payload?.userErrors)}`)
      } catch (err) {
        figures.errors++
        problems.push(`editor: ${(err as Error).message}`)
      }
    }
  }

  async function reader() {
    while (running) {
      const path = r.pick([`/v1/invoices/${r.pick(ids)}`, '/v1/invoices?syncStatus=PENDING', '/v1/sync-errors', '/v1/customers/c1'])
      const res = await call(base(), 'GET', path, { key })
      figures.restReads++
      if (res.status !== 200) problems.push(`GET ${path}: ${res.status} ${res.body.slice(0, 200)}`)
      await sleep(25)
    }
  }

  async function webConnector() {
    while (running) {
      if (r.chance(0.05) && qb.invoices.size > 0) {
        // Someone types in QuickBooks: the next change to that invoice must not overwrite it.
        const victim = r.pick([...qb.invoices.values()])
        qb.editInQuickBooks(victim.txnId, (i) => (i.memo = `typed in QuickBooks ${figures.qbEdits}`))
        figures.qbEdits++
      }
      if (r.chance(0.05)) {
        qb.lockedRequests = 1
        figures.qbLocks++
      }
      const log = await runHttpSession(base, qb, scene.credentials)
      figures.sessions++
      figures.roundTrips += log.roundTrips
      if (log.ticket) tickets.push(log.ticket)
      if (log.aborted || log.faults.length) problems.push(`session: ${log.error ?? log.faults.join('; ')}`)
      await sleep(300)
    }
  }

  async function exporter() {
    while (running) {
      await sleep(8000)
      if (!running) break
      await exportSome(2)
      figures.exports += 2
    }
  }

  async function sampler() {
    while (running) {
      rss.push(svc.rssMb())
      await sleep(2000)
    }
  }

  const stop = sleep(SECONDS * 1000).then(() => (running = false))
  await Promise.all([stop, editor(1), editor(2), reader(), webConnector(), exporter(), sampler()])

  // Settle: retries that wait are made due, the Web Connector runs until there is nothing left.
  for (let i = 0; i < 20; i++) {
    await svc.sql.query(`update invoice_sync_states set next_attempt_at = null where next_attempt_at is not null`)
    const log = await runHttpSession(base, qb, scene.credentials)
    if (log.status === 'none') break
  }
  for (let i = 0; i < 100; i++) {
    const pending = await svc.sql.query<{ n: number }>(`select count(*)::int as n from webhook_deliveries where status = 'PENDING'`)
    if (pending.rows[0]!.n === 0) break
    await sleep(300)
  }

  const third = Math.max(1, Math.floor(rss.length / 3))
  const avg = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)) * 10) / 10
  figures.rssFirstThirdMb = avg(rss.slice(0, third))
  figures.rssLastThirdMb = avg(rss.slice(-third))
  figures.rssMaxMb = Math.max(...rss)

  const guids = new Map(
    (
      await svc.sql.query<{ invoice_id: string; external_guid: string }>('select invoice_id, external_guid from invoice_sync_states')
    ).rows.map((row) => [row.invoice_id, row.external_guid.toUpperCase()]),
  )
  const statuses: Record<string, number> = {}
  const staleSynced: string[] = []
  for (const id of ids) {
    const ours = (await getInvoice(base(), key, id))!
    statuses[ours.syncStatus] = (statuses[ours.syncStatus] ?? 0) + 1
    figures.invoicesChecked++
    const copies = [...qb.invoices.values()].filter((i) => i.externalGuid.toUpperCase() === guids.get(id))
    if (copies.length !== 1) {
      figures.duplicates += copies.length > 1 ? 1 : 0
      problems.push(`${ours.number}: ${copies.length} copies in QuickBooks`)
      continue
    }
    if (ours.syncStatus === 'ACTION_REQUIRED') {
      if (!ours.sync[0].lastError?.code || !ours.sync[0].lastError?.message)
        problems.push(`${ours.number}: ACTION_REQUIRED without a reason`)
      continue
    }
    if (ours.syncStatus === 'BYPASSED') continue
    if (ours.syncStatus === 'PENDING') {
      problems.push(`${ours.number}: still PENDING after the Web Connector ran out of work`)
      continue
    }
    const diff = qbDifferences(copies[0]!, ours)
    if (diff.length) {
      figures.mismatched++
      const transitions = (
        await svc.sql.query(
          `select from_status, to_status, reason, (select version from invoices where id = $1) as now from sync_status_transitions where invoice_id = $1 order by id desc limit 8`,
          [id],
        )
      ).rows
      const attempts = (
        await svc.sql.query(
          `select kind, outcome, invoice_version, status_code from sync_attempts where invoice_id = $1 and kind <> 'CUSTOMER_ADD' order by sent_at desc limit 6`,
          [id],
        )
      ).rows
      const state = (
        await svc.sql.query(
          `select s.status, s.pending_version, s.synced_version, r.snapshot->>'summary' as synced_summary from invoice_sync_states s left join invoice_revisions r on r.invoice_id = s.invoice_id and r.version = s.synced_version where s.invoice_id = $1`,
          [id],
        )
      ).rows[0]
      staleSynced.push(
        `${ours.number} (${ours.syncStatus} v${ours.version}) differs from QuickBooks: ${diff.join('; ')}; state ${JSON.stringify(state)}; latest transitions ${transitions.map((x) => `${x.from_status}->${x.to_status} (${x.reason})`).join(' | ')}; latest attempts ${attempts.map((x) => `${x.kind}/${x.outcome}/v${x.invoice_version}/${x.status_code}`).join(', ')}`,
      )
    }
  }
  const revisions = new Set(
    (
      await svc.sql.query<{ k: string }>(
        `select invoice_id || ':' || version || ':' || coalesce(snapshot->>'summary', '') as k from invoice_revisions`,
      )
    ).rows.map((row) => row.k),
  )
  for (const a of acked)
    if (!revisions.has(`${a.id}:${a.version}:${a.summary}`)) {
      figures.lostEdits++
      problems.push(`acknowledged edit ${a.summary} is not in the revisions`)
    }
  const deliveries = (
    await svc.sql.query<{ status: string; n: number }>(`select status::text, count(*)::int as n from webhook_deliveries group by status`)
  ).rows
  figures.webhooksDelivered = received.deliveries
  figures.webhookBadSignatures = received.badSignatures

  t.comment(`RSS samples (MB): ${rss.join(' ')}`)
  t.comment(`final sync statuses: ${JSON.stringify(statuses)}; webhook deliveries: ${JSON.stringify(deliveries)}`)
  t.same(problems, [], 'no lost edit, no duplicate, every PENDING drained, every call answered')
  // Once seen as a race (a confirmation that waited for an edit's lock read the state from before
  // the edit; fixed, test/sync/confirm-during-edit.test.ts): any such invoice is printed in full.
  for (const line of staleSynced) t.comment(`SYNCED BUT DIFFERENT: ${line}`)
  t.same(staleSynced, [], 'every SYNCED or NOT_APPLICABLE invoice equals its QuickBooks copy')
  t.ok(received.deliveries > 0, `${received.deliveries} webhooks delivered (${received.failedOnPurpose} refused on purpose, then retried)`)
  t.equal(received.badSignatures, 0, 'every webhook carries a valid signature')
  t.notOk(
    deliveries.some((d) => d.status === 'PENDING'),
    'no webhook left undelivered',
  )
  t.ok(
    figures.rssLastThirdMb <= figures.rssFirstThirdMb * 1.5 + 20,
    `memory flat: ${figures.rssFirstThirdMb} MB in the first third, ${figures.rssLastThirdMb} MB in the last (max ${figures.rssMaxMb})`,
  )
  const leaks = leakedSecrets(svc.logs(), [key, scene.credentials.password, hookSecret, ...tickets])
  t.same(leaks, [], 'no API key, password, ticket or webhook secret in the server logs')
  report('soak', { seed, ...figures, secretsLeaked: leaks.length })
})
