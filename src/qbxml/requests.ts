// Builders for every request the service sends, and the message envelope that carries them. Each
// builder writes its elements in the order of Intuit's schema (qbxmlops130.xsd; identical in 16.0
// for these requests) and refuses input QuickBooks would refuse, before any XML exists.
import { type FieldError, ValidationError } from '../errors.js'
import {
  checkHeader,
  checkInvoice,
  checkLineValues,
  formatAmount,
  formatQuantity,
  isCalendarDate,
  isGuid,
  LIMITS,
  lineAmount,
  type QbInvoice,
  type QbInvoiceLine,
  type QbLineValues,
} from './invoice.js'
import { type InvoiceModPlan, NEW_LINE } from './invoice-mod.js'
import type { CompanyProfile, QbxmlVersion } from './profile.js'
import { toQuickBooksText } from './text.js'
import { type QbRef, QbxmlWriter } from './writer.js'

export type RequestType =
  | 'InvoiceAddRq'
  | 'InvoiceModRq'
  | 'InvoiceQueryRq'
  | 'CreditMemoAddRq'
  | 'CreditMemoModRq'
  | 'CreditMemoQueryRq'
  | 'CustomerQueryRq'
  | 'CustomerAddRq'
  | 'ItemQueryRq'
  | 'TxnDeletedQueryRq'
  | 'ReceivePaymentAddRq'
  | 'ReceivePaymentQueryRq'
  | 'ClassQueryRq'
  | 'SalesTaxCodeQueryRq'
  | 'InventorySiteQueryRq'
  | 'ListDeletedQueryRq'

/** One request, ready to be put in a message. */
export interface QbxmlRequest {
  requestId: string
  type: RequestType
  xml: string
}

export type OnError = 'stopOnError' | 'continueOnError' | 'rollbackOnError'

/** The company's sales tax code names go into SalesTaxCodeRef, whose FullName is at most 3 characters. */
function checkProfile(profile: CompanyProfile): FieldError[] {
  if (!profile.salesTax) return []
  return (['taxable', 'nonTaxable'] as const)
    .filter((k) => {
      const n = toQuickBooksText(profile.salesTaxCodes[k])
      return n.length === 0 || n.length > LIMITS.salesTaxCode
    })
    .map((k) => ({
      field: `salesTaxCodes.${k}`,
      code: 'INVALID',
      message: `A sales tax code name is 1 to ${LIMITS.salesTaxCode} characters (QuickBooks' "Tax" / "Non").`,
    }))
}

function refuseIfAny(errors: FieldError[], what: string): void {
  if (errors.length > 0) throw new ValidationError(errors, `QuickBooks would refuse this ${what}.`)
}

function checkRequestId(requestId: string): void {
  if (requestId.length === 0 || requestId.length > LIMITS.requestId) {
    throw new ValidationError([{ field: 'requestId', code: 'INVALID', message: `requestID must be 1 to ${LIMITS.requestId} characters.` }])
  }
}

/** The whole message: XML declaration, the qbxml version instruction, and the requests in order. */
export function buildMessage(requests: readonly QbxmlRequest[], options: { version: QbxmlVersion; onError?: OnError }): string {
  const seen = new Set<string>()
  for (const r of requests) {
    if (seen.has(r.requestId)) throw new Error(`requestID "${r.requestId}" appears twice in one message; answers are matched by it`)
    seen.add(r.requestId)
  }
  let body = ''
  for (const r of requests) body += r.xml
  return `<?xml version="1.0" encoding="utf-8"?><?qbxml version="${options.version}"?><QBXML><QBXMLMsgsRq onError="${options.onError ?? 'continueOnError'}">${body}</QBXMLMsgsRq></QBXML>`
}

// ---------------------------------------------------------------------------------------------
// Invoices

/**
 * A line's elements in schema order (the same relative order in InvoiceLineAdd and InvoiceLineMod).
 * `clearAbsent`: on a kept line of a Mod, a null value clears the field in QuickBooks; on a new line
 * it is simply left out.
 */
