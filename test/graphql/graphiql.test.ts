// GraphiQL is served with its own scripts and styles (nothing from a CDN, so it works offline), tells
// where the API key goes, and is not served in production.
import t from 'tap'
import { buildTestApp } from '../helpers/app.js'

t.test('GraphiQL loads only from this service, with a header template for the key', async (t) => {
  const { app } = await buildTestApp(t)
  const page = await app.inject({ method: 'GET', url: '/graphiql' })
  t.equal(page.statusCode, 200, 'no API key needed for the page itself')
  t.match(page.headers['content-type'], /text\/html/)
  t.notMatch(page.body, /https?:\/\/|\/\/unpkg|cdn/i, 'no address outside this service')
  const assets = [...page.body.matchAll(/(?:src|href)="(\/graphiql\/assets\/[^"]+)"/g)].map((m) => m[1]!)
  t.same(assets.map((a) => a.split('/').at(-1)).sort(), [
    'graphiql.min.css',
    'graphiql.min.js',
    'react-dom.production.min.js',
    'react.production.min.js',
    'start.js',
  ])
  for (const url of assets) {
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.statusCode, 200, url)
    t.match(res.headers['content-type'], url.endsWith('.css') ? /text\/css/ : /text\/javascript/, url)
    t.ok(res.body.length > 100, `${url} has content (${res.body.length} bytes)`)
    t.notMatch(res.body.slice(0, 2000), /unpkg\.com/, `${url} loads nothing from a CDN`)
  }
  const start = await app.inject({ method: 'GET', url: '/graphiql/assets/start.js' })
  t.match(start.body, /"Authorization": "Bearer <your API key>"/, 'the Headers tab starts with where the key goes')
  t.match(start.body, /subscriptionUrl/, 'subscriptions over the same origin')
  for (const url of ['/graphiql/assets/package.json', '/graphiql/assets/..%2F..%2Fpackage.json', '/graphiql/assets/constructor']) {
    t.equal((await app.inject({ method: 'GET', url })).statusCode, 404, `${url}: only the page's own files`)
  }
})

t.test('GraphiQL is off in production', async (t) => {
  const { app } = await buildTestApp(t, { env: { NODE_ENV: 'production' } })
  t.equal((await app.inject({ method: 'GET', url: '/graphiql' })).statusCode, 404)
})
