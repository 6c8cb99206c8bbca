// Credit memos, in one place and pure: an invoice whose total is negative is kept in QuickBooks as
// a credit memo (QuickBooks refuses an invoice whose total is below zero), with the same
// lifecycle, sync status and exactly-once rules as an invoice. What it is sent as is fixed by its
// first add; an edit that would turn one into the other is refused, since QuickBooks keeps them as
// different transactions.
//
//   here                                   in QuickBooks
//   total >= 0                             an invoice (InvoiceAdd / InvoiceMod)
//   total < 0                              a credit memo (CreditMemoAdd / CreditMemoMod), each line's
//                                            quantity negated: a return of 1 is a sale of -1, so every
//                                            amount is the other way round and inventory moves the same
//   exported, the total changes sign      refused (TRANSACTION_TYPE_CHANGE): bypass is no way round it
//   an add lost, then the sign changed    the lookup asks for what was sent; the change that follows
//                                            is refused as it could not be applied
import { compare, parseDecimal, ZERO } from '../decimal.js'
import type { QbInvoice } from '../qbxml/invoice.js'
import type { QbInvoiceRet } from '../qbxml/responses.js'

export type TxnType = 'INVOICE' | 'CREDIT_MEMO'

/** What an invoice of this total is kept as in QuickBooks. */
export function txnTypeOf(total: string): TxnType {
  return compare(parseDecimal(total), ZERO) < 0 ? 'CREDIT_MEMO' : 'INVOICE'
}

/** The element names of a transaction type in qbXML (InvoiceAdd, CreditMemoLineMod, ...). */
export const QB_TXN_NAME: Record<TxnType, 'Invoice' | 'CreditMemo'> = { INVOICE: 'Invoice', CREDIT_MEMO: 'CreditMemo' }

/** A decimal string with its sign turned (zero stays as it is), exactly as written otherwise. */
export function negated(value: string): string {
  const v = value.trim()
  if (v.startsWith('-')) return v.slice(1)
  return compare(parseDecimal(v), ZERO) === 0 ? v : `-${v.startsWith('+') ? v.slice(1) : v}`
}

/**
 * The invoice as the transaction QuickBooks keeps: unchanged for an invoice; for a credit memo
 * every line's quantity negated (and back: the mapping is its own inverse).
 */
export function asTxn(qb: QbInvoice, type: TxnType): QbInvoice {
  if (type === 'INVOICE') return qb
  return { ...qb, lines: qb.lines.map((l) => ({ ...l, quantity: negated(l.quantity) })) }
}

/** Whether an exported invoice's new total would need the other transaction type (refused). */
export function changesTxnType(sentAs: TxnType, total: string): boolean {
  return txnTypeOf(total) !== sentAs
}

export const TRANSACTION_TYPE_CHANGE = 'TRANSACTION_TYPE_CHANGE'

/** Why such an edit is refused, for the person. */
export function txnTypeChangeMessage(sentAs: TxnType): string {
  return sentAs === 'CREDIT_MEMO'
    ? 'This invoice is a credit memo in QuickBooks (its total was negative when it was exported); a positive total would make it an invoice, which QuickBooks keeps as a different transaction. Keep the total below zero, or create an adjustment invoice for the difference.'
    : 'This invoice is an invoice in QuickBooks; a negative total would make it a credit memo, which QuickBooks keeps as a different transaction. Keep the total at zero or above, and credit the difference with an adjustment invoice.'
}

/** QuickBooks' copy in this service's terms: a credit memo's lines with their quantities and amounts turned back. */
export function inInvoiceTerms(ret: QbInvoiceRet): QbInvoiceRet {
  if (ret.txnType !== 'CREDIT_MEMO') return ret
  const turn = (v: string | null) => (v === null ? null : negated(v))
  return { ...ret, lines: ret.lines.map((l) => ({ ...l, quantity: turn(l.quantity), amount: turn(l.amount) })) }
}
