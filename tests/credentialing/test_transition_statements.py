"""A transition costs a fixed, small number of SQL statements on PostgreSQL: the locked, scoped read
and one statement that updates the row, appends the log row and writes the outbox row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from credentialing import services
from credentialing.models import CredentialApplication, TransitionLog
from credentialing.states import ApplicationStatus as S
from grants.models import RecomputeRequest
from tests.api.conftest import token_client
from tests.factories import ApplicationFactory, CertifierFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

API_STATEMENTS = 4


def statements(queries: CaptureQueriesContext) -> list[str]:
    """What the database executes, leaving out the savepoints the test's own transaction adds."""
    return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


def test_a_transition_is_two_statements():
    application = ApplicationFactory(submitted=True)
    certifier = CertifierFactory(credentialing_body=application.body)
    with CaptureQueriesContext(connection) as queries:
        services.start_review(application=application, actor=certifier)
    sql = statements(queries)
    assert len(sql) == 2, sql
    # The row only, and FOR NO KEY UPDATE: a running recompute's foreign-key checks must not wait for it.
    assert sql[0].startswith("SELECT") and sql[0].endswith(
        'FOR NO KEY UPDATE OF "credentialing_credentialapplication"'
    )
    assert sql[1].startswith("WITH") and "ON CONFLICT (agency_id) DO UPDATE" in sql[1]
    row = CredentialApplication.objects.get(pk=application.pk)
    assert row.status == S.UNDER_REVIEW and row.updated_at > application.updated_at
    log = TransitionLog.objects.get(application=application, action="start_review")
    assert (log.actor, log.from_status, log.to_status, log.at) == (
        certifier,
        S.SUBMITTED,
        S.UNDER_REVIEW,
        row.status_changed_at,
    )
    assert RecomputeRequest.objects.filter(agency=application.agency).count() == 1


def test_a_second_change_joins_the_pending_recompute():
    application = ApplicationFactory(submitted=True)
    certifier = CertifierFactory(credentialing_body=application.body)
    services.start_review(application=application, actor=certifier)
    first = RecomputeRequest.objects.get(agency=application.agency)
    with CaptureQueriesContext(connection) as queries:
        services.return_application(application=application, actor=certifier, note="Which policy applies?")
    assert len([s for s in statements(queries) if "grants_recomputerequest" in s]) == 1
    assert list(RecomputeRequest.objects.filter(agency=application.agency)) == [first]
    assert RecomputeRequest.objects.get().requested_at == first.requested_at  # the oldest counts


def test_an_api_transition_statement_count():
    application = ApplicationFactory(submitted=True)
    certifier = CertifierFactory(credentialing_body=application.body)
    client = token_client(certifier)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/api/v1/applications/{application.pk}/start_review/", {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == S.UNDER_REVIEW
    sql = statements(queries)
    print(f"\nPOST start_review: {len(sql)} statements")
    # Authentication (the token, then the user's expired tokens), the locked and scoped read, the one
    # write. The view no longer reads the row before the service (the service scopes it) nor after it (the
    # service returns it as written), nor the certifier's body (the scope is by its key): 7 before, and 9
    # with the separate UPDATE, log INSERT and outbox INSERT.
    assert len(sql) == API_STATEMENTS, sql
    # The answer is the application as a fresh read shows it.
    assert response.json() == client.get(f"/api/v1/applications/{application.pk}/").json()
