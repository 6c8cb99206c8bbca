// A simulated QuickBooks company file, as strict as the real one: every list reference (customer,
// item, class, sales tax item and code, inventory site) must exist or the request is refused 3140,
// EditSequence must be current (3200), InvoiceMod follows QuickBooks' line rules (any listed line
// means every unlisted one is deleted; TxnLineID -1 adds), a negative total is refused (3180) and a
// record held open answers 3175. Its answers carry every reference it holds, as QuickBooks' InvoiceRet
// does, and RefNumber queries ignore case. Every change stamps TimeModified from the company's own
// clock (local time, no offset, at least one second per change); queries by modification date walk
// iterators (MaxReturned, Start and Continue) that live only as long as the Web Connector's session
// (endSession); payments applied to an invoice lower its BalanceRemaining and move its EditSequence.
//
// It serves sandbox connections (sandbox-service.ts keeps its state between runs: `state()` and
// `SimulatedCompany.restore`), the Web Connector player of `npm run sandbox:connector`, and the
// tests, which check every message against Intuit's schema through `onMessage`.
import { add, compare, isPlainDecimal, multiply, parseDecimal, round, subtract, toFixed, ZERO } from '../decimal.js'
import { parseQbDateTime } from '../qbxml/datetime.js'
import { child, childText, parseXml, type XmlElement } from '../qbxml/xml-parser.js'

export interface CompanyLine {
  txnLineId: string
  item: string
  desc: string
  quantity: string
  rate: string
  amount: string
  other1: string
  classRef: string
  salesTaxCode: string
  site: string
}

export interface CompanyInvoice {
  /** A credit memo (CreditMemoAdd): kept, queried and answered apart from invoices. */
  txnType?: 'CreditMemo'
  txnId: string
  editSequence: number
  refNumber: string
  customer: string
  txnDate: string
  memo: string
  externalGuid: string
  itemSalesTax: string
  /** Header ClassRef ('' when none). */
  classRef: string
  lines: CompanyLine[]
  timeCreated: string
  timeModified: string
  /** Payments applied, in all (a decimal string). */
  paid: string
}

/** The items a new sandbox company starts with (as a new QuickBooks company has a few of its own). */
export const SANDBOX_STARTER_ITEMS = ['Consulting', 'Installation', 'Labor', 'Materials', 'Repairs', 'Service Call'] as const

/** Deletions a kept company remembers (its newest), for TxnDeletedQuery and ListDeletedQuery. */
const DELETION_LOG = 1000

/** The lists a company keeps, by their names on SimulatedCompany. */
export const LIST_NAMES = ['customers', 'items', 'classes', 'salesTaxItems', 'salesTaxCodes', 'sites'] as const
export type ListName = (typeof LIST_NAMES)[number]

/** A company as plain data (JSON), to be kept between runs. */
export interface CompanyState {
  format: 1
  clock: number
  listSeq: number
  seq: number
  editSequence: number
  lockedRequests: number
  lists: Record<ListName, CompanyListEntry[]>
  invoices: CompanyInvoice[]
  paymentMethods: string[]
  payments: SimulatedCompany['payments']
  deletedInvoices: SimulatedCompany['deletedInvoices']
  deletedListEntries: SimulatedCompany['deletedListEntries']
}

/** A change someone makes in QuickBooks' invoice form. */
export interface InvoiceFormEdit {
  memo?: string
  refNumber?: string
  txnDate?: string
  lines?: { line: number; description?: string; quantity?: string; rate?: string }[]
}

/** A change QuickBooks' form would not save; `code` is stable. */
export class SimulatedEditError extends Error {
  constructor(
    readonly code: 'NOT_IN_COMPANY' | 'NO_SUCH_LINE' | 'INVALID_DECIMAL' | 'NEGATIVE_TOTAL',
    message: string,
  ) {
    super(message)
  }
}

/** An entry of one of the company's lists, as QuickBooks keeps it. */
export interface CompanyListEntry {
  listId: string
  name: string
  fullName: string
  /** The answer's element: CustomerRet, ItemServiceRet, ItemSalesTaxRet, ClassRet, ... */
  type: string
  active: boolean
  editSequence: number
  timeCreated: string
  timeModified: string
}

/**
 * One list of the company file: names are unique ignoring case (QuickBooks' rule), each entry has a
 * ListID, an EditSequence and a TimeModified stamped by the company's clock. `add` and `has` take
 * a name in any case.
 */
export class CompanyList {
  readonly entries = new Map<string, CompanyListEntry>()
  constructor(
    private readonly company: { stamp(): string; nextListId(): string },
    private readonly type: string,
  ) {}

  add(name: string, options: { type?: string; active?: boolean } = {}): this {
    if (this.entries.has(name.toLowerCase())) return this
    const at = this.company.stamp()
    const leaf = name.split(':').at(-1)!
    this.entries.set(name.toLowerCase(), {
      listId: this.company.nextListId(),
      name: leaf,
      fullName: name,
      type: options.type ?? this.type,
      active: options.active ?? true,
      editSequence: 1,
      timeCreated: at,
      timeModified: at,
    })
    return this
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase())
  }

  get(name: string): CompanyListEntry | undefined {
    return this.entries.get(name.toLowerCase())
  }

  get size(): number {
    return this.entries.size
  }

  /** Someone renames the entry in QuickBooks: same ListID, new name, a change stamped. */
  rename(from: string, to: string): CompanyListEntry {
    const entry = this.entries.get(from.toLowerCase())
    if (!entry) throw new Error(`no entry "${from}"`)
    this.entries.delete(from.toLowerCase())
    entry.fullName = to
    entry.name = to.split(':').at(-1)!
    entry.editSequence++
    entry.timeModified = this.company.stamp()
    this.entries.set(to.toLowerCase(), entry)
    return entry
  }

  /** Someone deletes the entry in QuickBooks (allowed only when nothing uses it, which the fake does not check). */
  remove(name: string): CompanyListEntry {
    const entry = this.entries.get(name.toLowerCase())
    if (!entry) throw new Error(`no entry "${name}"`)
    this.entries.delete(name.toLowerCase())
    return entry
  }

  /** Someone makes the entry inactive in QuickBooks. */
  deactivate(name: string): void {
    const entry = this.entries.get(name.toLowerCase())!
    entry.active = false
    entry.editSequence++
    entry.timeModified = this.company.stamp()
  }
}

