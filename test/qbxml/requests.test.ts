import t from 'tap'
import { ValidationError } from '../../src/errors.js'
import type { QbInvoice } from '../../src/qbxml/invoice.js'
import { isEmptyPlan, planInvoiceMod, type SyncedInvoice } from '../../src/qbxml/invoice-mod.js'
import { CONSERVATIVE_PROFILE, type CompanyProfile } from '../../src/qbxml/profile.js'
import {
  buildCustomerAdd,
  buildDeletedInvoicesQuery,
  buildInvoiceAdd,
  buildInvoiceMod,
  buildInvoiceQuery,
  buildListDeletedQuery,
  buildListQuery,
  buildMessage,
  buildReceivePaymentAdd,
  buildReceivePaymentQuery,
  buildReceivePaymentsQuery,
} from '../../src/qbxml/requests.js'
import { QbxmlVersionError, QbxmlWriter } from '../../src/qbxml/writer.js'

const GUID = '{3F2504E0-4F89-11D3-9A0C-0305E82C3301}'
const allOn: CompanyProfile = { ...CONSERVATIVE_PROFILE, classTracking: true, salesTax: true, inventorySites: true }

const invoice: QbInvoice = {
  customer: { fullName: 'Acme Plumbing' },
  number: 'INV-1001',
  date: '2026-11-02',
  summary: 'Kitchen sink',
  taxZone: { fullName: 'Travis County' },
  lines: [
    {
      id: 'a',
      item: { fullName: 'Labor' },
      description: 'Two hours',
      quantity: '2',
      unitPrice: '85',
      taxable: false,
      cost: '40',
      businessUnit: { fullName: 'North' },
    },
    {
      id: 'b',
      item: { fullName: 'Parts:Valve' },
      description: 'Valve',
      quantity: '1',
      unitPrice: '19.99',
      taxable: true,
      inventoryLocation: { fullName: 'Van 3' },
    },
  ],
}

const synced: SyncedInvoice = {
  txnId: '1A2B-1712345678',
  editSequence: '1712345678',
  invoice: { ...invoice, lines: invoice.lines.map((l, i) => ({ ...l, id: l.id!, txnLineId: `1A2C-${i}` })) },
}

t.test('InvoiceAdd: elements in schema order, amounts as QuickBooks rounds them, ExternalGUID', async (t) => {
  const xml = buildInvoiceAdd('7', invoice, GUID, allOn).xml
  t.equal(
    xml,
    '<InvoiceAddRq requestID="7"><InvoiceAdd>' +
      '<CustomerRef><FullName>Acme Plumbing</FullName></CustomerRef><TxnDate>2026-11-02</TxnDate><RefNumber>INV-1001</RefNumber>' +
      '<ItemSalesTaxRef><FullName>Travis County</FullName></ItemSalesTaxRef><Memo>Kitchen sink</Memo><ExternalGUID>' +
      GUID +
      '</ExternalGUID>' +
      '<InvoiceLineAdd><ItemRef><FullName>Labor</FullName></ItemRef><Desc>Two hours</Desc><Quantity>2</Quantity><Rate>85</Rate>' +
      '<ClassRef><FullName>North</FullName></ClassRef><Amount>170.00</Amount><SalesTaxCodeRef><FullName>Non</FullName></SalesTaxCodeRef><Other1>40</Other1></InvoiceLineAdd>' +
      '<InvoiceLineAdd><ItemRef><FullName>Parts:Valve</FullName></ItemRef><Desc>Valve</Desc><Quantity>1</Quantity><Rate>19.99</Rate>' +
      '<Amount>19.99</Amount><InventorySiteRef><FullName>Van 3</FullName></InventorySiteRef><SalesTaxCodeRef><FullName>Tax</FullName></SalesTaxCodeRef></InvoiceLineAdd>' +
      '</InvoiceAdd></InvoiceAddRq>',
  )
})

