"""The database itself refuses to change or delete audit events.

A row-level trigger raises on every UPDATE and on every DELETE, except a DELETE by the
retention pruning (`cancercenter.audit.services.audit_prune`), which names a cutoff for its
own transaction (`SET LOCAL cancercenter.audit_prune_before`) and may then delete only rows
older than it, and never rows younger than 30 days. TRUNCATE is left to the database owner
(test databases are emptied with it).
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    cutoff text := current_setting('cancercenter.audit_prune_before', true);
BEGIN
    IF TG_OP = 'DELETE' AND cutoff IS NOT NULL AND cutoff <> ''
       AND OLD.at < cutoff::timestamptz
       AND OLD.at < now() - interval '30 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events cannot be changed or deleted (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_event")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
