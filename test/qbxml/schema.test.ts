// Every document the builders produce validates against Intuit's schema, over many generated
// invoices; input QuickBooks would refuse never produces a document.
import t from 'tap'
import { ValidationError } from '../../src/errors.js'
import { checkInvoice, type QbInvoice } from '../../src/qbxml/invoice.js'
import { planInvoiceMod, type SyncedInvoice } from '../../src/qbxml/invoice-mod.js'
import type { QbxmlVersion } from '../../src/qbxml/profile.js'
import {
  buildCustomerAdd,
  buildCustomerQuery,
  buildDeletedInvoicesQuery,
  buildInvoiceAdd,
  buildInvoiceMod,
  buildInvoiceQuery,
  buildItemQuery,
  buildListDeletedQuery,
  buildListQuery,
  buildMessage,
  buildReceivePaymentAdd,
  buildReceivePaymentQuery,
  buildReceivePaymentsQuery,
  LIST_QUERY_ITERATES,
  type QbxmlRequest,
} from '../../src/qbxml/requests.js'
import { toQuickBooksText } from '../../src/qbxml/text.js'
import { child, childText, parseXml } from '../../src/qbxml/xml-parser.js'
import * as gen from '../helpers/generate.js'
import { schemaSkip, validateAgainstSchema } from '../helpers/qbxml.js'

const SEED = Number(process.env.QBXML_SEED ?? 20261121)
const INVOICES = Number(process.env.QBXML_INVOICES ?? 400)

/** A random edit of a synced invoice: changed header fields, changed, removed, added and moved lines. */
function edit(r: gen.Rng, before: QbInvoice): QbInvoice {
  const lines = before.lines
    .filter(() => !r.chance(0.15))
    .map((l) =>
      r.chance(0.3)
        ? {
            ...l,
            quantity: gen.decimal(r, 4, 5),
            description: gen.text(r, 60),
            taxable: !l.taxable,
            cost: r.chance(0.5) ? null : gen.decimal(r, 3, 2),
          }
        : l,
    )
  for (let i = r.int(0, 3); i > 0; i--) lines.push(gen.line(r, `new-${i}-${r.int(0, 1e9)}`))
  if (r.chance(0.1) && lines.length > 1) lines.reverse()
  if (lines.length === 0) lines.push(gen.line(r, 'only'))
  return {
    ...before,
    number: r.chance(0.3) ? gen.name(r, 11) : before.number,
    date: r.chance(0.3) ? gen.date(r) : before.date,
    summary: r.chance(0.3) ? gen.text(r, 200) : before.summary,
    taxZone: r.chance(0.2) ? null : before.taxZone,
    lines: r.chance(0.2) ? before.lines : lines,
  }
}

