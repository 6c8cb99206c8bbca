// Isolation: two tenants, each with reference data, an exported invoice, a batch, a connection with
// a Web Connector session and a webhook endpoint. Every read and write endpoint (REST, GraphQL
// queries and mutations, connection files, session history) is tried by each tenant with the
// other's ids: the answer is 404 / NOT_FOUND / null (never 403, which would confirm the id exists),
// nothing of the other tenant appears in lists, and nothing changes.
import { randomUUID } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import t from 'tap'
import { buildTestApp, json, type TestApp } from '../helpers/app.js'
import { FakeQuickBooks } from '../helpers/fake-quickbooks.js'
import { EDITOR, scenario } from '../helpers/invoices.js'
import { runSession } from '../helpers/web-connector.js'
import { leakedSecrets, report } from './helpers/figures.js'

interface Tenant {
  name: string
  key: string
  invoiceId: string
  number: string
  lineId: string
  batchId: string
  connectionId: string
  connectionName: string
  hookId: string
  customerId: string
  password: string
}

t.test('two tenants: no id of one works for the other', async (t) => {
  const app = await buildTestApp(t, {
    env: { RATE_LIMIT_PER_MINUTE: '0', WEBHOOKS_WORKER: 'false', WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' },
  })
  const tenantB = json(await app.request({ method: 'POST', url: '/v1/tenants', payload: { name: 'Other Co' } }))
  const problems: string[] = []
  const figures = { requests: 0, leaks: 0, forbiddenAnswers: 0, changes: 0 }

  /** Sets a tenant up with the given key through the real doors. */
  async function setUp(name: string, key: string): Promise<Tenant> {
    const as = {
      ...app,
      request: (o: Parameters<TestApp['request']>[0]) => app.request({ ...o, as: o.as === undefined ? key : o.as }),
    } as TestApp
    const s = await scenario(as)
    await as.request({ method: 'PUT', url: `/v1/customers/only-${name}`, payload: { name: `Only ${name}` } })
    const exported = await s.exportAndConfirm((await s.createInvoice({ number: `ISO-${name}` })).id)
    const created = await s.gql('mutation { createConnection(input: { name: "Second" }) { connection { id name username } password } }')
    const conn = created.data!.createConnection
    const other = await s.createInvoice({ number: `BAT-${name}` })
    const batch = (await s.gql('mutation($ids: [ID!]!) { createBatch(input: { invoiceIds: $ids }) { batch { id } } }', { ids: [other.id] }))
      .data!.createBatch.batch
    await s.gql('mutation($id: ID!) { postBatch(input: { id: $id }) { batch { id } } }', { id: batch.id })
    await s.gql('mutation($id: ID!, $c: ID!) { exportBatch(input: { id: $id, connectionId: $c }) { batch { id } } }', {
      id: batch.id,
      c: conn.connection.id,
    })
    await runSession(app.app, new FakeQuickBooks({ items: ['Labor', 'Pipe'] }), {
      username: conn.connection.username,
      password: conn.password,
    })
    const hook = json(
      await as.request({
        method: 'POST',
        url: '/v1/webhook-endpoints',
        payload: { url: `http://127.0.0.1:9999/${name}`, events: ['invoice.updated'] },
      }),
    )
    if (!hook.id) throw new Error(`webhook endpoint: ${JSON.stringify(hook)}`)
    return {
      name,
      key,
      invoiceId: exported.id,
      number: exported.number,
      lineId: exported.lines[0].id,
      batchId: batch.id,
      connectionId: conn.connection.id,
      connectionName: conn.connection.name,
      hookId: hook.id,
      customerId: `only-${name}`,
      password: conn.password,
    }
  }

  const ghostOf = (victim: Tenant): Tenant => ({
    ...victim,
    invoiceId: randomUUID(),
    batchId: randomUUID(),
    connectionId: randomUUID(),
    hookId: randomUUID(),
    lineId: randomUUID(),
    customerId: 'ghost-customer',
  })
  const a = await setUp('A', app.adminKey)
  const b = await setUp('B', tenantB.apiKey)

  const snapshot = async () => {
    const q = `select (select json_agg(row(id, version, number, summary, status) order by id) from invoices)::text as invoices, (select json_agg(row(id, status) order by id) from batches)::text as batches,
      (select json_agg(row(id, password_hash) order by id) from connections)::text as connections, (select count(*) from invoice_revisions)::int as revisions, (select json_agg(row(id, url, disabled_at) order by id) from webhook_endpoints)::text as hooks,
      (select json_agg(row(invoice_id, status, export_status) order by invoice_id) from invoice_sync_states)::text as sync`
    return JSON.stringify(((await app.database.db.execute(q)) as unknown as { rows: unknown[] }).rows[0])
  }

  function expectHidden(attacker: Tenant, victim: Tenant, what: string, res: LightMyRequestResponse, allowed = [404]) {
    figures.requests++
    const secrets = [
      victim.number,
      victim.connectionName === attacker.connectionName ? '' : victim.connectionName,
      victim.password,
      `Only ${victim.name}`,
    ].filter(Boolean)
    if (res.statusCode === 403) {
      figures.forbiddenAnswers++
      problems.push(`${attacker.name} -> ${victim.name}: ${what}: 403 confirms the id exists: ${res.body.slice(0, 200)}`)
    } else if (!allowed.includes(res.statusCode))
      problems.push(
        `${attacker.name} -> ${victim.name}: ${what}: ${res.statusCode} (wanted ${allowed.join('/')}): ${res.body.slice(0, 200)}`,
      )
    for (const s of secrets)
      if (res.body.includes(s)) {
        figures.leaks++
        problems.push(`${attacker.name} -> ${victim.name}: ${what}: the answer shows "${s}"`)
      }
  }

  for (const [attacker, victim] of [
    [a, b],
    [b, a],
  ] as const) {
    const before = await snapshot()
    const rest = (method: string, url: string, payload?: object) =>
      app.request({
        as: attacker.key,
        method: method as 'GET',
        url,
        headers: { 'x-user-id': EDITOR },
        ...(payload ? { payload } : method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
      })
    const routesFor = (victim: Tenant): [string, string, object?, number[]?][] => [
      ['GET', `/v1/invoices/${victim.invoiceId}`],
      ['GET', `/v1/invoices/${victim.invoiceId}/revisions`],
      ['PATCH', `/v1/invoices/${victim.invoiceId}`, { expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'hijacked' }],
      ['POST', `/v1/invoices/${victim.invoiceId}/resync`],
      ['POST', `/v1/invoices/${victim.invoiceId}/bypass`],
      ['POST', `/v1/invoices/${victim.invoiceId}/unlock`],
      ['POST', `/v1/invoices/${victim.invoiceId}/adjustments`, { number: 'ADJ-X' }],
      ['GET', `/v1/batches/${victim.batchId}`],
      ['POST', `/v1/batches/${victim.batchId}/post`],
      ['POST', `/v1/batches/${victim.batchId}/unpost`],
      ['POST', `/v1/batches/${victim.batchId}/export`, { connectionId: attacker.connectionId }],
      ['POST', `/v1/batches/${victim.batchId}/bypass-export`],
      ['POST', '/v1/batches', { invoiceIds: [victim.invoiceId] }, [400, 404, 422]],
      ['GET', `/v1/connections/${victim.connectionId}`],
      ['GET', `/v1/connections/${victim.connectionId}/qwc`],
      ['GET', `/v1/connections/${victim.connectionId}/sessions`],
      ['POST', `/v1/connections/${victim.connectionId}/rotate-password`],
      ['GET', `/v1/webhook-endpoints/${victim.hookId}`],
      ['GET', `/v1/webhook-endpoints/${victim.hookId}/deliveries`],
      ['POST', `/v1/webhook-endpoints/${victim.hookId}/rotate-secret`],
      ['POST', `/v1/webhook-endpoints/${victim.hookId}/enable`],
      ['DELETE', `/v1/webhook-endpoints/${victim.hookId}`],
      ['GET', `/v1/customers/${victim.customerId}`],
    ]
    const routes = routesFor(victim)
    const control = routesFor(ghostOf(victim))
    for (const [i, [method, url, payload, allowed]] of routes.entries()) {
      // As the tenant's key itself (every permission): 404, as for an id that exists nowhere.
      figures.requests++
      const plain = await app.request({
        as: attacker.key,
        method: method as 'GET',
        url,
        ...(payload ? { payload } : method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
      })
      expectHidden(attacker, victim, `${method} ${url} (as the key itself)`, plain, allowed)
      // As a user of the tenant without some permissions: the same answer as for an id that exists nowhere.
      const [cm, cu, cp] = control[i]!
      const asUser = await rest(method, url, payload)
      const ghost = await rest(cm, cu, cp)
      figures.requests += 2
      if (asUser.statusCode !== ghost.statusCode || (asUser.statusCode < 400 && method !== 'GET'))
        problems.push(
          `${attacker.name} -> ${victim.name}: ${method} ${url} as a user: ${asUser.statusCode}, for an unknown id ${ghost.statusCode}: ${asUser.body.slice(0, 160)}`,
        )
      for (const secret of [victim.number, victim.password, `Only ${victim.name}`])
        if (asUser.body.includes(secret)) problems.push(`${attacker.name} -> ${victim.name}: ${method} ${url} shows "${secret}"`)
    }
    for (const list of ['/v1/invoices', '/v1/connections', '/v1/webhook-endpoints', '/v1/sync-errors']) {
      figures.requests++
      expectHidden(attacker, victim, `GET ${list}`, await app.request({ as: attacker.key, method: 'GET', url: list }), [200])
    }

    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      figures.requests++
      const res = await app.request({
        as: attacker.key,
        method: 'POST',
        url: '/graphql',
        headers: { 'x-user-id': EDITOR },
        payload: { query, variables },
      })
      return { res, body: json(res) }
    }
    const hiddenQueries: [string, string, Record<string, unknown>][] = [
      ['invoice', 'query($id: ID!) { invoice(id: $id) { id number } }', { id: victim.invoiceId }],
      ['batch', 'query($id: ID!) { batch(id: $id) { id } }', { id: victim.batchId }],
      ['customer', 'query($id: ID!) { customer(id: $id) { id name } }', { id: victim.customerId }],
    ]
    for (const [name, query, variables] of hiddenQueries) {
      const { res, body } = await gql(query, variables)
      if (body.data?.[name] !== null || body.errors)
        problems.push(`${attacker.name} -> ${victim.name}: ${name}(id) answered ${res.body.slice(0, 200)}`)
      expectHidden(attacker, victim, `query ${name}`, res, [200])
    }
    for (const [name, query] of [
      ['invoices', '{ invoices(first: 100) { edges { node { id number } } } }'],
      ['connections', '{ connections { id name sessions { id summary } } }'],
      ['syncErrors', '{ syncErrors { invoiceNumber } }'],
    ]) {
      const { res } = await gql(query!)
      expectHidden(attacker, victim, `query ${name}`, res, [200])
      if (res.body.includes(victim.invoiceId) || res.body.includes(victim.connectionId))
        problems.push(`${attacker.name} -> ${victim.name}: ${name} lists the other tenant's ids`)
    }
    const mutationsFor = (victim: Tenant): [string, string, Record<string, unknown>][] => [
      [
        'updateInvoice',
        'mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { invoice { id } userErrors { code } } }',
        { input: { id: victim.invoiceId, expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'hijacked' } },
      ],
      [
        'resyncInvoice',
        'mutation($id: ID!) { resyncInvoice(input: { id: $id }) { invoice { id } userErrors { code } } }',
        { id: victim.invoiceId },
      ],
      [
        'bypassInvoiceSync',
        'mutation($id: ID!) { bypassInvoiceSync(input: { id: $id }) { invoice { id } userErrors { code } } }',
        { id: victim.invoiceId },
      ],
      [
        'unlockInvoice',
        'mutation($id: ID!) { unlockInvoice(input: { id: $id }) { invoice { id } userErrors { code } } }',
        { id: victim.invoiceId },
      ],
      [
        'createAdjustmentInvoice',
        'mutation($id: ID!) { createAdjustmentInvoice(input: { id: $id, number: "ADJ-Y" }) { invoice { id } userErrors { code } } }',
        { id: victim.invoiceId },
      ],
      [
        'createBatch',
        'mutation($id: ID!) { createBatch(input: { invoiceIds: [$id] }) { batch { id } userErrors { code } } }',
        { id: victim.invoiceId },
      ],
      ['postBatch', 'mutation($id: ID!) { postBatch(input: { id: $id }) { batch { id } userErrors { code } } }', { id: victim.batchId }],
      [
        'unpostBatch',
        'mutation($id: ID!) { unpostBatch(input: { id: $id }) { batch { id } userErrors { code } } }',
        { id: victim.batchId },
      ],
      [
        'exportBatch',
        'mutation($id: ID!, $c: ID!) { exportBatch(input: { id: $id, connectionId: $c }) { batch { id } userErrors { code } } }',
        { id: victim.batchId, c: attacker.connectionId },
      ],
      [
        'exportBatch to their connection',
        'mutation($id: ID!, $c: ID!) { exportBatch(input: { id: $id, connectionId: $c }) { batch { id } userErrors { code } } }',
        { id: attacker.batchId, c: victim.connectionId },
      ],
      [
        'bypassBatchExport',
        'mutation($id: ID!) { bypassBatchExport(input: { id: $id }) { batch { id } userErrors { code } } }',
        { id: victim.batchId },
      ],
      [
        'rotateConnectionPassword',
        'mutation($id: ID!) { rotateConnectionPassword(input: { id: $id }) { connection { id } password userErrors { code } } }',
        { id: victim.connectionId },
      ],
      [
        'updateInvoice with their references',
        'mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { invoice { id } userErrors { code } } }',
        {
          input: {
            id: attacker.invoiceId,
            expectedVersion: 1,
            decision: 'SAVE_AND_SYNC',
            customerId: victim.customerId,
            lines: { update: [{ id: victim.lineId, quantity: '9' }] },
          },
        },
      ],
    ]
    const mutations = mutationsFor(victim)
    const controls = mutationsFor(ghostOf(victim))
    for (const [i, [name, query, variables]] of mutations.entries()) {
      const { res, body } = await gql(query, variables)
      const ghost = await gql(controls[i]![1], controls[i]![2])
      const codesOf = (b: Record<string, any>) =>
        JSON.stringify([
          ...(((b.data && Object.values(b.data)[0]) as { userErrors?: { code: string }[] } | null)?.userErrors ?? []).map((e) => e.code),
          ...(b.errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code),
        ])
      if (codesOf(body) !== codesOf(ghost.body))
        problems.push(`${attacker.name} -> ${victim.name}: ${name} answers ${codesOf(body)}, for an unknown id ${codesOf(ghost.body)}`)
      expectHidden(attacker, victim, `mutation ${name}`, res, [200, 400, 404])
      const payload = (body.data && Object.values(body.data)[0]) as { userErrors?: { code: string }[] } | null
      const codes = [
        ...(payload?.userErrors ?? []).map((e) => e.code),
        ...(body.errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code),
      ]
      if (codes.length === 0) problems.push(`${attacker.name} -> ${victim.name}: ${name} was not refused: ${res.body.slice(0, 200)}`)
    }
    const after = await snapshot()
    if (after !== before) {
      figures.changes++
      problems.push(`${attacker.name} -> ${victim.name}: something changed`)
    }
  }

  const leaks = leakedSecrets(JSON.stringify(app.logs), [app.adminKey, tenantB.apiKey, a.password, b.password])
  t.same(problems, [], 'no tenant reads or changes anything of the other, and no answer confirms that an id exists')
  t.same(leaks, [], 'no secret in the logs')
  report('isolation', { ...figures, problems: problems.length, secretsLeaked: leaks.length })
})