/** QuickBooks refuses a transaction whose total is below zero (a credit is a credit memo, and its own total is positive). */
const negativeTotal = (txn: string) =>
  `There was an error when saving a ${txn === 'CreditMemo' ? 'Credit Memo' : 'Invoice'}.  QuickBooks error message: The transaction total cannot be less than zero.`

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export class SimulatedCompany {
  /** The company's clock: QuickBooks' local time, one second on per change. */
  private clock = Date.UTC(2026, 11, 1, 8, 0, 0)
  private listSeq = 10_000
  private readonly lists = { stamp: () => this.stamp(), nextListId: () => `${(++this.listSeq).toString(16).toUpperCase()}0000-1690000000` }
  customers = new CompanyList(this.lists, 'CustomerRet')
  items = new CompanyList(this.lists, 'ItemServiceRet')
  classes = new CompanyList(this.lists, 'ClassRet')
  salesTaxItems = new CompanyList(this.lists, 'ItemSalesTaxRet')
  /** Sales tax codes: QuickBooks starts every company with these two. */
  salesTaxCodes = new CompanyList(this.lists, 'SalesTaxCodeRet').add('Tax').add('Non')
  sites = new CompanyList(this.lists, 'InventorySiteRet')
  invoices = new Map<string, CompanyInvoice>()
  /** Every message received, for assertions (e.g. "exactly one InvoiceMod"). */
  messages: string[] = []
  /** The next N requests for a record answer 3175 (record in use). */
  lockedRequests = 0
  private seq = 100
  private editSequence = 1_700_000_000
  /** Iterators of the Web Connector session under way: the entries each has left to return. */
  private iterators = new Map<string, { left: (() => string)[]; filter: string }>()
  /** Payment methods the company has (QuickBooks starts with these). */
  paymentMethods = new Set<string>(['cash', 'check', 'visa', 'mastercard', 'american express', 'discover'])
  /** Payments received, as ReceivePaymentQuery returns them. */
  payments: {
    txnId: string
    customer: string
    date: string
    amount: string
    refNumber: string
    externalGuid: string
    invoiceTxnId: string
    timeModified: string
  }[] = []
  /** Invoices deleted in QuickBooks, as TxnDeletedQuery returns them. */
  deletedInvoices: { txnId: string; type: 'Invoice' | 'CreditMemo'; refNumber: string; timeCreated: string; timeDeleted: string }[] = []
  /** Requests per type, for assertions ("one read request"). */
  requestCounts = new Map<string, number>()

  /** Transactions the company holds at most (a sandbox's bound); adds beyond it are refused 3180. */
  capacity: number | undefined
  /** Keep every message in `messages` (the tests do; a sandbox does not). */
  private readonly record: boolean
  /** Sees each message before it is answered; throwing refuses it as unparseable (HRESULT 0x80040400). */
  private readonly onMessage: ((xml: string) => void) | undefined

  constructor(
    options: {
      customers?: string[]
      items?: string[]
      classes?: string[]
      salesTaxItems?: string[]
      sites?: string[]
      record?: boolean
      onMessage?: (xml: string) => void
      /** The company's clock at the start (ms since 1970, read as QuickBooks' local time). */
      clock?: number
      capacity?: number
    } = {},
  ) {
    this.capacity = options.capacity
    this.record = options.record ?? true
    this.onMessage = options.onMessage
    if (options.clock !== undefined) this.clock = options.clock
    for (const c of options.customers ?? []) this.customers.add(c)
    for (const i of options.items ?? []) this.items.add(i)
    for (const c of options.classes ?? []) this.classes.add(c)
    for (const x of options.salesTaxItems ?? []) this.salesTaxItems.add(x)
    for (const x of options.sites ?? []) this.sites.add(x)
  }

  /** Why a full company refuses a save (a sandbox's bound, not QuickBooks'). */
  fullMessage(): string {
    return `This simulated company file is full (${this.capacity} transactions or list entries); delete some in the sandbox.`
  }

  /** Whether any transaction's line names the item (QuickBooks then refuses to delete it). */
  isItemUsed(name: string): boolean {
    const key = name.toLowerCase()
    for (const invoice of this.invoices.values()) if (invoice.lines.some((l) => l.item.toLowerCase() === key)) return true
    return false
  }

  /** Whether a list or the payments are at the company's bound. */
  isFull(count: number): boolean {
    return this.capacity !== undefined && count >= this.capacity
  }

  /** Everything the company holds, as plain data (a sandbox keeps it between runs). Iterators end with a session and are not kept. */
  state(): CompanyState {
    const list = (l: CompanyList) => [...l.entries.values()].map((e) => ({ ...e }))
    return {
      format: 1,
      clock: this.clock,
      listSeq: this.listSeq,
      seq: this.seq,
      editSequence: this.editSequence,
      lockedRequests: this.lockedRequests,
      lists: Object.fromEntries(LIST_NAMES.map((name) => [name, list(this[name])])) as CompanyState['lists'],
      invoices: [...this.invoices.values()].map((i) => ({ ...i, lines: i.lines.map((l) => ({ ...l })) })),
      paymentMethods: [...this.paymentMethods],
      payments: this.payments.map((p) => ({ ...p })),
      // The deletion logs keep their newest entries only: reads ask for deletions since their last pass.
      deletedInvoices: this.deletedInvoices.slice(-DELETION_LOG).map((d) => ({ ...d })),
      deletedListEntries: this.deletedListEntries.slice(-DELETION_LOG).map((d) => ({ ...d })),
    }
  }

  /** A company as `state()` left it. */
  static restore(state: CompanyState, options: { onMessage?: (xml: string) => void; capacity?: number } = {}): SimulatedCompany {
    if (state.format !== 1) throw new Error(`unknown simulated company format ${String(state.format)}`)
    const company = new SimulatedCompany({ record: false, ...options, clock: state.clock })
    company.listSeq = state.listSeq
    company.seq = state.seq
    company.editSequence = state.editSequence
    company.lockedRequests = state.lockedRequests
    for (const name of LIST_NAMES) {
      company[name].entries.clear()
      for (const entry of state.lists[name]) company[name].entries.set(entry.fullName.toLowerCase(), { ...entry })
    }
    company.invoices = new Map(state.invoices.map((i) => [i.txnId, { ...i, lines: i.lines.map((l) => ({ ...l })) }]))
    company.paymentMethods = new Set(state.paymentMethods)
    company.payments = state.payments.map((p) => ({ ...p }))
    company.deletedInvoices = state.deletedInvoices.map((d) => ({ ...d }))
    company.deletedListEntries = state.deletedListEntries.map((d) => ({ ...d }))
    return company
  }

  /** The company's clock catches up with the wall clock (never goes back): a sandbox's changes carry today's times. */
  catchUp(nowMs: number): void {
    this.clock = Math.max(this.clock, nowMs)
  }

  /**
   * Someone edits the invoice in QuickBooks' form: the memo, the number, the date, and lines by their
   * position (1 = first): description, quantity and rate, the amount worked out as QuickBooks does
   * (quantity x rate, to the cent). Throws a SimulatedEditError for a change QuickBooks would not save.
   */
  editInvoiceForm(txnId: string, edit: InvoiceFormEdit): CompanyInvoice {
    const invoice = this.invoices.get(txnId)
    if (!invoice) throw new SimulatedEditError('NOT_IN_COMPANY', 'The company file holds no such transaction (deleted in QuickBooks?).')
    const lines = invoice.lines.map((l) => ({ ...l }))
    for (const change of edit.lines ?? []) {
      const line = lines[change.line - 1]
      if (!line) throw new SimulatedEditError('NO_SUCH_LINE', `The transaction has ${lines.length} lines; there is no line ${change.line}.`)
      if (change.description !== undefined) line.desc = change.description
      for (const key of ['quantity', 'rate'] as const) {
        const value = change[key]
        if (value === undefined) continue
        if (!isPlainDecimal(value)) throw new SimulatedEditError('INVALID_DECIMAL', `${key} must be a decimal number written as a string.`)
        line[key] = value
      }
      if (change.quantity !== undefined || change.rate !== undefined)
        line.amount = toFixed(round(multiply(parseDecimal(line.quantity || '0'), parseDecimal(line.rate || '0')), 2), 2)
    }
    const changed = { ...invoice, lines }
    if (edit.memo !== undefined) changed.memo = edit.memo
    if (edit.refNumber !== undefined) changed.refNumber = edit.refNumber
    if (edit.txnDate !== undefined) changed.txnDate = edit.txnDate
    if (compare(parseDecimal(this.totalOf(changed)), ZERO) < 0)
      throw new SimulatedEditError('NEGATIVE_TOTAL', 'QuickBooks does not save a transaction whose total is below zero.')
    this.editInQuickBooks(txnId, (i) => Object.assign(i, changed))
    return invoice
  }

  /** The company's time now, without moving it on (a list entry changed now). */
  stamp(): string {
    return new Date(this.clock).toISOString().slice(0, 19)
  }

  /** The company's time now, as QuickBooks writes TimeModified; each call is a second later. */
  tick(): string {
    this.clock += 1000
    return new Date(this.clock).toISOString().slice(0, 19)
  }

  /** Time passes in the company file (QuickBooks' clock moves on by `minutes`). */
  advanceClock(minutes: number): void {
    this.clock += minutes * 60_000
  }

  /** A change to an invoice: QuickBooks moves its EditSequence and stamps TimeModified. */
  private touched(invoice: CompanyInvoice): void {
    invoice.editSequence = ++this.editSequence
    invoice.timeModified = this.tick()
  }

  /** Someone edits the invoice in QuickBooks: the EditSequence moves on. */
  editInQuickBooks(txnId: string, change: (invoice: CompanyInvoice) => void): void {
    const invoice = this.invoices.get(txnId)!
    change(invoice)
    this.touched(invoice)
  }

  /**
   * Someone records a payment in QuickBooks and applies it to the invoice (Receive Payments).
   * `touchesInvoice: false`: the invoice's TimeModified and EditSequence stay as they were, so only
   * a read of payments finds that its balance moved.
   */
  receivePayment(txnId: string, amount: string, options: { touchesInvoice?: boolean } = {}): void {
    const invoice = this.invoices.get(txnId)!
    invoice.paid = toFixed(add(parseDecimal(invoice.paid), parseDecimal(amount)), 2)
    if (options.touchesInvoice ?? true) this.touched(invoice)
    this.payments.push({
      txnId: `${++this.seq}-1700000002`,
      customer: invoice.customer,
      date: invoice.txnDate,
      amount,
      refNumber: '',
      externalGuid: '',
      invoiceTxnId: txnId,
      timeModified: this.tick(),
    })
  }

  /** Someone deletes the invoice in QuickBooks (Edit > Delete Invoice). */
  deleteInQuickBooks(txnId: string): void {
    const invoice = this.invoices.get(txnId)!
    this.invoices.delete(txnId)
    this.deletedInvoices.push({
      txnId,
      type: invoice.txnType ?? 'Invoice',
      refNumber: invoice.refNumber,
      timeCreated: invoice.timeCreated,
      timeDeleted: this.tick(),
    })
  }

  /** Someone voids the invoice in QuickBooks: every amount becomes zero and the memo says VOID. */
  voidInQuickBooks(txnId: string): void {
    this.editInQuickBooks(txnId, (i) => {
      i.memo = `VOID: ${i.memo}`
      for (const l of i.lines) {
        l.quantity = '0'
        l.amount = '0.00'
      }
    })
  }

  /** The invoice's total as QuickBooks has it: its lines' amounts (no sales tax in this company). */
  totalOf(invoice: CompanyInvoice): string {
    return toFixed(
      invoice.lines.reduce((sum, l) => (l.amount ? add(sum, parseDecimal(l.amount)) : sum), ZERO),
      2,
    )
  }

  /**
   * Someone renames a list entry in QuickBooks: the entry keeps its ListID, and every invoice naming
   * it shows the new name (QuickBooks' transactions refer to entries, not names).
   */
  renameInQuickBooks(list: 'customers' | 'items' | 'classes' | 'salesTaxItems' | 'sites', from: string, to: string): CompanyListEntry {
    const entry = this[list].rename(from, to)
    const same = (name: string) => name.toLowerCase() === from.toLowerCase()
    for (const invoice of this.invoices.values()) {
      if (list === 'customers' && same(invoice.customer)) invoice.customer = to
      if (list === 'salesTaxItems' && same(invoice.itemSalesTax)) invoice.itemSalesTax = to
      if (list === 'classes' && same(invoice.classRef)) invoice.classRef = to
      for (const line of invoice.lines) {
        if (list === 'items' && same(line.item)) line.item = to
        if (list === 'classes' && same(line.classRef)) line.classRef = to
        if (list === 'sites' && same(line.site)) line.site = to
      }
    }
    return entry
  }

  /** List entries deleted in QuickBooks, as ListDeletedQuery returns them. */
  deletedListEntries: { type: string; listId: string; fullName: string; timeCreated: string; timeDeleted: string }[] = []

  /** Someone deletes a list entry in QuickBooks. */
  deleteListEntryInQuickBooks(list: 'customers' | 'items' | 'classes' | 'salesTaxItems' | 'sites', name: string): void {
    const entry = this[list].remove(name)
    this.deletedListEntries.push({
      type: entry.type.replace(/Ret$/, ''),
      listId: entry.listId,
      fullName: entry.fullName,
      timeCreated: entry.timeCreated,
      timeDeleted: this.tick(),
    })
  }

  /** The Web Connector's session ended: QuickBooks forgets its iterators. */
  endSession(): void {
    this.iterators.clear()
  }

  /**
   * The first reference in a request element that names no list entry, as QuickBooks reports it
   * (3140); an empty FullName clears a reference in a Mod and is not checked.
   */
  private invalidReference(element: XmlElement, where: 'Invoice' | 'Invoice line'): string | undefined {
    const lists: [string, string, CompanyList][] = [
      ['CustomerRef', 'Customer', this.customers],
      ['ClassRef', 'Class', this.classes],
      ['ItemSalesTaxRef', 'Item', this.salesTaxItems],
      ['ItemRef', 'Item', this.items],
      ['InventorySiteRef', 'Site', this.sites],
      ['SalesTaxCodeRef', 'Sales Tax Code', this.salesTaxCodes],
    ]
    for (const [ref, kind, list] of lists) {
      const name = childText(child(element, ref), 'FullName')
      if (name !== undefined && name !== '' && !list.has(name.toLowerCase())) {
        return `There is an invalid reference to QuickBooks ${kind} "${name}" in the ${where}.  QuickBooks error message: Invalid argument.  The specified record does not exist in the list.`
      }
    }
    return undefined
  }

  byRefNumber(refNumber: string): CompanyInvoice[] {
    return [...this.invoices.values()].filter((i) => i.refNumber === refNumber)
  }

  /** Answers a request message as QuickBooks would, or throws the parse error (HRESULT 0x80040400). */
  process(xml: string): string {
    if (this.record) this.messages.push(xml)
    this.onMessage?.(xml)
    const rq = child(parseXml(xml), 'QBXMLMsgsRq')
    if (!rq) throw new Error('0x80040400: no QBXMLMsgsRq')
    const out: string[] = []
    for (const request of rq.children) out.push(this.answer(request))
    return `<?xml version="1.0" ?><QBXML><QBXMLMsgsRs>${out.join('')}</QBXMLMsgsRs></QBXML>`
  }

  private status(type: string, requestId: string | undefined, code: number, message: string, body = ''): string {
    const severity = code === 0 || code === 1 ? 'Info' : code < 1000 ? 'Warn' : 'Error'
    return `<${type} requestID="${esc(requestId ?? '')}" statusCode="${code}" statusSeverity="${severity}" statusMessage="${esc(message)}">${body}</${type}>`
  }

  /** A query's answer: its entries, or 1 ("did not find a matching object") when there are none, as QuickBooks answers. */
  private found(type: string, requestId: string | undefined, rets: string[]): string {
    if (rets.length === 0) return this.status(type, requestId, 1, 'A query request did not find a matching object in QuickBooks')
    return this.status(type, requestId, 0, 'Status OK', rets.join(''))
  }

  private invoiceRet(i: CompanyInvoice): string {
    const ref = (name: string, value: string) => (value ? `<${name}><FullName>${esc(value)}</FullName></${name}>` : '')
    const txn = i.txnType ?? 'Invoice'
    const lines = i.lines
      .map(
        (l) =>
          `<${txn}LineRet><TxnLineID>${l.txnLineId}</TxnLineID>${ref('ItemRef', l.item)}<Desc>${esc(l.desc)}</Desc><Quantity>${l.quantity}</Quantity><Rate>${l.rate}</Rate>${ref('ClassRef', l.classRef)}<Amount>${l.amount}</Amount>${ref('InventorySiteRef', l.site)}${ref('SalesTaxCodeRef', l.salesTaxCode)}${l.other1 ? `<Other1>${esc(l.other1)}</Other1>` : ''}</${txn}LineRet>`,
      )
      .join('')
    const total = parseDecimal(this.totalOf(i))
    const head = `<TxnID>${i.txnId}</TxnID><TimeCreated>${i.timeCreated}</TimeCreated><TimeModified>${i.timeModified}</TimeModified><EditSequence>${i.editSequence}</EditSequence><TxnNumber>${i.txnId.split('-')[0]}</TxnNumber>${ref('CustomerRef', i.customer)}${ref('ClassRef', i.classRef)}<TxnDate>${i.txnDate}</TxnDate><RefNumber>${esc(i.refNumber)}</RefNumber>`
    if (txn === 'CreditMemo') {
      // A credit memo: its total and the credit left to apply, no balance owed.
      const amounts = `<Subtotal>${toFixed(total, 2)}</Subtotal>${ref('ItemSalesTaxRef', i.itemSalesTax)}<SalesTaxPercentage>0.00</SalesTaxPercentage><SalesTaxTotal>0.00</SalesTaxTotal><TotalAmount>${toFixed(total, 2)}</TotalAmount><CreditRemaining>${toFixed(total, 2)}</CreditRemaining>`
      return `<CreditMemoRet>${head}${amounts}${i.memo ? `<Memo>${esc(i.memo)}</Memo>` : ''}<ExternalGUID>${i.externalGuid}</ExternalGUID>${lines}</CreditMemoRet>`
    }
    const balance = subtract(total, parseDecimal(i.paid))
    const amounts = `<Subtotal>${toFixed(total, 2)}</Subtotal>${ref('ItemSalesTaxRef', i.itemSalesTax)}<SalesTaxPercentage>0.00</SalesTaxPercentage><SalesTaxTotal>0.00</SalesTaxTotal><AppliedAmount>${toFixed({ units: -parseDecimal(i.paid).units, scale: parseDecimal(i.paid).scale }, 2)}</AppliedAmount><BalanceRemaining>${toFixed(balance, 2)}</BalanceRemaining>`
    const isPaid = compare(balance, ZERO) <= 0 && compare(total, ZERO) > 0
    return `<InvoiceRet>${head}${amounts}${i.memo ? `<Memo>${esc(i.memo)}</Memo>` : ''}<IsPaid>${isPaid}</IsPaid><ExternalGUID>${i.externalGuid}</ExternalGUID>${lines}</InvoiceRet>`
  }

  private answer(request: XmlElement): string {
    const requestId = request.attributes.requestID
    const type = request.name.replace(/Rq$/, 'Rs')
    this.requestCounts.set(request.name, (this.requestCounts.get(request.name) ?? 0) + 1)
    switch (request.name) {
      case 'CustomerAddRq': {
        const name = childText(child(request, 'CustomerAdd'), 'Name') ?? ''
        if (this.customers.has(name.toLowerCase()))
          return this.status(type, requestId, 3100, `The name "${name}" of the list element is already in use.`)
        if (this.capacity !== undefined && this.customers.size >= this.capacity)
          return this.status(
            type,
            requestId,
            3180,
            `There was an error when saving a Customer.  QuickBooks error message: ${this.fullMessage()}`,
          )
        this.customers.add(name)
        return this.status(type, requestId, 0, 'Status OK', this.listRet(this.customers.get(name)!))
      }
      case 'InvoiceAddRq':
      case 'CreditMemoAddRq': {
        const txn = request.name === 'CreditMemoAddRq' ? 'CreditMemo' : 'Invoice'
        const add = child(request, `${txn}Add`)!
        const customer = childText(child(add, 'CustomerRef'), 'FullName') ?? ''
        const lines = add.children.filter((c) => c.name === `${txn}LineAdd`)
        const invalid = this.invalidReference(add, 'Invoice') ?? lines.map((l) => this.invalidReference(l, 'Invoice line')).find(Boolean)
        if (invalid) return this.status(type, requestId, 3140, invalid)
        if (this.lockedRequests > 0) {
          this.lockedRequests--
          return this.status(type, requestId, 3175, 'The record is in use and could not be locked.')
        }
        if (this.capacity !== undefined && this.invoices.size >= this.capacity)
          return this.status(
            type,
            requestId,
            3180,
            `There was an error when saving a ${txn === 'CreditMemo' ? 'Credit Memo' : 'Invoice'}.  QuickBooks error message: ${this.fullMessage()}`,
          )
        const created = this.tick()
        const invoice: CompanyInvoice = {
          txnId: `${++this.seq}-1700000000`,
          editSequence: ++this.editSequence,
          timeCreated: created,
          timeModified: created,
          paid: '0.00',
          refNumber: childText(add, 'RefNumber') ?? '',
          customer,
          txnDate: childText(add, 'TxnDate') ?? '',
          memo: childText(add, 'Memo') ?? '',
          externalGuid: childText(add, 'ExternalGUID') ?? '',
          itemSalesTax: childText(child(add, 'ItemSalesTaxRef'), 'FullName') ?? '',
          classRef: childText(child(add, 'ClassRef'), 'FullName') ?? '',
          lines: lines.map((l) => this.newLine(l)),
          ...(txn === 'CreditMemo' ? { txnType: 'CreditMemo' as const } : {}),
        }
        if (compare(parseDecimal(this.totalOf(invoice)), ZERO) < 0) return this.status(type, requestId, 3180, negativeTotal(txn))
        this.invoices.set(invoice.txnId, invoice)
        return this.status(type, requestId, 0, 'Status OK', this.invoiceRet(invoice))
      }
      case 'InvoiceModRq':
      case 'CreditMemoModRq': {
        const txn = request.name === 'CreditMemoModRq' ? 'CreditMemo' : 'Invoice'
        const mod = child(request, `${txn}Mod`)!
        const found = this.invoices.get(childText(mod, 'TxnID') ?? '')
        const invoice = found && (found.txnType ?? 'Invoice') === txn ? found : undefined
        if (!invoice)
          return this.status(type, requestId, 3120, `Object "${childText(mod, 'TxnID')}" specified in the request cannot be found.`)
        const sequence = childText(mod, 'EditSequence')
        if (sequence !== String(invoice.editSequence))
          return this.status(type, requestId, 3200, `The provided edit sequence "${sequence}" is out-of-date. `)
        if (this.lockedRequests > 0) {
          this.lockedRequests--
          return this.status(type, requestId, 3175, 'The record is in use and could not be locked.')
        }
        const lineMods = mod.children.filter((c) => c.name === `${txn}LineMod`)
        // Applied to a copy: a change QuickBooks refuses leaves the transaction as it was.
        const before = structuredClone(invoice)
        const invalid = this.invalidReference(mod, 'Invoice') ?? lineMods.map((l) => this.invalidReference(l, 'Invoice line')).find(Boolean)
        if (invalid) return this.status(type, requestId, 3140, invalid)
        if (child(mod, 'CustomerRef')) invoice.customer = childText(child(mod, 'CustomerRef'), 'FullName') ?? invoice.customer
        if (child(mod, 'ClassRef')) invoice.classRef = childText(child(mod, 'ClassRef'), 'FullName') ?? ''
        if (childText(mod, 'RefNumber') !== undefined) invoice.refNumber = childText(mod, 'RefNumber')!
        if (childText(mod, 'TxnDate') !== undefined) invoice.txnDate = childText(mod, 'TxnDate')!
        if (childText(mod, 'Memo') !== undefined) invoice.memo = childText(mod, 'Memo')!
        if (child(mod, 'ItemSalesTaxRef')) invoice.itemSalesTax = childText(child(mod, 'ItemSalesTaxRef'), 'FullName') ?? ''
        if (lineMods.length > 0) {
          // Any line element: every line not listed is deleted, in QuickBooks' own rules.
          const kept: CompanyLine[] = []
          for (const l of lineMods) {
            const id = childText(l, 'TxnLineID')!
            if (id === '-1') kept.push(this.newLine(l))
            else {
              const line = invoice.lines.find((x) => x.txnLineId === id)
              if (!line) {
                Object.assign(invoice, before)
                return this.status(type, requestId, 3120, `Object "${id}" specified in the request cannot be found.`)
              }
              if (childText(l, 'Desc') !== undefined) line.desc = childText(l, 'Desc')!
              if (childText(l, 'Quantity') !== undefined) line.quantity = childText(l, 'Quantity')!
              if (childText(l, 'Rate') !== undefined) line.rate = childText(l, 'Rate')!
              if (childText(l, 'Amount') !== undefined) line.amount = childText(l, 'Amount')!
              if (childText(l, 'Other1') !== undefined) line.other1 = childText(l, 'Other1')!
              if (child(l, 'ClassRef')) line.classRef = childText(child(l, 'ClassRef'), 'FullName') ?? ''
              if (child(l, 'SalesTaxCodeRef')) line.salesTaxCode = childText(child(l, 'SalesTaxCodeRef'), 'FullName') ?? ''
              if (child(l, 'InventorySiteRef')) line.site = childText(child(l, 'InventorySiteRef'), 'FullName') ?? ''
              if (childText(l, 'ItemRef') !== undefined || child(l, 'ItemRef'))
                line.item = childText(child(l, 'ItemRef'), 'FullName') ?? line.item
              kept.push(line)
            }
          }
          invoice.lines = kept
        }
        if (compare(parseDecimal(this.totalOf(invoice)), ZERO) < 0) {
          Object.assign(invoice, before)
          return this.status(type, requestId, 3180, negativeTotal(txn))
        }
        this.touched(invoice)
        return this.status(type, requestId, 0, 'Status OK', this.invoiceRet(invoice))
      }
      case 'InvoiceQueryRq':
      case 'CreditMemoQueryRq': {
        const txn = request.name === 'CreditMemoQueryRq' ? 'CreditMemo' : 'Invoice'
        if (request.attributes.iterator) return this.iterate(type, requestId, request, txn)
        const txnIds = request.children.filter((c) => c.name === 'TxnID').map((c) => c.text)
        const refs = request.children.filter((c) => c.name === 'RefNumber').map((c) => c.text)
        // RefNumber matches ignore case, as QuickBooks' do.
        const wanted = new Set(refs.map((r) => r.toLowerCase()))
        const found = [...this.invoices.values()].filter(
          (i) => (i.txnType ?? 'Invoice') === txn && (txnIds.includes(i.txnId) || wanted.has(i.refNumber.toLowerCase())),
        )
        return this.found(
          type,
          requestId,
          found.map((i) => this.invoiceRet(i)),
        )
      }
      case 'ReceivePaymentAddRq': {
        const received = child(request, 'ReceivePaymentAdd')!
        const customerRef = child(received, 'CustomerRef')
        const customer = childText(customerRef, 'FullName') ?? ''
        if (!this.customers.has(customer.toLowerCase()))
          return this.status(
            type,
            requestId,
            3140,
            `There is an invalid reference to QuickBooks Customer "${customer}" in the Receive Payment.`,
          )
        const method = childText(child(received, 'PaymentMethodRef'), 'FullName')
        if (method !== undefined && !this.paymentMethods.has(method.toLowerCase()))
          return this.status(
            type,
            requestId,
            3140,
            `There is an invalid reference to QuickBooks PaymentMethod "${method}" in the Receive Payment.`,
          )
        const applied = child(received, 'AppliedToTxnAdd')
        const invoice = this.invoices.get(childText(applied, 'TxnID') ?? '')
        if (!invoice)
          return this.status(type, requestId, 3120, `Object "${childText(applied, 'TxnID')}" specified in the request cannot be found.`)
        if (invoice.customer.toLowerCase() !== customer.toLowerCase())
          return this.status(
            type,
            requestId,
            3180,
            'There was an error when saving a Receive Payment: the transaction is not for this customer.',
          )
        if (this.lockedRequests > 0) {
          this.lockedRequests--
          return this.status(type, requestId, 3175, 'The record is in use and could not be locked.')
        }
        const amount = childText(applied, 'PaymentAmount') ?? '0.00'
        const txnId = `${++this.seq}-1700000001`
        const payment = {
          txnId,
          customer,
          date: childText(received, 'TxnDate') ?? '',
          amount: childText(received, 'TotalAmount') ?? amount,
          refNumber: childText(received, 'RefNumber') ?? '',
          externalGuid: childText(received, 'ExternalGUID') ?? '',
          invoiceTxnId: invoice.txnId,
          timeModified: this.tick(),
        }
        this.payments.push(payment)
        invoice.paid = toFixed(add(parseDecimal(invoice.paid), parseDecimal(amount)), 2)
        this.touched(invoice)
        return this.status(type, requestId, 0, 'Status OK', this.paymentRet(payment))
      }
      case 'ReceivePaymentQueryRq': {
        const range = child(request, 'TxnDateRangeFilter')
        const from = childText(range, 'FromTxnDate')
        const to = childText(range, 'ToTxnDate')
        const entity = childText(child(request, 'EntityFilter'), 'FullName')?.toLowerCase()
        const modifiedFrom = parseQbDateTime(childText(child(request, 'ModifiedDateRangeFilter'), 'FromModifiedDate'))
        const found = this.payments.filter(
          (p) =>
            (!from || p.date >= from) &&
            (!to || p.date <= to) &&
            (!entity || p.customer.toLowerCase() === entity) &&
            (!modifiedFrom || parseQbDateTime(p.timeModified)!.ms >= modifiedFrom.ms),
        )
        return this.found(
          type,
          requestId,
          found.map((p) => this.paymentRet(p)),
        )
      }
      case 'TxnDeletedQueryRq': {
        const from = parseQbDateTime(childText(child(request, 'DeletedDateRangeFilter'), 'FromDeletedDate'))
        const found = this.deletedInvoices.filter((d) => !from || parseQbDateTime(d.timeDeleted)!.ms >= from.ms)
        return this.found(
          type,
          requestId,
          found.map(
            (d) =>
              `<TxnDeletedRet><TxnDelType>${d.type}</TxnDelType><TxnID>${d.txnId}</TxnID><TimeCreated>${d.timeCreated}</TimeCreated><TimeDeleted>${d.timeDeleted}</TimeDeleted><RefNumber>${esc(d.refNumber)}</RefNumber></TxnDeletedRet>`,
          ),
        )
      }
      case 'ListDeletedQueryRq': {
        const types = new Set(request.children.filter((c) => c.name === 'ListDelType').map((c) => c.text))
        const from = parseQbDateTime(childText(child(request, 'DeletedDateRangeFilter'), 'FromDeletedDate'))
        const found = this.deletedListEntries.filter((d) => types.has(d.type) && (!from || parseQbDateTime(d.timeDeleted)!.ms >= from.ms))
        return this.found(
          type,
          requestId,
          found.map(
            (d) =>
              `<ListDeletedRet><ListDelType>${d.type}</ListDelType><ListID>${d.listId}</ListID><TimeCreated>${d.timeCreated}</TimeCreated><TimeDeleted>${d.timeDeleted}</TimeDeleted><FullName>${esc(d.fullName)}</FullName></ListDeletedRet>`,
          ),
        )
      }
      case 'CustomerQueryRq':
        return this.listQuery(type, requestId, request, [...this.customers.entries.values()])
      case 'ItemQueryRq':
        return this.listQuery(type, requestId, request, [...this.items.entries.values(), ...this.salesTaxItems.entries.values()])
      case 'ClassQueryRq':
        return this.listQuery(type, requestId, request, [...this.classes.entries.values()])
      case 'SalesTaxCodeQueryRq':
        return this.listQuery(type, requestId, request, [...this.salesTaxCodes.entries.values()])
      case 'InventorySiteQueryRq':
        return this.listQuery(type, requestId, request, [...this.sites.entries.values()])
      default:
        return this.status(type, requestId, 3150, `Unsupported request ${request.name}`)
    }
  }

  /**
   * A query by modification date through an iterator: Start takes a snapshot of the matches and
   * returns MaxReturned of them; Continue returns the next ones while its session lasts, with the
   * same filters (else 3000, as an iterator QuickBooks no longer knows).
   */
  private iterate(type: string, requestId: string | undefined, request: XmlElement, txn: 'Invoice' | 'CreditMemo' = 'Invoice'): string {
    const range = child(request, 'ModifiedDateRangeFilter')
    const from = parseQbDateTime(childText(range, 'FromModifiedDate'))
    const to = parseQbDateTime(childText(range, 'ToModifiedDate'))
    const within = (i: CompanyInvoice) => {
      if ((i.txnType ?? 'Invoice') !== txn) return false
      const at = parseQbDateTime(i.timeModified)!.ms
      return (!from || at >= from.ms) && (!to || at <= to.ms)
    }
    return this.walk(type, requestId, request, () => [...this.invoices.values()].filter(within).map((i) => () => this.invoiceRet(i)))
  }

  /**
   * An iterator: Start takes a snapshot of the matches and returns MaxReturned of them; Continue
   * returns the next ones while its session lasts, with the same filters (else 3000, as an iterator
   * QuickBooks no longer knows).
   */
  private walk(type: string, requestId: string | undefined, request: XmlElement, matches: () => (() => string)[]): string {
    const max = Number(childText(request, 'MaxReturned') ?? '0')
    const filter = request.children
      .filter((c) => c.name !== 'MaxReturned')
      .map((c) => `${c.name}=${c.text}|${c.children.map((g) => `${g.name}=${g.text}`).join(',')}`)
      .concat(String(max))
      .join(';')
    let iteratorId = request.attributes.iteratorID ?? ''
    let iterator = this.iterators.get(iteratorId)
    if (request.attributes.iterator === 'Start') {
      iteratorId = `{${String(++this.seq).padStart(8, '0')}-0000-0000-0000-000000000000}`
      iterator = { left: matches(), filter }
      this.iterators.set(iteratorId, iterator)
    } else if (!iterator || iterator.filter !== filter) {
      return this.status(type, requestId, 3000, `The given object ID "${iteratorId}" in the field "iteratorID" is invalid.`)
    }
    const page = iterator!.left.splice(0, max)
    if (iterator!.left.length === 0) this.iterators.delete(iteratorId)
    const attributes = `iteratorRemainingCount="${iterator!.left.length}" iteratorID="${iteratorId}"`
    if (page.length === 0)
      return this.status(type, requestId, 1, 'A query request did not find a matching object in QuickBooks').replace('>', ` ${attributes}>`)
    return this.status(type, requestId, 0, 'Status OK', page.map((render) => render()).join('')).replace('>', ` ${attributes}>`)
  }

  /** An entry as its list query returns it (sales tax items, codes and sites have no FullName). */
  private listRet(e: CompanyListEntry): string {
    const full = ['ItemSalesTaxRet', 'ItemSalesTaxGroupRet', 'SalesTaxCodeRet', 'InventorySiteRet'].includes(e.type)
      ? ''
      : `<FullName>${esc(e.fullName)}</FullName>`
    return `<${e.type}><ListID>${e.listId}</ListID><TimeCreated>${e.timeCreated}</TimeCreated><TimeModified>${e.timeModified}</TimeModified><EditSequence>${e.editSequence}</EditSequence><Name>${esc(e.type === 'SalesTaxCodeRet' || !full ? e.fullName : e.name)}</Name>${full}<IsActive>${e.active}</IsActive></${e.type}>`
  }

  /**
   * A whole list by ListFilter (ActiveStatus, FromModifiedDate, ToModifiedDate) or by FullName, in
   * name order as QuickBooks returns lists; through an iterator where the query takes one.
   */
  private listQuery(type: string, requestId: string | undefined, request: XmlElement, entries: CompanyListEntry[]): string {
    const names = request.children.filter((c) => c.name === 'FullName').map((c) => c.text.toLowerCase())
    const status = childText(request, 'ActiveStatus') ?? 'ActiveOnly'
    const from = parseQbDateTime(childText(request, 'FromModifiedDate'))
    const to = parseQbDateTime(childText(request, 'ToModifiedDate'))
    const matches = () =>
      entries
        .filter((e) => names.length === 0 || names.includes(e.fullName.toLowerCase()))
        .filter((e) => status === 'All' || (status === 'ActiveOnly') === e.active)
        .filter((e) => {
          const at = parseQbDateTime(e.timeModified)!.ms
          return (!from || at >= from.ms) && (!to || at <= to.ms)
        })
        .sort((a, b) => (a.fullName.toLowerCase() < b.fullName.toLowerCase() ? -1 : 1))
        .map((e) => () => this.listRet(e))
    if (request.attributes.iterator) return this.walk(type, requestId, request, matches)
    return this.found(
      type,
      requestId,
      matches().map((render) => render()),
    )
  }

  private paymentRet(p: SimulatedCompany['payments'][number]): string {
    return `<ReceivePaymentRet><TxnID>${p.txnId}</TxnID><TimeCreated>${p.timeModified}</TimeCreated><TimeModified>${p.timeModified}</TimeModified><EditSequence>${++this.editSequence}</EditSequence><CustomerRef><FullName>${esc(p.customer)}</FullName></CustomerRef><TxnDate>${p.date}</TxnDate>${p.refNumber ? `<RefNumber>${esc(p.refNumber)}</RefNumber>` : ''}<TotalAmount>${p.amount}</TotalAmount><UnusedPayment>0.00</UnusedPayment><UnusedCredits>0.00</UnusedCredits>${p.externalGuid ? `<ExternalGUID>${p.externalGuid}</ExternalGUID>` : ''}<AppliedToTxnRet><TxnID>${p.invoiceTxnId}</TxnID><TxnType>Invoice</TxnType><Amount>${p.amount}</Amount></AppliedToTxnRet></ReceivePaymentRet>`
  }

  private newLine(l: XmlElement): CompanyLine {
    return {
      txnLineId: `${++this.seq}-L`,
      item: childText(child(l, 'ItemRef'), 'FullName') ?? '',
      desc: childText(l, 'Desc') ?? '',
      quantity: childText(l, 'Quantity') ?? '',
      rate: childText(l, 'Rate') ?? '',
      amount: childText(l, 'Amount') ?? '',
      other1: childText(l, 'Other1') ?? '',
      classRef: childText(child(l, 'ClassRef'), 'FullName') ?? '',
      salesTaxCode: childText(child(l, 'SalesTaxCodeRef'), 'FullName') ?? '',
      site: childText(child(l, 'InventorySiteRef'), 'FullName') ?? '',
    }
  }
}

