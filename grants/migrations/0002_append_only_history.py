"""The eligibility history is append-only on PostgreSQL too (the function comes from credentialing)."""

from django.db import migrations

TABLE = "grants_eligibilitychange"


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();"
    )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial"), ("credentialing", "0003_append_only_audit_tables")]
    operations = [migrations.RunPython(install, remove)]
