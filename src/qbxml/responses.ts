// Reads QuickBooks' answers: each response of a QBXMLMsgsRs by its requestID (never by position),
// with its status and what it returned, and the HCP response the Web Connector sends first. Lenient
// about optional elements and their order; strict about XML itself (xml-parser.ts).

import { CONSERVATIVE_PROFILE, type CompanyProfile, negotiateVersion } from './profile.js'
import type { QbRef } from './writer.js'
import { child, childText, parseXml, type XmlElement } from './xml-parser.js'

export class QbxmlResponseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'QbxmlResponseError'
  }
}

export interface QbInvoiceLineRet {
  txnLineId: string
  item: QbRef | null
  description: string | null
  quantity: string | null
  rate: string | null
  amount: string | null
  classRef: QbRef | null
  inventorySite: QbRef | null
  salesTaxCode: QbRef | null
  other1: string | null
  other2: string | null
  /** Set for lines inside an item group. */
  groupTxnLineId?: string
}

export interface QbInvoiceRet {
  /** CREDIT_MEMO for a CreditMemoRet (lines, amounts and references as an invoice's); absent for an invoice. */
  txnType?: 'INVOICE' | 'CREDIT_MEMO'
  txnId: string
  timeCreated: string | null
  timeModified: string | null
  editSequence: string
  txnNumber: number | null
  customer: QbRef | null
  classRef: QbRef | null
  txnDate: string | null
  refNumber: string | null
  subtotal: string | null
  itemSalesTax: QbRef | null
  salesTaxTotal: string | null
  /** Payments and credits applied (QuickBooks writes it negative), what is left to pay, and whether nothing is. */
  appliedAmount: string | null
  balanceRemaining: string | null
  isPaid: boolean | null
  memo: string | null
  externalGuid: string | null
  lines: QbInvoiceLineRet[]
}

export interface QbListRet {
  /** CustomerRet, ItemServiceRet, ItemInventoryRet, ... */
  type: string
  listId: string
  name: string | null
  fullName: string | null
  editSequence: string | null
  isActive: boolean | null
  /** QuickBooks' TimeModified, in its own form. */
  timeModified: string | null
}

export interface QbResponse {
  /** The response element, e.g. InvoiceAddRs. */
  type: string
  /** Echo of the request's requestID; null when QuickBooks sent none. */
  requestId: string | null
  statusCode: number
  statusSeverity: string
  statusMessage: string
  iteratorId: string | null
  iteratorRemainingCount: number | null
  retCount: number | null
  invoices: QbInvoiceRet[]
  lists: QbListRet[]
  /** ListDeletedRet entries: list entries deleted in QuickBooks. */
  listDeleted: { type: string; listId: string; fullName: string | null; timeDeleted: string | null }[]
  /** ReceivePaymentRet entries: payments received. */
  payments: {
    txnId: string
    timeModified: string | null
    externalGuid: string | null
    totalAmount: string | null
    refNumber: string | null
    appliedTo: string[]
  }[]
  /** TxnDeletedRet entries: transactions deleted in QuickBooks. */
  deleted: { txnId: string; type: string | null; timeDeleted: string | null; refNumber: string | null }[]
  /** What QuickBooks reports about an earlier, possibly unfinished, message (ErrorRecovery). */
  errorRecovery: Record<string, string> | null
  /** The response element itself, to keep the answer to one request. */
  element: XmlElement
}

export interface QbResponseMessage {
  byRequestId: Map<string, QbResponse>
  /** Responses without a requestID: kept for the record, never matched to a request by position. */
  unmatched: QbResponse[]
}

const ref = (element: XmlElement | undefined): QbRef | null => {
  if (!element) return null
  const listId = childText(element, 'ListID')
  const fullName = childText(element, 'FullName')
  return { ...(listId !== undefined ? { listId } : {}), ...(fullName !== undefined ? { fullName } : {}) }
}

const text = (element: XmlElement | undefined, name: string): string | null => childText(element, name) ?? null

