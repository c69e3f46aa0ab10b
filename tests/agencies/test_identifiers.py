import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agencies.identifiers import format_ein, normalize_ein, normalize_ori, validate_ein, validate_ori
from tests.factories import AgencyFactory


@pytest.mark.parametrize("ori", ["CA0194200", "TX2270100", "PR0010000", "NY030013N"])
def test_well_formed_oris_pass(ori):
    validate_ori(ori)


@pytest.mark.parametrize(
    "ori", ["", "CA019420", "CA01942000", "ca0194200", "ZZ0194200", "CA-194200", "CA01942 0"]
)
def test_malformed_oris_fail(ori):
    with pytest.raises(ValidationError):
        validate_ori(ori)


def test_normalisers():
    assert normalize_ori(" ca0194200 ") == "CA0194200"
    assert normalize_ein("95-6000735") == "956000735"
    assert format_ein("956000735") == "95-6000735"


@pytest.mark.parametrize("ein", ["95600073", "9560007351", "95-600073X", "006000735"])
def test_malformed_eins_fail(ein):
    with pytest.raises(ValidationError):
        validate_ein(normalize_ein(ein))


@pytest.mark.django_db
def test_database_refuses_bad_identifiers_and_duplicates():
    AgencyFactory(ori="CA0194200", state="CA")
    for bad in [
        {"ori": "CA0194200", "state": "CA"},  # duplicate ORI
        {"ori": "TX0194200", "state": "CA"},  # ORI of another state
        {"ori": "CA01942", "state": "CA"},  # too short
        {"ori": "CA0194299", "state": "CA", "ein": "12345"},  # EIN not nine digits
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            AgencyFactory(**bad)


@pytest.mark.django_db
def test_model_validation_explains_a_state_mismatch():
    agency = AgencyFactory.build(ori="TX0194200", state="CA")
    with pytest.raises(ValidationError, match="starts with CA"):
        agency.full_clean()
