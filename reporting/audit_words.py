"""How the audit trail words bulk lists and annual reports: see ``common.audit_words``."""

from collections.abc import Sequence

from common.audit_words import Words, numeric, register_action, register_object

from .models import AnnualReport, BulkList


def _lists(ids: Sequence[str]) -> dict[str, str]:
    rows = BulkList.objects.filter(pk__in=numeric(ids)).values_list("pk", "name", "body__name")
    return {str(pk): f"the list “{name}” of {body}" for pk, name, body in rows}


def _annual_reports(ids: Sequence[str]) -> dict[str, str]:
    rows = AnnualReport.objects.filter(pk__in=numeric(ids)).values_list("pk", "body__name", "year")
    return {str(pk): f"{body}'s annual report for {year}" for pk, body, year in rows}


def _committed(words: Words) -> str:
    return f"{words.who} committed {words.thing}, approving {words.after('approved')} application(s)"


def register() -> None:
    register_object(
        "reporting.bulklist",
        noun="Bulk list",
        namer=_lists,
        field_labels={
            "rows": "Rows",
            "ready": "Rows ready",
            "refused": "Rows refused",
            "approved": "Applications approved",
            "refused_left": "Refused rows left out",
        },
    )
    register_object(
        "reporting.annualreport",
        noun="Annual report",
        namer=_annual_reports,
        field_labels={
            "as_of": "Covers up to",
            "certified": "Agencies certified",
            "revoked": "Credentials revoked",
            "expired": "Credentials run out",
        },
    )
    register_action("bulk_list.uploaded", label="Bulk list uploaded", sentence="{who} uploaded {thing}")
    register_action("bulk_list.committed", label="Bulk list committed", sentence=_committed)
    register_action(
        "annual_report.submitted", label="Annual report submitted", sentence="{who} submitted {thing}"
    )
