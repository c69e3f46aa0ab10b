from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Shared foundations"

    def ready(self) -> None:
        # Connects the Celery signals that carry the request id into tasks and log each task once.
        from . import task_context  # noqa: F401
