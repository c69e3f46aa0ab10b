"""``manage.py migrate`` as the tables' owner (DATABASE_MIGRATE_URL), then row access for the runtime role.

Django's own command, with the default database's user and password swapped for the owner's for its
duration when DATABASE_MIGRATE_URL is set; the database's name stays the connection's (the test runner's
database during tests). Afterwards the role the application connects as (DATABASE_URL) is granted row
access on whatever the migrations created (common/database_roles.py).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from common.database_roles import RoleProblem, credentials_of, grant_runtime_privileges

SWAPPED = ("USER", "PASSWORD", "HOST", "PORT")


@contextmanager
def as_owner(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """The connection, for the duration, with the owner's credentials of DATABASE_MIGRATE_URL."""
    owner = settings.DATABASE_MIGRATE
    if owner is None:
        yield
        return
    runtime = {key: connection.settings_dict.get(key) for key in SWAPPED}
    connection.close()
    connection.settings_dict.update({key: owner.get(key) for key in SWAPPED})
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(runtime)


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " As the owner of DATABASE_MIGRATE_URL when it is set."

    def handle(self, *args, **options):
        alias = options["database"]
        connection = connections[alias]
        if alias != DEFAULT_DB_ALIAS or connection.vendor != "postgresql":
            return super().handle(*args, **options)
        runtime_user, _ = credentials_of(connection.settings_dict)
        with as_owner(connection):
            super().handle(*args, **options)
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_user")
                owner = cursor.fetchone()[0]
            if options["verbosity"] >= 1:
                self.stdout.write(f"Migrations ran as the database role {owner}.")
            if settings.DATABASE_MIGRATE is not None and runtime_user and runtime_user != owner:
                try:
                    grant_runtime_privileges(connection, role=runtime_user)
                except RoleProblem as problem:
                    raise CommandError(str(problem)) from None
                if options["verbosity"] >= 1:
                    self.stdout.write(f"Row access granted to the runtime role {runtime_user}.")
        return None
