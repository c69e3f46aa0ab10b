"""The replica router: which reads go to the replica, which stay on the primary, and read-your-writes."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import router, transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from accounts.models import User
from agencies.models import Agency
from common.replica import (
    PIN_COOKIE,
    REPLICA,
    ReadYourWritesMiddleware,
    ReplicaRouter,
    primary_pinned,
    reads_from_replica,
    replica_view,
)
from credentialing.models import CredentialApplication
from grants.models import GrantApplicant

ROUTER = ReplicaRouter()


def test_without_a_replica_url_every_read_goes_to_default():
    """The suite runs without DATABASE_REPLICA_URL: the router is not installed, nothing changes."""
    with reads_from_replica():
        assert router.db_for_read(Agency) == "default"
        assert router.db_for_read(GrantApplicant) == "default"


def test_only_domain_reads_inside_the_block_go_to_the_replica():
    assert ROUTER.db_for_read(Agency) == "default"
    with reads_from_replica():
        assert ROUTER.db_for_read(Agency) == REPLICA
        assert ROUTER.db_for_read(CredentialApplication) == REPLICA
        assert ROUTER.db_for_read(GrantApplicant) == REPLICA
        # Sessions and accounts are read where they are written: a lag would sign people out.
        assert ROUTER.db_for_read(Session) == "default"
        assert ROUTER.db_for_read(User) == "default"
    assert ROUTER.db_for_read(Agency) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary():
    with reads_from_replica(), transaction.atomic():
        assert ROUTER.db_for_read(Agency) == "default"


def test_after_a_write_the_rest_of_the_request_reads_the_primary():
    def view(request):
        before = ROUTER.db_for_read(Agency)
        assert ROUTER.db_for_write(Agency) == "default"
        return HttpResponse(f"{before} {ROUTER.db_for_read(Agency)}")

    response = ReadYourWritesMiddleware(replica_view(view))(RequestFactory().get("/"))
    assert response.content == b"replica default"
    assert PIN_COOKIE in response.cookies  # and the next requests too, for a while


def test_migrations_only_on_the_primary():
    assert ROUTER.allow_migrate("default", "agencies")
    assert not ROUTER.allow_migrate(REPLICA, "agencies")


def where_reads_go(request) -> HttpResponse:
    return HttpResponse(ROUTER.db_for_read(Agency))


def test_replica_view_only_for_reading_methods():
    view = ReadYourWritesMiddleware(replica_view(where_reads_go))
    assert view(RequestFactory().get("/")).content == b"replica"
    assert view(RequestFactory().head("/")).content == b"replica"
    assert view(RequestFactory().post("/")).content == b"default"


def test_a_streamed_download_reads_from_the_replica_while_it_streams():
    def rows():
        for _ in range(3):
            yield ROUTER.db_for_read(Agency) + "\n"

    @replica_view
    def export(request):
        return StreamingHttpResponse(rows())

    response = ReadYourWritesMiddleware(export)(RequestFactory().get("/"))
    # The generator runs only now, after the view and the middleware have returned.
    assert b"".join(response.streaming_content) == b"replica\nreplica\nreplica\n"
    assert ROUTER.db_for_read(Agency) == "default"


def test_a_write_pins_the_person_to_the_primary_for_the_window(settings):
    settings.REPLICA_PIN_SECONDS = 15
    view = ReadYourWritesMiddleware(replica_view(where_reads_go))
    wrote = view(RequestFactory().post("/"))
    cookie = wrote.cookies[PIN_COOKIE]
    assert 14 < float(cookie.value) - time.time() <= 15.01
    assert cookie["max-age"] == 15
    assert cookie["httponly"]

    pinned = RequestFactory().get("/")
    pinned.COOKIES[PIN_COOKIE] = cookie.value
    assert view(pinned).content == b"default"

    for stale in (f"{time.time() - 1:.3f}", "not-a-time", ""):
        request = RequestFactory().get("/")
        request.COOKIES[PIN_COOKIE] = stale
        assert view(request).content == b"replica", stale


def test_an_api_client_without_cookies_is_pinned_through_the_cache():
    staff = User(pk=424242, username="token-client")
    cache.clear()
    view = ReadYourWritesMiddleware(replica_view(where_reads_go))
    write = RequestFactory().post("/")
    write.user = staff
    view(write)
    read = RequestFactory().get("/")  # no cookie, as a token client sends
    read.user = staff
    assert view(read).content == b"default"
    cache.clear()
    assert view(read).content == b"replica"


def test_the_pin_is_reset_between_requests():
    view = ReadYourWritesMiddleware(replica_view(where_reads_go))
    view(RequestFactory().post("/"))
    assert not primary_pinned()
    assert view(RequestFactory().get("/")).content == b"replica"


@pytest.mark.parametrize(
    "path",
    [
        "web.views.grant_officer.program_applicants",
        "web.views.grant_officer.program_applicants_csv",
        "web.views.grant_officer.program_applicants_xlsx",
        "web.views.eligibility.eligibility_list",
        "web.views.eligibility.eligibility_csv",
        "web.views.eligibility.eligibility_xlsx",
        "web.views.doj_admin.agency_list",
        "web.views.agency_staff.agency_dashboard",
        "api.views.grants.ApplicantViewSet.list",
        "api.views.grants.ApplicantCsvViewSet.list",
        "api.views.grants.EligibilityViewSet.list",
        "api.views.grants.EligibilityXlsxViewSet.list",
    ],
)
def test_the_heavy_read_views_are_marked(path):
    import importlib

    module_path, _, name = path.rpartition(".")
    try:
        target = getattr(importlib.import_module(module_path), name)
    except ModuleNotFoundError:
        module_path, _, cls = module_path.rpartition(".")
        target = getattr(getattr(importlib.import_module(module_path), cls), name)
    chain = []
    while target is not None:
        chain.append(target.__code__.co_qualname)
        target = getattr(target, "__wrapped__", None)
    assert "replica_view.<locals>.wrapper" in chain, chain
