// Hostile input on every door: seeded property-based fuzzing (fast-check) of GraphQL updateInvoice,
// REST bodies (reference data, connections, tenants, invoices, batches, webhook endpoints) and SOAP
// envelopes (random and mutated Web Connector calls); XXE and billion-laughs bodies; 10 MB bodies;
// deep and wide GraphQL queries; invalid decimals and dates; unknown ids. Every input gets a clear
// 4xx (problem+json with a code), a GraphQL error code, a userError or a SOAP answer/fault; never a
// 5xx or internals; a refused input changes nothing (row counts and versions); /healthz answers
// after each burst.
import fc from 'fast-check'
import type { LightMyRequestResponse } from 'fastify'
import t from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { FakeQuickBooks } from '../helpers/fake-quickbooks.js'
import { EDITOR, scenario } from '../helpers/invoices.js'
import { readSoap, runSession, soapCall, soapEnvelope } from '../helpers/web-connector.js'
import { INTERNALS, leakedSecrets, report, seedFor } from './helpers/figures.js'

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS || 300)
const TABLES = [
  'tenants',
  'api_keys',
  'users',
  'connections',
  'customers',
  'items',
  'business_units',
  'tax_zones',
  'inventory_locations',
  'accounting_periods',
  'batches',
  'invoices',
  'invoice_lines',
  'invoice_revisions',
  'invoice_sync_states',
  'sync_status_transitions',
  'qbwc_sessions',
  'sync_attempts',
  'webhook_endpoints',
  'webhook_events',
]

