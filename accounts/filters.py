"""The people list's filters, one definition for the web page and the API."""

import django_filters
from django import forms
from django.db.models import QuerySet

from .models import Role, User
from .selectors import search_people

MAX_ID = 2**31 - 1


class _Id(django_filters.NumberFilter):
    """The id of a related object: a whole number in range (else a 400, never a database overflow)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name, username or e-mail", max_length=200)
    role = django_filters.ChoiceFilter(choices=Role.choices)
    agency = _Id(field_name="agency_id", label="Agency (id)")
    ori = django_filters.CharFilter(
        field_name="agency__ori", lookup_expr="iexact", label="Agency ORI", max_length=20
    )
    credentialing_body = _Id(field_name="credentialing_body_id", label="Credentialing body (id)")
    is_active = django_filters.BooleanFilter(label="Active")

    class Meta:
        model = User
        fields = ["q", "role", "agency", "ori", "credentialing_body", "is_active"]

    def search(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        return search_people(queryset, value)
