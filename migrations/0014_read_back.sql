-- Reading back from QuickBooks: where each connection's read stands (qb_read_cursors), what QuickBooks
-- says is paid and owed on each exported invoice, and the read requests each session sent.
CREATE TYPE "public"."payment_status" AS ENUM('UNPAID', 'PARTIALLY_PAID', 'PAID');--> statement-breakpoint
CREATE TYPE "public"."qb_read_kind" AS ENUM('INVOICES');--> statement-breakpoint
ALTER TYPE "public"."sync_request_kind" ADD VALUE 'INVOICE_READ';--> statement-breakpoint
CREATE TABLE "qb_read_cursors" (
	"connection_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" "qb_read_kind" NOT NULL,
	"modified_since" text,
	"pass_from" text,
	"pass_newest" text,
	"iterator_id" text,
	"iterator_session_id" uuid,
	"remaining" integer,
	"last_completed_at" timestamp with time zone,
	"failures" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"entries_read" integer DEFAULT 0 NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qb_read_cursors_connection_id_kind_pk" PRIMARY KEY("connection_id","kind")
);
--> statement-breakpoint
ALTER TABLE "invoice_sync_states" ADD COLUMN "qb_time_modified" text;--> statement-breakpoint
ALTER TABLE "invoice_sync_states" ADD COLUMN "qb_amount_paid" numeric(15, 2);--> statement-breakpoint
ALTER TABLE "invoice_sync_states" ADD COLUMN "qb_balance" numeric(15, 2);--> statement-breakpoint
ALTER TABLE "invoice_sync_states" ADD COLUMN "payment_status" "payment_status";--> statement-breakpoint
ALTER TABLE "invoice_sync_states" ADD COLUMN "qb_read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "qbwc_sessions" ADD COLUMN "read_rounds" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "qbwc_sessions" ADD COLUMN "read_entries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "qb_read_cursors" ADD CONSTRAINT "qb_read_cursors_connection_fk" FOREIGN KEY ("tenant_id","connection_id") REFERENCES "public"."connections"("tenant_id","id") ON DELETE cascade ON UPDATE no action;