"""How the audit trail words the catalogue, the registry of bodies and the work on applications:
see ``common.audit_words``."""

from collections.abc import Sequence
from typing import Any

from agencies.models import AgencyType
from agencies.states import State
from common.audit_words import Words, numeric, register_action, register_object

from .models import (
    CredentialApplication,
    CredentialingBody,
    EvidenceKind,
    Finding,
    Standard,
    application_reference,
)

APPLICATION = "credentialing.credentialapplication"
DOCUMENT = "credentialing.evidencedocument"


def _bodies(ids: Sequence[str]) -> dict[str, str]:
    rows = CredentialingBody.objects.filter(pk__in=numeric(ids)).values_list("pk", "name")
    return {str(pk): name for pk, name in rows}


def _standards(ids: Sequence[str]) -> dict[str, str]:
    rows = Standard.objects.filter(pk__in=numeric(ids)).values_list("pk", "code", "title")
    return {str(pk): f"the principle “{title}” ({code})" for pk, code, title in rows}


def _applications(ids: Sequence[str]) -> dict[str, str]:
    rows = CredentialApplication.objects.filter(pk__in=numeric(ids)).values_list("pk", "agency__name")
    return {str(pk): f"{agency}'s application {application_reference(pk)}" for pk, agency in rows}


def _findings(ids: Sequence[str]) -> dict[str, str]:
    rows = Finding.objects.filter(pk__in=numeric(ids)).values_list(
        "pk", "standard__title", "application_id", "application__agency__name"
    )
    return {
        str(pk): f"the finding on “{title}” for {agency}'s application {application_reference(app)}"
        for pk, title, app, agency in rows
    }


def _assigned(words: Words) -> str:
    if words.raw_after("assigned_to") is None:
        return f"{words.who} took the assignment off {words.thing}"
    return f"{words.who} assigned {words.thing} to {words.after('assigned_to')}"


def _attached(words: Words) -> str:
    name, kind, application = words.after("original_name"), words.after("kind"), words.after("application")
    return f"{words.who} attached the document “{name}” ({kind}) to {application}"


def _removed(words: Words) -> str:
    name, kind, application = words.before("original_name"), words.before("kind"), words.before("application")
    return f"{words.who} removed the document “{name}” ({kind}) from {application}"


def _codes(value: Any) -> str:
    return ", ".join(map(str, value)) if value else "none"


def _states(value: Any) -> str:
    labels = dict(State.choices)
    return ", ".join(str(labels.get(v, v)) for v in value) if value else "every state (national)"


def _agency_types(value: Any) -> str:
    labels = dict(AgencyType.choices)
    return ", ".join(str(labels.get(v, v)) for v in value) if value else "every type"


def _documents(value: Any) -> str:
    if not value:
        return "none"
    labels = dict(EvidenceKind.choices)
    return "; ".join(f"“{d.get('name', '')}” ({labels.get(d.get('kind'), d.get('kind'))})" for d in value)


def _finding(verb: str):
    def sentence(words: Words) -> str:
        return f"{words.who} {verb} {words.thing}: {words.after('outcome')}"

    return sentence


def register() -> None:
    register_object(
        "credentialing.credentialingbody",
        noun="Credentialing body",
        namer=_bodies,
        field_labels={"discretionary_standards": "Discretionary principles"},
        value_words={
            "discretionary_standards": _codes,
            "states_served": _states,
            "agency_types_served": _agency_types,
        },
    )
    register_object("credentialing.standard", noun="Principle", namer=_standards)
    register_object(
        APPLICATION, noun="Application", namer=_applications, value_words={"documents": _documents}
    )
    register_object(
        DOCUMENT,
        noun="Evidence document",
        field_labels={"sha256": "SHA-256 digest", "size_bytes": "Size (bytes)"},
    )
    register_object("credentialing.finding", noun="Finding", namer=_findings)

    register_action(
        "body.created",
        label="Credentialing body added",
        sentence="{who} added the credentialing body {thing}",
    )
    register_action(
        "body.updated",
        label="Credentialing body changed",
        sentence="{who} changed the registry entry of {thing}",
    )
    register_action(
        "standard.added", label="Principle added", sentence="{who} added {thing} to the catalogue"
    )
    register_action("standard.reworded", label="Principle reworded", sentence="{who} reworded {thing}")
    register_action("standard.retired", label="Principle retired", sentence="{who} retired {thing}")
    register_action("standard.restored", label="Principle restored", sentence="{who} restored {thing}")
    register_action("application.assigned", label="Application assigned", sentence=_assigned)
    register_action("application.edited", label="Draft edited", sentence="{who} edited the draft {thing}")
    register_action(
        "application.internal_note_added",
        label="Internal note added",
        sentence="{who} added an internal note to {thing}",
    )
    register_action(
        "application.draft_deleted",
        label="Draft deleted",
        sentence="{who} deleted {thing}, a draft never submitted",
    )
    register_action("evidence.attached", label="Evidence attached", sentence=_attached)
    register_action("evidence.removed", label="Evidence removed", sentence=_removed)
    register_action("finding.recorded", label="Finding recorded", sentence=_finding("recorded"))
    register_action("finding.revised", label="Finding revised", sentence=_finding("revised"))
