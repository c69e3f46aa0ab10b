"""Building the national data set in memory: plain row tuples, a pure function of seed, scale and date.

Nothing here touches the database; ``demo.national.load`` writes the rows in bulk. Ids are assigned here
(from the bases the loader passes) so that rows can refer to each other without a round trip.
"""

import json
import random
import string
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from accounts.models import Role
from agencies.models import AgencyType
from credentialing.dates import add_months
from credentialing.models import CertificationStatus
from credentialing.states import ApplicationStatus as S

from .census import (
    NATIONAL_TOTAL,
    NO_SHERIFFS,
    NO_STATE_POLICE,
    STATE_POLICE_COUNT,
    STATE_WEIGHTS,
    TRIBAL_WEIGHTS,
    TYPE_SHARES,
    apportion,
    state_names,
)
from .sec3 import add_sec3
from .sec4 import add_sec4

FIRST_CYCLE = date(2020, 9, 1)
# Valid IRS campus prefixes of an EIN (none starts with 00, 07-09, 17-19, 28-29, 49, 69-70, 78-79, 89, 96-97).
EIN_PREFIXES = [
    *range(1, 7),
    *range(10, 17),
    *range(20, 28),
    *range(30, 49),
    *range(50, 69),
    *range(71, 78),
    *range(80, 89),
    *range(90, 96),
    98,
    99,
]
_PLACE_HEADS = [
    "Ash",
    "Bay",
    "Birch",
    "Cedar",
    "Clear",
    "Cold",
    "Crest",
    "Deer",
    "Eagle",
    "Elm",
    "Fair",
    "Fox",
    "Glen",
    "Green",
    "Hazel",
    "Holly",
    "Iron",
    "Lake",
    "Laurel",
    "Maple",
    "Mill",
    "Oak",
    "Pine",
    "Red",
    "River",
    "Rock",
    "Rose",
    "Sand",
    "Silver",
    "Spring",
    "Stone",
    "Sun",
    "Willow",
    "Wolf",
    "Amber",
    "Bright",
    "Copper",
    "Falcon",
    "Frost",
    "Golden",
]
_PLACE_TAILS = [
    "brook",
    "field",
    "ford",
    "dale",
    "ton",
    "ville",
    "wood",
    "ridge",
    "haven",
    "port",
    "view",
    "crest",
    "mont",
    "burg",
    "water",
    "creek",
    "side",
    "land",
    "grove",
    "hill",
    "bend",
    "falls",
    "mead",
    "stead",
    "wick",
]
_FIRST = [
    "Alex",
    "Avery",
    "Blake",
    "Casey",
    "Dana",
    "Drew",
    "Elliot",
    "Emery",
    "Finley",
    "Harper",
    "Jamie",
    "Jordan",
    "Kai",
    "Lee",
    "Logan",
    "Morgan",
    "Noel",
    "Parker",
    "Quinn",
    "Reese",
    "Riley",
    "Rowan",
    "Sage",
    "Sam",
    "Skyler",
    "Taylor",
]
_LAST = [
    "Abbott",
    "Barrow",
    "Calloway",
    "Dunmore",
    "Ellery",
    "Fenwick",
    "Garrity",
    "Holloway",
    "Ingram",
    "Jessup",
    "Kerrigan",
    "Lattimer",
    "Merriweather",
    "Norwood",
    "Oakes",
    "Prescott",
    "Quimby",
    "Radcliffe",
    "Sorensen",
    "Thackeray",
    "Underhill",
    "Vance",
    "Whitcomb",
    "Yardley",
    "Zeller",
]
_DISTRICTS = ["Transit", "Port", "Airport", "Parks", "Housing", "Schools", "Water District", "Hospital"]


@dataclass
class Table:
    """Rows for one model, as tuples in the order of ``fields`` (model field attnames)."""

    model: str
    fields: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)


@dataclass
class Body:
    id: int
    name: str
    states: list[str]
    types: list[str]
    status: str
    term: int
    changed_at: datetime | None


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(13, 0), tzinfo=UTC) + timedelta(seconds=rng.randrange(0, 8 * 3600))


