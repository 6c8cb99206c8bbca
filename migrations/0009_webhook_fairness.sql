DROP INDEX "webhook_deliveries_due";--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "circuit_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "circuit_opens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "circuit_open_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_due" ON "webhook_deliveries" USING btree ("endpoint_id","next_attempt_at","id") WHERE "webhook_deliveries"."status" = 'PENDING';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_leased" ON "webhook_deliveries" USING btree ("endpoint_id") WHERE "webhook_deliveries"."status" = 'PENDING' and "webhook_deliveries"."locked_until" is not null;--> statement-breakpoint
-- hand-written: the webhook claim (webhook-worker.ts), one call per claim. It takes the claim lock,
-- so claims take turns across instances, and only then reads the leases: a function's statements
-- each see what committed before them, so the in-flight counts include every other instance's
-- claims. Leased rows are the deliveries in flight, counted per endpoint and per tenant; each
-- endpoint gets at most per_endpoint (1 while its circuit is half open, none while open), each
-- tenant per_tenant; the room is filled round-robin: every tenant's, and within a tenant every
-- endpoint's, oldest due delivery before anyone's second.
CREATE OR REPLACE FUNCTION webhook_claim(max_rows integer, per_endpoint integer, per_tenant integer, lease_seconds double precision)
RETURNS TABLE (id bigint, event_id uuid, endpoint_id uuid, attempts integer, payload jsonb, url text, secret_ciphertext text, previous_secret_ciphertext text, previous_valid boolean, circuit_marked boolean)
LANGUAGE plpgsql VOLATILE
-- Index scans, not bitmap scans: they mark the dead index entries old leases leave behind, so later claims skip them.
SET enable_bitmapscan = off
AS $fn$
#variable_conflict use_column
BEGIN
  PERFORM pg_advisory_xact_lock(2003133292);
  RETURN QUERY
  WITH leased AS (
    SELECT d.endpoint_id, count(*)::int AS n FROM webhook_deliveries d
    WHERE d.status = 'PENDING' AND d.locked_until IS NOT NULL AND d.locked_until >= now()
    GROUP BY d.endpoint_id
  ), tenant_leased AS (
    SELECT ep.tenant_id, sum(l.n)::int AS n FROM leased l JOIN webhook_endpoints ep ON ep.id = l.endpoint_id GROUP BY ep.tenant_id
  ), open_endpoints AS (
    SELECT ep.id, ep.tenant_id, (CASE WHEN ep.circuit_open_until IS NULL THEN per_endpoint ELSE 1 END) - coalesce(l.n, 0) AS room
    FROM webhook_endpoints ep LEFT JOIN leased l ON l.endpoint_id = ep.id LEFT JOIN tenant_leased tl ON tl.tenant_id = ep.tenant_id
    WHERE ep.disabled_at IS NULL AND (ep.circuit_open_until IS NULL OR ep.circuit_open_until <= now()) AND coalesce(tl.n, 0) < per_tenant
  ), candidates AS (
    SELECT c.id, e.tenant_id, c.next_attempt_at, c.endpoint_rank
    FROM open_endpoints e CROSS JOIN LATERAL (
      SELECT d.id, d.next_attempt_at, row_number() OVER (ORDER BY d.next_attempt_at, d.id) AS endpoint_rank
      FROM webhook_deliveries d
      WHERE d.endpoint_id = e.id AND d.status = 'PENDING' AND d.next_attempt_at <= now() AND (d.locked_until IS NULL OR d.locked_until < now())
      ORDER BY d.next_attempt_at, d.id
      LIMIT e.room
    ) c
    WHERE e.room > 0
  ), ranked AS (
    SELECT c.id, c.tenant_id, c.next_attempt_at, row_number() OVER (PARTITION BY c.tenant_id ORDER BY c.endpoint_rank, c.next_attempt_at, c.id) AS tenant_rank
    FROM candidates c
  ), chosen AS (
    SELECT r.id FROM ranked r LEFT JOIN tenant_leased tl ON tl.tenant_id = r.tenant_id
    WHERE r.tenant_rank <= per_tenant - coalesce(tl.n, 0)
    ORDER BY r.tenant_rank, r.next_attempt_at, r.id
    LIMIT max_rows
  ), due AS (
    SELECT d.id FROM webhook_deliveries d JOIN chosen c ON c.id = d.id
    WHERE d.status = 'PENDING' AND (d.locked_until IS NULL OR d.locked_until < now())
    FOR UPDATE OF d SKIP LOCKED
  ), claimed AS (
    UPDATE webhook_deliveries d SET locked_until = now() + make_interval(secs => lease_seconds), attempts = d.attempts + 1
    FROM due WHERE d.id = due.id
    RETURNING d.id, d.event_id, d.endpoint_id, d.attempts
  )
  SELECT c.id, c.event_id, c.endpoint_id, c.attempts, e.payload, ep.url, ep.secret_ciphertext, ep.previous_secret_ciphertext,
    coalesce(ep.previous_secret_expires_at > now(), false), (ep.circuit_failures > 0 OR ep.circuit_open_until IS NOT NULL)
  FROM claimed c JOIN webhook_events e ON e.id = c.event_id JOIN webhook_endpoints ep ON ep.id = c.endpoint_id;
END
$fn$;
