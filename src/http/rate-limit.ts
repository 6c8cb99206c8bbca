// Requests per API key per minute, advertised with the IETF RateLimit header fields
// (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy: "api-key";q=600;w=60` and, on every
// limited response, `RateLimit: "api-key";r=<remaining>;t=<seconds until the window resets>`.
// Over the quota: 429 problem+json RATE_LIMITED with Retry-After.
//
// Fixed one-minute windows, counted in this process: with several instances behind a load
// balancer each instance counts its own share. Keys are counted by a hash of the presented bearer
// token, so no secret is kept in memory and no database round trip is spent before the limit.
import { createHash } from 'node:crypto'
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

/** A fixed-window counter per key. `now` is injectable for unit tests. */
export function createFixedWindowLimiter(limit: number, windowMs = WINDOW_MS, now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>()
  let lastSweep = now()

  return {
    take(key: string): RateDecision {
      const t = now()
      // Windows that ended are dropped once per window, so the map holds only recent callers.
      if (t - lastSweep >= windowMs) {
        for (const [k, w] of windows) if (t - w.start >= windowMs) windows.delete(k)
        lastSweep = t
      }
      let w = windows.get(key)
      if (!w || t - w.start >= windowMs) {
        w = { start: t, count: 0 }
        windows.set(key, w)
      }
      w.count++
      return { allowed: w.count <= limit, limit, remaining: Math.max(0, limit - w.count), resetSeconds: Math.max(1, Math.ceil((w.start + windowMs - t) / 1000)) }
    },
    get size(): number {
      return windows.size
    },
  }
}

export class RateLimitedError extends AppError {
  constructor(resetSeconds: number) {
    super('RATE_LIMITED', `Too many requests for this API key. Retry in ${resetSeconds} s; the RateLimit headers show the quota.`, 429)
  }
}

/**
 * Adds the limit to every route `appliesTo` accepts whose request carries a bearer token. Call it
 * on the root instance before the routes are registered. A limit of 0 turns it off.
 */
export function rateLimit(app: FastifyInstance, options: { perMinute: number; appliesTo: (routeUrl: string) => boolean }): void {
  if (options.perMinute <= 0) return
  const limiter = createFixedWindowLimiter(options.perMinute)
  const policy = `"${POLICY_NAME}";q=${options.perMinute};w=${WINDOW_MS / 1000}`

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url
    if (!route || !options.appliesTo(route)) return
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1]
    if (!token) return
    const decision = limiter.take(createHash('sha256').update(token).digest('base64url'))
    reply.header('ratelimit-policy', policy).header('ratelimit', `"${POLICY_NAME}";r=${decision.remaining};t=${decision.resetSeconds}`)
    if (!decision.allowed) {
      reply.header('retry-after', String(decision.resetSeconds))
      throw new RateLimitedError(decision.resetSeconds)
    }
  })
}
