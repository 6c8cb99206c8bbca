-- A line deleted here keeps its TxnLineID until QuickBooks confirms a version without it. Before, the
-- mapping was deleted with the line; when the change deleting it was lost, or answered 3200, the line
-- QuickBooks still had read as "added in QuickBooks" and the invoice went to Action Required for
-- nothing. The mapping now belongs to the invoice; confirmations remove mappings of lines QuickBooks
-- no longer has.
ALTER TABLE "invoice_line_syncs" DROP CONSTRAINT "invoice_line_syncs_line_id_invoice_lines_id_fk";
--> statement-breakpoint
ALTER TABLE "invoice_line_syncs" ADD CONSTRAINT "invoice_line_syncs_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;