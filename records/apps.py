from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "Sec. 3 use-of-force records"

    def ready(self) -> None:
        from . import audit_words

        audit_words.register()
