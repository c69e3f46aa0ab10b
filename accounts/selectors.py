"""Reads of the accounts app: the people list and what happened to a person."""

from django.db.models import Q, QuerySet

from common.models import AuditEntry

from .models import User


def people() -> QuerySet[User]:
    """Everyone, with their organisation, in a stable order (one query per page, whatever its length)."""
    return User.objects.select_related("agency", "credentialing_body").order_by("username", "id")


def search_people(rows: QuerySet[User], text: str) -> QuerySet[User]:
    """Every word must match the username, a name or the e-mail address."""
    for word in text.split():
        rows = rows.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    return rows


def audit_entries_about(person: User) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=User._meta.label_lower, object_id=str(person.pk))
