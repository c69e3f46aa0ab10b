"""Dashboards: a grant program's applicants for its grant officers, every agency for DOJ.

The figures come from ``grants.dashboard``; this module only turns them into cards, charts and tables
whose every count links to the list that shows exactly the rows counted.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode

from common.days import ReadingDayField
from common.humanize import human_date
from common.replica import replica_view
from community.figures import MODELS as SEC4_MODELS
from community.figures import cached_national_picture
from community.priority import RULE as SEC4_RULE
from grants.dashboard import (
    DASHBOARD_CACHE_SECONDS,
    STATE_LABELS,
    STATUSES,
    Counts,
    Group,
    cached_national_overview,
    cached_program_dashboard,
    national_overview_key,
    program_dashboard_key,
)
from grants.models import GrantProgram

from ..access import page
from ..charts import line_chart, tile_map


class AsOfForm(forms.Form):
    as_of = ReadingDayField(
        label="Figures as of",
        help_text="mm/dd/yyyy, for example 01/31/2026. As they stood at the end of this day (from the "
        "history); blank for now.",
    )


def _link(url: str, params: dict[str, str]) -> str:
    return f"{url}?{urlencode(params)}" if params else url


def _with_day(params: dict[str, str], day: date | None) -> dict[str, str]:
    return {**params, "as_of": day.isoformat()} if day else params


def cards(
    url: str, columns: list[tuple[str, Counts, date | None]], *, dollars: bool = False
) -> list[dict[str, Any]]:
    """One card per status (applicants first), each with a figure and a link per column."""
    rows: list[tuple[str, str, dict[str, str]]] = [("total", "Applicants" if dollars else "Agencies", {})]
    rows += [(key, label, params) for key, label, _, params in STATUSES]
    result = []
    for key, label, params in rows:
        figures = []
        for heading, counts, day in columns:
            count = counts.total if key == "total" else counts.by_status[key]
            money: Decimal | None = None
            if dollars:
                money = counts.dollars_total if key == "total" else counts.dollars[key]
            figures.append(
                {
                    "heading": heading,
                    "count": count,
                    "dollars": money,
                    "url": _link(url, _with_day(params, day)),
                }
            )
        result.append({"key": key, "label": label, "figures": figures})
    return result


def _when(day: date | None) -> str:
    return f"As of {human_date(day)}" if day else "Now"


def state_rows(groups: list[Group], url: str, day: date | None) -> list[dict[str, Any]]:
    rows = []
    for group in groups:
        counts = group.counts
        share = counts.share_eligible
        rows.append(
            {
                "code": group.key,
                "name": group.label,
                "total": counts.total,
                "eligible": counts.by_status["eligible"],
                "not_eligible": counts.by_status["not_eligible"],
                "share": None if share is None else round(100 * share, 1),
                "url": _link(url, _with_day({"state": group.key}, day)),
                "eligible_url": _link(url, _with_day({"state": group.key, "eligible": "yes"}, day)),
                "not_eligible_url": _link(url, _with_day({"state": group.key, "eligible": "no"}, day)),
            }
        )
    return rows


def state_map(rows: list[dict[str, Any]], *, chart_id: str, title: str) -> Any:
    shares = {row["code"]: row["share"] for row in rows}
    return tile_map(shares, chart_id=chart_id, title=title, measure="Share eligible", names=STATE_LABELS)


class Deferred:
    """The cards, charts and tables of a dashboard, each built on first use and once. The template keeps
    them rendered in a ``{% cache %}`` block as long as the figures they show, so a request served from
    that cache builds none of them."""

    def __init__(self, key: str, figures: Any, **builders: Callable[["Deferred"], Any]) -> None:
        # The key holds when the figures were computed: new figures, new fragment.
        self.key = f"{key}:{figures.computed_at.isoformat()}"
        self.seconds = DASHBOARD_CACHE_SECONDS
        self._builders = builders
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = self._builders[name](self)
        return self._built[name]


def reason_rows(reasons: list[tuple[str, str, int]], url: str, day: date | None) -> list[dict[str, Any]]:
    return [
        {"label": label, "count": n, "url": _link(url, _with_day({"eligible": "no", "reason": kind}, day))}
        for kind, label, n in reasons
    ]


@page("program_dashboard")
@replica_view
def program_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(GrantProgram, pk=pk)
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return render(request, "dashboards/program.html", {"program": program, "form": form}, status=400)
    as_of = form.cleaned_data["as_of"]
    figures = cached_program_dashboard(program, as_of=as_of)
    url = reverse("program_applicants", args=[program.pk])
    title = f"Share of {program.name} applicants eligible, by state"
    board = Deferred(
        program_dashboard_key(program, as_of=as_of),
        figures,
        cards=lambda _: cards(
            url,
            [
                (_when(as_of), figures.now, as_of),
                ("At the deadline", figures.at_deadline, program.application_deadline),
            ],
            dollars=True,
        ),
        states=lambda _: state_rows(figures.by_state, url, as_of),
        map=lambda board: state_map(board["states"], chart_id="program-map", title=title),
        reasons=lambda _: reason_rows(figures.reasons, url, as_of),
    )
    return render(
        request,
        "dashboards/program.html",
        {
            "program": program,
            "form": form,
            "figures": figures,
            "as_of": as_of,
            "board": board,
            "sec4_rule": SEC4_RULE,
        },
    )


@page("national_overview")
@replica_view
def national_overview(request: HttpRequest) -> HttpResponse:
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return render(request, "dashboards/overview.html", {"form": form}, status=400)
    as_of = form.cleaned_data["as_of"]
    figures = cached_national_overview(as_of=as_of)
    url = reverse("eligibility_list")

    def grouped(groups: list[Group], param: str) -> list[dict[str, Any]]:
        return [
            {
                "label": g.label,
                "counts": g.counts,
                "share": None if g.counts.share_eligible is None else round(100 * g.counts.share_eligible, 1),
                "url": _link(url, _with_day({param: g.key, "eligible": "yes"}, as_of)),
            }
            for g in groups
        ]

    def trend_chart() -> Any:
        trend = [(point.day, point.eligible) for point in figures.trend.points]
        return line_chart(
            trend, chart_id="trend", title="Agencies eligible, week by week", measure="Agencies eligible"
        )

    board = Deferred(
        national_overview_key(as_of=as_of),
        figures,
        cards=lambda _: cards(url, [(_when(as_of), figures.counts, as_of)]),
        states=lambda _: state_rows(figures.by_state, url, as_of),
        map=lambda board: state_map(
            board["states"], chart_id="national-map", title="Share of agencies eligible, by state"
        ),
        by_type=lambda _: grouped(figures.by_type, "agency_type"),
        by_body=lambda _: grouped(figures.by_body, "credentialing_body"),
        reasons=lambda _: reason_rows(figures.reasons, url, as_of),
        trend_chart=lambda _: trend_chart(),
    )
    return render(
        request,
        "dashboards/overview.html",
        {
            "form": form,
            "figures": figures,
            "as_of": as_of,
            "trend": figures.trend,
            "board": board,
            **sec4_overview(as_of),
        },
    )


def sec4_overview(as_of: date | None) -> dict[str, Any]:
    """The overview's Sec. 4 section (``community/_overview.html``): agencies running each model, by state
    (map and table) and by agency type."""
    picture = cached_national_picture(as_of=as_of)
    shares = {row.key: row.share for row in picture.by_state}
    title = "Share of agencies running a co-responder or community-support program, by state"
    return {
        "sec4": picture,
        "sec4_models": SEC4_MODELS,
        "sec4_map": tile_map(
            shares, chart_id="sec4-map", title=title, measure="Share running a program", names=STATE_LABELS
        ),
    }
