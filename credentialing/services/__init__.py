"""Writes of the credentialing app, one module per family of actions."""

from .applications import (
    approve_application,
    create_application,
    delete_draft,
    deny_application,
    expire_due_credentials,
    return_application,
    revoke_credential,
    start_review,
    submit_application,
    update_application,
    withdraw_application,
)
from .bodies import certify_body, reinstate_body, revoke_body_certification, suspend_body
from .evidence import attach_document, remove_document
from .findings import record_finding, record_findings, standards_reviewed_by
from .registry import create_body, update_body
from .standards import add_standard, restore_standard, retire_standard, update_standard
from .workbench import add_internal_note, assign_application, colleagues, internal_notes

__all__ = [
    "add_internal_note",
    "add_standard",
    "approve_application",
    "assign_application",
    "attach_document",
    "certify_body",
    "colleagues",
    "create_application",
    "create_body",
    "delete_draft",
    "deny_application",
    "expire_due_credentials",
    "internal_notes",
    "record_finding",
    "record_findings",
    "reinstate_body",
    "remove_document",
    "restore_standard",
    "retire_standard",
    "return_application",
    "revoke_body_certification",
    "revoke_credential",
    "standards_reviewed_by",
    "start_review",
    "submit_application",
    "suspend_body",
    "update_application",
    "update_body",
    "update_standard",
    "withdraw_application",
]
