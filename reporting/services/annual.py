"""A body's annual report: built by the product, reviewed and submitted by the body's certifier."""

from django.db import IntegrityError, transaction

from accounts.models import User
from common.audit import record
from common.errors import InvalidTransition, NotAllowed, RuleViolation
from common.humanize import human_date
from credentialing.dates import today
from credentialing.models import CredentialingBody

from ..models import AnnualReport
from ..schedule import owes, report_opens, report_period, why_not_owed
from ..selectors import annual_report_entries


def submit_annual_report(*, body: CredentialingBody, year: int, actor: User, note: str = "") -> AnnualReport:
    """Freeze the report as it stands today (at most January 31) and send it to DOJ; once only."""
    if not (actor.is_certifier and actor.credentialing_body_id == body.pk):
        raise NotAllowed("Only a certifier of the credentialing body can submit its annual report.")
    current = today()
    if not owes(body, year):
        raise RuleViolation(why_not_owed(body, year), field="year")
    if current < report_opens(year):
        raise RuleViolation(
            f"The {year} report can be submitted from {human_date(report_opens(year))}, in the last month "
            "of the year it covers."
        )
    as_of = min(current, report_period(year)[1])
    try:
        with transaction.atomic():
            # The body's row is the lock: two certifiers submitting at once, the second one sees it sent.
            CredentialingBody.objects.select_for_update().get(pk=body.pk)
            if AnnualReport.objects.filter(body=body, year=year).exists():
                raise InvalidTransition(f"{body.name}'s {year} report has already been submitted.")
            entries = annual_report_entries(body, year, as_of=as_of)
            report = AnnualReport.objects.create(
                body=body,
                year=year,
                as_of=as_of,
                entries=entries,
                note=(note or "").strip(),
                submitted_by=actor,
            )
            counts = {
                kind: sum(1 for e in entries if e["event"] == kind)
                for kind in ("certified", "revoked", "expired")
            }
            record(
                actor=actor,
                action="annual_report.submitted",
                obj=report,
                after={"year": year, "as_of": as_of, **counts},
            )
    except IntegrityError:
        raise InvalidTransition(f"{body.name}'s {year} report has already been submitted.") from None
    return report
