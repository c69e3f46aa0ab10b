"""Domain errors: a refused action raises one of these and changes nothing.

Each kind says what went wrong in words a person can act on; the API maps the kind to a status code
(wrong state 409, missing or bad data 400, wrong role 403, out of scope 404).
"""


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidTransition(DomainError):
    """The object's current state does not allow the action."""

    code = "invalid_state"


class NotAllowed(DomainError):
    """The actor's role or organisation does not allow the action."""

    code = "not_allowed"


class NotFound(DomainError):
    """The object is outside what the actor may see."""

    code = "not_found"


class RuleViolation(DomainError):
    """The data does not satisfy a rule (missing evidence, uncertified body, bad date...)."""

    code = "invalid_data"
