// Setting the scene for invoice tests: reference data, users, a connection, invoices exported and
// confirmed the way the Web Connector endpoint confirms them (sync-results.ts).

import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { LightMyRequestResponse } from 'fastify'
import { contentOf, type InvoiceContent } from '../../src/invoices/invoice-model.js'
import { createInvoiceRepository } from '../../src/invoices/invoice-repository.js'
import { blankInvoiceRet, blankLineRet, type QbInvoiceRet } from '../../src/qbxml/responses.js'
import { createSyncResults } from '../../src/sync/sync-results.js'
import { json, type TestApp } from './app.js'
import { confirm } from './confirm.js'
import { FakeQuickBooks } from './fake-quickbooks.js'

export const EDITOR = 'dana'
export const CLERK = 'sam'
export const ADMIN = 'alex'

export interface GqlResult {
  data?: Record<string, any>
  errors?: { message: string; extensions?: Record<string, any> }[]
}

export function gqlClient(t: TestApp) {
  return async (
    query: string,
    variables: Record<string, unknown> = {},
    options: { as?: string | null; userId?: string } = {},
  ): Promise<GqlResult & { status: number }> => {
    const res: LightMyRequestResponse = await t.request({
      method: 'POST',
      url: '/graphql',
      as: options.as,
      headers: options.userId ? { 'x-user-id': options.userId } : {},
      payload: { query, variables },
    })
    return { status: res.statusCode, ...json<GqlResult>(res) }
  }
}

/** The updateInvoice mutation the tests send (Save & Sync, Save & Bypass). */
export const UPDATE_INVOICE = `mutation($input: UpdateInvoiceInput!) { updateInvoice(input: $input) { invoice { id version syncStatus } userErrors { field code message } } }`

export const INVOICE_FIELDS = `id number date customerId taxZoneId summary isAfp status version total syncStatus exportBypassed unlocked
  lines { id itemId description taxable quantity unitPrice cost amount businessUnitId inventoryLocationId }
  sync { connectionId exportStatus status qbTxnId qbTxnType qbEditSequence lastError { code message fix helpUrl objects { kind name } } }`

export async function seedReferenceData(t: TestApp): Promise<void> {
  const put = (url: string, payload: object) => t.request({ method: 'PUT', url, payload })
  await put('/v1/customers/c1', { name: 'Acme Plumbing' })
  await put('/v1/customers/c2', { name: 'Bolt Electric' })
  await put('/v1/items/labor', { name: 'Labor', type: 'SERVICE' })
  await put('/v1/items/pipe', { name: 'Pipe', type: 'INVENTORY' })
  await put('/v1/tax-zones/tx', { name: 'Travis County', rate: '8.25' })
  await put('/v1/business-units/north', { name: 'North' })
  await put('/v1/inventory-locations/van3', { name: 'Van 3' })
  await put('/v1/invoice-types/service', { name: 'Service call' })
  await put(`/v1/users/${EDITOR}`, { name: 'Dana Office', permissions: ['editExportedTransactions'] })
  await put(`/v1/users/${CLERK}`, { name: 'Sam Clerk', permissions: [] })
  await put(`/v1/users/${ADMIN}`, { name: 'Alex Admin', permissions: ['admin', 'editExportedTransactions'] })
}

export interface Scenario {
  gql: ReturnType<typeof gqlClient>
  connectionId: string
  createInvoice(input?: Record<string, unknown>): Promise<Record<string, any>>
  /** Batch, post, export to the connection, and QuickBooks confirms the add. */
  exportAndConfirm(invoiceId: string): Promise<Record<string, any>>
  /** QuickBooks confirms an InvoiceMod of the invoice as it is now, or as it was at `sent`. */
  confirmMod(invoiceId: string, sent?: { version: number; content: InvoiceContent }): Promise<void>
  /** The Web Connector took the pending change (what the endpoint records when it sends a request). */
  markInFlight(invoiceId: string): Promise<{ version: number; content: InvoiceContent }>
  refuse(invoiceId: string, error: { code: string; message: string; objects?: { kind: string; name: string }[] }): Promise<void>
  invoice(id: string): Promise<Record<string, any>>
}