t.test('hostile input on every door', async (t) => {
  const seed = seedFor('hostile')
  const app = await buildTestApp(t, { env: { RATE_LIMIT_PER_MINUTE: '0', WEBHOOKS_WORKER: 'false' } })
  const s = await scenario(app)
  const qb = new FakeQuickBooks({ items: ['Labor', 'Pipe'] })
  const conn = (await s.gql('mutation { createConnection(input: { name: "Fuzz" }) { connection { id username } password } }')).data!
    .createConnection
  const credentials = { username: conn.connection.username as string, password: conn.password as string }
  const invoice = await s.exportAndConfirm((await s.createInvoice()).id)
  const lineIds: string[] = invoice.lines.map((l: { id: string }) => l.id)
  let version = invoice.version as number
  const problems: string[] = []
  const counts = { inputs: 0, accepted: 0, refused4xx: 0, graphqlErrors: 0, userErrors: 0, soapFaults: 0, soapResults: 0, bursts: 0 }

  const snapshot = async () => {
    const q = `select ${TABLES.map((tb) => `(select count(*) from ${tb})::int as ${tb}`).join(', ')}, (select coalesce(sum(version), 0) from invoices)::int as versions, (select string_agg(status::text || ':' || coalesce(pending_version, 0), ',' order by invoice_id) from invoice_sync_states) as sync`
    const res = (await app.database.db.execute(q)) as unknown as { rows: Record<string, unknown>[] }
    return JSON.stringify(res.rows[0])
  }
  const note = (what: string, res: LightMyRequestResponse, extra = '') => {
    // For a 5xx, what the server logged about it (the cause), to make the failure actionable.
    const requestId = String(res.headers['x-request-id'] ?? '')
    const logged =
      res.statusCode >= 500
        ? app.logs
            .filter((l) => l.requestId === requestId && l.err)
            .map((l) => JSON.stringify(l.err).slice(0, 400))
            .join(' ')
        : ''
    problems.push(`${what}: ${res.statusCode} ${extra}${res.body.slice(0, 300)}${logged ? ` (logged: ${logged})` : ''}`)
  }

  /** A REST answer to a refused or accepted input; returns whether it was refused. */
  function checkRest(what: string, res: LightMyRequestResponse): boolean {
    counts.inputs++
    if (INTERNALS.test(res.body)) note(what, res, 'internals: ')
    if (res.statusCode >= 500) {
      note(what, res, '5xx: ')
      return true
    }
    if (res.statusCode >= 400) {
      counts.refused4xx++
      if (!String(res.headers['content-type']).startsWith('application/problem+json')) note(what, res, 'not problem+json: ')
      else if (!/^[A-Z][A-Z0-9_]+$/.test(JSON.parse(res.body).code ?? '')) note(what, res, 'no code: ')
      return true
    }
    counts.accepted++
    return false
  }

  /** A GraphQL answer; returns whether the input was refused. */
  function checkGraphql(what: string, res: LightMyRequestResponse): boolean {
    counts.inputs++
    if (INTERNALS.test(res.body)) note(what, res, 'internals: ')
    if (res.statusCode >= 500) {
      note(what, res, '5xx: ')
      return true
    }
    let body: { data?: Record<string, any> | null; errors?: { extensions?: { code?: string } }[] }
    try {
      body = JSON.parse(res.body)
    } catch {
      if (res.statusCode >= 400 && String(res.headers['content-type']).startsWith('application/problem+json')) return true
      note(what, res, 'not JSON: ')
      return true
    }
    if (body.errors?.length) {
      counts.graphqlErrors++
      if (body.errors.some((e) => !e.extensions?.code)) note(what, res, 'error without a code: ')
      if (body.errors.some((e) => e.extensions?.code === 'INTERNAL_ERROR')) note(what, res, 'INTERNAL_ERROR: ')
      return true
    }
    const payload = body.data && Object.values(body.data)[0]
    if (payload && Array.isArray(payload.userErrors) && payload.userErrors.length > 0) {
      counts.userErrors++
      return true
    }
    counts.accepted++
    return false
  }

  function checkSoap(what: string, res: LightMyRequestResponse): void {
    counts.inputs++
    if (INTERNALS.test(res.body)) note(what, res, 'internals: ')
    if (!String(res.headers['content-type']).startsWith('text/xml')) {
      note(what, res, 'not text/xml: ')
      return
    }
    try {
      const answer = readSoap('x', res.statusCode, res.body)
      if (answer.fault) counts.soapFaults++
      else if (res.statusCode === 200) counts.soapResults++
      else note(what, res, 'neither a result nor a fault: ')
      if (answer.fault && res.statusCode >= 500 && !/^(soap:)?Server/.test(answer.fault) && INTERNALS.test(answer.fault))
        note(what, res, 'fault with internals: ')
    } catch {
      note(what, res, 'not a SOAP envelope: ')
    }
  }

  async function refusedChangesNothing(
    what: string,
    send: () => Promise<LightMyRequestResponse>,
    check: (what: string, res: LightMyRequestResponse) => boolean,
  ): Promise<boolean> {
    const before = await snapshot()
    const res = await send()
    const refused = check(what, res)
    if (refused && (await snapshot()) !== before)
      problems.push(`${what}: refused (${res.statusCode}) but something was saved: ${res.body.slice(0, 200)}`)
    return refused
  }

  async function burstDone(name: string) {
    counts.bursts++
    const health = await app.app.inject({ url: '/healthz' })
    if (health.statusCode !== 200) problems.push(`/healthz after ${name}: ${health.statusCode}`)
  }

  const gql = (query: string, variables: Record<string, unknown> = {}) =>
    app.request({ method: 'POST', url: '/graphql', headers: { 'x-user-id': EDITOR }, payload: { query, variables } })
  const UPDATE =
    'mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { invoice { id version } userErrors { field code message } } }'

  // Awkward values: arbitrary text, decimal-looking text, dates that are not, ids that do not exist.
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      '',
      ' ',
      '<x>&',
      "'; drop table invoices; --",
      '\u0000',
      '\ud800',
      'a'.repeat(5000),
      '😀'.repeat(20),
      '${jndi:ldap://x}',
      '../../etc/passwd',
    ),
  )
  const decimal = fc.oneof(
    fc.constantFrom(
      '1e5',
      'NaN',
      'Infinity',
      '-0',
      '0.000001',
      '1.',
      '.5',
      '1,000.00',
      '١٢',
      '0x10',
      ' 1',
      '99999999999999999999.99',
      '-1',
      '1.123456',
      '--1',
      '+1',
    ),
    fc.stringMatching(/^-?\d{0,14}(\.\d{0,7})?$/),
    text,
  )
  const date = fc.oneof(
    fc.constantFrom('2026-02-30', '2026-13-01', '0000-00-00', '2026-1-1', '20261101', '2026-11-01T00:00:00Z', '9999-12-31', '1900-01-01'),
    fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    text,
  )
  const id = fc.oneof(fc.constant(invoice.id), fc.uuid(), text)
  const lineId = fc.oneof(fc.constantFrom(...lineIds), fc.uuid(), text)

  await t.test('GraphQL updateInvoice with arbitrary strings, decimals, dates and ids', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            id,
            expectedVersion: fc.oneof(fc.constant(-1), fc.integer(), fc.constant(0)),
            decision: fc.oneof(fc.constantFrom('SAVE_AND_SYNC', 'SAVE_AND_BYPASS'), text),
            number: text,
            date,
            summary: text,
            taxZoneId: fc.oneof(fc.constant('tx'), fc.constant(null), text),
            lines: fc.record(
              {
                update: fc.array(
                  fc.record(
                    { id: lineId, quantity: decimal, unitPrice: decimal, description: text, cost: decimal },
                    { requiredKeys: ['id'] },
                  ),
                  { maxLength: 3 },
                ),
                add: fc.array(
                  fc.record({ itemId: fc.oneof(fc.constantFrom('labor', 'pipe'), text), quantity: decimal, unitPrice: decimal }),
                  { maxLength: 2 },
                ),
                remove: fc.array(lineId, { maxLength: 2 }),
              },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: ['id', 'expectedVersion'] },
        ),
        async (input) => {
          const actual = { ...input, expectedVersion: input.expectedVersion === -1 ? version : input.expectedVersion }
          const refused = await refusedChangesNothing(
            `updateInvoice ${JSON.stringify(actual).slice(0, 300)}`,
            () => gql(UPDATE, { input: actual }),
            checkGraphql,
          )
          if (!refused) version = (await s.invoice(invoice.id)).version
        },
      ),
      { seed, numRuns: RUNS * 2 },
    )
    await burstDone('GraphQL fuzz')
  })

  await t.test('REST bodies: reference data, connections, tenants, invoices, batches, webhook endpoints', async () => {
    const body = fc.oneof(
      fc.anything({ maxDepth: 3 }),
      fc.record(
        {
          name: text,
          type: text,
          rate: decimal,
          email: text,
          permissions: fc.array(text, { maxLength: 3 }),
          startDate: date,
          endDate: date,
          closed: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    )
    const routes: [string, (pathId: string) => string][] = [
      ['PUT', (p) => `/v1/customers/${p}`],
      ['PUT', (p) => `/v1/items/${p}`],
      ['PUT', (p) => `/v1/tax-zones/${p}`],
      ['PUT', (p) => `/v1/users/${p}`],
      ['PUT', (p) => `/v1/accounting-periods/${p}`],
      ['POST', () => '/v1/connections'],
      ['POST', () => '/v1/tenants'],
      ['POST', () => '/v1/invoices'],
      ['PATCH', () => `/v1/invoices/${invoice.id}`],
      ['POST', () => '/v1/batches'],
      ['POST', () => '/v1/webhook-endpoints'],
      ['POST', (p) => `/v1/invoices/${p}/resync`],
      ['POST', (p) => `/v1/batches/${p}/export`],
    ]
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: routes.length - 1 }),
        fc.string({ minLength: 1, maxLength: 30 }),
        body,
        fc.boolean(),
        async (which, pathId, payload, raw) => {
          const [method, path] = routes[which]!
          const url = path(encodeURIComponent(pathId))
          const send = () =>
            app.request({
              method: method as 'PUT',
              url,
              headers: { 'x-user-id': EDITOR, 'content-type': 'application/json' },
              payload: raw
                ? String(typeof payload === 'string' ? payload : JSON.stringify(payload)).slice(0, 200) + (which % 2 ? '' : '}')
                : (payload as object),
            })
          // A PUT that is valid is an upsert: only refusals must leave everything as it was.
          await refusedChangesNothing(`${method} ${url}`, send, checkRest)
        },
      ),
      { seed, numRuns: RUNS * 3 },
    )
    await burstDone('REST fuzz')
  })

  await t.test('SOAP: random and mutated Web Connector envelopes', async () => {
    const auth = await runSession(app.app, qb, credentials, { maxRounds: 0 })
    const ticket = auth.authenticate[0] ?? 'none'
    const methods = [
      'serverVersion',
      'clientVersion',
      'authenticate',
      'sendRequestXML',
      'receiveResponseXML',
      'getLastError',
      'connectionError',
      'closeConnection',
      'nonsense',
    ]
    const valid = (method: string, v: string) =>
      soapEnvelope(method, [
        ['ticket', v === '' ? ticket : v],
        ['strUserName', credentials.username],
        ['strPassword', v],
        [
          'response',
          `<?xml version="1.0"?><QBXML><QBXMLMsgsRs><InvoiceAddRs requestID="${v}" statusCode="0" statusSeverity="Info"/></QBXMLMsgsRs></QBXML>`,
        ],
        ['hresult', v],
        ['strHCPResponse', v],
        ['qbXMLMajorVers', v],
      ])
    const mutate = (xml: string, at: number, cut: number, insert: string) => {
      const i = at % (xml.length + 1)
      return xml.slice(0, i) + insert + xml.slice(Math.min(xml.length, i + cut))
    }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...methods),
        text,
        fc.nat(),
        fc.nat({ max: 40 }),
        fc.oneof(text, fc.constantFrom('<', '>', '&', ']]>', '<x:y xmlns:x="urn:a">', '</soap:Body>', '<?xml version="1.0"?>', '&amp;lt;')),
        fc.nat({ max: 3 }),
        async (method, v, at, cut, insert, shape) => {
          const payload = shape === 0 ? v : shape === 1 ? valid(method, v) : mutate(valid(method, v), at, cut, insert)
          const res = await app.app.inject({
            method: 'POST',
            url: '/qbwc',
            headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"http://developer.intuit.com/${method}"` },
            payload,
          })
          checkSoap(`SOAP ${method} shape ${shape}`, res)
        },
      ),
      { seed, numRuns: RUNS * 3 },
    )
    await burstDone('SOAP fuzz')
  })

  await t.test('XXE and billion laughs on /qbwc, inside the qbXML answer, and on REST', async () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><getLastError xmlns="http://developer.intuit.com/"><ticket>&x;</ticket></getLastError></soap:Body></soap:Envelope>'
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><getLastError xmlns="http://developer.intuit.com/"><ticket>&lol9;</ticket></getLastError></soap:Body></soap:Envelope>`
    // A live session with a request in flight, so the answer below is really parsed.
    const current = await s.invoice(invoice.id)
    await gql(UPDATE, { input: { id: invoice.id, expectedVersion: current.version, decision: 'SAVE_AND_SYNC', summary: 'bomb' } })
    version = (await s.invoice(invoice.id)).version
    const ticket = () => liveTicket
    let liveTicket = ''
    for (const [name, body] of [
      ['XXE', xxe],
      ['billion laughs', laughs],
    ] as const) {
      const auth = await soapCall(app.app, 'authenticate', [
        ['strUserName', credentials.username],
        ['strPassword', credentials.password],
      ])
      liveTicket = auth.result?.children[0]?.text ?? ''
      await soapCall(app.app, 'sendRequestXML', [
        ['ticket', liveTicket],
        ['strHCPResponse', ''],
        ['strCompanyFileName', ''],
        ['qbXMLCountry', 'US'],
        ['qbXMLMajorVers', 13],
        ['qbXMLMinorVers', 0],
      ])
      const res = await app.app.inject({ method: 'POST', url: '/qbwc', headers: { 'content-type': 'text/xml' }, payload: body })
      checkSoap(`${name} on /qbwc`, res)
      if (res.statusCode !== 400 || !/Fault/.test(res.body) || /root:|lollol/.test(res.body)) note(`${name} on /qbwc`, res, 'not refused: ')
      for (const url of ['/v1/customers/x', '/graphql']) {
        const rest = await app.request({
          method: url === '/graphql' ? 'POST' : 'PUT',
          url,
          headers: { 'content-type': 'application/xml' },
          payload: body,
        })
        if (url === '/graphql') checkGraphql(`${name} on ${url}`, rest)
        else checkRest(`${name} on ${url}`, rest)
        if (rest.statusCode !== 415 && rest.statusCode !== 400) note(`${name} on ${url}`, rest, 'not refused: ')
      }
      // Inside the qbXML document QuickBooks "answered" (a string in the SOAP body).
      const inner = body.replace(/<soap:Envelope[\s\S]*$/, '<QBXML><QBXMLMsgsRs>&lol9;&x;</QBXMLMsgsRs></QBXML>')
      const res2 = await app.app.inject({
        method: 'POST',
        url: '/qbwc',
        headers: { 'content-type': 'text/xml', soapaction: '"http://developer.intuit.com/receiveResponseXML"' },
        payload: soapEnvelope('receiveResponseXML', [
          ['ticket', ticket()],
          ['response', inner],
          ['hresult', ''],
          ['message', ''],
        ]),
      })
      checkSoap(`${name} inside the qbXML answer`, res2)
      if (/root:|lollol/.test(res2.body)) note(`${name} inside the qbXML answer`, res2, 'expanded: ')
    }
    await burstDone('XML bombs')
  })

  await t.test('10 MB bodies on every door', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024)
    for (const [method, url, type] of [
      ['POST', '/graphql', 'application/json'],
      ['PUT', '/v1/customers/big', 'application/json'],
      ['POST', '/v1/invoices', 'application/json'],
      ['PATCH', `/v1/invoices/${invoice.id}`, 'application/json'],
      ['POST', '/v1/tenants', 'application/json'],
      ['POST', '/qbwc', 'text/xml'],
    ] as const) {
      const payload = type === 'text/xml' ? soapEnvelope('getLastError', [['ticket', big]]) : JSON.stringify({ name: big, query: big })
      const before = await snapshot()
      const res = await app.request({ method, url, headers: { 'content-type': type }, payload })
      if (url === '/qbwc') checkSoap('10 MB on /qbwc', res)
      else if (url === '/graphql') {
        checkGraphql('10 MB on /graphql', res)
        if (res.statusCode !== 413) note('10 MB on /graphql', res, 'not 413: ')
      } else {
        checkRest(`10 MB on ${url}`, res)
        if (res.statusCode !== 413) note(`10 MB on ${url}`, res, 'not 413: ')
      }
      if ((await snapshot()) !== before) problems.push(`10 MB on ${url} saved something`)
    }
    await burstDone('10 MB bodies')
  })

  await t.test('deep and wide GraphQL queries', async () => {
    const deep = `{ __schema { types { ${'fields { type { ofType { '.repeat(12)}name${' } } }'.repeat(12)} } } }`
    const wide = `{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: invoices(first: 100) { edges { node { id lines { id } } } }`).join(' ')} }`
    const fragments = `query { ...F0 } ${Array.from({ length: 300 }, (_, i) => `fragment F${i} on Query { invoices(first: 50) { edges { node { id } } } ${i < 299 ? `...F${i + 1}` : ''} }`).join(' ')}`
    const cycle = 'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }'
    const aliasesOfTypename = `{ ${Array.from({ length: 20000 }, (_, i) => `t${i}: __typename`).join(' ')} }`
    for (const [name, query] of [
      ['deep', deep],
      ['wide', wide],
      ['fragment chain', fragments],
      ['fragment cycle', cycle],
      ['20,000 aliases', aliasesOfTypename],
    ] as const) {
      const res = await app.request({ method: 'POST', url: '/graphql', payload: { query } })
      const refused = checkGraphql(`${name} query`, res)
      if (!refused && name !== '20,000 aliases') note(`${name} query`, res, 'was answered: ')
    }
    await burstDone('GraphQL shapes')
  })

  await t.test('invalid decimals and dates, unknown ids, explicitly', async () => {
    for (const q of ['1e5', 'NaN', '1,5', '0.1234567', '12345678901.5', '', ' ', '1.2.3'])
      await refusedChangesNothing(
        `quantity ${JSON.stringify(q)}`,
        () =>
          gql(UPDATE, {
            input: {
              id: invoice.id,
              expectedVersion: version,
              decision: 'SAVE_AND_SYNC',
              lines: { update: [{ id: lineIds[0], quantity: q }] },
            },
          }),
        (w, r) => {
          const refused = checkGraphql(w, r)
          if (!refused) note(w, r, 'accepted: ')
          return refused
        },
      )
    for (const d of ['2026-02-30', '2026-13-01', '26-11-01', '2026-11-01T00:00:00Z', ''])
      await refusedChangesNothing(
        `date ${JSON.stringify(d)}`,
        () => gql(UPDATE, { input: { id: invoice.id, expectedVersion: version, decision: 'SAVE_AND_SYNC', date: d } }),
        (w, r) => {
          const refused = checkGraphql(w, r)
          if (!refused) note(w, r, 'accepted: ')
          return refused
        },
      )
    const unknown = '00000000-0000-4000-8000-000000000000'
    for (const [method, url] of [
      ['GET', `/v1/invoices/${unknown}`],
      ['GET', '/v1/invoices/not-a-uuid'],
      ['PATCH', `/v1/invoices/${unknown}`],
      ['POST', `/v1/invoices/${unknown}/resync`],
      ['GET', `/v1/batches/${unknown}`],
      ['GET', `/v1/connections/${unknown}/qwc`],
      ['POST', `/v1/connections/${unknown}/rotate-password`],
      ['GET', `/v1/webhook-endpoints/${unknown}`],
      ['DELETE', `/v1/webhook-endpoints/${unknown}`],
      ['GET', '/v1/customers/nobody'],
    ] as const) {
      const res = await app.request({
        method,
        url,
        ...(method === 'PATCH'
          ? { payload: { expectedVersion: 1, decision: 'SAVE_AND_SYNC', summary: 'x' } }
          : method === 'POST'
            ? { payload: {} }
            : {}),
      })
      checkRest(`${method} ${url}`, res)
      if (res.statusCode !== 404) note(`${method} ${url}`, res, 'not 404: ')
    }
    const gqlUnknown = await gql('query($id: ID!) { invoice(id: $id) { id } }', { id: unknown })
    counts.inputs++
    if (JSON.parse(gqlUnknown.body).data?.invoice !== null) note('invoice(unknown)', gqlUnknown, 'not null: ')
    await burstDone('explicit refusals')
  })

  const leaks = leakedSecrets(JSON.stringify(app.logs), [app.adminKey, credentials.password])
  t.same(problems, [], 'every hostile input got a clear refusal or a clean answer, and refused input saved nothing')
  t.same(leaks, [], 'no secret in the logs')
  t.ok(
    counts.refused4xx + counts.graphqlErrors + counts.userErrors + counts.soapFaults > counts.inputs / 3,
    'most inputs were refused (the fuzzing reached the validation)',
  )
  report('hostile', { seed, ...counts, problems: problems.length, secretsLeaked: leaks.length })
})

// Issue 14, finding 4: 16 unauthenticated 20 MB SOAP envelopes at once made /healthz answer 503 and
// the process grow by 366 MB. Against the real server process (as deployed, default limits): each
// burst is refused (413 past the 1 MB limit, or 429 past the calls in flight per address), each
// with a SOAP fault, while /healthz and another tenant's REST requests keep answering.
t.test('bursts of large unauthenticated SOAP bodies: refused, while /healthz and another tenant keep answering', async (t) => {
  // Imported here, so that this test (appended) touches no other line of the file.
  const { request } = await import('node:http')
  const { startService } = await import('./helpers/service.js')
  const { http } = await import('./helpers/http.js')
  const BURSTS = 3
  const CONCURRENT = 16
  // Just under the 20 MiB the door used to read for every call: the worst a stranger could send then.
  const BODY_MB = 19
  const svc = await startService(t, { QBWC_PRELOGIN_PER_MINUTE: '120', WEBHOOKS_WORKER: 'false', RATE_LIMIT_PER_MINUTE: '0' })
  const base = svc.base()
  const bystander = await http(base, 'POST', '/v1/tenants', { key: svc.adminKey, body: { name: 'Bystander' } })
  t.equal(bystander.status, 201, 'another tenant exists')
  const bystanderKey = JSON.parse(bystander.body).apiKey as string

  /** An authenticate envelope whose password is `mb` MiB, written in 64 kB chunks (never held whole here). */
  const postLarge = (mb: number) =>
    new Promise<{ status?: number; body: string; error?: string }>((resolve) => {
      const head = Buffer.from(
        `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><authenticate xmlns="http://developer.intuit.com/"><strUserName>someone</strUserName><strPassword>`,
      )
      const tail = Buffer.from('</strPassword></authenticate></soap:Body></soap:Envelope>')
      const chunk = Buffer.alloc(64 * 1024, 0x61)
      const chunks = (mb * 1024 * 1024) / chunk.length
      let status: number | undefined
      let body = ''
      let settled = false
      const finish = (error?: string) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve({ ...(status !== undefined ? { status } : {}), body, ...(error && status === undefined ? { error } : {}) })
      }
      const req = request(`${base}/qbwc`, {
        method: 'POST',
        headers: {
          'content-type': 'text/xml; charset=utf-8',
          soapaction: '"http://developer.intuit.com/authenticate"',
          'content-length': String(head.length + chunks * chunk.length + tail.length),
        },
      })
      const timer = setTimeout(() => {
        req.destroy()
        finish('no answer within 60 s')
      }, 60_000)
      req.on('response', (res) => {
        status = res.statusCode
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => finish())
        res.on('error', () => finish())
      })
      // The server closes the connection once it has answered: the rest of the upload fails, as it should.
      req.on('error', (err: NodeJS.ErrnoException) => finish(err.code ?? err.message))
      req.write(head)
      let sent = 0
      const write = () => {
        while (sent < chunks && status === undefined && !settled) {
          sent++
          if (!req.write(chunk)) return void req.once('drain', write)
        }
        if (sent === chunks) req.end(tail)
      }
      write()
    })

  const problems: string[] = []
  const counts = { refused413: 0, refused429: 0, cutOff: 0, healthz: 0, bystanderRequests: 0 }
  const rssBefore = svc.rssMb()
  let rssPeak = rssBefore
  for (let burst = 0; burst < BURSTS; burst++) {
    let sending = true
    const sends = Promise.all(Array.from({ length: CONCURRENT }, () => postLarge(BODY_MB))).finally(() => (sending = false))
    // While the burst is on: the liveness probe and another tenant's request, again and again.
    do {
      const [health, rest] = await Promise.all([http(base, 'GET', '/healthz'), http(base, 'GET', '/v1/invoices', { key: bystanderKey })])
      counts.healthz++
      counts.bystanderRequests++
      if (health.status !== 200) problems.push(`burst ${burst}: /healthz ${health.status} ${health.body.slice(0, 200)}`)
      if (rest.status !== 200) problems.push(`burst ${burst}: another tenant's GET /v1/invoices ${rest.status} ${rest.body.slice(0, 200)}`)
      rssPeak = Math.max(rssPeak, svc.rssMb())
    } while (sending)
    for (const answer of await sends) {
      if (answer.status === 413 && /<soap:Fault>[\s\S]*larger than/.test(answer.body)) counts.refused413++
      else if (answer.status === 429 && /<soap:Fault>[\s\S]*Too many calls/.test(answer.body)) counts.refused429++
      // The server answers and closes the connection without reading the rest; a client still
      // writing may see the close (EPIPE, ECONNRESET) before it reads the answer. The server's log
      // says below that it refused each of them.
      else if (answer.status === undefined && (answer.error === 'EPIPE' || answer.error === 'ECONNRESET')) counts.cutOff++
      else problems.push(`burst ${burst}: a ${BODY_MB} MB authenticate got ${answer.status ?? answer.error} ${answer.body.slice(0, 200)}`)
    }
  }
  const after = await http(base, 'GET', '/v1/invoices', { key: bystanderKey })
  if (after.status !== 200) problems.push(`after the bursts: another tenant's GET /v1/invoices ${after.status}`)
  t.same(
    problems,
    [],
    'every large body was refused (a SOAP fault, or the connection closed on the rest); /healthz and the other tenant were answered throughout',
  )
  t.equal(counts.refused413 + counts.refused429 + counts.cutOff, BURSTS * CONCURRENT)
  t.ok(counts.refused413 > 0, 'bodies that got in were refused past the small limit, with a SOAP fault')
  const refusals =
    svc.logs().match(/"msg":"Web Connector call refused: (body too large|too many calls in flight from this address)"/g) ?? []
  t.equal(refusals.length, BURSTS * CONCURRENT, 'the server refused every one of them (413 past 1 MB, or 429 past the calls in flight)')
  t.notOk(/"msg":"wrong Web Connector username or password"/.test(svc.logs()), 'none reached the password check')
  t.ok(
    rssPeak - rssBefore < 200,
    `the process grew by ${Math.round(rssPeak - rssBefore)} MB (16 bodies of 20 MB grew it by 366 MB before the limits)`,
  )
  t.notOk(/"msg":"(Web Connector call failed|shedding load)"/.test(svc.logs()), 'no failed call and no shedding in the log')
  report('hostile-soap-bodies', {
    bursts: BURSTS,
    concurrent: CONCURRENT,
    bodyMb: BODY_MB,
    ...counts,
    rssBeforeMb: rssBefore,
    rssPeakMb: rssPeak,
    problems: problems.length,
  })
})

