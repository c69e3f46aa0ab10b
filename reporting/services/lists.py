"""A body's bulk list: upload (the preview, stored), then commit (every ready row approved at once)."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from common.audit import record
from common.errors import InvalidTransition, NotAllowed, NotFound, RuleViolation
from common.humanize import human_moment
from credentialing.dates import today
from credentialing.models import CredentialingBody
from credentialing.services.applications import lock_awarding_body
from credentialing.services.bulk_approval import (
    ListedApproval,
    approval_refusal,
    approve_listed,
    standings_with,
)

from ..models import BulkList, BulkListRow, RowVerdict
from ..parsing import ListedRow, max_bytes, parse_list
from ..refusals import READING_REFUSALS, RowRefusal, refusal_counts


@dataclass(frozen=True)
class Upload:
    bulk_list: BulkList
    created: bool  # False: the body had uploaded this very file before, and nothing changed


def _require_certifier_of(actor: User, body: CredentialingBody) -> None:
    if not actor.is_certifier:
        raise NotAllowed("Only a certifier of the credentialing body can upload or commit its lists.")
    if actor.credentialing_body_id != body.pk:
        raise NotFound("No such list.")


@dataclass(frozen=True)
class Verdict:
    agency: Agency | None
    kind: str = ""  # a RowRefusal; empty when the row is ready
    reason: str = ""


def _verdicts(
    body: CredentialingBody, rows: Sequence[ListedRow], agencies: dict[str, Agency]
) -> list[Verdict]:
    """Each row's agency and, when it cannot be approved, why and the kind of why: one query.

    A row the file itself made unusable keeps its refusal, and is not counted as a listing of its ORI."""
    current = today()
    standings = standings_with(body.pk, [a.pk for a in agencies.values()])
    first_line: dict[str, int] = {}
    verdicts: list[Verdict] = []
    for row in rows:
        agency = agencies.get(row.ori)
        if row.refusal_kind in READING_REFUSALS or row.determination_date is None:
            verdicts.append(Verdict(agency, row.refusal_kind or RowRefusal.OTHER, row.refusal))
            continue
        if row.ori in first_line:
            verdicts.append(
                Verdict(
                    agency,
                    RowRefusal.DUPLICATE,
                    f"Duplicate row: the ORI {row.ori} is already listed on row {first_line[row.ori]}.",
                )
            )
            continue
        first_line[row.ori] = row.line
        if agency is None:
            verdicts.append(
                Verdict(None, RowRefusal.UNKNOWN_ORI, f"Unknown ORI: no agency has the ORI {row.ori}.")
            )
            continue
        refusal = approval_refusal(
            body=body,
            agency=agency,
            determination_date=row.determination_date,
            standings=standings.get(agency.pk, ()),
            current=current,
        )
        verdicts.append(Verdict(agency, refusal.kind, refusal.message) if refusal else Verdict(agency))
    return verdicts


def upload_list(
    *, body: CredentialingBody, actor: User, file: IO[bytes], filename: str, name: str = ""
) -> Upload:
    """Read and check the list; store it with each row's verdict. The same file again changes nothing."""
    _require_certifier_of(actor, body)
    declared = getattr(file, "size", None) or 0
    if declared > max_bytes():
        # An upload past the cap arrives empty (common.limits.CappedUploadHandler): say why.
        raise RuleViolation(f"The file is larger than a list may be ({max_bytes():,} bytes).", field="file")
    data = file.read()
    digest = hashlib.sha256(data).hexdigest()
    existing = BulkList.objects.filter(body=body, sha256=digest).first()
    if existing is not None:
        return Upload(existing, created=False)
    parsed = parse_list(data, filename)
    agencies = {a.ori: a for a in Agency.objects.filter(ori__in={r.ori for r in parsed.rows})}
    verdicts = _verdicts(body, parsed.rows, agencies)
    counts = refusal_counts(v.kind for v in verdicts)
    refused = sum(counts.values())
    display = (name or "").strip()[:200] or filename.rsplit(".", 1)[0][:200]
    try:
        with transaction.atomic():
            bulk_list = BulkList(
                body=body,
                name=display,
                original_name=filename[:200],
                content_type=parsed.content_type,
                size_bytes=len(data),
                sha256=digest,
                uploaded_by=actor,
                row_count=len(parsed.rows),
                ready_count=len(parsed.rows) - refused,
                refused_count=refused,
                refusal_counts=counts,
            )
            bulk_list.file.save(filename, ContentFile(data), save=False)
            bulk_list.save()
            BulkListRow.objects.bulk_create(
                [
                    BulkListRow(
                        bulk_list=bulk_list,
                        line=row.line,
                        ori=row.ori[:100],
                        determination_date=row.determination_date,
                        written_date=row.written_date[:100],
                        reference=row.reference[:100],
                        agency=verdict.agency,
                        verdict=RowVerdict.REFUSED if verdict.kind else RowVerdict.READY,
                        refusal_kind=verdict.kind,
                        reason=verdict.reason[:300],
                    )
                    for row, verdict in zip(parsed.rows, verdicts, strict=True)
                ],
                batch_size=5000,
            )
            record(
                actor=actor,
                action="bulk_list.uploaded",
                obj=bulk_list,
                after={
                    "rows": len(parsed.rows),
                    "ready": len(parsed.rows) - refused,
                    "refused": refused,
                    "refused_by_kind": counts,
                },
            )
    except IntegrityError:
        # The same file uploaded by a colleague a moment ago: that list is this one.
        return Upload(BulkList.objects.get(body=body, sha256=digest), created=False)
    return Upload(bulk_list, created=True)


