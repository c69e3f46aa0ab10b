"""'Something an agency's eligibility depends on has changed': raised below the grants app, answered by it.

The apps that hold the facts (agencies, credentialing) must not import the app that draws conclusions
from them (grants). They announce the change here, inside their own transaction; grants registers the
handler that writes the outbox row in that same transaction and enqueues the recompute on commit.
An announcement with no handler registered is a configuration error, never silently dropped.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured

AgencyHandler = Callable[..., None]
BodyHandler = Callable[..., None]

_handlers: dict[str, Callable[..., None]] = {}


def register(*, agencies: AgencyHandler, body: BodyHandler, renamed: Callable[..., None]) -> None:
    _handlers["agencies"] = agencies
    _handlers["body"] = body
    _handlers["renamed"] = renamed


def _handler(kind: str) -> Callable[..., None]:
    try:
        return _handlers[kind]
    except KeyError:
        raise ImproperlyConfigured(
            "No eligibility recompute handler is registered: is the grants app installed?"
        ) from None


# A data-modifying SQL statement (an UPDATE or INSERT without RETURNING) and its parameters.
Write = tuple[str, Sequence[Any]]


def agencies_changed(*, agency_ids: Iterable[int], writes: Sequence[Write] = ()) -> None:
    """The facts of these agencies changed (an application's state, the agency's type...).

    ``writes`` are the caller's own writes of the change: the handler runs them in the same statement
    as the outbox row where the database allows it (PostgreSQL), one after the other elsewhere.
    """
    _handler("agencies")(agency_ids=agency_ids, writes=writes)


def body_certification_changed(*, body_id: int) -> None:
    """A body's AG certification changed: every agency with an application to it is affected (the
    handler selects them itself, set-wise: a national body has tens of thousands)."""
    _handler("body")(body_id=body_id, agency_ids=None)


def many_agencies_changed(*, body_id: int, agency_ids: Iterable[int]) -> None:
    """Many agencies of one body changed at once (a body's list committed): one set-wise recompute of the
    body's agencies instead of a task per agency."""
    _handler("body")(body_id=body_id, agency_ids=agency_ids)


def agency_renamed(*, agency_id: int, name: str) -> None:
    """An agency's name changed: the rows that keep a copy of it as a sort key follow, in the caller's
    transaction (no flag depends on a name, so nothing is recomputed)."""
    _handler("renamed")(agency_id=agency_id, name=name)
