// `npm run bench:qbxml`: 10-line InvoiceMod documents built per second and InvoiceModRs answers
// parsed per second, on one core (this process' main thread), next to xmlbuilder2 for the record.
// Targets on Node 20: >= 20,000 built/s and >= 10,000 parsed/s.
import { cpus } from 'node:os'
import { create, createCB } from 'xmlbuilder2'
import type { QbInvoice } from '../src/qbxml/invoice.js'
import { planInvoiceMod, type SyncedInvoice } from '../src/qbxml/invoice-mod.js'
import { CONSERVATIVE_PROFILE, type CompanyProfile } from '../src/qbxml/profile.js'
import { buildInvoiceMod, buildMessage } from '../src/qbxml/requests.js'
import { parseResponseMessage } from '../src/qbxml/responses.js'

const profile: CompanyProfile = { ...CONSERVATIVE_PROFILE, salesTax: true, classTracking: true }
const LINES = 10

const before: QbInvoice = {
  customer: { listId: '80000013-1416570432', fullName: 'Acme Plumbing & Heating' },
  number: 'INV-10045',
  date: '2026-11-02',
  summary: 'Kitchen remodel, phase 2',
  taxZone: { fullName: 'Travis County' },
  lines: Array.from({ length: LINES }, (_, i) => ({
    id: `line-${i}`,
    item: { fullName: i % 2 ? 'Parts:Valve 1/2"' : 'Labor' },
    description: `Line ${i}: work <on site> & parts`,
    quantity: '2.5',
    unitPrice: '40.005',
    taxable: i % 3 === 0,
    cost: '12.5',
    businessUnit: { fullName: 'North' },
  })),
}
const synced: SyncedInvoice = {
  txnId: '1A2B-1712345678',
  editSequence: '1712345678',
  invoice: { ...before, lines: before.lines.map((l, i) => ({ ...l, id: l.id!, txnLineId: `1A2C-${1712345600 + i}` })) },
}
// Every line changed (quantity, description), so the document carries all 10 InvoiceLineMod.
const after: QbInvoice = {
  ...before,
  summary: 'Kitchen remodel, phase 2 (revised)',
  lines: before.lines.map((l, i) => ({ ...l, quantity: String(3 + i), description: `${l.description} (revised)` })),
}

function buildOurs(): string {
  return buildMessage([buildInvoiceMod('mod-1', planInvoiceMod(synced, after, profile), profile)], { version: '13.0' })
}

const sample = buildOurs()

function xmlbuilder2Dom(): string {
  const doc = create({ version: '1.0', encoding: 'utf-8' })
    .ins('qbxml', 'version="13.0"')
    .ele('QBXML')
    .ele('QBXMLMsgsRq', { onError: 'continueOnError' })
    .ele('InvoiceModRq', { requestID: 'mod-1' })
    .ele('InvoiceMod')
  doc.ele('TxnID').txt(synced.txnId).up().ele('EditSequence').txt(synced.editSequence).up().ele('Memo').txt(after.summary).up()
  after.lines.forEach((l, i) => {
    doc
      .ele('InvoiceLineMod')
      .ele('TxnLineID')
      .txt(`1A2C-${i}`)
      .up()
      .ele('Desc')
      .txt(l.description)
      .up()
      .ele('Quantity')
      .txt(l.quantity)
      .up()
      .ele('Rate')
      .txt(l.unitPrice)
      .up()
      .ele('Amount')
      .txt('100.01')
      .up()
      .up()
  })
  return doc.end()
}

function xmlbuilder2Callback(): string {
  let out = ''
  const w = createCB({ data: (text: string) => (out += text) })
  w.dec({ version: '1.0', encoding: 'utf-8' })
    .ins('qbxml', 'version="13.0"')
    .ele('QBXML')
    .ele('QBXMLMsgsRq')
    .att('onError', 'continueOnError')
    .ele('InvoiceModRq')
    .att('requestID', 'mod-1')
    .ele('InvoiceMod')
  w.ele('TxnID').txt(synced.txnId).up().ele('EditSequence').txt(synced.editSequence).up().ele('Memo').txt(after.summary).up()
  after.lines.forEach((l, i) => {
    w.ele('InvoiceLineMod')
      .ele('TxnLineID')
      .txt(`1A2C-${i}`)
      .up()
      .ele('Desc')
      .txt(l.description)
      .up()
      .ele('Quantity')
      .txt(l.quantity)
      .up()
      .ele('Rate')
      .txt(l.unitPrice)
      .up()
      .ele('Amount')
      .txt('100.01')
      .up()
      .up()
  })
  w.up().up().up().up().end()
  return out
}