function writeLineValues(w: QbxmlWriter, line: QbLineValues, profile: CompanyProfile, clearAbsent: boolean): void {
  const listRef = (name: string, ref: QbRef | null | undefined) => {
    if (ref) w.ref(name, ref)
    else if (ref === null && clearAbsent) w.ref(name, { fullName: '' })
  }
  if (line.item) w.ref('ItemRef', line.item)
  if (line.description !== undefined) w.text('Desc', line.description)
  const priced = line.quantity !== undefined && line.unitPrice !== undefined
  if (priced) w.value('Quantity', formatQuantity(line.quantity!))
  if (priced) w.value('Rate', formatQuantity(line.unitPrice!))
  if (profile.classTracking) listRef('ClassRef', line.businessUnit)
  // Amount is sent with quantity and rate, equal to QuickBooks' own rounding, so the line total is ours.
  if (priced) w.value('Amount', formatAmount(lineAmount(line.quantity!, line.unitPrice!)))
  if (profile.inventorySites) listRef('InventorySiteRef', line.inventoryLocation)
  if (profile.salesTax && line.taxable !== undefined) {
    w.ref('SalesTaxCodeRef', { fullName: line.taxable ? profile.salesTaxCodes.taxable : profile.salesTaxCodes.nonTaxable })
  }
  if (profile.costField) {
    if (line.cost) w.value(profile.costField, formatQuantity(line.cost))
    else if (line.cost !== undefined && clearAbsent) w.value(profile.costField, '')
  }
}

function fullLine(line: QbInvoiceLine): QbLineValues {
  return {
    item: line.item,
    description: line.description,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    taxable: line.taxable,
    cost: line.cost ?? null,
    businessUnit: line.businessUnit ?? null,
    inventoryLocation: line.inventoryLocation ?? null,
  }
}

/**
 * What of an invoice a request written for `profile` would leave out: the features the company
 * file has not been seen to use are not sent (QuickBooks would refuse the elements), so an invoice
 * that uses one of them would reach QuickBooks incomplete.
 */
export function fieldsLeftOut(invoice: QbInvoice, profile: CompanyProfile): string[] {
  const out: string[] = []
  if (!profile.classTracking && (invoice.businessUnit || invoice.lines.some((l) => l.businessUnit))) out.push('class')
  if (!profile.salesTax && (invoice.taxZone || invoice.lines.some((l) => l.taxable))) out.push('sales tax')
  if (!profile.inventorySites && invoice.lines.some((l) => l.inventoryLocation)) out.push('inventory site')
  return out
}

/** The transactions an invoice is kept as: their requests differ only by name (CreditMemoAdd lacks fields we never send). */
export type TxnName = 'Invoice' | 'CreditMemo'

/**
 * InvoiceAdd for an export (CreditMemoAdd for `txn` CreditMemo, the same elements). `externalGuid`
 * ({8-4-4-4-12}) is stored on the QuickBooks transaction so a lost answer can be resolved by
 * asking QuickBooks instead of adding it twice.
 */
export function buildInvoiceAdd(
  requestId: string,
  invoice: QbInvoice,
  externalGuid: string,
  profile: CompanyProfile,
  txn: TxnName = 'Invoice',
): QbxmlRequest {
  checkRequestId(requestId)
  const errors = [...checkProfile(profile), ...checkInvoice(invoice, profile.costField)]
  if (!isGuid(externalGuid)) errors.push({ field: 'externalGuid', code: 'INVALID', message: 'ExternalGUID must be a GUID in braces.' })
  if (invoice.lines.length === 0) errors.push({ field: 'lines', code: 'REQUIRED', message: 'An invoice without lines is not exported.' })
  refuseIfAny(errors, 'invoice')

  const w = new QbxmlWriter(profile.version)
  w.open(`${txn}AddRq`, { requestID: requestId }).open(`${txn}Add`)
  w.ref('CustomerRef', invoice.customer)
  if (profile.classTracking && invoice.businessUnit) w.ref('ClassRef', invoice.businessUnit)
  w.value('TxnDate', invoice.date)
  w.text('RefNumber', invoice.number)
  if (profile.salesTax && invoice.taxZone) w.ref('ItemSalesTaxRef', invoice.taxZone)
  if (invoice.summary !== '') w.text('Memo', invoice.summary)
  w.value('ExternalGUID', externalGuid)
  for (const line of invoice.lines) {
    w.open(`${txn}LineAdd`)
    writeLineValues(w, fullLine(line), profile, false)
    w.close(`${txn}LineAdd`)
  }
  w.close(`${txn}Add`).close(`${txn}AddRq`)
  return { requestId, type: `${txn}AddRq`, xml: w.toString() }
}

