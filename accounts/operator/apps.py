from django.apps import AppConfig


class OperatorCommandsConfig(AppConfig):
    """Only management commands: an app of its own so that it can come before ``django.contrib.auth``
    in INSTALLED_APPS (the first app with a command of a name wins) while ``accounts`` keeps its place,
    after the apps whose admin registrations it withdraws."""

    name = "accounts.operator"
    label = "accounts_operator"
    verbose_name = "Operator commands"
