// Webhook test helpers: a real HTTP receiver on 127.0.0.1 (random port) that records what arrives
// and answers as told, and an app built for webhook tests (private targets allowed, fast retries).
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { buildTestApp, json, type TestApp } from '../helpers/app.js'

export interface Received {
  headers: http.IncomingHttpHeaders
  body: string
  at: number
  json: { type: string; timestamp: string; data: Record<string, any> }
}

export interface Answer {
  status: number
  headers?: Record<string, string>
  /** Answer after this long. */
  delayMs?: number
  /** Keep the request unanswered until `release()` (or the receiver closes): a receiver that hangs. */
  hold?: boolean
}

export interface Receiver {
  url: string
  port: number
  received: Received[]
  /** How to answer the n-th request (0-based); default 204. */
  answer: (n: number, req: Received) => Answer
  /** Resolves once `count` requests arrived (matching `filter`), or rejects after `timeoutMs`. */
  waitFor(count: number, options?: { timeoutMs?: number; filter?: (r: Received) => boolean }): Promise<Received[]>
  /** Requests held unanswered right now (answers with `hold`). */
  held: number
  /** Answers every held request with this status (only the `only`-th held one, in arrival order, when given). */
  release(status?: number, only?: number): void
  close(): Promise<void>
}

interface Host {
  teardown(fn: () => unknown): void
}

export async function startReceiver(t: Host, options: { port?: number } = {}): Promise<Receiver> {
  const waiters = new Set<() => void>()
  const holding = new Set<http.ServerResponse>()
  const receiver: Receiver = {
    url: '',
    port: 0,
    received: [],
    answer: () => ({ status: 204 }),
    waitFor(count, { timeoutMs = 15_000, filter = () => true } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const matching = receiver.received.filter(filter)
          if (matching.length >= count) {
            waiters.delete(check)
            clearTimeout(timer)
            resolve(matching)
          }
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(
            new Error(
              `expected ${count} webhook requests within ${timeoutMs} ms, got ${receiver.received.filter(filter).length}: ${receiver.received.map((r) => r.json?.type).join(', ')}`,
            ),
          )
        }, timeoutMs)
        waiters.add(check)
        check()
      })
    },
    get held() {
      return holding.size
    },
    release(status = 204, only?: number) {
      for (const res of only === undefined ? [...holding] : [...holding].slice(only, only + 1)) {
        holding.delete(res)
        res.writeHead(status)
        res.end()
      }
    },
    close: async () => {},
  }
  const server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      let parsed: Received['json']
      try {
        parsed = JSON.parse(body)
      } catch {
        parsed = { type: '(not json)', timestamp: '', data: {} }
      }
      const entry: Received = { headers: req.headers, body, at: Date.now(), json: parsed }
      const answer = receiver.answer(receiver.received.length, entry)
      receiver.received.push(entry)
      if (answer.hold) {
        holding.add(res)
        res.on('close', () => holding.delete(res))
        for (const w of [...waiters]) w()
        return
      }
      for (const w of [...waiters]) w()
      setTimeout(() => {
        res.writeHead(answer.status, answer.headers ?? {})
        res.end()
      }, answer.delayMs ?? 0)
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  receiver.port = port
  receiver.url = `http://127.0.0.1:${port}/hooks`
  let closed = false
  receiver.close = () => {
    if (closed) return Promise.resolve()
    closed = true
    holding.clear()
    server.closeAllConnections()
    return new Promise((resolve) => server.close(() => resolve()))
  }
  t.teardown(() => receiver.close())
  return receiver
}

export const SECRETS_KEY = randomBytes(32).toString('base64')

/** Environment for webhook tests: loopback receivers allowed, retries in milliseconds. */
export function webhookEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    SECRETS_KEY,
    WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOKS_POLL_INTERVAL_MS: '50',
    WEBHOOKS_RETRY_BASE_MS: '20',
    WEBHOOKS_RETRY_MAX_MS: '200',
    WEBHOOKS_TIMEOUT_MS: '2000',
    ...extra,
  }
}

export async function buildWebhookApp(
  t: Host & Parameters<typeof buildTestApp>[0],
  env: Record<string, string> = {},
  options: Omit<Parameters<typeof buildTestApp>[1], 'env'> = {},
): Promise<TestApp> {
  return buildTestApp(t, { ...options, env: webhookEnv(env) })
}

export async function createEndpoint(
  app: TestApp,
  url: string,
  events: string[] = ['invoice.sync_status_changed', 'invoice.updated', 'invoice.exported', 'connection.session_completed'],
): Promise<{ id: string; secret: string }> {
  const res = await app.request({ method: 'POST', url: '/v1/webhook-endpoints', payload: { url, events } })
  if (res.statusCode !== 201) throw new Error(`creating the endpoint failed: ${res.statusCode} ${res.body}`)
  return json<{ id: string; secret: string }>(res)
}

/** Standard Webhooks headers as the verifier wants them. */
export function signedHeaders(r: Received): Record<string, string> {
  return {
    'webhook-id': String(r.headers['webhook-id']),
    'webhook-timestamp': String(r.headers['webhook-timestamp']),
    'webhook-signature': String(r.headers['webhook-signature']),
  }
}
