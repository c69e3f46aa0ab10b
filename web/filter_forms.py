"""The applicants page's filter fields, rendered once for what they show and kept in the cache.

The fields draw about 150 options through Django's widget templates, as much time as the rest of the
page. What they show is the form's values, two facts of the program (whether it applies Sec. 3(d) and
weighs Sec. 4), the fixed choices and the credentialing bodies. The bodies change only through
``credentialing.services.registry`` (and the data set generator), which bump their generation in the same
transaction: the fields are kept under the generation read with the program
(``grants.selectors.programs_with_generation``), so the first render after a change shows it.
"""

import hashlib
from functools import cache as once
from typing import Any

from django.core.cache import cache
from django.forms import Form
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe

from credentialing.selectors import body_choices
from grants.models import GrantProgram

TEMPLATE = "grants/applicant_filters.html"
BODY_FIELD = "credentialing_body"
# The form's fields the template does not draw: they do not change the fragment.
NOT_DRAWN = frozenset({"ordering", "page_size"})
# Kept for at most this long past a deploy that changes the markup (the template's text is in the key too).
TTL = 3600


@once
def _template_digest() -> str:
    source = get_template(TEMPLATE).template.source  # type: ignore[attr-defined]
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def _key(form: Form, program: GrantProgram, generation: int) -> str:
    values = [(name, form[name].value()) for name in form.fields if name not in NOT_DRAWN]
    parts = [
        _template_digest(),
        generation,
        program.reporting_start is not None,
        program.sec4_priority,
        values,
    ]
    return "applicant-filters:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def applicant_filter_fields(form: Form, program: GrantProgram) -> SafeString:
    """The filter form's fields as HTML. A form in error is drawn afresh (its messages are the request's
    own); a valid one comes from the cache at the program's ``choices_generation``, or is drawn from the
    bodies read with their generation in one query and kept under that one (a replica behind the
    program's read never stores old choices under a new generation)."""
    context: dict[str, Any] = {"form": form, "program": program}
    generation = getattr(program, "choices_generation", None)
    if form.errors or generation is None:
        return render_to_string(TEMPLATE, context)
    html = cache.get(_key(form, program, generation))
    if html is not None:
        return mark_safe(html)  # noqa: S308 (markup this module rendered and stored)
    choices, read_at = body_choices()
    field = form.fields[BODY_FIELD]
    # What the widget draws (the form was validated already): the same options its own query gives.
    field.widget.choices = [("", field.empty_label), *choices]  # type: ignore[attr-defined]
    html = render_to_string(TEMPLATE, context)
    if read_at is not None:
        cache.set(_key(form, program, read_at), str(html), TTL)
    return html
