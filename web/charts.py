"""Charts as server-rendered SVG: a tile map of the states and territories and a weekly line chart.

No script, no style attribute (the CSP forbids inline styles; SVG presentation attributes are allowed),
nothing fetched. Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>``; the page puts the same numbers in a table beside it. Colour never carries meaning alone: every
tile prints its share, and tiles without data are hatched.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from common.humanize import human_date

# (column, row) of each tile: the 50 states and DC in their usual places, the territories on a band below.
TILES: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (11, 0),
    "WI": (6, 1), "VT": (10, 1), "NH": (11, 1),
    "WA": (1, 2), "ID": (2, 2), "MT": (3, 2), "ND": (4, 2), "MN": (5, 2), "IL": (6, 2), "MI": (7, 2),
    "NY": (9, 2), "MA": (10, 2),
    "OR": (1, 3), "NV": (2, 3), "WY": (3, 3), "SD": (4, 3), "IA": (5, 3), "IN": (6, 3), "OH": (7, 3),
    "PA": (8, 3), "NJ": (9, 3), "CT": (10, 3), "RI": (11, 3),
    "CA": (1, 4), "UT": (2, 4), "CO": (3, 4), "NE": (4, 4), "MO": (5, 4), "KY": (6, 4), "WV": (7, 4),
    "VA": (8, 4), "MD": (9, 4), "DE": (10, 4),
    "AZ": (2, 5), "NM": (3, 5), "KS": (4, 5), "AR": (5, 5), "TN": (6, 5), "NC": (7, 5), "SC": (8, 5),
    "DC": (9, 5),
    "OK": (4, 6), "LA": (5, 6), "MS": (6, 6), "AL": (7, 6), "GA": (8, 6),
    "HI": (0, 7), "TX": (4, 7), "FL": (9, 7),
    "GU": (0, 9), "MP": (1, 9), "AS": (2, 9), "PR": (9, 9), "VI": (10, 9),
}  # fmt: skip
TILE = 40
GAP = 4
STEP = TILE + GAP
INK = "#1b1b1b"
OUTLINE = "#565c65"  # 3:1 or more against white and against every fill below (WCAG 1.4.11)


@dataclass(frozen=True)
class Bin:
    low: float  # share from (inclusive), percent
    label: str
    fill: str
    text: str  # text colour on this fill: 4.5:1 or more


BINS = [
    Bin(0, "under 20%", "#e7f6f8", INK),
    Bin(20, "20% to under 40%", "#99deea", INK),
    Bin(40, "40% to under 60%", "#00bde3", INK),
    Bin(60, "60% to under 80%", "#0d7ea2", "#ffffff"),
    Bin(80, "80% or more", "#07648d", "#ffffff"),
]


def bin_of(percent: float) -> Bin:
    return [b for b in BINS if percent >= b.low][-1]


def _attrs(**attrs: object) -> str:
    return " ".join(f'{name.rstrip("_").replace("_", "-")}="{escape(str(v))}"' for name, v in attrs.items())


def _tag(name: str, content: str = "", **attrs: object) -> str:
    return f"<{name} {_attrs(**attrs)}>{content}</{name}>" if content else f"<{name} {_attrs(**attrs)}/>"


def _text(content: str, **attrs: object) -> str:
    return _tag("text", escape(content), **attrs)


def _percent(share: float | None) -> str:
    return "no data" if share is None else f"{share:.0f}%"


def tile_map(
    shares: dict[str, float | None], *, chart_id: str, title: str, measure: str, names: dict[str, str]
) -> SafeString:
    """A tile per state and territory, filled by the share (a percentage) of ``shares``; a missing or
    ``None`` share is hatched and reads "no data". ``measure`` names the share in the description.

    Legibility: the labels are sized in viewBox units so that they render at 12 px or more where the map
    is drawn at its narrowest desktop width (half the page); on a phone the stylesheet enlarges the state
    codes and leaves the shares to the table beside the map. The legend is HTML under the map, so it
    reads at the page's own type size whatever the map's scale."""
    columns = max(c for c, _ in TILES.values()) + 1
    rows = max(r for _, r in TILES.values()) + 1
    width = columns * STEP
    height = rows * STEP
    parts = [
        _tag(
            "pattern",
            _tag("path", d="M0,8 L8,0", stroke=OUTLINE, stroke_width=1),
            id=f"{chart_id}-hatch",
            width=8,
            height=8,
            patternUnits="userSpaceOnUse",
        )
    ]
    parts = [f"<defs>{''.join(parts)}</defs>"]
    parts.append(_text("Territories", x=0, y=9 * STEP - 8, font_size=15, fill=INK, class_="chart-label"))
    for code, (col, row) in TILES.items():
        share = shares.get(code)
        x, y = col * STEP, row * STEP
        if share is None:
            fill, ink = f"url(#{chart_id}-hatch)", INK
            backing = _tag("rect", x=x, y=y, width=TILE, height=TILE, fill="#ffffff")
        else:
            chosen = bin_of(share)
            fill, ink, backing = chosen.fill, chosen.text, ""
        parts.append(
            "<g>"
            + backing
            + _tag("rect", x=x, y=y, width=TILE, height=TILE, fill=fill, stroke=OUTLINE, stroke_width=1)
            + _text(
                code,
                x=x + TILE / 2,
                y=y + 18,
                text_anchor="middle",
                font_size=16,
                font_weight="bold",
                fill=ink,
                class_="tile-code",
            )
            + _text(
                "—" if share is None else f"{share:.0f}",
                x=x + TILE / 2,
                y=y + 35,
                text_anchor="middle",
                font_size=14,
                fill=ink,
                class_="tile-share",
            )
            + "</g>"
        )
    known = {c: s for c, s in shares.items() if s is not None}
    if known:
        top = max(known, key=lambda c: (known[c], c))
        low = min(known, key=lambda c: (known[c], c))
        summary = (
            f"{measure} by state and territory, {len(known)} with data. Highest: {names.get(top, top)} "
            f"{_percent(known[top])}; lowest: {names.get(low, low)} {_percent(known[low])}. "
            "The table beside the map lists every value."
        )
    else:
        summary = f"{measure} by state and territory: no data yet."
    svg = _svg(chart_id, title, summary, width, height, "".join(parts), "chart chart--map")
    return mark_safe(svg + map_legend(chart_id, measure))  # noqa: S308 - both parts are built escaped


def map_legend(chart_id: str, measure: str) -> SafeString:
    """The map's key as an HTML list: a swatch (decoration) and the words of each band."""
    items = []
    for entry in [*BINS, None]:
        if entry is None:
            swatch = _tag("rect", x=0, y=0, width=18, height=18, fill="#ffffff") + _tag(
                "rect", x=0, y=0, width=18, height=18, fill=f"url(#{chart_id}-hatch)", stroke=OUTLINE
            )
            label = "no data (—)"
        else:
            swatch = _tag("rect", x=0.5, y=0.5, width=17, height=17, fill=entry.fill, stroke=OUTLINE)
            label = entry.label
        icon = (
            '<svg class="chart-legend__swatch" width="18" height="18" aria-hidden="true" focusable="false">'
            f"{swatch}</svg>"
        )
        items.append(f"<li>{icon} {escape(label)}</li>")
    heading = escape(f"{measure}: a tile's colour gives its band; the table lists every percentage")
    return mark_safe(  # noqa: S308 - labels escaped above
        f'<p class="chart-legend__heading" id="{chart_id}-legend">{heading}</p>'
        f'<ul class="chart-legend" aria-labelledby="{chart_id}-legend">{"".join(items)}</ul>'
    )


