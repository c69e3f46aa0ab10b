"""A list's "show only" choice from its query string: what a home's count links to, so the list shows
exactly the rows counted. An unknown value is refused (400 with the reason), never ignored."""

from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Shown:
    value: str  # "" for every row
    label: str  # what the rows are, in words, for "Showing only ..."
    error: str = ""

    @property
    def status(self) -> int:
        return 400 if self.error else 200


def shown(request: HttpRequest, choices: dict[str, str], *, param: str = "show") -> Shown:
    """``choices`` maps each accepted value to the words for its rows."""
    values = request.GET.getlist(param)
    if not values or values == [""]:
        return Shown("", "")
    if len(values) == 1 and values[0] in choices:
        return Shown(values[0], choices[values[0]])
    accepted = ", ".join(f"“{v}”" for v in choices)
    return Shown("", "", error=f"Choose what to show: {accepted}, or nothing for every row.")