t.test(`generated invoices validate against the qbXML schema (seed ${SEED}, ${INVOICES} invoices)`, { skip: schemaSkip }, async (t) => {
  const r = gen.rng(SEED)
  const documents: Record<QbxmlVersion, { name: string; xml: string }[]> = { '13.0': [], '14.0': [], '15.0': [], '16.0': [] }
  let refused = 0
  let lines = 0
  for (let n = 0; n < INVOICES; n++) {
    const version: QbxmlVersion = r.chance(0.5) ? '13.0' : '16.0'
    const profile = gen.profile(r, version)
    const invoice = gen.invoice(r)
    const requests: QbxmlRequest[] = []
    const problems = checkInvoice(invoice, profile.costField)
    if (problems.length > 0) {
      // Too long once QuickBooks' character rules apply: refused before any XML exists.
      t.throws(() => buildInvoiceAdd(`add-${n}`, invoice, gen.guid(r), profile), ValidationError)
      refused++
      continue
    }
    const add = buildInvoiceAdd(`add-${n}`, invoice, gen.guid(r), profile)
    requests.push(add)
    lines += invoice.lines.length

    const synced: SyncedInvoice = {
      txnId: `${n}-1700000000`,
      editSequence: String(1700000000 + n),
      invoice: { ...invoice, lines: invoice.lines.map((l, i) => ({ ...l, id: l.id!, txnLineId: `${n}-${i}-1700000000` })) },
    }
    const after = edit(r, invoice)
    if (checkInvoice(after, profile.costField).length === 0)
      requests.push(buildInvoiceMod(`mod-${n}`, planInvoiceMod(synced, after, profile), profile))

    // The same invoice as a credit memo: the same elements under CreditMemo names.
    requests.push(buildInvoiceAdd(`cm-${n}`, invoice, gen.guid(r), profile, 'CreditMemo'))
    if (checkInvoice(after, profile.costField).length === 0)
      requests.push(buildInvoiceMod(`cmm-${n}`, planInvoiceMod(synced, after, profile), profile, 'CreditMemo'))
    requests.push(buildInvoiceQuery(`cmq-${n}`, { by: 'refNumber', refNumbers: [invoice.number] }, { version, txn: 'CreditMemo' }))
    requests.push(buildDeletedInvoicesQuery(`cmd-${n}`, { from: '2026-11-01T07:55:00' }, { version, txn: 'CreditMemo' }))
    requests.push(buildInvoiceQuery(`q-${n}`, { by: 'txnId', txnIds: [synced.txnId] }, { version }))
    requests.push(
      buildInvoiceQuery(`qr-${n}`, { by: 'refNumber', refNumbers: [invoice.number] }, { version, includeLineItems: r.chance(0.5) }),
    )
    requests.push(
      buildInvoiceQuery(
        `qm-${n}`,
        {
          by: 'modifiedDate',
          from: '2026-11-01T00:00:00',
          to: r.chance(0.5) ? '2026-11-02T00:00:00-05:00' : undefined,
          maxReturned: 100,
          iterator: r.pick([undefined, { start: true } as const, { continueId: '{0FA3B3B4-1234-4321-AAAA-BBBBCCCCDDDD}' }]),
        },
        { version },
      ),
    )
    requests.push(
      buildInvoiceQuery(
        `qa-${n}`,
        { by: 'modifiedDate', maxReturned: 200, iterator: { start: true } },
        { version, includeLineItems: true },
      ),
    )
    requests.push(
      buildReceivePaymentAdd(
        `pa-${n}`,
        {
          customer: { fullName: gen.name(r, 41) },
          date: '2026-12-05',
          amount: '125.50',
          method: r.chance(0.5) ? 'Check' : null,
          reference: r.chance(0.5) ? '1001' : null,
          memo: r.chance(0.5) ? gen.name(r, 60) : null,
          invoiceTxnId: synced.txnId,
        },
        gen.guid(r),
        { version },
      ),
    )
    requests.push(buildReceivePaymentQuery(`pq-${n}`, { customer: { fullName: gen.name(r, 41) }, date: '2026-12-05' }, { version }))
    requests.push(buildReceivePaymentsQuery(`pm-${n}`, r.chance(0.5) ? { from: '2026-11-01T07:55:00' } : {}, { version }))
    requests.push(buildDeletedInvoicesQuery(`qd-${n}`, r.chance(0.5) ? { from: '2026-11-01T07:55:00' } : {}, { version }))
    for (const type of ['CustomerQueryRq', 'ItemQueryRq', 'ClassQueryRq', 'SalesTaxCodeQueryRq', 'InventorySiteQueryRq'] as const) {
      const window = {
        ...(r.chance(0.5) ? { from: '2026-11-01T07:55:00' } : {}),
        ...(r.chance(0.3) ? { to: '2026-11-20T10:00:00' } : {}),
      }
      const iterator = LIST_QUERY_ITERATES[type]
        ? r.pick([{ start: true } as const, { continueId: '{0FA3B3B4-1234-4321-AAAA-BBBBCCCCDDDD}' }])
        : undefined
      requests.push(
        buildListDeletedQuery(`ld-${type}-${n}`, ['Customer', 'ItemService', 'ItemSalesTaxGroup', 'Class'], window, { version }),
      )
      requests.push(
        buildListQuery(type, `ls-${type}-${n}`, { ...window, ...(iterator ? { maxReturned: 200, iterator } : {}) }, { version }),
      )
    }
    const customerName = gen.name(r, 41)
    requests.push(buildCustomerQuery(`cq-${n}`, [customerName], { version }))
    requests.push(
      buildCustomerAdd(
        `ca-${n}`,
        {
          name: customerName,
          email: r.chance(0.5) ? 'ap@example.com' : null,
          billAddress: r.chance(0.5) ? { addr1: gen.name(r, 41), city: gen.name(r, 31), postalCode: '78701' } : null,
        },
        { version },
      ),
    )
    requests.push(
      buildItemQuery(
        `iq-${n}`,
        invoice.lines.slice(0, 3).map((l) => l.item.fullName!),
        { version },
      ),
    )

    // Each request alone, and all of them in one message, as a Web Connector round trip sends them.
    for (const request of requests)
      documents[version].push({ name: `seed ${SEED} #${n} ${request.requestId}`, xml: buildMessage([request], { version }) })
    documents[version].push({
      name: `seed ${SEED} #${n} message`,
      xml: buildMessage(requests, { version, onError: r.pick(['continueOnError', 'stopOnError'] as const) }),
    })

    // What we wrote is what QuickBooks will read: our own parser gets the stored text back.
    const parsed = child(child(parseXml(buildMessage([add], { version })), 'QBXMLMsgsRq'), 'InvoiceAddRq')
    t.equal(childText(child(parsed, 'InvoiceAdd'), 'RefNumber'), toQuickBooksText(invoice.number))
  }
  t.ok(refused < INVOICES / 2, `${refused} generated invoices refused before building, ${INVOICES - refused} built with ${lines} lines`)

  for (const version of ['13.0', '16.0'] as const) {
    const docs = documents[version]
    const { failures } = await validateAgainstSchema(docs, version)
    t.same(failures.slice(0, 3), [], `${docs.length} documents validate against qbxmlops${version === '13.0' ? '130' : '160'}.xsd`)
  }
})

t.test('the schema check can fail: documents with a known defect are rejected by xmllint', { skip: schemaSkip }, async (t) => {
  const add = buildInvoiceAdd(
    '1',
    {
      customer: { fullName: 'A' },
      number: '1',
      date: '2026-01-01',
      summary: '',
      lines: [{ item: { fullName: 'I' }, description: 'd', quantity: '1', unitPrice: '1', taxable: false }],
    },
    '{12345678-1234-1234-1234-123456789ABC}',
    { ...gen.profile(gen.rng(1), '13.0'), salesTax: false },
  )
  const good = buildMessage([add], { version: '13.0' })
  const swapped = good.replace(/<TxnDate>(.*?)<\/TxnDate><RefNumber>(.*?)<\/RefNumber>/, '<RefNumber>$2</RefNumber><TxnDate>$1</TxnDate>')
  const oneDecimal = good.replace('<Amount>1.00</Amount>', '<Amount>1.0</Amount>')
  const { failures } = await validateAgainstSchema(
    [
      { name: 'good', xml: good },
      { name: 'swapped', xml: swapped },
      { name: 'one-decimal', xml: oneDecimal },
    ],
    '13.0',
  )
  t.same(failures.map((f) => f.name).sort(), ['one-decimal', 'swapped'])
})
