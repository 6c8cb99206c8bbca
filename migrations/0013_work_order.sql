-- The Web Connector's work goes in a stated order: retries due first, then the longest waiting, then by
-- invoice id (it followed the rows' place in the table where next_attempt_at tied).
DROP INDEX "invoice_sync_states_work";--> statement-breakpoint
CREATE INDEX "invoice_sync_states_work" ON "invoice_sync_states" USING btree ("connection_id","next_attempt_at","updated_at","invoice_id") WHERE "invoice_sync_states"."export_status" = 'QUEUED' or "invoice_sync_states"."status" = 'PENDING' or "invoice_sync_states"."needs_reconcile";
