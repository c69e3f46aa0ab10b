"""The DOJ Standards for Certification (October 2020): the two mandatory principles of EO 13929
Sec. 2(c) and the discretionary principles a body should consider."""

from django.db import migrations

MANDATORY = [
    (
        "adherence-to-law",
        "Adherence to applicable laws",
        "The agency's use-of-force policies adhere to all applicable federal, state and local laws "
        "(EO 13929 Sec. 2(c)(i)).",
    ),
    (
        "chokehold-prohibition",
        "Prohibition of chokeholds",
        "The agency's use-of-force policies prohibit chokeholds, a maneuver that restricts a person's ability "
        "to breathe for the purpose of incapacitation, except where the use of deadly force is allowed by law "
        "(EO 13929 Sec. 2(c)(ii)).",
    ),
]
DISCRETIONARY = [
    ("termination-of-force", "Termination of force", "Force ends once the subject is under control."),
    (
        "duty-to-intervene",
        "Duty to intervene",
        "Officers intervene to stop another officer's excessive force.",
    ),
    (
        "training",
        "Training on force, de-escalation and legal updates",
        "Regular training on use of force, de-escalation techniques and changes in the law.",
    ),
    ("medical-care", "Medical care after force", "Medical aid is rendered or summoned after force is used."),
    (
        "warning-before-deadly-force",
        "Identification and warning before deadly force",
        "Officers identify themselves and warn before using deadly force where feasible.",
    ),
    (
        "moving-vehicles",
        "Shooting at or from moving vehicles",
        "Policy restricts shooting at or from moving vehicles.",
    ),
    ("warning-shots", "Warning shots", "Policy restricts or prohibits warning shots."),
    (
        "no-knock-warrants",
        "No-knock warrants",
        "Policy governs when no-knock warrants may be sought and served.",
    ),
    (
        "hiring-standards",
        "Hiring and human-resources standards",
        "Screening and hiring practices, including checks against records of excessive force.",
    ),
    (
        "early-warning-system",
        "Early warning or performance-management system",
        "A system that flags officers who may need intervention (EO 13929 Sec. 2(b)).",
    ),
    (
        "community-engagement",
        "Community engagement",
        "Community engagement best practices (EO 13929 Sec. 2(b)).",
    ),
]


def load(apps, schema_editor):
    Standard = apps.get_model("credentialing", "Standard")
    position = 0
    for kind, rows in (("mandatory", MANDATORY), ("discretionary", DISCRETIONARY)):
        for code, title, description in rows:
            position += 10
            Standard.objects.update_or_create(
                code=code,
                defaults={"title": title, "description": description, "kind": kind, "position": position},
            )


def unload(apps, schema_editor):
    apps.get_model("credentialing", "Standard").objects.filter(
        code__in=[row[0] for row in MANDATORY + DISCRETIONARY]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("credentialing", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
