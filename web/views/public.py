"""Pages anyone may read without signing in: what the tracker is, how to report an accessibility barrier."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from common.caching import public_cacheable


@public_cacheable
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "public/about.html")


@public_cacheable
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "public/accessibility.html")
