// /metrics for Prometheus: requests by route pattern, the pool, work waiting per connection,
// sessions, QuickBooks failures by code, the webhook backlog; METRICS_TOKEN guards it when set.
import t from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { scenario } from '../helpers/invoices.js'

const value = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

t.test('metrics in the Prometheus text format, from this instance and from the database', async (t) => {
  const app = await buildTestApp(t)
  const s = await scenario(app)
  const invoice = await s.createInvoice()
  const batch = (await s.gql('mutation($ids: [ID!]!) { createBatch(input: { invoiceIds: $ids }) { batch { id } } }', { ids: [invoice.id] }))
    .data!.createBatch.batch
  await s.gql('mutation($id: ID!) { postBatch(input: { id: $id }) { batch { id } } }', { id: batch.id })
  await s.gql('mutation($id: ID!, $c: ID!) { exportBatch(input: { id: $id, connectionId: $c }) { batch { id } } }', {
    id: batch.id,
    c: s.connectionId,
  })
  await app.request({ method: 'GET', url: `/v1/invoices/${invoice.id}` })
  await app.request({ method: 'GET', url: `/v1/invoices/${invoice.id}` })

  const res = await app.app.inject({ method: 'GET', url: '/metrics' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/plain; version=0\.0\.4/)
  const text = res.body
  t.equal(value(text, 'http_requests_total{method="GET",route="/v1/invoices/:id",status="200"}'), 2, 'by route pattern, never by raw URL')
  t.notMatch(text, new RegExp(invoice.id), 'no invoice id in a label')
  t.equal(value(text, `qbwc_pending_work{connection_id="${s.connectionId}"}`), 1, 'the export waits for the Web Connector')
  t.equal(value(text, 'qbwc_sessions_active'), 0)
  t.equal(value(text, 'webhook_backlog'), 0)
  t.match(text, /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/v1\/invoices\/:id"\}/)
  t.match(text, /process_cpu_user_seconds_total/, 'process metrics too')
  if (app.database.kind === 'postgres') t.ok((value(text, 'db_pool_connections{state="total"}') ?? 0) >= 1, 'the pool')
})

t.test('METRICS_TOKEN, when set, is required as a Bearer token', async (t) => {
  const app = await buildTestApp(t, { env: { METRICS_TOKEN: 'metrics-token-0123456789' } })
  t.equal((await app.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 401)
  t.equal(
    (await app.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong-token-000000000' } })).statusCode,
    401,
  )
  const ok = await app.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-token-0123456789' } })
  t.equal(ok.statusCode, 200)
})
