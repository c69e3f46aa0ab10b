"""How the audit trail words changes to the registry of agencies: see ``common.audit_words``."""

from collections.abc import Sequence

from common.audit_words import numeric, register_action, register_object

from .models import Agency


def _agencies(ids: Sequence[str]) -> dict[str, str]:
    return {
        str(pk): name for pk, name in Agency.objects.filter(pk__in=numeric(ids)).values_list("pk", "name")
    }


def register() -> None:
    register_object("agencies.agency", noun="Agency", namer=_agencies)
    register_action("agency.created", label="Agency added", sentence="{who} added the agency {thing}")
    register_action(
        "agency.updated", label="Agency changed", sentence="{who} changed the registry entry of {thing}"
    )