let txnCounter = 1000

export async function scenario(t: TestApp): Promise<Scenario> {
  await seedReferenceData(t)
  const gql = gqlClient(t)
  const created = await gql(
    'mutation($input: CreateConnectionInput!) { createConnection(input: $input) { connection { id } userErrors { code message } } }',
    { input: { name: 'Main office' } },
  )
  const connectionId = created.data!.createConnection.connection.id as string
  const repo = createInvoiceRepository(t.database.db)
  const results = createSyncResults(t.database.db)

  const fakeRet = (invoiceId: string, lineCount: number, editSequence: string): QbInvoiceRet =>
    blankInvoiceRet({
      txnId: `TXN-${invoiceId.slice(0, 8)}`,
      editSequence,
      txnNumber: txnCounter++,
      lines: Array.from({ length: lineCount }, (_, i) => blankLineRet(`LINE-${txnCounter}-${i}`)),
    })

  const s: Scenario = {
    gql,
    connectionId,
    async createInvoice(input = {}) {
      const r = await gql(
        `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { ${INVOICE_FIELDS} } userErrors { field code message } } }`,
        {
          input: {
            number: `INV-${txnCounter++}`,
            date: '2026-11-02',
            customerId: 'c1',
            taxZoneId: 'tx',
            summary: 'Kitchen sink',
            lines: [
              { itemId: 'labor', description: 'Two hours', quantity: '2', unitPrice: '85.00', taxable: false, businessUnitId: 'north' },
              { itemId: 'pipe', description: 'Copper pipe', quantity: '3', unitPrice: '12.50', taxable: true, inventoryLocationId: 'van3' },
            ],
            ...input,
          },
        },
      )
      if (!r.data?.createInvoice.invoice) throw new Error(`createInvoice failed: ${JSON.stringify(r)}`)
      return r.data.createInvoice.invoice
    },
    async exportAndConfirm(invoiceId) {
      const batch = await gql(
        'mutation($input: CreateBatchInput!) { createBatch(input: $input) { batch { id } userErrors { code message } } }',
        { input: { invoiceIds: [invoiceId] } },
      )
      const batchId = batch.data!.createBatch.batch.id
      await gql('mutation($id: ID!) { postBatch(input: { id: $id }) { userErrors { code } } }', { id: batchId })
      const exported = await gql(
        'mutation($id: ID!, $c: ID!) { exportBatch(input: { id: $id, connectionId: $c }) { batch { status } userErrors { code message } } }',
        { id: batchId, c: connectionId },
      )
      if (exported.data?.exportBatch.batch?.status !== 'EXPORT_QUEUED') throw new Error(`export failed: ${JSON.stringify(exported)}`)
      const invoice = (await repo.find((await tenantOf(invoiceId))!, invoiceId))!
      await confirm(t.database.db, results, [
        {
          ctx: { tenantId: invoice.tenantId, invoiceId, connectionId },
          kind: 'ADD',
          sent: { version: invoice.version, content: contentOf(invoice) },
          ret: fakeRet(invoiceId, invoice.lines.length, '1700000000'),
        },
      ])
      return s.invoice(invoiceId)
    },
    async confirmMod(invoiceId, sent) {
      const invoice = (await repo.find((await tenantOf(invoiceId))!, invoiceId))!
      const what = sent ?? { version: invoice.version, content: contentOf(invoice) }
      await confirm(t.database.db, results, [
        {
          ctx: { tenantId: invoice.tenantId, invoiceId, connectionId },
          kind: 'MOD',
          sent: what,
          ret: fakeRet(invoiceId, what.content.lines.length, String(1700000000 + what.version)),
        },
      ])
    },
    async markInFlight(invoiceId) {
      const invoice = (await repo.find((await tenantOf(invoiceId))!, invoiceId))!
      await t.database.db.execute(
        sql`update invoice_sync_states set in_flight_attempt_id = ${randomUUID()} where invoice_id = ${invoiceId}`,
      )
      return { version: invoice.version, content: contentOf(invoice) }
    },
    async refuse(invoiceId, error) {
      const tenantId = (await tenantOf(invoiceId))!
      await results.refused(
        { tenantId, invoiceId, connectionId },
        {
          code: error.code,
          category: 'needs-user-action',
          title: 'x',
          message: error.message,
          fix: 'Create it in QuickBooks, then Re-Sync.',
          helpPath: `/help/quickbooks-errors#${error.code}`,
          quickBooksMessage: '',
          objects: error.objects ?? [],
          known: true,
        },
        `http://localhost/help/quickbooks-errors#${error.code}`,
      )
    },
    async invoice(id) {
      const r = await gql(`query($id: ID!) { invoice(id: $id) { ${INVOICE_FIELDS} } }`, { id })
      return r.data!.invoice
    },
  }

  async function tenantOf(invoiceId: string): Promise<string | undefined> {
    const r = (await t.database.db.execute(`select tenant_id from invoices where id = '${invoiceId}'`)) as unknown as {
      rows: { tenant_id: string }[]
    }
    return r.rows[0]?.tenant_id
  }
  return s
}

