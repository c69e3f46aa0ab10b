"""Evidence added or removed is on the record."""

import pytest

from common.models import AuditEntry
from credentialing.services import attach_document, remove_document
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db


def test_attaching_and_removing_a_document_writes_an_entry_each(draft, staff):
    document = attach_document(
        application=draft, actor=staff, kind="accreditation", upload=pdf_upload("cert.pdf")
    )
    attached = AuditEntry.objects.get(action="evidence.attached")
    assert attached.actor == staff and attached.object_id == str(document.pk)
    assert attached.after["kind"] == "accreditation" and attached.after["sha256"] == document.sha256
    assert attached.after["application"] == draft.pk
    remove_document(document=document, actor=staff)
    removed = AuditEntry.objects.get(action="evidence.removed")
    assert removed.before["original_name"] == "cert.pdf" and removed.after == {}
    assert removed.object_label.startswith(draft.reference)
