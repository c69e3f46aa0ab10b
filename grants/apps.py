from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "Grants and eligibility"

    def ready(self) -> None:
        from common import changes

        from . import audit_words
        from .outbox import request_body_recompute, request_recompute
        from .renames import rename_applicants

        changes.register(agencies=request_recompute, body=request_body_recompute, renamed=rename_applicants)
        audit_words.register()
