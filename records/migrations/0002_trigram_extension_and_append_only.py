"""PostgreSQL only: trigram similarity for hiring checks, and the append-only tables refuse changes.

A check only ever compares records of the candidate's date of birth: the (date of birth, name key)
B-tree index of 0001 narrows 50,000 records to a handful before any similarity is computed, so a
trigram GIN index on the name would cost every write and serve no query.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

APPEND_ONLY = ("records_recordrevision", "records_reportversion", "records_hiringcheck")


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
        ("records", "0001_sec3_records_reports_checks"),
        ("common", "0002_append_only_audit_trail"),
    ]
    operations = [TrigramExtension(), migrations.RunPython(install, remove)]
