"""The columns of the reporting downloads, defined once for the web pages and the API."""

from typing import Any

from agencies.models import AgencyType
from common.exports import Column
from grants.models import EligibilityBasis

from .schedule import Standing, next_step, report_period
from .selectors import repository_row_expires


def _type_label(code: str) -> str:
    return str(AgencyType(code).label) if code in AgencyType.values else code


def _basis(code: str) -> str:
    return str(EligibilityBasis(code).label).lower() if code in EligibilityBasis.values else code


def _determined(row: Any) -> Any:
    return row.determination_date if row.basis == EligibilityBasis.CREDENTIALED else None


REPOSITORY_COLUMNS = [
    Column("ORI", lambda r: r.ori, key="ori"),
    Column("Agency", lambda r: r.name, key="agency"),
    Column("Agency type", lambda r: _type_label(r.agency_type), key="agency_type"),
    Column("State", lambda r: r.state, key="state"),
    Column("Credentialing body", lambda r: r.body_name, key="body"),
    Column("Basis", lambda r: _basis(r.basis), key="basis"),
    Column("Determination date", _determined, key="determination_date"),
    Column("Valid through", repository_row_expires, key="valid_through"),
]

ANNUAL_REPORT_COLUMNS = [
    Column("Event", lambda e: e["event"], key="event"),
    Column("On", lambda e: e["on"], key="on"),
    Column("ORI", lambda e: e["ori"], key="ori"),
    Column("Agency", lambda e: e["agency"], key="agency"),
    Column("Agency type", lambda e: e["agency_type"], key="agency_type"),
    Column("State", lambda e: e["state"], key="state"),
    Column("Application", lambda e: e["application"], key="application"),
    Column("Determination date", lambda e: e["determination_date"], key="determination_date"),
    Column("Valid through", lambda e: e["valid_through"], key="valid_through"),
]

LIST_ROW_COLUMNS = [
    Column("Row", lambda r: r.line, key="row"),
    Column("ORI", lambda r: r.ori, key="ori"),
    Column("Agency", lambda r: r.agency.name if r.agency else "", key="agency"),
    # A date the file did not give as a date is shown as it was written.
    Column("Determination date", lambda r: r.determination_date or r.written_date, key="determination_date"),
    Column("Reference", lambda r: r.reference, key="reference"),
    Column("Verdict", lambda r: r.get_verdict_display(), key="verdict"),
    Column("Kind of reason", lambda r: r.get_refusal_kind_display() if r.refusal_kind else "", key="kind"),
    Column("Reason", lambda r: r.reason, key="reason"),
]

# One row per body and report year (``schedule.report_standings_of``): DOJ's overview and the API.
STANDING_COLUMNS = [
    Column("Report due", lambda r: report_period(r.report_year)[1], key="due"),
    Column("Credentialing body", lambda r: r.name, key="body"),
    Column("Body id", lambda r: r.pk, key="body_id"),
    Column("Status", lambda r: Standing.LABELS[r.standing], key="status"),
    Column("Submitted at", lambda r: r.submitted_at, key="submitted_at"),
    Column("Submitted by", lambda r: r.submitted_by_name, key="submitted_by"),
    Column("Next step", lambda r: next_step(r.standing, r.report_year, for_certifier=False), key="next_step"),
]
