"""How the audit trail words Sec. 3 records and quarterly reports: see ``common.audit_words``."""

from collections.abc import Sequence

from common.audit_words import Words, numeric, register_action, register_object

from .models import QuarterlyReport, RecordKind, UseOfForceRecord
from .quarters import Quarter


def _record_phrase(officer: str, kind: str) -> str:
    return f"a Sec. 3 record on officer {officer} ({RecordKind(kind).label.lower()})"


def _records(ids: Sequence[str]) -> dict[str, str]:
    rows = UseOfForceRecord.objects.filter(pk__in=numeric(ids)).values_list("pk", "officer_name", "kind")
    return {str(pk): _record_phrase(officer, kind) for pk, officer, kind in rows}


def _reports(ids: Sequence[str]) -> dict[str, str]:
    rows = QuarterlyReport.objects.filter(pk__in=numeric(ids)).values_list("pk", "agency__name", "quarter")
    return {str(pk): f"{agency}'s Sec. 3 report for {Quarter.of(quarter)}" for pk, agency, quarter in rows}


def _status_corrected(words: Words) -> str:
    return (
        f"{words.who} changed the status of {words.thing} "
        f"from {words.before('process_status')} to {words.after('process_status')}"
    )


def _document_attached(words: Words) -> str:
    return f"{words.who} attached the document “{words.after('original_name')}” to {words.after('record')}"


def register() -> None:
    register_object("records.useofforcerecord", noun="Sec. 3 record", namer=_records)
    register_object(
        "records.recorddocument",
        noun="Sec. 3 record document",
        field_labels={"sha256": "SHA-256 digest", "size_bytes": "Size (bytes)"},
    )
    register_object("records.quarterlyreport", noun="Sec. 3 quarterly report", namer=_reports)
    register_action("sec3_record.created", label="Sec. 3 record added", sentence="{who} added {thing}")
    register_action("sec3_record.revised", label="Sec. 3 record revised", sentence="{who} revised {thing}")
    register_action(
        "sec3_record.status_corrected", label="Sec. 3 record status corrected", sentence=_status_corrected
    )
    register_action(
        "sec3_record.document_attached", label="Sec. 3 record document attached", sentence=_document_attached
    )
    register_action(
        "sec3_report.submitted", label="Sec. 3 report submitted", sentence="{who} submitted {thing}"
    )
    register_action("sec3_report.amended", label="Sec. 3 report amended", sentence="{who} amended {thing}")
