from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery


def copy_agency_names(apps, schema_editor):
    """Each applicant row takes its agency's current name: one UPDATE for the whole table."""
    Agency = apps.get_model("agencies", "Agency")
    GrantApplicant = apps.get_model("grants", "GrantApplicant")
    name = Agency.objects.filter(pk=OuterRef("agency_id")).values("name")[:1]
    GrantApplicant.objects.using(schema_editor.connection.alias).update(agency_name=Subquery(name))


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_agency_name_index"),
        ("grants", "0008_body_recompute_requests"),
    ]

    operations = [
        migrations.AlterModelOptions(name="grantapplicant", options={"ordering": ["agency_name", "id"]}),
        migrations.AddField(
            model_name="grantapplicant",
            name="agency_name",
            field=models.CharField(default="", max_length=200),
            preserve_default=False,
        ),
        migrations.RunPython(copy_agency_names, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="grantapplicant",
            constraint=models.CheckConstraint(condition=~Q(agency_name=""), name="applicant_agency_name_set"),
        ),
        migrations.AddIndex(
            model_name="grantapplicant",
            index=models.Index(fields=["program", "agency_name", "id"], name="applicant_program_name_idx"),
        ),
    ]
