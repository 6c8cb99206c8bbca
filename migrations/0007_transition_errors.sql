ALTER TABLE "sync_status_transitions" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "sync_status_transitions" ADD COLUMN "error_message" text;--> statement-breakpoint
CREATE INDEX "sync_status_transitions_session" ON "sync_status_transitions" USING btree ("session_id") WHERE "sync_status_transitions"."session_id" is not null;