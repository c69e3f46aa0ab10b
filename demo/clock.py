"""The demo's clock: its history is made through the real services, at past moments.

Each step of the demo runs with the process's clock moved to the step's moment: time-machine moves
``datetime.now``, ``date.today`` and ``time.time`` for the whole process, so ``timezone.now()`` in every
service, model default and task sees the step's moment. This is the one place the demo bends time; no
row is back-dated by hand (the audit trail and the logs are append-only, and would refuse it anyway).
Background work (eligibility recomputes, notifications, e-mail) runs inline during the load, inside its
step's moment, as a worker would have run it then.
"""

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import time_machine
from celery import current_app
from django.utils import timezone


@dataclass(order=True)
class Step:
    at: datetime
    sequence: int  # steps at the same moment run in the order they were scheduled
    label: str = field(compare=False)
    run: Callable[[], object] = field(compare=False)


class Timeline:
    """Steps scheduled at past moments by the demo's sections, then run in time order."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.steps: list[Step] = []
        self._sequence = itertools.count()

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def on(
        self, day: date, label: str, run: Callable[[], object], *, hour: int = 10, minute: int = 0
    ) -> None:
        """Run ``run`` at ``hour:minute`` on ``day`` (a moment not yet past is moved to just before now)."""
        at = timezone.make_aware(datetime.combine(day, time(hour, minute)))
        at = min(at, self.now - timedelta(minutes=1))
        self.steps.append(Step(at, next(self._sequence), label, run))

    def ago(
        self, days: int, label: str, run: Callable[[], object], *, hour: int = 10, minute: int = 0
    ) -> None:
        self.on(self.days_ago(days), label, run, hour=hour, minute=minute)

    def run(self) -> None:
        """Every step in time order, each at its moment; the clock never runs backwards between steps."""
        last = None
        with _background_work_inline():
            for step in sorted(self.steps):
                at = step.at if last is None or step.at > last else last + timedelta(seconds=1)
                with time_machine.travel(at, tick=True):
                    step.run()
                    last = timezone.now()


@contextmanager
def _background_work_inline() -> Iterator[None]:
    """Tasks run in the step that enqueued them, at its moment, whether or not a broker is configured."""
    conf = current_app.conf
    before = (conf.task_always_eager, conf.task_eager_propagates)
    conf.task_always_eager = conf.task_eager_propagates = True
    try:
        yield
    finally:
        conf.task_always_eager, conf.task_eager_propagates = before
