// The QuickBooks Desktop transport: claimed work becomes qbXML requests (built from the invoices'
// content and the company's profile), and QuickBooks' answers become the engine's events
// (sync-decisions.ts). It decides nothing about the sync state: it reads QuickBooks. A second
// transport (QuickBooks Online's REST API) would do the same two jobs with its own wire format.
import { randomBytes } from 'node:crypto'
import { and, eq, gt, sql } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { customers, invoiceRevisions, invoices, syncAttempts } from '../db/schema.js'
import { type InvoiceContent, totalOf } from '../invoices/invoice-model.js'
import { describeLine, headerDifferences, holdsExactly, lineDifferences, lineName, sameName } from '../qbxml/compare.js'
import { describeHresult, describeStatus, type ErrorDescription } from '../qbxml/error-catalog.js'
import type { QbInvoice } from '../qbxml/invoice.js'
import { type InvoiceModPlan, planInvoiceMod, type SyncedInvoice } from '../qbxml/invoice-mod.js'
import type { CompanyProfile } from '../qbxml/profile.js'
import {
  buildCustomerAdd,
  buildInvoiceAdd,
  buildInvoiceMod,
  buildInvoiceQuery,
  buildMessage,
  fieldsLeftOut,
  type QbxmlRequest,
} from '../qbxml/requests.js'
import { parseResponseMessage, type QbInvoiceRet, type QbResponse, type QbResponseMessage } from '../qbxml/responses.js'
import { child, childText, parseXml, sourceOf } from '../qbxml/xml-parser.js'
import { changesTxnType, QB_TXN_NAME, type TxnType, txnTypeChangeMessage, txnTypeOf } from '../sync/credit-memos.js'
import { customersInQuickBooks, rememberCreatedCustomer } from '../sync/qb-list-store.js'
import { nameBook, syncedInvoice } from '../sync/qb-mapping.js'
import { type AnswerEvent, nextRequest, type RequestKind, savedStatus } from '../sync/sync-decisions.js'
import { type Confirmation, txnLinesOf, txnLinesOfMany } from '../sync/sync-results.js'
import type { ClaimedState } from '../sync/sync-state-store.js'

/** "QuickBooks found an error when parsing the provided XML text stream": nothing in the message was processed. */
const PARSE_ERROR_HRESULT = '0x80040400'

export interface WorkSession {
  id: string
  tenantId: string
  connectionId: string
}

type StateRow = ClaimedState['state']
type AttemptKind = RequestKind | 'CUSTOMER_ADD' | 'INVOICE_READ' | 'LIST_READ' | 'PAYMENT_ADD' | 'PAYMENT_QUERY'

/** Requests about an invoice's own state (its state is in flight while one is out). */
export const INVOICE_KINDS: ReadonlySet<string> = new Set<AttemptKind>(['INVOICE_ADD', 'INVOICE_MOD', 'INVOICE_QUERY'])
/** Requests about a payment recorded here (the payment is in flight while one is out). */
export const PAYMENT_KINDS: ReadonlySet<string> = new Set<AttemptKind>(['PAYMENT_ADD', 'PAYMENT_QUERY'])
export const isInvoiceKind = (kind: AttemptKind): kind is RequestKind => INVOICE_KINDS.has(kind)

/** A request recorded before it is sent (a row of sync_attempts). */
export interface PlannedAttempt {
  invoiceId: string
  /** What an add sends the invoice as (its total's sign): kept with its state once the add is recorded. */
  txnType?: TxnType
  /** The payment a payment request is about. */
  paymentId?: string
  requestId: string
  kind: AttemptKind
  invoiceVersion: number | null
  requestXml: string
}

export interface Round {
  /** The qbXML message, or null when nothing could be sent. */
  xml: string | null
  attempts: PlannedAttempt[]
  /** Invoices QuickBooks would refuse as they stand: a person must fix them. */
  unsendable: { invoiceId: string; version: number; message: string }[]
  /** Invoices not sent because the profile is a guess that would leave some of their fields out. */
  held: string[]
  /** Each invoice's request as QuickBooks will read it (a preview tells a person what changes). */
  planned?: Map<string, { kind: RequestKind; txnType: TxnType; current: QbInvoice; synced?: SyncedInvoice; plan?: InvoiceModPlan }>
}

