// buildApp's deps: the clock and the id generator every service uses. Given fixed ones, they are
// what a client reads back and what a webhook receiver gets.
import t from 'tap'
import { json } from './helpers/app.js'
import { scenario } from './helpers/invoices.js'
import { buildWebhookApp, createEndpoint, startReceiver } from './webhooks/helpers.js'

const FIXED = new Date('2031-05-06T07:08:09.000Z')

t.test('a clock and an id generator given to buildApp stamp edits and webhook events and name what is created', async (t) => {
  const issued: string[] = []
  const newId = () => {
    const id = `00000000-0000-4000-8000-${String(issued.length + 1).padStart(12, '0')}`
    issued.push(id)
    return id
  }
  const app = await buildWebhookApp(t, {}, { deps: { now: () => FIXED, newId } })
  const receiver = await startReceiver(t)
  const endpoint = await createEndpoint(app, receiver.url, ['invoice.updated'])
  t.ok(issued.includes(endpoint.id), 'the webhook endpoint has a generated id')

  const s = await scenario(app)
  const invoice = await s.createInvoice()
  t.ok(issued.includes(invoice.id), 'so has the invoice')
  const read = json(await app.request({ method: 'GET', url: `/v1/invoices/${invoice.id}` }))
  t.ok(
    read.lines.every((line: { id: string }) => issued.includes(line.id)),
    'and each of its lines',
  )

  const res = await app.request({
    method: 'PATCH',
    url: `/v1/invoices/${invoice.id}`,
    payload: { expectedVersion: invoice.version, summary: 'Edited' },
  })
  t.equal(res.statusCode, 200)
  t.equal(json(res).invoice.updatedAt, FIXED.toISOString(), 'the edit is stamped by the given clock')
  t.equal(json(await app.request({ method: 'GET', url: `/v1/invoices/${invoice.id}` })).updatedAt, FIXED.toISOString(), 'as it is stored')

  const [event] = await receiver.waitFor(1)
  t.match(event!.json, {
    type: 'invoice.updated',
    timestamp: FIXED.toISOString(),
    data: { invoiceId: invoice.id, version: invoice.version + 1 },
  })
  t.ok(issued.includes(String(event!.headers['webhook-id'])), 'the event has a generated id')
  t.equal(event!.headers['webhook-timestamp'], String(FIXED.getTime() / 1000), 'and is signed at the given time')
})