# The pairs are joined as a table, with no ``= ANY(array)`` filter on the applications: that form, probed
# for each row of the list, was still running after several seconds on a list of 18,000 rows.
_LINK_ROWS = """
UPDATE {rows} AS r SET application_id = m.application_id
FROM unnest(%s::bigint[], %s::bigint[]) AS m(agency_id, application_id)
WHERE r.bulk_list_id = %s AND r.verdict = 'ready' AND r.agency_id = m.agency_id
"""


def _link_rows(bulk_list: BulkList, made: dict[int, int]) -> None:
    """Each ready row gets the application just made for its agency: one statement on PostgreSQL."""
    if connection.vendor == "postgresql":
        sql = _LINK_ROWS.format(rows=BulkListRow._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(sql, [list(made), list(made.values()), bulk_list.pk])
        return
    rows = list(bulk_list.rows.filter(verdict=RowVerdict.READY))
    for row in rows:
        row.application_id = made.get(row.agency_id)  # type: ignore[arg-type]
    BulkListRow.objects.bulk_update(rows, ["application_id"], batch_size=1000)


def commit_list(*, bulk_list: BulkList, actor: User, accept_refusals: bool = False) -> BulkList:
    """Approve every ready row through the approval rules; refused rows stay as they are.

    The list's row is locked first: of two certifiers committing at once, the second waits and then
    finds the list committed. A list with refused rows commits only with ``accept_refusals``.
    """
    with transaction.atomic():
        try:
            locked = (
                BulkList.objects.select_for_update(of=("self",)).select_related("body").get(pk=bulk_list.pk)
            )
        except BulkList.DoesNotExist:
            raise NotFound("No such list.") from None
        _require_certifier_of(actor, locked.body)
        # The same first check as one approval: the body certified now, its row locked.
        lock_awarding_body(locked.body_id)
        if locked.is_committed:
            raise InvalidTransition(
                f"List {locked.name} was already committed on "
                f"{human_moment(locked.committed_at)}: nothing more to do."
            )
        stored = list(locked.rows.select_related("agency").order_by("line"))
        # The facts may have moved since the preview (another approval, a new day): judge again.
        listed = [
            ListedRow(
                r.line,
                r.ori,
                r.determination_date,
                r.reference,
                r.written_date,
                r.refusal_kind if r.refusal_kind in READING_REFUSALS else "",
                r.reason if r.refusal_kind in READING_REFUSALS else "",
            )
            for r in stored
        ]
        agencies = {r.ori: r.agency for r in stored if r.agency is not None}
        verdicts = _verdicts(locked.body, listed, agencies)
        moved = []
        for row, judged in zip(stored, verdicts, strict=True):
            verdict = RowVerdict.REFUSED if judged.kind else RowVerdict.READY
            if (row.verdict, row.refusal_kind, row.reason) != (verdict, judged.kind, judged.reason[:300]):
                row.verdict, row.refusal_kind, row.reason = verdict, judged.kind, judged.reason[:300]
                moved.append(row)
        ready = [r for r in stored if r.verdict == RowVerdict.READY]
        refused = len(stored) - len(ready)
        if not ready:
            raise RuleViolation("No row of this list is ready to commit: every row is refused.")
        if refused and not accept_refusals:
            raise RuleViolation(
                f"{refused} of the list's {len(stored)} rows are refused. Confirm that only the "
                f"{len(ready)} ready rows are to be committed.",
                field="accept_refusals",
            )
        if moved:
            BulkListRow.objects.bulk_update(moved, ["verdict", "refusal_kind", "reason"], batch_size=5000)
        made = approve_listed(
            body_id=locked.body_id,
            actor=actor,
            approvals=[
                ListedApproval(r.agency, r.determination_date, r.reference)
                for r in ready
                if r.agency and r.determination_date
            ],
            list_name=locked.name,
            evidence_file=locked.file.name,
            evidence_name=locked.original_name,
            content_type=locked.content_type,
            size_bytes=locked.size_bytes,
            sha256=locked.sha256,
        )
        _link_rows(locked, made)
        locked.ready_count, locked.refused_count = len(ready), refused
        locked.refusal_counts = refusal_counts(r.refusal_kind for r in stored)
        locked.committed_at, locked.committed_by, locked.committed_count = timezone.now(), actor, len(ready)
        locked.save(
            update_fields=[
                "ready_count",
                "refused_count",
                "refusal_counts",
                "committed_at",
                "committed_by",
                "committed_count",
            ]
        )
        record(
            actor=actor,
            action="bulk_list.committed",
            obj=locked,
            after={"approved": len(ready), "refused_left": refused},
            reason="refused rows left out at the certifier's say-so" if refused else "",
        )
    return locked
