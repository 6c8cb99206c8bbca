-- Payments the source app records against an exported invoice, sent to QuickBooks as ReceivePaymentAdd
-- exactly once (ExternalGUID, looked up before a resend); each request names the payment it is about.
CREATE TYPE "public"."payment_sync_status" AS ENUM('PENDING', 'SYNCED', 'ACTION_REQUIRED');--> statement-breakpoint
ALTER TYPE "public"."sync_request_kind" ADD VALUE 'PAYMENT_ADD';--> statement-breakpoint
ALTER TYPE "public"."sync_request_kind" ADD VALUE 'PAYMENT_QUERY';--> statement-breakpoint
CREATE TABLE "invoice_payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"amount" numeric(15, 2) NOT NULL,
	"date" date NOT NULL,
	"method" text,
	"reference" text,
	"memo" text,
	"external_guid" text NOT NULL,
	"status" "payment_sync_status" DEFAULT 'PENDING' NOT NULL,
	"in_flight_attempt_id" uuid,
	"needs_reconcile" boolean DEFAULT false NOT NULL,
	"transient_failures" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"qb_txn_id" text,
	"last_error_code" text,
	"last_error_message" text,
	"last_error_fix" text,
	"created_by_user_id" text,
	"created_by_api_key_id" uuid,
	"synced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_payments_amount_positive" CHECK ("invoice_payments"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "sync_attempts" ADD COLUMN "payment_id" uuid;--> statement-breakpoint
ALTER TABLE "invoice_payments" ADD CONSTRAINT "invoice_payments_invoice_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_payments" ADD CONSTRAINT "invoice_payments_connection_fk" FOREIGN KEY ("tenant_id","connection_id") REFERENCES "public"."connections"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_payments_external_guid" ON "invoice_payments" USING btree ("external_guid");--> statement-breakpoint
CREATE INDEX "invoice_payments_invoice" ON "invoice_payments" USING btree ("invoice_id","created_at");--> statement-breakpoint
CREATE INDEX "invoice_payments_work" ON "invoice_payments" USING btree ("connection_id","created_at","id") WHERE "invoice_payments"."status" = 'PENDING' or "invoice_payments"."needs_reconcile";