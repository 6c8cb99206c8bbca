// Sandbox connections: a connection served by a simulated QuickBooks company file and a simulated
// Web Connector, so an integrator goes through export, Save & Sync, Bypass, Re-Sync, Action Required
// and changes made "in QuickBooks" with no Windows anywhere. The connection is an ordinary one
// (same queue, same sessions, same sync engine, same audit); what differs is who answers: its runs
// play the Web Connector's calls in process against the qbwc service (web-connector-player.ts), with
// the company (simulated-company.ts) answering as QuickBooks would and checked against Intuit's
// schema when the schemas are at hand. Runs happen on the connection's schedule and on demand;
// sandbox-only actions do what people do in QuickBooks (edit or delete an invoice, receive a
// payment, hold records open, delete or add an item). A sandbox is one for good: it has no .qwc and
// no password anyone sees, and a real Web Connector is refused its login (qbwc-service.ts).
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { type Actor, requirePermission } from '../auth/actor.js'
import type { Clock } from '../clock.js'
import type { ConnectionService, SessionView } from '../connections/connection-service.js'
import type { Db, Executor } from '../db/client.js'
import { compare, parseDecimal, subtract, toFixed, ZERO } from '../decimal.js'
import { ConflictError, NotFoundError, ValidationError } from '../errors.js'
import { lintQbxml, versionOf } from '../qbxml/schema-lint.js'
import { statesByTxnId, txnIdOf } from '../sync/sync-state-store.js'
import { parseInput } from '../validation.js'
import { decimalString, decodeKeyCursor, encodeKeyCursor, isoDate, pageSize } from '../values.js'
import type { SecretBox } from '../webhooks/secrets.js'
import { checkpointSandbox, countSandboxes, dueSandboxes, insertSandbox, leaseSandbox, readSandbox, saveSandbox } from './sandbox-store.js'
import { type CompanyInvoice, hcpResponse, SANDBOX_STARTER_ITEMS, SimulatedCompany, SimulatedEditError } from './simulated-company.js'
import { playSession, type SessionLog, type WebConnectorLink } from './web-connector-player.js'

/** The company file name the simulated Web Connector reports. */
export const SANDBOX_COMPANY_FILE = 'C:\\Sandbox\\Simulated Company.qbw'
/** How long a run or an action holds the company at most (a crashed holder's lease lapses). */
const LEASE_SECONDS = 120
/** How long a request waits for a company another run or change holds before 409 SANDBOX_BUSY. */
const BUSY_WAIT_MS = 10_000
/** Rounds one run plays at most (the service drains 200 invoices a round, so a full sandbox fits). */
const MAX_ROUNDS = 60
/** Names of a list shown in the company's view at most (its count is always exact). */
const LIST_PREVIEW = 200

export interface SandboxLimits {
  maxPerTenant: number
  maxTransactions: number
}

const passwordBinding = (connectionId: string) => `sandbox-password:${connectionId}`

/**
 * What creating a sandbox connection adds, in the connection's own transaction: the simulated company
 * (with its starter items) and the player's password, encrypted. Refused past the tenant's limit.
 */
export function sandboxProvisioner(deps: { secrets: SecretBox; clock: Clock; limits: SandboxLimits }) {
  return async (tx: Executor, connection: { id: string; tenantId: string; name: string }, password: string): Promise<void> => {
    // Creations of one tenant take turns here, so parallel ones cannot all pass the count.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sandbox-limit:${connection.tenantId}`}))`)
    if ((await countSandboxes(tx, connection.tenantId)) >= deps.limits.maxPerTenant)
      throw new ConflictError(
        'SANDBOX_LIMIT',
        deps.limits.maxPerTenant === 0
          ? 'Sandbox connections are turned off on this installation (SANDBOX_MAX_PER_TENANT=0).'
          : `A tenant may have ${deps.limits.maxPerTenant} sandbox connections (SANDBOX_MAX_PER_TENANT); reuse one of them.`,
      )
    const company = new SimulatedCompany({ record: false, items: [...SANDBOX_STARTER_ITEMS], clock: deps.clock.now().getTime() })
    await insertSandbox(tx, {
      connectionId: connection.id,
      tenantId: connection.tenantId,
      companyName: `${connection.name} (sandbox)`,
      state: company.state(),
      passwordCiphertext: await deps.secrets.encrypt(password, passwordBinding(connection.id)),
    })
  }
}

