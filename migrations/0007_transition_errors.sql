ALTER TABLE "sync_status_transitions" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "sync_status_transitions" ADD COLUMN "error_message" text;