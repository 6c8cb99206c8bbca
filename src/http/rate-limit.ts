// Two budgets, one mechanism (fixed one-minute windows of points, counted in this process):
// - per API key: RATE_LIMIT_PER_MINUTE points a minute on /v1 and /graphql. A REST request draws 1
//   point as it arrives; a GraphQL request draws ceil(cost / GRAPHQL_COST_PER_RATE_POINT) once its
//   cost is known, before it runs (the door calls `charge`). Advertised with the IETF RateLimit
//   header fields (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy: "api-key";q=600;w=60`
//   and `RateLimit: "api-key";r=<remaining>;t=<seconds until the window resets>`.
// - per source address (an IPv6 address by its /64: addressKey): every 401 (and every WebSocket closed after a refused connection_init)
//   draws 1 point; once RATE_LIMIT_AUTH_FAILURES_PER_MINUTE are drawn, the address gets 429 before
//   any API key is looked up (a WebSocket, at its handshake).
// Over a budget: 429 problem+json (or the GraphQL error shape) RATE_LIMITED with Retry-After.
//
// With several instances on one PostgreSQL the budgets are shared (rate-share.ts): each instance
// decides at once from its own draws and the others' as last exchanged, so together they let through
// one budget (plus at most what the others drew within one exchange interval). Keys are counted by a
// hash of the presented bearer token, so no secret is kept in memory and no database round trip is
// spent before the limit.
import { createHash } from 'node:crypto'
import { isIPv6 } from 'node:net'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../errors.js'

export const POLICY_NAME = 'api-key'
const WINDOW_MS = 60_000
const BEARER = /^Bearer[ ]+([\x21-\x7e]{1,512})[ ]*$/i

export interface RateDecision {
  allowed: boolean
  limit: number
  remaining: number
  /** Whole seconds until the window resets (at least 1). */
  resetSeconds: number
}

/**
 * A fixed-window budget of points per key. A take that does not fit is refused and draws nothing.
 * `now` is injectable for unit tests.
 */
/** What the other instances drew, as the last exchange through the database told (rate-share.ts). */
export interface SharedWindows {
  /** Points the other instances drew on `bucket` in the window starting at `start` (ms). */
  others(bucket: string, start: number): number
}

export function createFixedWindowLimiter(limit: number, windowMs = WINDOW_MS, now: () => number = Date.now, shared?: SharedWindows) {
  const windows = new Map<string, { start: number; count: number }>()
  let lastSweep = now()
  // Shared with other instances, windows start on the clock's minutes, so every instance counts the same window.
  const startOf = (t: number) => (shared ? Math.floor(t / windowMs) * windowMs : t)
  const othersOf = (key: string, w: { start: number }) => shared?.others(key, w.start) ?? 0

  const windowOf = (key: string, create: boolean): { start: number; count: number } => {
    const t = now()
    // Windows that ended are dropped once per window, so the map holds only recent callers.
    if (t - lastSweep >= windowMs) {
      for (const [k, w] of windows) if (t - w.start >= windowMs) windows.delete(k)
      lastSweep = t
    }
    let w = windows.get(key)
    if (!w || t - w.start >= windowMs) {
      w = { start: startOf(t), count: 0 }
      if (create) windows.set(key, w)
    }
    return w
  }
  const decision = (key: string, w: { start: number; count: number }, allowed: boolean): RateDecision => ({
    allowed,
    limit,
    remaining: Math.max(0, limit - w.count - othersOf(key, w)),
    resetSeconds: Math.max(1, Math.ceil((w.start + windowMs - now()) / 1000)),
  })

  return {
    /** Draws `points` when they fit in what is left of the window. */
    take(key: string, points = 1): RateDecision {
      const w = windowOf(key, true)
      const allowed = w.count + othersOf(key, w) + points <= limit
      if (allowed) w.count += points
      return decision(key, w, allowed)
    },
    /** Whether anything is left, drawing nothing. */
    peek(key: string): RateDecision {
      const w = windowOf(key, false)
      return decision(key, w, w.count + othersOf(key, w) < limit)
    },
    /** What this process drew in windows not over yet, for the exchange with other instances. */
    drawn(): { key: string; start: number; count: number }[] {
      const t = now()
      return [...windows]
        .filter(([, w]) => t - w.start < windowMs && w.count > 0)
        .map(([key, w]) => ({ key, start: w.start, count: w.count }))
    },
    get size(): number {
      return windows.size
    },
  }
}

