// openapi.yaml and the service agree: every route is described and every described operation is
// served; the document's schemas compile; /docs shows it with assets served by this service.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { parse } from 'yaml'
import { lazyObject } from '../../src/http/api-docs.js'
import { projectRoot } from '../../src/paths.js'
import { buildTestApp, json } from '../helpers/app.js'
import { expectMatchesOpenApi, HTTP_METHODS, openApiDocument, uncompilableSchemas } from '../helpers/openapi.js'
import { servedRoutes } from '../helpers/routes.js'

/**
 * Routes that are not part of the API and so are not in the document:
 * - HEAD and OPTIONS: Fastify answers HEAD for every GET by itself (exposeHeadRoutes).
 * - /docs/...: Swagger UI's own files (its page parts, scripts, styles, and /docs/json and
 *   /docs/yaml, copies of this very document). /docs itself is described.
 * - /graphiql...: the GraphiQL page and its scripts (off in production); the GraphQL contract is
 *   schema.graphql, and /graphql itself is described.
 */
const IGNORED_METHODS = new Set(['HEAD', 'OPTIONS'])
const isAssetRoute = (path: string) => path.startsWith('/docs/') || path.startsWith('/docs*') || path.startsWith('/graphiql')

const toTemplate = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
const toFastify = (path: string) => path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1')

t.test('every route the service serves is in openapi.yaml, and every operation there is served', async (t) => {
  const { app } = await buildTestApp(t)
  const document = openApiDocument()
  const served = servedRoutes(app.printRoutes({ commonPrefix: false }))
  t.ok(served.length > 40, `the route tree was read (${served.length} routes)`)
  for (const { method, path } of served) {
    t.ok(app.hasRoute({ method: method as 'GET', url: path }) || path.includes('*'), `${method} ${path} was read correctly from the tree`)
  }

  const described = new Set<string>()
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) if (item[method]) described.add(`${method.toUpperCase()} ${path}`)
  }
  const undocumented = served
    .filter((r) => !IGNORED_METHODS.has(r.method) && !isAssetRoute(r.path))
    .map((r) => `${r.method} ${toTemplate(r.path)}`)
    .filter((r) => !described.has(r))
  t.same(undocumented, [], 'no route is missing from openapi.yaml')

  const notServed = [...described].filter((op) => {
    const [method, path] = op.split(' ') as [string, string]
    return !app.hasRoute({ method: method as 'GET', url: toFastify(path) })
  })
  t.same(notServed, [], 'no operation in openapi.yaml is missing from the service')
})

t.test('the document holds together: every schema compiles, /v1 writes take Idempotency-Key and may be rate limited', async (t) => {
  const document = openApiDocument()
  t.equal(document.openapi, '3.1.0')
  t.same(uncompilableSchemas(), [], 'every request and response schema compiles (no dangling $ref)')
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as { responses?: Record<string, unknown>; parameters?: { $ref?: string }[] } | undefined
      if (!operation) continue
      if (path.startsWith('/v1/') && !path.startsWith('/v1/webhook-endpoints')) {
        t.ok(operation.responses?.['429'], `${method.toUpperCase()} ${path} documents 429`)
        if (method === 'post' || method === 'patch') {
          const params = [...(operation.parameters ?? []), ...((item.parameters as { $ref?: string }[] | undefined) ?? [])]
          t.ok(
            params.some((p) => p.$ref === '#/components/parameters/IdempotencyKey'),
            `${method.toUpperCase()} ${path} takes Idempotency-Key`,
          )
        }
      }
    }
  }
})

t.test('/docs shows the document in Swagger UI with every asset served here (no CDN)', async (t) => {
  const { app } = await buildTestApp(t)
  const page = await app.inject({ method: 'GET', url: '/docs' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  expectMatchesOpenApi(t, page)
  const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
  t.ok(assets.length >= 3, `the page loads its scripts and styles (${assets.join(', ')})`)
  for (const asset of assets) {
    t.notOk(/^(https?:)?\/\//.test(asset), `${asset} is served by this service`)
    const res = await app.inject({ method: 'GET', url: new URL(asset, 'http://x/docs/').pathname })
    t.equal(res.statusCode, 200, `${asset} loads`)
  }
  const initializer = await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' })
  t.match(initializer.body, /url: resolveUrl\('\.\/json'\)/, 'Swagger UI reads the document from this service (/docs/json)')

  const served = json(await app.inject({ method: 'GET', url: '/docs/json' }))
  t.same(served, parse(readFileSync(join(projectRoot, 'openapi.yaml'), 'utf8')), '/docs shows openapi.yaml as written (static mode)')
  const asYaml = await app.inject({ method: 'GET', url: '/docs/yaml' })
  t.same(parse(asYaml.body), served, '/docs/yaml is the same document')
  const raw = await app.inject({ method: 'GET', url: '/openapi.yaml' })
  t.equal(raw.statusCode, 200)
  expectMatchesOpenApi(t, raw)

  for (const url of ['/docs/package.json', '/docs/src/config.ts', '/docs/static/../../package.json']) {
    t.equal((await app.inject({ method: 'GET', url })).statusCode, 404, `${url}: the project's files are not served`)
  }
})

t.test('the document behind /docs is parsed when first asked for, not at start-up', async (t) => {
  let parsed = 0
  const document = lazyObject(() => {
    parsed++
    return { openapi: '3.1.0', paths: { '/x': {} } }
  })
  t.equal(parsed, 0, 'nothing parsed yet')
  t.same(JSON.parse(JSON.stringify(document)), { openapi: '3.1.0', paths: { '/x': {} } })
  t.equal((document as { openapi: string }).openapi, '3.1.0')
  t.ok('paths' in document)
  t.equal(parsed, 1, 'parsed once')
})

t.test('openapi.yaml is a valid OpenAPI 3.1 document, and no description was cut into a stray key', async (t) => {
  const { Validator } = await import('@seriousme/openapi-schema-validator')
  const document = openApiDocument()
  const result = await new Validator().validate(document as unknown as Parameters<InstanceType<typeof Validator>['validate']>[0])
  t.same(result.errors ?? [], [], 'the OpenAPI 3.1 schema finds nothing wrong')
  t.ok(result.valid)
  t.equal(document.openapi.slice(0, 3), '3.1')
  // An unquoted comma in a flow mapping ends a description and starts a key made of the rest of the
  // sentence; no key of the document (paths aside) holds a space.
  const stray: string[] = []
  const walk = (node: unknown, path: string[]) => {
    if (!node || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      if (/\s/.test(key) && !(path.length === 1 && path[0] === 'paths')) stray.push([...path, key].join(' > '))
      walk(value, [...path, key])
    }
  }
  walk(document, [])
  t.same(stray, [], 'every key is a name, not the rest of a sentence')
})
