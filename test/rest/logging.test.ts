import { Writable } from 'node:stream'
import t from 'tap'
import { createLogger } from '../../src/logger.js'
import { buildTestApp, json } from '../helpers/app.js'

t.test('every log line of a request carries its request id, and no secret reaches the log', async (t) => {
  const { request, logs, adminKey } = await buildTestApp(t)
  const created = json(
    await request({ method: 'POST', url: '/v1/tenants', headers: { 'x-request-id': 'req-tenant-1' }, payload: { name: 'Logged Co' } }),
  )
  await request({ method: 'GET', url: '/v1/customers/none', headers: { 'x-request-id': 'req-missing-1' } })
  await request({ method: 'GET', url: '/v1/customers/none', as: 'wrong-key-value-123', headers: { 'x-request-id': 'req-401' } })

  for (const id of ['req-tenant-1', 'req-missing-1', 'req-401']) {
    const lines = logs.filter((l) => l.requestId === id)
    t.ok(lines.length >= 2, `${id}: logged on arrival and completion`)
    t.ok(lines.every((l) => l.requestId === id))
  }
  const requestLines = logs.filter((l) => 'req' in l || 'res' in l || 'responseTime' in l)
  t.ok(requestLines.length > 0)
  t.ok(
    requestLines.every((l) => typeof l.requestId === 'string'),
    'no request line lacks a request id',
  )

  const everything = JSON.stringify(logs)
  for (const secret of [adminKey, created.apiKey, 'wrong-key-value-123'])
    t.notOk(everything.includes(secret), 'a key never appears in the log')
})

t.test('the logger redacts secret fields wherever a log call puts them', async (t) => {
  let out = ''
  const logger = createLogger({ logLevel: 'info' }, new Writable({ write: (c, _e, done) => ((out += c), done()) }))
  logger.info(
    {
      password: 'p1',
      apiKey: 'k1',
      connection: { password: 'p2', ticket: 't1' },
      req: { headers: { authorization: 'Bearer k2' } },
      a: { b: { secret: 's1' } },
    },
    'x',
  )
  for (const secret of ['p1', 'k1', 'p2', 't1', 'Bearer k2', 's1']) t.notOk(out.includes(`"${secret}"`), `${secret} redacted`)
  t.match(out, /\[redacted\]/)
})
