"""Who may do what with Sec. 4 programs: one vocabulary for pages, the API and templates."""

import rules
from django.db.models import QuerySet

from accounts.rules import is_agency_staff, is_doj, is_staff_of

# An agency's staff keep their own agency's programs and figures.
can_keep_programs = is_staff_of
# Both DOJ roles read every agency's (grant officers weigh them as a priority).
can_read_all_programs = is_doj
# Who may open the Sec. 4 pages and endpoints at all; to anyone else they do not exist.
can_see_programs = is_agency_staff | is_doj

rules.add_perm("community.keep", can_keep_programs)
rules.add_perm("community.read_all", can_read_all_programs)


def scope_to(user, rows: QuerySet, *, agency_field: str = "agency") -> QuerySet:
    """Rows of the user's own agency for agency staff, every row for DOJ staff, else none."""
    if is_doj(user):
        return rows
    if is_agency_staff(user) and getattr(user, "agency_id", None):
        return rows.filter(**{f"{agency_field}_id": user.agency_id})
    return rows.none()