/**
 * The address a limit is kept for: an IPv4 address as it is (also when written IPv4-mapped), an
 * IPv6 address by its /64, the block one subscriber is usually given.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip)
  if (mapped) return mapped[1]!
  if (!isIPv6(ip)) return ip
  const [head = '', tail = ''] = ip.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left
  return `${groups
    .slice(0, 4)
    .map((g) => (g.replace(/^0+/, '') || '0').toLowerCase())
    .join(':')}::/64`
}

export class RateLimitedError extends AppError {
  constructor(
    resetSeconds: number,
    message = `Too many requests for this API key. Retry in ${resetSeconds} s; the RateLimit headers show the quota.`,
  ) {
    super('RATE_LIMITED', message, 429)
  }
}

/** How a route draws from the per-key budget: 1 point on arrival, or its cost (the route charges). */
export type RateLimited = 'request' | 'cost'

export interface RateLimitOptions {
  perMinute: number
  authFailuresPerMinute: number
  appliesTo: (routeUrl: string) => RateLimited | null
  /** Where the budgets are shared with other instances (rate-share.ts); without it each instance counts alone. */
  share?: {
    windows(prefix: string, drawn: () => { key: string; start: number; count: number }[]): SharedWindows
  }
}

/** What a 'cost' route uses to draw its points once it knows them. */
export interface KeyBudget {
  charge(request: FastifyRequest, reply: FastifyReply, points: number): void
  /** A failed authentication that is not a 401 response (a WebSocket's connection_init): draws 1 from the address. */
  authenticationFailed(address: string): void
}

/**
 * Adds both budgets to every route `appliesTo` names. Call it on the root instance before the
 * routes are registered. A limit of 0 turns that budget off.
 */
export function rateLimit(app: FastifyInstance, options: RateLimitOptions): KeyBudget {
  // Shared, each limiter's draws are exchanged under a prefix of its own.
  const limiter = (limit: number, prefix: string) => {
    let made: ReturnType<typeof createFixedWindowLimiter> | undefined
    const shared = options.share?.windows(prefix, () => made?.drawn() ?? [])
    made = createFixedWindowLimiter(limit, WINDOW_MS, Date.now, shared)
    return made
  }
  const perKey = options.perMinute > 0 ? limiter(options.perMinute, 'key:') : undefined
  const failures = options.authFailuresPerMinute > 0 ? limiter(options.authFailuresPerMinute, 'auth:') : undefined
  const policy = `"${POLICY_NAME}";q=${options.perMinute};w=${WINDOW_MS / 1000}`
  const keyOf = (request: FastifyRequest) => {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1]
    return token ? createHash('sha256').update(token).digest('base64url') : undefined
  }
  const refuse = (reply: FastifyReply, decision: RateDecision, error: RateLimitedError) => {
    reply.header('retry-after', String(decision.resetSeconds))
    throw error
  }
  const advertise = (reply: FastifyReply, decision: RateDecision) =>
    reply.header('ratelimit-policy', policy).header('ratelimit', `"${POLICY_NAME}";r=${decision.remaining};t=${decision.resetSeconds}`)

  const budget: KeyBudget = {
    charge(request, reply, points) {
      const key = perKey && keyOf(request)
      if (!key) return
      const decision = perKey.take(key, points)
      advertise(reply, decision)
      if (!decision.allowed) {
        refuse(
          reply,
          decision,
          new RateLimitedError(
            decision.resetSeconds,
            `This request costs ${points} points and ${decision.remaining} of this API key's ${decision.limit} a minute are left. Retry in ${decision.resetSeconds} s, or ask for less.`,
          ),
        )
      }
    },
    authenticationFailed(address) {
      failures?.take(addressKey(address))
    },
  }

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url
    const kind = route ? options.appliesTo(route) : null
    if (!kind) return
    if (failures) {
      const decision = failures.peek(addressKey(request.ip))
      if (!decision.allowed)
        refuse(
          reply,
          decision,
          new RateLimitedError(
            decision.resetSeconds,
            `Too many failed authentications from your address. Retry in ${decision.resetSeconds} s with a valid API key.`,
          ),
        )
    }
    if (kind === 'request') return budget.charge(request, reply, 1)
    // A request that will draw its cost is refused at once when nothing is left.
    const key = perKey && keyOf(request)
    if (!key) return
    const decision = perKey.peek(key)
    if (!decision.allowed) {
      advertise(reply, decision)
      refuse(reply, decision, new RateLimitedError(decision.resetSeconds))
    }
  })

  if (failures) {
    app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      if (reply.statusCode !== 401) return
      const route = request.routeOptions.url
      if (route && options.appliesTo(route)) failures.take(addressKey(request.ip))
    })
  }
  return budget
}