const int = (value: string | null | undefined): number | null => {
  if (value === null || value === undefined || !/^-?\d+$/.test(value.trim())) return null
  return Number(value.trim())
}

/** A line answer with nothing in it but its TxnLineID: what parsing starts from (and test doubles build on). */
export function blankLineRet(txnLineId = ''): QbInvoiceLineRet {
  return {
    txnLineId,
    item: null,
    description: null,
    quantity: null,
    rate: null,
    amount: null,
    classRef: null,
    inventorySite: null,
    salesTaxCode: null,
    other1: null,
    other2: null,
  }
}

/** An invoice answer with only the given fields set. */
export function blankInvoiceRet(fields: Partial<QbInvoiceRet> = {}): QbInvoiceRet {
  return {
    txnId: '',
    timeCreated: null,
    timeModified: null,
    editSequence: '',
    txnNumber: null,
    customer: null,
    classRef: null,
    txnDate: null,
    refNumber: null,
    subtotal: null,
    itemSalesTax: null,
    salesTaxTotal: null,
    appliedAmount: null,
    balanceRemaining: null,
    isPaid: null,
    memo: null,
    externalGuid: null,
    lines: [],
    ...fields,
  }
}

function parseLine(element: XmlElement, groupTxnLineId?: string): QbInvoiceLineRet {
  const line: QbInvoiceLineRet = { ...blankLineRet(), ...(groupTxnLineId ? { groupTxnLineId } : {}) }
  // One pass over the children: answers are parsed by the thousand per sync.
  for (const c of element.children) {
    switch (c.name) {
      case 'TxnLineID':
        line.txnLineId = c.text
        break
      case 'ItemRef':
        line.item = ref(c)
        break
      case 'Desc':
        line.description = c.text
        break
      case 'Quantity':
        line.quantity = c.text
        break
      case 'Rate':
        line.rate = c.text
        break
      case 'Amount':
        line.amount = c.text
        break
      case 'ClassRef':
        line.classRef = ref(c)
        break
      case 'InventorySiteRef':
        line.inventorySite = ref(c)
        break
      case 'SalesTaxCodeRef':
        line.salesTaxCode = ref(c)
        break
      case 'Other1':
        line.other1 = c.text
        break
      case 'Other2':
        line.other2 = c.text
        break
    }
  }
  return line
}

/** An InvoiceRet, or a CreditMemoRet read the same way (its lines CreditMemoLineRet, its total TotalAmount). */
export function parseInvoiceRet(element: XmlElement): QbInvoiceRet {
  const invoice = blankInvoiceRet(element.name === 'CreditMemoRet' ? { txnType: 'CREDIT_MEMO' } : {})
  for (const c of element.children) {
    switch (c.name) {
      case 'TxnID':
        invoice.txnId = c.text
        break
      case 'TimeCreated':
        invoice.timeCreated = c.text
        break
      case 'TimeModified':
        invoice.timeModified = c.text
        break
      case 'EditSequence':
        invoice.editSequence = c.text
        break
      case 'TxnNumber':
        invoice.txnNumber = int(c.text)
        break
      case 'CustomerRef':
        invoice.customer = ref(c)
        break
      case 'ClassRef':
        invoice.classRef = ref(c)
        break
      case 'TxnDate':
        invoice.txnDate = c.text
        break
      case 'RefNumber':
        invoice.refNumber = c.text
        break
      case 'Subtotal':
        invoice.subtotal = c.text
        break
      case 'ItemSalesTaxRef':
        invoice.itemSalesTax = ref(c)
        break
      case 'SalesTaxTotal':
        invoice.salesTaxTotal = c.text
        break
      case 'AppliedAmount':
        invoice.appliedAmount = c.text
        break
      case 'BalanceRemaining':
        invoice.balanceRemaining = c.text
        break
      case 'IsPaid':
        invoice.isPaid = c.text === 'true'
        break
      case 'Memo':
        invoice.memo = c.text
        break
      case 'ExternalGUID':
        invoice.externalGuid = c.text
        break
      case 'InvoiceLineRet':
      case 'CreditMemoLineRet':
        invoice.lines.push(parseLine(c))
        break
      case 'InvoiceLineGroupRet':
      case 'CreditMemoLineGroupRet': {
        const groupId = text(c, 'TxnLineID') ?? ''
        for (const g of c.children)
          if (g.name === 'InvoiceLineRet' || g.name === 'CreditMemoLineRet') invoice.lines.push(parseLine(g, groupId))
        break
      }
    }
  }
  return invoice
}

