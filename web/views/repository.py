"""DOJ staff: the national repository of eligible agencies on a chosen day, as a download."""

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from common.exports import export_response
from credentialing.dates import today
from reporting.exports import REPOSITORY_COLUMNS
from reporting.selectors import national_repository

from ..access import page
from ..reporting_forms import RepositoryForm

FORMATS = ("csv", "xlsx", "json")


def _form(request: HttpRequest) -> RepositoryForm:
    return RepositoryForm(request.GET or None)


@page("repository")
def repository(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    valid = form.is_valid() if request.GET else True
    day = (form.cleaned_data.get("on") if valid and request.GET else None) or today()
    count = national_repository(on=day).count() if valid else None
    return render(
        request,
        "reporting/repository.html",
        {"form": form, "day": day, "count": count, "formats": FORMATS},
        status=200 if valid else 400,
    )


@page("repository_export")
def repository_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    form = _form(request)
    if fmt not in FORMATS or (request.GET and not form.is_valid()):
        return render(
            request,
            "reporting/repository.html",
            {"form": form, "day": today(), "count": None, "formats": FORMATS},
            status=400,
        )
    day = (form.cleaned_data.get("on") if request.GET else None) or today()
    return export_response(
        fmt=fmt,
        filename=f"national-repository-{day.isoformat()}",
        columns=REPOSITORY_COLUMNS,
        rows=national_repository(on=day).iterator(chunk_size=2000),
    )
