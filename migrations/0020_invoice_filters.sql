-- Finding invoices: by number ignoring case, by customer, by date.
CREATE INDEX "invoices_tenant_number_key" ON "invoices" USING btree ("tenant_id",lower("number"));--> statement-breakpoint
CREATE INDEX "invoices_tenant_customer" ON "invoices" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "invoices_tenant_date" ON "invoices" USING btree ("tenant_id","date");