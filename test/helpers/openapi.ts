// Checks real responses against openapi.yaml: the status is documented for the operation, the
// content type is one the document lists for it, and the body validates against its schema
// (JSON Schema 2020-12, as OpenAPI 3.1 uses). Use it in every REST test:
//
//   const res = await request({ method: 'POST', url: '/v1/invoices', payload })
//   expectMatchesOpenApi(t, res)                              // method and path taken from the request
//   expectMatchesOpenApi(t, 'GET', '/v1/invoices/{id}', res)  // or named explicitly
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { parse } from 'yaml'
import { projectRoot } from '../../src/paths.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const

export interface OpenApiDocument {
  openapi: string
  paths: Record<string, Record<string, unknown>>
  components: Record<string, Record<string, unknown>>
}

/** What the checks need of a tap Test. */
type Assert = Pick<Test, 'pass' | 'fail'>

const DOCUMENT_ID = 'https://invoice-sync.dev/openapi.yaml'

let loaded: { document: OpenApiDocument; ajv: Ajv2020; compiled: Map<string, ValidateFunction> } | undefined

export function openApiDocument(): OpenApiDocument {
  return load().document
}

function load() {
  if (loaded) return loaded
  const document = parse(readFileSync(join(projectRoot, 'openapi.yaml'), 'utf8')) as OpenApiDocument
  // strict off: OpenAPI adds keywords (example, discriminator, xml) that are not JSON Schema.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
  addFormats(ajv)
  ajv.addSchema({ ...document, $id: DOCUMENT_ID } as object)
  loaded = { document, ajv, compiled: new Map() }
  return loaded
}

const pointerPart = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')

