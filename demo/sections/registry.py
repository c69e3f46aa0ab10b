"""The registry and its people, about three and a half years back: agencies of every type, four bodies
(three certified by the Attorney General, the campus body later), and a person for every role."""

from functools import partial

from django.db import transaction

from accounts.models import Role
from agencies.models import AgencyType
from agencies.services import create_agency
from credentialing import services
from credentialing.models import Standard, StandardKind
from credentialing.services.registry import create_body

from ..world import DemoWorld

STARTED_DAYS_AGO = 1250  # the registry is filled; the national and Texas bodies are certified 10 days on
CAMPUS_BODY_CERTIFIED_DAYS_AGO = 420

AGENCIES = [
    # name, ORI, EIN, type, state, county, city, sworn, head, title
    (
        "Riverbend Police Department",
        "CA0990100",
        "956000101",
        AgencyType.LOCAL_POLICE,
        "CA",
        "Riverbend",
        "Riverbend",
        84,
        "Dana Whitfield",
        "Chief of Police",
    ),
    (
        "Cedar County Sheriff's Office",
        "TX0990200",
        "746000202",
        AgencyType.SHERIFF,
        "TX",
        "Cedar",
        "Cedar Springs",
        41,
        "Ray Molina",
        "Sheriff",
    ),
    (
        "Lone Prairie Police Department",
        "TX0990300",
        "746000303",
        AgencyType.LOCAL_POLICE,
        "TX",
        "Cedar",
        "Lone Prairie",
        9,
        "Ann Kessler",
        "Chief of Police",
    ),
    (
        "Mill Creek Constable, Precinct 2",
        "TX0990400",
        "746000404",
        AgencyType.CONSTABLE_MARSHAL,
        "TX",
        "Cedar",
        "Mill Creek",
        6,
        "Luis Ortega",
        "Constable",
    ),
    (
        "Keystone Valley Regional Police",
        "PA0990500",
        "236000505",
        AgencyType.LOCAL_POLICE,
        "PA",
        "Keystone",
        "Valley Forge Township",
        27,
        "Morgan Reilly",
        "Chief of Police",
    ),
    (
        "Buckeye State University Police",
        "OH0990600",
        "316000606",
        AgencyType.UNIVERSITY,
        "OH",
        "Franklin",
        "Columbus",
        52,
        "Jordan Price",
        "Chief of University Police",
    ),
    (
        "Harbor Transit Authority Police",
        "NJ0990700",
        "226000707",
        AgencyType.SPECIAL_JURISDICTION,
        "NJ",
        "Hudson",
        "Harbor City",
        35,
        "Sam Okafor",
        "Chief",
    ),
    (
        "Red Mesa Tribal Police",
        "OK0990800",
        "736000808",
        AgencyType.TRIBAL,
        "OK",
        "Red Mesa",
        "Red Mesa",
        14,
        "Lee Tsosie",
        "Chief of Police",
    ),
    (
        "Pine Hollow Police Department",
        "GA0990900",
        "586000909",
        AgencyType.LOCAL_POLICE,
        "GA",
        "Pine",
        "Pine Hollow",
        12,
        "Casey Morgan",
        "Chief of Police",
    ),
    (
        "Granite State Police (demo)",
        "NH0991000",
        "026001010",
        AgencyType.PRIMARY_STATE_POLICE,
        "NH",
        "Merrimack",
        "Concord",
        330,
        "Alex Carter",
        "Colonel",
    ),
]

BODIES = [
    # name, abbreviation, states, types, primary, certified
    ("Demo National Accreditation Board (fictional)", "DNAB", [], [], False, True),
    ("Texas Police Chiefs Association Foundation", "TPCAF", ["TX"], [], True, True),
    (
        "International Association of Campus Law Enforcement Administrators",
        "IACLEA",
        [],
        [AgencyType.UNIVERSITY],
        False,
        True,
    ),
    ("Sample Midwest Accreditation Council (fictional)", "SMAC", ["OH", "IN"], [], False, False),
]


STAFF = [
    # ORI, username, first, last
    ("CA0990100", "riverbend", "Robin", "Diaz"),
    ("TX0990200", "cedar", "Drew", "Nguyen"),
    ("TX0990300", "loneprairie", "Terry", "Walsh"),
    ("TX0990400", "millcreek", "Quinn", "Baker"),
    ("PA0990500", "keystone", "Riley", "Stone"),
    ("OH0990600", "buckeye", "Shawn", "Lee"),
    ("NJ0990700", "harbor", "Jesse", "Kim"),
    ("GA0990900", "pinehollow", "Parker", "Young"),
]
CERTIFIERS = [
    ("DNAB", "certifier", "Kendall", "Price"),
    ("TPCAF", "certifier.tx", "Emerson", "Cruz"),
    ("IACLEA", "certifier.campus", "Rowan", "Patel"),
]


def schedule(world: DemoWorld) -> None:
    timeline = world.timeline
    timeline.ago(STARTED_DAYS_AGO, "the registry and its people", partial(_registry, world), hour=9)
    for abbreviation in ("DNAB", "TPCAF"):
        timeline.ago(
            STARTED_DAYS_AGO - 10, f"{abbreviation} certified", partial(_certify, world, abbreviation)
        )
    timeline.ago(CAMPUS_BODY_CERTIFIED_DAYS_AGO, "IACLEA certified", partial(_certify, world, "IACLEA"))


def _registry(world: DemoWorld) -> None:
    with transaction.atomic():
        # The first people exist from the server, as ``createsuperuser`` would make them; the registry,
        # the bodies and the programs are then built through the services, on the record.
        admin = world.person("doj.admin", Role.DOJ_ADMINISTRATOR, "Avery", "Hall", is_staff=True)
        world.person("grant.officer", Role.GRANT_OFFICER, "Jamie", "Brooks")
        for row in AGENCIES:
            world.agencies[row[1]] = create_agency(
                actor=admin,
                name=row[0],
                ori=row[1],
                ein=row[2],
                agency_type=row[3],
                state=row[4],
                county=row[5],
                city=row[6],
                sworn_officers=row[7],
                head_name=row[8],
                head_title=row[9],
            )
        discretionary = list(Standard.objects.filter(kind=StandardKind.DISCRETIONARY)[:4])
        for name, abbreviation, states, types, primary, _certified in BODIES:
            world.bodies[abbreviation] = create_body(
                actor=admin,
                name=name,
                abbreviation=abbreviation,
                states_served=states,
                agency_types_served=types,
                is_primary=primary,
                discretionary_standards=discretionary if abbreviation == "DNAB" else discretionary[:2],
            )
        for ori, username, first, last in STAFF:
            world.staff[ori] = world.person(
                username, Role.AGENCY_STAFF, first, last, agency=world.agencies[ori]
            )
        for abbreviation, username, first, last in CERTIFIERS:
            world.certifiers[abbreviation] = world.person(
                username, Role.CERTIFIER, first, last, credentialing_body=world.bodies[abbreviation]
            )


def _certify(world: DemoWorld, abbreviation: str) -> None:
    world.bodies[abbreviation] = services.certify_body(
        body=world.bodies[abbreviation], actor=world.admin, note="Designated by the Attorney General."
    )
