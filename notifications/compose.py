"""What each event tells each person: the words of the notification, written for its recipient."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from common.humanize import human_date
from credentialing.models import CertificationStatus, CredentialApplication, CredentialingBody

from .kinds import Kind


@dataclass(frozen=True)
class Message:
    kind: Kind
    subject: str
    what_happened: str
    why: str
    next_step: str
    link_path: str
    link_label: str


def _day(value: date | None) -> str:
    return human_date(value) if value else "an unknown date"


def _last_valid_day(application: CredentialApplication) -> str:
    # ``expires_on`` is the first day the credential no longer counts.
    return _day(application.expires_on - timedelta(days=1) if application.expires_on else None)


def _application_link(application: CredentialApplication) -> str:
    return reverse("application_detail", args=[application.pk])


def for_certifiers(application: CredentialApplication, *, answered: bool) -> Message:
    agency, body, ref = application.agency, application.body, application.reference
    if answered:
        return Message(
            Kind.ANSWERED,
            f"{agency.name} answered your return: {ref}",
            f"{agency.name} ({agency.state}) answered {body.name}'s request for more information and "
            f"submitted application {ref} again.",
            f"You are a certifier of {body.name}, and the application was waiting on the agency.",
            "Open the application, check what changed and continue the review.",
            _application_link(application),
            f"Open {ref}",
        )
    return Message(
        Kind.SUBMITTED,
        f"New application to review: {agency.name} ({ref})",
        f"{agency.name} ({agency.state}) submitted application {ref} to {body.name}.",
        f"You are a certifier of {body.name}; new submissions wait in its review queue.",
        "Open the application, start the review, and record a finding for each standard.",
        _application_link(application),
        f"Open {ref}",
    )


# The actions the agency is told about; the others (start_review, submit, withdraw...) tell it nothing.
AGENCY_TOLD = frozenset({"return", "approve", "deny", "revoke", "expire"})


def for_agency(application: CredentialApplication, action: str, note: str) -> Message | None:
    if action not in AGENCY_TOLD:
        return None
    body, ref = application.body, application.reference
    link = _application_link(application)
    reason = note.strip() or "The body gave no reason."
    if action == "return":
        return Message(
            Kind.RETURNED,
            f"Application {ref} was returned: {body.name} needs more information",
            f"{body.name} returned application {ref} to your agency for more information.",
            f"The body's request: {reason}",
            "Open the application, add or correct what the body asks for, and submit it again. While it "
            "is returned it still counts as in process for grant eligibility.",
            link,
            f"Answer the return on {ref}",
        )
    if action == "approve":
        return Message(
            Kind.APPROVED,
            f"Application {ref} approved: credentialed by {body.name}",
            f"{body.name} approved application {ref}, with a determination date of "
            f"{_day(application.determination_date)}.",
            "The body found that your use-of-force policies meet both minimum standards of Executive "
            "Order 13929, Sec. 2(c).",
            f"Nothing to do now. The credential is valid through {_last_valid_day(application)}; we will "
            "remind you 90, 30 and 7 days before it expires.",
            link,
            f"See {ref}",
        )
    if action == "deny":
        return Message(
            Kind.DENIED,
            f"Application {ref} was denied by {body.name}",
            f"{body.name} denied application {ref}.",
            f"The body's reason: {reason}",
            "A denied application no longer counts toward grant eligibility. Once the issues are "
            "addressed, your agency can start a new application.",
            link,
            f"See {ref}",
        )
    if action == "revoke":
        return Message(
            Kind.REVOKED,
            f"Your credential from {body.name} was revoked ({ref})",
            f"{body.name} revoked the credential it awarded with application {ref}.",
            f"The body's reason: {reason}",
            "The credential no longer counts toward grant eligibility. Contact the body about what it "
            "needs, or start a new application.",
            link,
            f"See {ref}",
        )
    if action == "expire":
        return Message(
            Kind.EXPIRED,
            f"Your credential from {body.name} has expired ({ref})",
            f"The credential {body.name} awarded with application {ref} expired on "
            f"{_day(application.expires_on)}.",
            f"A credential is valid for the body's term ({body.credential_term_months} months) from its "
            "determination date.",
            "It no longer counts toward grant eligibility. Apply again to a certified body to be in "
            "process, and so eligible, again.",
            reverse("application_create"),
            "Start a new application",
        )
    return None


def expiry_reminder(application: CredentialApplication, days: int) -> Message:
    body, ref = application.body, application.reference
    return Message(
        Kind.EXPIRY_REMINDER,
        f"Your credential from {body.name} expires in {days} days",
        f"The credential {body.name} awarded with application {ref} is valid through "
        f"{_last_valid_day(application)}: {days} days from now.",
        "A credential is valid for the body's term from its determination date, and an expired one "
        "does not count toward grant eligibility.",
        "Apply for a new credential now: an application in process keeps your agency eligible while "
        "the body reviews it.",
        reverse("application_create"),
        "Start a new application",
    )


def eligibility(agency_name: str, eligible: bool, reason: str) -> Message:
    if eligible:
        return Message(
            Kind.ELIGIBILITY,
            f"{agency_name} is now eligible for DOJ discretionary grants",
            f"{agency_name} now meets the credentialing condition of Executive Order 13929, Sec. 2(a).",
            f"The tracker's reason: {reason}.",
            "Nothing to do now. Keep the application or credential current to stay eligible.",
            reverse("agency_dashboard"),
            "See your agency's eligibility",
        )
    return Message(
        Kind.ELIGIBILITY,
        f"{agency_name} is no longer eligible for DOJ discretionary grants",
        f"{agency_name} no longer meets the credentialing condition of Executive Order 13929, Sec. 2(a).",
        f"The tracker's reason: {reason}.",
        "To become eligible again, submit an application to a certified credentialing body that serves "
        "your agency: an application in process counts.",
        reverse("agency_dashboard"),
        "See your agency's eligibility",
    )


_BODY_CHANGE = {
    CertificationStatus.SUSPENDED: "suspended",
    CertificationStatus.REVOKED: "revoked",
    CertificationStatus.CERTIFIED: "restored",
}


def body_certification(body: CredentialingBody, note: str, *, for_certifier: bool) -> Message:
    change = _BODY_CHANGE[CertificationStatus(body.certification_status)]
    restored = body.certification_status == CertificationStatus.CERTIFIED
    changed_on = timezone.localdate(body.certification_changed_at) if body.certification_changed_at else None
    why = f"DOJ's note: {note.strip()}" if note.strip() else "DOJ gave no note."
    if for_certifier:
        next_step = (
            "The body can award credentials again."
            if restored
            else "While the certification is not in force the body cannot approve applications, and "
            "the applications addressed to it do not count toward its agencies' grant eligibility."
        )
        link, label = reverse("review_queue"), "Open the review queue"
    else:
        next_step = (
            "Applications to the body count toward your agency's grant eligibility again."
            if restored
            else "Applications and credentials with this body no longer count toward your agency's grant "
            "eligibility. To stay eligible, apply to another certified body that serves your agency."
        )
        link, label = reverse("agency_dashboard"), "See your agency's eligibility"
    return Message(
        Kind.BODY_CERTIFICATION,
        f"{body.name}'s AG certification was {change}",
        f"The Attorney General's certification of {body.name} was {change} on {_day(changed_on)}.",
        why,
        next_step,
        link,
        label,
    )
