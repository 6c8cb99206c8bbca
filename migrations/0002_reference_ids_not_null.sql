ALTER TABLE "accounting_periods" ALTER COLUMN "id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "business_units" ALTER COLUMN "id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ALTER COLUMN "id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "inventory_locations" ALTER COLUMN "id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_types" ALTER COLUMN "id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "items" ALTER COLUMN "id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "tax_zones" ALTER COLUMN "id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "id" SET NOT NULL;