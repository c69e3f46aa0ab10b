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


@signals.setup_logging.connect
def _django_logging(**_: object) -> None:
    """Workers and beat log through the project's LOGGING (JSON lines in production), not Celery's own
    format: a task's lines then carry the request id of the change that enqueued it."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