/**
 * InvoiceMod from a plan (invoice-mod.ts). With any line element present, QuickBooks deletes every
 * line not listed, so the plan lists every line to keep; with `lines: null` no line element is
 * written and QuickBooks leaves the lines alone.
 */
export function buildInvoiceMod(requestId: string, plan: InvoiceModPlan, profile: CompanyProfile, txn: TxnName = 'Invoice'): QbxmlRequest {
  checkRequestId(requestId)
  const errors: FieldError[] = checkProfile(profile)
  if (!plan.txnId || plan.txnId.length > LIMITS.id)
    errors.push({ field: 'txnId', code: 'INVALID', message: 'TxnID must be 1 to 36 characters.' })
  if (!plan.editSequence || plan.editSequence.length > LIMITS.editSequence) {
    errors.push({ field: 'editSequence', code: 'INVALID', message: 'EditSequence must be 1 to 16 characters.' })
  }
  errors.push(...checkHeader(plan.header))
  plan.lines?.forEach((line, i) => {
    const isNew = line.txnLineId === NEW_LINE
    if (!isNew && (!line.txnLineId || line.txnLineId.length > LIMITS.id)) {
      errors.push({ field: `lines.${i}.txnLineId`, code: 'INVALID', message: 'TxnLineID must be 1 to 36 characters.' })
    }
    errors.push(...checkLineValues(line.changes, `lines.${i}`, profile.costField, { complete: isNew }))
    if ((line.changes.quantity === undefined) !== (line.changes.unitPrice === undefined)) {
      errors.push({
        field: `lines.${i}`,
        code: 'INVALID',
        message: 'Quantity and unit price are sent together, with the amount they make.',
      })
    }
  })
  if (plan.lines && plan.lines.length === 0)
    errors.push({ field: 'lines', code: 'REQUIRED', message: 'An invoice must keep at least one line.' })
  refuseIfAny(errors, 'change')

  const h = plan.header
  const w = new QbxmlWriter(profile.version)
  w.open(`${txn}ModRq`, { requestID: requestId }).open(`${txn}Mod`)
  w.value('TxnID', plan.txnId)
  w.value('EditSequence', plan.editSequence)
  if (h.customer) w.ref('CustomerRef', h.customer)
  if (profile.classTracking && h.businessUnit !== undefined) w.ref('ClassRef', h.businessUnit ?? { fullName: '' }) // null clears it
  if (h.date !== undefined) w.value('TxnDate', h.date)
  if (h.number !== undefined) w.text('RefNumber', h.number)
  if (profile.salesTax && h.taxZone !== undefined) w.ref('ItemSalesTaxRef', h.taxZone ?? { fullName: '' })
  if (h.summary !== undefined) w.text('Memo', h.summary)
  for (const line of plan.lines ?? []) {
    w.open(`${txn}LineMod`)
    w.value('TxnLineID', line.txnLineId)
    writeLineValues(w, line.changes, profile, line.txnLineId !== NEW_LINE)
    w.close(`${txn}LineMod`)
  }
  w.close(`${txn}Mod`).close(`${txn}ModRq`)
  return { requestId, type: `${txn}ModRq`, xml: w.toString() }
}

export type InvoiceQuery =
  | { by: 'txnId'; txnIds: string[] }
  | { by: 'refNumber'; refNumbers: string[] }
  | {
      by: 'modifiedDate'
      /** YYYY-MM-DDThh:mm:ss, QuickBooks' local time; overlap windows a little (clock and DST quirks). Absent: from the beginning. */
      from?: string
      to?: string
      maxReturned: number
      iterator?: { start: true } | { continueId: string }
    }

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})?$/

/** A DATETIMETYPE bound of a filter, when given. */
const checkDateTime = (field: string, value: string | undefined): FieldError[] =>
  value === undefined || DATETIME.test(value) ? [] : [{ field, code: 'INVALID', message: `${field} must be YYYY-MM-DDThh:mm:ss.` }]

