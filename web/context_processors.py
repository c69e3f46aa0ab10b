"""What every page's header needs: the signed-in user's role, organisation and navigation."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from accounts.mfa.selectors import step_owed

from .access import ADMIN, CERTIFIER, OFFICER, STAFF

NAVIGATION: dict[str, list[tuple[str, str]]] = {
    STAFF: [("Dashboard", "agency_dashboard"), ("New application", "application_create")],
    CERTIFIER: [
        ("Review queue", "review_queue"),
        ("Bulk lists", "bulk_lists"),
        ("Annual reports", "annual_reports"),
    ],
    ADMIN: [
        ("Credentialing bodies", "body_list"),
        ("Standards", "standard_list"),
        ("Agency registry", "agency_list"),
        ("Eligibility", "eligibility_list"),
        ("Annual reports", "annual_report_overview"),
        ("National repository", "repository"),
        ("Overview", "national_overview"),
        ("People", "person_list"),
        ("Audit trail", "audit_list"),
    ],
    OFFICER: [
        ("Grant programs", "program_list"),
        ("Agencies", "agency_list"),
        ("Eligibility", "eligibility_list"),
        ("National repository", "repository"),
        ("Overview", "national_overview"),
    ],
}
SECOND_STEP_PAGES = {"mfa_verify", "mfa_enrol"}
# Pages that belong under a navigation item.
SECTIONS = {
    "application_detail": {STAFF: "agency_dashboard", CERTIFIER: "review_queue"},
    "application_edit": {STAFF: "agency_dashboard"},
    "application_evidence": {STAFF: "agency_dashboard"},
    "application_attestations": {STAFF: "agency_dashboard"},
    "application_review": {STAFF: "agency_dashboard"},
    "application_action": {STAFF: "agency_dashboard", CERTIFIER: "review_queue"},
    "application_assign": {CERTIFIER: "review_queue"},
    "application_note": {CERTIFIER: "review_queue"},
    "body_detail": {ADMIN: "body_list"},
    "body_certification": {ADMIN: "body_list"},
    "body_create": {ADMIN: "body_list"},
    "body_edit": {ADMIN: "body_list"},
    "standard_create": {ADMIN: "standard_list"},
    "standard_edit": {ADMIN: "standard_list"},
    "standard_change": {ADMIN: "standard_list"},
    "agency_create": {ADMIN: "agency_list"},
    "agency_edit": {ADMIN: "agency_list"},
    "agency_detail": {ADMIN: "agency_list", OFFICER: "agency_list"},
    "person_create": {ADMIN: "person_list"},
    "notification_delivery": {ADMIN: "person_list"},
    "person_detail": {ADMIN: "person_list"},
    "person_role": {ADMIN: "person_list"},
    "person_access": {ADMIN: "person_list"},
    "person_send_link": {ADMIN: "person_list"},
    "program_create": {OFFICER: "program_list"},
    "program_edit": {OFFICER: "program_list"},
    "program_applicants": {OFFICER: "program_list"},
    "program_dashboard": {OFFICER: "program_list"},
    "applicant_add": {OFFICER: "program_list"},
    "applicant_import": {OFFICER: "program_list"},
    "bulk_list_detail": {CERTIFIER: "bulk_lists"},
    "annual_report_detail": {CERTIFIER: "annual_reports"},
}


def navigation(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    role = getattr(user, "role", None)
    if role is None:
        return {}
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    if current in SECOND_STEP_PAGES and not user.is_verified() and step_owed(user) is not None:
        return {}  # nothing else opens before the second sign-in step
    section = SECTIONS.get(current or "", {}).get(role, current)
    items = [
        {"label": label, "url": reverse(name), "current": name == section}
        for label, name in NAVIGATION.get(role, [])
    ]
    return {"nav_items": items}
