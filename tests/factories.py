"""Factories with traits: ``ApplicationFactory(approved=True)``, ``BodyFactory(revoked=True)``..."""

from datetime import date, timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Role, User
from agencies.models import Agency, AgencyType
from credentialing.dates import add_months
from credentialing.models import (
    CertificationStatus,
    CredentialApplication,
    CredentialingBody,
    EvidenceDocument,
    EvidenceKind,
)
from credentialing.states import ApplicationStatus
from grants.models import GrantApplicant, GrantProgram, ProgramKind
from notifications.kinds import Kind
from notifications.models import Notification
from records.models import ProcessStatus, RecordKind, UseOfForceRecord
from records.names import normalise_name

# The smallest well-formed PDF that `filetype` recognises by its bytes.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "policy.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    state = "CA"
    ori = factory.LazyAttributeSequence(lambda o, n: f"{o.state}{n:05d}00")
    ein = factory.Sequence(lambda n: f"95{n:07d}")
    name = factory.Sequence(lambda n: f"Testville {n} Police Department")
    agency_type = AgencyType.LOCAL_POLICE
    city = "Testville"
    county = "Test County"
    sworn_officers = 25
    head_name = "Pat Example"
    head_title = "Chief of Police"

    class Params:
        tribal = factory.Trait(
            agency_type=AgencyType.TRIBAL, name=factory.Sequence(lambda n: f"Tribal Police {n}")
        )
        sheriff = factory.Trait(agency_type=AgencyType.SHERIFF, head_title="Sheriff")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CredentialingBody

    name = factory.Sequence(lambda n: f"Example Accreditation Commission {n}")
    abbreviation = factory.Sequence(lambda n: f"EAC{n}")
    states_served: list[str] = []
    agency_types_served: list[str] = []
    credential_term_months = 36
    certification_status = CertificationStatus.CERTIFIED
    certified_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=400))
    certification_changed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=400))

    class Params:
        pending = factory.Trait(certification_status=CertificationStatus.PENDING, certified_on=None)
        suspended = factory.Trait(certification_status=CertificationStatus.SUSPENDED)
        revoked = factory.Trait(certification_status=CertificationStatus.REVOKED)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov")
    role = Role.GRANT_OFFICER
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-1")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AgencyStaffFactory(UserFactory):
    role = Role.AGENCY_STAFF
    agency = factory.SubFactory(AgencyFactory)


class CertifierFactory(UserFactory):
    role = Role.CERTIFIER
    credentialing_body = factory.SubFactory(BodyFactory)


class DojAdministratorFactory(UserFactory):
    role = Role.DOJ_ADMINISTRATOR
    is_staff = True


class GrantOfficerFactory(UserFactory):
    role = Role.GRANT_OFFICER