/** A request sent and not yet answered, with its invoice's state and the content it carried. */
export interface SentAttempt {
  id: string
  requestId: string
  kind: AttemptKind
  invoiceId: string | null
  paymentId: string | null
  invoiceVersion: number | null
  state: StateRow | null
  content: InvoiceContent | null
}

export interface ReadAnswer {
  attempt: SentAttempt
  event: AnswerEvent
  /** What QuickBooks confirmed, for SAVED, LOOKUP_ADD found and LOOKUP_MOD AS_SENT. */
  confirmation?: Confirmation
  /** The answer as kept with the attempt. */
  record: {
    outcome: 'UNKNOWN' | 'SUCCEEDED' | 'FAILED'
    code: number | null
    severity: string | null
    message: string | null
    xml: string | null
  }
}

/** The refusal of an invoice add whose customer QuickBooks did not create: the customer's error, said so. */
function customerNotCreated(answer: QbResponse): ErrorDescription {
  const error = describeStatus(answer.statusCode, answer.statusMessage)
  return { ...error, message: `QuickBooks did not create the invoice's customer: ${error.message}` }
}

/**
 * Differences between the QuickBooks copy and what we last synced, in words for a person: every
 * field we write (src/qbxml/compare.ts), lines matched by their TxnLineIDs.
 */
export function differences(ret: QbInvoiceRet, expected: ReturnType<typeof syncedInvoice>, profile: CompanyProfile): string[] {
  const out = headerDifferences(ret, expected.invoice, profile, 'sinceSync')
  const byTxnLine = new Map(ret.lines.map((l) => [l.txnLineId, l]))
  for (const line of expected.invoice.lines) {
    const theirs = byTxnLine.get(line.txnLineId)
    if (!theirs) out.push(`line "${lineName(line)}" was deleted in QuickBooks`)
    else out.push(...describeLine(lineName(line), lineDifferences(theirs, line, profile, 'sinceSync')))
    byTxnLine.delete(line.txnLineId)
  }
  for (const extra of byTxnLine.values())
    out.push(`line "${extra.description ?? extra.item?.fullName ?? extra.txnLineId}" was added in QuickBooks`)
  return out
}

/** The error a person reads when QuickBooks' copy differs from what we last synced. */
export function changedInQuickBooks(changes: string[]): ErrorDescription {
  return {
    ...describeStatus(3200),
    code: 'CHANGED_IN_QUICKBOOKS',
    message: `Someone changed this invoice in QuickBooks since it was last synced: ${changes.join('; ')}. It was not overwritten.`,
    fix: 'Compare the two versions. Bypass to keep QuickBooks as it is. To send this version instead, undo the change made in QuickBooks, then Re-Sync.',
    objects: [],
  }
}

/** Content of invoices at versions, in one query: each version's content is its revision snapshot. */
export async function contentsAt(tx: Executor, wanted: { invoiceId: string; version: number }[]): Promise<Map<string, InvoiceContent>> {
  if (wanted.length === 0) return new Map()
  const rows = await tx
    .select({ invoiceId: invoiceRevisions.invoiceId, version: invoiceRevisions.version, snapshot: invoiceRevisions.snapshot })
    .from(invoiceRevisions)
    .innerJoin(
      sql`jsonb_to_recordset(${JSON.stringify(wanted.map((w) => ({ invoice_id: w.invoiceId, version: w.version })))}::jsonb) as w(invoice_id uuid, version int)`,
      sql`${invoiceRevisions.invoiceId} = w.invoice_id and ${invoiceRevisions.version} = w.version`,
    )
  const out = new Map(rows.map((r) => [`${r.invoiceId}:${r.version}`, r.snapshot as InvoiceContent]))
  for (const w of wanted) if (!out.has(`${w.invoiceId}:${w.version}`)) throw new Error(`no revision ${w.version} of invoice ${w.invoiceId}`)
  return out
}

const contentAt = async (tx: Executor, invoiceId: string, version: number) =>
  (await contentsAt(tx, [{ invoiceId, version }])).get(`${invoiceId}:${version}`)!

