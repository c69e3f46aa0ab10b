"""How the audit trail words a person's e-mail choices: see ``common.audit_words``."""

from typing import Any

from common.audit_words import extend_object, register_action

from .kinds import Kind


def _kinds(value: Any) -> str:
    labels = dict(Kind.choices)
    if not value:
        return "none"
    return "; ".join(str(labels.get(kind, kind)) for kind in value)


def register() -> None:
    extend_object(
        "accounts.user", field_labels={"emails_off": "E-mails turned off"}, value_words={"emails_off": _kinds}
    )
    register_action(
        "notifications.preferences_changed",
        label="E-mail choices changed",
        sentence="{who} changed their e-mail choices",
    )
    register_action(
        "notifications.unsubscribed",
        label="Unsubscribed by link",
        sentence="{thing} turned off an e-mail through its unsubscribe link",
    )
