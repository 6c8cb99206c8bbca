-- What QuickBooks holds is the revision at synced_version (revisions are append-only), so neither the
-- state row nor the line mappings keep a second copy of it. Every Web Connector confirmation wrote
-- those copies (1 to 3 kB of JSON per invoice, and each changed line's values), and every claim read
-- the state's back; no code read the lines'. State rows and line mappings are now narrow.
-- Nothing is dropped if a synced version had no revision (it cannot happen; the check says so).
DO $$
DECLARE missing int;
BEGIN
  SELECT count(*) INTO missing FROM "invoice_sync_states" s
  WHERE s."synced_version" IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM "invoice_revisions" r WHERE r."invoice_id" = s."invoice_id" AND r."version" = s."synced_version");
  IF missing > 0 THEN
    RAISE EXCEPTION '% sync state(s) have a synced version without a revision; synced_snapshot is kept', missing;
  END IF;
END $$;--> statement-breakpoint
ALTER TABLE "invoice_line_syncs" DROP COLUMN "synced_values";--> statement-breakpoint
ALTER TABLE "invoice_sync_states" DROP COLUMN "synced_snapshot";
