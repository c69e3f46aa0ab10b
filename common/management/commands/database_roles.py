"""``manage.py database_roles``: make the role the application connects as (the user and password of
DATABASE_URL) and grant it row access, connected as the owner (DATABASE_MIGRATE_URL).

Run once when a database is set up (bin/setup does when DATABASE_MIGRATE_URL is set; compose.yaml's and
manifest.yml's migration steps do too), before or after ``migrate``: it is idempotent.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from common.database_roles import RoleProblem, credentials_of, ensure_runtime_role, grant_runtime_privileges

from .migrate import as_owner


class Command(BaseCommand):
    help = "Creates the runtime database role of DATABASE_URL and grants it row access, as the owner."

    def handle(self, *args, **options) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor != "postgresql":
            self.stdout.write("Not PostgreSQL: the embedded database has no roles. Nothing to do.")
            return
        if settings.DATABASE_MIGRATE is None:
            raise CommandError(
                "Set DATABASE_MIGRATE_URL to the owner's URL (DATABASE_URL is the runtime role's) first."
            )
        role, password = credentials_of(connection.settings_dict)
        with as_owner(connection):
            try:
                created = ensure_runtime_role(connection, role=role, password=password)
                grant_runtime_privileges(connection, role=role)
            except RoleProblem as problem:
                raise CommandError(str(problem)) from None
        self.stdout.write(
            f"{'Created' if created else 'Kept'} the runtime role {role}; row access granted, nothing more."
        )
