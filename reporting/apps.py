from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Reporting to DOJ"

    def ready(self) -> None:
        from . import audit_words

        audit_words.register()
