"""How the audit trail words what people do to accounts: see ``common.audit_words``."""

from collections.abc import Sequence

from common.audit_words import Words, numeric, register_action, register_object

from .models import User


def _people(ids: Sequence[str]) -> dict[str, str]:
    return {
        str(pk): f"{first} {last}".strip() or username
        for pk, first, last, username in User.objects.filter(pk__in=numeric(ids)).values_list(
            "pk", "first_name", "last_name", "username"
        )
    }


def _second_factor_reset(words: Words) -> str:
    return f"{words.who} reset the second factor of {words.thing}"


def register() -> None:
    register_object(
        "accounts.user",
        noun="Person",
        namer=_people,
        field_labels={
            "authenticator": "Authenticator app",
            "recovery_codes": "Recovery codes issued",
            "recovery_codes_left": "Recovery codes left",
            "is_active": "Can sign in",
        },
    )
    register_action("user.created", label="Person added", sentence="{who} added an account for {thing}")
    register_action(
        "user.role_changed",
        label="Role changed",
        sentence="{who} changed the role or organisation of {thing}",
    )
    register_action("user.deactivated", label="Person deactivated", sentence="{who} deactivated {thing}")
    register_action("user.reactivated", label="Person reactivated", sentence="{who} reactivated {thing}")
    register_action(
        "user.set_password_link_sent",
        label="Password link sent",
        sentence="{who} sent {thing} a link to set a password",
    )
    register_action(
        "user.password_changed", label="Own password changed", sentence="{who} changed their password"
    )
    register_action(
        "user.password_set",
        label="Password set from a link",
        sentence="{who} set their password from an e-mailed link",
    )
    register_action(
        "mfa.enrolled", label="Authenticator app enrolled", sentence="{who} enrolled an authenticator app"
    )
    register_action(
        "mfa.recovery_code_used", label="Recovery code used", sentence="{who} signed in with a recovery code"
    )
    register_action(
        "mfa.recovery_codes_regenerated",
        label="Recovery codes replaced",
        sentence="{who} replaced their recovery codes",
    )
    register_action("mfa.reset", label="Second factor reset", sentence=_second_factor_reset)
