from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from .managers import PersonManager


def _rules():
    from . import rules  # the predicates import this module

    return rules


# What the product shows and records of a person, the same in the admin, the API and the audit trail:
# never the password.
PERSON_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "agency",
    "credentialing_body",
    "is_active",
)


class Role(models.TextChoices):
    AGENCY_STAFF = "agency_staff", "Agency staff"
    CERTIFIER = "certifier", "Certifier"
    DOJ_ADMINISTRATOR = "doj_administrator", "DOJ credentialing administrator"
    GRANT_OFFICER = "grant_officer", "DOJ grant officer"


class User(AbstractUser):
    """A person with exactly one role; agency staff belong to one agency, certifiers to one body."""

    role = models.CharField(max_length=32, choices=Role.choices)
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    credentialing_body = models.ForeignKey(
        "credentialing.CredentialingBody",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certifiers",
    )

    objects: ClassVar[PersonManager] = PersonManager()

    class Meta:
        constraints = [
            # The role decides which organisation a user belongs to, and the database holds to it.
            models.CheckConstraint(
                name="user_role_matches_organisation",
                condition=(
                    Q(role=Role.AGENCY_STAFF, agency__isnull=False, credentialing_body__isnull=True)
                    | Q(role=Role.CERTIFIER, agency__isnull=True, credentialing_body__isnull=False)
                    | Q(
                        role__in=[Role.DOJ_ADMINISTRATOR, Role.GRANT_OFFICER],
                        agency__isnull=True,
                        credentialing_body__isnull=True,
                    )
                ),
            ),
        ]

    # For templates: each property asks the predicate of the same name in accounts/rules.py, the one
    # definition of each role.
    @property
    def is_agency_staff(self) -> bool:
        return _rules().is_agency_staff.test(self)

    @property
    def is_certifier(self) -> bool:
        return _rules().is_certifier.test(self)

    @property
    def is_doj_administrator(self) -> bool:
        return _rules().is_doj_administrator.test(self)

    @property
    def is_grant_officer(self) -> bool:
        return _rules().is_grant_officer.test(self)

    @property
    def is_doj(self) -> bool:
        return _rules().is_doj.test(self)

    @property
    def organisation_name(self) -> str:
        if self.agency_id:
            return self.agency.name  # type: ignore[union-attr]
        if self.credentialing_body_id:
            return self.credentialing_body.name  # type: ignore[union-attr]
        return "U.S. Department of Justice"
