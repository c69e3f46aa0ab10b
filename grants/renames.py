"""An agency's name, copied onto its grant applications as their programs' sort key, follows a rename."""

from .models import GrantApplicant


def rename_applicants(*, agency_id: int, name: str) -> None:
    """Called inside ``agencies.services.update_agency``'s transaction (``common.changes.agency_renamed``):
    the agency row is locked there, so no rename can interleave with this one."""
    GrantApplicant.objects.filter(agency_id=agency_id).exclude(agency_name=name).update(agency_name=name)
