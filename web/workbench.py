"""The workbench panel of an application page and its two forms (assignment, internal note)."""

from typing import Any

from django import forms

from accounts.models import User
from credentialing import services
from credentialing.models import CredentialApplication


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label="Assigned to", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, colleagues: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.colleagues = {person.pk: person for person in colleagues}
        field = self.fields["assignee"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "- Nobody -")] + [
            (person.pk, person.get_full_name() or person.username) for person in colleagues
        ]


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Internal note",
        max_length=services.workbench.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "class": "usa-textarea"}),
        help_text="Seen only by your body's certifiers: never by the agency, never in an e-mail to it.",
    )


def workbench_context(
    application: CredentialApplication,
    user: User,
    *,
    assign_form: AssignForm | None = None,
    note_form: NoteForm | None = None,
) -> dict[str, Any]:
    colleagues = services.colleagues(user)
    return {
        "assign_form": assign_form
        or AssignForm(colleagues=colleagues, initial={"assignee": application.assigned_to_id}),
        "note_form": note_form or NoteForm(),
        "notes": services.internal_notes(application=application, actor=user),
    }