def _svg(
    chart_id: str, title: str, desc: str, width: float, height: float, body: str, css: str
) -> SafeString:
    return mark_safe(  # noqa: S308 - every value above is escaped by _attrs and _text
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="{css}" '
        f'viewBox="0 0 {width:g} {height:g}" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def _ticks(top: int) -> list[int]:
    if top <= 0:
        return [0, 1]
    step = max(1, -(-top // 4))
    magnitude = 10 ** (len(str(step)) - 1)
    step = -(-step // magnitude) * magnitude
    return list(range(0, top + step, step))


def line_chart(points: Sequence[tuple[date, int]], *, chart_id: str, title: str, measure: str) -> SafeString:
    """A line of ``measure`` per day of ``points`` (oldest first), with a marker and gridlines."""
    # Drawn at up to 640 px, the 13-unit labels render at 13 px; on a phone the stylesheet enlarges them
    # (in viewBox units) so they still render at 12 px or more, hence the room below the plot.
    width, height = 640, 340
    left, right, top, bottom = 72, 16, 16, 72
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = _ticks(max((v for _, v in points), default=0))
    y_max = ticks[-1] or 1

    def x(n: int) -> float:
        return left + (plot_w * n / (len(points) - 1) if len(points) > 1 else plot_w / 2)

    def y(value: int) -> float:
        return top + plot_h - plot_h * value / y_max

    parts = []
    for tick in ticks:
        parts.append(_tag("line", x1=left, x2=width - right, y1=y(tick), y2=y(tick), stroke="#dfe1e2"))
        parts.append(
            _text(
                f"{tick:,}",
                x=left - 8,
                y=y(tick) + 4,
                text_anchor="end",
                font_size=13,
                fill=INK,
                class_="chart-label",
            )
        )
    parts.append(_tag("line", x1=left, x2=left, y1=top, y2=top + plot_h, stroke=OUTLINE))
    parts.append(_tag("line", x1=left, x2=width - right, y1=top + plot_h, y2=top + plot_h, stroke=OUTLINE))
    labelled = sorted({0, len(points) // 2, len(points) - 1}) if points else []
    for n in labelled:
        anchor = "start" if n == 0 else ("end" if n == len(points) - 1 else "middle")
        parts.append(
            _text(
                human_date(points[n][0]),
                x=x(n),
                y=top + plot_h + 30,
                text_anchor=anchor,
                font_size=13,
                fill=INK,
                class_="chart-label",
            )
        )
    parts.append(
        _text(
            "week ending",
            x=left + plot_w / 2,
            y=height - 8,
            text_anchor="middle",
            font_size=13,
            fill=INK,
            class_="chart-label",
        )
    )
    if points:
        path = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, (_, v) in enumerate(points))
        parts.append(_tag("polyline", points=path, fill="none", stroke="#005ea2", stroke_width=3))
        for n, (_, v) in enumerate(points):
            parts.append(
                _tag("circle", cx=f"{x(n):.1f}", cy=f"{y(v):.1f}", r=4, fill="#005ea2", stroke="#ffffff")
            )
        first, last = points[0], points[-1]
        desc = (
            f"{measure} at the end of each of {len(points)} weeks: {first[1]:,} in the week ending "
            f"{human_date(first[0])}, {last[1]:,} in the week ending {human_date(last[0])}, at most "
            f"{max(v for _, v in points):,}. The table below lists every week."
        )
    else:
        desc = f"{measure}: no data yet."
    return _svg(chart_id, title, desc, width, height, "".join(parts), "chart chart--line")


def bar_chart(
    bars: Sequence[tuple[str, int | None]],
    *,
    chart_id: str,
    title: str,
    measure: str,
    hidden: str,
    short: str,
) -> SafeString:
    """A bar per (label, value); a value withheld (None) gets no bar, only ``hidden`` written where it
    would stand, so a reader never takes a withheld count for 0."""
    bar_w, gap, top, label_room = 64, 28, 28, 52
    width = gap + len(bars) * (bar_w + gap)
    height = 240
    baseline = height - label_room
    largest = max([v for _, v in bars if v is not None] or [1]) or 1  # all zero: bars of no height
    parts = [_tag("line", x1=0, x2=width, y1=baseline, y2=baseline, stroke=OUTLINE)]
    for n, (label, value) in enumerate(bars):
        x = gap + n * (bar_w + gap)
        middle = x + bar_w / 2
        if value is None:
            # On a phone the words would overlap the next year's: the stylesheet shows the short form.
            for text, css in ((hidden, "chart-label chart-label--long"), (short, "chart-label--short")):
                parts.append(
                    _text(text, x=middle, y=baseline - 10, text_anchor="middle", font_size=13, fill=INK,
                          class_=css)
                )  # fmt: skip
        else:
            size = round((baseline - top) * value / largest)
            parts.append(_tag("rect", x=x, y=baseline - size, width=bar_w, height=size, fill="#005ea2"))
            parts.append(
                _text(f"{value:,}", x=middle, y=baseline - size - 8, text_anchor="middle", font_size=15,
                      font_weight="bold", fill=INK, class_="chart-label")
            )  # fmt: skip
        parts.append(
            _text(label, x=middle, y=baseline + 24, text_anchor="middle", font_size=15, fill=INK,
                  class_="chart-label")
        )  # fmt: skip
    shown = ", ".join(f"{label}: {hidden if value is None else f'{value:,}'}" for label, value in bars)
    desc = f"{measure}. {shown}. The table below lists the same figures."
    return _svg(chart_id, title, desc, width, height, "".join(parts), "chart chart--bars")
