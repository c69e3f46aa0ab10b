"""What the bodies sent DOJ: the national board's bulk list of earlier accreditations (with refused
rows), and each body's annual reports from its certification on: on time, late, and one not sent."""

from datetime import date
from functools import partial

from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import AgencyType
from agencies.services import create_agency
from credentialing.dates import add_months
from reporting.schedule import current_report_year, report_period
from reporting.services import commit_list, submit_annual_report, upload_list

from ..world import DemoWorld
from .registry import CAMPUS_BODY_CERTIFIED_DAYS_AGO, STARTED_DAYS_AGO

LIST_UPLOADED_DAYS_AGO = 340
LISTED = [
    # name, ORI, EIN, state, city
    ("Bluebonnet Police Department", "TX0991000", "746001010", "TX", "Bluebonnet"),
    ("Laurel Ridge Police Department", "PA0991100", "236001111", "PA", "Laurel Ridge"),
    ("Maple Falls Police Department", "OH0991200", "316001212", "OH", "Maple Falls"),
]
CERTIFIED_DAYS_AGO = {
    "DNAB": STARTED_DAYS_AGO - 10,
    "TPCAF": STARTED_DAYS_AGO - 10,
    "IACLEA": CAMPUS_BODY_CERTIFIED_DAYS_AGO,
}


def schedule(world: DemoWorld) -> None:
    timeline = world.timeline
    timeline.ago(LIST_UPLOADED_DAYS_AGO, "the national board's list", partial(_bulk_list, world), hour=13)
    for abbreviation, certified in CERTIFIED_DAYS_AGO.items():
        first = current_report_year(timeline.days_ago(certified))
        # The reports whose due day has passed; the one running now is not yet due.
        years = [y for y in range(first, timeline.today.year + 1) if report_period(y)[1] < timeline.today]
        for index, year in enumerate(years):
            sent = _sent_on(abbreviation, year, first=index == 0, last=index == len(years) - 1)
            if sent is not None:
                timeline.on(
                    sent,
                    f"{abbreviation} annual report {year}",
                    partial(_annual_report, world, abbreviation, year),
                    hour=16,
                )


def _sent_on(abbreviation: str, year: int, *, first: bool, last: bool) -> date | None:
    """How each body sends its reports: the national board and the campus body on time every year; the
    Texas body its first a fortnight late, and its latest one not at all (it is late now)."""
    if abbreviation == "TPCAF":
        if last:
            return None
        return date(year, 2, 12) if first else date(year, 1, 29)
    return date(year, 1, 15 if abbreviation == "IACLEA" else 20)


def _bulk_list(world: DemoWorld) -> None:
    body, certifier = world.bodies["DNAB"], world.certifiers["DNAB"]
    listed = [
        create_agency(
            actor=world.admin,
            name=name,
            ori=ori,
            ein=ein,
            agency_type=AgencyType.LOCAL_POLICE,
            state=state,
            county="Demo",
            city=city,
            sworn_officers=18,
            head_name="Dana Reyes",
            head_title="Chief of Police",
        )
        for name, ori, ein, state, city in LISTED
    ]
    current = world.timeline.days_ago(LIST_UPLOADED_DAYS_AGO)
    earlier = add_months(current, -10).isoformat()
    rows = [f"{a.ori},{earlier},DNAB-{index:04d}" for index, a in enumerate(listed, start=1)]
    rows += [
        f"ZZ0999999,{earlier},DNAB-0099",  # unknown ORI
        f"NJ0990700,{earlier},DNAB-0100",  # already credentialed by the board
        f"TX0991000,{earlier},DNAB-0001",  # listed twice
        f"GA0990900,{add_months(current, -40).isoformat()},DNAB-0101",  # outside the look-back
    ]
    content = "ORI,determination date,reference\r\n" + "\r\n".join(rows) + "\r\n"
    file = SimpleUploadedFile("dnab-accreditations.csv", content.encode(), content_type="text/csv")
    upload = upload_list(
        body=body,
        actor=certifier,
        file=file,
        filename="dnab-accreditations.csv",
        name="DNAB accredited agencies",
    )
    commit_list(bulk_list=upload.bulk_list, actor=certifier, accept_refusals=True)


def _annual_report(world: DemoWorld, abbreviation: str, year: int) -> None:
    submit_annual_report(
        body=world.bodies[abbreviation],
        year=year,
        actor=world.certifiers[abbreviation],
        note="As kept by our office.",
    )
