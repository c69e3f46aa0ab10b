"""Where a request came from: the connection's address, or the one our own proxies appended."""

import pytest
from django.test import RequestFactory

from common.request_context import client_address

CASES = [
    # trusted proxies, REMOTE_ADDR, X-Forwarded-For, the client
    (0, "203.0.113.5", None, "203.0.113.5"),
    (0, "203.0.113.5", "198.51.100.1", "203.0.113.5"),
    (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
    (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
    (2, "10.0.0.3", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
    (2, "10.0.0.3", "198.51.100.1", "10.0.0.3"),  # fewer hops than proxies: not through them all
    (1, "10.0.0.2", None, "10.0.0.2"),
    (1, "10.0.0.2", "not an address", "10.0.0.2"),
    (1, "10.0.0.2", "6.6.6.6, 2001:db8::1", "2001:db8::1"),
]


@pytest.mark.parametrize(("proxies", "remote", "forwarded", "expected"), CASES)
def test_client_address(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    assert client_address(request) == expected
