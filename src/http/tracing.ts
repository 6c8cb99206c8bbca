// OpenTelemetry traces, sent to an OTLP/HTTP receiver when configured (README "Tracing"). Off, this
// module adds no hook and loads no OpenTelemetry module: everything below `import type` is erased,
// and the SDK is imported only inside tracing() once the configuration asks for it.
//
// Every HTTP request gets one server span, named by its route pattern (never the raw URL, so ids
// make no new span names), carrying the service's request id (the `x-request-id` it answers with),
// the tenant once authenticated, and what the doors add through addSpanAttributes (the GraphQL
// operation, the Web Connector method). An incoming W3C `traceparent` is honoured: the span joins
// the caller's trace. No header is ever copied into a span, so no Authorization, password, ticket
// or key reaches one. The tracer provider is this app's own (nothing global is registered, so apps
// built side by side in one process do not share one), and it is flushed when the app closes.
import type { Attributes, Span } from '@opentelemetry/api'
import type { ExportResult, ExportResultCode } from '@opentelemetry/core'
import type { Sampler, SpanExporter } from '@opentelemetry/sdk-trace'
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify'
import type { Config } from '../config.js'

/** The span of each request in flight (only while tracing is on). */
const spans = new WeakMap<FastifyRequest, Span>()

/** Adds attributes to the request's server span; nothing when tracing is off. Never pass a secret. */
export function addSpanAttributes(request: FastifyRequest, attributes: Attributes): void {
  spans.get(request)?.setAttributes(attributes)
}

/** The methods HTTP semantic conventions name; any other is reported as `_OTHER` (a caller may send any token). */
const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE'])

export function httpMethodOf(method: string): string {
  return KNOWN_METHODS.has(method) ? method : '_OTHER'
}

/** `METHOD /route/:pattern`; only the method when no route matched (a 404), so a span name never holds a raw URL. */
export function spanNameOf(method: string, route: string | undefined): string {
  const known = httpMethodOf(method)
  const name = known === '_OTHER' ? 'HTTP' : known
  return route ? `${name} ${route}` : name
}

/** The path of a request target, without its query string (which may carry anything) or fragment. */
export function pathOf(url: string): string {
  const end = url.search(/[?#]/)
  return end === -1 ? url : url.slice(0, end)
}

/** Longest attribute value kept (a URL path may be long); longer values are cut by the SDK. */
const ATTRIBUTE_VALUE_LIMIT = 1024
/** Export failures are logged at most this often, with the number of spans dropped since the last warning. */
const EXPORT_WARNING_INTERVAL_MS = 60_000

/** Sets up tracing when `config` is not null: a span per request, flushed on close. Off: returns at once. */
export async function tracing(app: FastifyInstance, config: Config['tracing']): Promise<void> {
  if (!config) return
  const [api, core, { defaultResource, resourceFromAttributes }, sdk, { OTLPTraceExporter }] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ])
  const ratio = () => new sdk.TraceIdRatioBasedSampler(config.ratio)
  const samplers: Record<NonNullable<Config['tracing']>['sampler'], () => Sampler> = {
    always_on: () => new sdk.AlwaysOnSampler(),
    always_off: () => new sdk.AlwaysOffSampler(),
    traceidratio: ratio,
    parentbased_always_on: () => new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() }),
    parentbased_always_off: () => new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() }),
    parentbased_traceidratio: () => new sdk.ParentBasedSampler({ root: ratio() }),
  }
  const exporter = reportingFailures(new OTLPTraceExporter({ url: config.tracesUrl }), core.ExportResultCode.SUCCESS, app.log)
  const provider = new sdk.TracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': config.serviceName })),
    sampler: samplers[config.sampler](),
    spanLimits: { attributeValueLengthLimit: ATTRIBUTE_VALUE_LIMIT },
    spanProcessors: [new sdk.BatchSpanProcessor({ exporter })],
  })
  const tracer = provider.getTracer('invoice-sync')
  const propagator = new core.W3CTraceContextPropagator()

  app.addHook('onRequest', async (request) => {
    // A WebSocket (GraphQL subscriptions) lives for hours: it gets no span.
    if ((request.raw as { upgrade?: boolean }).upgrade === true) return
    const route = request.routeOptions.url
    const method = httpMethodOf(request.method)
    const attributes: Attributes = {
      'http.request.method': method,
      'url.path': pathOf(request.url),
      'url.scheme': request.protocol,
      'request.id': request.id,
    }
    if (method === '_OTHER') attributes['http.request.method_original'] = request.method
    if (route) attributes['http.route'] = route
    const parent = propagator.extract(api.ROOT_CONTEXT, request.headers, api.defaultTextMapGetter)
    spans.set(request, tracer.startSpan(spanNameOf(request.method, route), { kind: api.SpanKind.SERVER, attributes }, parent))
  })

  const finish = (request: FastifyRequest, status: number | null) => {
    const span = spans.get(request)
    if (!span) return
    spans.delete(request)
    // Set by the API key check of /v1 and /graphql; absent elsewhere and when authentication failed.
    const tenantId = (request as { auth?: { tenantId?: string } | null }).auth?.tenantId
    if (tenantId) span.setAttribute('tenant.id', tenantId)
    if (status === null) {
      span.setAttribute('error.type', 'aborted')
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: 'the client went away before the answer' })
    } else {
      span.setAttribute('http.response.status_code', status)
      // A 4xx is the caller's mistake, not this server's: only 5xx marks the span as an error.
      if (status >= 500) {
        span.setAttribute('error.type', String(status))
        span.setStatus({ code: api.SpanStatusCode.ERROR })
      }
    }
    span.end()
  }
  app.addHook('onResponse', async (request, reply) => finish(request, reply.statusCode))
  app.addHook('onRequestAbort', async (request) => finish(request, null))

  // By now every request has been answered: what is still queued is sent before the app is gone.
  // A collector that is down costs the spans, never the shutdown.
  app.addHook('onClose', async () => {
    await provider.shutdown().catch((err: unknown) => {
      app.log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'traces could not be flushed when closing')
    })
  })
  const target = URL.parse(config.tracesUrl)
  // Without the URL's user information or query, which may hold credentials.
  app.log.info({ tracesUrl: target ? `${target.origin}${target.pathname}` : '', sampler: config.sampler }, 'OpenTelemetry tracing on')
}

/**
 * The exporter, with failed exports logged (the SDK reports them only to its own diagnostic logger,
 * silent unless set globally): at most one warning a minute, with the number of spans lost.
 */
function reportingFailures(exporter: SpanExporter, success: ExportResultCode, log: FastifyBaseLogger): SpanExporter {
  let lost = 0
  let warnedAt = Number.NEGATIVE_INFINITY
  return {
    export(batch, done: (result: ExportResult) => void) {
      exporter.export(batch, (result) => {
        if (result.code !== success) {
          lost += batch.length
          const now = Date.now()
          if (now - warnedAt >= EXPORT_WARNING_INTERVAL_MS) {
            warnedAt = now
            log.warn(
              { spansLost: lost, err: { message: result.error?.message ?? 'export failed' } },
              'traces could not be sent to the OTLP endpoint',
            )
            lost = 0
          }
        }
        done(result)
      })
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  }
}
