from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Left

from .identifiers import EIN_PATTERN, ORI_PATTERN, format_ein, validate_ein, validate_ori
from .states import State


class AgencyType(models.TextChoices):
    LOCAL_POLICE = "local_police", "Local police"
    SHERIFF = "sheriff", "Sheriff's office"
    PRIMARY_STATE_POLICE = "primary_state_police", "Primary state police"
    SPECIAL_JURISDICTION = "special_jurisdiction", "Special jurisdiction"
    UNIVERSITY = "university", "University or college"
    TRIBAL = "tribal", "Tribal"
    CONSTABLE_MARSHAL = "constable_marshal", "Constable or marshal"


class Agency(models.Model):
    """A state or local law enforcement agency, identified by its FBI-assigned ORI."""

    name = models.CharField(max_length=200)
    ori = models.CharField(
        "ORI",
        max_length=9,
        unique=True,
        validators=[validate_ori],
        error_messages={"unique": "Another agency already has this ORI."},
    )
    ein = models.CharField("EIN", max_length=9, validators=[validate_ein], help_text="Nine digits.")
    agency_type = models.CharField(max_length=32, choices=AgencyType.choices)
    state = models.CharField(max_length=2, choices=State.choices)
    county = models.CharField(max_length=100, blank=True)
    city = models.CharField(max_length=100, blank=True)
    sworn_officers = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(100_000)])
    head_name = models.CharField("head of agency", max_length=150)
    head_title = models.CharField("head of agency's title", max_length=100, default="Chief of Police")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]
        indexes = [
            # Lists and the applicants table sort by name.
            models.Index(fields=["name"], name="agency_name_idx"),
            models.Index(fields=["state", "agency_type"], name="agency_state_type_idx"),
            models.Index(fields=["agency_type"], name="agency_type_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="agency_ori_format", condition=Q(ori__regex=ORI_PATTERN)),
            models.CheckConstraint(name="agency_ori_starts_with_state", condition=Q(state=Left(F("ori"), 2))),
            models.CheckConstraint(name="agency_ein_format", condition=Q(ein__regex=EIN_PATTERN)),
            models.CheckConstraint(name="agency_state_valid", condition=Q(state__in=State.values)),
            models.CheckConstraint(name="agency_type_valid", condition=Q(agency_type__in=AgencyType.values)),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.ori})"

    def clean(self) -> None:
        super().clean()
        if self.ori and self.state and self.ori[:2] != self.state:
            raise ValidationError(
                {"ori": f"An ORI of an agency in {self.get_state_display()} starts with {self.state}."}
            )

    @property
    def ein_display(self) -> str:
        return format_ein(self.ein)

    @property
    def is_tribal(self) -> bool:
        return self.agency_type == AgencyType.TRIBAL
