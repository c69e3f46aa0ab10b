"""PostgreSQL only: trigram matching for hiring checks, and the append-only tables refuse changes.

The trigram GIN index on the normalised name serves the similarity search; the (date of birth, name)
B-tree index from 0001 serves exact matches and SQLite.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

APPEND_ONLY = ("records_recordrevision", "records_reportversion", "records_hiringcheck")
INDEX = "record_name_trgm_idx"


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON records_useofforcerecord USING gin (officer_name_key gin_trgm_ops)"
    )
    for table in APPEND_ONLY:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();"
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    for table in APPEND_ONLY:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0001_sec3_records_reports_checks"),
        ("common", "0002_append_only_audit_trail"),
    ]
    operations = [TrigramExtension(), migrations.RunPython(install, remove)]