def _days_ago(days: int):
    return factory.LazyFunction(lambda: timezone.now() - timedelta(days=days))


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application placed directly in a state (for rules and lists); workflows go through services."""

    class Meta:
        model = CredentialApplication

    agency = factory.SubFactory(AgencyFactory)
    body = factory.SubFactory(BodyFactory)
    created_by = factory.SubFactory(AgencyStaffFactory, agency=factory.SelfAttribute("..agency"))
    status = ApplicationStatus.DRAFT
    attests_legal_compliance = True
    attests_chokehold_prohibition = True
    status_changed_at = _days_ago(1)

    class Params:
        submitted = factory.Trait(status=ApplicationStatus.SUBMITTED, submitted_at=_days_ago(10))
        under_review = factory.Trait(status=ApplicationStatus.UNDER_REVIEW, submitted_at=_days_ago(10))
        returned = factory.Trait(status=ApplicationStatus.RETURNED, submitted_at=_days_ago(10))
        denied = factory.Trait(status=ApplicationStatus.DENIED, submitted_at=_days_ago(10))
        withdrawn = factory.Trait(status=ApplicationStatus.WITHDRAWN, submitted_at=_days_ago(10))
        deleted = factory.Trait(status=ApplicationStatus.DELETED)
        approved = factory.Trait(
            status=ApplicationStatus.APPROVED,
            submitted_at=_days_ago(40),
            determination_date=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30)),
            expires_on=factory.LazyAttribute(lambda o: add_months(o.determination_date, 36)),
        )
        approved_but_lapsed = factory.Trait(
            status=ApplicationStatus.APPROVED,
            submitted_at=_days_ago(1200),
            determination_date=factory.LazyFunction(lambda: add_months(timezone.localdate(), -37)),
            expires_on=factory.LazyAttribute(lambda o: add_months(o.determination_date, 36)),
        )
        expired = factory.Trait(
            status=ApplicationStatus.EXPIRED,
            submitted_at=_days_ago(1200),
            determination_date=factory.LazyFunction(lambda: add_months(timezone.localdate(), -37)),
            expires_on=factory.LazyAttribute(lambda o: add_months(o.determination_date, 36)),
        )
        revoked = factory.Trait(
            status=ApplicationStatus.REVOKED,
            submitted_at=_days_ago(400),
            determination_date=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=300)),
            expires_on=factory.LazyAttribute(lambda o: add_months(o.determination_date, 36)),
        )


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceDocument

    application = factory.SubFactory(ApplicationFactory)
    kind = EvidenceKind.USE_OF_FORCE_POLICY
    file = factory.LazyFunction(lambda: pdf_upload())
    original_name = "policy.pdf"
    content_type = "application/pdf"
    size_bytes = len(PDF_BYTES)
    sha256 = "0" * 64
    uploaded_by = factory.SelfAttribute("application.created_by")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantProgram

    name = factory.Sequence(lambda n: f"Community Policing Development {n}")
    fiscal_year = 2027
    kind = ProgramKind.DISCRETIONARY
    application_deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))

    class Params:
        formula = factory.Trait(kind=ProgramKind.FORMULA, name=factory.Sequence(lambda n: f"Byrne JAG {n}"))


class GrantApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantApplicant

    program = factory.SubFactory(ProgramFactory)
    agency = factory.SubFactory(AgencyFactory)
    agency_name = factory.SelfAttribute("agency.name")
    amount_requested = 250000


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(AgencyStaffFactory)
    kind = Kind.APPROVED
    key = factory.Sequence(lambda n: f"test:{n}")
    subject = "Application APP-000001 approved"
    what_happened = "The body approved the application."
    why = "Both minimum standards were found met."
    next_step = "Nothing to do now."
    link_path = "/"
    link_label = "Open the tracker"


class RecordFactory(factory.django.DjangoModelFactory):
    """A Sec. 3 record written directly (no revision row): for lists, checks and figures."""

    class Meta:
        model = UseOfForceRecord

    agency = factory.SubFactory(AgencyFactory)
    officer_name = factory.Sequence(lambda n: f"Officer Number{n} Example")
    officer_name_key = factory.LazyAttribute(lambda o: normalise_name(o.officer_name))
    date_of_birth = date(1980, 5, 17)
    certificate_number = ""
    kind = RecordKind.TERMINATION
    action_date = date(2025, 2, 10)
    process_status = ProcessStatus.FINAL
    created_by = factory.SubFactory(AgencyStaffFactory, agency=factory.SelfAttribute("..agency"))


def sec4_terms(**overrides):
    """A co-responder team's terms as the Sec. 4 services take them."""
    terms = {
        "model": "co_responder",
        "partners": [{"name": "Riverbend Community Mental Health", "kind": "mental_health_provider"}],
        "started_on": date(2024, 3, 4),
        "hours_per_week": 60,
        "jurisdiction_share": 80,
        "officers_trained_share": 64,
        "training_name": "Crisis Intervention Team (CIT) 40-hour course",
        "training_date": date(2024, 2, 12),
    }
    return {**terms, **overrides}


def sec4_program(*, actor=None, agency=None, **overrides):
    """A Sec. 4 program recorded through the service (so it has its first version and audit row)."""
    from community.services import create_program

    if actor is None:
        actor = AgencyStaffFactory(agency=agency) if agency is not None else AgencyStaffFactory()
    return create_program(actor=actor, agency=actor.agency, **sec4_terms(**overrides))
