import t from 'tap'
import { buildTestApp, json } from '../helpers/app.js'

t.test('health, readiness and the shape of every error', async (t) => {
  const { app, request, database } = await buildTestApp(t)

  t.test('/healthz answers without a key', async (t) => {
    const res = await app.inject({ url: '/healthz' })
    t.equal(res.statusCode, 200)
    t.same(json(res), { status: 'ok' })
  })

  t.test('/readyz says which database answers', async (t) => {
    const res = await app.inject({ url: '/readyz' })
    t.equal(res.statusCode, 200)
    t.same(json(res), { status: 'ready', database: database.kind })
  })

  t.test('every response carries a request id; a sane caller id is kept, a hostile one replaced', async (t) => {
    const generated = await app.inject({ url: '/healthz' })
    t.match(generated.headers['x-request-id'], /^[0-9a-f-]{36}$/)
    const kept = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'upstream-abc.123' } })
    t.equal(kept.headers['x-request-id'], 'upstream-abc.123')
    const hostile = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'x\ny<script>' } })
    t.not(hostile.headers['x-request-id'], 'x\ny<script>')
  })

  t.test('an unknown route is a problem+json 404 with the request id', async (t) => {
    const res = await app.inject({ url: '/nope?x=1', headers: { 'x-request-id': 'req-404' } })
    t.equal(res.statusCode, 404)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.same(json(res), {
      type: 'https://invoice-sync.dev/problems/route-not-found',
      title: 'Not Found',
      status: 404,
      detail: 'There is no route GET /nope.',
      instance: '/nope',
      code: 'ROUTE_NOT_FOUND',
      requestId: 'req-404',
    })
  })

  t.test('malformed JSON and a wrong media type are 4xx problems, not crashes', async (t) => {
    const bad = await request({
      method: 'PUT',
      url: '/v1/customers/c1',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    })
    t.equal(bad.statusCode, 400)
    t.equal(json(bad).code, 'INVALID_JSON')
    const media = await request({
      method: 'PUT',
      url: '/v1/customers/c1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=x',
    })
    t.equal(media.statusCode, 415)
    t.equal(json(media).code, 'UNSUPPORTED_MEDIA_TYPE')
  })

  t.test('a body over the limit is refused with 413', async (t) => {
    const res = await request({
      method: 'PUT',
      url: '/v1/customers/c1',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    })
    t.equal(res.statusCode, 413)
    t.equal(json(res).code, 'BODY_TOO_LARGE')
  })

  t.test('the QuickBooks error help page has a section for every code', async (t) => {
    const res = await app.inject({ url: '/help/quickbooks-errors' })
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-type'], /^text\/html/)
    t.match(res.body, '<section id="3200"><h2>3200: Changed in QuickBooks</h2>')
    t.match(res.body, '<section id="0x80040400">')
  })

  t.test('the OpenAPI document is served', async (t) => {
    const res = await app.inject({ url: '/openapi.yaml' })
    t.equal(res.statusCode, 200)
    t.match(res.body, /^openapi: 3\.1\.0/)
  })
})

t.test('when the database stops answering: /readyz 503, /healthz 200, and a 500 that leaks nothing', async (t) => {
  const { app, request, database, logs } = await buildTestApp(t)
  await database.close()

  const ready = await app.inject({ url: '/readyz' })
  t.equal(ready.statusCode, 503)
  t.equal(json(ready).code, 'DATABASE_UNAVAILABLE')
  t.equal(ready.headers['retry-after'], '5')
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200)

  const res = await request({ method: 'GET', url: '/v1/customers/c1', as: 'some-key-that-needs-a-lookup' })
  t.equal(res.statusCode, 500)
  const body = json(res)
  t.equal(body.code, 'INTERNAL_ERROR')
  t.equal(body.requestId, res.headers['x-request-id'])
  t.match(body.detail, new RegExp(`Quote request id ${body.requestId}`))
  t.notMatch(res.body, /pool|PGlite|closed|stack|at [a-zA-Z]+ \(/i, 'no driver message or stack trace')
  t.ok(
    logs.some((l) => l.requestId === body.requestId && l.level === 50),
    'the cause is in the log under the same request id',
  )
})
