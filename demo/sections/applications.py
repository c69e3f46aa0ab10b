"""Applications in every state, each moved through the workflow on its own days, so the queue's "days
waiting", the eligibility history and its weekly trend, the expiry reminders and the expiry itself are
what real use over three years would have left."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.core.files.uploadedfile import SimpleUploadedFile

from credentialing import services
from credentialing.dates import add_months
from credentialing.models import Standard, StandardKind
from credentialing.states import ApplicationStatus as S
from notifications.reminders import REMINDER_DAYS, send_expiry_reminders

from ..world import DemoWorld

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@dataclass(frozen=True)
class Story:
    """One application: whose, to which body, how far it goes, and how many days ago each stage was.

    ``days`` holds the days ago of: created, submitted, review started (or withdrawn), and the last step
    (returned, denied or approved), as far as the story goes. ``from_accreditation``: the approval
    records the body's earlier determination (the 36-month look-back); ``revoked``: the days ago of a
    revocation."""

    key: str
    ori: str
    body: str
    until: str
    days: tuple[int, ...]
    from_accreditation: bool = False
    revoked: int | None = None


# Credentialed three years ago: its term ran out two weeks ago, after the 90-, 30- and 7-day reminders.
LAPSED = Story("harbor-lapsed", "NJ0990700", "DNAB", S.APPROVED, (1135, 1130, 1120, 1110))
# Credentialed by the campus body from an accreditation that has about two months left to run.
CAMPUS_EXPIRES_IN_DAYS = 60
STORIES = [
    Story("harbor-denied", "NJ0990700", "DNAB", S.DENIED, (1200, 1195, 1180, 1170)),
    LAPSED,
    Story("loneprairie-revoked", "TX0990300", "DNAB", S.APPROVED, (520, 515, 505, 500), revoked=130),
    Story("riverbend", "CA0990100", "DNAB", S.APPROVED, (330, 325, 318, 300)),
    Story("buckeye", "OH0990600", "IACLEA", S.APPROVED, (260, 255, 250, 245), from_accreditation=True),
    Story("pinehollow", "GA0990900", "DNAB", S.WITHDRAWN, (160, 155, 140)),
    Story("keystone", "PA0990500", "DNAB", S.RETURNED, (120, 110, 100, 95)),
    Story("cedar", "TX0990200", "TPCAF", S.UNDER_REVIEW, (70, 62, 48)),
    Story("loneprairie", "TX0990300", "TPCAF", S.SUBMITTED, (30, 23)),
    Story("millcreek", "TX0990400", "TPCAF", S.DRAFT, (9,)),
]


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def schedule(world: DemoWorld) -> None:
    timeline = world.timeline
    for story in STORIES:
        stages = [_create, _submit, _start_review, _finish][: len(story.days)]
        for stage, days in zip(stages, story.days, strict=True):
            timeline.ago(days, f"{story.key}: {stage.__name__}", partial(stage, world, story), hour=11)
        if story.revoked is not None:
            timeline.ago(story.revoked, f"{story.key}: revoked", partial(_revoke, world, story), hour=15)
    # The nightly sweeps, on the nights they found something: reminders before the lapsed credential's
    # term ran out, then its expiry; and the 90-day reminder of the campus credential.
    approved_on = timeline.days_ago(LAPSED.days[-1])
    expires_on = add_months(approved_on, 36)
    for before in REMINDER_DAYS:
        _nightly(
            world, expires_on - timedelta(days=before), "expiry reminders", send_expiry_reminders, minute=20
        )
    _nightly(world, expires_on, "expire credentials", services.expire_due_credentials, minute=5)
    campus_expires = timeline.today + timedelta(days=CAMPUS_EXPIRES_IN_DAYS)
    _nightly(
        world,
        campus_expires - timedelta(days=max(REMINDER_DAYS)),
        "expiry reminders",
        send_expiry_reminders,
        minute=20,
    )


def _nightly(world: DemoWorld, day: date, label: str, task, *, minute: int) -> None:
    if day < world.timeline.today:
        world.timeline.on(day, label, lambda: task(), hour=0, minute=minute)


def _create(world: DemoWorld, story: Story) -> None:
    world.applications[story.key] = services.create_application(
        agency=world.agencies[story.ori],
        body=world.bodies[story.body],
        actor=world.staff[story.ori],
        notes="Policy manual chapter 300 attached.",
    )


def _submit(world: DemoWorld, story: Story) -> None:
    actor, app = world.staff[story.ori], world.applications[story.key]
    services.update_application(
        application=app, actor=actor, attests_legal_compliance=True, attests_chokehold_prohibition=True
    )
    services.attach_document(
        application=app, actor=actor, kind="use_of_force_policy", upload=pdf("use-of-force-policy.pdf")
    )
    services.attach_document(
        application=app, actor=actor, kind="signed_declaration", upload=pdf("signed-declaration.pdf")
    )
    world.applications[story.key] = services.submit_application(application=app, actor=actor)


def _start_review(world: DemoWorld, story: Story) -> None:
    if story.until == S.WITHDRAWN:  # only a submitted application is withdrawn
        world.applications[story.key] = services.withdraw_application(
            application=world.applications[story.key],
            actor=world.staff[story.ori],
            note="Applying to our state body instead.",
        )
        return
    world.applications[story.key] = services.start_review(
        application=world.applications[story.key], actor=world.certifiers[story.body]
    )


def _finish(world: DemoWorld, story: Story) -> None:
    certifier, app = world.certifiers[story.body], world.applications[story.key]
    if story.until == S.RETURNED:
        world.applications[story.key] = services.return_application(
            application=app, actor=certifier, note="Please attach the 2025 revision of the policy."
        )
        return
    outcome = "not_met" if story.until == S.DENIED else "met"
    for standard in Standard.objects.filter(kind=StandardKind.MANDATORY):
        services.record_finding(
            application=app,
            actor=certifier,
            standard=standard,
            outcome=outcome,
            note="Reviewed policy sections 300.1-300.9.",
        )
    if story.until == S.DENIED:
        world.applications[story.key] = services.deny_application(
            application=app, actor=certifier, note="The policy permits neck restraints without limitation."
        )
        return
    determined = None
    if story.from_accreditation:
        # The body's earlier accreditation, dated so that the credential runs out in about two months.
        term = world.bodies[story.body].credential_term_months
        determined = add_months(world.timeline.today + timedelta(days=CAMPUS_EXPIRES_IN_DAYS), -term)
    world.applications[story.key] = services.approve_application(
        application=app, actor=certifier, determination_date=determined
    )


def _revoke(world: DemoWorld, story: Story) -> None:
    world.applications[story.key] = services.revoke_credential(
        application=world.applications[story.key],
        actor=world.certifiers[story.body],
        note="Agency reinstated a carotid restraint policy.",
    )
