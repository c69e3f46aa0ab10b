"""Generations: exact invalidation of cached figures across processes.

A writer calls ``bump(name)`` inside its transaction, after its other writes (the row lock is then held
only until the commit); a reader keys what it caches by ``GENERATION``, read in a query it makes anyway.
The generation and the data commit together, so a figure cached under generation g was computed from
data at least as new as g, and any later change makes g obsolete. The database holds the number: every
process reads the same one, whatever cache backend each has.
"""

from django.db import connection
from django.db.models import BigIntegerField
from django.db.models.expressions import RawSQL

from .models import Generation

_TABLE = Generation._meta.db_table

# The sum of every counter: each bump raises it, so one number stands for all of them.
GENERATION = RawSQL(  # noqa: S611 (constant text, no parameters)
    f"SELECT COALESCE(SUM(number), 0) FROM {_TABLE}",  # noqa: S608
    [],
    output_field=BigIntegerField(),
)


# What the data set generator bumps: it writes around the services, so every cached figure or fragment
# keyed by a generation must count it.
NATIONAL_DATA = "national data"


def generation_of(*names: str) -> RawSQL:
    """The sum of the named counters (and of ``NATIONAL_DATA``'s): for what depends on those data only,
    so that changes of other kinds leave it cached."""
    counted = (*names, NATIONAL_DATA)
    places = ", ".join(["%s"] * len(counted))
    return RawSQL(  # noqa: S611 (constant text, the names as parameters)
        f"SELECT COALESCE(SUM(number), 0) FROM {_TABLE} WHERE name IN ({places})",  # noqa: S608
        counted,
        output_field=BigIntegerField(),
    )


def bump(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} (name, number) VALUES (%s, 1) "  # noqa: S608
            f"ON CONFLICT (name) DO UPDATE SET number = {_TABLE}.number + 1",
            [name],
        )
