"""The Sec. 4 priority of a program's applicants, read beside eligibility and never changing it.

The rule is ``community.priority.priority`` (stated on the program's page as ``RULE``). Here it is put
to the lists: ``annotate_sec4`` adds ``sec4_met`` to rows (the rule as one SQL semi-join: filters,
sorts and counts), and ``answers_for`` / ``with_answers`` explain a page of rows or a download's rows in
words with one query per page or per chunk, now or as it stood at the end of a past day.
"""

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from community.priority import Priority, priority
from community.selectors import active_program_exists, program_facts

NOT_NAMED = "the program does not name Sec. 4 as a priority"


def day_of(as_of: datetime | None) -> date:
    return timezone.localdate(as_of) if as_of else timezone.localdate()


def annotate_sec4(
    rows: QuerySet, *, as_of: datetime | None = None, agency_ref: str = "agency_id"
) -> QuerySet:
    """``sec4_met``: whether the row's agency met the Sec. 4 rule now, or at the end of ``as_of``'s day as
    then on record."""
    if "sec4_met" in rows.query.annotations:
        return rows
    agencies = rows.order_by().values(agency_ref) if as_of is not None else None
    return rows.annotate(
        sec4_met=active_program_exists(
            day=day_of(as_of), moment=as_of, agency_ref=agency_ref, agencies=agencies
        )
    )


def answers_for(agency_ids: Iterable[int], *, as_of: datetime | None = None) -> dict[int, Priority]:
    """The rule's answer in words for each of these agencies: one query."""
    ids = list(agency_ids)
    facts = program_facts(ids, moment=as_of)
    day = day_of(as_of)
    return {agency_id: priority(facts.get(agency_id, []), day) for agency_id in ids}


def with_answers(rows: Iterable[Any], *, as_of: datetime | None = None, chunk: int = 2000) -> Iterator[Any]:
    """Rows (model instances with ``agency_id``) each given ``sec4`` (a ``Priority``), a chunk at a time:
    one query per chunk, for downloads of any length."""
    iterator = iter(rows)
    while batch := list(islice(iterator, chunk)):
        answers = answers_for({row.agency_id for row in batch}, as_of=as_of)
        for row in batch:
            row.sec4 = answers[row.agency_id]
            yield row
