"""Loading the facts the eligibility rule reads, for one agency or for many, in a fixed number of queries."""

from collections import defaultdict
from collections.abc import Collection

from agencies.models import Agency
from credentialing.models import CredentialApplication

from .eligibility import ApplicationFacts

_FACT_FIELDS = (
    "id",
    "agency_id",
    "status",
    "body__name",
    "body__certification_status",
    "body__certification_changed_at",
    "submitted_at",
    "status_changed_at",
    "expires_on",
)


def load_facts(
    agency_ids: Collection[int] | None,
) -> tuple[dict[int, str], dict[int, list[ApplicationFacts]]]:
    """Agency types and application facts for ``agency_ids`` (every agency when None): two queries."""
    agencies = Agency.objects.all()
    applications = CredentialApplication.objects.all()
    if agency_ids is not None:
        agencies = agencies.filter(id__in=agency_ids)
        applications = applications.filter(agency_id__in=agency_ids)
    agency_types = dict(agencies.values_list("id", "agency_type"))
    facts: dict[int, list[ApplicationFacts]] = defaultdict(list)
    for (
        app_id,
        agency_id,
        status,
        body_name,
        body_status,
        body_changed_at,
        submitted_at,
        status_changed_at,
        expires_on,
    ) in applications.values_list(*_FACT_FIELDS).iterator(chunk_size=5000):
        facts[agency_id].append(
            ApplicationFacts(
                id=app_id,
                status=status,
                body_name=body_name,
                body_status=body_status,
                body_status_changed_at=body_changed_at,
                submitted_at=submitted_at,
                status_changed_at=status_changed_at,
                expires_on=expires_on,
            )
        )
    return agency_types, facts