t.test('edition features are sent only when the company has them on', async (t) => {
  const xml = buildInvoiceAdd('1', invoice, GUID, CONSERVATIVE_PROFILE).xml
  for (const element of ['ClassRef', 'ItemSalesTaxRef', 'SalesTaxCodeRef', 'InventorySiteRef'])
    t.notMatch(xml, `<${element}>`, `${element} left out`)
  t.match(
    buildInvoiceAdd('1', invoice, GUID, { ...CONSERVATIVE_PROFILE, salesTax: true, salesTaxCodes: { taxable: 'TX', nonTaxable: 'NT' } })
      .xml,
    '<SalesTaxCodeRef><FullName>NT</FullName></SalesTaxCodeRef>',
    "the company's own code names",
  )
  t.notMatch(
    buildInvoiceAdd('1', invoice, GUID, { ...CONSERVATIVE_PROFILE, costField: null }).xml,
    '<Other1>',
    'cost left out when no field is chosen',
  )
  t.match(buildInvoiceAdd('1', invoice, GUID, { ...CONSERVATIVE_PROFILE, costField: 'Other2' }).xml, '<Other2>40</Other2>')
})

t.test('amounts: exactly two decimals, halves away from zero; quantities never in exponent form', async (t) => {
  const cases: [string, string, string][] = [
    ['2.5', '40.005', '100.01'], // 100.0125
    ['1', '0.005', '0.01'],
    ['3', '0.335', '1.01'], // 1.005
    ['-1', '2.345', '-2.35'],
    ['0.00001', '0.00001', '0.00'],
    ['0.5', '0.01', '0.01'], // 0.005
  ]
  for (const [quantity, unitPrice, amount] of cases) {
    const xml = buildInvoiceAdd('1', { ...invoice, lines: [{ ...invoice.lines[0]!, quantity, unitPrice }] }, GUID, CONSERVATIVE_PROFILE).xml
    t.match(xml, `<Amount>${amount}</Amount>`, `${quantity} x ${unitPrice} = ${amount}`)
    t.notMatch(xml, /<(Quantity|Rate|Amount)>[^<]*[eE]/, 'no exponent')
  }
  const tiny = buildInvoiceAdd(
    '1',
    { ...invoice, lines: [{ ...invoice.lines[0]!, quantity: '0.00001', unitPrice: '1234567890.12345' }] },
    GUID,
    CONSERVATIVE_PROFILE,
  ).xml
  t.match(tiny, '<Quantity>0.00001</Quantity><Rate>1234567890.12345</Rate>')
  t.match(tiny, '<Amount>12345.68</Amount>')
})

t.test('input QuickBooks would refuse never produces a document, and every problem is named', async (t) => {
  const bad: [string, QbInvoice, string[]][] = [
    ['a 12-character invoice number', { ...invoice, number: 'INV-10000001' }, ['number']],
    ['a number that grows past 11 when made storable', { ...invoice, number: 'INV-→→→→' }, ['number']],
    ['a 42-character customer name', { ...invoice, customer: { fullName: 'x'.repeat(42) } }, ['customer.fullName']],
    [
      'a 32-character item name',
      { ...invoice, lines: [{ ...invoice.lines[0]!, item: { fullName: 'Parts:' + 'y'.repeat(32) } }] },
      ['lines.0.item.fullName'],
    ],
    ['a tax zone over 31', { ...invoice, taxZone: { fullName: 'z'.repeat(32) } }, ['taxZone.fullName']],
    ['a quantity with six decimals', { ...invoice, lines: [{ ...invoice.lines[0]!, quantity: '1.000001' }] }, ['lines.0.quantity']],
    ['a price with an exponent', { ...invoice, lines: [{ ...invoice.lines[0]!, unitPrice: '1e3' }] }, ['lines.0.unitPrice']],
    ['an 11-digit quantity', { ...invoice, lines: [{ ...invoice.lines[0]!, quantity: '12345678901' }] }, ['lines.0.quantity']],
    ['an impossible date', { ...invoice, date: '2026-02-30' }, ['date']],
    ['no lines', { ...invoice, lines: [] }, ['lines']],
    ['a line without item', { ...invoice, lines: [{ ...invoice.lines[0]!, item: {} }] }, ['lines.0.item']],
    ['a memo over 4095', { ...invoice, summary: 'm'.repeat(4096) }, ['summary']],
    ['several problems at once', { ...invoice, number: '', date: 'tomorrow' }, ['number', 'date']],
  ]
  for (const [name, value, fields] of bad) {
    const err = t.throws(() => buildInvoiceAdd('1', value, GUID, allOn), ValidationError, name) as ValidationError
    t.same(
      err.fieldErrors.map((e) => e.field),
      fields,
      `${name}: ${err.fieldErrors.map((e) => e.message).join(' ')}`,
    )
  }
  t.throws(() => buildInvoiceAdd('1', invoice, 'not-a-guid', allOn), ValidationError)
  t.throws(() => buildInvoiceAdd('x'.repeat(51), invoice, GUID, allOn), ValidationError, 'requestID over 50')
  t.throws(
    () => buildInvoiceAdd('1', invoice, GUID, { ...allOn, salesTaxCodes: { taxable: 'Taxable', nonTaxable: 'Non' } }),
    ValidationError,
    'tax code names over 3',
  )
  t.throws(() => buildCustomerAdd('1', { name: 'Parent:Child' }, { version: '13.0' }), ValidationError)
})

