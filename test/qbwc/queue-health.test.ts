// A connection's queue and health through both doors: what waits in the order the Web Connector
// will take it and why anything is held; its last contact (idle check-ins count), the last
// session; and connection.stale once per silence when it stops coming.
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { createConnectionService } from '../../src/connections/connection-service.js'
import { webConnectorScenario } from '../helpers/invoices.js'
import { checkedRequest } from '../helpers/openapi.js'
import { authenticate, runSession } from '../helpers/web-connector.js'
import { buildWebhookApp, createEndpoint } from '../webhooks/helpers.js'

t.test('the queue in the order it goes, with why anything is held; health; connection.stale once per silence', async (t) => {
  let now = Date.parse('2026-12-07T09:00:00Z')
  const app = await buildWebhookApp(t, {}, { deps: { now: () => new Date(now) } })
  const { s, qb, credentials, exportInvoice, connectionId } = await webConnectorScenario(app)
  const api = checkedRequest(t, app)
  const get = async (url: string) => {
    const res = await api({ method: 'GET', url })
    t.equal(res.statusCode, 200, `${url} ${res.statusCode === 200 ? '' : res.body}`)
    return JSON.parse(res.body)
  }
  await createEndpoint(app, 'http://127.0.0.1:1029/hook', ['connection.stale'])
  const base = `/v1/connections/${connectionId}`
  t.match(await get(`${base}/health`), { lastContactAt: null, stale: false, lastSession: null, queue: { waiting: 0 } }, 'never seen')

  const early = await exportInvoice({ date: '2026-01-05' })
  const first = await exportInvoice()
  const second = await exportInvoice()
  await app.database.db.execute(`update connections set sync_start_date = '2026-06-01' where id = '${connectionId}'`)
  await app.database.db.execute(
    `update invoice_sync_states set next_attempt_at = '2026-12-07T09:30:00Z', transient_failures = 1 where invoice_id = '${first.id}'`,
  )
  const queue = await get(`${base}/queue`)
  t.same(
    queue.items.map((q: any) => [q.number, q.next, q.held]),
    [
      [second.number, 'INVOICE_ADD', null],
      [first.number, 'INVOICE_ADD', 'BACKOFF'],
      [early.number, 'INVOICE_ADD', 'BEFORE_SYNC_START'],
    ],
    'due first, then what waits, each with why',
  )
  t.equal(queue.items[1].heldUntil, '2026-12-07T09:30:00.000Z')
  t.same(
    queue.items.map((q: any) => q.position),
    [1, 2, 3],
  )
  const page = await get(`${base}/queue?first=1`)
  const rest = await get(`${base}/queue?first=5&after=${page.nextCursor}`)
  t.same([...page.items, ...rest.items], queue.items, 'pages follow each other')

  const log = await runSession(app.app, qb, credentials)
  t.match(log.closeMessage, /1 invoice exported/, 'only the due one went')
  const health = await get(`${base}/health`)
  t.match(health, {
    lastContactAt: '2026-12-07T09:00:00.000Z',
    schedulerMinutes: 15,
    stale: false,
    staleAfterMinutes: 45,
    lastSession: { status: 'CLOSED', summary: /1 invoice exported/ },
    queue: { waiting: 2, due: 0 },
  })
  const gql = await s.gql('{ connections { id health { stale lastContactAt queue { waiting } } queue { items { number held } } } }')
  const mine = gql.data!.connections.find((c: any) => c.id === connectionId)
  t.match(mine, { health: { stale: false, queue: { waiting: 2 } }, queue: { items: [{ held: 'BACKOFF' }, { held: 'BEFORE_SYNC_START' }] } })

  // The check an instance runs every CONNECTION_STALE_CHECK_SECONDS, on the same clock.
  const stale = createConnectionService(app.database.db, {
    publicUrl: 'http://localhost',
    clock: { now: () => new Date(now), newId: randomUUID },
  })
  const staleEvents = async () =>
    ((await app.database.db.execute(`select payload from webhook_events where type = 'connection.stale'`)) as unknown as { rows: any[] })
      .rows
  // 44 minutes of silence: not yet. 46: stale, told once.
  now += 44 * 60_000
  t.equal(await stale.notifyStale(), 0)
  now += 2 * 60_000
  t.equal(await stale.notifyStale(), 1)
  t.equal(await stale.notifyStale(), 0, 'once per silence')
  t.equal((await get(`${base}/health`)).stale, true)
  const [event] = await staleEvents()
  t.match(event.payload, {
    type: 'connection.stale',
    data: { connectionId, lastContactAt: '2026-12-07T09:00:00.000Z', staleAfterMinutes: 45 },
  })
  // An idle check-in (nothing to do) is contact: not stale any more; a later silence is told again.
  await app.database.db.execute(`delete from invoice_sync_states where connection_id = '${connectionId}' and invoice_id <> '${second.id}'`)
  const [, answer] = await authenticate(app.app, credentials)
  t.equal(answer, 'none', 'nothing to do')
  t.equal((await get(`${base}/health`)).stale, false, 'the check-in counts as contact')
  now += 50 * 60_000
  t.equal(await stale.notifyStale(), 1, 'a new silence, told again')
  t.equal((await staleEvents()).length, 2)
})
