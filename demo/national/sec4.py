"""Sec. 4 rows of the national data set: co-responder and community-support programs for a share of the
agencies, each with its first version and, for years ended since it started, its yearly figures.

Where the share comes from: FACTS.md holds no count of agencies running co-responder or community-support
programs, and we have no public national count to cite, so the shares below are an ASSUMPTION, stated
as such. We assume the chance grows with the agency's size, because a program needs call volume and
staff to pair with a clinician (large city departments commonly run one; a department of five
officers rarely does), and is lower for special-jurisdiction, constable and tribal agencies. With the
size distribution the generator already follows (about half of all agencies under 10 sworn officers, about
6% with 100 or more: FACTS.md), these shares give programs to about one agency in seven (~14%). Change
``SHARE_BY_SIZE`` when a sourced figure is available.

Drawn from a random source of its own, so adding these rows leaves every other generated row as it was.
"""

import json
import random
from datetime import UTC, date, datetime, time, timedelta

from agencies.models import AgencyType
from community.models import TERMS, PartnerKind, SupportModel

# (fewer than this many sworn officers, share of such agencies running at least one program): an assumption.
SHARE_BY_SIZE = [(10, 0.05), (50, 0.15), (100, 0.30), (500, 0.50), (10**9, 0.80)]
# Agency types that rarely answer the calls these programs are for: their share is halved (assumption).
LESS_LIKELY = {AgencyType.SPECIAL_JURISDICTION, AgencyType.CONSTABLE_MARSHAL, AgencyType.TRIBAL}
MODELS = [
    (SupportModel.CO_RESPONDER, 0.45),
    (SupportModel.CRISIS_LINE_DIVERSION, 0.2),
    (SupportModel.HOMELESSNESS_OUTREACH, 0.15),
    (SupportModel.ADDICTION_DEFLECTION, 0.15),
    (SupportModel.OTHER, 0.05),
]
PARTNER_FOR = {
    SupportModel.CO_RESPONDER: (PartnerKind.MENTAL_HEALTH_PROVIDER, "Community Mental Health"),
    SupportModel.CRISIS_LINE_DIVERSION: (PartnerKind.HEALTH_DEPARTMENT, "County Crisis Line"),
    SupportModel.HOMELESSNESS_OUTREACH: (PartnerKind.SOCIAL_SERVICES, "Housing Outreach Services"),
    SupportModel.ADDICTION_DEFLECTION: (PartnerKind.NON_PROFIT, "Recovery Alliance"),
    SupportModel.OTHER: (PartnerKind.NON_PROFIT, "Veterans Support Network"),
}
TRAININGS = ["Crisis Intervention Team (CIT) 40-hour course", "Mental Health First Aid for Public Safety"]
FIRST_START = date(2015, 1, 1)


def share_for(sworn: int, agency_type: str) -> float:
    share = next(s for below, s in SHARE_BY_SIZE if sworn < below)
    return share / 2 if agency_type in LESS_LIKELY else share


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(16, 0), tzinfo=UTC) + timedelta(seconds=rng.randrange(0, 4 * 3600))


def add_sec4(dataset, *, seed: int) -> None:
    rng = random.Random(seed * 37 + 4)  # noqa: S311 - reproducible synthetic data, not secrets
    today = dataset.today
    programs = dataset._table(
        "community.SupportProgram",
        "agency_id",
        *TERMS,
        "version",
        "created_by_id",
        "created_at",
        "changed_at",
    )
    versions = dataset._table(
        "community.ProgramVersion",
        "program_id",
        "agency_id",
        "number",
        *TERMS,
        "note",
        "recorded_by_id",
        "recorded_at",
    )
    figures = dataset._table(
        "community.YearlyFigures",
        "program_id",
        "year",
        "calls_answered_jointly",
        "referrals_made",
        "version",
        "first_filed_at",
        "filed_at",
        "filed_by_id",
    )
    filings = dataset._table(
        "community.YearlyFiguresVersion",
        "figures_id",
        "number",
        "calls_answered_jointly",
        "referrals_made",
        "note",
        "filed_by_id",
        "filed_at",
    )
    models, weights = [m for m, _ in MODELS], [w for _, w in MODELS]
    for row in dataset.tables["agencies.Agency"].rows:
        agency_id, agency_type, city, sworn = row[0], row[4], row[7], row[8]
        if rng.random() >= share_for(sworn, agency_type):
            continue
        staff = dataset.staff[agency_id]
        model = rng.choices(models, weights)[0]
        kind, partner = PARTNER_FOR[model]
        started = FIRST_START + timedelta(days=rng.randrange(0, (today - FIRST_START).days - 30))
        ended = None
        if rng.random() < 0.08 and (today - started).days > 400:  # a few have ended
            ended = started + timedelta(days=rng.randrange(365, (today - started).days))
        trained = rng.randrange(10, 100)
        terms = (
            model,
            "Veterans' outreach" if model == SupportModel.OTHER else "",
            json.dumps([{"name": f"{city} {partner} (synthetic)", "kind": kind}]),
            started,
            ended,
            rng.choice([40, 60, 84, 168]),
            rng.randrange(30, 101),
            trained,
            rng.choice(TRAININGS),
            started - timedelta(days=rng.randrange(10, 200)),
        )
        recorded = _moment(max(started, today - timedelta(days=rng.randrange(30, 700))), rng)
        recorded = min(recorded, _moment(today - timedelta(days=1), rng))
        program_id = dataset._id("community.SupportProgram")
        programs.rows.append((program_id, agency_id, *terms, 1, staff, recorded, recorded))
        versions.rows.append(
            (dataset._id("community.ProgramVersion"), program_id, agency_id, 1, *terms, "", staff, recorded)
        )
        last_year = min(today.year - 1, ended.year if ended else today.year - 1)
        scale = max(1, sworn) * rng.uniform(0.5, 3.0)
        for year in range(max(started.year, today.year - 3), last_year + 1):
            calls = round(scale * rng.uniform(0.6, 1.4))
            filed = _moment(date(year + 1, 1, 1) + timedelta(days=rng.randrange(5, 60)), rng)
            figures_id = dataset._id("community.YearlyFigures")
            referrals = round(calls * rng.uniform(0.1, 0.4))
            figures.rows.append((figures_id, program_id, year, calls, referrals, 1, filed, filed, staff))
            filings.rows.append(
                (
                    dataset._id("community.YearlyFiguresVersion"),
                    figures_id,
                    1,
                    calls,
                    referrals,
                    "",
                    staff,
                    filed,
                )
            )
