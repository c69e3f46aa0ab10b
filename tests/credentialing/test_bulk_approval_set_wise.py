"""Approving a body's list writes each new application's findings, their first revisions, the list as
evidence and the log row in one statement on PostgreSQL: the very rows the ORM path writes elsewhere."""

from datetime import date

import pytest
from django.utils import timezone

from credentialing.models import EvidenceDocument, Finding, FindingRevision, TransitionLog
from credentialing.services.bulk_approval import _write_records, _write_records_set_wise
from tests.factories import AgencyFactory, ApplicationFactory, BodyFactory, CertifierFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _written(application) -> tuple:
    findings = sorted(
        Finding.objects.filter(application=application).values_list(
            "standard_id", "outcome", "note", "recorded_by_id", "recorded_at"
        )
    )
    revisions = sorted(
        FindingRevision.objects.filter(finding__application=application).values_list(
            "finding__standard_id", "number", "outcome", "note", "recorded_by_id", "recorded_at"
        )
    )
    documents = list(
        EvidenceDocument.objects.filter(application=application).values_list(
            "kind",
            "file",
            "original_name",
            "content_type",
            "size_bytes",
            "sha256",
            "uploaded_by_id",
            "uploaded_at",
        )
    )
    logs = list(
        TransitionLog.objects.filter(application=application).values_list(
            "actor_id", "action", "from_status", "to_status", "note", "at"
        )
    )
    return findings, revisions, documents, logs


def test_the_set_wise_rows_are_the_orm_rows():
    body = BodyFactory()
    certifier = CertifierFactory(credentialing_body=body)
    days = [date(2025, 6, 30), date(2026, 1, 2)]
    now = timezone.now()
    evidence = ("lists/1/abc.csv", "national.csv", "text/csv", 1234, "f" * 64)
    written = {}
    for write in (_write_records, _write_records_set_wise):
        applications = [
            ApplicationFactory(agency=AgencyFactory(), body=body, determination_date=day) for day in days
        ]
        write(applications, actor=certifier, mark="From list National", evidence=evidence, now=now)
        written[write] = [_written(application) for application in applications]
    orm, set_wise = written[_write_records], written[_write_records_set_wise]
    assert set_wise == orm
    findings, revisions, documents, logs = set_wise[0]
    assert findings and len(revisions) == len(findings) and len(documents) == len(logs) == 1
    assert findings[0][2] == "Determined met on June 30, 2025; from list national."
    assert logs[0][4].endswith("based on this body's determination of June 30, 2025.")