export function buildInvoiceQuery(
  requestId: string,
  query: InvoiceQuery,
  options: { version: QbxmlVersion; includeLineItems?: boolean; txn?: TxnName },
): QbxmlRequest {
  checkRequestId(requestId)
  const errors: FieldError[] = []
  if (query.by === 'txnId') {
    if (query.txnIds.length === 0) errors.push({ field: 'txnIds', code: 'REQUIRED', message: 'At least one TxnID is needed.' })
    query.txnIds.forEach(
      (id, i) =>
        (id.length === 0 || id.length > LIMITS.id) &&
        errors.push({ field: `txnIds.${i}`, code: 'INVALID', message: 'TxnID must be 1 to 36 characters.' }),
    )
  } else if (query.by === 'refNumber') {
    if (query.refNumbers.length === 0) errors.push({ field: 'refNumbers', code: 'REQUIRED', message: 'At least one RefNumber is needed.' })
    query.refNumbers.forEach(
      (n, i) =>
        toQuickBooksText(n).length > LIMITS.refNumber &&
        errors.push({ field: `refNumbers.${i}`, code: 'TOO_LONG', message: 'RefNumber is at most 11 characters.' }),
    )
  } else {
    errors.push(...checkDateTime('from', query.from), ...checkDateTime('to', query.to))
    if (!Number.isInteger(query.maxReturned) || query.maxReturned < 1)
      errors.push({ field: 'maxReturned', code: 'INVALID', message: 'maxReturned must be a positive whole number.' })
  }
  refuseIfAny(errors, 'query')

  const iterator = query.by === 'modifiedDate' ? query.iterator : undefined
  const txn = options.txn ?? 'Invoice'
  const w = new QbxmlWriter(options.version)
  w.open(`${txn}QueryRq`, {
    requestID: requestId,
    iterator: iterator ? ('start' in iterator ? 'Start' : 'Continue') : undefined,
    iteratorID: iterator && 'continueId' in iterator ? iterator.continueId : undefined,
  })
  if (query.by === 'txnId') for (const id of query.txnIds) w.value('TxnID', id)
  else if (query.by === 'refNumber') for (const n of query.refNumbers) w.text('RefNumber', n)
  else {
    w.value('MaxReturned', String(query.maxReturned))
    if (query.from !== undefined || query.to !== undefined) {
      w.open('ModifiedDateRangeFilter')
      if (query.from !== undefined) w.value('FromModifiedDate', query.from)
      if (query.to !== undefined) w.value('ToModifiedDate', query.to)
      w.close('ModifiedDateRangeFilter')
    }
  }
  if (options.includeLineItems ?? true) w.value('IncludeLineItems', 'true')
  w.close(`${txn}QueryRq`)
  return { requestId, type: `${txn}QueryRq`, xml: w.toString() }
}

/**
 * Invoices (or credit memos) deleted in QuickBooks (TxnDeletedQuery: no iterator, small answers: TxnID, RefNumber,
 * TimeDeleted), since `from` (QuickBooks' local time) or ever.
 */
export function buildDeletedInvoicesQuery(
  requestId: string,
  query: { from?: string },
  options: { version: QbxmlVersion; txn?: TxnName },
): QbxmlRequest {
  checkRequestId(requestId)
  refuseIfAny(checkDateTime('from', query.from), 'query')
  const w = new QbxmlWriter(options.version)
    .open('TxnDeletedQueryRq', { requestID: requestId })
    .value('TxnDelType', options.txn ?? 'Invoice')
  if (query.from !== undefined) w.open('DeletedDateRangeFilter').value('FromDeletedDate', query.from).close('DeletedDateRangeFilter')
  return { requestId, type: 'TxnDeletedQueryRq', xml: w.close('TxnDeletedQueryRq').toString() }
}

// ---------------------------------------------------------------------------------------------
// Payments received, applied to an invoice

/** A payment to record in QuickBooks, applied to one invoice (by its TxnID). */
export interface QbPayment {
  customer: QbRef
  date: string
  /** AMTTYPE, e.g. "125.00". */
  amount: string
  method: string | null
  reference: string | null
  memo: string | null
  invoiceTxnId: string
}

/** RefNumber of a payment is at most 20 characters; a payment method is a flat list name (31). */
const PAYMENT_REF_NUMBER = 20

