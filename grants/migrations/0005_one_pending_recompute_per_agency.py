from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("grants", "0004_eligibility_basis_in_words")]

    operations = [
        # Keep the oldest pending request of each agency: the relay judges its age by that one.
        migrations.RunSQL(
            "DELETE FROM grants_recomputerequest WHERE id NOT IN "
            "(SELECT MIN(id) FROM grants_recomputerequest GROUP BY agency_id)",
            migrations.RunSQL.noop,
        ),
        migrations.RemoveIndex(model_name="recomputerequest", name="recompute_agency_idx"),
        migrations.AddConstraint(
            model_name="recomputerequest",
            constraint=models.UniqueConstraint(fields=["agency"], name="recompute_one_pending_per_agency"),
        ),
    ]
