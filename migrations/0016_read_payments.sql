-- Payments read back from QuickBooks: the invoices of ours they were applied to are read again by TxnID;
-- the payments a pass read are remembered so the next pass's overlap skips them.
ALTER TABLE "qb_read_cursors" ADD COLUMN "refresh_txn_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "qb_read_cursors" ADD COLUMN "seen_payments" text[] DEFAULT '{}'::text[] NOT NULL;