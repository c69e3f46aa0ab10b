"""What the demo's sections build and share: the people, the registry and the stories' latest rows."""

from dataclasses import dataclass, field
from typing import Any

from accounts.models import User
from agencies.models import Agency
from credentialing.models import CredentialApplication, CredentialingBody
from grants.models import GrantProgram

from .clock import Timeline

DEMO_PASSWORD = "Demo-Password-2026!"  # noqa: S105 - printed for the demo, refused when DEBUG is off


@dataclass
class DemoWorld:
    timeline: Timeline
    people: dict[str, User] = field(default_factory=dict)  # by username
    agencies: dict[str, Agency] = field(default_factory=dict)  # by ORI
    bodies: dict[str, CredentialingBody] = field(default_factory=dict)  # by abbreviation
    staff: dict[str, User] = field(default_factory=dict)  # an agency's staff member, by ORI
    certifiers: dict[str, User] = field(default_factory=dict)  # a body's certifier, by abbreviation
    applications: dict[str, CredentialApplication] = field(default_factory=dict)  # by story
    programs: dict[str, GrantProgram] = field(default_factory=dict)  # by short name
    extra: dict[str, Any] = field(default_factory=dict)  # anything else one step leaves for a later one

    @property
    def admin(self) -> User:
        return self.people["doj.admin"]

    @property
    def officer(self) -> User:
        return self.people["grant.officer"]

    def person(self, username: str, role: str, first: str, last: str, **links) -> User:
        """A demo person, as ``createsuperuser`` or the people page would make them."""
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.invalid",
            role=role,
            **links,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        self.people[username] = user
        return user
