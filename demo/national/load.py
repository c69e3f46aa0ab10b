"""Writing the national data set: COPY on PostgreSQL, batched INSERTs elsewhere; reset; a digest of it."""

import hashlib
from collections.abc import Callable, Iterable
from datetime import date

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Model

from agencies.models import Agency
from credentialing.models import CredentialingBody, Standard

from .generate import NationalDataSet, Table

# Parents before children, so SQLite's immediate checks and readers in between both see whole rows.
INSERT_ORDER = [
    "credentialing.CredentialingBody",
    "agencies.Agency",
    "accounts.User",
    "credentialing.CredentialingBody_discretionary_standards",
    "credentialing.BodyCertificationEvent",
    "credentialing.CredentialApplication",
    "credentialing.TransitionLog",
    "reporting.BulkList",
    "reporting.BulkListRow",
    "grants.GrantProgram",
    "grants.GrantApplicant",
    "records.UseOfForceRecord",
    "records.RecordRevision",
    "records.QuarterlyReport",
    "records.ReportVersion",
    "records.ReportingStatus",
    "community.SupportProgram",
    "community.ProgramVersion",
    "community.YearlyFigures",
    "community.YearlyFiguresVersion",
]
# What --reset empties, children first (the generated users go with the agencies and bodies).
DOMAIN_TABLES = [
    "community.YearlyFiguresVersion",
    "community.YearlyFigures",
    "community.ProgramVersion",
    "community.SupportProgram",
    "reporting.BulkListRow",
    "reporting.BulkList",
    "reporting.AnnualReport",
    "grants.EligibilityChange",
    "grants.AgencyEligibility",
    "grants.RecomputeRequest",
    "grants.BodyRecomputeRequest",
    "grants.GrantApplicant",
    "grants.GrantProgram",
    "records.HiringCheck",
    "records.ReportVersion",
    "records.QuarterlyReport",
    "records.ReportingStatus",
    "records.RecordDocument",
    "records.RecordRevision",
    "records.UseOfForceRecord",
    "credentialing.TransitionLog",
    "credentialing.Finding",
    "credentialing.EvidenceDocument",
    "credentialing.CredentialApplication",
    "credentialing.BodyCertificationEvent",
    "credentialing.CredentialingBody_discretionary_standards",
    "knox.AuthToken",
    "accounts.User_groups",
    "accounts.User_user_permissions",
    "admin.LogEntry",
    "accounts.User",
    "credentialing.CredentialingBody",
    "agencies.Agency",
]

Progress = Callable[[str], None]


def _through(label: str) -> type[Model]:
    owner_label, relation = label.split("_", 1)
    owner = apps.get_model(owner_label)
    return getattr(owner, relation).through


def resolve(label: str) -> type[Model] | None:
    app_label, name = label.split(".")
    if "_" in name:
        try:
            return _through(label)
        except (LookupError, AttributeError):
            return None
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def has_agencies() -> bool:
    return Agency.objects.exists()


def reset_domain_tables() -> None:
    """Empties every table the data set fills, and the user accounts that belong to it."""
    models = [model for label in DOMAIN_TABLES if (model := resolve(label)) is not None]
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(connection.ops.quote_name(table) for table in tables)
            # Deferred foreign-key checks still pending in this transaction would block TRUNCATE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608


def id_bases() -> dict[str, int]:
    """The highest id in use per generated table, so generated ids never collide with existing rows."""
    bases = {}
    for label in INSERT_ORDER:
        model = resolve(label)
        assert model is not None
        bases[label] = model._default_manager.aggregate(top=Max("pk"))["top"] or 0
    return bases


def _columns(model: type[Model], fields: Iterable[str]) -> list[str]:
    by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
    return [by_attname[name] for name in fields]


def _copy(model: type[Model], table: Table) -> None:
    columns = ", ".join(connection.ops.quote_name(c) for c in _columns(model, table.fields))
    name = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
            for row in table.rows:
                copy.write_row(row)


def _insert(model: type[Model], table: Table, batch: int = 500) -> None:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    prepared_fields = [fields[name] for name in table.fields]
    columns = ", ".join(connection.ops.quote_name(c) for c in _columns(model, table.fields))
    marks = ", ".join(["%s"] * len(table.fields))
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    json_columns = {i for i, f in enumerate(prepared_fields) if f.get_internal_type() == "JSONField"}
    with connection.cursor() as cursor:
        for start in range(0, len(table.rows), batch):
            chunk = []
            for row in table.rows[start : start + batch]:
                values = []
                for i, (f, value) in enumerate(zip(prepared_fields, row, strict=True)):
                    # JSON columns arrive already serialised; everything else goes through the field.
                    values.append(value if i in json_columns else f.get_db_prep_save(value, connection))
                chunk.append(values)
            cursor.executemany(sql, chunk)


def write(dataset: NationalDataSet, progress: Progress) -> dict[str, int]:
    counts = {}
    with transaction.atomic():
        for label in INSERT_ORDER:
            table = dataset.tables[label]
            model = resolve(label)
            assert model is not None
            if connection.vendor == "postgresql":
                _copy(model, table)
            else:
                _insert(model, table)
            counts[label] = len(table.rows)
            progress(f"  wrote {len(table.rows):>9,} rows of {model._meta.label}")
        models = [resolve(label) for label in INSERT_ORDER]
        statements = connection.ops.sequence_reset_sql(no_style(), [m for m in models if m is not None])
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    return counts


def build(*, seed: int, scale: float, today: date) -> NationalDataSet:
    standard_ids = list(
        Standard.objects.filter(kind="discretionary").order_by("id").values_list("id", flat=True)
    )
    return NationalDataSet(
        seed=seed, scale=scale, today=today, standard_ids=standard_ids, ids=id_bases()
    ).build()


DIGEST_QUERIES: list[tuple[type[Model] | str, tuple[str, ...]]] = [
    (Agency, ("ori", "ein", "name", "agency_type", "state", "county", "city", "sworn_officers", "head_name")),
    (
        CredentialingBody,
        ("name", "states_served", "agency_types_served", "certification_status", "certified_on"),
    ),
    (
        "credentialing.CredentialApplication",
        (
            "agency__ori",
            "body__name",
            "status",
            "submitted_at",
            "status_changed_at",
            "determination_date",
            "expires_on",
        ),
    ),
    ("credentialing.TransitionLog", ("application__agency__ori", "action", "from_status", "to_status", "at")),
    ("grants.GrantApplicant", ("program__name", "program__fiscal_year", "agency__ori", "amount_requested")),
    ("accounts.User", ("username", "role", "agency__ori", "credentialing_body__name")),
    ("grants.AgencyEligibility", ("agency__ori", "eligible", "basis", "reason")),
]


def digest() -> str:
    """A SHA-256 of the generated rows by their natural keys (ids and insertion times left out)."""
    sha = hashlib.sha256()
    for model_or_label, fields in DIGEST_QUERIES:
        model = apps.get_model(model_or_label) if isinstance(model_or_label, str) else model_or_label
        rows = model._default_manager.order_by(*fields).values_list(*fields)
        for row in rows.iterator(chunk_size=10_000):
            sha.update(repr(row).encode())
        sha.update(b"|")
    return sha.hexdigest()


def analyze() -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL); without them every plan guesses."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