/**
 * A scenario with a second connection ("Front desk") for a Web Connector to log in to, a strict fake
 * QuickBooks company, and a way to export an invoice to that connection (QuickBooks has it only
 * once a session has run).
 */
export async function webConnectorScenario(app: TestApp) {
  const s = await scenario(app)
  const created = await s.gql('mutation { createConnection(input: { name: "Front desk" }) { connection { id username } password qwc } }')
  const { connection, password, qwc } = created.data!.createConnection
  // The company file holds the lists the scene's reference data names (seedReferenceData).
  const qb = new FakeQuickBooks({
    items: ['Labor', 'Pipe'],
    classes: ['North', 'South'],
    salesTaxItems: ['Travis County', 'Williamson County'],
    sites: ['Van 3'],
  })
  const credentials = { username: connection.username as string, password: password as string }
  const exportInvoice = async (input: Record<string, unknown> = {}) => {
    const invoice = await s.createInvoice(input)
    const batch = (
      await s.gql('mutation($ids: [ID!]!) { createBatch(input: { invoiceIds: $ids }) { batch { id } } }', { ids: [invoice.id] })
    ).data!.createBatch.batch
    await s.gql('mutation($id: ID!) { postBatch(input: { id: $id }) { batch { id } } }', { id: batch.id })
    await s.gql('mutation($id: ID!, $c: ID!) { exportBatch(input: { id: $id, connectionId: $c }) { batch { id } } }', {
      id: batch.id,
      c: connection.id,
    })
    return invoice
  }
  return { s, qb, credentials, connectionId: connection.id as string, qwc: qwc as string, exportInvoice }
}

/**
 * Invoices created through REST, posted in one batch and exported to the connection, as an
 * integrator does it (three requests after the invoices); the created invoices, in order.
 */
export async function exportOverRest(
  request: TestApp['request'],
  connectionId: string,
  bodies: Record<string, unknown>[],
): Promise<Record<string, any>[]> {
  const invoices = []
  for (const payload of bodies) invoices.push(json(await request({ method: 'POST', url: '/v1/invoices', payload })))
  const batch = json(await request({ method: 'POST', url: '/v1/batches', payload: { invoiceIds: invoices.map((i) => i.id) } }))
  await request({ method: 'POST', url: `/v1/batches/${batch.id}/post` })
  await request({ method: 'POST', url: `/v1/batches/${batch.id}/export`, payload: { connectionId } })
  return invoices
}