t.test('text is escaped once and limited to what QuickBooks stores', async (t) => {
  const xml = buildInvoiceAdd('1', { ...invoice, summary: 'A & B <tag> "q" \'s\' ]]> 😀 中 ő\u0007\r\n' }, GUID, CONSERVATIVE_PROFILE).xml
  t.match(xml, '<Memo>A &amp; B &lt;tag&gt; &quot;q&quot; &apos;s&apos; ]]&gt; ? ? o&#13;\n</Memo>')
})

t.test('InvoiceMod: only what changed; kept lines by TxnLineID; new lines as -1; deleted lines left out', async (t) => {
  t.test('no change at all: an empty plan', async (t) => {
    const plan = planInvoiceMod(synced, invoice, allOn)
    t.ok(isEmptyPlan(plan))
    t.equal(
      buildInvoiceMod('1', plan, allOn).xml,
      '<InvoiceModRq requestID="1"><InvoiceMod><TxnID>1A2B-1712345678</TxnID><EditSequence>1712345678</EditSequence></InvoiceMod></InvoiceModRq>',
    )
  })

  t.test('header only: no line element at all, so QuickBooks keeps every line', async (t) => {
    const plan = planInvoiceMod(synced, { ...invoice, number: 'INV-1002', summary: 'Kitchen sink, redone' }, allOn)
    t.equal(plan.lines, null)
    const xml = buildInvoiceMod('1', plan, allOn).xml
    t.match(xml, '<EditSequence>1712345678</EditSequence><RefNumber>INV-1002</RefNumber><Memo>Kitchen sink, redone</Memo></InvoiceMod>')
    t.notMatch(xml, 'InvoiceLineMod')
  })

  t.test('equal decimals written differently are no change', async (t) => {
    const same = { ...invoice, lines: [{ ...invoice.lines[0]!, quantity: '2.00000', unitPrice: '85.0' }, invoice.lines[1]!] }
    t.ok(isEmptyPlan(planInvoiceMod(synced, same, allOn)))
  })

  t.test('one line changed, one deleted, one added', async (t) => {
    const now: QbInvoice = {
      ...invoice,
      lines: [
        { ...invoice.lines[0]!, quantity: '3', description: 'Three hours' },
        { id: 'c', item: { fullName: 'Trip charge' }, description: '', quantity: '1', unitPrice: '45', taxable: false },
      ],
    }
    const xml = buildInvoiceMod('1', planInvoiceMod(synced, now, allOn), allOn).xml
    t.equal(
      xml,
      '<InvoiceModRq requestID="1"><InvoiceMod><TxnID>1A2B-1712345678</TxnID><EditSequence>1712345678</EditSequence>' +
        '<InvoiceLineMod><TxnLineID>1A2C-0</TxnLineID><Desc>Three hours</Desc><Quantity>3</Quantity><Rate>85</Rate><Amount>255.00</Amount></InvoiceLineMod>' +
        '<InvoiceLineMod><TxnLineID>-1</TxnLineID><ItemRef><FullName>Trip charge</FullName></ItemRef><Desc></Desc><Quantity>1</Quantity><Rate>45</Rate>' +
        '<Amount>45.00</Amount><SalesTaxCodeRef><FullName>Non</FullName></SalesTaxCodeRef></InvoiceLineMod>' +
        '</InvoiceMod></InvoiceModRq>',
    )
    t.notMatch(xml, '1A2C-1', 'the deleted line is left out, so QuickBooks deletes it')
  })

  t.test('a line change lists every kept line, unchanged ones by TxnLineID alone', async (t) => {
    const now = { ...invoice, lines: [invoice.lines[0]!, { ...invoice.lines[1]!, taxable: false }] }
    const xml = buildInvoiceMod('1', planInvoiceMod(synced, now, allOn), allOn).xml
    t.match(
      xml,
      '<InvoiceLineMod><TxnLineID>1A2C-0</TxnLineID></InvoiceLineMod><InvoiceLineMod><TxnLineID>1A2C-1</TxnLineID><SalesTaxCodeRef><FullName>Non</FullName></SalesTaxCodeRef></InvoiceLineMod>',
    )
  })

  t.test('removing a value clears it in QuickBooks', async (t) => {
    const now = { ...invoice, lines: [{ ...invoice.lines[0]!, businessUnit: null, cost: null }, invoice.lines[1]!] }
    const xml = buildInvoiceMod('1', planInvoiceMod(synced, now, allOn), allOn).xml
    t.match(xml, '<TxnLineID>1A2C-0</TxnLineID><ClassRef><FullName></FullName></ClassRef><Other1></Other1>')
  })

  t.test('moving lines is a change (QuickBooks keeps the order of the request)', async (t) => {
    const plan = planInvoiceMod(synced, { ...invoice, lines: [invoice.lines[1]!, invoice.lines[0]!] }, allOn)
    t.same(
      plan.lines?.map((l) => l.txnLineId),
      ['1A2C-1', '1A2C-0'],
    )
  })

  t.test('a feature turned off is neither compared nor sent', async (t) => {
    const now = { ...invoice, lines: [{ ...invoice.lines[0]!, businessUnit: { fullName: 'South' } }, invoice.lines[1]!] }
    t.ok(isEmptyPlan(planInvoiceMod(synced, now, CONSERVATIVE_PROFILE)))
  })

  t.test('a stale or missing EditSequence or TxnID is refused', async (t) => {
    const plan = planInvoiceMod(synced, { ...invoice, number: 'X' }, allOn)
    t.throws(() => buildInvoiceMod('1', { ...plan, editSequence: '' }, allOn), ValidationError)
    t.throws(() => buildInvoiceMod('1', { ...plan, editSequence: '1'.repeat(17) }, allOn), ValidationError)
    t.throws(() => buildInvoiceMod('1', { ...plan, txnId: '' }, allOn), ValidationError)
    t.throws(() => buildInvoiceMod('1', { ...plan, lines: [] }, allOn), ValidationError, 'a Mod that would delete every line')
  })
})

