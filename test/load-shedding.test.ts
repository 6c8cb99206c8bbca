// Past a memory ceiling (MAX_HEAP_USED_MB, MAX_RSS_MB) the service sheds load: requests get 503
// OVERLOADED and /readyz says so (a load balancer sends traffic elsewhere), while /healthz keeps
// answering 200 (the process is up; restarting it for shedding a burst would make an outage) and
// names the pressure in a header.
import t from 'tap'
import { loadConfig } from '../src/config.js'
import { buildTestApp } from './helpers/app.js'
import { readSoap, soapEnvelope } from './helpers/web-connector.js'

t.test('above the heap ceiling: REST and /readyz shed with 503, /healthz answers 200 and names the pressure', async (t) => {
  const app = await buildTestApp(t, { env: { MAX_HEAP_USED_MB: '1' } })
  // The memory is sampled once a second: wait (by state, not by time) for the first sample.
  for (let i = 0; i < 100 && (await app.app.inject({ url: '/readyz' })).statusCode !== 503; i++) await new Promise((r) => setTimeout(r, 50))
  const ready = await app.app.inject({ url: '/readyz' })
  t.equal(ready.statusCode, 503, '/readyz: not ready while shedding')
  t.equal(JSON.parse(ready.body).code, 'OVERLOADED')
  const rest = await app.request({ url: '/v1/invoices' })
  t.equal(rest.statusCode, 503, 'an API request is shed')
  t.ok(rest.headers['retry-after'], 'with Retry-After')
  const soap = await app.app.inject({
    method: 'POST',
    url: '/qbwc',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    payload: soapEnvelope('serverVersion', []),
  })
  t.equal(soap.statusCode, 503, 'a Web Connector call is shed')
  t.match(readSoap('serverVersion', soap.statusCode, soap.body).fault, /overloaded/, 'with a SOAP fault, as the Web Connector expects')
  const health = await app.app.inject({ url: '/healthz' })
  t.equal(health.statusCode, 200, '/healthz: the process is up')
  t.equal(health.headers['x-load-shedding'], 'heapUsedBytes', 'and says which pressure it sheds for')
})

t.test('MAX_HEAP_USED_MB and MAX_RSS_MB: 1024 and 1536 MB unless set; 0 turns one off', async (t) => {
  t.equal(loadConfig({}).maxHeapUsedBytes, 1024 * 1024 * 1024)
  t.equal(loadConfig({}).maxRssBytes, 1536 * 1024 * 1024)
  t.equal(loadConfig({ MAX_RSS_MB: '0' }).maxRssBytes, 0)
  t.throws(() => loadConfig({ MAX_HEAP_USED_MB: 'lots' }), /MAX_HEAP_USED_MB: must be a whole number/)
})
