// A fence lets the code that started some work (an HTTP request holding an Idempotency-Key, say)
// take part in every transaction that work commits, without the services knowing: the outermost
// `db.transaction` run inside `withFence` calls the fence's `beforeCommit` with the transaction,
// after the work and before COMMIT. A fence that throws rolls the whole transaction back.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Db, Tx } from './types.js'

export interface TransactionFence {
  /** Runs in the transaction, after its work, before COMMIT; throwing rolls the transaction back. */
  beforeCommit(tx: Tx): Promise<void>
}

const current = new AsyncLocalStorage<TransactionFence>()

/** Runs `fn` (and everything it starts asynchronously) with `fence` over its transactions. */
export function withFence<T>(fence: TransactionFence, fn: () => T): T {
  return current.run(fence, fn)
}

const FENCED = Symbol('transactions fenced')

/** Makes `db.transaction` honour the fence in effect; nested transactions (savepoints, `tx.transaction`) are part of the outer one. */
export function fenceTransactions<T extends Db>(db: T): T {
  const target = db as T & { [FENCED]?: true }
  if (target[FENCED]) return db
  const original = db.transaction.bind(db)
  const fenced: Db['transaction'] = (work, config) => {
    const fence = current.getStore()
    if (!fence) return original(work, config)
    return original(async (tx) => {
      const result = await work(tx)
      await fence.beforeCommit(tx)
      return result
    }, config)
  }
  Object.defineProperty(target, 'transaction', { value: fenced, configurable: true, writable: true })
  Object.defineProperty(target, FENCED, { value: true })
  return db
}