t.test('messages: version instruction, onError, unique requestIDs', async (t) => {
  const a = buildInvoiceAdd('a', invoice, GUID, allOn)
  const q = buildInvoiceQuery('b', { by: 'txnId', txnIds: ['1A2B-1712345678'] }, { version: '16.0' })
  const xml = buildMessage([a, q], { version: '16.0', onError: 'stopOnError' })
  t.match(
    xml,
    /^<\?xml version="1\.0" encoding="utf-8"\?><\?qbxml version="16\.0"\?><QBXML><QBXMLMsgsRq onError="stopOnError"><InvoiceAddRq requestID="a">.*<InvoiceQueryRq requestID="b">/,
  )
  t.match(buildMessage([a], { version: '13.0' }), 'onError="continueOnError"', 'continueOnError by default')
  t.throws(() => buildMessage([a, a], { version: '13.0' }), /appears twice/)
})

t.test('queries: by TxnID, by RefNumber, by modified date with iterators', async (t) => {
  t.equal(
    buildInvoiceQuery('1', { by: 'refNumber', refNumbers: ['INV-1001'] }, { version: '13.0' }).xml,
    '<InvoiceQueryRq requestID="1"><RefNumber>INV-1001</RefNumber><IncludeLineItems>true</IncludeLineItems></InvoiceQueryRq>',
  )
  t.equal(
    buildInvoiceQuery(
      '2',
      { by: 'modifiedDate', from: '2026-11-01T08:00:00', maxReturned: 200, iterator: { start: true } },
      { version: '13.0' },
    ).xml,
    '<InvoiceQueryRq requestID="2" iterator="Start"><MaxReturned>200</MaxReturned><ModifiedDateRangeFilter><FromModifiedDate>2026-11-01T08:00:00</FromModifiedDate></ModifiedDateRangeFilter><IncludeLineItems>true</IncludeLineItems></InvoiceQueryRq>',
  )
  t.match(
    buildInvoiceQuery(
      '3',
      { by: 'modifiedDate', from: '2026-11-01T08:00:00', maxReturned: 200, iterator: { continueId: '{ABC}' } },
      { version: '13.0' },
    ).xml,
    'iterator="Continue" iteratorID="{ABC}"',
  )
  t.throws(() => buildInvoiceQuery('4', { by: 'modifiedDate', from: '2026-11-01', maxReturned: 0 }, { version: '13.0' }), ValidationError)
  t.equal(
    buildInvoiceQuery('5', { by: 'modifiedDate', maxReturned: 200, iterator: { start: true } }, { version: '13.0' }).xml,
    '<InvoiceQueryRq requestID="5" iterator="Start"><MaxReturned>200</MaxReturned><IncludeLineItems>true</IncludeLineItems></InvoiceQueryRq>',
    'no date: a first read from the beginning, no empty filter',
  )
})

