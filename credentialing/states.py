"""The states of a credential application and the groups the rules speak of."""

from django.db import models


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    RETURNED = "returned", "Returned for more information"
    APPROVED = "approved", "Approved"
    DENIED = "denied", "Denied"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"
    # A draft its agency deleted: never submitted, so gone from every list. The row stays only because
    # the append-only transition log records its creation and its deletion.
    DELETED = "deleted", "Deleted draft"


# Open: still being worked on; at most one per agency and body.
OPEN_STATES = frozenset(
    {
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.RETURNED,
    }
)
# Sec. 2(a) "in the process of seeking" credentials.
IN_PROCESS_STATES = frozenset(
    {ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.RETURNED}
)
# States whose row carries a credential with its determination and expiry dates.
CLOSED_WITH_CREDENTIAL = frozenset(
    {ApplicationStatus.APPROVED, ApplicationStatus.EXPIRED, ApplicationStatus.REVOKED}
)
# What a certifier's queue shows by default.
REVIEW_QUEUE_STATES = IN_PROCESS_STATES
