// The simulated company's own rules, in memory: its state survives a round trip through JSON, an
// edit made in its invoice form works out amounts as QuickBooks does and refuses what QuickBooks
// would not save, and a full company refuses adds.
import t from 'tap'
import { SimulatedCompany, type SimulatedEditError } from '../../src/sandbox/simulated-company.js'

const add = (ref: string, lines: string) =>
  `<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="continueOnError"><InvoiceAddRq requestID="1"><InvoiceAdd><CustomerRef><FullName>Acme</FullName></CustomerRef><TxnDate>2026-12-01</TxnDate><RefNumber>${ref}</RefNumber>${lines}</InvoiceAdd></InvoiceAddRq></QBXMLMsgsRq></QBXML>`
const line = (item: string, qty: string, rate: string, amount: string) =>
  `<InvoiceLineAdd><ItemRef><FullName>${item}</FullName></ItemRef><Desc>x</Desc><Quantity>${qty}</Quantity><Rate>${rate}</Rate><Amount>${amount}</Amount></InvoiceLineAdd>`

t.test('state() and restore() keep everything a run needs', async (t) => {
  const company = new SimulatedCompany({ record: false, customers: ['Acme'], items: ['Labor'], clock: Date.UTC(2026, 11, 1) })
  t.match(company.process(add('A-1', line('Labor', '2', '10.00', '20.00'))), /statusCode="0"/)
  const txnId = [...company.invoices.keys()][0]!
  company.receivePayment(txnId, '5.00')
  company.lockedRequests = 2
  company.deleteListEntryInQuickBooks('items', 'Labor')
  const copy = SimulatedCompany.restore(JSON.parse(JSON.stringify(company.state())))
  t.same(copy.state(), company.state(), 'the same state back')
  t.equal(copy.lockedRequests, 2)
  t.notOk(copy.items.has('labor'))
  t.equal(copy.deletedListEntries.length, 1)
  // Counters go on where they stopped: the next add gets a new TxnID, not one given out before.
  copy.items.add('Labor')
  t.match(copy.process(add('A-2', line('Labor', '1', '1.00', '1.00'))), /statusCode="3175"/, 'a record still held open')
  copy.lockedRequests = 0
  t.match(copy.process(add('A-2', line('Labor', '1', '1.00', '1.00'))), /statusCode="0"/)
  t.equal(new Set(copy.invoices.keys()).size, 2)
  t.throws(() => SimulatedCompany.restore({ ...company.state(), format: 2 as 1 }), /unknown simulated company format/)
})

t.test("an edit in QuickBooks' invoice form", async (t) => {
  const company = new SimulatedCompany({ record: false, customers: ['Acme'], items: ['Labor'] })
  company.process(add('A-1', line('Labor', '2', '10.00', '20.00') + line('Labor', '1', '5.00', '5.00')))
  const txnId = [...company.invoices.keys()][0]!
  const before = company.invoices.get(txnId)!.editSequence
  company.editInvoiceForm(txnId, { memo: 'm', lines: [{ line: 1, quantity: '3', rate: '3.335' }] })
  const invoice = company.invoices.get(txnId)!
  t.equal(invoice.lines[0]!.amount, '10.01', 'quantity x rate, rounded to the cent')
  t.equal(company.totalOf(invoice), '15.01')
  t.not(invoice.editSequence, before, 'the EditSequence moves on')
  const code = (fn: () => void) => {
    try {
      fn()
      return 'saved'
    } catch (err) {
      return (err as SimulatedEditError).code
    }
  }
  t.equal(
    code(() => company.editInvoiceForm(txnId, { lines: [{ line: 3, description: 'x' }] })),
    'NO_SUCH_LINE',
  )
  t.equal(
    code(() => company.editInvoiceForm(txnId, { lines: [{ line: 1, rate: '1e3' }] })),
    'INVALID_DECIMAL',
  )
  t.equal(
    code(() => company.editInvoiceForm(txnId, { lines: [{ line: 1, rate: '-20' }] })),
    'NEGATIVE_TOTAL',
  )
  t.equal(
    code(() => company.editInvoiceForm('nope', { memo: 'x' })),
    'NOT_IN_COMPANY',
  )
  t.equal(company.invoices.get(txnId)!.lines[0]!.rate, '3.335', 'a refused edit changes nothing')
})

t.test('a full company refuses adds as QuickBooks refuses a save (3180)', async (t) => {
  const company = new SimulatedCompany({ record: false, customers: ['Acme'], items: ['Labor'], capacity: 1 })
  t.match(company.process(add('A-1', line('Labor', '1', '1.00', '1.00'))), /statusCode="0"/)
  t.match(company.process(add('A-2', line('Labor', '1', '1.00', '1.00'))), /statusCode="3180"[^>]*full \(1 transactions or list entries\)/)
})

t.test('an InvoiceMod QuickBooks refuses (an unknown line) changes nothing', async (t) => {
  const company = new SimulatedCompany({ record: false, customers: ['Acme'], items: ['Labor'] })
  company.process(add('A-1', line('Labor', '2', '10.00', '20.00')))
  const invoice = [...company.invoices.values()][0]!
  const before = structuredClone(invoice)
  const mod = `<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="continueOnError"><InvoiceModRq requestID="1"><InvoiceMod><TxnID>${invoice.txnId}</TxnID><EditSequence>${invoice.editSequence}</EditSequence><RefNumber>CHANGED</RefNumber><Memo>changed</Memo><InvoiceLineMod><TxnLineID>${invoice.lines[0]!.txnLineId}</TxnLineID><Desc>changed desc</Desc></InvoiceLineMod><InvoiceLineMod><TxnLineID>NOPE</TxnLineID><Desc>x</Desc></InvoiceLineMod></InvoiceMod></InvoiceModRq></QBXMLMsgsRq></QBXML>`
  t.match(company.process(mod), /statusCode="3120"/)
  t.same(company.invoices.get(invoice.txnId), before)
})
