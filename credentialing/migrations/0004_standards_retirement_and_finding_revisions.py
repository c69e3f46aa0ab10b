"""Standards are retired, never deleted, and the two Sec. 2(c) minimums stay mandatory (a check
constraint); every revision of a finding is kept in an append-only table (PostgreSQL refuses UPDATE and
DELETE on it, like the other audit tables)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MINIMUMS = ("adherence-to-law", "chokehold-prohibition")


def restore_minimums(apps, schema_editor):
    # An edit made around the services (the admin, say) cannot block the constraint below.
    Standard = apps.get_model("credentialing", "Standard")
    Standard.objects.filter(code__in=MINIMUMS).update(kind="mandatory", retired_at=None)
    Standard.objects.exclude(code__in=MINIMUMS).filter(kind="mandatory").update(kind="discretionary")


def first_revisions(apps, schema_editor):
    """Each finding recorded so far becomes its own revision 1."""
    Finding = apps.get_model("credentialing", "Finding")
    FindingRevision = apps.get_model("credentialing", "FindingRevision")
    FindingRevision.objects.bulk_create(
        [
            FindingRevision(
                finding_id=f.pk,
                number=1,
                outcome=f.outcome,
                note=f.note,
                recorded_by_id=f.recorded_by_id,
                recorded_at=f.recorded_at,
            )
            for f in Finding.objects.all().iterator()
        ],
        batch_size=1000,
    )


def install_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # refuse_audit_change() comes from 0003.
    schema_editor.execute(
        "CREATE TRIGGER credentialing_findingrevision_append_only BEFORE UPDATE OR DELETE ON "
        "credentialing_findingrevision FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();",
        params=None,
    )


def remove_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS credentialing_findingrevision_append_only ON credentialing_findingrevision;"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("credentialing", "0003_append_only_audit_tables"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FindingRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField()),
                (
                    "outcome",
                    models.CharField(choices=[("met", "Met"), ("not_met", "Not met")], max_length=16),
                ),
                ("note", models.TextField(blank=True, max_length=5000)),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "ordering": ["finding", "number"],
            },
        ),
        migrations.AddField(
            model_name="standard",
            name="retired_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(restore_minimums, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="standard",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("code__in", ("adherence-to-law", "chokehold-prohibition")),
                        ("kind", "mandatory"),
                        ("retired_at__isnull", True),
                    ),
                    models.Q(
                        models.Q(("code__in", ("adherence-to-law", "chokehold-prohibition")), _negated=True),
                        ("kind", "discretionary"),
                    ),
                    _connector="OR",
                ),
                name="standard_sec_2c_minimums_mandatory",
                violation_error_message="The two Sec. 2(c) minimums are always mandatory and in force; every other principle is discretionary.",
            ),
        ),
        migrations.AddField(
            model_name="findingrevision",
            name="finding",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="revisions",
                to="credentialing.finding",
            ),
        ),
        migrations.AddField(
            model_name="findingrevision",
            name="recorded_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddConstraint(
            model_name="findingrevision",
            constraint=models.UniqueConstraint(
                fields=("finding", "number"), name="one_revision_number_per_finding"
            ),
        ),
        migrations.RunPython(first_revisions, migrations.RunPython.noop),
        migrations.RunPython(install_trigger, remove_trigger),
    ]
