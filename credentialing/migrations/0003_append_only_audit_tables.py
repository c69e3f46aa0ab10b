"""On PostgreSQL the audit tables refuse UPDATE and DELETE whoever asks: the app, the admin or psql."""

from django.db import migrations

AUDIT_TABLES = ["credentialing_transitionlog", "credentialing_bodycertificationevent"]

FUNCTION = """
CREATE OR REPLACE FUNCTION refuse_audit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit table %% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def trigger_sql(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();"
    )


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION.replace("%%", "%"), params=None)
    for table in AUDIT_TABLES:
        schema_editor.execute(trigger_sql(table), params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in AUDIT_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")


class Migration(migrations.Migration):
    dependencies = [("credentialing", "0002_standards_catalogue")]
    operations = [migrations.RunPython(install, remove)]
