CREATE TYPE "public"."batch_status" AS ENUM('OPEN', 'POSTED', 'EXPORT_QUEUED', 'EXPORTED', 'EXPORT_BYPASSED');--> statement-breakpoint
CREATE TYPE "public"."edit_decision" AS ENUM('CREATE', 'SAVE', 'SAVE_AND_SYNC', 'SAVE_AND_BYPASS', 'RESYNC', 'BYPASS', 'UNLOCK', 'QUICKBOOKS');--> statement-breakpoint
CREATE TYPE "public"."export_status" AS ENUM('QUEUED', 'EXPORTED', 'FAILED', 'BYPASSED');--> statement-breakpoint
CREATE TYPE "public"."idempotency_state" AS ENUM('IN_PROGRESS', 'COMPLETED');--> statement-breakpoint
CREATE TYPE "public"."invoice_status" AS ENUM('PENDING', 'POSTED', 'EXPORTED');--> statement-breakpoint
CREATE TYPE "public"."item_type" AS ENUM('SERVICE', 'INVENTORY', 'NON_INVENTORY', 'OTHER_CHARGE');--> statement-breakpoint
CREATE TYPE "public"."qb_list_kind" AS ENUM('CUSTOMER', 'ITEM', 'CLASS', 'ITEM_SALES_TAX', 'INVENTORY_SITE', 'SALES_TAX_CODE');--> statement-breakpoint
CREATE TYPE "public"."qbwc_session_status" AS ENUM('ACTIVE', 'CLOSED', 'EXPIRED', 'FAILED');--> statement-breakpoint
CREATE TYPE "public"."sync_outcome" AS ENUM('SENT', 'SUCCEEDED', 'FAILED', 'RETRY', 'UNKNOWN', 'SKIPPED');--> statement-breakpoint
CREATE TYPE "public"."sync_request_kind" AS ENUM('INVOICE_ADD', 'INVOICE_MOD', 'INVOICE_QUERY', 'CUSTOMER_QUERY', 'CUSTOMER_ADD', 'ITEM_QUERY');--> statement-breakpoint
CREATE TYPE "public"."sync_status" AS ENUM('NOT_APPLICABLE', 'PENDING', 'SYNCED', 'BYPASSED', 'ACTION_REQUIRED');--> statement-breakpoint
CREATE TYPE "public"."webhook_delivery_status" AS ENUM('PENDING', 'DELIVERED', 'FAILED', 'ABANDONED');--> statement-breakpoint
CREATE TABLE "accounting_periods" (
	"tenant_id" uuid NOT NULL,
	"id" text,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"closed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounting_periods_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "accounting_periods_order" CHECK ("accounting_periods"."start_date" <= "accounting_periods"."end_date")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"permissions" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"status" "batch_status" DEFAULT 'OPEN' NOT NULL,
	"connection_id" uuid,
	"created_by" text,
	"posted_at" timestamp with time zone,
	"exported_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "batches_tenant_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "business_units" (
	"tenant_id" uuid NOT NULL,
	"id" text,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_units_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"password_rotated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"qb_owner_id" text NOT NULL,
	"qb_file_id" text NOT NULL,
	"company_file_path" text DEFAULT '' NOT NULL,
	"sync_start_date" date,
	"scheduler_minutes" integer DEFAULT 15 NOT NULL,
	"qbxml_version" text,
	"qb_country" text,
	"qb_company_file" text,
	"qb_preferences" jsonb,
	"failed_auth_count" integer DEFAULT 0 NOT NULL,
	"auth_blocked_until" timestamp with time zone,
	"last_session_at" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connections_tenant_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "connections_scheduler_minutes" CHECK ("connections"."scheduler_minutes" between 1 and 1440)
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"tenant_id" uuid NOT NULL,
	"id" text,
	"name" text NOT NULL,
	"email" text,
	"bill_address" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"request_hash" text NOT NULL,
	"state" "idempotency_state" DEFAULT 'IN_PROGRESS' NOT NULL,
	"response_status" integer,
	"response_headers" jsonb,
	"response_body" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_tenant_id_key_pk" PRIMARY KEY("tenant_id","key")
);
--> statement-breakpoint
CREATE TABLE "installation" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"qbwc_owner_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "installation_single_row" CHECK ("installation"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "inventory_locations" (
	"tenant_id" uuid NOT NULL,
	"id" text,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_locations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "invoice_line_syncs" (
	"line_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"qb_txn_line_id" text NOT NULL,
	"synced_values" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_line_syncs_line_id_connection_id_pk" PRIMARY KEY("line_id","connection_id")
);
--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"item_id" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"taxable" boolean DEFAULT false NOT NULL,
	"quantity" numeric(15, 5) NOT NULL,
	"unit_price" numeric(15, 5) NOT NULL,
	"cost" numeric(15, 5),
	"business_unit_id" text,
	"inventory_location_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_revisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"diff" jsonb NOT NULL,
	"decision" "edit_decision" NOT NULL,
	"connection_id" uuid,
	"actor_user_id" text,
	"actor_api_key_id" uuid,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_sync_states" (
	"tenant_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"export_status" "export_status" NOT NULL,
	"status" "sync_status" DEFAULT 'NOT_APPLICABLE' NOT NULL,
	"external_guid" text NOT NULL,
	"qb_txn_id" text,
	"qb_edit_sequence" text,
	"qb_txn_number" integer,
	"qb_ref_number" text,
	"synced_version" integer,
	"synced_snapshot" jsonb,
	"pending_version" integer,
	"in_flight_attempt_id" uuid,
	"needs_reconcile" boolean DEFAULT false NOT NULL,
	"last_error_code" text,
	"last_error_message" text,
	"last_error_fix" text,
	"last_error_help_url" text,
	"last_error_objects" jsonb,
	"last_error_details" jsonb,
	"last_error_at" timestamp with time zone,
	"transient_failures" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_sync_states_invoice_id_connection_id_pk" PRIMARY KEY("invoice_id","connection_id")
);
--> statement-breakpoint
CREATE TABLE "invoice_types" (
	"tenant_id" uuid NOT NULL,
	"id" text,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_types_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"external_id" text,
	"number" text NOT NULL,
	"date" date NOT NULL,
	"customer_id" text NOT NULL,
	"tax_zone_id" text,
	"invoice_type_id" text,
	"summary" text DEFAULT '' NOT NULL,
	"is_afp" boolean DEFAULT false NOT NULL,
	"status" "invoice_status" DEFAULT 'PENDING' NOT NULL,
	"batch_id" uuid,
	"adjusts_invoice_id" uuid,
	"export_bypassed_at" timestamp with time zone,
	"imported_from_qb" boolean DEFAULT false NOT NULL,
	"unlocked_at" timestamp with time zone,
	"unlocked_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_tenant_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "invoices_version_positive" CHECK ("invoices"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "items" (
	"tenant_id" uuid NOT NULL,
	"id" text,
	"name" text NOT NULL,
	"type" "item_type" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "items_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "qb_list_mappings" (
	"connection_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" "qb_list_kind" NOT NULL,
	"external_id" text NOT NULL,
	"qb_list_id" text,
	"qb_full_name" text NOT NULL,
	"qb_edit_sequence" text,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qb_list_mappings_connection_id_kind_external_id_pk" PRIMARY KEY("connection_id","kind","external_id")
);
--> statement-breakpoint
CREATE TABLE "qbwc_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_hash" text NOT NULL,
	"tenant_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"status" "qbwc_session_status" DEFAULT 'ACTIVE' NOT NULL,
	"client_version" text,
	"qbxml_version" text,
	"qb_country" text,
	"company_file" text,
	"host_info" jsonb,
	"preferences" jsonb,
	"round_trips" integer DEFAULT 0 NOT NULL,
	"total_work" integer DEFAULT 0 NOT NULL,
	"done_work" integer DEFAULT 0 NOT NULL,
	"synced_count" integer DEFAULT 0 NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"summary" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sync_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"invoice_id" uuid,
	"request_id" text NOT NULL,
	"kind" "sync_request_kind" NOT NULL,
	"invoice_version" integer,
	"request_xml" text NOT NULL,
	"response_xml" text,
	"status_code" integer,
	"status_severity" text,
	"status_message" text,
	"hresult" text,
	"outcome" "sync_outcome" DEFAULT 'SENT' NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sync_status_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"from_status" "sync_status",
	"to_status" "sync_status" NOT NULL,
	"reason" text NOT NULL,
	"actor_user_id" text,
	"actor_api_key_id" uuid,
	"session_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tax_zones" (
	"tenant_id" uuid NOT NULL,
	"id" text,
	"name" text NOT NULL,
	"rate" numeric(8, 5) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_zones_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tax_zones_rate" CHECK ("tax_zones"."rate" >= 0 and "tax_zones"."rate" <= 100)
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"is_installation_admin" boolean DEFAULT false NOT NULL,
	"allow_exported_edits" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"tenant_id" uuid NOT NULL,
	"id" text,
	"name" text NOT NULL,
	"permissions" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"status" "webhook_delivery_status" DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_status_code" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"url" text NOT NULL,
	"events" text[] NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"previous_secret_ciphertext" text,
	"previous_secret_expires_at" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"disabled_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounting_periods" ADD CONSTRAINT "accounting_periods_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_connection_fk" FOREIGN KEY ("tenant_id","connection_id") REFERENCES "public"."connections"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_units" ADD CONSTRAINT "business_units_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_locations" ADD CONSTRAINT "inventory_locations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_line_syncs" ADD CONSTRAINT "invoice_line_syncs_line_id_invoice_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."invoice_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_line_syncs" ADD CONSTRAINT "invoice_line_syncs_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_item_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_business_unit_fk" FOREIGN KEY ("tenant_id","business_unit_id") REFERENCES "public"."business_units"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_inventory_location_fk" FOREIGN KEY ("tenant_id","inventory_location_id") REFERENCES "public"."inventory_locations"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_revisions" ADD CONSTRAINT "invoice_revisions_invoice_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_sync_states" ADD CONSTRAINT "invoice_sync_states_invoice_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_sync_states" ADD CONSTRAINT "invoice_sync_states_connection_fk" FOREIGN KEY ("tenant_id","connection_id") REFERENCES "public"."connections"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_types" ADD CONSTRAINT "invoice_types_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_customer_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tax_zone_fk" FOREIGN KEY ("tenant_id","tax_zone_id") REFERENCES "public"."tax_zones"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_invoice_type_fk" FOREIGN KEY ("tenant_id","invoice_type_id") REFERENCES "public"."invoice_types"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_batch_fk" FOREIGN KEY ("tenant_id","batch_id") REFERENCES "public"."batches"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_adjusts_fk" FOREIGN KEY ("tenant_id","adjusts_invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qb_list_mappings" ADD CONSTRAINT "qb_list_mappings_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qb_list_mappings" ADD CONSTRAINT "qb_list_mappings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qbwc_sessions" ADD CONSTRAINT "qbwc_sessions_connection_fk" FOREIGN KEY ("tenant_id","connection_id") REFERENCES "public"."connections"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_attempts" ADD CONSTRAINT "sync_attempts_session_id_qbwc_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."qbwc_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_attempts" ADD CONSTRAINT "sync_attempts_invoice_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_status_transitions" ADD CONSTRAINT "sync_status_transitions_state_fk" FOREIGN KEY ("invoice_id","connection_id") REFERENCES "public"."invoice_sync_states"("invoice_id","connection_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_zones" ADD CONSTRAINT "tax_zones_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_webhook_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."webhook_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounting_periods_range" ON "accounting_periods" USING btree ("tenant_id","start_date","end_date");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_tenant" ON "api_keys" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "batches_tenant_status" ON "batches" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "connections_username" ON "connections" USING btree ("username");--> statement-breakpoint
CREATE UNIQUE INDEX "connections_file_id" ON "connections" USING btree ("qb_file_id");--> statement-breakpoint
CREATE UNIQUE INDEX "connections_tenant_name" ON "connections" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "customers_tenant_name" ON "customers" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "idempotency_keys_expires" ON "idempotency_keys" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "invoice_line_syncs_invoice" ON "invoice_line_syncs" USING btree ("invoice_id","connection_id");--> statement-breakpoint
CREATE INDEX "invoice_lines_invoice" ON "invoice_lines" USING btree ("invoice_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_revisions_invoice_version" ON "invoice_revisions" USING btree ("invoice_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_sync_states_external_guid" ON "invoice_sync_states" USING btree ("external_guid");--> statement-breakpoint
CREATE INDEX "invoice_sync_states_tenant_status" ON "invoice_sync_states" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "invoice_sync_states_work" ON "invoice_sync_states" USING btree ("connection_id","next_attempt_at") WHERE "invoice_sync_states"."export_status" = 'QUEUED' or "invoice_sync_states"."status" = 'PENDING';--> statement-breakpoint
CREATE INDEX "invoice_sync_states_txn" ON "invoice_sync_states" USING btree ("connection_id","qb_txn_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_tenant_external_id" ON "invoices" USING btree ("tenant_id","external_id");--> statement-breakpoint
CREATE INDEX "invoices_tenant_status" ON "invoices" USING btree ("tenant_id","status","id");--> statement-breakpoint
CREATE INDEX "invoices_tenant_number" ON "invoices" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "invoices_batch" ON "invoices" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "invoices_adjusts" ON "invoices" USING btree ("adjusts_invoice_id");--> statement-breakpoint
CREATE INDEX "items_tenant_name" ON "items" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "qb_list_mappings_name" ON "qb_list_mappings" USING btree ("connection_id","kind","qb_full_name");--> statement-breakpoint
CREATE UNIQUE INDEX "qbwc_sessions_ticket" ON "qbwc_sessions" USING btree ("ticket_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "qbwc_sessions_one_active" ON "qbwc_sessions" USING btree ("connection_id") WHERE "qbwc_sessions"."status" = 'ACTIVE';--> statement-breakpoint
CREATE INDEX "qbwc_sessions_connection_started" ON "qbwc_sessions" USING btree ("connection_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_attempts_session_request" ON "sync_attempts" USING btree ("session_id","request_id");--> statement-breakpoint
CREATE INDEX "sync_attempts_invoice" ON "sync_attempts" USING btree ("invoice_id","sent_at");--> statement-breakpoint
CREATE INDEX "sync_attempts_connection_outcome" ON "sync_attempts" USING btree ("connection_id","outcome");--> statement-breakpoint
CREATE INDEX "sync_status_transitions_invoice" ON "sync_status_transitions" USING btree ("invoice_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_single_installation_admin" ON "tenants" USING btree ("is_installation_admin") WHERE "tenants"."is_installation_admin";--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_event_endpoint" ON "webhook_deliveries" USING btree ("event_id","endpoint_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."status" = 'PENDING';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint" ON "webhook_deliveries" USING btree ("endpoint_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_tenant" ON "webhook_endpoints" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "webhook_events_tenant_created" ON "webhook_events" USING btree ("tenant_id","created_at");