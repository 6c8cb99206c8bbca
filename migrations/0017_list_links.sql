-- Lists read back from QuickBooks (qb_list_entries), how each link to a reference came to be (linked_by),
-- list read cursors, and windows for a pass too large for one session (pass_to).
CREATE TYPE "public"."qb_link_source" AS ENUM('CREATED', 'NAME', 'EXPLICIT');--> statement-breakpoint
ALTER TYPE "public"."qb_read_kind" ADD VALUE 'CUSTOMERS';--> statement-breakpoint
ALTER TYPE "public"."qb_read_kind" ADD VALUE 'ITEMS';--> statement-breakpoint
ALTER TYPE "public"."qb_read_kind" ADD VALUE 'CLASSES';--> statement-breakpoint
ALTER TYPE "public"."qb_read_kind" ADD VALUE 'SALES_TAX_CODES';--> statement-breakpoint
ALTER TYPE "public"."qb_read_kind" ADD VALUE 'INVENTORY_SITES';--> statement-breakpoint
ALTER TYPE "public"."sync_request_kind" ADD VALUE 'LIST_READ' BEFORE 'PAYMENT_ADD';--> statement-breakpoint
CREATE TABLE "qb_list_entries" (
	"connection_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" "qb_list_kind" NOT NULL,
	"list_id" text NOT NULL,
	"full_name" text NOT NULL,
	"qb_type" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"edit_sequence" text,
	"time_modified" text,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qb_list_entries_connection_id_kind_list_id_pk" PRIMARY KEY("connection_id","kind","list_id")
);
--> statement-breakpoint
ALTER TABLE "qb_list_mappings" ADD COLUMN "linked_by" "qb_link_source" DEFAULT 'CREATED' NOT NULL;--> statement-breakpoint
ALTER TABLE "qb_read_cursors" ADD COLUMN "pass_to" text;--> statement-breakpoint
ALTER TABLE "qb_list_entries" ADD CONSTRAINT "qb_list_entries_connection_fk" FOREIGN KEY ("tenant_id","connection_id") REFERENCES "public"."connections"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "qb_list_entries_name" ON "qb_list_entries" USING btree ("connection_id","kind",lower("full_name"));--> statement-breakpoint
CREATE INDEX "qb_list_mappings_list_id" ON "qb_list_mappings" USING btree ("connection_id","kind","qb_list_id");