export type SandboxProvisioner = ReturnType<typeof sandboxProvisioner>

const editInput = z
  .object({
    memo: z.string().max(4095).optional(),
    refNumber: z.string().max(11).optional(),
    txnDate: isoDate.optional(),
    lines: z
      .array(
        z
          .object({
            line: z.number().int().min(1),
            description: z.string().max(4095).optional(),
            quantity: decimalString({ integerDigits: 10, scale: 5, signed: true }).optional(),
            rate: decimalString({ integerDigits: 10, scale: 5, signed: true }).optional(),
          })
          .strict(),
      )
      .max(100)
      .optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { error: 'name at least one of memo, refNumber, txnDate, lines' })
const paymentInput = z.object({ amount: decimalString({ integerDigits: 11, scale: 2 }) }).strict()
const holdInput = z.object({ count: z.number().int().min(0).max(20) }).strict()
const itemInput = z.object({ name: z.string().trim().min(1).max(31) }).strict()
const pageInput = z.object({ first: pageSize, after: z.string().max(200).nullish() }).strict()

export interface SandboxRun {
  connectionId: string
  sandbox: true
  /** SESSION: a session ran; NOTHING_TO_DO: the service had nothing for it; REFUSED: the login was refused (disabled connection). */
  outcome: 'SESSION' | 'NOTHING_TO_DO' | 'REFUSED'
  roundTrips: number
  /** What the Web Connector showed at the end (closeConnection's answer). */
  closeMessage: string | null
  lastError: string | null
  /** Where a message did not validate against Intuit's schema (the company refused it as QuickBooks would). */
  schemaErrors: string[]
  /** The session as the service recorded it. */
  session: SessionView | null
}

export function createSandboxService(deps: {
  db: Db
  secrets: SecretBox
  connections: ConnectionService
  /** The Web Connector's calls, in process. */
  link: () => WebConnectorLink
  clock: Clock
  limits: SandboxLimits
  /** Intuit's qbXML schemas, to check every message a sandbox receives (null: not checked). */
  schemaDir: string | null
  log: { warn(o: object, m?: string): void }
}) {
  const { db, clock } = deps

  /** The tenant's sandbox connection, or 404 / 409 NOT_A_SANDBOX. */
  async function sandboxOf(actor: Actor, connectionId: string) {
    const connection = await deps.connections.findRow(actor.tenantId, connectionId)
    if (!connection.sandbox)
      throw new ConflictError(
        'NOT_A_SANDBOX',
        `Connection "${connection.name}" is served by a real QuickBooks Web Connector; only a sandbox connection can be run or changed here.`,
      )
    return connection
  }

  function restore(row: { state: Parameters<typeof SimulatedCompany.restore>[0] }): SimulatedCompany {
    return SimulatedCompany.restore(row.state, { capacity: deps.limits.maxTransactions })
  }

  /** Intuit's schema's complaints about a message (none when the schemas are not at hand); xmllint runs apart from the event loop. */
  async function schemaComplaints(xml: string): Promise<string[]> {
    if (!deps.schemaDir) return []
    return (await lintQbxml(deps.schemaDir, [{ name: 'request', xml }], versionOf(xml))).failures.map((f) => f.errors.trim())
  }

  /**
   * Holds the company while `work` changes it, then saves it; 409 SANDBOX_BUSY while a run or an
   * action holds it (after waiting up to `waitMs`), or when the hold lapsed before the save (nothing
   * of the change is kept then). A run saves as it goes (`checkpoint`), so what QuickBooks did is
   * kept even when the run stops half-way.
   */
  async function withCompany<T>(
    connectionId: string,
    work: (
      company: SimulatedCompany,
      row: { passwordCiphertext: string; companyName: string; lastRunAt: Date | null },
      checkpoint: () => Promise<void>,
    ) => Promise<T>,
    options: { run?: boolean; waitMs?: number } = {},
  ): Promise<T> {
    // A scheduled run (or another request) may hold it for a moment: wait a little before refusing.
    let taken = await leaseSandbox(db, connectionId, clock.now(), LEASE_SECONDS)
    for (let waited = 0; !taken && waited < (options.waitMs ?? BUSY_WAIT_MS); waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      taken = await leaseSandbox(db, connectionId, clock.now(), LEASE_SECONDS)
    }
    if (!taken)
      throw new ConflictError('SANDBOX_BUSY', 'A run or another change holds this sandbox company right now; try again in a moment.')
    let lease = taken.lease
    let company: SimulatedCompany | undefined
    let result: T
    try {
      company = restore(taken.row)
      company.catchUp(clock.now().getTime())
      const held = company
      result = await work(held, taken.row, async () => {
        const next = await checkpointSandbox(db, lease, held.state(), clock.now(), LEASE_SECONDS)
        if (!next) throw new ConflictError('SANDBOX_BUSY', 'The run lost its hold on the sandbox company; it stopped.')
        lease = next
      })
    } catch (err) {
      // What a run had QuickBooks do stands (saved as it went); a refused change left the company untouched.
      // A failed run counts as a run, so the schedule moves past it.
      await saveSandbox(db, lease, options.run && company ? company.state() : null, {
        now: clock.now(),
        ...(options.run ? { ranAt: clock.now() } : {}),
      })
      throw err
    }
    if (!(await saveSandbox(db, lease, company.state(), { now: clock.now(), ...(options.run ? { ranAt: clock.now() } : {}) }))) {
      deps.log.warn({ connectionId }, 'a sandbox hold lapsed before its holder saved; the change was dropped')
      throw new ConflictError('SANDBOX_BUSY', 'The change took longer than its hold on the sandbox company and was not kept; try again.')
    }
    return result
  }

  async function play(
    connection: { id: string; username: string; tenantId: string; disabledAt: Date | null },
    waitMs?: number,
  ): Promise<Omit<SandboxRun, 'session'>> {
    const schemaErrors: string[] = []
    const refused = {
      connectionId: connection.id,
      sandbox: true as const,
      roundTrips: 0,
      closeMessage: null,
      lastError: null,
      schemaErrors,
    }
    // A disabled connection's Web Connector would be refused: said without logging in.
    if (connection.disabledAt) return { ...refused, outcome: 'REFUSED' }
    const log: SessionLog = await withCompany(
      connection.id,
      async (company, row, checkpoint) => {
        const password = await deps.secrets.decrypt(row.passwordCiphertext, passwordBinding(connection.id))
        return playSession(
          deps.link(),
          company,
          { username: connection.username, password },
          {
            maxRounds: MAX_ROUNDS,
            companyFile: SANDBOX_COMPANY_FILE,
            hcp: hcpResponse({ companyName: row.companyName }),
            check: async (xml) => {
              const complaints = await schemaComplaints(xml)
              schemaErrors.push(...complaints)
              return complaints
            },
            // Kept before the service hears the answer: it never holds a TxnID the company lost.
            beforeAnswer: checkpoint,
          },
        )
      },
      { run: true, ...(waitMs !== undefined ? { waitMs } : {}) },
    )
    const status = log.authenticate[1]
    return {
      connectionId: connection.id,
      sandbox: true,
      outcome: log.authenticate[0] ? 'SESSION' : status === 'none' ? 'NOTHING_TO_DO' : 'REFUSED',
      roundTrips: log.roundTrips,
      closeMessage: log.closeMessage ?? null,
      lastError: log.lastError && log.lastError !== 'NoOp' ? log.lastError : null,
      schemaErrors,
    }
  }

  /** Changing a sandbox's company is an administrator's job (checked before the input is read). */
  const mayChange = (actor: Actor) => requirePermission(actor, 'admin', 'change a sandbox company')

  /**
   * A change someone makes in the sandbox's QuickBooks (admin): the company held while `work` changes
   * it, with the transaction `invoiceId` stands for when one is named (looked up before the hold).
   */
  async function changeCompany<T>(
    actor: Actor,
    connectionId: string,
    invoiceId: string | null,
    work: (
      company: SimulatedCompany,
      at: { connectionId: string; txnId: string; row: { companyName: string; lastRunAt: Date | null } },
    ) => Promise<T>,
  ): Promise<T> {
    mayChange(actor)
    const connection = await sandboxOf(actor, connectionId)
    const txnId = invoiceId === null ? '' : await txnOf(connection.id, invoiceId)
    return withCompany(connection.id, (company, row) => work(company, { connectionId: connection.id, txnId, row }))
  }

  /** The QuickBooks transaction an invoice of the tenant is on this sandbox, or why there is none. */
  async function txnOf(connectionId: string, invoiceId: string): Promise<string> {
    const txnId = /^[0-9a-f-]{36}$/i.test(invoiceId) ? await txnIdOf(db, connectionId, invoiceId) : undefined
    if (txnId === undefined) throw new NotFoundError('Invoice', invoiceId)
    if (txnId === null)
      throw new ConflictError(
        'NOT_IN_QUICKBOOKS_YET',
        'QuickBooks has not received this invoice yet: export it and run the connection (POST /v1/connections/{id}/run) first.',
      )
    return txnId
  }

  function refusedEdit(err: unknown): never {
    if (err instanceof SimulatedEditError) {
      if (err.code === 'NOT_IN_COMPANY') throw new ConflictError('DELETED_IN_QUICKBOOKS', err.message)
      throw new ValidationError(
        [{ field: err.code === 'NO_SUCH_LINE' ? 'lines' : 'input', code: err.code, message: err.message }],
        err.message,
      )
    }
    throw err
  }

  /** A transaction as the company holds it, with the tenant's invoice it stands for. */
  async function transactionViews(connectionId: string, company: SimulatedCompany, list: CompanyInvoice[]) {
    const states = await statesByTxnId(
      db,
      connectionId,
      list.map((i) => i.txnId),
    )
    const invoiceOf = new Map(states.map((s) => [s.qbTxnId, s.invoiceId]))
    return list.map((i) => {
      const total = company.totalOf(i)
      return {
        txnId: i.txnId,
        txnType: i.txnType === 'CreditMemo' ? ('CREDIT_MEMO' as const) : ('INVOICE' as const),
        invoiceId: invoiceOf.get(i.txnId) ?? null,
        refNumber: i.refNumber,
        customer: i.customer,
        txnDate: i.txnDate,
        memo: i.memo,
        editSequence: String(i.editSequence),
        timeModified: i.timeModified,
        total,
        balance: i.txnType === 'CreditMemo' ? null : subtractText(total, i.paid),
        lines: i.lines.map((l, n) => ({
          line: n + 1,
          txnLineId: l.txnLineId,
          item: l.item,
          description: l.desc,
          quantity: l.quantity,
          rate: l.rate,
          amount: l.amount,
        })),
      }
    })
  }

  async function transactionView(connectionId: string, company: SimulatedCompany, txnId: string) {
    const [view] = await transactionViews(connectionId, company, [company.invoices.get(txnId)!])
    return { sandbox: true as const, ...view! }
  }

  function summary(connectionId: string, company: SimulatedCompany, row: { companyName: string; lastRunAt: Date | null }) {
    const names = (list: { entries: Map<string, { fullName: string; active: boolean }> }) => {
      const all = [...list.entries.values()].filter((e) => e.active).map((e) => e.fullName)
      all.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
      return { count: all.length, names: all.slice(0, LIST_PREVIEW) }
    }
    return {
      connectionId,
      sandbox: true as const,
      companyName: row.companyName,
      companyFile: SANDBOX_COMPANY_FILE,
      companyTime: company.stamp(),
      lastRunAt: row.lastRunAt?.toISOString() ?? null,
      transactions: company.invoices.size,
      maxTransactions: deps.limits.maxTransactions,
      heldRecords: company.lockedRequests,
      customers: names(company.customers),
      items: names(company.items),
      payments: company.payments.length,
    }
  }

  return {
    /** Plays one Web Connector run now (POST /v1/connections/{id}/run). */
    async run(actor: Actor, connectionId: string): Promise<SandboxRun> {
      requirePermission(actor, 'admin', 'run a sandbox connection')
      const connection = await sandboxOf(actor, connectionId)
      const began = clock.now()
      const result = await play(connection)
      const [latest] = result.outcome === 'SESSION' ? await deps.connections.sessions(actor, connection.id, 1) : []
      return { ...result, session: latest && new Date(latest.startedAt) >= new Date(began.getTime() - 1000) ? latest : null }
    },

    /** Runs the sandboxes due by their schedule (each once, whichever instance gets it); how many ran. */
    async runDue(limit = 20, budgetMs = 20_000): Promise<number> {
      let ran = 0
      const started = Date.now()
      for (const due of await dueSandboxes(db, clock.now(), limit)) {
        // The rest wait for the next look rather than hold this one past its time.
        if (Date.now() - started > budgetMs) break
        const actor = { tenantId: due.tenantId } as Actor
        try {
          const connection = await deps.connections.findRow(actor.tenantId, due.connectionId)
          await play(connection, 0)
          ran++
        } catch (err) {
          if (err instanceof ConflictError && err.code === 'SANDBOX_BUSY') continue
          deps.log.warn({ connectionId: due.connectionId, err: { message: (err as Error).message } }, 'a scheduled sandbox run failed')
        }
      }
      return ran
    },

    /** The simulated company: its name and clock, its lists, what it holds. */
    async company(actor: Actor, connectionId: string) {
      const connection = await sandboxOf(actor, connectionId)
      const row = (await readSandbox(db, connection.id))!
      return summary(connection.id, restore(row), row)
    },

    /** The company's invoices and credit memos as QuickBooks holds them, oldest first. */
    async transactions(actor: Actor, connectionId: string, raw: unknown) {
      const input = parseInput(pageInput, raw)
      const connection = await sandboxOf(actor, connectionId)
      const company = restore((await readSandbox(db, connection.id))!)
      // By the sequence QuickBooks numbered them in (a TxnID starts with it), so a page after a deleted one goes on.
      const seq = (txnId: string) => Number(txnId.split('-')[0])
      const after = decodeKeyCursor('sandbox-transactions', input.after, 1)?.[0]
      if (after !== undefined && !/^\d{1,15}$/.test(after))
        throw new ValidationError([{ field: 'after', code: 'INVALID', message: 'after is not a cursor this API gave out.' }])
      const rest = [...company.invoices.values()]
        .filter((i) => after === undefined || seq(i.txnId) > Number(after))
        .sort((a, b) => seq(a.txnId) - seq(b.txnId))
      const page = rest.slice(0, input.first)
      return {
        sandbox: true as const,
        items: await transactionViews(connection.id, company, page),
        nextCursor: rest.length > input.first ? encodeKeyCursor('sandbox-transactions', [String(seq(page.at(-1)!.txnId))]) : null,
      }
    },

    /** Someone changes the invoice in QuickBooks (memo, number, date, lines' description, quantity, rate). */
    async editInvoice(actor: Actor, connectionId: string, invoiceId: string, raw: unknown) {
      mayChange(actor)
      const input = parseInput(editInput, raw)
      return changeCompany(actor, connectionId, invoiceId, async (company, { connectionId, txnId }) => {
        try {
          company.editInvoiceForm(txnId, input)
        } catch (err) {
          refusedEdit(err)
        }
        return transactionView(connectionId, company, txnId)
      })
    },

    /** Someone deletes the invoice in QuickBooks. */
    async deleteInvoice(actor: Actor, connectionId: string, invoiceId: string) {
      return changeCompany(actor, connectionId, invoiceId, async (company, { connectionId, txnId }) => {
        if (!company.invoices.has(txnId)) throw new ConflictError('DELETED_IN_QUICKBOOKS', 'The transaction is deleted already.')
        company.deleteInQuickBooks(txnId)
        return { sandbox: true as const, connectionId, invoiceId, txnId, deleted: true }
      })
    },

    /** Someone receives a payment in QuickBooks and applies it to the invoice. */
    async receivePayment(actor: Actor, connectionId: string, invoiceId: string, raw: unknown) {
      mayChange(actor)
      const input = parseInput(paymentInput, raw)
      return changeCompany(actor, connectionId, invoiceId, async (company, { connectionId, txnId }) => {
        const invoice = company.invoices.get(txnId)
        if (!invoice) throw new ConflictError('DELETED_IN_QUICKBOOKS', 'The transaction is deleted in QuickBooks.')
        if (invoice.txnType === 'CreditMemo')
          throw new ConflictError('PAYMENT_NOT_POSSIBLE', 'A credit memo takes no payment; it is applied to invoices instead.')
        const balance = subtractText(company.totalOf(invoice), invoice.paid)
        const amount = parseDecimal(input.amount)
        if (compare(amount, ZERO) <= 0 || compare(amount, parseDecimal(balance)) > 0)
          throw new ValidationError([
            { field: 'amount', code: 'INVALID', message: `amount must be more than 0 and at most the balance, ${balance}.` },
          ])
        if (company.isFull(company.payments.length)) throw new ConflictError('SANDBOX_FULL', company.fullMessage())
        company.receivePayment(txnId, input.amount)
        return transactionView(connectionId, company, txnId)
      })
    },

    /** The next `count` requests that would save a record find it open elsewhere and are answered 3175. */
    async holdRecords(actor: Actor, connectionId: string, raw: unknown) {
      mayChange(actor)
      const input = parseInput(holdInput, raw)
      return changeCompany(actor, connectionId, null, async (company, { connectionId, row }) => {
        company.lockedRequests = input.count
        return summary(connectionId, company, row)
      })
    },

    /** Someone adds an item to QuickBooks' item list (a service item). */
    async addItem(actor: Actor, connectionId: string, raw: unknown) {
      mayChange(actor)
      const input = parseInput(itemInput, raw)
      return changeCompany(actor, connectionId, null, async (company, { connectionId, row }) => {
        if (company.items.has(input.name)) throw new ConflictError('ITEM_EXISTS', `The company has an item named "${input.name}" already.`)
        if (company.isFull(company.items.size)) throw new ConflictError('SANDBOX_FULL', company.fullMessage())
        company.items.add(input.name)
        return summary(connectionId, company, row)
      })
    },

    /** Someone deletes an item from QuickBooks: requests naming it are refused (3140) from then on. */
    async deleteItem(actor: Actor, connectionId: string, name: string) {
      return changeCompany(actor, connectionId, null, async (company, { connectionId, row }) => {
        if (!company.items.has(name)) throw new NotFoundError('Item', name)
        // QuickBooks deletes only an item no transaction uses.
        if (company.isItemUsed(name))
          throw new ConflictError('ITEM_IN_USE', `QuickBooks does not delete "${name}": a transaction of the company uses it.`)
        company.deleteListEntryInQuickBooks('items', name)
        return summary(connectionId, company, row)
      })
    },
  }
}

/** a - b to the cent (amounts in QuickBooks' terms). */
function subtractText(a: string, b: string): string {
  return toFixed(subtract(parseDecimal(a), parseDecimal(b)), 2)
}

export type SandboxService = ReturnType<typeof createSandboxService>
