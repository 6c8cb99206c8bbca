// The TypeScript client generated from openapi.yaml: the committed types are what the generator
// makes of the contract today (no drift), and the README's story written with them
// (client/readme-story.ts, compiled by `tsc --noEmit`) runs against a listening instance.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import t from 'tap'
import { createInvoiceSyncClient } from '../../client/index.js'
import { readmeStory } from '../../client/readme-story.js'
import { projectRoot } from '../../src/paths.js'
import { buildTestApp } from '../helpers/app.js'

t.test('client/schema.d.ts is what openapi-typescript makes of openapi.yaml today', async (t) => {
  const generated = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'generate-client.mjs'), '--stdout'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  })
  t.equal(generated.status, 0, generated.stderr)
  t.ok(
    generated.stdout === readFileSync(join(projectRoot, 'client', 'schema.d.ts'), 'utf8'),
    'the committed client types match openapi.yaml (run `npm run client:generate` after changing it)',
  )
})

t.test("the README's story, written with the generated client, reaches SYNCED and its webhooks", async (t) => {
  const received: { type: string; data: Record<string, unknown> }[] = []
  const receiver = createServer((req, res) => {
    let body = ''
    req
      .on('data', (c) => (body += c))
      .on('end', () => {
        received.push(JSON.parse(body) as (typeof received)[number])
        res.end()
      })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => receiver.close(() => resolve())))
  const app = await buildTestApp(t, { env: { WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOKS_POLL_INTERVAL_MS: '20' } })
  const baseUrl = await app.app.listen({ port: 0, host: '127.0.0.1' })
  const api = createInvoiceSyncClient({ baseUrl, apiKey: app.adminKey })

  const story = await readmeStory(api, { webhookUrl: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/` })
  t.equal(story.connection.sandbox, true)
  t.same(
    story.runs.map((r) => r.outcome),
    ['SESSION', 'SESSION'],
  )
  t.match(story.runs[0]!.closeMessage, /1 invoice exported/)
  t.match(story.runs[1]!.closeMessage, /1 invoice synced/)
  t.equal(story.invoice.syncStatus, 'SYNCED')
  for (let i = 0; i < 100 && !received.some((e) => e.data.to === 'SYNCED'); i++) await new Promise((r) => setTimeout(r, 50))
  t.ok(
    received.some((e) => e.type === 'invoice.exported'),
    'invoice.exported delivered',
  )
  t.ok(
    received.some((e) => e.type === 'invoice.sync_status_changed' && e.data.to === 'SYNCED'),
    'invoice.sync_status_changed to SYNCED delivered',
  )
})
