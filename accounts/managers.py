"""How people are made outside the product's pages: ``manage.py createsuperuser`` on the server.

Every person has exactly one role (the database holds the role and the organisation to each other), so a
superuser is a DOJ credentialing administrator: the role that belongs to no agency or body and that the
admin admits. Making one is a change of a person like any other and leaves its row on the audit trail.
"""

from typing import Any

from django.contrib.auth.models import UserManager
from django.db import transaction

SUPERUSER_ROLE = "doj_administrator"
# What the audit row keeps of a new superuser: the person's fields and the flags that make it one.
SUPERUSER_RECORDED_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "agency",
    "credentialing_body",
    "is_active",
    "is_staff",
    "is_superuser",
)


class PersonManager(UserManager):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra_fields: Any
    ):
        from common.audit import record, snapshot

        role = extra_fields.setdefault("role", SUPERUSER_ROLE)
        if role != SUPERUSER_ROLE:
            raise ValueError("A superuser is a DOJ credentialing administrator: no other role.")
        if extra_fields.get("agency") is not None or extra_fields.get("credentialing_body") is not None:
            raise ValueError("A superuser belongs to no agency and no credentialing body.")
        with transaction.atomic(using=self.db):
            person = super().create_superuser(username, email, password, **extra_fields)
            record(
                actor=None,
                action="user.created",
                obj=person,
                after=snapshot(person, SUPERUSER_RECORDED_FIELDS),
                reason="superuser made on the server (manage.py createsuperuser)",
            )
        return person
