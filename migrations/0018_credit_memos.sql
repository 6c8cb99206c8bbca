-- Credit memos: what each export was sent as (qb_txn_type). Reference data found by name ignoring case (as
-- QuickBooks compares names), for lists read back and copies whose names are matched back.
CREATE TYPE "public"."qb_txn_type" AS ENUM('INVOICE', 'CREDIT_MEMO');--> statement-breakpoint
ALTER TABLE "invoice_sync_states" ADD COLUMN "qb_txn_type" "qb_txn_type" DEFAULT 'INVOICE' NOT NULL;--> statement-breakpoint
CREATE INDEX "customers_tenant_name_key" ON "customers" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE INDEX "items_tenant_name_key" ON "items" USING btree ("tenant_id",lower("name"));