// OpenTelemetry traces: a server span per request, named by route pattern, with the request id,
// sent over OTLP/HTTP (JSON) to a collector started here, flushed when the app closes; off by
// default, and then no OpenTelemetry SDK module is even loaded.
import { once } from 'node:events'
import { createServer, type IncomingMessage } from 'node:http'
import { register } from 'node:module'
import type { AddressInfo } from 'node:net'
import { MessageChannel } from 'node:worker_threads'
import t from 'tap'

// Every module resolved from here on is reported when it is one of OpenTelemetry's SDK packages
// (@opentelemetry/api is not one: prom-client loads it for exemplars). The app is imported below,
// after this hook, so a static import of the SDK anywhere in src/ would be seen too.
const resolvedSdk: string[] = []
const channel = new MessageChannel()
channel.port1.on('message', (specifier: string) => resolvedSdk.push(specifier))
channel.port1.unref()
const hook = `let port
export function initialize(data) { port = data.port }
export async function resolve(specifier, context, next) {
  if (/^@opentelemetry\\/(?!api$)/.test(specifier)) port.postMessage(specifier)
  return next(specifier, context)
}`
register(`data:text/javascript,${encodeURIComponent(hook)}`, { data: { port: channel.port2 }, transferList: [channel.port2] })

const { sql } = await import('drizzle-orm')
const { ConfigError, loadConfig, otlpTracesUrl } = await import('../../src/config.js')
const { httpMethodOf, pathOf, spanNameOf } = await import('../../src/http/tracing.js')
const { QBWC_NAMESPACE } = await import('../../src/qbwc/wsdl.js')
const { buildTestApp, json } = await import('../helpers/app.js')

type Value = { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number }
interface OtlpSpan {
  traceId: string
  spanId: string
  parentSpanId?: string
  name: string
  kind: number
  attributes: { key: string; value: Value }[]
  status?: { code?: number; message?: string }
}
interface Export {
  contentType: string | undefined
  serviceName: string | undefined
  spans: OtlpSpan[]
}

const scalarOf = (v: Value): unknown =>
  v.stringValue ?? (v.intValue === undefined ? undefined : Number(v.intValue)) ?? v.boolValue ?? v.doubleValue
const attributesOf = (span: OtlpSpan): Record<string, unknown> => Object.fromEntries(span.attributes.map((a) => [a.key, scalarOf(a.value)]))

