// `npm run sandbox:connector`: the simulated company and Web Connector played over real HTTP against
// a listening instance, for a real connection, from its .qwc file and password; the company kept in a
// file between runs.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { describeRun, parseConnectorArgs, playAgainst, readQwc } from '../../src/sandbox/connector.js'
import { SANDBOX_STARTER_ITEMS } from '../../src/sandbox/simulated-company.js'
import { buildTestApp, json } from '../helpers/app.js'
import { exportOverRest } from '../helpers/invoices.js'

t.test('the command line is checked and says what is wrong', async (t) => {
  t.match(parseConnectorArgs(['--qwc', 'a.qwc', '--password', 'pw'], {}), {
    qwc: 'a.qwc',
    password: 'pw',
    runs: 1,
    items: [...SANDBOX_STARTER_ITEMS],
    customers: [],
  })
  t.match(
    parseConnectorArgs(['--qwc', 'a.qwc', '--runs', '3', '--items', 'Labor, Parts', '--url', 'https://x.example/qbwc'], {
      QBWC_PASSWORD: 'env',
    }),
    {
      password: 'env',
      runs: 3,
      items: ['Labor', 'Parts'],
      url: 'https://x.example/qbwc',
    },
  )
  t.throws(() => parseConnectorArgs(['--password', 'pw'], {}), /--qwc is required/)
  t.throws(() => parseConnectorArgs(['--qwc', 'a.qwc'], {}), /--password/)
  t.throws(() => parseConnectorArgs(['--qwc', 'a.qwc', '--password', 'pw', '--runs', '0'], {}), /--runs/)
  t.throws(() => parseConnectorArgs(['--qwc', 'a.qwc', '--password', 'pw', '--url', 'ftp://x'], {}), /--url/)
  t.throws(() => parseConnectorArgs(['--qwc', 'a.qwc', '--pasword', 'pw'], {}), /unknown argument "--pasword"/)
  t.throws(() => parseConnectorArgs(['--qwc', '--password', 'pw'], {}), /--qwc needs a value/)
  t.throws(() => readQwc('<Other/>'), /not a .qwc file/)
  t.match(describeRun({ authenticate: ['', 'nvu'], roundTrips: 0, percents: [] }, 1), /run 1: login refused/)
  t.match(describeRun({ authenticate: ['', 'none'], roundTrips: 0, percents: [] }, 2), /run 2: nothing to do/)
})

t.test('played over HTTP against a listening instance: a real connection exports, then syncs an edit', async (t) => {
  const app = await buildTestApp(t)
  const address = await app.app.listen({ port: 0, host: '127.0.0.1' })
  const dir = await mkdtemp(join(tmpdir(), 'connector-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const api = (options: Parameters<typeof app.request>[0]) => app.request(options)
  await api({ method: 'PUT', url: '/v1/customers/c1', payload: { name: 'Acme Plumbing' } })
  await api({ method: 'PUT', url: '/v1/items/labor', payload: { name: 'Labor', type: 'SERVICE' } })
  const connection = json(await api({ method: 'POST', url: '/v1/connections', payload: { name: 'Staging' } }))
  t.equal(connection.sandbox, false)
  const qwcFile = join(dir, 'staging.qwc')
  await writeFile(qwcFile, connection.qwc)
  t.equal(readQwc(connection.qwc).username, connection.username)

  const [invoice] = await exportOverRest(app.request, connection.id, [
    {
      number: 'ST-1',
      date: '2026-12-01',
      customerId: 'c1',
      lines: [{ itemId: 'labor', description: 'Visit', quantity: '1', unitPrice: '90.00' }],
    },
  ])

  const companyFile = join(dir, 'company.json')
  const args = {
    qwc: qwcFile,
    password: connection.password,
    url: `${address}/qbwc`,
    company: companyFile,
    runs: 1,
    items: ['Labor'],
    customers: [],
  }
  const first = await playAgainst(args)
  t.equal(first.url, `${address}/qbwc`)
  t.match(describeRun(first.runs[0]!, 1), /run 1: 1 round trip\(s\); .*exported/)
  let read = json(await api({ method: 'GET', url: `/v1/invoices/${invoice!.id}` }))
  t.equal(read.sync[0].exportStatus, 'EXPORTED')
  const kept = JSON.parse(await readFile(companyFile, 'utf8'))
  t.equal(kept.invoices.length, 1, 'the company is kept in the file')
  t.equal(kept.invoices[0].refNumber, 'ST-1')

  await api({
    method: 'PATCH',
    url: `/v1/invoices/${invoice!.id}`,
    payload: { expectedVersion: read.version, decision: 'SAVE_AND_SYNC', connectionId: connection.id, summary: 'Visit, done' },
  })
  const second = await playAgainst(args)
  t.match(describeRun(second.runs[0]!, 1), /synced/)
  read = json(await api({ method: 'GET', url: `/v1/invoices/${invoice!.id}` }))
  t.equal(read.sync[0].status, 'SYNCED', 'the second run found the invoice the first one made, and synced the edit')

  const wrong = await playAgainst({ ...args, password: 'not-the-password-at-all' })
  t.same(wrong.runs[0]!.authenticate, ['', 'nvu'])
})
