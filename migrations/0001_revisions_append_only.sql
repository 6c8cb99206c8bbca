-- Invoice revisions and sync status transitions are an audit trail: rows are appended, never changed.
CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER invoice_revisions_append_only BEFORE UPDATE OR DELETE ON invoice_revisions
  FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
--> statement-breakpoint
CREATE TRIGGER sync_status_transitions_append_only BEFORE UPDATE ON sync_status_transitions
  FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
