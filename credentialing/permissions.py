"""Who may see what: object-level predicates, used by services, views, the API and templates."""

import rules

from accounts.rules import is_agency_staff, is_certifier, is_doj

from .models import CredentialApplication, CredentialingBody
from .states import ApplicationStatus


@rules.predicate
def can_view_application(user, application: CredentialApplication) -> bool:
    """The scope of ``selectors.applications_visible_to``, for one application already loaded."""
    if is_agency_staff(user):
        return application.agency_id == user.agency_id and application.status != ApplicationStatus.DELETED
    if is_certifier(user):
        # A body never sees drafts: an application reaches it only once submitted.
        return application.body_id == user.credentialing_body_id and application.submitted_at is not None
    if is_doj(user):
        # Drafts are the agency's own work: DOJ sees an application from its first submission on.
        return application.submitted_at is not None
    return False


@rules.predicate
def is_staff_of_applicant(user, application: CredentialApplication) -> bool:
    return bool(is_agency_staff(user)) and application.agency_id == user.agency_id


@rules.predicate
def is_certifier_of_body(user, body: CredentialingBody) -> bool:
    return bool(is_certifier(user)) and body.pk == user.credentialing_body_id


@rules.predicate
def can_work_on_application(user, application: CredentialApplication) -> bool:
    """Assignment and internal notes: the certifiers of the application's body, once it is submitted."""
    return (
        bool(is_certifier(user))
        and application.body_id == user.credentialing_body_id
        and application.submitted_at is not None
    )


rules.add_perm("credentialing.view_application", can_view_application)
rules.add_perm("credentialing.view_body_certification", is_doj)
