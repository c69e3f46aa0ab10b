"""The list pages' links keep the query as Django's own ``{% querystring %}`` would write it: the tag
library's faster version must give the same string for every kind of change."""

import itertools

import pytest
from django.template import Context
from django.template.defaulttags import querystring as django_querystring
from django.test import RequestFactory

from web.templatetags.uswds import querystring, sort_link

QUERIES = [
    "",
    "page=3",
    "a=1&a=2&page=2&ordering=name",
    "eligible=yes&page_size=50",
    "name=%C3%A9cole+de+police&page=1&empty=",
    "ordering=-name&state=CA&page=9",
]
CHANGES = [
    {"page": None},
    {"page": None, "page_size": None},
    {"page": 5},
    {"page_size": 100, "page": None},
    {"ordering": "state", "page": None},
    {"several": [1, 2]},
    {"missing": None},
]


@pytest.mark.parametrize(("query", "changes"), list(itertools.product(QUERIES, CHANGES)))
def test_the_same_string_as_djangos_querystring(query, changes):
    request = RequestFactory().get(f"/list/?{query}")
    context = Context()
    context.request = request
    assert querystring({"request": request}, **changes) == django_querystring(context, **changes)


@pytest.mark.parametrize(
    ("query", "key", "wanted"),
    [
        ("", "name", "?ordering=name"),
        ("ordering=name&page=4", "name", "?ordering=-name"),
        ("state=CA&ordering=-name&page=2", "name", "?state=CA&ordering=name"),
        ("page=2&state=CA", "state", "?state=CA&ordering=state"),
    ],
)
def test_a_sort_link_flips_the_direction_and_goes_back_to_the_first_page(query, key, wanted):
    request = RequestFactory().get(f"/list/?{query}")
    assert sort_link({"request": request}, key) == wanted
