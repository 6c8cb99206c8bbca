// The REST batch door on the real database: create, read, post, unpost, export, bypass the
// export; each refusal as problem+json with its code; every response checked against openapi.yaml.
import t, { type Test } from 'tap'
import { buildTestApp, json } from '../helpers/app.js'
import { ADMIN, EDITOR, scenario } from '../helpers/invoices.js'
import { checkedRequest } from '../helpers/openapi.js'

async function setup(t: Test) {
  const app = await buildTestApp(t)
  const s = await scenario(app)
  const api = checkedRequest(t, app)
  let n = 0
  const invoice = async (lines = true) =>
    json(
      await api({
        method: 'POST',
        url: '/v1/invoices',
        payload: {
          number: `B-${++n}`,
          date: '2026-11-02',
          customerId: 'c1',
          lines: lines ? [{ itemId: 'labor', quantity: '1', unitPrice: '10.00' }] : [],
        },
      }),
    ).id as string
  return { app, s, api, invoice }
}

t.test('a batch goes OPEN -> POSTED -> (unposted) -> POSTED -> EXPORT_QUEUED; its invoices follow', async (t) => {
  const { api, invoice, s } = await setup(t)
  const withLines = await invoice()
  const empty = await invoice(false)
  const created = await api({ method: 'POST', url: '/v1/batches', payload: { invoiceIds: [withLines, empty] } })
  t.equal(created.statusCode, 201)
  const batch = json(created)
  t.equal(created.headers.location, `/v1/batches/${batch.id}`)
  t.match(batch, { status: 'OPEN', connectionId: null, invoiceIds: [withLines, empty], skipped: [] })
  t.same(json(await api({ method: 'GET', url: `/v1/batches/${batch.id}` })), batch, 'GET reads the same batch')
  t.equal(json(await api({ method: 'GET', url: `/v1/invoices/${withLines}` })).batchId, batch.id)

  const posted = await api({ method: 'POST', url: `/v1/batches/${batch.id}/post` })
  t.equal(posted.statusCode, 200)
  t.equal(json(posted).status, 'POSTED')
  t.equal(json(await api({ method: 'GET', url: `/v1/invoices/${withLines}` })).status, 'POSTED')

  const again = await api({ method: 'POST', url: `/v1/batches/${batch.id}/post` })
  t.equal(again.statusCode, 409)
  t.match(json(again), { code: 'INVALID_BATCH_STATE', errors: [{ field: 'id' }] })

  t.equal(json(await api({ method: 'POST', url: `/v1/batches/${batch.id}/unpost` })).status, 'OPEN')
  t.equal(json(await api({ method: 'GET', url: `/v1/invoices/${withLines}` })).status, 'PENDING', 'unposting frees the invoices')

  const notPosted = await api({ method: 'POST', url: `/v1/batches/${batch.id}/export`, payload: { connectionId: s.connectionId } })
  t.equal(notPosted.statusCode, 409, 'an open batch is not exported')
  await api({ method: 'POST', url: `/v1/batches/${batch.id}/post` })

  const noConnection = await api({ method: 'POST', url: `/v1/batches/${batch.id}/export`, payload: {} })
  t.equal(noConnection.statusCode, 400)
  t.match(json(noConnection), { code: 'VALIDATION_FAILED', errors: [{ field: 'connectionId', code: 'REQUIRED' }] })
  const unknownConnection = await api({
    method: 'POST',
    url: `/v1/batches/${batch.id}/export`,
    payload: { connectionId: '00000000-0000-4000-8000-000000000000' },
  })
  t.equal(unknownConnection.statusCode, 404)
  t.equal(json(unknownConnection).code, 'CONNECTION_NOT_FOUND')

  const exported = await api({ method: 'POST', url: `/v1/batches/${batch.id}/export`, payload: { connectionId: s.connectionId } })
  t.equal(exported.statusCode, 200)
  t.match(json(exported), { status: 'EXPORT_QUEUED', connectionId: s.connectionId, skipped: [{ invoiceId: empty, reason: /no lines/ }] })
  const queued = json(await api({ method: 'GET', url: `/v1/invoices/${withLines}` }))
  t.match(
    queued,
    { status: 'POSTED', sync: [{ connectionId: s.connectionId, exportStatus: 'QUEUED' }] },
    'EXPORTED only once QuickBooks confirms',
  )
})

