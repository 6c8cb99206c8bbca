// The README's "From zero to SYNCED in ten commands", written with the generated client: `tsc
// --noEmit` compiles it against the types generated from openapi.yaml (a renamed field or route
// breaks the build), and test/client/readme-story.test.ts runs it against a listening instance.
import type { InvoiceSyncClient } from './index.js'

/** Fails with what the service said when an answer is not a success. */
function ok<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined) throw new Error(`${answer.response.status}: ${JSON.stringify(answer.error)}`)
  return answer.data
}

export async function readmeStory(api: InvoiceSyncClient, options: { webhookUrl: string }) {
  // 2. Reference data, under the app's own ids.
  ok(await api.PUT('/v1/customers/{id}', { params: { path: { id: 'c1' } }, body: { name: 'Acme Plumbing' } }))
  ok(await api.PUT('/v1/items/{id}', { params: { path: { id: 'labor' } }, body: { name: 'Labor', type: 'SERVICE' } }))
  // 3. A sandbox connection.
  const connection = ok(await api.POST('/v1/connections', { body: { name: 'Trial', sandbox: true } }))
  // 4. A webhook endpoint.
  const endpoint = ok(
    await api.POST('/v1/webhook-endpoints', {
      body: { url: options.webhookUrl, events: ['invoice.exported', 'invoice.sync_status_changed'] },
    }),
  )
  // 5. An invoice.
  const invoice = ok(
    await api.POST('/v1/invoices', {
      body: {
        number: '1001',
        date: '2026-12-01',
        customerId: 'c1',
        lines: [{ itemId: 'labor', description: 'Fix the sink', quantity: '2', unitPrice: '85.00' }],
      },
    }),
  )
  // 6. Posted in a batch, exported to the sandbox's company file.
  const batch = ok(await api.POST('/v1/batches', { body: { invoiceIds: [invoice.id] } }))
  ok(await api.POST('/v1/batches/{id}/post', { params: { path: { id: batch.id } } }))
  ok(await api.POST('/v1/batches/{id}/export', { params: { path: { id: batch.id } }, body: { connectionId: connection.id } }))
  // 7. The Web Connector runs: QuickBooks gets the invoice.
  const exported = ok(await api.POST('/v1/connections/{id}/run', { params: { path: { id: connection.id } } }))
  // 8. Edited and saved with Save & Sync.
  const current = ok(await api.GET('/v1/invoices/{id}', { params: { path: { id: invoice.id } } }))
  ok(
    await api.PATCH('/v1/invoices/{id}', {
      params: { path: { id: invoice.id } },
      body: {
        expectedVersion: current.version,
        decision: 'SAVE_AND_SYNC',
        connectionId: connection.id,
        summary: 'Fix the sink and the tap',
      },
    }),
  )
  // 9. The Web Connector runs again: QuickBooks takes the change.
  const synced = ok(await api.POST('/v1/connections/{id}/run', { params: { path: { id: connection.id } } }))
  // 10. The invoice is SYNCED.
  const final = ok(await api.GET('/v1/invoices/{id}', { params: { path: { id: invoice.id } } }))
  return { connection, endpoint, invoice: final, runs: [exported, synced] }
}
