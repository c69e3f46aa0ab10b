"""What a shared cache may keep: the anonymous public pages and downloads, for a minute, and never a
response that sets a cookie. The pages are those of the URL conf open without sign-in (web/access.py)."""

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

from common.caching import CookiesAreNeverPublicMiddleware, public_cacheable
from web.access import PUBLIC, URL_ACCESS

pytestmark = pytest.mark.django_db

# Arguments for the public URL names that take some.
SAMPLE_ARGS = {
    "public_state": ["TX"],
    "public_state_csv": ["TX"],
    "public_state_json": ["TX"],
    "notification_unsubscribe": ["not-a-signed-token"],
    "password_reset_confirm": ["MQ", "set-password"],
}
# What the README promises a shared cache may keep: the public list, its downloads and data dictionary,
# and the Sec. 3 figures.
PROMISED = {
    "public_summary",
    "public_data_dictionary",
    "public_summary_csv",
    "public_summary_json",
    "public_state",
    "public_state_csv",
    "public_state_json",
    "figures",
    "figures_csv",
    "figures_json",
}
PUBLIC_NAMES = sorted(name for name, roles in URL_ACCESS.items() if roles == PUBLIC)


def url_of(name: str) -> str:
    return reverse(name, args=SAMPLE_ARGS.get(name, []))


def cacheable(name: str) -> bool:
    return getattr(resolve(url_of(name)).func, "public_cacheable", False)


def test_every_promised_page_is_public_and_cacheable():
    assert set(PUBLIC_NAMES) >= PROMISED
    assert {name for name in PROMISED if not cacheable(name)} == set()


@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_an_anonymous_public_page_is_either_cacheable_and_cookieless_or_private(name):
    response = Client().get(url_of(name))
    control = response.get("Cache-Control", "")
    if cacheable(name):
        assert response.status_code == 200
        assert control == "public, max-age=60", control
        assert not response.cookies, f"sets {sorted(response.cookies)}"
        assert "Cookie" in response["Vary"]
    else:
        assert "public" not in control
        if response.cookies:
            assert "private" in control or "no-store" in control, control


@pytest.mark.parametrize(
    "path", ["/credentialed/", "/credentialed/TX/", "/credentialed/TX/?q=austin&page=1", "/figures/"]
)
def test_a_public_page_with_a_get_form_carries_no_csrf_token(path):
    response = Client().get(path)
    assert b"csrfmiddlewaretoken" not in response.content
    assert "csrftoken" not in response.cookies and "sessionid" not in response.cookies


def test_a_signed_in_reader_of_a_public_page_gets_a_private_copy(client, staff):
    client.force_login(staff)
    response = client.get("/credentialed/")
    control = response["Cache-Control"]
    assert "private" in control and "no-store" in control and "public" not in control


def test_a_response_that_sets_a_cookie_is_never_public():
    @public_cacheable
    def careless(request):
        response = HttpResponse("hello")
        response.set_cookie("csrftoken", "abc")
        return response

    middleware = CookiesAreNeverPublicMiddleware(careless)
    response = middleware(RequestFactory().get("/"))
    control = response["Cache-Control"]
    assert "private" in control and "public" not in control


def _public_list_world():
    from grants.services import recompute_all_eligibility
    from tests.factories import AgencyFactory, ApplicationFactory, BodyFactory

    body = BodyFactory()
    for n in range(3):
        ApplicationFactory(agency=AgencyFactory(state="NY", ori=f"NY{n:05d}00"), body=body, submitted=True)
    recompute_all_eligibility()


def test_an_anonymous_page_is_answered_from_the_shared_copy(django_assert_num_queries):
    _public_list_world()
    first = Client().get("/credentialed/NY/")
    with django_assert_num_queries(0):  # nothing read, nothing rendered
        again = Client().get("/credentialed/NY/")
    assert again.status_code == 200 and again.content == first.content
    assert again["Cache-Control"] == "public, max-age=60" and "Cookie" in again["Vary"]
    assert again["Content-Type"] == first["Content-Type"] and not again.cookies
    # A page number has a copy of its own (a search has none: shared_copy_key below).
    assert Client().get("/credentialed/NY/", {"page": "2"}).status_code == 200
    with django_assert_num_queries(0):
        Client().get("/credentialed/NY/", {"page": "2"})


def test_a_signed_in_reader_neither_gets_nor_leaves_the_anonymous_copy(client, staff):
    from django.core.cache import cache

    from common.caching import shared_copy_key

    _public_list_world()
    key = shared_copy_key(RequestFactory().get("/credentialed/NY/"))
    client.force_login(staff)
    assert "private" in client.get("/credentialed/NY/")["Cache-Control"]
    assert cache.get(key) is None  # the signed-in reader's page is not kept for others
    Client().get("/credentialed/NY/")
    assert cache.get(key) is not None
    again = client.get("/credentialed/NY/")  # rendered for them, private, not the public copy
    assert "private" in again["Cache-Control"] and "public" not in again["Cache-Control"]


def test_a_reader_with_messages_waiting_is_not_answered_from_the_copy():
    from common.caching import shared_copy_key

    factory = RequestFactory()
    assert shared_copy_key(factory.get("/credentialed/NY/")) is not None
    assert shared_copy_key(factory.get("/credentialed/NY/", {"page": "3"})) is not None
    waiting = factory.get("/credentialed/NY/")
    waiting.COOKIES["messages"] = "anything"
    signed_in = factory.get("/credentialed/NY/")
    signed_in.COOKIES["sessionid"] = "anything"
    for request in (
        waiting,
        signed_in,
        factory.get("/credentialed/NY/", {"q": "albany"}),
        factory.get("/credentialed/NY/?page=1&page=2"),
        factory.head("/credentialed/NY/"),
    ):
        assert shared_copy_key(request) is None


def test_a_response_that_sets_a_cookie_is_not_kept_for_others():
    calls = []

    @public_cacheable
    def careless(request):
        calls.append(request)
        response = HttpResponse("hello")
        response.set_cookie("csrftoken", "abc")
        return response

    @public_cacheable
    def plain(request):
        calls.append(request)
        return HttpResponse("hello")

    for view in (careless, careless):
        view(RequestFactory().get("/careless/"))
    assert len(calls) == 2
    for view in (plain, plain):
        view(RequestFactory().get("/plain/"))
    assert len(calls) == 3
