"""The multi-node run's database side, run inside Django against the run's own database.

    python bench/multinode_django.py seed AGENCIES   -> JSON: program, tokens, agencies
    python bench/multinode_django.py verify          -> JSON: flags against the rule, documents, applicants

The seed empties the database first (it is the run's own), then loads the standards catalogue, one
certified national body with a certifier, a grant officer, a discretionary program and agencies with a
member of staff each; every person gets an API token. ``verify`` recomputes every flag with the rule's
pure function from the committed facts and compares it with the stored flag.
"""

import importlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from knox.models import AuthToken  # noqa: E402

from credentialing.dates import today as local_today  # noqa: E402
from credentialing.models import CredentialApplication, EvidenceDocument, Standard, StandardKind  # noqa: E402
from grants.eligibility import evaluate  # noqa: E402
from grants.facts import load_facts  # noqa: E402
from grants.models import AgencyEligibility, GrantApplicant, RecomputeRequest  # noqa: E402
from tests.factories import (  # noqa: E402
    AgencyFactory,
    AgencyStaffFactory,
    BodyFactory,
    CertifierFactory,
    GrantApplicantFactory,
    GrantOfficerFactory,
    ProgramFactory,
)


def _token(user) -> str:
    return AuthToken.objects.create(user=user)[1]


def seed(agency_count: int) -> dict:
    call_command("flush", interactive=False, verbosity=0)
    importlib.import_module("credentialing.migrations.0002_standards_catalogue").load(apps, None)
    body = BodyFactory(name="Multi-node Drill Accreditation Board", abbreviation="MNDAB")
    certifier = CertifierFactory(credentialing_body=body, username="drill-certifier", password=None)
    officer = GrantOfficerFactory(username="drill-officer", password=None)
    # Only reads (the heavy lists), so no write of theirs pins them to the primary.
    analyst = GrantOfficerFactory(username="drill-analyst", password=None)
    program = ProgramFactory(name="Multi-node Drill Program")
    agencies = []
    for index in range(agency_count):
        agency = AgencyFactory(state="VA", ori=f"VA{index:05d}00", name=f"Drill County {index} Police")
        staff = AgencyStaffFactory(agency=agency, username=f"drill-staff-{index}", password=None)
        # Half apply to the program now; the grant officer adds the rest during the run.
        if index % 2 == 0:
            GrantApplicantFactory(program=program, agency=agency)
        agencies.append({"id": agency.pk, "ori": agency.ori, "token": _token(staff)})
    return {
        "program": program.pk,
        "body": body.pk,
        "certifier": _token(certifier),
        "officer": _token(officer),
        "analyst": _token(analyst),
        "agencies": agencies,
        "mandatory": list(
            Standard.objects.filter(kind=StandardKind.MANDATORY).values_list("code", flat=True)
        ),
    }


def verify() -> dict:
    agency_types, facts = load_facts(None)
    today = local_today()
    stored = {row.agency_id: row for row in AgencyEligibility.objects.all()}
    mismatches = []
    for agency_id, agency_type in agency_types.items():
        expected = evaluate(agency_type=agency_type, applications=facts.get(agency_id, ()), today=today)
        flag = stored.get(agency_id)
        seen = (flag.eligible, flag.basis) if flag else (False, "none")
        if seen != (expected.eligible, expected.basis):
            mismatches.append(
                {"agency": agency_id, "stored": seen, "rule": [expected.eligible, expected.basis]}
            )
    return {
        "flags_checked": len(agency_types),
        "mismatches": mismatches,
        "eligible": sum(1 for flag in stored.values() if flag.eligible),
        "outbox": RecomputeRequest.objects.count(),
        "documents": {
            str(doc.pk): [doc.application_id, doc.sha256] for doc in EvidenceDocument.objects.all()
        },
        "application_agencies": {
            str(pk): agency for pk, agency in CredentialApplication.objects.values_list("pk", "agency_id")
        },
        "applications": {
            str(pk): status for pk, status in CredentialApplication.objects.values_list("pk", "status")
        },
        "applicants": sorted(GrantApplicant.objects.values_list("agency_id", flat=True)),
    }


if __name__ == "__main__":
    command = sys.argv[1]
    result = seed(int(sys.argv[2])) if command == "seed" else verify()
    print(json.dumps(result))
