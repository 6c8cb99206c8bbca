// Delivers webhook events, in every instance. Due deliveries are claimed in one statement with
// FOR UPDATE SKIP LOCKED and a lease (locked_until), so two instances never send the same delivery
// at once and a crashed instance's claims come back when the lease runs out. Claims are fair (the
// SQL function webhook_claim of migration 0009): the leased rows are the deliveries in flight,
// counted per endpoint and per tenant across instances (claims take turns through an advisory
// lock, so each sees the others' leases), each capped
// (WEBHOOKS_MAX_IN_FLIGHT_PER_ENDPOINT / _PER_TENANT); the room left is filled round-robin, every
// tenant's and endpoint's oldest due delivery before anyone's second, so a receiver that hangs
// holds its own slots and no one else's. An endpoint whose circuit is open (circuit.ts) gets
// nothing, a half-open one a single probe. No order between deliveries is promised. Each is POSTed signed
// per Standard Webhooks; outcomes are written back in batches. 2xx: delivered. Otherwise retried
// with exponential backoff and full jitter (Retry-After honoured on 429/503), ABANDONED after
// WEBHOOKS_MAX_ATTEMPTS; 410 Gone disables the endpoint. The worker polls every
// WEBHOOKS_POLL_INTERVAL_MS while idle (one indexed query) and claims again at once while busy;
// it does not LISTEN, because NOTIFY from the outbox would serialise the commits of every edit.
import { createHmac } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { isIP } from 'node:net'
import { sql } from 'drizzle-orm'
import { doublingDelay } from '../backoff.js'
import { systemClock } from '../clock.js'
import type { Config } from '../config.js'
import type { DatabaseHandle } from '../db/client.js'
import { type Circuit, recordOutcomes } from './circuit.js'
import { type SecretBox, secretBytes } from './secrets.js'
import { guardedLookup, isPrivateAddress, refusedPort } from './url-guard.js'

/** The worker's settings are config.webhooks' (see config.ts for each one's meaning). */
export interface WebhookWorkerOptions
  extends Pick<
    Config['webhooks'],
    | 'concurrency'
    | 'maxInFlightPerEndpoint'
    | 'maxInFlightPerTenant'
    | 'circuitFailureThreshold'
    | 'circuitOpenMs'
    | 'circuitMaxOpenMs'
    | 'pollIntervalMs'
    | 'maxAttempts'
    | 'retryBaseMs'
    | 'retryMaxMs'
    | 'timeoutMs'
    | 'retentionDays'
    | 'allowPrivateTargets'
  > {
  database: DatabaseHandle
  secrets: SecretBox
  log: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void }
  /** Called with each delivery's outcome after it is stored (benchmarks, tests). */
  onOutcome?: (outcome: Outcome) => void
  /** The time attempts are recorded and signed at (the database keeps its own for leases and due times). */
  now?: () => Date
}

interface Claimed {
  id: number
  event_id: string
  endpoint_id: string
  attempts: number
  payload: unknown
  url: string
  secret_ciphertext: string
  previous_secret_ciphertext: string | null
  previous_valid: boolean
  /** The endpoint's circuit was not plainly closed when claimed: a success must reset it. */
  circuit_marked: boolean
}

export interface Outcome {
  id: number
  endpointId: string
  /** The attempt (the delivery's `attempts` when claimed): an outcome is stored only while no later attempt took the delivery over. */
  attempt: number
  status: 'DELIVERED' | 'PENDING' | 'ABANDONED' | 'FAILED'
  code: number | null
  error: string | null
  at: string
  /** For a retry: wait this long. */
  delayMs: number | null
  /** 410 Gone: the endpoint is disabled. */
  gone?: boolean
  /** See Claimed.circuit_marked. */
  circuitMarked?: boolean
}

interface Response {
  status: number
  retryAfter: string | undefined
}

