from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Sec. 4 co-responder and community-support programs"

    def ready(self) -> None:
        from . import audit_words

        audit_words.register()
