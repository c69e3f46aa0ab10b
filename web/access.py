"""Who may open which page: one table from every URL name of the web interface to the roles allowed.

Views declare their URL name with ``@page("name")``; a role missing from the row gets a 404, as if the
page did not exist. Tests walk this table, and fail when a URL name of ``web/urls.py`` is missing here.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from accounts.models import Role

STAFF = Role.AGENCY_STAFF
CERTIFIER = Role.CERTIFIER
ADMIN = Role.DOJ_ADMINISTRATOR
OFFICER = Role.GRANT_OFFICER
EVERYONE = frozenset(Role.values)
PUBLIC: frozenset[str] = frozenset()  # reachable without signing in

URL_ACCESS: dict[str, frozenset[str]] = {
    "login": PUBLIC,
    "about": PUBLIC,
    "accessibility": PUBLIC,
    "figures": PUBLIC,
    "figures_csv": PUBLIC,
    "figures_json": PUBLIC,
    # Sec. 3: agency staff their own agency's; DOJ administrators read every record and the check log
    "sec3_records": frozenset({STAFF, ADMIN}),
    "sec3_record": frozenset({STAFF, ADMIN}),
    "sec3_record_document": frozenset({STAFF, ADMIN}),
    "sec3_record_revise": frozenset({STAFF}),
    "sec3_record_attach": frozenset({STAFF}),
    "sec3_record_correct": frozenset({ADMIN}),
    "sec3_reports": frozenset({STAFF}),
    "sec3_report_amend": frozenset({STAFF}),
    "hiring_check": frozenset({STAFF}),
    "check_log": frozenset({ADMIN}),
    # Sec. 4: agency staff keep their own agency's programs; both DOJ roles read every agency's
    "sec4_programs": frozenset({STAFF, ADMIN, OFFICER}),
    "sec4_program": frozenset({STAFF, ADMIN, OFFICER}),
    "sec4_program_create": frozenset({STAFF}),
    "sec4_program_edit": frozenset({STAFF}),
    "sec4_figures_file": frozenset({STAFF}),
    "public_summary": PUBLIC,
    "public_data_dictionary": PUBLIC,
    "public_summary_csv": PUBLIC,
    "public_summary_json": PUBLIC,
    "public_state": PUBLIC,
    "public_state_csv": PUBLIC,
    "public_state_json": PUBLIC,
    "logout": PUBLIC,
    # everyone's own password (the change pages require sign-in themselves)
    "password_change": EVERYONE,
    "password_change_done": EVERYONE,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    "home": EVERYONE,
    # the second sign-in step (web.middleware keeps the rest closed until it is passed)
    "mfa_verify": EVERYONE,
    "mfa_enrol": EVERYONE,
    "mfa_account": EVERYONE,
    "mfa_recovery_codes": EVERYONE,
    # everyone's notifications; the signed unsubscribe link needs no sign-in
    "notification_list": EVERYONE,
    "notification_preferences": EVERYONE,
    "notification_unsubscribe": PUBLIC,
    "notification_delivery": frozenset({ADMIN}),
    # agency staff
    "agency_dashboard": frozenset({STAFF}),
    "application_create": frozenset({STAFF}),
    "application_edit": frozenset({STAFF}),
    "application_evidence": frozenset({STAFF}),
    "application_attestations": frozenset({STAFF}),
    "application_review": frozenset({STAFF}),
    "document_upload": frozenset({STAFF}),
    # shared, scoped by the selectors
    "application_detail": EVERYONE,
    "application_action": frozenset({STAFF, CERTIFIER}),
    "document_download": EVERYONE,
    # certifiers
    "review_queue": frozenset({CERTIFIER}),
    "application_assign": frozenset({CERTIFIER}),
    "application_note": frozenset({CERTIFIER}),
    "finding_record": frozenset({CERTIFIER}),
    "findings_record": frozenset({CERTIFIER}),
    # DOJ credentialing administrators
    "body_list": frozenset({ADMIN}),
    "body_detail": frozenset({ADMIN}),
    "body_certification": frozenset({ADMIN}),
    "body_create": frozenset({ADMIN}),
    "body_edit": frozenset({ADMIN}),
    "standard_list": frozenset({ADMIN}),
    "standard_create": frozenset({ADMIN}),
    "standard_edit": frozenset({ADMIN}),
    "standard_change": frozenset({ADMIN}),
    "audit_list": frozenset({ADMIN}),
    "audit_csv": frozenset({ADMIN}),
    "agency_create": frozenset({ADMIN}),
    "agency_edit": frozenset({ADMIN}),
    "person_list": frozenset({ADMIN}),
    "person_create": frozenset({ADMIN}),
    "person_detail": frozenset({ADMIN}),
    "person_role": frozenset({ADMIN}),
    "person_access": frozenset({ADMIN}),
    "person_send_link": frozenset({ADMIN}),
    # both DOJ roles see every agency read-only
    "agency_list": frozenset({ADMIN, OFFICER}),
    "agency_detail": frozenset({ADMIN, OFFICER}),
    "eligibility_list": frozenset({ADMIN, OFFICER}),
    "national_overview": frozenset({ADMIN, OFFICER}),
    "eligibility_csv": frozenset({ADMIN, OFFICER}),
    "eligibility_xlsx": frozenset({ADMIN, OFFICER}),
    # DOJ grant officers
    "program_list": frozenset({OFFICER}),
    "program_create": frozenset({OFFICER}),
    "program_edit": frozenset({OFFICER}),
    "program_applicants": frozenset({OFFICER}),
    "program_dashboard": frozenset({OFFICER}),
    "program_applicants_csv": frozenset({OFFICER}),
    "program_applicants_xlsx": frozenset({OFFICER}),
    "applicant_add": frozenset({OFFICER}),
    "applicant_import": frozenset({OFFICER}),
    "applicant_import_template": frozenset({OFFICER}),
    # the reporting loop
    "bulk_lists": frozenset({CERTIFIER}),
    "bulk_list_detail": frozenset({CERTIFIER}),
    "bulk_list_rows_csv": frozenset({CERTIFIER}),
    "bulk_list_template": frozenset({CERTIFIER}),
    "annual_reports": frozenset({CERTIFIER}),
    "annual_report_detail": frozenset({CERTIFIER}),
    "annual_report_overview": frozenset({ADMIN}),
    "annual_report_overview_download": frozenset({ADMIN}),
    "annual_report_download": frozenset({CERTIFIER, ADMIN}),
    "repository": frozenset({ADMIN, OFFICER}),
    "repository_export": frozenset({ADMIN, OFFICER}),
}

View = Callable[..., HttpResponseBase]


def page(url_name: str) -> Callable[[View], View]:
    """Sign-in required, and only the roles of ``URL_ACCESS[url_name]``; anyone else gets a 404."""
    roles = URL_ACCESS[url_name]

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if getattr(request.user, "role", None) not in roles:
                raise Http404("No such page.")
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorate
