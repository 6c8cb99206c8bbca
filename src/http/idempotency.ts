// `Idempotency-Key` for every POST (and PATCH) of a scope: the first request with a key does the
// work and its response is stored; a retry with the same key and body gets that response again
// (`Idempotent-Replayed: true`) without the work being done twice.
//
// - Same key, another body, method, path or acting user: 422 IDEMPOTENCY_KEY_REUSED.
// - Same key while the first request still runs: 409 IDEMPOTENCY_REQUEST_IN_PROGRESS (Retry-After).
// - Keys are per tenant and kept RETENTION_SECONDS (24 hours) after the response, then purged.
// - Stored bodies are encrypted (AES-256-GCM, the service's secret box), bound to their tenant and
//   key: some answers carry a secret shown once (an API key, a Web Connector password).
// - Responses below 500 are stored and replayed (a refusal is the answer to that request too). A
//   5xx before any of the work committed releases the key, so a retry does the work; a 5xx after
//   some of it committed is stored like any answer.
//
// Never twice. The request owns its record by a claim token with a lease (IDEMPOTENCY_LEASE_SECONDS),
// renewed while it runs, so a slow request (waiting on a lock, say) keeps its key. Renewal alone is
// not enough (it can fail when the database is out of connections while the work goes on), so the
// work is fenced too: every transaction the request commits marks the record by its token in that
// same transaction (src/db/transaction-fence.ts; services know nothing of it). A request whose
// lease ran out and whose key was taken over therefore rolls back (409 IDEMPOTENCY_CLAIM_LOST)
// instead of committing, and a key whose work committed is never taken over: the retry gets the
// stored answer, or 409 IDEMPOTENCY_RESPONSE_LOST when the process died between the commit and
// storing the answer (no crash window does the work twice). The rule this relies on: a POST or
// PATCH under /v1 writes only inside `db.transaction`.
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { actingUserId } from '../auth/auth-plugin.js'
import { type TransactionFence, withFence } from '../db/transaction-fence.js'
import { AppError, ConflictError } from '../errors.js'
import type { IdempotencyRepository } from './idempotency-repository.js'

export const IDEMPOTENCY_HEADER = 'idempotency-key'
export const REPLAYED_HEADER = 'idempotent-replayed'
export const RETENTION_SECONDS = 24 * 60 * 60
export const LEASE_SECONDS = 60
const PURGE_EVERY_MS = 15 * 60 * 1000

/** 1 to 255 printable ASCII characters (a UUID is the usual choice). */
const KEY_FORMAT = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/
const METHODS = new Set(['POST', 'PATCH'])
/** Response headers that belong to the stored answer; the rest (request id, rate limit, length) are per response. */
const REPLAYED_HEADERS = ['content-type', 'location', 'content-disposition'] as const

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: OwnedKey | null
  }
}

interface OwnedKey {
  tenantId: string
  key: string
  token: Date
  stopRenewing(): void
}

/** The lease is renewed three times per lease period, so one late or failed renewal does not lose it. */
export function renewalIntervalMs(leaseSeconds: number): number {
  return Math.max(100, Math.floor((leaseSeconds * 1000) / 3))
}

/** JSON with object keys sorted at every level, so `{"a":1,"b":2}` and `{"b":2,"a":1}` hash alike. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

export function requestHash(body: unknown, userId: string | null, apiKeyId?: string): string {
  // The API key is part of the request: a stored answer (a new key, a password) is replayed only to the key that asked.
  return createHash('sha256')
    .update(canonicalJson({ body: body ?? null, userId, ...(apiKeyId ? { apiKeyId } : {}) }))
    .digest('hex')
}

/** Encrypts stored response bodies (the secret box of src/webhooks/secrets.ts fits). */
export interface BodyCipher {
  encrypt(plaintext: string, boundTo: string): Promise<string>
  decrypt(ciphertext: string, boundTo: string): Promise<string>
}

export interface IdempotencyOptions {
  repository: IdempotencyRepository
  cipher: BodyCipher
  retentionSeconds?: number
  leaseSeconds?: number
}

/** Fences the request's transactions by its claim: one whose key was taken over rolls back. */
export function claimFence(
  repository: Pick<IdempotencyRepository, 'markWorkCommitted'>,
  owned: Pick<OwnedKey, 'tenantId' | 'key' | 'token'>,
): TransactionFence {
  return {
    async beforeCommit(tx) {
      if (!(await repository.markWorkCommitted(tx, owned.tenantId, owned.key, owned.token))) {
        throw new ConflictError(
          'IDEMPOTENCY_CLAIM_LOST',
          'This request ran past its Idempotency-Key lease and a retry with the same key took over; this request’s work was rolled back. Retry with the same key to get the answer.',
        )
      }
    },
  }
}

