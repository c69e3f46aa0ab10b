import pytest


@pytest.fixture(autouse=True)
def _patient_readiness(settings):
    """On a loaded two-core machine a thread may wait seconds for its turn: the tests that expect a
    dependency to answer give it ten (production's two; the timeout test sets its own)."""
    settings.HEALTH_CHECK_TIMEOUT = 10
