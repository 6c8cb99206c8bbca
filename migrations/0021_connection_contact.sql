-- A connection's last check-in (written at most once a minute) and its stale notice.
ALTER TABLE "connections" ADD COLUMN "last_check_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "stale_notified_at" timestamp with time zone;