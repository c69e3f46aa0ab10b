"""The events of the domain, answered with notifications for the people the DESIGN table names."""

from collections.abc import Iterable
from datetime import date

from django.db import connection
from django.utils import timezone

from agencies.models import Agency
from common import events
from credentialing.models import CertificationStatus, CredentialApplication, CredentialingBody
from credentialing.states import ApplicationStatus

from . import compose, outbox
from .kinds import REMINDER_DAYS


def on_application_transition(
    *, application: CredentialApplication, action: str, previous: str, note: str, actor: object
) -> None:
    stamp = application.status_changed_at.isoformat()
    key = f"application:{application.pk}:{action}:{stamp}"
    if action == "submit":
        message = compose.for_certifiers(application, answered=previous == ApplicationStatus.RETURNED)
        outbox.write((person, key, message) for person in outbox.certifiers_of(application.body_id))
        return
    agency_message = compose.for_agency(application, action, note)
    if agency_message is None:
        return
    if action == "expire":
        key = f"application:{application.pk}:expired:{application.expires_on}"
    staff = outbox.staff_of([application.agency_id]).get(application.agency_id, [])
    outbox.write((person, key, agency_message) for person in staff)


def on_credentials_expired(*, application_ids: Iterable[int]) -> None:
    applications = CredentialApplication.objects.filter(pk__in=list(application_ids)).select_related(
        "agency", "body"
    )
    for application in applications:
        on_application_transition(application=application, action="expire", previous="", note="", actor=None)


def on_body_certification_changed(*, body: CredentialingBody, previous: str, note: str) -> None:
    target = body.certification_status
    restored = target == CertificationStatus.CERTIFIED and previous == CertificationStatus.SUSPENDED
    if target not in (CertificationStatus.SUSPENDED, CertificationStatus.REVOKED) and not restored:
        return  # a first certification tells no one who depends on the body yet
    key = f"body:{body.pk}:certification:{target}:{body.certification_changed_at}"
    to_certifiers = compose.body_certification(body, note, for_certifier=True)
    to_agencies = compose.body_certification(body, note, for_certifier=False)
    outbox.write((person, key, to_certifiers) for person in outbox.certifiers_of(body.pk))
    # The staff of every agency with an application to the body, selected by the database.
    dependants = CredentialApplication.objects.filter(body_id=body.pk).values("agency_id")
    outbox.write_to_staff(agencies=dependants, key=key, message=to_agencies)


def on_eligibility_changed(*, changes: list[tuple[int, bool, str]]) -> None:
    stamp = timezone.now().isoformat()
    if connection.vendor == "postgresql":
        # One statement for every flip (a national body's revocation flips tens of thousands).
        outbox.write_per_agency(
            changes=changes,
            template=lambda eligible: compose.eligibility(outbox.NAME, eligible, outbox.REASON),
            key=f"agency:{{agency}}:eligible:{{eligible}}:{stamp}",
        )
        return
    staff = outbox.staff_of(agency_id for agency_id, _, _ in changes)
    if not staff:
        return
    names = dict(Agency.objects.filter(pk__in=list(staff)).values_list("pk", "name"))
    items: list[tuple[int, str, compose.Message]] = []
    for agency_id, eligible, reason in changes:
        message = compose.eligibility(names.get(agency_id, "Your agency"), eligible, reason)
        key = f"agency:{agency_id}:eligible:{eligible}:{stamp}"
        items.extend((person, key, message) for person in staff.get(agency_id, []))
    outbox.write(items)


def reminder_threshold(expires_on: date, day: date) -> int | None:
    """The tightest reminder threshold the credential has reached on ``day`` (None: none yet, or expired).

    Only the tightest is sent: when the clock jumps from 100 days out to 25, the agency hears "30 days",
    not "90 days" as well.
    """
    left = (expires_on - day).days
    reached = [threshold for threshold in REMINDER_DAYS if 0 < left <= threshold]
    return min(reached) if reached else None


def connect() -> None:
    events.subscribe(events.APPLICATION_TRANSITION, on_application_transition)
    events.subscribe(events.CREDENTIALS_EXPIRED, on_credentials_expired)
    events.subscribe(events.BODY_CERTIFICATION_CHANGED, on_body_certification_changed)
    events.subscribe(events.ELIGIBILITY_CHANGED, on_eligibility_changed)