t.test('deleted invoices: TxnDeletedQuery by deletion date', async (t) => {
  t.equal(
    buildDeletedInvoicesQuery('d1', { from: '2026-11-01T07:55:00' }, { version: '13.0' }).xml,
    '<TxnDeletedQueryRq requestID="d1"><TxnDelType>Invoice</TxnDelType><DeletedDateRangeFilter><FromDeletedDate>2026-11-01T07:55:00</FromDeletedDate></DeletedDateRangeFilter></TxnDeletedQueryRq>',
  )
  t.equal(
    buildDeletedInvoicesQuery('d2', {}, { version: '13.0' }).xml,
    '<TxnDeletedQueryRq requestID="d2"><TxnDelType>Invoice</TxnDelType></TxnDeletedQueryRq>',
  )
  t.throws(() => buildDeletedInvoicesQuery('d3', { from: 'yesterday' }, { version: '13.0' }), ValidationError)
  t.equal(
    buildDeletedInvoicesQuery('d4', {}, { version: '13.0', txn: 'CreditMemo' }).xml,
    '<TxnDeletedQueryRq requestID="d4"><TxnDelType>CreditMemo</TxnDelType></TxnDeletedQueryRq>',
  )
})

t.test('whole lists: ListFilter in the schema order, inactive entries too, an iterator only where the list has one', async (t) => {
  t.equal(
    buildListQuery('CustomerQueryRq', 'lcs-1', { maxReturned: 200, iterator: { start: true } }, { version: '13.0' }).xml,
    '<CustomerQueryRq requestID="lcs-1" iterator="Start"><MaxReturned>200</MaxReturned><ActiveStatus>All</ActiveStatus></CustomerQueryRq>',
  )
  t.equal(
    buildListQuery(
      'ItemQueryRq',
      'lic-2',
      { from: '2026-11-01T07:55:00', to: '2026-11-20T10:00:00', maxReturned: 50, iterator: { continueId: '{IT}' } },
      { version: '13.0' },
    ).xml,
    '<ItemQueryRq requestID="lic-2" iterator="Continue" iteratorID="{IT}"><MaxReturned>50</MaxReturned><ActiveStatus>All</ActiveStatus><FromModifiedDate>2026-11-01T07:55:00</FromModifiedDate><ToModifiedDate>2026-11-20T10:00:00</ToModifiedDate></ItemQueryRq>',
  )
  t.equal(
    buildListQuery('InventorySiteQueryRq', 'lss-3', { from: '2026-11-01T07:55:00' }, { version: '13.0' }).xml,
    '<InventorySiteQueryRq requestID="lss-3"><ActiveStatus>All</ActiveStatus><FromModifiedDate>2026-11-01T07:55:00</FromModifiedDate></InventorySiteQueryRq>',
  )
  t.throws(
    () => buildListQuery('ClassQueryRq', 'x', { maxReturned: 10, iterator: { start: true } }, { version: '13.0' }),
    ValidationError,
    'ClassQuery has no iterator',
  )
  t.throws(
    () => buildListQuery('CustomerQueryRq', 'x', { iterator: { start: true } }, { version: '13.0' }),
    ValidationError,
    'an iterator needs MaxReturned',
  )
  t.throws(() => buildListQuery('CustomerQueryRq', 'x', { from: 'last week' }, { version: '13.0' }), ValidationError)
  t.equal(
    buildListDeletedQuery('lcd-1', ['Customer'], { from: '2026-11-01T07:55:00' }, { version: '13.0' }).xml,
    '<ListDeletedQueryRq requestID="lcd-1"><ListDelType>Customer</ListDelType><DeletedDateRangeFilter><FromDeletedDate>2026-11-01T07:55:00</FromDeletedDate></DeletedDateRangeFilter></ListDeletedQueryRq>',
  )
  t.throws(() => buildListDeletedQuery('x', [], {}, { version: '13.0' }), ValidationError)
})

