"""PostgreSQL only: the version tables refuse changes and deletions, as the audit trail does."""

from django.db import migrations

APPEND_ONLY = ("community_programversion", "community_yearlyfiguresversion")


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in APPEND_ONLY:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();"
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in APPEND_ONLY:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_sec4_programs_versions_figures"),
        ("common", "0002_append_only_audit_trail"),
    ]
    operations = [migrations.RunPython(install, remove)]
