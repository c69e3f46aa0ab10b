"""The Celery application: tasks are autodiscovered from each app's ``tasks.py``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("tracker")
# Shared tasks resolve to the current app, which is per thread: without a default, a request served on
# another thread (runserver, threaded gunicorn workers) would send its tasks through a blank app.
app.set_default()
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
