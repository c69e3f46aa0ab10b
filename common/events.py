"""Things that happened, announced inside the transaction that made them happen.

The apps that change the facts (credentialing, grants) must not import the apps that tell people about
them (notifications, above them in the layers). They announce here; subscribers registered at start-up
write their own rows (an outbox) in the same transaction, so an announcement commits or rolls back with
the change itself. An event nobody subscribed to is simply not acted on.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# Event names, with the keyword arguments each one carries.
APPLICATION_TRANSITION = "application.transition"  # application, action, previous, note, actor
CREDENTIALS_EXPIRED = "credentials.expired"  # application_ids
BODY_CERTIFICATION_CHANGED = "body.certification_changed"  # body, previous, note
ELIGIBILITY_CHANGED = "eligibility.changed"  # changes: list of (agency_id, eligible, reason)

_subscribers: dict[str, list[Callable[..., None]]] = defaultdict(list)
_silenced: ContextVar[bool] = ContextVar("events_silenced", default=False)


def subscribe(event: str, handler: Callable[..., None]) -> None:
    if handler not in _subscribers[event]:
        _subscribers[event].append(handler)


def announce(event: str, **payload: object) -> None:
    if _silenced.get():
        return
    for handler in _subscribers.get(event, ()):
        handler(**payload)


@contextmanager
def silenced() -> Iterator[None]:
    """Nothing announced inside reaches a subscriber: for loading a data set in bulk, whose first flags
    are not news to anyone (a generated national data set would otherwise e-mail every agency)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)
