"""Writes of the grants app."""

from .eligibility import (
    drain_pending,
    recompute_agency_eligibility,
    recompute_all_eligibility,
    recompute_body_agencies,
    recompute_eligibility_of,
    recompute_pending,
    reconcile_eligibility,
    relay_outbox,
)
from .programs import (
    ImportReport,
    add_applicant,
    create_program,
    import_applicants_csv,
    remove_applicant,
    update_program,
    validate_program,
)

__all__ = [
    "ImportReport",
    "add_applicant",
    "create_program",
    "drain_pending",
    "import_applicants_csv",
    "recompute_agency_eligibility",
    "recompute_all_eligibility",
    "recompute_body_agencies",
    "recompute_eligibility_of",
    "recompute_pending",
    "reconcile_eligibility",
    "relay_outbox",
    "remove_applicant",
    "update_program",
    "validate_program",
]