export function createDesktopTransport(options: {
  log: { warn(o: object, m?: string): void; error(o: object, m?: string): void }
  newRequestId?: () => string
}) {
  const { log } = options
  const newRequestId = options.newRequestId ?? (() => randomBytes(6).toString('hex'))

  /**
   * The version (and content) the newest request of this kind whose answer was lost carried: what
   * QuickBooks holds when it applied it, older than the invoice now if it was edited since. The
   * lookup's own version when no such request is newer than what was synced.
   */
  async function carriedByLost(
    tx: Executor,
    state: StateRow,
    kind: 'INVOICE_ADD' | 'INVOICE_MOD',
    lookup: SentAttempt,
  ): Promise<{ version: number; content: InvoiceContent }> {
    const [lost] = await tx
      .select({ version: sql<number | null>`max(${syncAttempts.invoiceVersion})` })
      .from(syncAttempts)
      .where(
        and(
          eq(syncAttempts.invoiceId, state.invoiceId),
          eq(syncAttempts.connectionId, state.connectionId),
          eq(syncAttempts.kind, kind),
          eq(syncAttempts.outcome, 'UNKNOWN'),
          gt(syncAttempts.invoiceVersion, state.syncedVersion ?? 0),
        ),
      )
    const version = lost?.version ?? lookup.invoiceVersion!
    if (version === lookup.invoiceVersion && lookup.content) return { version, content: lookup.content }
    return { version, content: await contentAt(tx, state.invoiceId, version) }
  }

  /** What a lookup for a change found: QuickBooks' copy against what was sent and what was synced. */
  async function lookedUpChange(
    tx: Executor,
    s: WorkSession,
    attempt: SentAttempt,
    state: StateRow,
    ret: QbInvoiceRet | undefined,
    profile: CompanyProfile,
    statusMessage: string,
  ): Promise<Omit<ReadAnswer, 'record' | 'attempt'>> {
    if (!ret) return { event: { type: 'LOOKUP_MOD', copy: 'GONE', error: describeStatus(3120, statusMessage) } }
    // Our change did reach QuickBooks (its answer was lost): the copy there is the version that
    // change carried, older than the invoice now when it was edited again since.
    const sent = await carriedByLost(tx, state, 'INVOICE_MOD', attempt)
    const ctx = { tenantId: s.tenantId, invoiceId: state.invoiceId, connectionId: s.connectionId, sessionId: s.id }
    const sentQb = (await nameBook(tx, s.tenantId, [sent.content], s.connectionId)).toQb(sent.content, state.qbTxnType)
    if (holdsExactly(ret, sentQb, profile)) {
      return { event: { type: 'LOOKUP_MOD', copy: 'AS_SENT' }, confirmation: { ctx, kind: 'MOD', sent, ret } }
    }
    // Only the sequence moved, or someone changed the invoice in QuickBooks?
    const txnLines = await txnLinesOf(tx, state.connectionId, state.invoiceId)
    const syncedContent = await contentAt(tx, state.invoiceId, state.syncedVersion!)
    const book = await nameBook(tx, s.tenantId, [syncedContent], s.connectionId)
    const expected = syncedInvoice(
      book,
      { qbTxnId: state.qbTxnId!, qbEditSequence: state.qbEditSequence ?? '', syncedContent, qbTxnType: state.qbTxnType },
      txnLines,
    )
    const changes = differences(ret, expected, profile)
    if (changes.length === 0) return { event: { type: 'LOOKUP_MOD', copy: 'AS_SYNCED', editSequence: ret.editSequence } }
    return { event: { type: 'LOOKUP_MOD', copy: 'CHANGED', changes, error: changedInQuickBooks(changes), ret: { ret, profile } } }
  }

  /** Customers first: created (or already there, 3100) ones are remembered by the name QuickBooks has them under; refused ones are returned by customer. */
  async function readCustomerAnswers(
    tx: Executor,
    s: WorkSession,
    sent: SentAttempt[],
    message: QbResponseMessage,
  ): Promise<Map<string, QbResponse>> {
    const refusals = new Map<string, QbResponse>()
    for (const attempt of sent) {
      const answer = attempt.kind === 'CUSTOMER_ADD' ? message.byRequestId.get(attempt.requestId) : undefined
      if (!answer) continue
      const [customer] = await tx
        .select({ id: customers.id, requestXml: syncAttempts.requestXml })
        .from(syncAttempts)
        .innerJoin(invoices, eq(invoices.id, syncAttempts.invoiceId))
        .innerJoin(customers, and(eq(customers.tenantId, invoices.tenantId), eq(customers.id, invoices.customerId)))
        .where(eq(syncAttempts.id, attempt.id))
      if (!customer) continue
      if (savedStatus(answer.statusCode) || answer.statusCode === 3100) {
        // Remembered by the name QuickBooks has it under: its answer's, else (3100 answers carry no
        // record) the name that was sent, which may differ from the customer's name now.
        const sentName = childText(child(parseXml(customer.requestXml), 'CustomerAdd'), 'Name') ?? ''
        const values = {
          qbListId: answer.lists[0]?.listId ?? null,
          qbFullName: answer.lists[0]?.fullName ?? sentName,
          qbEditSequence: answer.lists[0]?.editSequence ?? null,
        }
        await rememberCreatedCustomer(tx, { connectionId: s.connectionId, tenantId: s.tenantId }, customer.id, values)
      } else {
        refusals.set(customer.id, answer)
      }
    }
    return refusals
  }

  return {
    /**
     * The requests for claimed work: the invoices' content and TxnLineIDs read after the rows were
     * locked, a customer added first where QuickBooks does not have it under its current name.
     * `guessed`: the profile is a guess, so an invoice it would send incomplete is held instead.
     */
    async buildRound(
      tx: Executor,
      s: WorkSession,
      claimed: ClaimedState[],
      profile: CompanyProfile,
      guessed: boolean,
      /** Requests of the round that are not about an invoice's own state (payments), sent after the invoices'. */
      extra: { requests: QbxmlRequest[]; attempts: PlannedAttempt[] } = { requests: [], attempts: [] },
    ): Promise<Round> {
      const kindOf = (state: StateRow) =>
        nextRequest({ needsReconcile: state.needsReconcile, exportStatus: state.exportStatus, hasTxnId: state.qbTxnId !== null })
      // A change is planned against the version QuickBooks holds: that version's revision, read in
      // the same statement as the current one.
      const mods = claimed.filter(({ state }) => kindOf(state) === 'INVOICE_MOD')
      const byVersion = await contentsAt(tx, [
        ...claimed.map(({ invoice }) => ({ invoiceId: invoice.id, version: invoice.version })),
        ...mods.map(({ state }) => ({ invoiceId: state.invoiceId, version: state.syncedVersion! })),
      ])
      const contents = new Map(claimed.map(({ invoice }) => [invoice.id, byVersion.get(`${invoice.id}:${invoice.version}`)!]))
      const syncedContents = new Map(
        mods.map(({ state }) => [state.invoiceId, byVersion.get(`${state.invoiceId}:${state.syncedVersion}`)!]),
      )
      const modIds = mods.map(({ invoice }) => invoice.id)
      const txnLinesOf = await txnLinesOfMany(tx, s.connectionId, modIds)
      const book = await nameBook(tx, s.tenantId, [...contents.values(), ...syncedContents.values()], s.connectionId)
      // The customer an invoice needs in QuickBooks before its request: an add's, and a change's when
      // the change moves the invoice to another customer.
      const customerNeeded = (state: StateRow, invoiceId: string): string | undefined => {
        const kind = kindOf(state)
        const customerId = contents.get(invoiceId)!.customerId
        if (kind === 'INVOICE_ADD') return customerId
        if (kind === 'INVOICE_MOD' && syncedContents.get(invoiceId)!.customerId !== customerId) return customerId
        return undefined
      }
      // Customers QuickBooks already has, asked only for those. Matched by name: one renamed here
      // since it was created in QuickBooks is created (or found, 3100) under its new name.
      const addCustomerIds = [...new Set(claimed.flatMap(({ state, invoice }) => customerNeeded(state, invoice.id) ?? []))]
      const mapped = await customersInQuickBooks(tx, s.connectionId, addCustomerIds)
      const knownCustomers = new Set(
        [...mapped].filter(([id, name]) => sameName({ fullName: name }, { fullName: book.customerName(id) })).map(([id]) => id),
      )
      const round: Round = { xml: null, attempts: [], unsendable: [], held: [], planned: new Map() }
      const requests: QbxmlRequest[] = []
      const customerAdds = new Set<string>()
      for (const { state, invoice } of claimed) {
        const content = contents.get(invoice.id)!
        const requestId = newRequestId()
        const kind = kindOf(state)
        // An add goes as what its total makes it; a lookup or change as what the add was sent as.
        const txnType = kind === 'INVOICE_ADD' ? txnTypeOf(totalOf(content.lines)) : state.qbTxnType
        const txn = QB_TXN_NAME[txnType]
        let request: QbxmlRequest
        let customerAdd: QbxmlRequest | undefined
        try {
          const customerId = customerNeeded(state, invoice.id)
          if (customerId && !knownCustomers.has(customerId) && !customerAdds.has(customerId)) {
            customerAdd = buildCustomerAdd(`c-${requestId}`, { name: book.customerName(customerId) }, { version: profile.version })
          }
          if (kind === 'INVOICE_QUERY') {
            // Ask QuickBooks before sending anything again: by TxnID for a change, by number for an add.
            request = state.qbTxnId
              ? buildInvoiceQuery(`q-${requestId}`, { by: 'txnId', txnIds: [state.qbTxnId] }, { version: profile.version, txn })
              : buildInvoiceQuery(`q-${requestId}`, { by: 'refNumber', refNumbers: [content.number] }, { version: profile.version, txn })
          } else if (kind === 'INVOICE_ADD') {
            request = buildInvoiceAdd(`a-${requestId}`, book.toQb(content, txnType), state.externalGuid, profile, txn)
            round.planned?.set(invoice.id, { kind, txnType, current: book.toQb(content, txnType) })
          } else {
            // A change that would turn a credit memo into an invoice (or back) cannot be applied.
            if (changesTxnType(txnType, totalOf(content.lines))) throw new Error(txnTypeChangeMessage(txnType))
            const txnLineIds = txnLinesOf.get(invoice.id)!
            const syncedContent = syncedContents.get(invoice.id)!
            const synced = syncedInvoice(
              book,
              { qbTxnId: state.qbTxnId!, qbEditSequence: state.qbEditSequence ?? '', syncedContent, qbTxnType: txnType },
              txnLineIds,
            )
            const current = book.toQb(content, txnType)
            const plan = planInvoiceMod(synced, current, profile)
            // A synced line without a TxnLineID mapping: its mapping was deleted with the line before
            // migration 0005, but QuickBooks still has the line. The Mod lists every kept line, so
            // QuickBooks deletes the one left out.
            if (plan.lines === null && syncedContent.lines.some((l) => !txnLineIds.has(l.id)))
              plan.lines = current.lines.map((l) => ({ txnLineId: txnLineIds.get(l.id!)!, lineId: l.id!, changes: {} }))
            request = buildInvoiceMod(`m-${requestId}`, plan, profile, txn)
            round.planned?.set(invoice.id, { kind, txnType, current, synced, plan })
          }
        } catch (err) {
          // Data QuickBooks would refuse (checked again at send time): a person must fix it.
          round.unsendable.push({
            invoiceId: invoice.id,
            version: invoice.version,
            message: err instanceof Error ? err.message : String(err),
          })
          continue
        }
        // Checked once the request is built: an invoice QuickBooks would refuse anyway is a person's to fix.
        if (guessed && kind !== 'INVOICE_QUERY' && fieldsLeftOut(book.toQb(content), profile).length > 0) {
          round.held.push(invoice.id)
          continue
        }
        if (customerAdd) {
          customerAdds.add(contents.get(invoice.id)!.customerId)
          requests.push(customerAdd)
          round.attempts.push({
            invoiceId: invoice.id,
            requestId: customerAdd.requestId,
            kind: 'CUSTOMER_ADD',
            invoiceVersion: null,
            requestXml: customerAdd.xml,
          })
        }
        requests.push(request)
        round.attempts.push({
          invoiceId: invoice.id,
          requestId: request.requestId,
          kind,
          invoiceVersion: invoice.version,
          requestXml: request.xml,
          ...(kind === 'INVOICE_ADD' ? { txnType } : {}),
        })
      }
      requests.push(...extra.requests)
      round.attempts.push(...extra.attempts)
      if (requests.length > 0) round.xml = buildMessage(requests, { version: profile.version, onError: 'continueOnError' })
      return round
    },

    /** A message QuickBooks failed whole (an HRESULT and no answer): the error, and whether it read none of it. */
    readFailure(hresult: string, message: string): { error: ErrorDescription; unread: boolean } {
      const error = describeHresult(hresult, message)
      return { error, unread: error.code === PARSE_ERROR_HRESULT }
    },

    /** QuickBooks' answers, parsed (throws when the document cannot be read). */
    parse: (response: string) => parseResponseMessage(response),

    /**
     * Each sent request's answer as an event. Customers' answers are applied first (their mappings
     * stored); an invoice whose customer QuickBooks refused fails for the customer's reason.
     */
    async readAnswers(
      tx: Executor,
      s: WorkSession,
      sent: SentAttempt[],
      response: string,
      message: QbResponseMessage,
      profile: CompanyProfile,
    ): Promise<ReadAnswer[]> {
      const customerRefusals = await readCustomerAnswers(tx, s, sent, message)
      const out: ReadAnswer[] = []
      for (const attempt of sent) {
        const answer = message.byRequestId.get(attempt.requestId)
        // Each request keeps the part of the answer that concerns it, exactly as QuickBooks wrote it.
        const record: ReadAnswer['record'] = !answer
          ? { outcome: 'UNKNOWN', code: null, severity: null, message: null, xml: null }
          : {
              outcome: savedStatus(answer.statusCode) ? 'SUCCEEDED' : 'FAILED',
              code: answer.statusCode,
              severity: answer.statusSeverity,
              message: answer.statusMessage,
              xml: sourceOf(response, answer.element),
            }
        const state = attempt.state
        if (attempt.kind === 'CUSTOMER_ADD' || !state) {
          out.push({ attempt, record, event: { type: 'NO_ANSWER' } })
          continue
        }
        if (!answer) {
          out.push({ attempt, record, event: { type: 'NO_ANSWER' } })
          continue
        }
        const ctx = { tenantId: s.tenantId, invoiceId: state.invoiceId, connectionId: s.connectionId, sessionId: s.id }
        const ret = answer.invoices[0]
        if (attempt.kind === 'INVOICE_QUERY') {
          if (answer.statusCode >= 1000 && answer.statusCode !== 3120 && answer.invoices.length === 0) {
            out.push({ attempt, record, event: { type: 'LOOKUP_FAILED', error: describeStatus(answer.statusCode, answer.statusMessage) } })
          } else if (!state.qbTxnId) {
            // Looking for our add: the invoice carrying our ExternalGUID, if QuickBooks has it. It
            // holds the version the lost add carried (a later edit follows as a change).
            const ours = answer.invoices.find((i) => (i.externalGuid ?? '').toUpperCase() === state.externalGuid.toUpperCase())
            out.push(
              ours
                ? {
                    attempt,
                    record,
                    event: { type: 'LOOKUP_ADD', found: true },
                    confirmation: { ctx, kind: 'ADD', sent: await carriedByLost(tx, state, 'INVOICE_ADD', attempt), ret: ours },
                  }
                : { attempt, record, event: { type: 'LOOKUP_ADD', found: false } },
            )
          } else {
            out.push({ attempt, record, ...(await lookedUpChange(tx, s, attempt, state, ret, profile, answer.statusMessage)) })
          }
          continue
        }
        if (savedStatus(answer.statusCode)) {
          // A warning (500-999) means QuickBooks saved it all the same (530: it ignored a field).
          if (answer.statusCode !== 0)
            log.warn(
              { invoiceId: state.invoiceId, statusCode: answer.statusCode, statusMessage: answer.statusMessage },
              'QuickBooks saved the invoice with a warning',
            )
          const sentContent = { version: attempt.invoiceVersion!, content: attempt.content! }
          out.push(
            ret
              ? {
                  attempt,
                  record,
                  event: { type: 'SAVED', recorded: true },
                  confirmation: { ctx, kind: attempt.kind === 'INVOICE_ADD' ? 'ADD' : 'MOD', sent: sentContent, ret },
                }
              : { attempt, record, event: { type: 'SAVED', recorded: false } },
          )
          continue
        }
        const customerAnswer = attempt.content ? customerRefusals.get(attempt.content.customerId) : undefined
        const error = customerAnswer ? customerNotCreated(customerAnswer) : describeStatus(answer.statusCode, answer.statusMessage)
        out.push({ attempt, record, event: { type: 'REFUSED', statusCode: answer.statusCode, error } })
      }
      return out
    },
  }
}

export type DesktopTransport = ReturnType<typeof createDesktopTransport>
