"""A small world with something of the caller's own and something of another's for every kind of object."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from credentialing.models import CertificationStatus, CredentialingBody, Finding, Standard, StandardKind
from credentialing.states import ApplicationStatus
from grants.services import recompute_all_eligibility
from reporting.models import AnnualReport, BulkList
from reporting.schedule import current_report_year
from reporting.services import upload_list
from tests.factories import (
    AgencyFactory,
    AgencyStaffFactory,
    ApplicationFactory,
    BodyFactory,
    DocumentFactory,
    GrantApplicantFactory,
    NotificationFactory,
    ProgramFactory,
    RecordFactory,
    sec4_program,
)

ROLES = ("staff", "certifier", "admin", "officer")


def list_upload(ori: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = f"ORI,determination date\r\n{ori},{timezone.localdate().isoformat()}\r\n".encode()
    return SimpleUploadedFile("list.csv", content, content_type="text/csv")


def token_client(user) -> APIClient:
    client = APIClient()
    _, key = AuthToken.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def meet_mandatory(application, certifier) -> None:
    for standard in Standard.objects.filter(kind=StandardKind.MANDATORY):
        Finding.objects.create(
            application=application, standard=standard, outcome="met", recorded_by=certifier
        )


def ready_draft(agency, body, staff):
    draft = ApplicationFactory(agency=agency, body=body, created_by=staff, status=ApplicationStatus.DRAFT)
    DocumentFactory(application=draft, kind="use_of_force_policy", uploaded_by=staff)
    DocumentFactory(application=draft, kind="signed_declaration", uploaded_by=staff)
    return draft


@dataclass
class World:
    users: dict[str, Any]
    # kind -> (own, other): "own" is the staff's agency's / the certifier's body's; "other" is neither.
    objects: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def client(self, role: str | None) -> APIClient:
        return APIClient() if role is None else token_client(self.users[role])


@pytest.fixture
def world(agency, body, staff, certifier, doj_admin, grant_officer) -> World:
    second_body = BodyFactory(name="Second National Board")
    new_body = BodyFactory(name="Third National Board")
    other_agency = AgencyFactory(state="TX", name="Other County Police")
    other_body = BodyFactory(
        name="Texas Suspended Board", states_served=["TX"], certification_status=CertificationStatus.SUSPENDED
    )
    newcomer = AgencyFactory(state="NY", name="Newcomer Police")

    review = ApplicationFactory(agency=agency, body=body, created_by=staff, under_review=True)
    meet_mandatory(review, certifier)
    review_doc = DocumentFactory(application=review, uploaded_by=staff)
    other_review = ApplicationFactory(agency=other_agency, body=other_body, under_review=True)
    meet_mandatory(other_review, certifier)
    other_review_doc = DocumentFactory(application=other_review)

    draft = ready_draft(agency, second_body, staff)
    other_draft = ApplicationFactory(agency=other_agency, body=second_body, status=ApplicationStatus.DRAFT)
    other_draft_doc = DocumentFactory(application=other_draft, kind="signed_declaration")

    approved = ApplicationFactory(agency=agency, body=body, created_by=staff, approved=True)
    other_approved = ApplicationFactory(agency=other_agency, body=other_body, approved=True)

    program = ProgramFactory(name="Community Policing Development")
    formula = ProgramFactory(formula=True)
    GrantApplicantFactory(program=program, agency=agency)
    GrantApplicantFactory(program=program, agency=other_agency)
    recompute_all_eligibility()

    standards = list(Standard.objects.order_by("position")[:2])
    listed = AgencyFactory(state="NY", name="Listed Police")
    own_list = upload_list(
        body=body, actor=certifier, file=list_upload(listed.ori), filename="list.csv"
    ).bulk_list
    other_list = BulkList.objects.create(
        body=other_body,
        name="other",
        file="lists/other.csv",
        original_name="other.csv",
        content_type="text/csv",
        size_bytes=1,
        sha256="0" * 64,
        uploaded_by=certifier,
    )
    # Both bodies certified three years ago: each owes the last years' annual reports; each sent one.
    CredentialingBody.objects.filter(pk__in=[body.pk, other_body.pk]).update(
        certified_on=timezone.localdate() - timedelta(days=3 * 366)
    )
    reports = [
        AnnualReport.objects.create(
            body=b, year=current_report_year() - 2, as_of=timezone.localdate(), submitted_by=certifier
        )
        for b in (body, other_body)
    ]
    return World(
        users={"staff": staff, "certifier": certifier, "admin": doj_admin, "officer": grant_officer},
        objects={
            "review": (review, other_review),
            "draft": (draft, other_draft),
            "approved": (approved, other_approved),
            "agency": (agency, other_agency),
            "body": (body, other_body),
            "standard": (standards[0], standards[1]),
            # A discretionary principle in force, and a Sec. 2(c) minimum.
            "catalogue": (Standard.objects.get(code="duty-to-intervene"), standards[0]),
            "program": (program, formula),
            "bulk_list": (own_list, other_list),
            "annual_report": (reports[0], reports[1]),
            "review_document": (review_doc, other_review_doc),
            "draft_document": (draft.documents.first(), other_draft_doc),
            # Another person, and the DOJ administrator's own account (nobody changes their own).
            "person": (certifier, doj_admin),
            "unknown": ("applications/0.5/", "no/such/endpoint/"),
            "notification": (
                NotificationFactory(recipient=staff),
                NotificationFactory(recipient=AgencyStaffFactory(agency=other_agency)),
            ),
            "sec3_record": (
                RecordFactory(agency=agency, created_by=staff),
                RecordFactory(agency=other_agency),
            ),
            "sec4_program": (
                sec4_program(actor=staff),
                sec4_program(agency=other_agency, model="homelessness_outreach"),
            ),
            "token": (
                AuthToken.objects.create(user=staff)[0],
                AuthToken.objects.create(user=AgencyStaffFactory(agency=other_agency))[0],
            ),
        },
        extra={"new_body": new_body, "newcomer": newcomer},
    )