function parseListRet(element: XmlElement): QbListRet {
  const active = text(element, 'IsActive')
  return {
    type: element.name,
    listId: text(element, 'ListID') ?? '',
    name: text(element, 'Name'),
    fullName: text(element, 'FullName'),
    editSequence: text(element, 'EditSequence'),
    isActive: active === null ? null : active === 'true',
    timeModified: text(element, 'TimeModified'),
  }
}

function parseResponse(element: XmlElement): QbResponse {
  const a = element.attributes
  const statusCode = int(a.statusCode)
  if (statusCode === null) throw new QbxmlResponseError(`<${element.name}> has no numeric statusCode`)
  const response: QbResponse = {
    type: element.name,
    requestId: a.requestID ?? null,
    statusCode,
    statusSeverity: a.statusSeverity ?? (statusCode === 0 ? 'Info' : 'Error'),
    statusMessage: a.statusMessage ?? '',
    iteratorId: a.iteratorID ?? null,
    iteratorRemainingCount: int(a.iteratorRemainingCount),
    retCount: int(a.retCount),
    invoices: [],
    lists: [],
    listDeleted: [],
    deleted: [],
    payments: [],
    errorRecovery: null,
    element,
  }
  for (const c of element.children) {
    if (c.name === 'InvoiceRet' || c.name === 'CreditMemoRet') response.invoices.push(parseInvoiceRet(c))
    else if (c.name === 'ReceivePaymentRet')
      response.payments.push({
        txnId: text(c, 'TxnID') ?? '',
        timeModified: text(c, 'TimeModified'),
        externalGuid: text(c, 'ExternalGUID'),
        totalAmount: text(c, 'TotalAmount'),
        refNumber: text(c, 'RefNumber'),
        appliedTo: c.children.filter((a) => a.name === 'AppliedToTxnRet').map((a) => text(a, 'TxnID') ?? ''),
      })
    else if (c.name === 'TxnDeletedRet')
      response.deleted.push({
        txnId: text(c, 'TxnID') ?? '',
        type: text(c, 'TxnDelType'),
        timeDeleted: text(c, 'TimeDeleted'),
        refNumber: text(c, 'RefNumber'),
      })
    else if (c.name === 'ListDeletedRet')
      response.listDeleted.push({
        type: text(c, 'ListDelType') ?? '',
        listId: text(c, 'ListID') ?? '',
        fullName: text(c, 'FullName'),
        timeDeleted: text(c, 'TimeDeleted'),
      })
    else if (c.name === 'ErrorRecovery') response.errorRecovery = Object.fromEntries(c.children.map((e) => [e.name, e.text]))
    else if (c.name.endsWith('Ret') && child(c, 'ListID')) response.lists.push(parseListRet(c))
  }
  return response
}

function qbxmlRoot(input: string | XmlElement): XmlElement {
  const root = typeof input === 'string' ? parseXml(input) : input
  if (root.name !== 'QBXML') throw new QbxmlResponseError(`expected a <QBXML> document, got <${root.name}>`)
  return root
}

