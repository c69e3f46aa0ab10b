"""The application's database role reads and writes rows and can do nothing else: no TRUNCATE of an
append-only table, no disabling of its trigger, no ALTER, DROP or CREATE. Migrations run as the owner.

The suite itself connects as the owner (postgres); these tests make the runtime role in the test database
with the same functions ``manage.py database_roles`` and ``migrate`` use, and connect as it."""

import os
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections

from common.database_roles import (
    RoleProblem,
    check_runtime_role,
    ensure_runtime_role,
    grant_runtime_privileges,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# One role per test process: processes running side by side would alter the same role at once.
ROLE = "tracker_runtime_test" + (
    f"_{os.environ['PYTEST_XDIST_WORKER']}" if "PYTEST_XDIST_WORKER" in os.environ else ""
)
PASSWORD = "runtime-role-test-password"
AGENCY = (
    "INSERT INTO agencies_agency (name, ori, ein, agency_type, state, county, city, sworn_officers, "
    "head_name, head_title, created_at) VALUES ('Runtime Role PD', 'TX0999999', '123456789', 'sheriff', "
    "'TX', '', 'Austin', 5, '', '', now()) RETURNING id"
)
AUDIT = (
    "INSERT INTO common_auditentry (at, actor_label, action, object_type, object_id, object_label, before, "
    "after, reason) VALUES (now(), '', 'test.runtime_role', 'test', '1', 'test', '{}', '{}', '') RETURNING id"
)


def _dsn(user: str, password: str | None) -> dict:
    config = connection.settings_dict
    return {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "dbname": config["NAME"],
        "user": user,
        "password": password or "",
    }


@pytest.fixture
def runtime():
    """A connection as the runtime role, made and granted by the owner on a connection of its own (the
    grants must be committed for another session to see them)."""
    owner = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        ensure_runtime_role(owner, role=ROLE, password=PASSWORD)
        grant_runtime_privileges(owner, role=ROLE)
    finally:
        owner.close()
    with psycopg.connect(**_dsn(ROLE, PASSWORD)) as conn:
        yield conn
        conn.rollback()


REFUSED = [
    "TRUNCATE common_auditentry",
    "TRUNCATE agencies_agency CASCADE",
    "ALTER TABLE common_auditentry DISABLE TRIGGER common_auditentry_append_only",
    "ALTER TABLE common_auditentry DISABLE TRIGGER ALL",
    "ALTER TABLE agencies_agency ADD COLUMN nickname text",
    "DROP TABLE agencies_agency",
    "DROP TRIGGER common_auditentry_append_only ON common_auditentry",
    "CREATE TABLE scratch (id int)",
    "SET session_replication_role = replica",
    "ALTER TABLE agencies_agency OWNER TO CURRENT_USER",
    "CREATE INDEX agency_city_idx ON agencies_agency (city)",
]


@pytest.mark.parametrize("statement", REFUSED)
def test_the_runtime_role_cannot_change_the_schema_or_empty_a_table(runtime, statement):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        runtime.execute(statement)
    runtime.rollback()


def test_the_runtime_role_reads_and_writes_rows_and_appends_to_the_audit_trail(runtime):
    agency = runtime.execute(AGENCY).fetchone()[0]
    runtime.execute("UPDATE agencies_agency SET city = 'Round Rock' WHERE id = %s", [agency])
    assert runtime.execute("SELECT city FROM agencies_agency WHERE id = %s", [agency]).fetchone() == (
        "Round Rock",
    )
    entry = runtime.execute(AUDIT).fetchone()[0]
    assert runtime.execute("SELECT action FROM common_auditentry WHERE id = %s", [entry]).fetchone() == (
        "test.runtime_role",
    )
    runtime.execute("DELETE FROM agencies_agency WHERE id = %s", [agency])
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        runtime.execute("UPDATE common_auditentry SET reason = 'rewritten' WHERE id = %s", [entry])
    runtime.rollback()


def test_a_superuser_or_the_owner_is_refused_as_the_runtime_role():
    with pytest.raises(RoleProblem, match="superuser"):
        check_runtime_role(connection, role="postgres")


def test_migrate_runs_as_the_owner_and_grants_the_runtime_role(runtime):
    runtime_url = "postgres://{user}:{password}@{host}:{port}/{dbname}".format(**_dsn(ROLE, PASSWORD))
    owner = _dsn(connection.settings_dict["USER"], connection.settings_dict["PASSWORD"])
    owner_url = "postgres://{user}:{password}@{host}:{port}/{dbname}".format(**owner)
    env = {**os.environ, "DATABASE_URL": runtime_url, "DATABASE_MIGRATE_URL": owner_url}
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"Migrations ran as the database role {owner['user']}." in done.stdout
    assert f"Row access granted to the runtime role {ROLE}." in done.stdout
    # Without the owner's URL the runtime role cannot migrate anything: its schema is not its own.
    env.pop("DATABASE_MIGRATE_URL")
    alone = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert f"Migrations ran as the database role {ROLE}." in alone.stdout, "nothing to migrate here"
