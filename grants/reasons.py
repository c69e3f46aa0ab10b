"""Why an agency is not eligible, in a few kinds a person can count: read from the stored reason.

The flag's reason is a sentence the rule writes (``eligibility.evaluate``); the kinds below match the
phrases it uses. The dashboard counts by this expression and the applicants filter selects by the same
expression, so a count and the list its link opens cannot disagree. A reason no phrase matches (a
condition added to the rule later, say) counts as "other", never disappears.
"""

from django.db.models import Case, CharField, Q, Value, When
from django.db.models.expressions import Expression


class ReasonKind:
    SEC3_REPORT = "sec3_report"
    NO_APPLICATION = "no_application"
    NOT_RECORDED = "not_recorded"
    BODY_REVOKED = "body_revoked"
    BODY_SUSPENDED = "body_suspended"
    BODY_NOT_CERTIFIED = "body_not_certified"
    CREDENTIAL_EXPIRED = "credential_expired"
    CREDENTIAL_REVOKED = "credential_revoked"
    DENIED = "denied"
    WITHDRAWN = "withdrawn"
    DRAFT = "draft"
    OTHER = "other"


# The kind of a reason none of the phrases below matches: named for what it is, so a person knows to
# read the agency's own reason.
OTHER_LABEL = "Reason of another kind (read each agency's reason)"

# (kind, label, condition on the reason text), tried in this order: the first that matches wins.
_KINDS: list[tuple[str, str, Q]] = [
    (ReasonKind.SEC3_REPORT, "Sec. 3 report missing", Q(reason__contains="no Sec. 3 report")),
    (ReasonKind.NO_APPLICATION, "No application", Q(reason="no application")),
    (
        ReasonKind.NOT_RECORDED,
        "No eligibility recorded",
        Q(reason__in=["not yet computed", "no eligibility recorded by then"]),
    ),
    (
        ReasonKind.BODY_REVOKED,
        "Body's AG certification revoked",
        Q(reason__contains="AG certification was revoked"),
    ),
    (
        ReasonKind.BODY_SUSPENDED,
        "Body's AG certification suspended",
        Q(reason__contains="AG certification has been suspended"),
    ),
    (
        ReasonKind.BODY_NOT_CERTIFIED,
        "Body not yet certified",
        Q(reason__contains="is not yet certified by the Attorney General"),
    ),
    (
        ReasonKind.CREDENTIAL_EXPIRED,
        "Credential expired",
        # "... expired: valid through <day>" as the rule words it now, "... expired on <day>" in older rows.
        Q(reason__startswith="credential from")
        & (Q(reason__contains=") expired: ") | Q(reason__contains=" expired on ")),
    ),
    (
        ReasonKind.CREDENTIAL_REVOKED,
        "Credential revoked",
        Q(reason__startswith="credential from", reason__contains=" was revoked on "),
    ),
    (ReasonKind.DENIED, "Application denied", Q(reason__contains=" was denied by ")),
    (ReasonKind.WITHDRAWN, "Application withdrawn", Q(reason__contains=" was withdrawn on ")),
    (ReasonKind.DRAFT, "Application still a draft", Q(reason__contains=" is a draft, not yet submitted")),
]
LABELS: dict[str, str] = {kind: label for kind, label, _ in _KINDS} | {ReasonKind.OTHER: OTHER_LABEL}
CHOICES: list[tuple[str, str]] = list(LABELS.items())


def reason_kind() -> Expression:
    """The kind of the row's ``reason`` annotation or field, as SQL."""
    return Case(
        *[When(condition, then=Value(kind)) for kind, _, condition in _KINDS],
        default=Value(ReasonKind.OTHER),
        output_field=CharField(),
    )
