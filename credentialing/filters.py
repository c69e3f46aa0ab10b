"""The filters of the credentialing lists: applications (the certifier's queue) and bodies."""

from typing import Any

import django_filters
from django import forms

from agencies.states import State
from common.filtering import IdFilter, ListFilterSet, SortFilter, SortKey

from .models import CertificationStatus, CredentialApplication, CredentialingBody
from .states import REVIEW_QUEUE_STATES, ApplicationStatus

# The queue's lanes: whose move it is.
LANES = {
    "us": frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW}),
    "agency": frozenset({ApplicationStatus.RETURNED}),
}
LANE_CHOICES = [("us", "Waiting on us"), ("agency", "Waiting on the agency (returned)")]
ASSIGNED_CHOICES = [("me", "Assigned to me"), ("unassigned", "Unassigned")]

# What the queue shows when the certifier has not chosen: the active applications.
QUEUE_DEFAULT_STATUSES = sorted(REVIEW_QUEUE_STATES)


class ApplicationFilter(ListFilterSet):
    # A deleted draft is in no list: not a status anyone filters by.
    status = django_filters.MultipleChoiceFilter(
        choices=[c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.DELETED], label="Status"
    )
    agency = IdFilter(field_name="agency_id", label="Agency id")
    body = IdFilter(field_name="body_id", label="Credentialing body id")
    state = django_filters.ChoiceFilter(
        field_name="agency__state", choices=State.choices, label="Agency state", empty_label="- Any -"
    )
    assigned = django_filters.ChoiceFilter(
        choices=ASSIGNED_CHOICES, method="filter_assigned", label="Assigned", empty_label="- Anyone -"
    )
    lane = django_filters.ChoiceFilter(
        choices=LANE_CHOICES, method="filter_lane", label="Whose turn", empty_label="- Either -"
    )
    ordering = SortFilter(
        keys=[
            SortKey("waiting", ("status_changed_at",), "Waiting longest"),
            SortKey("agency", ("agency__name",), "Agency name"),
            SortKey("submitted", ("submitted_at",), "First submitted"),
            SortKey("created", ("created_at",), "Created"),
            SortKey("status", ("status",), "Status"),
        ],
        default="-created",
    )
    ordering_aliases = {"status_changed_at": "waiting", "submitted_at": "submitted", "created_at": "created"}
    default_page_size = 25

    class Meta:
        model = CredentialApplication
        fields = ["status", "agency", "body", "state", "assigned", "lane"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if getattr(user, "is_certifier", False):
            # A body never sees drafts, so it is not offered the choice.
            field = self.form.fields["status"]
            hidden = {ApplicationStatus.DRAFT, ApplicationStatus.DELETED}
            field.choices = [c for c in ApplicationStatus.choices if c[0] not in hidden]
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
            self.form.fields["ordering"].initial = "waiting"
        else:
            # Assignment is the body's own business: anyone else asking for it is refused, not answered.
            self.form.fields["assigned"].choices = []

    def filter_assigned(self, queryset, name: str, value: str):
        if value == "me":
            return queryset.filter(assigned_to=self.request.user)
        return queryset.filter(assigned_to__isnull=True)

    def filter_lane(self, queryset, name: str, value: str):
        return queryset.filter(status__in=sorted(LANES[value]))


def queue_query(data: Any) -> dict[str, Any] | None:
    """The queue's default view as a query string, when the certifier has chosen no status."""
    if data.getlist("status"):
        return None
    return {"status": QUEUE_DEFAULT_STATUSES, "ordering": data.get("ordering") or "waiting"}


class BodyFilter(ListFilterSet):
    certification_status = django_filters.ChoiceFilter(
        choices=CertificationStatus.choices, label="AG certification", empty_label="- Any -"
    )
    ordering = SortFilter(
        keys=[
            SortKey("name", ("name",), "Name"),
            SortKey("certification_status", ("certification_status",), "AG certification"),
            SortKey("certified_on", ("certified_on",), "Certified on"),
        ],
        default="name",
    )
    default_page_size = 25

    class Meta:
        model = CredentialingBody
        fields = ["certification_status"]