def _day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(0, max(1, (end - start).days)))


def _sworn(rng: random.Random, agency_type: str) -> int:
    """About half under 10 sworn officers, about 6% with 100 or more (2004 and 2008 censuses)."""
    if agency_type == AgencyType.PRIMARY_STATE_POLICE:
        return rng.randrange(250, 5000)
    draw = rng.random()
    if agency_type == AgencyType.SHERIFF:
        draw = min(0.999, draw * 0.6 + 0.35)
    if draw < 0.54:
        return rng.randrange(1, 10)
    if draw < 0.82:
        return rng.randrange(10, 25)
    if draw < 0.94:
        return rng.randrange(25, 100)
    if draw < 0.995:
        return rng.randrange(100, 1000)
    return rng.randrange(1000, 12000)


class NationalDataSet:
    """Generates every table of the data set; ``tables`` lists them in insertion order."""

    def __init__(self, *, seed: int, scale: float, today: date, standard_ids: list[int], ids: dict[str, int]):
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
        self.scale = scale
        self.today = today
        self.standard_ids = standard_ids
        self.next_ids = dict(ids)
        self.tables: dict[str, Table] = {}
        self.bodies: list[Body] = []

    def _id(self, model: str) -> int:
        self.next_ids[model] = self.next_ids.get(model, 0) + 1
        return self.next_ids[model]

    def _table(self, model: str, *fields: str) -> Table:
        table = Table(model, ("id", *fields))
        self.tables[model] = table
        return table

    def build(self) -> "NationalDataSet":
        self._doj_users()
        self._bodies()
        self._agencies()
        self._applications()
        self._lists()
        self._programs()
        add_sec3(self, seed=self.seed, first_names=_FIRST, last_names=_LAST)
        add_sec4(self, seed=self.seed)
        return self

    # --- bodies' bulk lists --------------------------------------------------------------------
    def _lists(self) -> None:
        """Each certified body's committed list of its credentials still running (the agencies it had
        accredited), with a few rows refused as unknown ORIs."""
        rng = self.rng
        lists = self._table(
            "reporting.BulkList",
            "body_id",
            "name",
            "file",
            "original_name",
            "content_type",
            "size_bytes",
            "sha256",
            "uploaded_by_id",
            "uploaded_at",
            "row_count",
            "ready_count",
            "refused_count",
            "refusal_counts",
            "committed_by_id",
            "committed_at",
            "committed_count",
        )
        rows = self._table(
            "reporting.BulkListRow",
            "bulk_list_id",
            "line",
            "ori",
            "determination_date",
            "written_date",
            "reference",
            "agency_id",
            "verdict",
            "refusal_kind",
            "reason",
            "application_id",
        )
        ori_of = {row[0]: row[2] for row in self.tables["agencies.Agency"].rows}
        by_body: dict[int, list[tuple]] = {}
        for app in self.apps.rows:
            app_id, agency_id, body_id, status, determination = app[0], app[1], app[2], app[3], app[12]
            if status == S.APPROVED and determination is not None:
                by_body.setdefault(body_id, []).append((app_id, agency_id, determination))
        for body in self.bodies:
            listed = sorted(by_body.get(body.id, []), key=lambda item: (item[2], item[0]))
            if body.status != "certified" or not listed:
                continue
            list_id = self._id("reporting.BulkList")
            certifier = rng.choice(self.certifiers[body.id])
            uploaded = _moment(max(d for _, _, d in listed), rng)
            refused = [
                f"{body.states[0] if body.states else 'DC'}9{n:06d}" for n in range(rng.randrange(1, 4))
            ]
            line = 1
            for app_id, agency_id, determination in listed:
                line += 1
                rows.rows.append(
                    (
                        self._id("reporting.BulkListRow"),
                        list_id,
                        line,
                        ori_of[agency_id],
                        determination,
                        determination.isoformat(),
                        f"F-{app_id}",
                        agency_id,
                        "ready",
                        "",
                        "",
                        app_id,
                    )
                )
            for ori in refused:
                line += 1
                reason = f"Unknown ORI: no agency has the ORI {ori}."
                rows.rows.append(
                    (
                        self._id("reporting.BulkListRow"),
                        list_id,
                        line,
                        ori,
                        listed[-1][2],
                        listed[-1][2].isoformat(),
                        "",
                        None,
                        "refused",
                        "unknown_ori",
                        reason,
                        None,
                    )
                )
            total = len(listed) + len(refused)
            lists.rows.append(
                (
                    list_id,
                    body.id,
                    f"{body.name} accredited agencies",
                    f"lists/{body.id}/national.csv",
                    "national.csv",
                    "text/csv",
                    40 * total,
                    f"{list_id:064x}",
                    certifier,
                    uploaded,
                    total,
                    len(listed),
                    len(refused),
                    json.dumps({"unknown_ori": len(refused)}),
                    certifier,
                    uploaded,
                    len(listed),
                )
            )

    # --- users -------------------------------------------------------------------------------
    def _user_table(self) -> Table:
        if "accounts.User" not in self.tables:
            self._table(
                "accounts.User",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "role",
                "agency_id",
                "credentialing_body_id",
            )
        return self.tables["accounts.User"]

    def _user(
        self, username: str, role: str, *, agency_id: int | None = None, body_id: int | None = None
    ) -> int:
        rng = self.rng
        user_id = self._id("accounts.User")
        # An unusable password: these accounts sign in only once an administrator sets one.
        password = "!" + "".join(rng.choices(string.ascii_letters + string.digits, k=40))
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        joined = _moment(FIRST_CYCLE, rng)
        self._user_table().rows.append(
            (
                user_id,
                password,
                False,
                username,
                first,
                last,
                f"{username}@example.invalid",
                False,
                True,
                joined,
                role,
                agency_id,
                body_id,
            )
        )
        return user_id

    def _doj_users(self) -> None:
        self.doj_admins = [self._user(f"nat.doj.admin{n}", Role.DOJ_ADMINISTRATOR) for n in range(1, 4)]
        self.grant_officers = [self._user(f"nat.grant.officer{n}", Role.GRANT_OFFICER) for n in range(1, 6)]

    # --- credentialing bodies ------------------------------------------------------------------
    def _bodies(self) -> None:
        rng = self.rng
        names = state_names()
        specs: list[tuple[str, str, list[str], list[str], bool]] = [
            (
                "International Association of Campus Law Enforcement Administrators",
                "IACLEA",
                [],
                [AgencyType.UNIVERSITY],
                False,
            ),
            ("National Police Standards Alliance (synthetic)", "NPSA-S", [], [], False),
            ("National Sheriffs' Practices Board (synthetic)", "NSPB-S", [], [AgencyType.SHERIFF], False),
            (
                "Special Jurisdiction Accreditation Forum (synthetic)",
                "SJAF-S",
                [],
                [AgencyType.SPECIAL_JURISDICTION, AgencyType.CONSTABLE_MARSHAL],
                False,
            ),
        ]
        designated = {
            "AL": ("Alabama Peace Officers' Standards and Training Commission", "APOSTC"),
            "CA": ("California Commission on Peace Officer Standards and Training", "CA POST"),
            "CT": ("Police Officer Standards and Training Council", "CT POST"),
            "FL": ("Florida Department of Law Enforcement", "FDLE"),
            "GA": ("Georgia Association of Chiefs of Police", "GACP"),
            "IN": ("Indiana Law Enforcement Accreditation Commission", "ILEAC"),
            "KS": ("Kansas Commission on Peace Officers' Standards and Training", "KS CPOST"),
            "NJ": ("New Jersey State Association of Chiefs of Police", "NJSACOP"),
            "NC": ("North Carolina Law Enforcement Accreditation", "NCLEA"),
            "OH": ("Ohio Collaborative Community-Police Advisory Board", "OCCPAB"),
            "OK": ("Oklahoma Law Enforcement Accreditation Program", "OLEAP"),
            "PA": ("Pennsylvania Chiefs of Police Association", "PCPA"),
            "TX": ("Texas Police Chiefs Association Foundation", "TPCAF"),
            "WI": ("Wisconsin Law Enforcement Accreditation Group", "WILEAG"),
        }
        for state in sorted(STATE_WEIGHTS):
            if state in designated:
                name, abbreviation = designated[state]
            else:
                name = f"{names[state]} Law Enforcement Standards Council (synthetic)"
                abbreviation = f"{state}-LESC-S"
            specs.append((name, abbreviation, [state], [], True))
        # A few state bodies are not (or no longer) certified; national bodies keep every state covered.
        synthetic_state = [i for i, spec in enumerate(specs) if spec[2] and "(synthetic)" in spec[0]]
        troubled = rng.sample(synthetic_state, 7)
        statuses = dict.fromkeys(range(len(specs)), CertificationStatus.CERTIFIED)
        for index, status in zip(
            troubled,
            [CertificationStatus.SUSPENDED] * 3
            + [CertificationStatus.REVOKED] * 2
            + [CertificationStatus.PENDING] * 2,
            strict=True,
        ):
            statuses[index] = status

        table = self._table(
            "credentialing.CredentialingBody",
            "name",
            "abbreviation",
            "states_served",
            "agency_types_served",
            "is_primary",
            "credential_term_months",
            "certification_status",
            "certified_on",
            "certification_changed_at",
            "created_at",
        )
        events = self._table(
            "credentialing.BodyCertificationEvent",
            "body_id",
            "actor_id",
            "from_status",
            "to_status",
            "note",
            "at",
        )
        links = self._table(
            "credentialing.CredentialingBody_discretionary_standards", "credentialingbody_id", "standard_id"
        )
        for index, (name, abbreviation, states, types, primary) in enumerate(specs):
            body_id = self._id("credentialing.CredentialingBody")
            status = statuses[index]
            term = 36 if rng.random() < 0.85 else rng.choice([24, 48])
            created = _moment(date(2020, 8, 1) + timedelta(days=rng.randrange(0, 30)), rng)
            certified_on = None
            changed_at = None
            if status != CertificationStatus.PENDING:
                certified_on = date(2020, 10, 1) + timedelta(days=rng.randrange(0, 60))
                changed_at = _moment(certified_on, rng)
                events.rows.append(
                    (
                        self._id("credentialing.BodyCertificationEvent"),
                        body_id,
                        self.doj_admins[0],
                        CertificationStatus.PENDING,
                        CertificationStatus.CERTIFIED,
                        "Designated under the October 2020 Standards for Certification.",
                        changed_at,
                    )
                )
            if status in (CertificationStatus.SUSPENDED, CertificationStatus.REVOKED):
                changed_at = _moment(_day_between(rng, self.today - timedelta(days=400), self.today), rng)
                events.rows.append(
                    (
                        self._id("credentialing.BodyCertificationEvent"),
                        body_id,
                        self.doj_admins[1],
                        CertificationStatus.CERTIFIED,
                        status,
                        "Review of the body's practices (synthetic record).",
                        changed_at,
                    )
                )
            table.rows.append(
                (
                    body_id,
                    name,
                    abbreviation,
                    json.dumps(states),
                    json.dumps([str(t) for t in types]),
                    primary,
                    term,
                    status,
                    certified_on if status != CertificationStatus.PENDING else None,
                    changed_at,
                    created,
                )
            )
            for standard_id in sorted(
                rng.sample(self.standard_ids, min(len(self.standard_ids), rng.randrange(3, 8)))
            ):
                links.rows.append(
                    (
                        self._id("credentialing.CredentialingBody_discretionary_standards"),
                        body_id,
                        standard_id,
                    )
                )
            self.bodies.append(Body(body_id, name, states, [str(t) for t in types], status, term, changed_at))
        self.certifiers: dict[int, list[int]] = {
            body.id: [
                self._user(f"nat.certifier{body.id}.{n}", Role.CERTIFIER, body_id=body.id)
                for n in range(1, 3)
            ]
            for body in self.bodies
        }

    # --- agencies -----------------------------------------------------------------------------
    def _type_counts(self) -> dict[str, dict[str, int]]:
        """Agencies per type and state: each type's national total split over the states that have it."""
        total = max(1, round(NATIONAL_TOTAL * self.scale))
        state_police = min(len(STATE_WEIGHTS) - len(NO_STATE_POLICE), round(STATE_POLICE_COUNT * self.scale))
        totals = apportion(total - state_police, {str(k): v for k, v in TYPE_SHARES.items()})
        counts: dict[str, dict[str, int]] = {}
        for agency_type, type_total in totals.items():
            if agency_type == AgencyType.TRIBAL:
                weights = {s: float(w) for s, w in TRIBAL_WEIGHTS.items()}
            elif agency_type == AgencyType.SHERIFF:
                weights = {s: float(w) for s, w in STATE_WEIGHTS.items() if s not in NO_SHERIFFS}
            else:
                weights = {s: float(w) for s, w in STATE_WEIGHTS.items()}
            counts[agency_type] = apportion(type_total, weights)
        # Primary state police: one per state, the states with the most agencies first.
        ranked = sorted(
            (s for s in STATE_WEIGHTS if s not in NO_STATE_POLICE), key=lambda s: (-STATE_WEIGHTS[s], s)
        )
        counts[AgencyType.PRIMARY_STATE_POLICE] = {s: 1 for s in ranked[:state_police]}
        return counts

    def _agency_name(self, agency_type: str, state: str, place: str, county: str) -> tuple[str, str]:
        rng = self.rng
        state_name = state_names()[state]
        if agency_type == AgencyType.LOCAL_POLICE:
            return f"{place} Police Department", "Chief of Police"
        if agency_type == AgencyType.SHERIFF:
            return f"{county} County Sheriff's Office", "Sheriff"
        if agency_type == AgencyType.PRIMARY_STATE_POLICE:
            kind = rng.choice(["State Police", "Highway Patrol", "Department of Public Safety"])
            return f"{state_name} {kind}", "Colonel"
        if agency_type == AgencyType.UNIVERSITY:
            return f"{place} State University Police Department", "Chief of Police"
        if agency_type == AgencyType.TRIBAL:
            return f"{place} Tribal Police Department", "Chief of Police"
        if agency_type == AgencyType.CONSTABLE_MARSHAL:
            return f"{county} County Constable, Precinct {rng.randrange(1, 9)}", "Constable"
        return f"{place} {rng.choice(_DISTRICTS)} Police", "Chief of Police"

    def _agencies(self) -> None:
        rng = self.rng
        table = self._table(
            "agencies.Agency",
            "name",
            "ori",
            "ein",
            "agency_type",
            "state",
            "county",
            "city",
            "sworn_officers",
            "head_name",
            "head_title",
            "created_at",
        )
        counts = self._type_counts()
        per_state: dict[str, list[str]] = {}
        for agency_type in sorted(counts):
            for state, count in sorted(counts[agency_type].items()):
                per_state.setdefault(state, []).extend([agency_type] * count)
        eins: set[str] = set()
        self.agencies: list[tuple[int, str, str]] = []
        self.agency_names: dict[int, str] = {}
        for state in sorted(per_state):
            types = per_state[state]
            rng.shuffle(types)
            for index, agency_type in enumerate(types):
                # State code, 3-digit county, 2-digit agency, then usually "00": unique by construction.
                county_code, agency_code = divmod(index, 50)
                suffix = (
                    "00"
                    if rng.random() < 0.9
                    else rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") + rng.choice("0123456789")
                )
                ori = f"{state}{county_code + 1:03d}{agency_code:02d}{suffix}"
                while True:
                    ein = f"{rng.choice(EIN_PREFIXES):02d}{rng.randrange(0, 10**7):07d}"
                    if ein not in eins:
                        eins.add(ein)
                        break
                place = rng.choice(_PLACE_HEADS) + rng.choice(_PLACE_TAILS)
                county = rng.choice(_PLACE_HEADS) + rng.choice(["", " Valley", " Hills", " Plains"])
                name, title = self._agency_name(agency_type, state, place, county)
                agency_id = self._id("agencies.Agency")
                table.rows.append(
                    (
                        agency_id,
                        name,
                        ori,
                        ein,
                        agency_type,
                        state,
                        county,
                        place,
                        _sworn(rng, agency_type),
                        f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                        title,
                        _moment(FIRST_CYCLE - timedelta(days=rng.randrange(0, 60)), rng),
                    )
                )
                self.agencies.append((agency_id, agency_type, state))
                self.agency_names[agency_id] = name
        # One staff account per agency: every application has a creator.
        self.staff = {
            agency_id: self._user(f"nat.staff{agency_id}", Role.AGENCY_STAFF, agency_id=agency_id)
            for agency_id, _, _ in self.agencies
        }

    # --- credential applications and their transition logs ---------------------------------------
    def _bodies_for(self, agency_type: str, state: str) -> tuple[list[Body], list[Body]]:
        key = (agency_type, state)
        cache = self.__dict__.setdefault("_body_cache", {})
        if key not in cache:
            serving = [
                b
                for b in self.bodies
                if b.status != CertificationStatus.PENDING
                and (not b.states or state in b.states)
                and (not b.types or agency_type in b.types)
            ]
            cache[key] = ([b for b in serving if b.states], [b for b in serving if not b.states])
        return cache[key]

    def _applications(self) -> None:
        rng = self.rng
        self.apps = self._table(
            "credentialing.CredentialApplication",
            "agency_id",
            "body_id",
            "status",
            "attests_legal_compliance",
            "attests_chokehold_prohibition",
            "notes",
            "created_by_id",
            "created_at",
            "updated_at",
            "submitted_at",
            "status_changed_at",
            "determination_date",
            "expires_on",
            "decision_note",
        )
        self.logs = self._table(
            "credentialing.TransitionLog",
            "application_id",
            "actor_id",
            "action",
            "from_status",
            "to_status",
            "note",
            "at",
        )
        last_weights = {
            S.APPROVED: 50,
            S.EXPIRED: 11,
            S.DENIED: 7,
            S.WITHDRAWN: 5,
            S.REVOKED: 3,
            S.UNDER_REVIEW: 8,
            S.SUBMITTED: 7,
            S.RETURNED: 4,
            S.DRAFT: 5,
        }
        last_statuses, weights = list(last_weights), list(last_weights.values())
        for agency_id, agency_type, state in self.agencies:
            local, national = self._bodies_for(agency_type, state)
            if not local and not national:
                continue
            wanted = rng.choices([1, 2, 3, 4], weights=[40, 33, 18, 9])[0]
            status = rng.choices(last_statuses, weights=weights)[0]
            body = self._pick_body(local, national)
            start = self._place_last(agency_id, body, status)
            # Earlier cycles, closed, fitted before the last application.
            earlier: list[tuple[date, date, Body, str]] = []
            closed: str
            end = start - timedelta(days=rng.randrange(5, 60))
            for _ in range(wanted - 1):
                room = (end - FIRST_CYCLE).days
                if room < 90:
                    break
                body_before = self._pick_body(local, national)
                closed = rng.choices([S.EXPIRED, S.DENIED, S.WITHDRAWN, S.REVOKED], weights=[50, 22, 18, 10])[
                    0
                ]
                full_term = body_before.term * 31 + 40
                if closed == S.EXPIRED and room < full_term:
                    closed = rng.choice([S.DENIED, S.WITHDRAWN, S.REVOKED])
                span = (
                    full_term - rng.randrange(0, 30)
                    if closed == S.EXPIRED
                    else rng.randrange(60, min(400, room))
                )
                earlier.append((end - timedelta(days=span), end, body_before, closed))
                end = end - timedelta(days=span + rng.randrange(5, 60))
            for begin, finish, body_before, closed_status in reversed(earlier):
                self._closed_application(agency_id, body_before, begin, finish, closed_status)

    def _pick_body(self, local: list[Body], national: list[Body]) -> Body:
        if local and (not national or self.rng.random() < 0.8):
            return self.rng.choice(local)
        return self.rng.choice(national)

    def _place_last(self, agency_id: int, body: Body, status: str) -> date:
        """Adds the agency's latest application with dates that make ``status`` true today."""
        rng, today = self.rng, self.today
        determination: date | None
        if status == S.APPROVED:
            determination = _day_between(rng, add_months(today, -body.term) + timedelta(days=5), today)
            submitted = determination - timedelta(days=rng.randrange(20, 150))
        elif status in (S.EXPIRED, S.REVOKED):
            expires = _day_between(rng, today - timedelta(days=700), today)
            determination = add_months(expires, -body.term) if status == S.EXPIRED else None
            if determination is None:
                determination = _day_between(rng, add_months(today, -body.term) + timedelta(days=30), today)
            submitted = determination - timedelta(days=rng.randrange(20, 150))
        elif status == S.DRAFT:
            submitted = today - timedelta(days=rng.randrange(1, 120))
            determination = None
        else:
            submitted = today - timedelta(days=rng.randrange(1, 400))
            determination = None
        submitted = max(submitted, FIRST_CYCLE + timedelta(days=30))
        finish = determination or min(today, submitted + timedelta(days=rng.randrange(3, 200)))
        if status == S.REVOKED and determination is not None:
            finish = _day_between(rng, determination, today)
        self._add_application(agency_id, body, status, submitted, finish, determination)
        return submitted - timedelta(days=rng.randrange(1, 20))

    def _closed_application(self, agency_id: int, body: Body, begin: date, finish: date, status: str) -> None:
        determination = None
        if status == S.EXPIRED:
            determination = add_months(finish, -body.term)
        if status == S.REVOKED:
            determination = begin + timedelta(days=(finish - begin).days // 3)
        self._add_application(agency_id, body, status, begin, finish, determination)

    def _add_application(
        self,
        agency_id: int,
        body: Body,
        status: str,
        submitted_day: date,
        finish: date,
        determination: date | None,
    ) -> None:
        rng = self.rng
        app_id = self._id("credentialing.CredentialApplication")
        staff = self.staff[agency_id]
        certifier = rng.choice(self.certifiers[body.id])
        created = _moment(submitted_day - timedelta(days=rng.randrange(1, 20)), rng)
        submitted = None if status == S.DRAFT else max(created, _moment(submitted_day, rng))
        expires = add_months(determination, body.term) if determination else None
        log: list[tuple[str, int | None, str, str, str, datetime]] = [
            ("create", staff, S.DRAFT, S.DRAFT, "Draft created.", created)
        ]
        moment = created
        if submitted:
            log.append(("submit", staff, S.DRAFT, S.SUBMITTED, "", submitted))
            moment = submitted

        def step(action: str, actor: int | None, source: str, target: str, day: date, note: str = "") -> None:
            nonlocal moment
            moment = max(moment + timedelta(minutes=5), _moment(day, rng))
            log.append((action, actor, source, target, note, moment))

        review_day = min(self.today, submitted_day + timedelta(days=rng.randrange(1, 30)))
        decision_note = ""
        if status in (S.UNDER_REVIEW, S.RETURNED, S.APPROVED, S.DENIED, S.EXPIRED, S.REVOKED):
            step("start_review", certifier, S.SUBMITTED, S.UNDER_REVIEW, review_day)
        if status == S.RETURNED:
            step(
                "return",
                certifier,
                S.UNDER_REVIEW,
                S.RETURNED,
                finish,
                "Please attach the signed declaration.",
            )
        if status in (S.APPROVED, S.EXPIRED, S.REVOKED):
            assert determination is not None
            step("approve", certifier, S.UNDER_REVIEW, S.APPROVED, determination)
        if status == S.DENIED:
            decision_note = "Use-of-force policy does not prohibit chokeholds."
            step("deny", certifier, S.UNDER_REVIEW, S.DENIED, finish, decision_note)
        if status == S.WITHDRAWN:
            step("withdraw", staff, S.SUBMITTED, S.WITHDRAWN, finish, "Withdrawn by the agency.")
        if status == S.EXPIRED:
            assert expires is not None
            step("expire", None, S.APPROVED, S.EXPIRED, expires, "Credential term ran out.")
        if status == S.REVOKED:
            decision_note = "Credential revoked after a policy change."
            step("revoke", certifier, S.APPROVED, S.REVOKED, finish, decision_note)
        attested = status != S.DRAFT or rng.random() < 0.5
        self.apps.rows.append(
            (
                app_id,
                agency_id,
                body.id,
                status,
                attested,
                attested,
                "",
                staff,
                created,
                moment,
                submitted,
                moment,
                determination,
                expires,
                decision_note,
            )
        )
        for action, actor, source, target, note, at in log:
            self.logs.rows.append(
                (self._id("credentialing.TransitionLog"), app_id, actor, action, source, target, note, at)
            )

    # --- grant programs and applicants -----------------------------------------------------------
    def _programs(self) -> None:
        rng = self.rng
        programs = self._table(
            "grants.GrantProgram",
            "name",
            "fiscal_year",
            "kind",
            "application_deadline",
            "description",
            "applies_sec3d",
            "sec3d_reporting_from",
            "sec4_priority",
            "created_at",
        )
        applicants = self._table(
            "grants.GrantApplicant", "program_id", "agency_id", "agency_name", "amount_requested", "added_at"
        )
        titles = [
            ("Community Policing Development (synthetic)", "discretionary", 0.10),
            ("Hiring Program (synthetic)", "discretionary", 0.25),
            ("De-escalation Training Initiative (synthetic)", "discretionary", 0.12),
            ("Body-Worn Camera Support (synthetic)", "discretionary", 0.15),
            ("Justice Assistance Formula Grant (synthetic)", "formula", 0.40),
        ]
        agency_ids = [agency_id for agency_id, _, _ in self.agencies]
        last_year = self.today.year if self.today.month >= 10 else self.today.year - 1
        years = [last_year - 3, last_year - 2, last_year - 1, last_year]
        for year in years:
            for title, kind, share in titles:
                program_id = self._id("grants.GrantProgram")
                deadline = date(year - 1, 12, 1) + timedelta(days=rng.randrange(0, 150))
                # The latest year's hiring program also applies Sec. 3(d), from last year's first quarter.
                sec3d = year == last_year and title.startswith("Hiring")
                programs.rows.append(
                    (
                        program_id,
                        title,
                        year,
                        kind,
                        deadline,
                        "A generated grant program for load and scale testing.",
                        sec3d,
                        date(year - 1, 1, 1) if sec3d else None,
                        # The latest community policing program weighs Sec. 4 (Sec. 5(b)(i)) as a priority.
                        year == last_year and title.startswith("Community Policing"),
                        _moment(deadline - timedelta(days=90), rng),
                    )
                )
                count = min(len(agency_ids), round(len(agency_ids) * share * rng.uniform(0.8, 1.2)))
                for agency_id in sorted(rng.sample(agency_ids, count)):
                    amount = Decimal(rng.randrange(5_000, 2_500_000)).quantize(Decimal("1.00"))
                    applicants.rows.append(
                        (
                            self._id("grants.GrantApplicant"),
                            program_id,
                            agency_id,
                            self.agency_names[agency_id],
                            amount,
                            _moment(deadline - timedelta(days=rng.randrange(1, 60)), rng),
                        )
                    )
