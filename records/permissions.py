"""Who may do what with Sec. 3 records: one vocabulary for pages, the API and templates."""

import rules
from django.db.models import QuerySet

from accounts.rules import is_agency_staff, is_doj_administrator, is_grant_officer, is_staff_of

# An agency's staff keep their own agency's records, reports and checks.
can_keep_records = is_staff_of
# DOJ credentialing administrators read everything, correct a record's status, read the check log.
can_read_all_records = is_doj_administrator
can_correct_status = is_doj_administrator
can_read_check_log = is_doj_administrator
# Grant officers see whether applicants report, never the records.
can_see_reporting_status = is_agency_staff | is_doj_administrator | is_grant_officer

rules.add_perm("records.keep", can_keep_records)
rules.add_perm("records.read_all", can_read_all_records)
rules.add_perm("records.correct_status", can_correct_status)
rules.add_perm("records.read_check_log", can_read_check_log)


def scope_to(user, rows: QuerySet, *, agency_field: str = "agency") -> QuerySet:
    """Rows of the user's own agency for agency staff, every row for DOJ administrators, else none."""
    if is_doj_administrator(user):
        return rows
    if is_agency_staff(user) and getattr(user, "agency_id", None):
        return rows.filter(**{f"{agency_field}_id": user.agency_id})
    return rows.none()
