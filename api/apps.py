from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "REST API"

    def ready(self) -> None:
        from . import audit_words, signals  # noqa: F401  (connects the token revocation on credential changes)

        audit_words.register()
