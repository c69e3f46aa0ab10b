"""Reads of the credentialing app, scoped by role: what is outside a user's scope does not exist."""

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import User
from accounts.rules import is_agency_staff, is_certifier, is_doj
from agencies.models import Agency
from common.generations import generation_of

from .models import (
    BodyCertificationEvent,
    CertificationStatus,
    CredentialApplication,
    CredentialingBody,
    EvidenceDocument,
    Finding,
    FindingRevision,
    Standard,
    StandardKind,
    TransitionLog,
)
from .states import ApplicationStatus


def applications_visible_to(user: User) -> QuerySet[CredentialApplication]:
    """The same scope as ``permissions.can_view_application``, as a query. By the user's key columns:
    filtering by ``user.agency`` or ``user.credentialing_body`` would first read that row."""
    base = CredentialApplication.objects.select_related("agency", "body")
    if is_agency_staff(user):
        if user.agency_id is None:
            return base.none()
        # A deleted draft is gone for everyone (only the transition log and the audit trail keep it).
        return base.filter(agency_id=user.agency_id).exclude(status=ApplicationStatus.DELETED)
    if is_certifier(user):
        if user.credentialing_body_id is None:
            return base.none()
        return base.filter(body_id=user.credentialing_body_id, submitted_at__isnull=False)
    if is_doj(user):
        # Drafts are the agency's own work: DOJ sees an application from its first submission on.
        return base.filter(submitted_at__isnull=False)
    return base.none()


def agencies_visible_to(user: User) -> QuerySet[Agency]:
    """DOJ staff see every agency; an agency's staff their own; a certifier the agencies that have
    submitted an application to its body."""
    agencies = Agency.objects.all()
    if is_agency_staff(user):
        return agencies.filter(staff=user)
    if is_certifier(user):
        return agencies.filter(pk__in=applications_visible_to(user).values("agency_id"))
    if is_doj(user):
        return agencies
    return agencies.none()


def application_detail(user: User, pk: int) -> CredentialApplication:
    """One application with its documents, findings and timeline; DoesNotExist when out of scope."""
    return (
        applications_visible_to(user)
        .prefetch_related(
            Prefetch("documents", queryset=EvidenceDocument.objects.select_related("uploaded_by")),
            Prefetch(
                "findings",
                queryset=Finding.objects.select_related("standard", "recorded_by").prefetch_related(
                    Prefetch("revisions", queryset=FindingRevision.objects.select_related("recorded_by"))
                ),
            ),
            Prefetch("transitions", queryset=TransitionLog.objects.select_related("actor")),
        )
        .get(pk=pk)
    )


# Bumped by ``services.registry`` with every body created or changed.
BODIES_GENERATION = "credentialing bodies"
# What the choices of the filter forms' body field come from.
CHOICES_GENERATION = generation_of(BODIES_GENERATION)


def body_choices() -> tuple[list[tuple[int, str]], int | None]:
    """Every body as a filter form offers it, ``(id, name)`` by name, and the generation of the bodies read
    in the same query (None when there is none): a form rendered from these choices may be kept under
    that generation."""
    rows = list(
        CredentialingBody.objects.order_by("name", "id")
        .annotate(generation=CHOICES_GENERATION)
        .values_list("pk", "name", "generation")
    )
    return [(pk, name) for pk, name, _ in rows], (rows[0][2] if rows else None)


def bodies_accepting(agency: Agency) -> list[CredentialingBody]:
    """Certified bodies that serve the agency's state and type (tens of rows: filtered in Python)."""
    certified = CredentialingBody.objects.filter(certification_status=CertificationStatus.CERTIFIED)
    return [body for body in certified if body.serves(agency)]


def bodies_with_dependents() -> QuerySet[CredentialingBody]:
    """Bodies with the number of agencies that have an application with each (what a change affects)."""
    return CredentialingBody.objects.annotate(
        dependent_agencies=Count("applications__agency", distinct=True),
        active_applications=Count(
            "applications",
            filter=Q(
                applications__status__in=[
                    ApplicationStatus.SUBMITTED,
                    ApplicationStatus.UNDER_REVIEW,
                    ApplicationStatus.RETURNED,
                    ApplicationStatus.APPROVED,
                ]
            ),
        ),
    )


def agencies_depending_on_body(body_id: int) -> list[int]:
    """The distinct agencies with an application to the body: whose flag its certification can change."""
    # order_by() clears the model's default ordering, which would otherwise join SELECT DISTINCT and
    # count an agency once per application.
    return list(
        CredentialApplication.objects.filter(body_id=body_id)
        .order_by()
        .values_list("agency_id", flat=True)
        .distinct()
    )


def principles_reviewed_by(body: CredentialingBody) -> list[Standard]:
    """The principles the body reviews: the Sec. 2(c) minimums always, then its discretionary ones in
    force (one query)."""
    return list(
        Standard.objects.filter(retired_at__isnull=True).filter(
            Q(kind=StandardKind.MANDATORY) | Q(reviewing_bodies=body)
        )
    )


def certification_history(body: CredentialingBody) -> QuerySet[BodyCertificationEvent]:
    """The body's changes of AG certification, newest first, with who made each."""
    return body.certification_events.select_related("actor").order_by("-at", "-id")
