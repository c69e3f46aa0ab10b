"""A change's request id travels into the Celery tasks it enqueues, and each task leaves one log line.

The id rides in the message's headers (``request_id``); the worker binds it while the task runs, so
whatever the task logs, writes (a notification keeps it) or enqueues in turn carries the same id. Inline
(eager) tasks run in the caller's context and keep its id without any of this.
"""

import logging
import time
from typing import Any

from celery import signals

from .request_context import _request_id, current_request_id, new_request_id

logger = logging.getLogger("tracker.task")

HEADER = "request_id"
_started: dict[str, tuple[float, Any]] = {}


@signals.before_task_publish.connect
def _send_request_id(headers: dict[str, Any] | None = None, **_: Any) -> None:
    request_id = current_request_id()
    if headers is not None and request_id and HEADER not in headers:
        headers[HEADER] = request_id


@signals.task_prerun.connect
def _bind_request_id(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    if task is None or task_id is None or task.request.is_eager:
        return
    # A periodic task (beat) has no request behind it: it gets an id of its own.
    token = _request_id.set(task.request.get(HEADER) or new_request_id())
    _started[task_id] = (time.monotonic(), token)


@signals.task_postrun.connect
def _log_task(task_id: str | None = None, task: Any = None, state: str | None = None, **_: Any) -> None:
    started = _started.pop(task_id or "", None)
    if task is None or started is None:
        return
    begun, token = started
    try:
        logger.info(
            "task %s",
            state,
            extra={
                "task": task.name,
                "task_id": task_id,
                "state": state,
                "duration_ms": round((time.monotonic() - begun) * 1000, 1),
            },
        )
    finally:
        _request_id.reset(token)
