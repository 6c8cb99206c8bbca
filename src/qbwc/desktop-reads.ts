// Reading back from QuickBooks Desktop: the read requests of a connection's pass (InvoiceQuery by
// modification date, walked with QuickBooks' iterator) and what their answers say: where the pass
// stands, and each copy of an invoice we exported compared with what we last synced. It decides
// nothing: the rules are read-decisions.ts, the writes the sync state store's.
import { randomBytes } from 'node:crypto'
import type { Executor } from '../db/client.js'
import { add, isPlainDecimal, parseDecimal, toFixed } from '../decimal.js'
import { laterQbDateTime } from '../qbxml/datetime.js'
import { describeStatus, type ErrorDescription } from '../qbxml/error-catalog.js'
import type { CompanyProfile } from '../qbxml/profile.js'
import {
  buildDeletedInvoicesQuery,
  buildInvoiceQuery,
  buildListDeletedQuery,
  buildListQuery,
  buildMessage,
  buildReceivePaymentsQuery,
  LIST_QUERY_ITERATES,
} from '../qbxml/requests.js'
import type { QbInvoiceRet, QbResponse } from '../qbxml/responses.js'
import { QB_TXN_NAME, type TxnType } from '../sync/credit-memos.js'
import { entryName, LIST_READ_KINDS, LIST_READS, type ListKind, type ListRead, listKindOf } from '../sync/list-decisions.js'
import type { ListEntry } from '../sync/qb-list-store.js'
import { nameBook, syncedInvoice } from '../sync/qb-mapping.js'
import {
  type CopyEvent,
  type CopyState,
  copyComparable,
  DELETED_IN_QUICKBOOKS,
  decideDeleted,
  type NextRead,
  paymentOf,
  type ReadOutcome,
  VOIDED_IN_QUICKBOOKS,
} from '../sync/read-decisions.js'
import { txnLinesOfMany } from '../sync/sync-results.js'
import type { CopyRead } from '../sync/sync-state-store.js'
import { statesByTxnId } from '../sync/sync-state-store.js'
import { changedInQuickBooks, contentsAt, differences, type WorkSession } from './desktop-transport.js'

type Read = Exclude<NextRead, { type: 'NONE' }>

/** A copy of one of our invoices read back, its state, and what it says. */
export interface ReadCopy {
  state: Awaited<ReturnType<typeof statesByTxnId>>[number]
  copyState: CopyState
  /** Null when its content is not compared (a write of ours is under way or waiting). */
  event: CopyEvent | null
  read: Omit<CopyRead, 'editSequence'>
  /** QuickBooks' copy as read. */
  ret: QbInvoiceRet
}

/** A list read's request id: `l`, the list's letter, `s` (started a pass) or `c` (continued it), `-`. */
const LIST_LETTER: Record<ListRead, string> = {
  CUSTOMERS: 'c',
  ITEMS: 'i',
  CLASSES: 'k',
  SALES_TAX_CODES: 'x',
  INVENTORY_SITES: 's',
}

const START_PREFIX = 'rs-'
/** A credit memo pass's requests (CreditMemoQuery): `ms-` starts it, `mc-` continues it; `md-` its deletions. */
const CREDIT_START_PREFIX = 'ms-'
const CREDIT_DELETED_PREFIX = 'md-'
/** Our invoices read again by TxnID. */
const REFRESH_PREFIX = 'rr-'
/** The payments asked with a pass's first request: the same id after this prefix. */
const PAYMENTS_PREFIX = 'rp-'
/** The deletions asked with a pass's first request: the same id after this prefix. */
const DELETED_PREFIX = 'rd-'

/**
 * QuickBooks voids an invoice by keeping it with every amount zero and "VOID:" before its memo
 * (Edit > Void Invoice); an invoice zeroed by hand has no such memo.
 */
function voided(ret: QbInvoiceRet): boolean {
  const zero = (v: string | null) => v === null || !isPlainDecimal(v) || parseDecimal(v).units === 0n
  return (ret.memo ?? '').trimStart().toUpperCase().startsWith('VOID:') && zero(ret.subtotal) && ret.lines.every((l) => zero(l.amount))
}

function voidedError(): ErrorDescription {
  return {
    ...describeStatus(3200),
    code: VOIDED_IN_QUICKBOOKS,
    message: 'This invoice was voided in QuickBooks: its amounts there are zero. It was not overwritten.',
    fix: 'Bypass to keep it voided in QuickBooks and this version here only. To bill the work again, create a new invoice.',
    objects: [],
  }
}