t.test('invoices that cannot go into a batch are named; unknown batches are 404', async (t) => {
  const { api, invoice } = await setup(t)
  const first = await invoice()
  await api({ method: 'POST', url: '/v1/batches', payload: { invoiceIds: [first] } })
  const taken = await api({ method: 'POST', url: '/v1/batches', payload: { invoiceIds: [first] } })
  t.equal(taken.statusCode, 422)
  t.match(json(taken), { code: 'INVOICE_IN_BATCH', errors: [{ field: 'invoiceIds.0' }] })
  const missing = await api({ method: 'POST', url: '/v1/batches', payload: { invoiceIds: ['00000000-0000-4000-8000-000000000000'] } })
  t.equal(missing.statusCode, 422)
  t.equal(json(missing).code, 'INVOICE_NOT_FOUND')
  const invalid = await api({ method: 'POST', url: '/v1/batches', payload: { invoiceIds: [] } })
  t.equal(invalid.statusCode, 400)
  t.match(json(invalid), { code: 'VALIDATION_FAILED', errors: [{ field: 'invoiceIds' }] })

  for (const url of ['/v1/batches/00000000-0000-4000-8000-000000000000', '/v1/batches/nope']) {
    const res = await api({ method: 'GET', url })
    t.equal(res.statusCode, 404)
    t.equal(json(res).code, 'BATCH_NOT_FOUND')
  }
  const postMissing = await api({ method: 'POST', url: '/v1/batches/00000000-0000-4000-8000-000000000000/post' })
  t.equal(postMissing.statusCode, 404)
})

t.test('bypass-export: administrators only; the invoices become EXPORTED without being sent', async (t) => {
  const { api, invoice, s } = await setup(t)
  const id = await invoice()
  const batch = json(await api({ method: 'POST', url: '/v1/batches', payload: { invoiceIds: [id] } }))
  const byEditor = await api({
    method: 'POST',
    url: `/v1/batches/${batch.id}/bypass-export`,
    headers: { 'x-user-id': EDITOR },
    payload: { connectionId: s.connectionId },
  })
  t.equal(byEditor.statusCode, 403)
  t.equal(json(byEditor).code, 'PERMISSION_DENIED')
  const bypassed = await api({
    method: 'POST',
    url: `/v1/batches/${batch.id}/bypass-export`,
    headers: { 'x-user-id': ADMIN },
    payload: { connectionId: s.connectionId },
  })
  t.equal(bypassed.statusCode, 200)
  t.match(json(bypassed), { status: 'EXPORT_BYPASSED', connectionId: s.connectionId })
  t.match(json(await api({ method: 'GET', url: `/v1/invoices/${id}` })), {
    status: 'EXPORTED',
    exportBypassed: true,
    sync: [{ exportStatus: 'BYPASSED' }],
  })
  const twice = await api({ method: 'POST', url: `/v1/batches/${batch.id}/bypass-export`, headers: { 'x-user-id': ADMIN } })
  t.equal(twice.statusCode, 409)
})

t.test('an export warns DUPLICATE_NUMBER for a number the company file already has; an edit to such a number too', async (t) => {
  const { s, api } = await setup(t)
  const make = async (number: string) =>
    json(
      await api({
        method: 'POST',
        url: '/v1/invoices',
        payload: { number, date: '2026-11-02', customerId: 'c1', lines: [{ itemId: 'labor', quantity: '1', unitPrice: '10.00' }] },
      }),
    ) as { id: string; version: number }
  const first = await make('D-1')
  await s.exportAndConfirm(first.id)
  const again = await make('d-1')
  const other = await make('D-2')
  const batch = JSON.parse((await api({ method: 'POST', url: '/v1/batches', payload: { invoiceIds: [again.id, other.id] } })).body)
  await api({ method: 'POST', url: `/v1/batches/${batch.id}/post` })
  const exported = await api({ method: 'POST', url: `/v1/batches/${batch.id}/export`, payload: { connectionId: s.connectionId } })
  t.equal(exported.statusCode, 200)
  const warnings = JSON.parse(exported.body).warnings
  t.match(
    warnings,
    [{ invoiceId: again.id, code: 'DUPLICATE_NUMBER', message: /"d-1" is also used by another invoice/ }],
    'ignoring case, as QuickBooks',
  )
  t.equal(warnings.length, 1, 'D-2 is alone')
  // An invoice not exported yet renamed to D-1: a warning with the saved edit (it may go to any company file).
  const third = await make('D-3')
  const edited = await s.gql(
    'mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { warnings { code message } userErrors { code } } }',
    { input: { id: third.id, expectedVersion: 1, number: 'D-1' } },
    { userId: EDITOR },
  )
  t.same(edited.data!.updateInvoice.userErrors, [])
  t.match(edited.data!.updateInvoice.warnings, [{ code: 'DUPLICATE_NUMBER', message: /2 other invoices/ }])
})