const response = `<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><InvoiceModRs requestID="mod-1" statusCode="0" statusSeverity="Info" statusMessage="Status OK"><InvoiceRet><TxnID>1A2B-1712345678</TxnID><TimeCreated>2026-11-01T09:00:00-06:00</TimeCreated><TimeModified>2026-11-02T10:00:00-06:00</TimeModified><EditSequence>1712400000</EditSequence><TxnNumber>812</TxnNumber><CustomerRef><ListID>80000013-1416570432</ListID><FullName>Acme Plumbing &amp; Heating</FullName></CustomerRef><ARAccountRef><ListID>8000001D-1415742793</ListID><FullName>Accounts Receivable</FullName></ARAccountRef><TemplateRef><ListID>80000003-1414518220</ListID><FullName>Intuit Service Invoice</FullName></TemplateRef><TxnDate>2026-11-02</TxnDate><RefNumber>INV-10045</RefNumber><BillAddress><Addr1>1 Main St</Addr1><City>Austin</City><State>TX</State><PostalCode>78701</PostalCode></BillAddress><IsPending>false</IsPending><IsFinanceCharge>false</IsFinanceCharge><DueDate>2026-12-02</DueDate><ShipDate>2026-11-02</ShipDate><Subtotal>1237.65</Subtotal><ItemSalesTaxRef><FullName>Travis County</FullName></ItemSalesTaxRef><SalesTaxPercentage>8.25</SalesTaxPercentage><SalesTaxTotal>40.84</SalesTaxTotal><AppliedAmount>0.00</AppliedAmount><BalanceRemaining>1278.49</BalanceRemaining><Memo>Kitchen remodel, phase 2 (revised)</Memo><IsPaid>false</IsPaid><IsToBePrinted>true</IsToBePrinted><IsToBeEmailed>false</IsToBeEmailed><CustomerSalesTaxCodeRef><FullName>Tax</FullName></CustomerSalesTaxCodeRef>${Array.from({ length: LINES }, (_, i) => `<InvoiceLineRet><TxnLineID>1A2C-${1712345600 + i}</TxnLineID><ItemRef><ListID>80000002-14145182${i}</ListID><FullName>Labor</FullName></ItemRef><Desc>Line ${i}: work &lt;on site&gt; &amp; parts (revised)</Desc><Quantity>${3 + i}</Quantity><Rate>40.005</Rate><ClassRef><FullName>North</FullName></ClassRef><Amount>${(120.02 + i * 40).toFixed(2)}</Amount><SalesTaxCodeRef><FullName>Non</FullName></SalesTaxCodeRef><Other1>12.5</Other1></InvoiceLineRet>`).join('')}</InvoiceRet></InvoiceModRs></QBXMLMsgsRs></QBXML>`

function measure(name: string, fn: () => unknown, seconds = 2): { name: string; perSecond: number } {
  const warmUntil = performance.now() + 300
  while (performance.now() < warmUntil) fn()
  let n = 0
  const started = performance.now()
  const until = started + seconds * 1000
  while (performance.now() < until) {
    for (let i = 0; i < 50; i++) fn()
    n += 50
  }
  return { name, perSecond: Math.round(n / ((performance.now() - started) / 1000)) }
}

if (parseResponseMessage(response).byRequestId.get('mod-1')?.invoices[0]?.lines.length !== LINES)
  throw new Error('the sample answer does not parse')
const results = [
  measure('build: plan + InvoiceMod + message (ours)', buildOurs),
  measure('build: xmlbuilder2 DOM (same elements)', xmlbuilder2Dom, 1),
  measure('build: xmlbuilder2 callback writer', xmlbuilder2Callback, 1),
  measure('parse: InvoiceModRs with 10 lines (ours)', () => parseResponseMessage(response)),
]
const built = results[0]!.perSecond
const parsed = results[3]!.perSecond
console.log(
  `qbXML, 10-line InvoiceMod (${sample.length} bytes) and its answer (${response.length} bytes); node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}, one thread`,
)
console.table(results.map((r) => ({ benchmark: r.name, 'per second': r.perSecond })))
console.log(
  `built ${built}/s (target 20,000: ${built >= 20_000 ? 'met' : 'MISSED'}); parsed ${parsed}/s (target 10,000: ${parsed >= 10_000 ? 'met' : 'MISSED'})`,
)
