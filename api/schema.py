"""The OpenAPI schema: every operation declares the error answers it can give, in the one error shape."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import serializers

from .strict import StrictSerializer

ERROR_DESCRIPTIONS = {
    "400": "The request data is not valid; `detail` says why and `field` names the culprit.",
    "401": "No valid credentials (a session cookie or `Authorization: Token <key>`).",
    "403": "The caller's role does not allow this action.",
    "404": "No such object within what the caller may see.",
    "409": "The object's current state does not allow this action; nothing changed.",
}
READ_ONLY_ERRORS = ("400", "401", "403", "404")
WRITE_ERRORS = ("400", "401", "403", "404", "409")


class ErrorSerializer(StrictSerializer):
    detail = serializers.CharField(help_text="What went wrong, in words a person can act on.")
    code = serializers.CharField(help_text="A stable machine-readable code.")
    field = serializers.CharField(required=False, help_text="The input field at fault, when there is one.")
    errors = serializers.JSONField(  # type: ignore[assignment]
        required=False, help_text="Every validation message, by field."
    )


# Object ids are positive database keys; saying so keeps generated requests meaningful.
MAX_ID = 2**31 - 1


class TrackerAutoSchema(AutoSchema):
    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if schema.get("type") == "integer":
                parameter["schema"] = {**schema, "minimum": 1, "maximum": MAX_ID}
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction=direction)
        if direction != "response":
            return responses
        wanted = READ_ONLY_ERRORS if self.method == "GET" else WRITE_ERRORS
        for code in wanted:
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """``Authorization: Token <key>``, the key a user issues at ``/api/v1/tokens/``."""

    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.authenticate_header(None)
        )