function resolveRef<T>(document: OpenApiDocument, value: T): { value: T; pointer?: string } {
  const ref = (value as { $ref?: string } | undefined)?.$ref
  if (!ref) return { value }
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`)
  const target = ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document)
  if (target === undefined) throw new Error(`dangling $ref ${ref}`)
  return { value: target as T, pointer: ref.slice(1) }
}

/** The document's path template for a concrete URL ("/v1/invoices/abc" -> "/v1/invoices/{id}"), literal segments winning. */
export function matchPathTemplate(url: string): string | undefined {
  const path = url.split('?')[0]!.replace(/\/+$/, '') || '/'
  const segments = path.split('/')
  const candidates = Object.keys(openApiDocument().paths).filter((template) => {
    const parts = template.split('/')
    return (
      parts.length === segments.length &&
      parts.every((p, i) => (p.startsWith('{') && p.endsWith('}') ? segments[i] !== '' : p === segments[i]))
    )
  })
  // Fewer parameters first: /v1/batches/{id}/post before /v1/batches/{id}/{action}.
  return candidates.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0]
}

export function expectMatchesOpenApi(t: Assert, res: LightMyRequestResponse): void
export function expectMatchesOpenApi(t: Assert, method: string, routePath: string, res: LightMyRequestResponse): void
export function expectMatchesOpenApi(t: Assert, ...args: [LightMyRequestResponse] | [string, string, LightMyRequestResponse]): void {
  const [method, given, res] =
    args.length === 1 ? [args[0].raw.req.method ?? 'GET', args[0].raw.req.url ?? '/', args[0]] : [args[0], args[1], args[2]]
  const problems = openApiMismatches(method, given, res)
  const label = `${method.toUpperCase()} ${given} -> ${res.statusCode} matches openapi.yaml`
  if (problems.length === 0) t.pass(label)
  else t.fail(label, { problems, body: res.body.slice(0, 2000) })
}

/** Every way the response departs from the document (empty when it matches). */
export function openApiMismatches(method: string, routePath: string, res: LightMyRequestResponse): string[] {
  const { document, ajv, compiled } = load()
  const template = routePath.includes('{') ? routePath.split('?')[0]! : matchPathTemplate(routePath)
  if (!template || !document.paths[template]) return [`no path in openapi.yaml matches ${routePath}`]
  const operation = document.paths[template]![method.toLowerCase()] as { responses?: Record<string, unknown> } | undefined
  if (!operation) return [`openapi.yaml has no ${method.toUpperCase()} ${template}`]
  const responses = operation.responses ?? {}
  const status = String(res.statusCode)
  const statusKey = [status, `${status[0]}XX`, 'default'].find((k) => k in responses)
  if (!statusKey)
    return [`status ${status} is not documented for ${method.toUpperCase()} ${template} (documented: ${Object.keys(responses).join(', ')})`]
  const { value: response, pointer: responsePointer } = resolveRef(
    document,
    responses[statusKey] as { content?: Record<string, { schema?: unknown }> },
  )
  const basePointer = responsePointer ?? `/paths/${pointerPart(template)}/${method.toLowerCase()}/responses/${pointerPart(statusKey)}`
  const contentType = String(res.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase()
  const content = response.content
  if (!content) {
    return res.body.length === 0
      ? []
      : [`${status} is documented without a body, got ${contentType || 'a body'} (${res.body.slice(0, 80)})`]
  }
  if (!(contentType in content))
    return [`content type "${contentType}" is not documented for ${status} (documented: ${Object.keys(content).join(', ')})`]
  const media = content[contentType]!
  if (!media.schema) return []
  const isJson = contentType === 'application/json' || contentType.endsWith('+json')
  let body: unknown = res.body
  if (isJson) {
    try {
      body = JSON.parse(res.body)
    } catch {
      return [`the body is not JSON: ${res.body.slice(0, 120)}`]
    }
  }
  const pointer = `${DOCUMENT_ID}#${basePointer}/content/${pointerPart(contentType)}/schema`
  let validate = compiled.get(pointer)
  if (!validate) {
    validate = ajv.compile({ $ref: pointer })
    compiled.set(pointer, validate)
  }
  if (validate(body)) return []
  return (validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
}

/**
 * `testApp.request` that checks every response against openapi.yaml as it comes back, so a test
 * cannot forget to:  const api = checkedRequest(t, testApp); const res = await api({ method, url, ... })
 */
export function checkedRequest<O>(
  t: Assert,
  testApp: { request(options: O): Promise<LightMyRequestResponse> },
): (options: O) => Promise<LightMyRequestResponse> {
  return async (options) => {
    const res = await testApp.request(options)
    expectMatchesOpenApi(t, res)
    return res
  }
}

/** Compiles every request and response schema of the document; returns what failed (a dangling $ref, a bad keyword). */
export function uncompilableSchemas(): string[] {
  const { document, ajv } = load()
  const failures: string[] = []
  const compile = (pointer: string) => {
    try {
      ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` })
    } catch (err) {
      failures.push(`${pointer}: ${(err as Error).message}`)
    }
  }
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as
        | { requestBody?: { content?: Record<string, unknown> }; responses?: Record<string, unknown> }
        | undefined
      if (!operation) continue
      const base = `/paths/${pointerPart(path)}/${method}`
      for (const type of Object.keys(operation.requestBody?.content ?? {}))
        compile(`${base}/requestBody/content/${pointerPart(type)}/schema`)
      for (const [status, raw] of Object.entries(operation.responses ?? {})) {
        let resolved: { value: { content?: Record<string, { schema?: unknown }> }; pointer?: string }
        try {
          resolved = resolveRef(document, raw as { content?: Record<string, { schema?: unknown }> })
        } catch (err) {
          failures.push(`${base} ${status}: ${(err as Error).message}`)
          continue
        }
        const at = resolved.pointer ?? `${base}/responses/${pointerPart(status)}`
        for (const [type, media] of Object.entries(resolved.value.content ?? {}))
          if (media.schema) compile(`${at}/content/${pointerPart(type)}/schema`)
      }
    }
  }
  return failures
}