// Issue 14, finding 1 and 2, against the real server process: the review's alias/cost attack and
// `Upgrade: websocket` on plain POSTs, in parallel, while another tenant keeps working. Every attack
// request is refused (413/400/401/429) without a 5xx, the other tenant's requests and /healthz keep
// answering, /readyz stays 200 (the pool was never exhausted) and the log stays small.
t.test('the GraphQL alias/cost attack and the upgrade header, against the running server', async (t) => {
  const { startService, seed } = await import('./helpers/service.js')
  const { http, gql: gqlOver } = await import('./helpers/http.js')
  const { postOverSocket } = await import('../helpers/raw-http.js')
  const svc = await startService(t, { RATE_LIMIT_PER_MINUTE: '0', WEBHOOKS_WORKER: 'false' })
  const base = svc.base()
  await seed(base, svc.adminKey)
  const other = JSON.parse((await http(base, 'POST', '/v1/tenants', { key: svc.adminKey, body: { name: 'Bystander' } })).body) as {
    apiKey: string
  }
  await http(base, 'PUT', '/v1/customers/b1', { key: other.apiKey, body: { name: 'Bystander Co' } })

  const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: customer(id: "c1") { id name email }`).join(' ')} }`
  const costly = `{ ${Array.from({ length: 10 }, (_, i) => `p${i}: invoices(first: 100) { edges { node { id lines { item { name } } revisions { edges { node { version } } } customer { name } } } }`).join(' ')} }`
  /** A POST carrying Upgrade: websocket and Connection: Upgrade over a real socket (fetch refuses to send them). */
  const upgradePost = (query: string, headers: Record<string, string> = { upgrade: 'websocket', connection: 'Upgrade' }) =>
    postOverSocket(`${base}/graphql`, headers, { query })

  const logBefore = svc.logs().length
  const attack: Promise<{ what: string; status: number; body: string }>[] = []
  for (let i = 0; i < 4; i++) {
    attack.push(gqlOver(base, svc.adminKey, aliases(24_000)).then((r) => ({ what: '24,000 aliases', status: r.status, body: r.body })))
    attack.push(gqlOver(base, svc.adminKey, aliases(3_000)).then((r) => ({ what: '3,000 aliases', status: r.status, body: r.body })))
    attack.push(gqlOver(base, svc.adminKey, costly).then((r) => ({ what: 'costly pages', status: r.status, body: r.body })))
    attack.push(upgradePost('{ syncErrors { invoiceId } connections { id } }').then((r) => ({ what: 'Upgrade: websocket POST', ...r })))
    attack.push(upgradePost('{ syncErrors { invoiceId } }', { upgrade: 'websocket' }).then((r) => ({ what: 'Upgrade header only', ...r })))
  }
  // Meanwhile, the bystander tenant and the probes.
  const bystander: Promise<number>[] = []
  for (let i = 0; i < 10; i++) {
    bystander.push(http(base, 'GET', '/v1/customers/b1', { key: other.apiKey }).then((r) => r.status))
    bystander.push(
      gqlOver(base, other.apiKey, '{ customer(id: "b1") { name } }').then((r) =>
        r.data?.customer?.name === 'Bystander Co' ? r.status : -r.status,
      ),
    )
    bystander.push(http(base, 'GET', '/healthz').then((r) => r.status))
  }
  const answers = await Promise.all(attack)
  const bystanderStatuses = await Promise.all(bystander)

  const wrong = answers.filter((a) => a.status >= 500 || a.status === 200 || /"data":\{/.test(a.body) || INTERNALS.test(a.body))
  t.same(
    wrong.map((a) => `${a.what}: ${a.status} ${a.body.slice(0, 160)}`),
    [],
    'every attack request was refused cleanly',
  )
  t.same(new Set(answers.filter((a) => a.what === '24,000 aliases').map((a) => a.status)), new Set([413]))
  t.same(new Set(answers.filter((a) => a.what.startsWith('Upgrade')).map((a) => a.status)), new Set([401]), 'no key, no answer')
  t.same(new Set(bystanderStatuses), new Set([200]), 'the other tenant and /healthz kept answering')
  t.equal((await http(base, 'GET', '/readyz')).status, 200, '/readyz stayed ready')
  const logGrowth = svc.logs().length - logBefore
  t.ok(logGrowth < 200_000, `the attack added ${logGrowth} bytes of log`)
  t.same(leakedSecrets(svc.logs(), [svc.adminKey, other.apiKey]), [], 'no secret in the logs')
  report('hostile-graphql', {
    attackRequests: answers.length,
    bystanderRequests: bystanderStatuses.length,
    logBytes: logGrowth,
    rssMb: svc.rssMb(),
  })
})