const PURGE_EVERY_MS = 10 * 60_000
/** The purge deletes in batches of this many rows, pausing between them, until nothing expired is left. */
const PURGE_BATCH = 5_000
const PURGE_PAUSE_MS = 50
const LEASE_MARGIN_MS = 5_000
/** After a wake-up, wait this long for more commits before claiming: fewer, larger claims under load. */
const GATHER_MS = 5
/** A receiver's Retry-After is followed up to a day. */
const RETRY_AFTER_CAP_MS = 86_400_000

/** Standard Webhooks signature header: `v1,<base64 HMAC-SHA256 of id.timestamp.body>` per secret, space-separated. */
export function signatureHeader(id: string, timestamp: number, body: string, secrets: Buffer[]): string {
  return secrets.map((key) => `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`).join(' ')
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date), or null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}

/** Full jitter: a random wait up to the exponential bound of this attempt. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const bound = doublingDelay(attempt, baseMs, maxMs)
  return Math.floor(random() * bound)
}

export function createWebhookWorker(options: WebhookWorkerOptions) {
  const { database, secrets, log } = options
  const now = options.now ?? systemClock.now
  const db = database.db
  // PGlite has one connection: fewer deliveries claimed at once, so requests are not kept waiting.
  const concurrency = database.kind === 'pglite' ? Math.min(options.concurrency, 4) : options.concurrency
  // Long enough for the request's timeout and storing its outcome; a crashed instance's claims come back after it.
  const leaseMs = options.timeoutMs + Math.max(LEASE_MARGIN_MS, options.timeoutMs)
  const lookup = guardedLookup(options.allowPrivateTargets)
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: concurrency }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: concurrency }),
  }
  const keyCache = new Map<string, Buffer>()

  let running = false
  /** stop() was called: a purge in progress ends after its current batch. */
  let stopping = false
  let inFlight = 0
  /** The last claim filled every free slot: more may be due, so a finished delivery claims again. */
  let backlog = false
  let wakeUp: (() => void) | undefined
  let woken = false
  let loop: Promise<void> | undefined
  let purgeTimer: NodeJS.Timeout | undefined
  const pending: Outcome[] = []
  let flushing: Promise<void> | undefined
  const sends = new Set<Promise<void>>()

  function wake(): void {
    woken = true
    wakeUp?.()
  }

  async function key(ciphertext: string, endpointId: string): Promise<Buffer> {
    const cached = keyCache.get(ciphertext)
    if (cached) return cached
    const bytes = secretBytes(await secrets.decrypt(ciphertext, endpointId))
    if (keyCache.size > 1000) keyCache.clear()
    keyCache.set(ciphertext, bytes)
    return bytes
  }

  /** Claims up to `limit` due deliveries within the caps (webhook_claim, migration 0009: the fair claim) and leases them. */
  async function claim(limit: number): Promise<Claimed[]> {
    const result = (await db.execute(
      sql`select * from webhook_claim(${limit}::int, ${options.maxInFlightPerEndpoint}::int, ${options.maxInFlightPerTenant}::int, ${leaseMs / 1000}::float8)`,
    )) as unknown as { rows: Claimed[] }
    return result.rows.map((r) => ({ ...r, id: Number(r.id) }))
  }

  function post(url: URL, headers: Record<string, string>, body: string): Promise<Response> {
    return new Promise((resolve, reject) => {
      const transport = url.protocol === 'https:' ? https : http
      const req = transport.request(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          agent: agents[url.protocol as 'http:' | 'https:'],
          lookup: lookup as never,
          timeout: options.timeoutMs,
        },
        (res) => {
          const retryAfter = res.headers['retry-after']
          res.resume() // the receiver's body is not used
          res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter }))
          res.on('error', reject)
        },
      )
      const timer = setTimeout(
        () => req.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
        options.timeoutMs,
      )
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })))
      req.on('error', (err) => {
        clearTimeout(timer)
        reject(err)
      })
      req.on('close', () => clearTimeout(timer))
      req.end(body)
    })
  }

  async function deliver(d: Claimed): Promise<Outcome> {
    const at = now().toISOString()
    const base = { id: d.id, endpointId: d.endpoint_id, attempt: d.attempts, at, circuitMarked: d.circuit_marked }
    const retry = (code: number | null, error: string, delayMs: number | null = null): Outcome =>
      d.attempts >= options.maxAttempts
        ? { ...base, status: 'ABANDONED', code, error: `${error} (gave up after ${d.attempts} attempts)`, delayMs: null }
        : {
            ...base,
            status: 'PENDING',
            code,
            error,
            delayMs:
              delayMs === null ? backoffMs(d.attempts, options.retryBaseMs, options.retryMaxMs) : Math.min(RETRY_AFTER_CAP_MS, delayMs),
          }
    try {
      const url = new URL(d.url)
      const host = url.hostname.replace(/^\[|\]$/g, '')
      // An IP literal is dialled without a lookup: check it here.
      if (isIP(host) && !options.allowPrivateTargets && isPrivateAddress(host))
        return retry(null, 'refused: the target is a private address')
      if (refusedPort(url)) return retry(null, `refused: port ${url.port} is not allowed (80, 443 or 1024 and above)`)
      const body = JSON.stringify(d.payload)
      const timestamp = Math.floor(now().getTime() / 1000)
      const keys = [await key(d.secret_ciphertext, d.endpoint_id)]
      if (d.previous_valid && d.previous_secret_ciphertext) keys.push(await key(d.previous_secret_ciphertext, d.endpoint_id))
      const res = await post(
        url,
        {
          'content-type': 'application/json',
          'user-agent': 'invoice-sync-webhooks/0.1',
          'webhook-id': d.event_id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(d.event_id, timestamp, body, keys),
        },
        body,
      )
      if (res.status >= 200 && res.status < 300) return { ...base, status: 'DELIVERED', code: res.status, error: null, delayMs: null }
      if (res.status === 410)
        return {
          ...base,
          status: 'FAILED',
          code: 410,
          error: 'The receiver answered 410 Gone: the endpoint was disabled.',
          delayMs: null,
          gone: true,
        }
      const wait = res.status === 429 || res.status === 503 ? retryAfterMs(res.retryAfter, now().getTime()) : null
      const described =
        res.status >= 300 && res.status < 400
          ? `HTTP ${res.status} (redirects are not followed; register the final URL)`
          : `HTTP ${res.status}`
      return retry(res.status, described, wait)
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      return retry(null, e.code ? `${e.code}: ${e.message}` : e.message)
    }
  }

  async function store(outcomes: Outcome[]): Promise<void> {
    // Circuits first: once a lease is released below, the next claim must see the circuit this outcome moved.
    await updateCircuits(outcomes)
    const rows = outcomes.map((o) => ({
      id: o.id,
      attempt: o.attempt,
      status: o.status,
      code: o.code,
      error: o.error?.slice(0, 1000) ?? null,
      at: o.at,
      delay_ms: o.delayMs,
    }))
    // An attempt that outlived its lease and was taken over (attempts moved on) leaves the delivery to
    // the newer attempt: its late outcome would undo that one's (a delivered event sent again).
    await db.execute(sql`update webhook_deliveries d set status = v.status::webhook_delivery_status, last_status_code = v.code, last_error = v.error,
        last_attempt_at = v.at, delivered_at = case when v.status = 'DELIVERED' then v.at else d.delivered_at end,
        next_attempt_at = case when v.delay_ms is null then d.next_attempt_at else now() + make_interval(secs => v.delay_ms / 1000.0) end, locked_until = null
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id bigint, attempt int, status text, code int, error text, at timestamptz, delay_ms bigint)
      where d.id = v.id and d.attempts = v.attempt`)
    for (const gone of outcomes.filter((o) => o.gone)) {
      await db.transaction(async (tx) => {
        await tx.execute(sql`update webhook_endpoints set disabled_at = now(), disabled_reason = ${`The receiver answered 410 Gone on ${gone.at}; re-enable the endpoint once it accepts events again.`}, updated_at = now()
          where id = ${gone.endpointId} and disabled_at is null`)
        await tx.execute(sql`update webhook_deliveries set status = 'FAILED', last_error = 'The endpoint was disabled (410 Gone) before this was delivered.', locked_until = null
          where endpoint_id = ${gone.endpointId} and status = 'PENDING' and id <> ${gone.id}`)
      })
      log.warn({ endpointId: gone.endpointId }, 'webhook endpoint answered 410 Gone; disabled')
    }
  }

  /**
   * Moves the circuits of the endpoints these outcomes came from (circuit.ts), on the database's
   * clock. Nothing to write when every delivery succeeded to an endpoint whose circuit was closed.
   */
  async function updateCircuits(outcomes: Outcome[]): Promise<void> {
    const byEndpoint = new Map<string, boolean[]>()
    const marked = new Set<string>()
    for (const o of outcomes) {
      if (o.gone) continue
      byEndpoint.set(o.endpointId, [...(byEndpoint.get(o.endpointId) ?? []), o.status === 'DELIVERED'])
      if (o.circuitMarked) marked.add(o.endpointId)
    }
    const touched = [...byEndpoint]
      .filter(([id, oks]) => oks.includes(false) || marked.has(id))
      .map(([id]) => id)
      .sort()
    if (touched.length === 0) return
    const settings = {
      failureThreshold: options.circuitFailureThreshold,
      openMs: options.circuitOpenMs,
      maxOpenMs: options.circuitMaxOpenMs,
    }
    await db.transaction(async (tx) => {
      const current = (
        (await tx.execute(sql`select id, circuit_failures, circuit_opens, circuit_open_until, now() as db_now from webhook_endpoints
          where id in (select unnest(${`{${touched.join(',')}}`}::uuid[])) order by id for update`)) as unknown as {
          rows: {
            id: string
            circuit_failures: number
            circuit_opens: number
            circuit_open_until: Date | string | null
            db_now: Date | string
          }[]
        }
      ).rows
      const next = current.map((row) => {
        const before: Circuit = {
          consecutiveFailures: row.circuit_failures,
          opens: row.circuit_opens,
          openUntil: row.circuit_open_until === null ? null : new Date(row.circuit_open_until),
        }
        const after = recordOutcomes(before, byEndpoint.get(row.id)!, new Date(row.db_now), settings)
        if (after.openUntil && after.openUntil.getTime() !== before.openUntil?.getTime()) {
          log.warn(
            { endpointId: row.id, consecutiveFailures: after.consecutiveFailures, openUntil: after.openUntil.toISOString() },
            'webhook endpoint keeps failing: its deliveries are paused (circuit open)',
          )
        }
        return { id: row.id, failures: after.consecutiveFailures, opens: after.opens, open_until: after.openUntil?.toISOString() ?? null }
      })
      await tx.execute(sql`update webhook_endpoints ep set circuit_failures = v.failures, circuit_opens = v.opens, circuit_open_until = v.open_until
        from jsonb_to_recordset(${JSON.stringify(next)}::jsonb) as v(id uuid, failures int, opens int, open_until timestamptz) where ep.id = v.id`)
    })
  }

  /** Writes the finished deliveries' outcomes, batched: one statement for all that finished meanwhile. */
  function scheduleFlush(): void {
    if (flushing) return
    flushing = (async () => {
      while (pending.length > 0) {
        const batch = pending.splice(0, pending.length)
        try {
          await store(batch)
          for (const o of batch) options.onOutcome?.(o)
          // Their leases are released: the in-flight caps may have room again.
          if (running) wake()
        } catch (err) {
          // The leases run out and the deliveries are tried again: at least once.
          log.error({ err: { message: (err as Error).message } }, 'could not store webhook delivery outcomes')
        }
      }
    })().finally(() => {
      flushing = undefined
      if (pending.length > 0) scheduleFlush()
    })
  }

  function start(d: Claimed): void {
    inFlight++
    const p = deliver(d)
      .then((outcome) => {
        if (outcome.status !== 'DELIVERED')
          log.info(
            {
              deliveryId: d.id,
              endpointId: d.endpoint_id,
              eventId: d.event_id,
              attempt: d.attempts,
              status: outcome.status,
              statusCode: outcome.code,
              error: outcome.error,
            },
            'webhook delivery failed',
          )
        pending.push(outcome)
        scheduleFlush()
      })
      .finally(() => {
        inFlight--
        sends.delete(p)
        if (backlog) wake()
      })
    sends.add(p)
  }

  async function run(): Promise<void> {
    while (running) {
      woken = false
      const free = concurrency - inFlight
      if (free > 0) {
        try {
          const claimed = await claim(free)
          backlog = claimed.length === free
          for (const d of claimed) start(d)
        } catch (err) {
          if (running) log.error({ err: { message: (err as Error).message } }, 'could not claim webhook deliveries')
        }
      }
      if (!running) break
      if (woken && inFlight < concurrency) continue
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollIntervalMs)
        wakeUp = () => {
          clearTimeout(timer)
          resolve()
        }
        if (woken) wakeUp()
      })
      wakeUp = undefined
      // Let other commits' notifications arrive, so one claim (and one outcome write) serves many.
      await new Promise((resolve) => setTimeout(resolve, GATHER_MS))
    }
  }

  /** Runs one bounded delete again and again until a batch comes back short (nothing expired left) or the worker stops. */
  async function purgeInBatches(statement: ReturnType<typeof sql>): Promise<number> {
    let removed = 0
    for (;;) {
      const [{ n } = { n: 0 }] = ((await db.execute(statement)) as unknown as { rows: { n: number }[] }).rows
      removed += n
      if (n < PURGE_BATCH || stopping) return removed
      await new Promise((resolve) => setTimeout(resolve, PURGE_PAUSE_MS))
    }
  }

  async function purge(): Promise<{ deliveries: number; events: number }> {
    const days = options.retentionDays
    const deliveries = await purgeInBatches(sql`with gone as (delete from webhook_deliveries where id in (
        select id from webhook_deliveries where status <> 'PENDING' and coalesce(delivered_at, last_attempt_at, created_at) < now() - make_interval(days => ${days}) limit ${PURGE_BATCH})
        returning 1) select count(*)::int as n from gone`)
    const events = await purgeInBatches(sql`with gone as (delete from webhook_events where id in (
        select e.id from webhook_events e where e.created_at < now() - make_interval(days => ${days})
        and not exists (select 1 from webhook_deliveries d where d.event_id = e.id) limit ${PURGE_BATCH})
        returning 1) select count(*)::int as n from gone`)
    if (deliveries + events > 0) log.info({ deliveries, events }, 'webhook retention purge')
    return { deliveries, events }
  }

  return {
    async start(): Promise<void> {
      if (running) return
      running = true
      stopping = false
      loop = run()
      const purgeSoon = () => {
        purgeTimer = setTimeout(() => {
          purge()
            .catch((err: Error) => log.warn({ err: { message: err.message } }, 'webhook retention purge failed'))
            .finally(() => running && purgeSoon())
        }, PURGE_EVERY_MS)
        purgeTimer.unref()
      }
      purgeSoon()
    },

    /** Stops claiming, waits for deliveries in flight and stores their outcomes. */
    async stop(): Promise<void> {
      if (!running) return
      running = false
      stopping = true
      clearTimeout(purgeTimer)
      wake()
      await loop
      await Promise.allSettled([...sends])
      await flushing
      agents['http:'].destroy()
      agents['https:'].destroy()
    },

    /** Deletes finished deliveries and their events older than the retention period. */
    purge,
    /** Look for due deliveries now. */
    wake,
  }
}

export type WebhookWorker = ReturnType<typeof createWebhookWorker>
