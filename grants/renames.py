"""An agency's name, copied onto its grant applications as their programs' sort key, follows a rename."""

from collections.abc import Iterable

from agencies.models import Agency

from .models import GrantApplicant


def names_held(agency_ids: Iterable[int]) -> dict[int, str]:
    """The agencies' names as they stand, for rows about to be added, each agency's row held until the
    caller's transaction ends (FOR NO KEY UPDATE, in id order, as a rename holds it): a rename either
    committed first, and its name is read here, or waits, and then renames the rows added here too."""
    rows = Agency.objects.filter(pk__in=list(agency_ids)).order_by("pk").select_for_update(no_key=True)
    return dict(rows.values_list("pk", "name"))


def rename_applicants(*, agency_id: int, name: str) -> None:
    """Called inside ``agencies.services.update_agency``'s transaction (``common.changes.agency_renamed``),
    the agency's row held there."""
    GrantApplicant.objects.filter(agency_id=agency_id).exclude(agency_name=name).update(agency_name=name)
