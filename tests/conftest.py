import importlib
import os
from pathlib import Path

# Playwright's sync API runs an event loop in the test thread; Django must still accept ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.db import connection
from django.test import Client

from credentialing.states import ApplicationStatus

from .factories import (
    AgencyFactory,
    AgencyStaffFactory,
    ApplicationFactory,
    BodyFactory,
    CertifierFactory,
    DocumentFactory,
    DojAdministratorFactory,
    GrantOfficerFactory,
)
from .mail import smtp_server  # noqa: F401 - a fixture for every test module
from .mfa import pass_second_factor

TESTS = Path(__file__).resolve().parent


# First among the hooks: xdist's own reads the groups from the markers when it runs.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    on_postgres = connection.vendor == "postgresql"
    has_broker = bool(os.environ.get("CELERY_BROKER_URL"))
    for item in items:
        if _shares_machine_resources(item):
            # One xdist process runs these one after another: they purge the broker's queues, start
            # servers on fixed ports or time themselves, and would disturb each other side by side.
            item.add_marker(pytest.mark.xdist_group("machine"))
        if _test_folder(item) in INTERFACE_FOLDERS:
            item.add_marker(pytest.mark.interface)
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL)"))
        if "worker" in item.keywords and not has_broker:
            item.add_marker(pytest.mark.skip(reason="needs a real broker (CELERY_BROKER_URL)"))


# Tests of the doors (pages, API, headers, storage back ends): the same selectors and services below them
# are tested on their own, so the embedded-default pass of bin/test leaves these out.
INTERFACE_FOLDERS = {"web", "api", "browser", "security", "storage"}


def _test_folder(item) -> str:
    parts = item.path.relative_to(TESTS).parts
    return parts[0] if len(parts) > 1 else ""


def _shares_machine_resources(item) -> bool:
    if "worker" in item.keywords or "slow" in item.keywords:
        return True
    return _test_folder(item) in {"scale", "reliability", "multinode"}


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _eager_tasks_unless_worker(request):
    """Tasks run inline in ordinary tests; tests marked ``worker`` send them to the real broker."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = "worker" not in request.keywords
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _standards_catalogue(request):
    """A transactional test ends with a flush that empties the data migrations' rows too. Run one after
    another, transactional tests come last; run side by side, any test may follow one in its process, so
    every database test puts the catalogue back when it finds it gone (inside its own transaction, so a
    rolled-back test leaves the database as it found it)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "_django_db_helper" not in request.fixturenames:
        return
    request.getfixturevalue("_django_db_helper")
    from django.apps import apps

    standard = apps.get_model("credentialing", "Standard")
    if standard.objects.exists():
        return
    catalogue = importlib.import_module("credentialing.migrations.0002_standards_catalogue")
    catalogue.load(apps, None)


@pytest.fixture
def commit_hooks(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the recompute enqueue) as a commit would: ``with commit_hooks(): ...``."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def agency(db):
    return AgencyFactory(state="CA")


@pytest.fixture
def body(db):
    return BodyFactory(name="Example National Accreditation Board")


@pytest.fixture
def staff(agency):
    return AgencyStaffFactory(agency=agency, username="staff")


@pytest.fixture
def certifier(body):
    return CertifierFactory(credentialing_body=body, username="certifier")


@pytest.fixture
def doj_admin(db):
    return DojAdministratorFactory(username="dojadmin")


@pytest.fixture
def grant_officer(db):
    return GrantOfficerFactory(username="officer")


@pytest.fixture
def draft(agency, body, staff):
    """A draft with both attestations and both required documents: ready to submit."""
    application = ApplicationFactory(
        agency=agency, body=body, created_by=staff, status=ApplicationStatus.DRAFT
    )
    DocumentFactory(application=application, kind="use_of_force_policy", uploaded_by=staff)
    DocumentFactory(application=application, kind="signed_declaration", uploaded_by=staff)
    return application


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters start from zero in every test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class SignedInClient(Client):
    """``force_login`` stands for a whole sign-in: the password and, for people who need one, the second
    factor. ``force_login_password_only`` stops after the password, as a half-signed-in session does."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        pass_second_factor(self, user)

    def force_login_password_only(self, user, backend=None):
        super().force_login(user, backend)


@pytest.fixture
def client():
    return SignedInClient()