function deletedError(at: string | null, refNumber: string | null): ErrorDescription {
  return {
    ...describeStatus(3120),
    code: DELETED_IN_QUICKBOOKS,
    message: `This invoice${refNumber ? ` (${refNumber} in QuickBooks)` : ''} was deleted in QuickBooks${at ? ` at ${at} (QuickBooks' time)` : ''}. No change can reach QuickBooks for it.`,
    fix: 'Bypass to keep it here only (later edits stay here). If it was deleted by mistake, enter it again in QuickBooks or restore the company file from a backup.',
    objects: [],
  }
}

/** QuickBooks' total of an invoice (Subtotal plus sales tax) and what it says is paid, when its answer carries them. */
function paymentIn(ret: QbInvoiceRet): CopyRead['payment'] {
  const amounts = [ret.subtotal ?? '0', ret.salesTaxTotal ?? '0', ret.balanceRemaining ?? '']
  if (ret.subtotal === null || ret.balanceRemaining === null || !amounts.every(isPlainDecimal)) return null
  const total = toFixed(add(parseDecimal(amounts[0]!), parseDecimal(amounts[1]!)), 2)
  return paymentOf(total, ret.balanceRemaining, ret.isPaid)
}

/** What QuickBooks answered to a read request (undefined: no answer for it). */
function outcomeOf(answer: QbResponse | undefined): ReadOutcome | null {
  if (!answer) return { type: 'FAILED', error: null }
  // 1: "A query request did not find a matching object": a pass with nothing in it.
  if (answer.statusCode === 1) return { type: 'READ', newest: null, iteratorId: null, remaining: 0, times: [] }
  if (answer.statusCode !== 0 && (answer.statusCode < 500 || answer.statusCode >= 1000))
    return { type: 'FAILED', error: describeStatus(answer.statusCode, answer.statusMessage) }
  return null
}

export function createDesktopReads(options: { newRequestId?: () => string } = {}) {
  const newRequestId = options.newRequestId ?? (() => randomBytes(6).toString('hex'))

  return {
    /** The message of one list read: the whole list modified in the window, through an iterator where the list has one. */
    buildListRead(list: ListRead, read: Read, profile: CompanyProfile, maxReturned: number): { requestId: string; xml: string } {
      if (read.type === 'REFRESH') throw new Error('lists are not read again by id')
      const id = newRequestId()
      const requestId = `l${LIST_LETTER[list]}${read.type === 'START' ? 's' : 'c'}-${id}`
      const query = LIST_READS[list].query
      const iterates = LIST_QUERY_ITERATES[query]
      const request = buildListQuery(
        query,
        requestId,
        {
          ...(read.from !== null ? { from: read.from } : {}),
          ...(read.to ? { to: read.to } : {}),
          ...(iterates
            ? { maxReturned, iterator: read.type === 'START' ? { start: true as const } : { continueId: read.iteratorId } }
            : {}),
        },
        { version: profile.version },
      )
      // A later pass's first request also asks which entries were deleted since (a first pass reads
      // the list whole: nothing it never saw can be forgotten).
      const deleted =
        read.type === 'START' && read.from !== null
          ? [
              buildListDeletedQuery(
                `l${LIST_LETTER[list]}d-${id}`,
                LIST_READS[list].deleted,
                { from: read.from },
                { version: profile.version },
              ),
            ]
          : []
      return { requestId, xml: buildMessage([request, ...deleted], { version: profile.version, onError: 'continueOnError' }) }
    },

    /** The entries of the read's lists QuickBooks says were deleted (answer to a later pass's first request). */
    listDeleted(requestId: string, message: { byRequestId: Map<string, QbResponse> } | null): { kind: ListKind; listId: string }[] {
      const answer = message?.byRequestId.get(`${requestId.slice(0, 2)}d${requestId.slice(3)}`)
      if (requestId[2] !== 's' || !answer) return []
      return answer.listDeleted.flatMap((d) => {
        const kind = listKindOf(`${d.type}Ret`)
        return kind && d.listId ? [{ kind, listId: d.listId }] : []
      })
    },

    /** The list a list read's request id names, and whether it started a pass. */
    listOf(requestId: string): { list: ListRead; started: boolean } | null {
      const list = LIST_READ_KINDS.find((k) => requestId.startsWith(`l${LIST_LETTER[k]}`))
      return list ? { list, started: requestId[2] === 's' } : null
    },

    /** What QuickBooks answered to a list read, and the entries of the lists it fills. */
    listAnswer(list: ListRead, answer: QbResponse | undefined): { answer: ReadOutcome; entries: ListEntry[] } {
      const failed = outcomeOf(answer)
      if (failed) return { answer: failed, entries: [] }
      const wanted = new Set(LIST_READS[list].lists)
      const entries = answer!.lists.flatMap((l) => {
        const kind = listKindOf(l.type)
        const fullName = entryName(l)
        if (!kind || !wanted.has(kind) || !l.listId || !fullName) return []
        return [
          {
            kind,
            listId: l.listId,
            fullName,
            qbType: l.type,
            isActive: l.isActive ?? true,
            editSequence: l.editSequence,
            timeModified: l.timeModified,
          },
        ]
      })
      const times = answer!.lists.flatMap((l) => (l.timeModified ? [l.timeModified] : []))
      const newest = times.reduce<string | null>((n, t) => laterQbDateTime(n, t), null)
      return {
        answer: { type: 'READ', newest, iteratorId: answer!.iteratorId, remaining: answer!.iteratorRemainingCount, times },
        entries,
      }
    },

    /**
     * The message of one read request: an InvoiceQuery by modification date, with lines, through
     * QuickBooks' iterator; or our invoices again by TxnID (REFRESH).
     */
    buildRead(read: Read, profile: CompanyProfile, maxReturned: number, txn: TxnType = 'INVOICE'): { requestId: string; xml: string } {
      const id = newRequestId()
      const version = profile.version
      const credit = txn === 'CREDIT_MEMO'
      if (read.type === 'REFRESH') {
        if (credit) throw new Error('credit memos are not read again by id')
        const requestId = `${REFRESH_PREFIX}${id}`
        const request = buildInvoiceQuery(requestId, { by: 'txnId', txnIds: read.txnIds }, { version, includeLineItems: true })
        return { requestId, xml: buildMessage([request], { version, onError: 'continueOnError' }) }
      }
      const started = read.type === 'START'
      const requestId = `${started ? (credit ? CREDIT_START_PREFIX : START_PREFIX) : credit ? 'mc-' : 'rc-'}${id}`
      const request = buildInvoiceQuery(
        requestId,
        {
          by: 'modifiedDate',
          ...(read.from !== null ? { from: read.from } : {}),
          ...(read.to ? { to: read.to } : {}),
          maxReturned,
          iterator: started ? { start: true } : { continueId: read.iteratorId },
        },
        { version, includeLineItems: true, txn: QB_TXN_NAME[txn] },
      )
      // A pass's first request also asks which of its transactions were deleted in the same window
      // and, for invoices, which payments were received or changed: the modification query returns
      // neither.
      const since = read.from !== null ? { from: read.from } : {}
      const alongside = !started
        ? []
        : credit
          ? [buildDeletedInvoicesQuery(`${CREDIT_DELETED_PREFIX}${id}`, since, { version, txn: 'CreditMemo' })]
          : [
              buildDeletedInvoicesQuery(`${DELETED_PREFIX}${id}`, since, { version }),
              buildReceivePaymentsQuery(`${PAYMENTS_PREFIX}${id}`, since, { version }),
            ]
      return { requestId, xml: buildMessage([request, ...alongside], { version, onError: 'continueOnError' }) }
    },

    /** Whether a read request read our invoices again by TxnID. */
    refreshed: (requestId: string): boolean => requestId.startsWith(REFRESH_PREFIX),

    /** The payments read with a pass's first request, each known by its TxnID and TimeModified, with the transactions it paid. */
    paymentsRead(requestId: string, message: { byRequestId: Map<string, QbResponse> } | null): { key: string; appliedTo: string[] }[] {
      const answer = message?.byRequestId.get(`${PAYMENTS_PREFIX}${requestId.slice(START_PREFIX.length)}`)
      if (!requestId.startsWith(START_PREFIX) || !answer) return []
      return answer.payments.map((p) => ({ key: `${p.txnId}@${p.timeModified ?? ''}`, appliedTo: p.appliedTo }))
    },

    /** Which of these TxnIDs are invoices this connection exported. */
    async ours(tx: Executor, s: WorkSession, txnIds: string[]): Promise<string[]> {
      return (await statesByTxnId(tx, s.connectionId, txnIds)).map((state) => state.qbTxnId!)
    },

    /**
     * The invoices of this connection QuickBooks says were deleted (answer to a pass's first
     * request), each with whether a person must now be told.
     */
    async deleted(tx: Executor, s: WorkSession, requestId: string, message: { byRequestId: Map<string, QbResponse> } | null) {
      // Each pass's first request asks for its own type's deletions (invoices rd-, credit memos md-).
      const prefix = requestId.startsWith(START_PREFIX)
        ? DELETED_PREFIX
        : requestId.startsWith(CREDIT_START_PREFIX)
          ? CREDIT_DELETED_PREFIX
          : null
      const answer = prefix ? message?.byRequestId.get(`${prefix}${requestId.slice(START_PREFIX.length)}`) : undefined
      if (!answer || answer.deleted.length === 0) return []
      const byTxnId = new Map(
        answer.deleted.filter((d) => d.type === null || d.type === 'Invoice' || d.type === 'CreditMemo').map((d) => [d.txnId, d]),
      )
      const states = await statesByTxnId(tx, s.connectionId, [...byTxnId.keys()])
      return states.flatMap((state) => {
        const gone = byTxnId.get(state.qbTxnId!)!
        const decision = decideDeleted(
          { hasTxnId: true, status: state.status, lastErrorCode: state.lastErrorCode, qbTimeModified: state.qbTimeModified },
          gone.timeDeleted,
        )
        return decision === 'REFUSE'
          ? [{ invoiceId: state.invoiceId, timeDeleted: gone.timeDeleted, error: deletedError(gone.timeDeleted, gone.refNumber) }]
          : []
      })
    },

    /** Whether a read request started a pass (else it continued one). */
    started: (requestId: string): boolean => requestId.startsWith(START_PREFIX) || requestId.startsWith(CREDIT_START_PREFIX),

    /** What a read request read: invoices, or credit memos. */
    txnOfRead: (requestId: string): TxnType => (requestId.startsWith('m') ? 'CREDIT_MEMO' : 'INVOICE'),

    /** What QuickBooks answered to a read request (undefined: no answer for it), and the invoices it returned. */
    readAnswer(answer: QbResponse | undefined): { answer: ReadOutcome; copies: QbInvoiceRet[] } {
      const failed = outcomeOf(answer)
      if (failed) return { answer: failed, copies: [] }
      const copies = answer!.invoices
      const newest = copies.reduce<string | null>((n, i) => laterQbDateTime(n, i.timeModified), null)
      return {
        answer: {
          type: 'READ',
          newest,
          iteratorId: answer!.iteratorId,
          remaining: answer!.iteratorRemainingCount,
          times: copies.flatMap((c) => (c.timeModified ? [c.timeModified] : [])),
        },
        copies,
      }
    },

    /**
     * The copies of invoices this connection exported, each compared with what we last synced (every
     * field we write, lines by TxnLineID); invoices QuickBooks has that we never sent are not ours.
     */
    async compare(tx: Executor, s: WorkSession, copies: QbInvoiceRet[], profile: CompanyProfile): Promise<ReadCopy[]> {
      const byTxnId = new Map(copies.map((c) => [c.txnId, c]))
      const states = await statesByTxnId(tx, s.connectionId, [...byTxnId.keys()])
      const withCopy = states.map((state) => {
        const copyState: CopyState = {
          status: state.status,
          exportStatus: state.exportStatus,
          inFlight: state.inFlightAttemptId !== null,
          needsReconcile: state.needsReconcile,
          qbEditSequence: state.qbEditSequence,
          qbTimeModified: state.qbTimeModified,
        }
        return { state, copyState, ret: byTxnId.get(state.qbTxnId!)! }
      })
      const comparable = withCopy.filter((c) => copyComparable(c.copyState) && c.state.syncedVersion !== null)
      const ids = comparable.map((c) => c.state.invoiceId)
      const synced = await contentsAt(
        tx,
        comparable.map((c) => ({ invoiceId: c.state.invoiceId, version: c.state.syncedVersion! })),
      )
      const txnLines = await txnLinesOfMany(tx, s.connectionId, ids)
      const book = await nameBook(tx, s.tenantId, [...synced.values()], s.connectionId)
      return withCopy.map(({ state, copyState, ret }) => {
        const read = { invoiceId: state.invoiceId, timeModified: ret.timeModified, payment: paymentIn(ret) }
        const syncedContent = state.syncedVersion !== null ? synced.get(`${state.invoiceId}:${state.syncedVersion}`) : undefined
        if (!syncedContent) return { state, copyState, event: null, read, ret }
        const expected = syncedInvoice(
          book,
          { qbTxnId: state.qbTxnId!, qbEditSequence: state.qbEditSequence ?? '', syncedContent, qbTxnType: state.qbTxnType },
          txnLines.get(state.invoiceId)!,
        )
        const changes = differences(ret, expected, profile)
        if (voided(ret))
          return {
            state,
            copyState,
            event: { copy: 'VOIDED', editSequence: ret.editSequence, timeModified: ret.timeModified, error: voidedError() },
            read,
            ret,
          }
        const event: CopyEvent =
          changes.length === 0
            ? { copy: 'AS_SYNCED', editSequence: ret.editSequence, timeModified: ret.timeModified }
            : {
                copy: 'CHANGED',
                editSequence: ret.editSequence,
                timeModified: ret.timeModified,
                changes,
                error: changedInQuickBooks(changes),
              }
        return { state, copyState, event, read, ret }
      })
    },
  }
}

export type DesktopReads = ReturnType<typeof createDesktopReads>
