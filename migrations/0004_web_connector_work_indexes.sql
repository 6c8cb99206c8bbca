-- The Web Connector's per-round reads stay as cheap at the end of a 10,000-invoice drain as at its start:
-- the work index also holds the outcomes to look up (needs_reconcile), and a session's unanswered
-- requests have their own small index.
DROP INDEX "invoice_sync_states_work";--> statement-breakpoint
CREATE INDEX "sync_attempts_session_open" ON "sync_attempts" USING btree ("session_id") WHERE "sync_attempts"."outcome" = 'SENT';--> statement-breakpoint
CREATE INDEX "invoice_sync_states_work" ON "invoice_sync_states" USING btree ("connection_id","next_attempt_at") WHERE "invoice_sync_states"."export_status" = 'QUEUED' or "invoice_sync_states"."status" = 'PENDING' or "invoice_sync_states"."needs_reconcile";--> statement-breakpoint
-- Every Web Connector round writes about 50 requests and 50 answers (1 to 5 kB of XML each) and as
-- many invoice snapshots; PostgreSQL's default compression (pglz) costs about 2 ms of CPU per round
-- for them, lz4 a tenth of that. Servers built without lz4 (the embedded PGlite) keep the default.
DO $$
BEGIN
  ALTER TABLE "sync_attempts" ALTER COLUMN "request_xml" SET COMPRESSION lz4, ALTER COLUMN "response_xml" SET COMPRESSION lz4;
  ALTER TABLE "invoice_revisions" ALTER COLUMN "snapshot" SET COMPRESSION lz4;
  ALTER TABLE "invoice_sync_states" ALTER COLUMN "synced_snapshot" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available on this server; columns keep the default compression';
END $$;