t.test('the writer refuses an element newer than the message version', async (t) => {
  t.doesNotThrow(() => new QbxmlWriter('13.0').value('ExternalGUID', GUID), 'ExternalGUID (9.0) in a 13.0 message')
  t.throws(() => new QbxmlWriter('8.0' as never).value('ExternalGUID', GUID), QbxmlVersionError, 'ExternalGUID in an 8.0 message')
  t.throws(
    () => new QbxmlWriter('9.0' as never).ref('InventorySiteRef', { fullName: 'Van' }),
    QbxmlVersionError,
    'InventorySiteRef (10.0) in a 9.0 message',
  )
})

t.test('payments: ReceivePaymentAdd applied to an invoice, the lookup by customer and date, the read by modification date', async (t) => {
  const payment = {
    customer: { fullName: 'Acme Plumbing' },
    date: '2026-12-05',
    amount: '50.00',
    method: 'Check',
    reference: '1001',
    memo: null,
    invoiceTxnId: '12-1700000000',
  }
  t.equal(
    buildReceivePaymentAdd('p1', payment, '{6B1F2C1E-8D2A-4A57-9D4C-1F2E3D4C5B6A}', { version: '13.0' }).xml,
    '<ReceivePaymentAddRq requestID="p1"><ReceivePaymentAdd><CustomerRef><FullName>Acme Plumbing</FullName></CustomerRef><TxnDate>2026-12-05</TxnDate><RefNumber>1001</RefNumber><TotalAmount>50.00</TotalAmount><PaymentMethodRef><FullName>Check</FullName></PaymentMethodRef><ExternalGUID>{6B1F2C1E-8D2A-4A57-9D4C-1F2E3D4C5B6A}</ExternalGUID><AppliedToTxnAdd><TxnID>12-1700000000</TxnID><PaymentAmount>50.00</PaymentAmount></AppliedToTxnAdd></ReceivePaymentAdd></ReceivePaymentAddRq>',
  )
  for (const [field, bad] of [
    ['amount', { amount: '50' }],
    ['amount', { amount: '0.00' }],
    ['reference', { reference: 'X'.repeat(21) }],
    ['method', { method: 'M'.repeat(32) }],
  ] as const)
    t.throws(() => buildReceivePaymentAdd('p2', { ...payment, ...bad }, '{X}', { version: '13.0' }), ValidationError, `${field} refused`)
  t.equal(
    buildReceivePaymentQuery('q1', { customer: { fullName: 'Acme & Sons' }, date: '2026-12-05' }, { version: '13.0' }).xml,
    '<ReceivePaymentQueryRq requestID="q1"><TxnDateRangeFilter><FromTxnDate>2026-12-05</FromTxnDate><ToTxnDate>2026-12-05</ToTxnDate></TxnDateRangeFilter><EntityFilter><FullName>Acme &amp; Sons</FullName></EntityFilter></ReceivePaymentQueryRq>',
  )
  t.equal(
    buildReceivePaymentsQuery('m1', { from: '2026-12-01T07:55:00' }, { version: '13.0' }).xml,
    '<ReceivePaymentQueryRq requestID="m1"><ModifiedDateRangeFilter><FromModifiedDate>2026-12-01T07:55:00</FromModifiedDate></ModifiedDateRangeFilter><IncludeLineItems>true</IncludeLineItems><IncludeRetElement>TxnID</IncludeRetElement><IncludeRetElement>TimeModified</IncludeRetElement><IncludeRetElement>AppliedToTxnRet</IncludeRetElement></ReceivePaymentQueryRq>',
  )
})
