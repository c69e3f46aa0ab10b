"""Every refusal becomes one JSON shape, ``{"detail", "code", "field"?, "errors"?}``, that says why in words.

Domain errors keep the status their kind calls for (wrong state 409, bad or missing data 400, wrong role
403, out of scope 404); DRF's own errors (validation, parse, authentication) are reshaped to match.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from common.errors import DomainError, InvalidTransition, NotAllowed, NotFound, RuleViolation

_STATUS = {
    InvalidTransition: status.HTTP_409_CONFLICT,
    RuleViolation: status.HTTP_400_BAD_REQUEST,
    NotAllowed: status.HTTP_403_FORBIDDEN,
    NotFound: status.HTTP_404_NOT_FOUND,
}


def _first_message(detail: Any) -> tuple[str, str | None]:
    """The first readable message of a (possibly nested) DRF error detail, and the field it concerns."""
    if isinstance(detail, dict):
        for field, value in detail.items():
            message, inner = _first_message(value)
            name = field if field != "non_field_errors" else None
            if inner and name:
                name = f"{name}.{inner}"
            return (f"{field}: {message}" if name else message), name or inner
        return "The request is not valid.", None
    if isinstance(detail, list):
        for item in detail:
            return _first_message(item)
        return "The request is not valid.", None
    return str(detail), None


def domain_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        code = next((s for kind, s in _STATUS.items() if isinstance(exc, kind)), status.HTTP_400_BAD_REQUEST)
        body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        message, field = _first_message(exc.detail)
        body = {"detail": message, "code": "invalid_data", "errors": exc.detail}
        if field:
            body["field"] = field
    else:
        codes = exc.get_codes()
        body = {"detail": str(exc.detail), "code": codes if isinstance(codes, str) else exc.default_code}
    response.data = body
    return response
