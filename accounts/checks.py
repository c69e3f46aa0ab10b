"""A misspelt role in ``MFA_REQUIRED_ROLES`` would quietly drop the second factor for that role."""

from django.conf import settings
from django.core.checks import Error, register

from .models import Role


@register()
def second_factor_roles(app_configs, **kwargs) -> list[Error]:
    unknown = sorted(set(settings.MFA_REQUIRED_ROLES) - set(Role.values))
    if not unknown:
        return []
    return [
        Error(
            f"MFA_REQUIRED_ROLES names unknown roles: {', '.join(unknown)}.",
            hint=f"Use some of: {', '.join(Role.values)}.",
            id="accounts.E001",
        )
    ]
