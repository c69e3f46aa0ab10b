"""One application's whole journey: how many e-mails each step sends and to whom (printed, and held)."""

import pytest

from credentialing import services
from tests.factories import AgencyStaffFactory, ApplicationFactory, CertifierFactory

from ..api.conftest import meet_mandatory
from .helpers import received

pytestmark = pytest.mark.django_db


def test_each_step_tells_the_expected_people(
    smtp_server, commit_hooks, draft, staff, certifier, doj_admin, capsys
):
    second_staff = AgencyStaffFactory(agency=draft.agency)
    second_certifier = CertifierFactory(credentialing_body=draft.body)
    dependant = AgencyStaffFactory()
    ApplicationFactory(agency=dependant.agency, body=draft.body, created_by=dependant, submitted=True)
    staff_emails = {staff.email, second_staff.email}
    certifier_emails = {certifier.email, second_certifier.email}
    steps = [
        (
            "submit",
            lambda: services.submit_application(application=draft, actor=staff),
            certifier_emails | staff_emails,
        ),
        ("start review", lambda: services.start_review(application=draft, actor=certifier), set()),
        (
            "return",
            lambda: services.return_application(application=draft, actor=certifier, note="Sign page 2."),
            staff_emails,
        ),
        (
            "answer the return",
            lambda: services.submit_application(application=draft, actor=staff),
            certifier_emails,
        ),
        ("start review", lambda: services.start_review(application=draft, actor=certifier), set()),
        (
            "approve",
            lambda: (
                meet_mandatory(draft, certifier),
                services.approve_application(application=draft, actor=certifier),
            ),
            staff_emails,
        ),
        (
            "suspend the body",
            lambda: services.suspend_body(body=draft.body, actor=doj_admin, note="Audit."),
            certifier_emails | staff_emails | {dependant.email},
        ),
        (
            "reinstate the body",
            lambda: services.reinstate_body(body=draft.body, actor=doj_admin, note="Audit passed."),
            certifier_emails | staff_emails | {dependant.email},
        ),
        (
            "revoke the credential",
            lambda: services.revoke_credential(application=draft, actor=certifier, note="Policy rescinded."),
            staff_emails,
        ),
    ]
    lines = []
    for name, step, expected in steps:
        smtp_server.messages.clear()
        with commit_hooks():
            step()
        got = received(smtp_server)
        assert {address for address, _ in got} == expected, name
        assert set(got.values()) <= {1}, name
        lines.append(f"{name}: {len(smtp_server.messages)} e-mails: " + "; ".join(sorted(s for _, s in got)))
    with capsys.disabled():
        print("\n" + "\n".join(lines))
