CREATE TABLE "qbwc_login_failures" (
	"address" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "qbwc_login_failures_last" ON "qbwc_login_failures" USING btree ("last_failure_at");--> statement-breakpoint
ALTER TABLE "connections" DROP COLUMN "failed_auth_count";--> statement-breakpoint
ALTER TABLE "connections" DROP COLUMN "auth_blocked_until";