"""Shares of agencies by type and by state that the national data set follows.

Type shares follow the BJS 2018 Census of State and Local Law Enforcement Agencies (17,541 agencies:
local police about 67%, sheriffs' offices about 17%, 49 primary state police, 217 tribal, about 2,400
special jurisdiction agencies, constables and marshals). The agency counts of the twelve largest states are
the census figures; the others are rough estimates of the same order, used only as weights.
"""

from agencies.models import AgencyType

CENSUS_TOTAL = 17_541
NATIONAL_TOTAL = 18_000

# Share of all agencies per type (primary state police are handled apart: one per state at most).
TYPE_SHARES: dict[str, float] = {
    AgencyType.LOCAL_POLICE: 11_824 / CENSUS_TOTAL,
    AgencyType.SHERIFF: 3_051 / CENSUS_TOTAL,
    AgencyType.TRIBAL: 217 / CENSUS_TOTAL,
    AgencyType.SPECIAL_JURISDICTION: 1_000 / CENSUS_TOTAL,
    AgencyType.UNIVERSITY: 760 / CENSUS_TOTAL,
    AgencyType.CONSTABLE_MARSHAL: 600 / CENSUS_TOTAL,
}
STATE_POLICE_COUNT = 49

NO_SHERIFFS = frozenset({"AK", "CT", "DE", "HI", "DC"})
NO_STATE_POLICE = frozenset({"HI", "DC"})

# Agencies per state (2018). The first twelve are census figures, the rest estimates used as weights.
STATE_WEIGHTS: dict[str, int] = {
    "TX": 1935,
    "PA": 995,
    "IL": 846,
    "OH": 806,
    "GA": 608,
    "MI": 564,
    "MO": 558,
    "CA": 531,
    "NY": 528,
    "WI": 519,
    "NC": 516,
    "NJ": 507,
    "IN": 480,
    "OK": 470,
    "TN": 420,
    "KY": 410,
    "AL": 410,
    "MN": 400,
    "IA": 390,
    "KS": 380,
    "FL": 380,
    "VA": 350,
    "MA": 350,
    "LA": 340,
    "AR": 310,
    "MS": 300,
    "SC": 290,
    "WV": 240,
    "NE": 230,
    "WA": 240,
    "CO": 240,
    "OR": 170,
    "NM": 140,
    "MD": 150,
    "ME": 140,
    "AZ": 130,
    "CT": 130,
    "NH": 210,
    "SD": 160,
    "ND": 120,
    "ID": 120,
    "UT": 140,
    "MT": 120,
    "VT": 80,
    "NV": 80,
    "WY": 80,
    "AK": 50,
    "RI": 50,
    "DE": 45,
    "HI": 8,
    "DC": 5,
}

# States with tribal police departments, weighted roughly by how many they have.
TRIBAL_WEIGHTS: dict[str, int] = {
    "AZ": 22,
    "OK": 30,
    "NM": 20,
    "WA": 25,
    "CA": 20,
    "MN": 12,
    "SD": 9,
    "MT": 8,
    "WI": 11,
    "NV": 10,
    "ND": 5,
    "NY": 4,
    "MI": 10,
    "ID": 5,
    "OR": 8,
    "AK": 4,
    "NE": 4,
    "UT": 3,
    "WY": 2,
    "KS": 4,
    "NC": 1,
    "CO": 2,
    "FL": 2,
    "ME": 4,
    "MS": 1,
    "TX": 3,
    "IA": 1,
    "LA": 2,
    "CT": 2,
    "MA": 1,
    "RI": 1,
    "SC": 1,
    "AL": 1,
}

STATE_NAMES: dict[str, str] = {}


def state_names() -> dict[str, str]:
    if not STATE_NAMES:
        from agencies.states import State

        STATE_NAMES.update({code: str(State(code).label) for code in STATE_WEIGHTS})
    return STATE_NAMES


def apportion(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights`` by largest remainder (deterministic, sums to total)."""
    if total <= 0 or not weights:
        return dict.fromkeys(weights, 0)
    weight_sum = float(sum(weights.values()))
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    counts = {key: int(value) for key, value in exact.items()}
    left = total - sum(counts.values())
    by_remainder = sorted(weights, key=lambda key: (-(exact[key] - counts[key]), key))
    for key in by_remainder[:left]:
        counts[key] += 1
    return counts
