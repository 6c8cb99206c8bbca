-- The Web Connector's per-round reads stay as cheap at the end of a 10,000-invoice drain as at its start:
-- the work index also holds the outcomes to look up (needs_reconcile); a session's unanswered requests
-- and a batch's invoices not yet exported get small indexes of their own. An index no query used
-- (attempts by connection and outcome) is dropped: every round wrote 100 entries to it.
DROP INDEX "sync_attempts_connection_outcome";--> statement-breakpoint
DROP INDEX "invoice_sync_states_work";--> statement-breakpoint
CREATE INDEX "invoices_batch_not_exported" ON "invoices" USING btree ("batch_id") WHERE "invoices"."status" <> 'EXPORTED';--> statement-breakpoint
CREATE INDEX "sync_attempts_session_open" ON "sync_attempts" USING btree ("session_id") WHERE "sync_attempts"."outcome" = 'SENT';--> statement-breakpoint
CREATE INDEX "invoice_sync_states_work" ON "invoice_sync_states" USING btree ("connection_id","next_attempt_at") WHERE "invoice_sync_states"."export_status" = 'QUEUED' or "invoice_sync_states"."status" = 'PENDING' or "invoice_sync_states"."needs_reconcile";--> statement-breakpoint
-- Every Web Connector round writes about 50 requests and 50 answers (1 to 5 kB of XML each) and as
-- many invoice snapshots. Measured here on 3 kB qbXML values, PostgreSQL's default compression (pglz)
-- took 39 us a value and lz4 1.5 us: about 4 ms against 0.15 ms for a round's 100 values. Servers
-- built without lz4 (the embedded PGlite) keep the default.
DO $$
BEGIN
  ALTER TABLE "sync_attempts" ALTER COLUMN "request_xml" SET COMPRESSION lz4, ALTER COLUMN "response_xml" SET COMPRESSION lz4;
  ALTER TABLE "invoice_revisions" ALTER COLUMN "snapshot" SET COMPRESSION lz4;
  ALTER TABLE "invoice_sync_states" ALTER COLUMN "synced_snapshot" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available on this server; columns keep the default compression';
END $$;
--> statement-breakpoint
-- Room on each page for a row's next version: marking a state in flight and storing a line's new
-- TxnLineID change no indexed column, so with free space on the page they are HOT updates (no
-- index entries written, old versions pruned in place).
ALTER TABLE "invoice_sync_states" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "invoice_line_syncs" SET (fillfactor = 80);
