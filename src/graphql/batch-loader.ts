// A per-request batch loader: every load() of one tick becomes one call of the batch function, so
// a page of invoices with their lines and sync states costs a fixed number of queries.
export class BatchLoader<K, V> {
  private pending: { key: K; resolve: (v: V) => void; reject: (e: unknown) => void }[] = []
  private readonly cache = new Map<K, Promise<V>>()

  constructor(
    private readonly batch: (keys: K[]) => Promise<Map<K, V>>,
    private readonly fallback: V,
  ) {}

  load(key: K): Promise<V> {
    const cached = this.cache.get(key)
    if (cached) return cached
    const promise = new Promise<V>((resolve, reject) => {
      if (this.pending.length === 0) process.nextTick(() => void this.dispatch())
      this.pending.push({ key, resolve, reject })
    })
    this.cache.set(key, promise)
    return promise
  }

  private async dispatch(): Promise<void> {
    const pending = this.pending
    this.pending = []
    try {
      const values = await this.batch([...new Set(pending.map((p) => p.key))])
      for (const p of pending) p.resolve(values.get(p.key) ?? this.fallback)
    } catch (err) {
      for (const p of pending) p.reject(err)
    }
  }
}
