from django.apps import AppConfig


class CredentialingConfig(AppConfig):
    name = "credentialing"
    verbose_name = "Credentialing"

    def ready(self) -> None:
        from . import audit_words

        audit_words.register()
