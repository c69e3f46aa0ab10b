"""Property-based fuzzing of the whole API from its OpenAPI schema, as every role (schemathesis).

Requests go to Django's WSGI application in-process, against the test database holding a small world of
objects of every kind. Each operation is fuzzed with generated path parameters (mostly unknown ids),
with the ids of real objects, and with invalid data. No response may be a 5xx, and every one must
conform to the schema: documented status code, content type and body.
"""

import json
from collections import Counter
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from knox.models import AuthToken
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import ROLES, World

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
GENERATED_EXAMPLES = 3
REAL_ID_EXAMPLES = 2
# Invalid data (wrong types, out-of-range numbers, ids that are not numbers): refused, never a 5xx.
NEGATIVE_EXAMPLES = 2


@contextmanager
def _keep_the_test_connection():
    # Like Django's test client: a request must not close the connection holding the test transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _real_path_parameters(path: str, world: World) -> list[dict]:
    """Path parameters naming objects that exist, for the operation at ``path``."""
    review, draft, approved = (world.objects[k][0] for k in ("review", "draft", "approved"))
    resource = path.split("/")[3]
    if "/documents/{id}" in path:
        document = world.objects["review_document"][0]
        return [{"application_pk": document.application_id, "id": document.pk}]
    if "{application_pk}" in path:
        return [{"application_pk": app.pk} for app in (review, draft)]
    if "{program_pk}" in path:
        return [{"program_pk": program.pk} for program in world.objects["program"]]
    if "{agency_pk}" in path:
        return [{"agency_pk": agency.pk} for agency in world.objects["agency"]]
    if "{body_pk}" in path:
        return [{"body_pk": r.body_id, "year": r.year} for r in world.objects["annual_report"]]
    if "{code}" in path:
        return [{"code": standard.code} for standard in world.objects["standard"]]
    if "{id}" not in path:
        return []
    objects = {
        "applications": (review, draft, approved),
        "agencies": world.objects["agency"],
        "bodies": world.objects["body"],
        "programs": world.objects["program"],
        "users": world.objects["person"],
        "bulk-lists": world.objects["bulk_list"],
        "notifications": world.objects["notification"],
        "sec3": world.objects["sec3_record"],  # /sec3/records/{id}/: the only Sec. 3 path with an id
        "sec4": world.objects["sec4_program"],  # /sec4/programs/{id}/...
    }[resource]
    return [{"id": obj.pk} for obj in objects]


def _fuzz(strategy, examples: int, app, headers: dict, tally: Counter) -> None:
    @hypothesis_settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        response = case.call(app=app, headers=headers)
        tally[f"{response.status_code // 100}xx"] += 1
        tally["cases"] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()


@pytest.mark.timeout(600)
def test_api_conforms_to_its_schema_for_every_role(world, capsys):
    document = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(document, default=str)))
    operations = [result.ok() for result in schema.get_all_operations()]
    app = WSGIHandler()
    tally: Counter = Counter()
    with _keep_the_test_connection():
        for role in ROLES:
            _, key = AuthToken.objects.create(user=world.users[role])
            headers = {"Authorization": f"Token {key}"}
            for operation in operations:
                _fuzz(operation.as_strategy(), GENERATED_EXAMPLES, app, headers, tally)
                negative = operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
                try:
                    _fuzz(negative, NEGATIVE_EXAMPLES, app, headers, tally)
                except Unsatisfiable:
                    tally["without invalid variants"] += 1  # nothing to get wrong (GET /me/, say)
                for parameters in _real_path_parameters(operation.path, world):
                    strategy = operation.as_strategy(path_parameters=parameters)
                    _fuzz(strategy, REAL_ID_EXAMPLES, app, headers, tally)
    with capsys.disabled():
        print(
            f"\nschemathesis: {len(operations)} operations x {len(ROLES)} roles, {tally['cases']} cases "
            f"({', '.join(f'{k}: {v}' for k, v in sorted(tally.items()) if k != 'cases')}), no failures"
        )
    assert tally["cases"] >= 300
    assert tally["5xx"] == 0
    assert tally["2xx"] > 0