/** Call inside an authenticated scope (after requireApiKey): keys are scoped to request.auth's tenant. */
export function idempotency(scope: FastifyInstance, options: IdempotencyOptions): void {
  const { repository, cipher } = options
  const boundTo = (tenantId: string, key: string) => `idempotency:${tenantId}:${key}`
  const retention = options.retentionSeconds ?? RETENTION_SECONDS
  const lease = options.leaseSeconds ?? LEASE_SECONDS
  scope.decorateRequest('idempotency', null)

  scope.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!METHODS.has(request.method)) return
    const key = request.headers[IDEMPOTENCY_HEADER]
    if (key === undefined) return
    if (typeof key !== 'string' || !KEY_FORMAT.test(key)) {
      throw new AppError(
        'INVALID_IDEMPOTENCY_KEY',
        'Idempotency-Key must be 1 to 255 printable ASCII characters (a UUID, for example), sent once.',
        400,
      )
    }
    const userId = actingUserId(request)
    const fingerprint = {
      method: request.method,
      path: request.url.split('?')[0]!,
      requestHash: requestHash(request.body, userId, request.auth.apiKeyId),
    }
    const tenantId = request.auth.tenantId
    const claim = await repository.claim(tenantId, key, fingerprint, lease, retention)
    if (claim.owned) {
      const { token } = claim
      const renew = () =>
        void repository.renew(tenantId, key, token, lease).then(
          (still) => {
            if (!still) clearInterval(timer)
          },
          (err: unknown) => request.log.warn({ err }, 'could not renew the Idempotency-Key lease; the work stays fenced'),
        )
      const timer = setInterval(renew, renewalIntervalMs(lease)).unref()
      request.idempotency = { tenantId, key, token, stopRenewing: () => clearInterval(timer) }
      return
    }
    const { record } = claim
    if (record.method !== fingerprint.method || record.path !== fingerprint.path || record.requestHash !== fingerprint.requestHash) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        `This Idempotency-Key was used for a different request (${record.method} ${record.path}, another body or acting user). Use a new key for a new request.`,
        422,
      )
    }
    if (record.state === 'IN_PROGRESS' && record.workCommittedAt !== null && record.leaseExpired) {
      throw new ConflictError(
        'IDEMPOTENCY_RESPONSE_LOST',
        'The request with this Idempotency-Key did its work, but its answer was never stored (the service stopped before it could). The work is not done again: read the result (GET) instead of retrying.',
      )
    }
    if (record.state === 'IN_PROGRESS' || record.responseStatus === null) {
      reply.header('retry-after', '1')
      throw new AppError(
        'IDEMPOTENCY_REQUEST_IN_PROGRESS',
        'A request with this Idempotency-Key is still being processed. Retry shortly to get its response.',
        409,
      )
    }
    reply.code(record.responseStatus)
    for (const [name, value] of Object.entries((record.responseHeaders as Record<string, string> | null) ?? {})) reply.header(name, value)
    const body = record.responseBody ? await cipher.decrypt(record.responseBody, boundTo(tenantId, key)) : ''
    return reply.header(REPLAYED_HEADER, 'true').send(body)
  })

  // The handler, and every transaction it commits, runs under the claim's fence (a callback hook:
  // `done` called inside withFence carries the fence into the handler).
  scope.addHook('preHandler', (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    const owned = request.idempotency
    if (!owned) return done()
    withFence(claimFence(repository, owned), done)
  })

  // onSend stops it; this covers a response that never went through onSend. A client that goes
  // away does not stop it: the handler still runs and may commit.
  scope.addHook('onResponse', async (request: FastifyRequest) => request.idempotency?.stopRenewing())

  scope.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const owned = request.idempotency
    if (!owned) return payload
    request.idempotency = null
    owned.stopRenewing()
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload == null ? '' : null
    try {
      // A failure before any work committed frees the key; after a commit the answer is kept, whatever it is.
      const released = (reply.statusCode >= 500 || body === null) && (await repository.release(owned.tenantId, owned.key, owned.token))
      if (!released) {
        const headers: Record<string, string> = {}
        for (const name of REPLAYED_HEADERS) {
          const value = reply.getHeader(name)
          if (value !== undefined) headers[name] = String(value)
        }
        const stored = body === '' || body === null ? '' : await cipher.encrypt(body, boundTo(owned.tenantId, owned.key))
        await repository.complete(owned.tenantId, owned.key, owned.token, { status: reply.statusCode, headers, body: stored }, retention)
      }
    } catch (err) {
      // The answer still goes out; the record stays IN_PROGRESS: after its lease a retry takes the key over if no work
      // committed, and gets IDEMPOTENCY_RESPONSE_LOST if some did.
      request.log.error({ err }, 'could not store the idempotency record')
    }
    return payload
  })

  const purge = () =>
    void repository.purgeExpired(retention).then(
      (n) => n > 0 && scope.log.debug({ purged: n }, 'expired idempotency keys purged'),
      (err: unknown) => scope.log.warn({ err }, 'purging expired idempotency keys failed'),
    )
  const timer = setInterval(purge, PURGE_EVERY_MS).unref()
  scope.addHook('onClose', async () => clearInterval(timer))
}
