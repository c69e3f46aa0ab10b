from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "Grants and eligibility"

    def ready(self) -> None:
        from common import changes

        from . import audit_words
        from .outbox import request_body_recompute, request_recompute

        changes.register(agencies=request_recompute, body=request_body_recompute)
        audit_words.register()
