"""The Celery application: tasks are autodiscovered from each app's ``tasks.py``."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("tracker")
# Shared tasks resolve to the current app, which is per thread: without a default, a request served on
# another thread (runserver, threaded gunicorn workers) would send its tasks through a blank app.
app.set_default()
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# celery-redbeat looks its settings up by their bare names, which the CELERY_ namespace hides from it.
for _key in ("redbeat_redis_url", "redbeat_key_prefix", "redbeat_lock_timeout", "redbeat_redis_options"):
    if app.conf.get(_key) is not None:
        app.conf[_key] = app.conf.get(_key)


@signals.task_prerun.connect
@signals.task_postrun.connect
def _close_old_connections(sender=None, **_: object) -> None:
    """Between a worker's tasks, what Django does between requests: a connection older than CONN_MAX_AGE,
    or left unusable by an error, is closed; the others serve the next task (CELERY_DB_REUSE_MAX). A task
    run inline is part of its caller's request or transaction: nothing to close there."""
    if sender is None or getattr(sender.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()


@signals.setup_logging.connect
def _django_logging(**_: object) -> None:
    """Workers and beat log through the project's LOGGING (JSON lines in production), not Celery's own
    format: a task's lines then carry the request id of the change that enqueued it."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
