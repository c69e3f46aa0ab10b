"""The one-click unsubscribe link: who and which kind, signed so that nobody can forge another's."""

from django.core import signing

from .kinds import Kind

_SALT = "notifications.unsubscribe"


class BadLink(Exception):
    """The link was altered, or names something that cannot be turned off."""


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=_SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, Kind]:
    try:
        data = signing.loads(token, salt=_SALT)
        return int(data["u"]), Kind(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise BadLink("This unsubscribe link is not valid: it may have been altered or cut short.") from None
