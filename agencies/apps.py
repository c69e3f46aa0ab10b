from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Law enforcement agencies"

    def ready(self) -> None:
        from . import audit_words

        audit_words.register()
