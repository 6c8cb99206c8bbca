ALTER TABLE "api_keys" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "previous_key_hash" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "previous_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "rotated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "from_config" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_previous_key_hash" ON "api_keys" USING btree ("previous_key_hash") WHERE "api_keys"."previous_key_hash" is not null;--> statement-breakpoint
-- hand-written: the key set by ADMIN_API_KEY before this migration is the configuration's key.
UPDATE "api_keys" SET "from_config" = true WHERE "name" = 'ADMIN_API_KEY';