/** All responses of a QBXMLMsgsRs message. */
export function parseResponseMessage(input: string | XmlElement): QbResponseMessage {
  const msgs = child(qbxmlRoot(input), 'QBXMLMsgsRs')
  if (!msgs) throw new QbxmlResponseError('the document has no <QBXMLMsgsRs>')
  const byRequestId = new Map<string, QbResponse>()
  const unmatched: QbResponse[] = []
  for (const element of msgs.children) {
    if (!element.name.endsWith('Rs')) continue
    const response = parseResponse(element)
    if (response.requestId === null) unmatched.push(response)
    else if (byRequestId.has(response.requestId)) throw new QbxmlResponseError(`requestID "${response.requestId}" answered twice`)
    else byRequestId.set(response.requestId, response)
  }
  return { byRequestId, unmatched }
}

// ---------------------------------------------------------------------------------------------
// The HCP response: HostQuery, CompanyQuery and PreferencesQuery, run by the Web Connector itself

export interface HcpInfo {
  productName: string | null
  majorVersion: number | null
  country: string | null
  supportedVersions: string[]
  fileMode: string | null
  companyName: string | null
  preferences: {
    classTracking: boolean
    salesTax: boolean
    multiCurrency: boolean
    inventorySites: boolean
    usingInventory: boolean
  } | null
}

const bool = (element: XmlElement | undefined, name: string): boolean => childText(element, name)?.trim() === 'true'

export function parseHcpResponse(input: string | XmlElement): HcpInfo {
  const msgs = child(qbxmlRoot(input), 'QBXMLMsgsRs')
  if (!msgs) throw new QbxmlResponseError('the HCP response has no <QBXMLMsgsRs>')
  const host = child(child(msgs, 'HostQueryRs'), 'HostRet')
  const company = child(child(msgs, 'CompanyQueryRs'), 'CompanyRet')
  const prefs = child(child(msgs, 'PreferencesQueryRs'), 'PreferencesRet')
  return {
    productName: text(host, 'ProductName'),
    majorVersion: int(text(host, 'MajorVersion')),
    country: text(host, 'Country'),
    supportedVersions: host ? host.children.filter((c) => c.name === 'SupportedQBXMLVersion').map((c) => c.text.trim()) : [],
    fileMode: text(host, 'QBFileMode'),
    companyName: text(company, 'CompanyName'),
    preferences: prefs
      ? {
          classTracking: bool(child(prefs, 'AccountingPreferences'), 'IsUsingClassTracking'),
          // SalesTaxPreferences is absent when sales tax is turned off.
          salesTax: child(prefs, 'SalesTaxPreferences') !== undefined,
          multiCurrency: bool(child(prefs, 'MultiCurrencyPreferences'), 'IsMultiCurrencyOn'),
          inventorySites: bool(child(prefs, 'MultiLocationInventoryPreferences'), 'IsMultiLocationInventoryEnabled'),
          usingInventory: bool(child(prefs, 'PurchasesAndVendorsPreferences'), 'IsUsingInventory'),
        }
      : null,
  }
}

/**
 * The company profile from an HCP response and the Web Connector's version arguments. Returns
 * undefined when QuickBooks supports no qbXML version we build (older than 13.0).
 */
export function profileFromHcp(
  hcp: HcpInfo,
  qbwc: { country?: string | null; majorVersion?: number | null; minorVersion?: number | null } = {},
  base: CompanyProfile = CONSERVATIVE_PROFILE,
): CompanyProfile | undefined {
  const offered = [...hcp.supportedVersions]
  if (qbwc.majorVersion) offered.push(`${qbwc.majorVersion}.${qbwc.minorVersion ?? 0}`)
  const version = negotiateVersion(offered.length > 0 ? offered : [base.version])
  if (!version) return undefined
  const countryCode = (qbwc.country ?? hcp.country ?? base.country).toUpperCase()
  const country = countryCode === 'CA' || countryCode === 'UK' ? countryCode : 'US'
  const p = hcp.preferences
  return {
    ...base,
    version,
    country,
    classTracking: p?.classTracking ?? base.classTracking,
    salesTax: p?.salesTax ?? base.salesTax,
    inventorySites: p?.inventorySites ?? base.inventorySites,
  }
}
