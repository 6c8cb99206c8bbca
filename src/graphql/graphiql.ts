// GraphiQL at /graphiql with every script and style served by this service (mercurius' own page
// loads them from a CDN, so it fails offline or behind a strict proxy). The API key goes in the
// Headers tab ({"Authorization": "Bearer <key>"}); GraphiQL keeps it in the browser's storage, never
// here. Subscriptions run over the same origin's WebSocket. Off in production (config); its packages
// are development dependencies, so a production image does not carry them.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FastifyInstance } from 'fastify'

const require = createRequire(import.meta.url)
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`))

/** The files the page loads, by the name it asks for, and where each is in node_modules. */
const ASSETS: Record<string, { file: () => string; type: string }> = {
  'react.production.min.js': { file: () => join(packageDir('react'), 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.production.min.js': { file: () => join(packageDir('react-dom'), 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.min.js': { file: () => join(packageDir('graphiql'), 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.min.css': { file: () => join(packageDir('graphiql'), 'graphiql.min.css'), type: 'text/css' },
}

/** Starts GraphiQL against /graphql and the same origin's WebSocket, with a header template for the key. */
const START = `(function () {
  var ws = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
  var fetcher = GraphiQL.createFetcher({ url: '/graphql', subscriptionUrl: ws });
  var page = React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: 'headers',
    defaultHeaders: '{\\n  "Authorization": "Bearer <your API key>"\\n}',
    shouldPersistHeaders: true,
  });
  var element = document.getElementById('graphiql');
  if (ReactDOM.createRoot) ReactDOM.createRoot(element).render(page);
  else ReactDOM.render(page, element);
})();
`

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>GraphiQL - invoice sync</title>
  <link rel="stylesheet" href="/graphiql/assets/graphiql.min.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL...</div>
  <script src="/graphiql/assets/react.production.min.js"></script>
  <script src="/graphiql/assets/react-dom.production.min.js"></script>
  <script src="/graphiql/assets/graphiql.min.js"></script>
  <script src="/graphiql/assets/start.js"></script>
</body>
</html>
`

export function graphiqlPage(app: FastifyInstance): void {
  const cache = new Map<string, Buffer>()
  app.get('/graphiql', async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE))
  app.get<{ Params: { name: string } }>('/graphiql/assets/:name', async (request, reply) => {
    const { name } = request.params
    if (name === 'start.js') return reply.type('text/javascript; charset=utf-8').send(START)
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined
    if (!asset) return reply.code(404).type('text/plain; charset=utf-8').send('Not found')
    let body = cache.get(name)
    if (!body) {
      try {
        body = await readFile(asset.file())
      } catch {
        // GraphiQL's packages are development dependencies: an install without them serves no page.
        return reply
          .code(404)
          .type('text/plain; charset=utf-8')
          .send('GraphiQL is not installed here (npm ci without --omit=dev installs it); POST /graphql works without it.')
      }
      cache.set(name, body)
    }
    return reply.type(`${asset.type}; charset=utf-8`).header('cache-control', 'public, max-age=86400').send(body)
  })
}
