import t from 'tap'
import { buildTestApp, json } from '../helpers/app.js'

const samples: Record<string, [Record<string, unknown>, Record<string, unknown>]> = {
  customers: [{ name: 'Acme Plumbing' }, { name: 'Other Acme' }],
  items: [
    { name: 'Labor', type: 'SERVICE' },
    { name: 'Pipe', type: 'INVENTORY' },
  ],
  'business-units': [{ name: 'North' }, { name: 'South' }],
  'tax-zones': [
    { name: 'Travis County', rate: '8.25' },
    { name: 'Elsewhere', rate: '6' },
  ],
  'inventory-locations': [{ name: 'Main warehouse' }, { name: 'Van 3' }],
  'invoice-types': [{ name: 'Service call' }, { name: 'Install' }],
  users: [
    { name: 'Dana Office', permissions: ['editExportedTransactions'] },
    { name: 'Sam', permissions: [] },
  ],
  'accounting-periods': [
    { startDate: '2026-01-01', endDate: '2026-01-31', closed: true },
    { startDate: '2026-02-01', endDate: '2026-02-28' },
  ],
}

t.test('a tenant cannot see or change another tenant rows, for every kind of record', async (t) => {
  const { request } = await buildTestApp(t)
  const other = json(await request({ method: 'POST', url: '/v1/tenants', payload: { name: 'Tenant B' } }))

  for (const [kind, [a, b]] of Object.entries(samples)) {
    const url = `/v1/${kind}/shared-id-1`
    t.equal((await request({ method: 'PUT', url, payload: a })).statusCode, 201, `${kind}: A creates`)

    const seenByB = await request({ method: 'GET', url, as: other.apiKey })
    t.equal(seenByB.statusCode, 404, `${kind}: B does not see A's record`)
    t.match(json(seenByB).code, /_NOT_FOUND$/)

    t.equal((await request({ method: 'PUT', url, as: other.apiKey, payload: b })).statusCode, 201, `${kind}: the same id is new for B`)
    t.match(json(await request({ method: 'GET', url })), a, `${kind}: A still sees its own values`)
    t.match(json(await request({ method: 'GET', url, as: other.apiKey })), b, `${kind}: B sees its own values`)
  }
})

t.test('tenant settings through REST: any key reads them, an administrator changes them', async (t) => {
  const app = await buildTestApp(t)
  const read = await app.request({ method: 'GET', url: '/v1/tenant/settings' })
  t.equal(read.statusCode, 200)
  t.same(JSON.parse(read.body), { allowExportedEdits: true })
  const changed = await app.request({ method: 'PATCH', url: '/v1/tenant/settings', payload: { allowExportedEdits: false } })
  t.equal(changed.statusCode, 200)
  t.same(JSON.parse(changed.body), { allowExportedEdits: false })
  t.same(JSON.parse((await app.request({ method: 'GET', url: '/v1/tenant/settings' })).body), { allowExportedEdits: false })
  const bad = await app.request({ method: 'PATCH', url: '/v1/tenant/settings', payload: { allowExportedEdits: 'no' } })
  t.equal(bad.statusCode, 400)
})
