// X-Request-Id: a caller's id is kept when it is a short safe token, otherwise replaced, so
// nothing a client sends lands unchecked in response bodies and log lines.
import t from 'tap'
import { requestIdOf } from '../../src/http/request-id.js'
import { buildTestApp, json } from '../helpers/app.js'

t.test('only 1 to 64 of [A-Za-z0-9._:-] are kept', async (t) => {
  const fresh = () => 'generated'
  t.equal(requestIdOf('req-123:abc.DEF_9', fresh), 'req-123:abc.DEF_9')
  t.equal(requestIdOf('a'.repeat(64), fresh), 'a'.repeat(64))
  t.equal(requestIdOf('a'.repeat(65), fresh), 'generated')
  t.equal(requestIdOf('', fresh), 'generated')
  t.equal(requestIdOf('a b', fresh), 'generated')
  t.equal(requestIdOf('"><script>', fresh), 'generated')
  t.equal(requestIdOf(['a', 'b'], fresh), 'generated')
  t.equal(requestIdOf(undefined, fresh), 'generated')
})

t.test('a long or hostile X-Request-Id reaches neither the answer nor the log', async (t) => {
  const app = await buildTestApp(t)
  const long = 'x'.repeat(5000)
  const hostile = '"><script>alert(1)</script>{"level":60}'
  for (const given of [long, hostile]) {
    const res = await app.request({ method: 'GET', url: '/v1/invoices/not-there', headers: { 'x-request-id': given } })
    t.equal(res.statusCode, 404)
    const id = res.headers['x-request-id'] as string
    t.not(id, given, 'the header carries a new id')
    t.match(id, /^[0-9a-f-]{36}$/)
    t.equal(json(res).requestId, id, 'the body carries the new id')
    t.notOk(res.body.includes(given), 'the value is not in the body')
    t.notOk(
      app.logs.some((l) => JSON.stringify(l).includes(given)),
      'nor in any log line',
    )
  }
  const kept = await app.request({ method: 'GET', url: '/v1/invoices/not-there', headers: { 'x-request-id': 'trace-42.a:b_c' } })
  t.equal(kept.headers['x-request-id'], 'trace-42.a:b_c', 'a sane id is kept')
  t.equal(json(kept).requestId, 'trace-42.a:b_c')
})
