from datetime import date

import pytest

from records.models import ProcessStatus, RecordKind
from records.services.records import create_record


@pytest.fixture
def make_record(staff):
    def make(**overrides):
        values = {
            "actor": staff,
            "agency": staff.agency,
            "officer_name": "Jordan A. Smith",
            "date_of_birth": date(1985, 3, 4),
            "kind": RecordKind.TERMINATION,
            "action_date": date(2025, 8, 14),
            "process_status": ProcessStatus.FINAL,
        }
        values.update(overrides)
        return create_record(**values)

    return make
