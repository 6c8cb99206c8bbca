// Webhook endpoints of a tenant: create (the signing secret is shown once), list, read, delete,
// rotate the secret (the previous one keeps signing alongside for a grace period), re-enable one
// that was disabled, and the delivery log. Administrators only.
import { and, desc, eq, lt, sql } from 'drizzle-orm'
import { z } from 'zod'
import { type Actor, requirePermission } from '../auth/actor.js'
import { type Clock, systemClock } from '../clock.js'
import type { Db } from '../db/client.js'
import { webhookDeliveries, webhookEndpoints, webhookEvents } from '../db/schema.js'
import { ConflictError, NotFoundError, ValidationError } from '../errors.js'
import { parseInput } from '../validation.js'
import { decodeKeyCursor, encodeKeyCursor, isUuid, notOurCursor, pageOf, pageSize } from '../values.js'
import { type CircuitState, circuitState } from './circuit.js'
import { recordTestEvent, redeliver as redeliverDelivery, WEBHOOK_EVENT_TYPES } from './outbox.js'
import { generateSecret, type SecretBox } from './secrets.js'
import { checkWebhookTarget, type Lookup, parseWebhookUrl } from './url-guard.js'

type EndpointRow = typeof webhookEndpoints.$inferSelect

export interface WebhookEndpointView {
  id: string
  url: string
  events: string[]
  enabled: boolean
  disabledAt: string | null
  disabledReason: string | null
  /** Until when the previous secret still signs (after a rotation). */
  previousSecretExpiresAt: string | null
  /** OPEN: deliveries paused until openUntil after consecutive failures; HALF_OPEN: one probe may go; a success closes it. */
  circuit: { state: CircuitState; openUntil: string | null; consecutiveFailures: number }
  createdAt: string
  updatedAt: string
}

export interface DeliveryView {
  id: string
  eventId: string
  eventType: string
  status: string
  attempts: number
  lastStatusCode: number | null
  lastError: string | null
  lastAttemptAt: string | null
  nextAttemptAt: string | null
  deliveredAt: string | null
  createdAt: string
}

const MAX_ENDPOINTS_PER_TENANT = 50

const createInput = z
  .object({
    url: z
      .string({ error: 'url is required' })
      .min(1, { error: 'url is required' })
      .max(2000, { error: 'url must be at most 2000 characters' }),
    events: z
      .array(z.string(), { error: 'events must be a list of event types' })
      .min(1, { error: 'subscribe to at least one event type' })
      .max(WEBHOOK_EVENT_TYPES.length * 4),
  })
  .strict()

const updateInput = createInput.partial().strict()

const deliveriesInput = z
  .object({
    first: pageSize,
    after: z.string().max(200).nullish(),
    status: z.enum(['PENDING', 'DELIVERED', 'FAILED', 'ABANDONED']).optional(),
  })
  .strict()

