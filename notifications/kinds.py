"""What a person can be told about, and which of those they cannot turn off."""

from django.db import models

from accounts.models import Role


class Kind(models.TextChoices):
    SUBMITTED = "submitted", "An application was submitted to your body"
    ANSWERED = "answered", "A returned application was answered"
    RETURNED = "returned", "Your application was returned for more information"
    APPROVED = "approved", "Your application was approved"
    DENIED = "denied", "Your application was denied"
    REVOKED = "revoked", "Your credential was revoked"
    ELIGIBILITY = "eligibility", "Your agency's grant eligibility changed"
    EXPIRY_REMINDER = "expiry_reminder", "Your credential expires soon"
    EXPIRED = "expired", "Your credential has expired"
    BODY_CERTIFICATION = "body_certification", "A credentialing body's AG certification changed"


# Returns, denials, revocations and expiry always reach the agency: each asks it to act or costs it its
# credential. Everything else a person may turn off.
REQUIRED = frozenset({Kind.RETURNED, Kind.DENIED, Kind.REVOKED, Kind.EXPIRY_REMINDER, Kind.EXPIRED})

# The kinds each role can receive, in the order the preferences page lists them.
BY_ROLE: dict[str, tuple[Kind, ...]] = {
    Role.AGENCY_STAFF: (
        Kind.RETURNED,
        Kind.APPROVED,
        Kind.DENIED,
        Kind.REVOKED,
        Kind.ELIGIBILITY,
        Kind.EXPIRY_REMINDER,
        Kind.EXPIRED,
        Kind.BODY_CERTIFICATION,
    ),
    Role.CERTIFIER: (Kind.SUBMITTED, Kind.ANSWERED, Kind.BODY_CERTIFICATION),
}


def is_optional(kind: str) -> bool:
    return kind not in REQUIRED


def optional_kinds_for(role: str) -> list[Kind]:
    return [kind for kind in BY_ROLE.get(role, ()) if is_optional(kind)]


# Days before expiry at which a reminder goes out; the day itself is the "expired" notice.
REMINDER_DAYS = (90, 30, 7)
