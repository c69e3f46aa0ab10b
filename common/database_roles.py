"""Two database roles on PostgreSQL: the owner, who runs the migrations, and the runtime role the
application connects as, which reads and writes rows and nothing more.

The runtime role (the user of ``DATABASE_URL``) gets SELECT, INSERT, UPDATE and DELETE on the tables and
the use of their sequences; it owns nothing and is granted no TRUNCATE, TRIGGER or REFERENCES, and no
CREATE on the schema. So a request that went wrong (an injection, a bug) cannot TRUNCATE an append-only
table, disable its trigger (only an owner may), ALTER or DROP a table or create one; UPDATE and DELETE on
the append-only tables are refused by their triggers as before. The owner (the user of
``DATABASE_MIGRATE_URL``) runs ``migrate``; default privileges hand every table it creates to the runtime
role too. docs/operations.md, "Database roles".
"""

import re
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
SEQUENCE_PRIVILEGES = "USAGE, SELECT, UPDATE"
SCHEMA = "public"


class RoleProblem(Exception):
    """The runtime role cannot be made safe as configured (it is a superuser, the owner, or its member)."""


_ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def _quote(connection: BaseDatabaseWrapper, name: str) -> str:
    if not _ROLE_NAME.match(name):
        raise RoleProblem(f"{name!r} is not a plain role or database name (letters, digits, _).")
    return connection.ops.quote_name(name)


def ensure_runtime_role(connection: BaseDatabaseWrapper, *, role: str, password: str | None) -> bool:
    """Create ``role`` (a login role with no other power) unless it exists, and set its password when one
    is given. Run as a role that may create roles. Returns whether the role was created."""
    quoted = _quote(connection, role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        missing = cursor.fetchone() is None
        if missing:
            # Another process may make it at the same moment (roles belong to the whole server).
            cursor.execute(
                "DO $$ BEGIN CREATE ROLE "
                + quoted
                + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS; "
                "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            )
        if password:
            cursor.execute(f"ALTER ROLE {quoted} LOGIN PASSWORD %s", [password])
    return missing


def check_runtime_role(connection: BaseDatabaseWrapper, *, role: str) -> None:
    """Refuse a runtime role that could do more than rows: a superuser, the connecting owner itself, or
    a member of it (which would act with the owner's rights)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.rolsuper, r.rolbypassrls, r.rolname = current_user, pg_has_role(r.oid, current_user, "
            "'MEMBER') FROM pg_roles r WHERE r.rolname = %s",
            [role],
        )
        row = cursor.fetchone()
    if row is None:
        raise RoleProblem(f"There is no database role {role!r}.")
    superuser, bypasses_rls, is_owner, member_of_owner = row
    if superuser or bypasses_rls:
        raise RoleProblem(
            f"The runtime role {role!r} is a superuser: the application must not connect as one."
        )
    if is_owner or member_of_owner:
        raise RoleProblem(
            f"The runtime role {role!r} is the owner (or a member of it): give the application a role of its "
            "own in DATABASE_URL and the owner in DATABASE_MIGRATE_URL."
        )


def grant_runtime_privileges(connection: BaseDatabaseWrapper, *, role: str) -> None:
    """Row access on every table and sequence there is, and on those the connecting owner creates later.
    Idempotent; run as the owner after each migration."""
    check_runtime_role(connection, role=role)
    quoted = _quote(connection, role)
    schema = _quote(connection, SCHEMA)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        database = _quote(connection, cursor.fetchone()[0])
        statements = [
            f"GRANT CONNECT ON DATABASE {database} TO {quoted}",
            f"GRANT USAGE ON SCHEMA {schema} TO {quoted}",
            f"REVOKE CREATE ON SCHEMA {schema} FROM {quoted}",
            f"REVOKE TRUNCATE, TRIGGER, REFERENCES ON ALL TABLES IN SCHEMA {schema} FROM {quoted}",
            f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA {schema} TO {quoted}",
            f"GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA {schema} TO {quoted}",
            # Tables and sequences the owner (this connection's user) creates later: the same access.
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT {TABLE_PRIVILEGES} ON TABLES TO {quoted}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
            f"GRANT {SEQUENCE_PRIVILEGES} ON SEQUENCES TO {quoted}",
        ]
        for statement in statements:
            cursor.execute(statement)


def credentials_of(settings_dict: dict[str, Any]) -> tuple[str, str | None]:
    """The user and password a Django database setting connects with."""
    return str(settings_dict.get("USER") or ""), (settings_dict.get("PASSWORD") or None)