/** An OTLP/HTTP receiver on an ephemeral port: keeps every POST /v1/traces, answers `status`. */
async function collector(t: { teardown(fn: () => unknown): void }, status = 200) {
  const exports: Export[] = []
  const paths: string[] = []
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = ''
    req.setEncoding('utf8')
    for await (const chunk of req) body += chunk
    paths.push(`${req.method} ${req.url}`)
    if (req.method === 'POST' && req.url === '/v1/traces' && status === 200) {
      const sent = JSON.parse(body) as {
        resourceSpans: { resource: { attributes: { key: string; value: Value }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[]
      }
      for (const r of sent.resourceSpans) {
        const serviceName = r.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue
        exports.push({ contentType: req.headers['content-type'], serviceName, spans: r.scopeSpans.flatMap((s) => s.spans) })
      }
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end('{}')
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports,
    paths,
    spans: () => exports.flatMap((e) => e.spans),
  }
}

const SOAP_ENVELOPE = 'http://schemas.xmlsoap.org/soap/envelope/'
const soapRequest = (method: string, params: Record<string, string> = {}) => ({
  method: 'POST' as const,
  url: '/qbwc',
  headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${QBWC_NAMESPACE}${method}"` },
  payload: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP_ENVELOPE}"><soap:Body><${method} xmlns="${QBWC_NAMESPACE}">${Object.entries(
    params,
  )
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('')}</${method}></soap:Body></soap:Envelope>`,
})

t.test('span names, methods and paths (pure)', async (t) => {
  t.equal(spanNameOf('POST', '/v1/invoices/:id'), 'POST /v1/invoices/:id', 'the route pattern, never the raw URL')
  t.equal(spanNameOf('GET', undefined), 'GET', 'no route matched (404): the method alone')
  t.equal(spanNameOf('BREW', '/v1/coffee'), 'HTTP /v1/coffee', 'a method HTTP does not define is not a span name')
  t.equal(httpMethodOf('PATCH'), 'PATCH')
  t.equal(httpMethodOf('BREW'), '_OTHER')
  t.equal(pathOf('/v1/invoices/abc?first=10&after=xyz'), '/v1/invoices/abc', 'no query string')
  t.equal(pathOf('/qbwc?wsdl'), '/qbwc')
  t.equal(pathOf('/healthz#top'), '/healthz')
  t.equal(pathOf('/v1/items/i1'), '/v1/items/i1')
})

t.test('configuration: off by default, on with an OTLP endpoint, a bad URL stops the start', async (t) => {
  t.equal(loadConfig({}).tracing, null, 'off unless an endpoint is set')
  t.same(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing, {
    tracesUrl: 'http://collector:4318/v1/traces',
    serviceName: 'invoice-sync',
    sampler: 'parentbased_always_on',
    ratio: 1,
  })
  const set = loadConfig({
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.com/otlp/spans',
    OTEL_SERVICE_NAME: 'invoice-sync-eu',
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: '0.25',
  }).tracing
  t.same(set, {
    tracesUrl: 'https://traces.example.com/otlp/spans',
    serviceName: 'invoice-sync-eu',
    sampler: 'parentbased_traceidratio',
    ratio: 0.25,
  })
  t.equal(
    loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).tracing,
    null,
    'OTEL_SDK_DISABLED',
  )

  t.equal(otlpTracesUrl('http://c:4318/', undefined), 'http://c:4318/v1/traces', 'v1/traces under the base, one slash')
  t.equal(otlpTracesUrl('https://c.example.com/otlp', undefined), 'https://c.example.com/otlp/v1/traces')
  t.equal(otlpTracesUrl('http://c:4318', 'http://t:4318/custom'), 'http://t:4318/custom', 'the traces endpoint as it is')
  t.equal(otlpTracesUrl(undefined, undefined), undefined)

  for (const [variable, value, message] of [
    [
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'collector:4318',
      /OTEL_EXPORTER_OTLP_ENDPOINT: must be an http:\/\/ or https:\/\/ URL of an OTLP\/HTTP receiver/,
    ],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'grpc://user:hunter2@collector:4317', /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: must be an http/],
    ['OTEL_TRACES_SAMPLER', 'sometimes', /OTEL_TRACES_SAMPLER: must be one of always_on, always_off, traceidratio/],
    ['OTEL_TRACES_SAMPLER_ARG', '1.5', /OTEL_TRACES_SAMPLER_ARG: must be a sampling ratio between 0 and 1/],
    ['OTEL_SDK_DISABLED', 'perhaps', /OTEL_SDK_DISABLED: must be true or false/],
  ] as const) {
    const err = t.throws(() => loadConfig({ [variable]: value })) as InstanceType<typeof ConfigError>
    t.type(err, ConfigError)
    t.match(err.message, message, variable)
    t.same(
      err.problems.map((p) => p.variable),
      [variable],
    )
  }
  const err = t.throws(() => loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'grpc://user:hunter2@collector:4317' })) as Error
  t.notMatch(err.message, /hunter2/, 'an endpoint (which may hold credentials) is not echoed')
})

t.test('off (the default): no hook sends anything and no OpenTelemetry SDK module is loaded', async (t) => {
  const otlp = await collector(t)
  const app = await buildTestApp(t)
  t.equal(app.config.tracing, null)
  t.equal((await app.request({ method: 'GET', url: '/v1/customers/nobody' })).statusCode, 404)
  t.equal((await app.app.inject(soapRequest('serverVersion'))).statusCode, 200)
  await app.app.close()
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.same(otlp.paths, [], 'the collector heard nothing')
  t.same(resolvedSdk, [], 'no @opentelemetry SDK package was even resolved')
})

t.test('on: a span per request, named by route pattern, with the request id, flushed when the app closes', async (t) => {
  const otlp = await collector(t)
  const app = await buildTestApp(t, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, OTEL_SERVICE_NAME: 'invoice-sync-test' } })
  t.ok(
    resolvedSdk.some((s) => s === '@opentelemetry/sdk-trace'),
    'the SDK is loaded once tracing is on (and the check of the test above sees it)',
  )
  const tenantId = ((await app.database.db.execute(sql`select id from tenants`)) as unknown as { rows: { id: string }[] }).rows[0]!.id

  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
  const callerSpanId = '00f067aa0ba902b7'
  const put = await app.request({
    method: 'PUT',
    url: '/v1/customers/cust-42?source=test',
    headers: { 'x-request-id': 'trace-req-0001', traceparent: `00-${traceId}-${callerSpanId}-01` },
    payload: { name: 'Acme Plumbing' },
  })
  t.equal(put.statusCode, 201)
  t.equal(put.headers['x-request-id'], 'trace-req-0001')
  const unauthenticated = await app.request({
    method: 'GET',
    url: '/v1/customers/cust-42',
    as: null,
    headers: { 'x-request-id': 'trace-req-0002' },
  })
  t.equal(unauthenticated.statusCode, 401)
  t.equal(
    (await app.app.inject({ method: 'GET', url: '/no/such/route/123', headers: { 'x-request-id': 'trace-req-0003' } })).statusCode,
    404,
  )
  const gql = await app.request({
    method: 'POST',
    url: '/graphql',
    headers: { 'x-request-id': 'trace-req-0004' },
    payload: { query: 'query CustomerName($id: ID!) { customer(id: $id) { name } }', variables: { id: 'cust-42' } },
  })
  t.equal(json(gql).data.customer.name, 'Acme Plumbing')
  const password = 'wrong-password-never-in-a-span'
  const soap = await app.app.inject({
    ...soapRequest('authenticate', { strUserName: 'nobody', strPassword: password }),
    headers: { ...soapRequest('authenticate').headers, 'x-request-id': 'trace-req-0005' },
  })
  t.equal(soap.statusCode, 200)
  const refused = await app.app.inject({
    ...soapRequest('notAMethod'),
    headers: { 'content-type': 'text/xml', 'x-request-id': 'trace-req-0006' },
  })
  t.equal(refused.statusCode, 500, 'a SOAP call naming no Web Connector method is a 500 fault')

  t.same(otlp.spans(), [], 'spans wait in the batch until it is due or the app closes')
  await app.app.close()
  const spans = otlp.spans()
  const byRequest = (id: string) => {
    const found = spans.filter((s) => attributesOf(s)['request.id'] === id)
    t.equal(found.length, 1, `one span for ${id}`)
    return found[0]!
  }
  t.ok(otlp.exports.length > 0, 'the collector received the spans at close')
  t.match(otlp.exports[0], { contentType: /application\/json/, serviceName: 'invoice-sync-test' }, 'OTLP JSON, with OTEL_SERVICE_NAME')

  const rest = byRequest('trace-req-0001')
  t.equal(rest.name, 'PUT /v1/customers/:id', 'named by the route pattern')
  t.equal(rest.kind, 2, 'a server span')
  t.same(attributesOf(rest), {
    'http.request.method': 'PUT',
    'http.route': '/v1/customers/:id',
    'url.path': '/v1/customers/cust-42',
    'url.scheme': 'http',
    'request.id': 'trace-req-0001',
    'http.response.status_code': 201,
    'tenant.id': tenantId,
  })
  t.equal(rest.traceId, traceId, 'the incoming traceparent is honoured: the span joins the caller trace')
  t.equal(rest.parentSpanId, callerSpanId)
  t.notOk(rest.status?.code, 'a success is no error')

  const denied = byRequest('trace-req-0002')
  t.equal(denied.name, 'GET /v1/customers/:id')
  t.equal(attributesOf(denied)['http.response.status_code'], 401)
  t.equal(attributesOf(denied)['tenant.id'], undefined, 'no tenant without a valid key')
  t.notOk(denied.status?.code, 'a 4xx is not a server error')
  t.not(denied.traceId, traceId, 'a request without traceparent starts its own trace')
  t.notOk(denied.parentSpanId, 'as a root span')

  const unmatched = byRequest('trace-req-0003')
  t.equal(unmatched.name, 'GET', 'no route: the method alone, never the raw URL')
  t.equal(attributesOf(unmatched)['http.route'], undefined)
  t.equal(attributesOf(unmatched)['url.path'], '/no/such/route/123')

  const graphql = byRequest('trace-req-0004')
  t.equal(graphql.name, 'POST /graphql')
  t.match(attributesOf(graphql), {
    'graphql.operation.name': 'CustomerName',
    'graphql.operation.type': 'query',
    'tenant.id': tenantId,
    'http.response.status_code': 200,
  })

  const qbwc = byRequest('trace-req-0005')
  t.equal(qbwc.name, 'POST /qbwc')
  t.equal(attributesOf(qbwc)['qbwc.method'], 'authenticate', 'the SOAP method')
  const failed = byRequest('trace-req-0006')
  t.equal(attributesOf(failed)['http.response.status_code'], 500)
  t.equal(attributesOf(failed)['error.type'], '500')
  t.equal(failed.status?.code, 2, 'a 5xx marks the span as an error')

  const everything = JSON.stringify(otlp.exports)
  t.notMatch(everything, new RegExp(password), 'no password in any span')
  t.notMatch(everything, new RegExp(app.adminKey), 'no API key in any span')
  t.notMatch(everything, /authorization|source=test/i, 'no header, no query string')
})

t.test('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as it is; a sampler of always_off sends nothing', async (t) => {
  const otlp = await collector(t)
  const app = await buildTestApp(t, { env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${otlp.endpoint}/v1/traces` } })
  await app.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-req-0101' } })
  await app.app.close()
  t.equal(otlp.spans()[0]?.name, 'GET /healthz')
  t.equal(attributesOf(otlp.spans()[0]!)['request.id'], 'trace-req-0101')

  const silent = await collector(t)
  const off = await buildTestApp(t, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: silent.endpoint, OTEL_TRACES_SAMPLER: 'always_off' } })
  await off.app.inject({ method: 'GET', url: '/healthz' })
  await off.app.close()
  t.same(silent.spans(), [])
})

t.test('a collector refusing the spans is logged (once a minute), never a failure of the request', async (t) => {
  const otlp = await collector(t, 400)
  const app = await buildTestApp(t, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint } })
  t.equal((await app.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200)
  await app.app.close()
  t.same(otlp.paths, ['POST /v1/traces'])
  t.match(
    app.logs.find((l) => l.msg === 'traces could not be sent to the OTLP endpoint'),
    { level: 40, spansLost: 1 },
  )
  t.match(
    app.logs.find((l) => l.msg === 'traces could not be flushed when closing'),
    { level: 40 },
    'the app closed all the same',
  )
  t.match(
    app.logs.find((l) => l.msg === 'OpenTelemetry tracing on'),
    { tracesUrl: `${otlp.endpoint}/v1/traces`, sampler: 'parentbased_always_on' },
  )
})
