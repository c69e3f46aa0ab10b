"""How the audit trail words API tokens: see ``common.audit_words``."""

from collections.abc import Sequence

from common.audit_words import Words, register_action, register_object


def _no_lookup(ids: Sequence[str]) -> dict[str, str]:
    # A token is kept by its key's prefix, not its primary key, and is gone once revoked: the entry's own
    # label ("API token abc… of dana") already says which.
    return {}


def _token(verb: str, preposition: str):
    def sentence(words: Words) -> str:
        return f"{words.who} {verb} an API token {preposition} {words.after('user')}"

    return sentence


def register() -> None:
    register_object(
        "knox.authtoken",
        noun="API token",
        namer=_no_lookup,
        field_labels={"prefix": "Key begins", "expiry": "Expires"},
    )
    register_action("token.issued", label="API token issued", sentence=_token("issued", "for"))
    register_action("token.revoked", label="API token revoked", sentence=_token("revoked", "of"))
