// Rate-limit budgets held across instances. Each instance decides on its own, at once, from what it
// drew itself plus what the other instances had drawn at the last exchange: every `intervalMs` it
// writes what it drew in the current window (one statement for all its budgets) and reads back the
// others' totals for the same buckets. So N instances together let through at most the budget plus
// what the others drew in one interval, never N budgets. The one writer of `rate_limit_shares`.
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { texts } from '../db/one-statement.js'
import { rateLimitShares } from '../db/schema.js'
import type { SharedWindows } from './rate-limit.js'

interface Drawn {
  key: string
  start: number
  count: number
}

export function createRateShare(db: Db, options: { intervalMs: number; onError: (err: unknown) => void }) {
  const instance = randomUUID()
  /** The others' totals, by `${bucket} ${windowStart}`. */
  let others = new Map<string, number>()
  const sources: { prefix: string; drawn: () => Drawn[] }[] = []
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()

  async function exchange(): Promise<void> {
    const drawn = sources.flatMap((s) => s.drawn().map((d) => ({ ...d, key: `${s.prefix}${d.key}` })))
    if (drawn.length === 0) {
      others = new Map()
      return
    }
    const buckets = drawn.map((d) => d.key)
    const starts = drawn.map((d) => new Date(d.start).toISOString())
    const points = drawn.map((d) => String(d.count))
    const { rows } = (await db.execute(sql`with mine as (
        select * from unnest(${texts(buckets)}, ${texts(starts)}::timestamptz[], ${texts(points)}::int[]) as m(bucket, window_start, points)
      ), saved as (
        insert into ${rateLimitShares} (bucket, window_start, instance, points)
        select bucket, window_start, ${instance}::uuid, points from mine
        on conflict (bucket, window_start, instance) do update set points = excluded.points
      ), swept as (
        delete from ${rateLimitShares} where window_start < (select min(window_start) from mine) - interval '1 minute'
      )
      select s.bucket, extract(epoch from s.window_start) * 1000 as "start", sum(s.points)::int as "points"
      from ${rateLimitShares} s join mine m on m.bucket = s.bucket and m.window_start = s.window_start
      where s.instance <> ${instance}::uuid
      group by s.bucket, s.window_start`)) as unknown as { rows: { bucket: string; start: number | string; points: number }[] }
    others = new Map(rows.map((r) => [`${r.bucket} ${Number(r.start)}`, r.points]))
  }

  return {
    /** The view a limiter with this prefix reads the others' draws through. */
    windows(prefix: string, drawn: () => Drawn[]): SharedWindows {
      sources.push({ prefix, drawn })
      return { others: (bucket, start) => others.get(`${prefix}${bucket} ${start}`) ?? 0 }
    },
    /** One exchange now (the timer makes one every intervalMs). */
    exchange(): Promise<void> {
      running = running.then(exchange).catch(options.onError)
      return running
    },
    start(): void {
      timer = setInterval(() => void this.exchange(), options.intervalMs)
      timer.unref()
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer)
      await running
    },
  }
}

export type RateShare = ReturnType<typeof createRateShare>