/** ReceivePaymentAdd applied to the invoice's TxnID, with our ExternalGUID (found again if the answer is lost). */
export function buildReceivePaymentAdd(
  requestId: string,
  payment: QbPayment,
  externalGuid: string,
  options: { version: QbxmlVersion },
): QbxmlRequest {
  checkRequestId(requestId)
  const errors: FieldError[] = []
  if (!/^\d{1,13}\.\d{2}$/.test(payment.amount) || /^0+\.00$/.test(payment.amount))
    errors.push({ field: 'amount', code: 'INVALID', message: 'A payment amount is positive, with two decimals.' })
  if (!isCalendarDate(payment.date)) errors.push({ field: 'date', code: 'INVALID', message: 'date must be YYYY-MM-DD.' })
  if (payment.reference && toQuickBooksText(payment.reference).length > PAYMENT_REF_NUMBER)
    errors.push({
      field: 'reference',
      code: 'TOO_LONG',
      message: `A payment's reference is at most ${PAYMENT_REF_NUMBER} characters in QuickBooks.`,
    })
  if (payment.method && toQuickBooksText(payment.method).length > LIMITS.flatListFullName)
    errors.push({
      field: 'method',
      code: 'TOO_LONG',
      message: `A payment method name is at most ${LIMITS.flatListFullName} characters in QuickBooks.`,
    })
  if (payment.memo && toQuickBooksText(payment.memo).length > LIMITS.memo)
    errors.push({ field: 'memo', code: 'TOO_LONG', message: `A memo is at most ${LIMITS.memo} characters in QuickBooks.` })
  if (!payment.invoiceTxnId || payment.invoiceTxnId.length > LIMITS.id)
    errors.push({ field: 'invoiceTxnId', code: 'INVALID', message: 'The invoice has no QuickBooks TxnID.' })
  refuseIfAny(errors, 'payment')
  const w = new QbxmlWriter(options.version).open('ReceivePaymentAddRq', { requestID: requestId }).open('ReceivePaymentAdd')
  w.ref('CustomerRef', payment.customer).value('TxnDate', payment.date)
  if (payment.reference) w.text('RefNumber', payment.reference)
  w.value('TotalAmount', payment.amount)
  if (payment.method) w.ref('PaymentMethodRef', { fullName: payment.method })
  if (payment.memo) w.text('Memo', payment.memo)
  w.value('ExternalGUID', externalGuid)
  w.open('AppliedToTxnAdd').value('TxnID', payment.invoiceTxnId).value('PaymentAmount', payment.amount).close('AppliedToTxnAdd')
  w.close('ReceivePaymentAdd').close('ReceivePaymentAddRq')
  return { requestId, type: 'ReceivePaymentAddRq', xml: w.toString() }
}

/** The payments of a customer on a date: where a payment whose answer was lost is looked for (by its ExternalGUID). */
export function buildReceivePaymentQuery(
  requestId: string,
  query: { customer: QbRef; date: string },
  options: { version: QbxmlVersion },
): QbxmlRequest {
  checkRequestId(requestId)
  if (!isCalendarDate(query.date)) refuseIfAny([{ field: 'date', code: 'INVALID', message: 'date must be YYYY-MM-DD.' }], 'query')
  const w = new QbxmlWriter(options.version).open('ReceivePaymentQueryRq', { requestID: requestId })
  w.open('TxnDateRangeFilter').value('FromTxnDate', query.date).value('ToTxnDate', query.date).close('TxnDateRangeFilter')
  w.open('EntityFilter')
  if (query.customer.listId) w.value('ListID', query.customer.listId)
  else w.text('FullName', query.customer.fullName ?? '')
  w.close('EntityFilter').close('ReceivePaymentQueryRq')
  return { requestId, type: 'ReceivePaymentQueryRq', xml: w.toString() }
}

/** Payments received or changed in QuickBooks since `from` (or ever), with the invoices they were applied to. */
export function buildReceivePaymentsQuery(requestId: string, query: { from?: string }, options: { version: QbxmlVersion }): QbxmlRequest {
  checkRequestId(requestId)
  refuseIfAny(checkDateTime('from', query.from), 'query')
  const w = new QbxmlWriter(options.version).open('ReceivePaymentQueryRq', { requestID: requestId })
  if (query.from !== undefined) w.open('ModifiedDateRangeFilter').value('FromModifiedDate', query.from).close('ModifiedDateRangeFilter')
  w.value('IncludeLineItems', 'true')
  w.value('IncludeRetElement', 'TxnID').value('IncludeRetElement', 'TimeModified').value('IncludeRetElement', 'AppliedToTxnRet')
  return { requestId, type: 'ReceivePaymentQueryRq', xml: w.close('ReceivePaymentQueryRq').toString() }
}

