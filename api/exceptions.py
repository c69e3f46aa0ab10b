"""Domain errors become JSON answers that say why, with the status their kind calls for."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from credentialing.errors import DomainError, InvalidTransition, NotAllowed, NotFound, RuleViolation

_STATUS = {
    InvalidTransition: status.HTTP_409_CONFLICT,
    RuleViolation: status.HTTP_400_BAD_REQUEST,
    NotAllowed: status.HTTP_403_FORBIDDEN,
    NotFound: status.HTTP_404_NOT_FOUND,
}


def domain_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        code = next((s for kind, s in _STATUS.items() if isinstance(exc, kind)), status.HTTP_400_BAD_REQUEST)
        body = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=code)
    return exception_handler(exc, context)
