"""Every write of the API refuses a field it does not take with a 400 naming it, and changes nothing.

The routes come from the URL conf (``api_endpoints``, as the permission matrix enumerates them), so a write
added later is covered without a line here; each is called by a role the matrix says may reach it, with
the matrix's own valid data plus one field nobody defined.
"""

import importlib
import pkgutil

import pytest
from django.db import transaction
from rest_framework import serializers
from rest_framework.test import APIClient

import api
import api.views
from api import strict
from common.models import AuditEntry

from .test_permission_matrix import MATRIX, _url, api_endpoints

pytestmark = pytest.mark.django_db

WRITES = ("post", "put", "patch")
REACHED = (200, 201, 204, 400, 409)  # the view ran: the role may call it on this object


def _writes() -> list[tuple[str, str]]:
    return sorted(
        (name, method) for name, method in api_endpoints() if method in WRITES and name != "unknown"
    )


def test_the_writes_are_found_from_the_url_conf():
    writes = _writes()
    assert len(writes) >= 40, writes
    assert ("standard-detail", "patch") in writes and ("program-detail", "patch") in writes


@pytest.mark.parametrize(("name", "method"), _writes(), ids=lambda v: str(v))
def test_an_unknown_field_is_refused_naming_it(world, name, method):
    row = MATRIX[(name, method)]
    role = next((r for r, (own, _) in row.expect.items() if own in REACHED), None)
    obj = world.objects[row.kind][0] if row.kind else None
    if role is not None:
        client = world.client(role)
    else:
        # A write no token may make (issuing a token): a signed-in session of agency staff.
        client = APIClient()
        client.force_login(world.users["staff"])
    data = dict(row.data(world, obj)) if row.data else {}
    data["zz_colour"] = "red"
    audit_rows = AuditEntry.objects.count()
    with transaction.atomic():
        url = _url(name, row.kind, obj)
        if row.multipart:
            response = client.post(url, data)
        else:
            response = getattr(client, method)(url, data, format="json")
        transaction.set_rollback(True)
    assert response.status_code == 400, (response.status_code, getattr(response, "data", None))
    body = response.json()
    assert "zz_colour" in body["errors"], body
    assert body["field"] == "zz_colour" and "Unknown field" in body["detail"]
    assert AuditEntry.objects.count() == audit_rows


def test_a_read_only_field_is_refused_too(world):
    draft = world.objects["draft"][0]
    client = world.client("staff")
    response = client.patch(f"/api/v1/applications/{draft.pk}/", {"status": "approved"}, format="json")
    assert response.status_code == 400
    assert "status" in response.json()["errors"], response.json()


def _serializers(module) -> list[type]:
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, serializers.BaseSerializer)
        and value.__module__ == module.__name__
    ]


def test_every_serializer_of_the_api_refuses_unknown_fields():
    modules = [
        importlib.import_module(f"{package.__name__}.{m.name}")
        for package in (api, api.views)
        for m in pkgutil.iter_modules(package.__path__)
    ]
    classes = [c for m in modules for c in _serializers(m)]
    assert len(classes) > 40
    loose = [c.__qualname__ for c in classes if not issubclass(c, strict.RefuseUnknownFields)]
    assert loose == [], "serializers that would drop unknown fields silently"
