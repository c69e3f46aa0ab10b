"""Evidence on both backends: written through the service, read back only through the app's scope check."""

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from credentialing import services
from tests.factories import PDF_BYTES, AgencyStaffFactory, pdf_upload
from tests.mfa import pass_second_factor

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    pass_second_factor(client, user)
    return client


def download(client: Client, document):
    return client.get(reverse("document_download", args=[document.pk]))


def test_upload_then_download_streams_the_same_bytes_to_allowed_people_only(
    evidence_backend, draft, staff, certifier
):
    document = services.attach_document(
        application=draft, actor=staff, kind="accreditation", upload=pdf_upload("accreditation.pdf")
    )
    assert default_storage.exists(document.file.name)

    response = download(signed_in(staff), document)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"

    # The same scope checks as ever, whichever backend holds the bytes: a draft is the agency's own.
    assert download(signed_in(certifier), document).status_code == 404
    stranger = AgencyStaffFactory(username="stranger")
    assert download(signed_in(stranger), document).status_code == 404


def test_a_document_whose_object_is_gone_is_a_404_not_an_error(evidence_backend, draft, staff):
    document = services.attach_document(
        application=draft, actor=staff, kind="other", upload=pdf_upload("other.pdf")
    )
    default_storage.delete(document.file.name)
    assert download(signed_in(staff), document).status_code == 404


def test_removing_a_document_deletes_its_object_once_committed(
    evidence_backend, draft, staff, django_capture_on_commit_callbacks
):
    document = services.attach_document(
        application=draft, actor=staff, kind="other", upload=pdf_upload("other.pdf")
    )
    name = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_document(document=document, actor=staff)
    assert not default_storage.exists(name)


def test_objects_in_the_bucket_are_private_encrypted_and_never_linked(s3_bucket, local_s3, draft, staff):
    document = services.attach_document(
        application=draft, actor=staff, kind="accreditation", upload=pdf_upload("accreditation.pdf")
    )
    client = local_s3.client()
    grants = client.get_object_acl(Bucket=s3_bucket, Key=document.file.name)["Grants"]
    grantees = {grant["Grantee"].get("URI") for grant in grants} - {None}
    assert grantees == set(), "no grant to AllUsers or AuthenticatedUsers"
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only
    head = client.head_object(Bucket=s3_bucket, Key=document.file.name)
    assert head["ServerSideEncryption"] == "AES256"

    # The application's page links to the app's download view, never to the bucket.
    page = signed_in(staff).get(reverse("application_detail", args=[draft.pk]))
    assert page.status_code == 200
    assert local_s3.endpoint_url.encode() not in page.content
    assert s3_bucket.encode() not in page.content
    assert reverse("document_download", args=[document.pk]).encode() in page.content


def test_two_uploads_of_the_same_name_never_overwrite_each_other(s3_bucket, draft, staff):
    first = services.attach_document(
        application=draft, actor=staff, kind="other", upload=pdf_upload("same.pdf")
    )
    second = services.attach_document(
        application=draft, actor=staff, kind="other", upload=pdf_upload("same.pdf")
    )
    assert first.file.name != second.file.name
    assert default_storage.exists(first.file.name) and default_storage.exists(second.file.name)