/** Every event named must be one this service sends (UNKNOWN_EVENT_TYPE names each other one). */
function refuseUnknownEvents(events: string[]): void {
  const unknown = events.flatMap((e, i) =>
    (WEBHOOK_EVENT_TYPES as readonly string[]).includes(e)
      ? []
      : [
          {
            field: `events.${i}`,
            code: 'UNKNOWN_EVENT_TYPE',
            message: `"${e}" is not an event type; use ${WEBHOOK_EVENT_TYPES.join(', ')}.`,
          },
        ],
  )
  if (unknown.length > 0) throw new ValidationError(unknown)
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export function toEndpointView(row: EndpointRow, now: Date): WebhookEndpointView {
  const circuit = { consecutiveFailures: row.circuitFailures, opens: row.circuitOpens, openUntil: row.circuitOpenUntil }
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    enabled: row.disabledAt === null,
    disabledAt: iso(row.disabledAt),
    disabledReason: row.disabledReason,
    previousSecretExpiresAt:
      row.previousSecretExpiresAt && row.previousSecretExpiresAt > now ? row.previousSecretExpiresAt.toISOString() : null,
    circuit: { state: circuitState(circuit, now), openUntil: iso(row.circuitOpenUntil), consecutiveFailures: row.circuitFailures },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export interface WebhookServiceOptions {
  db: Db
  secrets: SecretBox
  allowPrivateTargets: boolean
  rotationGraceSeconds: number
  lookup?: Lookup
  /** The time endpoints' circuits and secret grace are shown at, and the ids of new endpoints. */
  clock?: Clock
}

export function createWebhookService({
  db,
  secrets,
  allowPrivateTargets,
  rotationGraceSeconds,
  lookup,
  clock = systemClock,
}: WebhookServiceOptions) {
  const view = (row: EndpointRow) => toEndpointView(row, clock.now())

  async function find(actor: Actor, id: string): Promise<EndpointRow> {
    const [row] = isUuid(id)
      ? await db
          .select()
          .from(webhookEndpoints)
          .where(and(eq(webhookEndpoints.tenantId, actor.tenantId), eq(webhookEndpoints.id, id)))
      : []
    if (!row) throw new NotFoundError('Webhook endpoint', id)
    return row
  }

  const admin = (actor: Actor, action: string) => requirePermission(actor, 'admin', action)

  return {
    async create(actor: Actor, raw: unknown): Promise<WebhookEndpointView & { secret: string }> {
      admin(actor, 'manage webhook endpoints')
      const input = parseInput(createInput, raw)
      refuseUnknownEvents(input.events)
      const url = parseWebhookUrl(input.url)
      await checkWebhookTarget(url, allowPrivateTargets, lookup)
      const [{ n } = { n: 0 }] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.tenantId, actor.tenantId))
      if (n >= MAX_ENDPOINTS_PER_TENANT)
        throw new ValidationError([
          {
            field: 'url',
            code: 'TOO_MANY_ENDPOINTS',
            message: `A tenant may have at most ${MAX_ENDPOINTS_PER_TENANT} webhook endpoints; delete one first.`,
          },
        ])
      const id = clock.newId()
      const secret = generateSecret()
      const secretCiphertext = await secrets.encrypt(secret, id)
      // Writes of a POST go through a transaction (the Idempotency-Key fence marks its key there).
      const [row] = await db.transaction((tx) =>
        tx
          .insert(webhookEndpoints)
          .values({ id, tenantId: actor.tenantId, url: url.toString(), events: [...new Set(input.events)], secretCiphertext })
          .returning(),
      )
      return { ...view(row!), secret }
    },

    /** Oldest first. At most MAX_ENDPOINTS_PER_TENANT, less than a page: one page, in the envelope of every list. */
    async list(actor: Actor): Promise<{ items: WebhookEndpointView[]; nextCursor: null }> {
      admin(actor, 'manage webhook endpoints')
      const rows = await db
        .select()
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.tenantId, actor.tenantId))
        .orderBy(webhookEndpoints.createdAt, webhookEndpoints.id)
      return { items: rows.map(view), nextCursor: null }
    },

    async get(actor: Actor, id: string): Promise<WebhookEndpointView> {
      admin(actor, 'manage webhook endpoints')
      return view(await find(actor, id))
    },

    /** Deletes the endpoint and its pending deliveries. */
    async remove(actor: Actor, id: string): Promise<void> {
      admin(actor, 'manage webhook endpoints')
      await find(actor, id)
      await db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.tenantId, actor.tenantId), eq(webhookEndpoints.id, id)))
    },

    /** A new secret, returned once; the current one becomes the previous and keeps signing for the grace period. */
    async rotateSecret(actor: Actor, id: string): Promise<WebhookEndpointView & { secret: string }> {
      admin(actor, 'manage webhook endpoints')
      const current = await find(actor, id)
      const secret = generateSecret()
      const secretCiphertext = await secrets.encrypt(secret, id)
      const [row] = await db.transaction((tx) =>
        tx
          .update(webhookEndpoints)
          .set({
            secretCiphertext,
            previousSecretCiphertext: rotationGraceSeconds > 0 ? current.secretCiphertext : null,
            previousSecretExpiresAt: rotationGraceSeconds > 0 ? sql`now() + make_interval(secs => ${rotationGraceSeconds})` : null,
            updatedAt: sql`now()`,
          })
          .where(and(eq(webhookEndpoints.tenantId, actor.tenantId), eq(webhookEndpoints.id, id)))
          .returning(),
      )
      return { ...view(row!), secret }
    },

    /** Turns a disabled endpoint (410 Gone, or an administrator) back on, its circuit closed; new events reach it again. */
    async enable(actor: Actor, id: string): Promise<WebhookEndpointView> {
      admin(actor, 'manage webhook endpoints')
      await find(actor, id)
      const [row] = await db.transaction((tx) =>
        tx
          .update(webhookEndpoints)
          .set({
            disabledAt: null,
            disabledReason: null,
            circuitFailures: 0,
            circuitOpens: 0,
            circuitOpenUntil: null,
            updatedAt: sql`now()`,
          })
          .where(and(eq(webhookEndpoints.tenantId, actor.tenantId), eq(webhookEndpoints.id, id)))
          .returning(),
      )
      return view(row!)
    },

    /** A new URL (checked as at creation) or a new list of events; the secret stays. */
    async update(actor: Actor, id: string, raw: unknown): Promise<WebhookEndpointView> {
      admin(actor, 'manage webhook endpoints')
      const input = parseInput(updateInput, raw)
      await find(actor, id)
      refuseUnknownEvents(input.events ?? [])
      let url: string | undefined
      if (input.url !== undefined) {
        const parsed = parseWebhookUrl(input.url)
        await checkWebhookTarget(parsed, allowPrivateTargets, lookup)
        url = parsed.toString()
      }
      const [row] = await db.transaction((tx) =>
        tx
          .update(webhookEndpoints)
          .set({
            ...(url !== undefined ? { url } : {}),
            ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
            updatedAt: sql`now()`,
          })
          .where(and(eq(webhookEndpoints.tenantId, actor.tenantId), eq(webhookEndpoints.id, id)))
          .returning(),
      )
      return view(row!)
    },

    /** Sends a `webhook.test` event to the endpoint (whatever it subscribes to); its delivery shows in the log. */
    async sendTest(actor: Actor, id: string): Promise<{ deliveryId: string }> {
      admin(actor, 'manage webhook endpoints')
      const endpoint = await find(actor, id)
      const deliveryId = await db.transaction((tx) => recordTestEvent(tx, { tenantId: actor.tenantId, endpointId: endpoint.id }, clock))
      return { deliveryId }
    },

    /** Sends one delivery of the endpoint again, now. */
    async redeliver(actor: Actor, id: string, deliveryId: string): Promise<{ deliveryId: string; status: 'PENDING' }> {
      admin(actor, 'manage webhook endpoints')
      const endpoint = await find(actor, id)
      if (!/^\d{1,18}$/.test(deliveryId)) throw new NotFoundError('Delivery', deliveryId)
      const result = await db.transaction((tx) => redeliverDelivery(tx, endpoint.id, Number(deliveryId)))
      if (result === 'NOT_FOUND') throw new NotFoundError('Delivery', deliveryId)
      if (result === 'IN_FLIGHT')
        throw new ConflictError('DELIVERY_IN_PROGRESS', 'This delivery is being sent right now; ask again once it is done.')
      return { deliveryId, status: 'PENDING' }
    },

    /** The delivery log, newest first, in keyset pages by delivery id. */
    async deliveries(actor: Actor, id: string, raw: unknown): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
      admin(actor, 'manage webhook endpoints')
      const input = parseInput(deliveriesInput, raw ?? {})
      const [after] = decodeKeyCursor('deliveries', input.after, 1) ?? [null]
      if (after !== null && !/^\d{1,18}$/.test(after!)) throw notOurCursor()
      await find(actor, id)
      const rows = await db
        .select({ d: webhookDeliveries, type: webhookEvents.type })
        .from(webhookDeliveries)
        .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
        .where(
          and(
            eq(webhookDeliveries.endpointId, id),
            after ? lt(webhookDeliveries.id, Number(after)) : undefined,
            input.status ? eq(webhookDeliveries.status, input.status) : undefined,
          ),
        )
        .orderBy(desc(webhookDeliveries.id))
        .limit(input.first + 1)
      const page = pageOf(rows, input.first, ({ d }) => encodeKeyCursor('deliveries', [String(d.id)]))
      return {
        items: page.items.map(({ d, type }) => ({
          id: String(d.id),
          eventId: d.eventId,
          eventType: type,
          status: d.status,
          attempts: d.attempts,
          lastStatusCode: d.lastStatusCode,
          lastError: d.lastError,
          lastAttemptAt: iso(d.lastAttemptAt),
          nextAttemptAt: d.status === 'PENDING' ? d.nextAttemptAt.toISOString() : null,
          deliveredAt: iso(d.deliveredAt),
          createdAt: d.createdAt.toISOString(),
        })),
        nextCursor: page.nextCursor,
      }
    },
  }
}

export type WebhookService = ReturnType<typeof createWebhookService>
