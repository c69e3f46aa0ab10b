"""On PostgreSQL the audit trail refuses UPDATE and DELETE whoever asks: the app, the admin or psql."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION refuse_audit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    schema_editor.execute(
        "CREATE TRIGGER common_auditentry_append_only BEFORE UPDATE OR DELETE ON common_auditentry "
        "FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();",
        params=None,
    )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS common_auditentry_append_only ON common_auditentry;")


class Migration(migrations.Migration):
    dependencies = [("common", "0001_audit_trail")]
    operations = [migrations.RunPython(install, remove)]
