"""The kinds of reason a row of a body's list is refused for, defined once for the preview, the API and
the counts. The reading of the file names the first six; judging a well-formed row names the rest, the
approval rules' own kinds (``credentialing.services.bulk_approval``) among them."""

from collections import Counter
from collections.abc import Iterable

from django.db import models

from credentialing.services.bulk_approval import ApprovalRefusal


class RowRefusal(models.TextChoices):
    UNREADABLE_CELL = "unreadable_cell", "A cell cannot be read"
    FORMULA = "formula", "A cell holds a formula"
    EMPTY_ORI = "empty_ori", "ORI empty"
    EMPTY_DATE = "empty_date", "Determination date empty"
    NOT_A_DATE = "not_a_date", "Determination date not a date"
    MIXED_DATE_FORMAT = "mixed_date_format", "Date written in another format than the rest of the list"
    UNKNOWN_ORI = "unknown_ori", "Unknown ORI"
    DUPLICATE = "duplicate", "ORI listed twice"
    BODY_NOT_CERTIFIED = ApprovalRefusal.BODY_NOT_CERTIFIED.value, ApprovalRefusal.BODY_NOT_CERTIFIED.label
    OUTSIDE_COVERAGE = ApprovalRefusal.OUTSIDE_COVERAGE.value, ApprovalRefusal.OUTSIDE_COVERAGE.label
    FUTURE_DATE = ApprovalRefusal.FUTURE_DATE.value, ApprovalRefusal.FUTURE_DATE.label
    OUTSIDE_LOOK_BACK = ApprovalRefusal.OUTSIDE_LOOK_BACK.value, ApprovalRefusal.OUTSIDE_LOOK_BACK.label
    ALREADY_CREDENTIALED = (
        ApprovalRefusal.ALREADY_CREDENTIALED.value,
        ApprovalRefusal.ALREADY_CREDENTIALED.label,
    )
    OPEN_APPLICATION = ApprovalRefusal.OPEN_APPLICATION.value, ApprovalRefusal.OPEN_APPLICATION.label
    # Rows refused before the kinds were recorded, whose reason fits none of the above.
    OTHER = "other", "Other reason"


# Refusals found in the file itself: they stand whatever happens later; a commit does not judge them again.
READING_REFUSALS = frozenset(
    {
        RowRefusal.UNREADABLE_CELL,
        RowRefusal.FORMULA,
        RowRefusal.EMPTY_ORI,
        RowRefusal.EMPTY_DATE,
        RowRefusal.NOT_A_DATE,
        RowRefusal.MIXED_DATE_FORMAT,
    }
)


def refusal_counts(kinds: Iterable[str]) -> dict[str, int]:
    """How many rows each kind refused, in the order the kinds are defined (kinds with none left out)."""
    counted = Counter(kind for kind in kinds if kind)
    return {kind: counted[kind] for kind in RowRefusal.values if counted[kind]}
