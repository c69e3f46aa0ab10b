"""The applicant import reads its file as it streams, caps rows and values, and refuses bad CSV clearly."""

import io

import pytest

from common.errors import RuleViolation
from grants.models import GrantApplicant
from grants.services import import_applicants_csv
from tests.factories import AgencyFactory, ProgramFactory

pytestmark = pytest.mark.django_db


class PiecesOnly(io.BytesIO):
    """A file that refuses to be read whole, as an upload of any size must never be."""

    def read(self, size: int | None = -1) -> bytes:
        assert size is not None and 0 < size <= 1024 * 1024, f"read({size}) of the whole file"
        return super().read(size)


def run(grant_officer, content: bytes, program=None):
    program = program or ProgramFactory()
    return import_applicants_csv(actor=grant_officer, program=program, file=PiecesOnly(content))


def test_rows_are_imported_from_a_file_read_in_pieces(grant_officer):
    agencies = [AgencyFactory(state="CA") for _ in range(3)]
    rows = "".join(f"{a.ori},{1000 + i}\n" for i, a in enumerate(agencies))
    program = ProgramFactory()
    report = run(grant_officer, ("\ufeffori,amount\n" + rows * 5000).encode(), program)
    assert report.errors == [] and report.added == 3
    assert GrantApplicant.objects.filter(program=program).count() == 3


def test_more_rows_than_the_cap_are_refused(grant_officer, settings):
    settings.APPLICANT_IMPORT_MAX_ROWS = 5
    with pytest.raises(RuleViolation, match="At most 5 rows"):
        run(grant_officer, b"CA0000001,10\n" * 6)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"CA0000001," + b"9" * 131_073 + b"\n", "at most 131,072 characters"),
        (b'CA0000001,"100\nCA0000002,200\n', "closing one"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"ori,amount\n", "no rows"),
    ],
    ids=["field over the csv limit", "unterminated quote", "not text", "header only"],
)
def test_a_file_that_is_not_readable_csv_is_refused_with_the_reason(grant_officer, content, words):
    with pytest.raises(RuleViolation, match=words):
        run(grant_officer, content)


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (b"CA00\x0000001,100\n", "row 1: contains a NUL character"),
        (b"CA0000001," + b"1" * 65 + b"\n", "row 1: an ORI or an amount is at most 64 characters"),
    ],
)
def test_a_bad_value_is_reported_by_row_and_nothing_is_imported(grant_officer, row, words):
    report = run(grant_officer, row)
    assert report.errors == [words]