/** An HCP response as the Web Connector sends it on the first sendRequestXML. */
export function hcpResponse(
  options: { versions?: string[]; salesTax?: boolean; classTracking?: boolean; inventorySites?: boolean; companyName?: string } = {},
): string {
  const versions = options.versions ?? ['12.0', '13.0']
  return `<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><HostQueryRs requestID="0" statusCode="0" statusSeverity="Info" statusMessage="Status OK"><HostRet><ProductName>QuickBooks Pro 2014</ProductName><MajorVersion>24</MajorVersion><MinorVersion>0</MinorVersion><Country>US</Country>${versions.map((v) => `<SupportedQBXMLVersion>${v}</SupportedQBXMLVersion>`).join('')}<IsAutomaticLogin>false</IsAutomaticLogin><QBFileMode>SingleUser</QBFileMode></HostRet></HostQueryRs><CompanyQueryRs requestID="1" statusCode="0" statusSeverity="Info" statusMessage="Status OK"><CompanyRet><CompanyName>${esc(options.companyName ?? 'Test Co')}</CompanyName></CompanyRet></CompanyQueryRs><PreferencesQueryRs requestID="2" statusCode="0" statusSeverity="Info" statusMessage="Status OK"><PreferencesRet><AccountingPreferences><IsUsingClassTracking>${options.classTracking ? 'true' : 'false'}</IsUsingClassTracking></AccountingPreferences>${options.inventorySites ? '<MultiLocationInventoryPreferences><IsMultiLocationInventoryAvailable>true</IsMultiLocationInventoryAvailable><IsMultiLocationInventoryEnabled>true</IsMultiLocationInventoryEnabled></MultiLocationInventoryPreferences>' : ''}${options.salesTax ? '<SalesTaxPreferences><IsUsingVendorTaxCode>false</IsUsingVendorTaxCode></SalesTaxPreferences>' : ''}</PreferencesRet></PreferencesQueryRs></QBXMLMsgsRs></QBXML>`
}
