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
        (b"CA00\x0000001,100\n", "Line 1: The ORI contains a NUL character."),
        (b"CA0000001," + b"1" * 65 + b"\n", "Line 1: The amount is longer than 64 characters."),
    ],
)
def test_a_bad_value_is_reported_by_row_and_nothing_is_imported(grant_officer, row, words):
    AgencyFactory(state="CA", ori="CA0000001")
    report = run(grant_officer, row)
    assert report.errors == [words]


def test_every_problem_of_every_row_is_reported_by_its_spreadsheet_line(grant_officer):
    known = AgencyFactory(state="CA")
    content = (
        "ORI,amount\n"  # line 1
        f"{known.ori},100\n"  # line 2: fine
        "\n"  # line 3: blank, still a line of the spreadsheet
        ",abc\n"  # line 4: two problems
        "NY9999999,-5\n"  # line 5: two problems, one found only against the registry
        "CA0000009\n"  # line 6
    ).encode()
    report = run(grant_officer, content)
    assert report.errors == [
        "Line 4: The ORI is empty.",
        "Line 4: “abc” is not an amount in dollars.",
        "Line 5: The amount requested must be more than $0 and less than $1 trillion.",
        "Line 5: No agency has the ORI NY9999999.",
        "Line 6: Expected an ORI and an amount.",
    ]
    assert report.rows_with_errors == 3 and report.added == 0
    assert not GrantApplicant.objects.exists()
