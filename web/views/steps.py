"""The guided application's steps: where the agency is, what is done, and what submitting still needs."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from credentialing.models import CredentialApplication
from credentialing.services.applications import submission_checklist


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    url_name: str


STEPS = (
    Step("details", "Details", "application_edit"),
    Step("evidence", "Evidence", "application_evidence"),
    Step("attestations", "Attestations", "application_attestations"),
    Step("review", "Review and submit", "application_review"),
)


def steps_context(application: CredentialApplication | None, current: str) -> dict[str, Any]:
    """The step indicator's segments and the checklist, for any step's page (``application`` is None
    while the draft is not created yet)."""
    checklist = submission_checklist(application) if application is not None else []
    done_steps = {"details"} if application is not None else set()
    for step in ("evidence", "attestations"):
        in_step = [i for i in checklist if i.step == step]
        if application is not None and all(i.done for i in in_step):
            done_steps.add(step)
    index = next(n for n, s in enumerate(STEPS) if s.key == current)
    segments = [
        {
            "label": step.label,
            "current": step.key == current,
            "complete": step.key in done_steps and step.key != current,
            "url": reverse(step.url_name, args=[application.pk]) if application is not None else "",
        }
        for step in STEPS
    ]
    pk = application.pk if application is not None else None
    items: list[dict[str, Any]] = [
        {
            "label": item.label,
            "done": item.done,
            "url": reverse(next(s.url_name for s in STEPS if s.key == item.step), args=[pk]),
        }
        for item in checklist
    ]
    return {
        "steps": segments,
        "step_number": index + 1,
        "step_count": len(STEPS),
        "step_label": STEPS[index].label,
        "checklist": items,
        "ready_to_submit": application is not None and all(i["done"] for i in items),
    }