// ---------------------------------------------------------------------------------------------
// Customers and items (QuickBooks names are unique per list: they are matched by FullName)

function checkNames(names: string[], max: number, label: string): FieldError[] {
  const errors: FieldError[] = []
  if (names.length === 0) errors.push({ field: 'names', code: 'REQUIRED', message: `At least one ${label} name is needed.` })
  names.forEach((n, i) => {
    const stored = toQuickBooksText(n)
    if (stored.length === 0) errors.push({ field: `names.${i}`, code: 'REQUIRED', message: `${label} name is empty.` })
    if (stored.length > max)
      errors.push({
        field: `names.${i}`,
        code: 'TOO_LONG',
        message: `${label} "${n}" is ${stored.length} characters; QuickBooks allows at most ${max}.`,
      })
  })
  return errors
}

/** A list query by exact FullName (the schema's ListQuery choice of FullName*). */
function buildListQueryByName(
  type: 'CustomerQueryRq' | 'ItemQueryRq',
  requestId: string,
  fullNames: string[],
  version: QbxmlVersion,
): QbxmlRequest {
  checkRequestId(requestId)
  const [max, label] = type === 'CustomerQueryRq' ? [LIMITS.customerFullName, 'Customer'] : [LIMITS.listFullName, 'Item']
  refuseIfAny(checkNames(fullNames, max, label), 'query')
  const w = new QbxmlWriter(version).open(type, { requestID: requestId })
  for (const n of fullNames) w.text('FullName', n)
  return { requestId, type, xml: w.close(type).toString() }
}

export function buildCustomerQuery(requestId: string, fullNames: string[], options: { version: QbxmlVersion }): QbxmlRequest {
  return buildListQueryByName('CustomerQueryRq', requestId, fullNames, options.version)
}

export interface QbCustomer {
  /** Name (at most 41; a top-level customer, so no ':'). */
  name: string
  email?: string | null
  billAddress?: Partial<
    Record<'addr1' | 'addr2' | 'addr3' | 'addr4' | 'addr5' | 'city' | 'state' | 'postalCode' | 'country' | 'note', string>
  > | null
}

const ADDRESS_FIELDS = [
  ['addr1', 'Addr1', 41],
  ['addr2', 'Addr2', 41],
  ['addr3', 'Addr3', 41],
  ['addr4', 'Addr4', 41],
  ['addr5', 'Addr5', 41],
  ['city', 'City', 31],
  ['state', 'State', 21],
  ['postalCode', 'PostalCode', 13],
  ['country', 'Country', 31],
  ['note', 'Note', 41],
] as const

export function buildCustomerAdd(requestId: string, customer: QbCustomer, options: { version: QbxmlVersion }): QbxmlRequest {
  checkRequestId(requestId)
  const errors = checkNames([customer.name], LIMITS.customerName, 'Customer').map((e) => ({ ...e, field: 'name' }))
  if (customer.name.includes(':'))
    errors.push({ field: 'name', code: 'INVALID', message: "A customer name may not contain ':' (QuickBooks' sub-customer separator)." })
  if (customer.email && toQuickBooksText(customer.email).length > 1023)
    errors.push({ field: 'email', code: 'TOO_LONG', message: 'Email is at most 1023 characters.' })
  for (const [key, , max] of ADDRESS_FIELDS) {
    const v = customer.billAddress?.[key]
    if (v && toQuickBooksText(v).length > max)
      errors.push({ field: `billAddress.${key}`, code: 'TOO_LONG', message: `${key} is at most ${max} characters.` })
  }
  refuseIfAny(errors, 'customer')

  const w = new QbxmlWriter(options.version).open('CustomerAddRq', { requestID: requestId }).open('CustomerAdd')
  w.text('Name', customer.name)
  const address = customer.billAddress
  if (address && ADDRESS_FIELDS.some(([key]) => address[key])) {
    w.open('BillAddress')
    for (const [key, element] of ADDRESS_FIELDS) if (address[key]) w.text(element, address[key]!)
    w.close('BillAddress')
  }
  if (customer.email) w.text('Email', customer.email)
  return { requestId, type: 'CustomerAddRq', xml: w.close('CustomerAdd').close('CustomerAddRq').toString() }
}

export function buildItemQuery(requestId: string, fullNames: string[], options: { version: QbxmlVersion }): QbxmlRequest {
  return buildListQueryByName('ItemQueryRq', requestId, fullNames, options.version)
}

// ---------------------------------------------------------------------------------------------
// Whole lists read back, by modification date

/** The lists read back; customers and items walk an iterator, the short lists are read whole. */
export type ListQueryType = 'CustomerQueryRq' | 'ItemQueryRq' | 'ClassQueryRq' | 'SalesTaxCodeQueryRq' | 'InventorySiteQueryRq'

/** Whether QuickBooks' schema gives a list query an iterator (and MaxReturned). */
export const LIST_QUERY_ITERATES: Record<ListQueryType, boolean> = {
  CustomerQueryRq: true,
  ItemQueryRq: true,
  ClassQueryRq: false,
  SalesTaxCodeQueryRq: false,
  InventorySiteQueryRq: false,
}

/**
 * A whole list modified in a window (FromModifiedDate / ToModifiedDate, QuickBooks' local time;
 * absent: from the beginning, to now), inactive entries included (ActiveStatus All: an entry made
 * inactive is a change too). Customers and items walk an iterator of `maxReturned` entries.
 */
export function buildListQuery(
  type: ListQueryType,
  requestId: string,
  query: { from?: string; to?: string; maxReturned?: number; iterator?: { start: true } | { continueId: string } },
  options: { version: QbxmlVersion },
): QbxmlRequest {
  checkRequestId(requestId)
  const errors = [...checkDateTime('from', query.from), ...checkDateTime('to', query.to)]
  const iterates = LIST_QUERY_ITERATES[type]
  if (!iterates && (query.iterator || query.maxReturned !== undefined))
    errors.push({ field: 'iterator', code: 'INVALID', message: `${type} takes neither an iterator nor MaxReturned.` })
  if (query.maxReturned !== undefined && (!Number.isInteger(query.maxReturned) || query.maxReturned < 1))
    errors.push({ field: 'maxReturned', code: 'INVALID', message: 'maxReturned must be a positive whole number.' })
  if (query.iterator && query.maxReturned === undefined)
    errors.push({ field: 'maxReturned', code: 'REQUIRED', message: 'An iterator needs MaxReturned.' })
  refuseIfAny(errors, 'query')
  const iterator = query.iterator
  const w = new QbxmlWriter(options.version).open(type, {
    requestID: requestId,
    iterator: iterator ? ('start' in iterator ? 'Start' : 'Continue') : undefined,
    iteratorID: iterator && 'continueId' in iterator ? iterator.continueId : undefined,
  })
  // ListFilter's order (InventorySiteFilter has no MaxReturned): MaxReturned, ActiveStatus, FromModifiedDate, ToModifiedDate.
  if (query.maxReturned !== undefined) w.value('MaxReturned', String(query.maxReturned))
  w.value('ActiveStatus', 'All')
  if (query.from !== undefined) w.value('FromModifiedDate', query.from)
  if (query.to !== undefined) w.value('ToModifiedDate', query.to)
  return { requestId, type, xml: w.close(type).toString() }
}

/**
 * List entries deleted in QuickBooks (ListDeletedQuery: ListID, FullName, TimeDeleted), of these
 * ListDelTypes (Customer, ItemService, Class, ...), since `from` (QuickBooks' local time) or ever.
 */
export function buildListDeletedQuery(
  requestId: string,
  types: readonly string[],
  query: { from?: string },
  options: { version: QbxmlVersion },
): QbxmlRequest {
  checkRequestId(requestId)
  const errors = checkDateTime('from', query.from)
  if (types.length === 0) errors.push({ field: 'types', code: 'REQUIRED', message: 'At least one ListDelType is needed.' })
  refuseIfAny(errors, 'query')
  const w = new QbxmlWriter(options.version).open('ListDeletedQueryRq', { requestID: requestId })
  for (const type of types) w.value('ListDelType', type)
  if (query.from !== undefined) w.open('DeletedDateRangeFilter').value('FromDeletedDate', query.from).close('DeletedDateRangeFilter')
  return { requestId, type: 'ListDeletedQueryRq', xml: w.close('ListDeletedQueryRq').toString() }
}
