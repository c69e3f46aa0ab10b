"""A small demo data set: agencies of every type, three certified bodies and a pending one, applications
in every state, two grant programs and a demo user for every role. Every change goes through the
services, so logs, findings and eligibility flags are what real use would produce."""

from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.mfa import selectors as mfa_selectors
from accounts.mfa import services as mfa_services
from accounts.models import Role, User
from accounts.rules import must_use_second_factor
from agencies.models import Agency, AgencyType
from agencies.services import create_agency
from credentialing import services
from credentialing.dates import add_months
from credentialing.models import CredentialApplication, Standard, StandardKind
from credentialing.services.registry import create_body
from credentialing.states import ApplicationStatus
from demo.sec3_demo import load_sec3
from demo.sec4_demo import load_sec4
from grants.models import ProgramKind
from grants.services import add_applicant, create_program, recompute_all_eligibility
from reporting.models import AnnualReport
from reporting.selectors import annual_report_entries, report_period
from reporting.services import commit_list, upload_list

DEMO_PASSWORD = "Demo-Password-2026!"  # noqa: S105 - printed for the demo, refused when DEBUG is off

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

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


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class Command(BaseCommand):
    help = "Load the demo data set (agencies, bodies, applications in every state, programs, users)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even when DEBUG is off.")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo users with known passwords while DEBUG is off.")
        if Agency.objects.filter(ori=AGENCIES[0][1]).exists():
            self.stdout.write("Demo data is already loaded.")
        else:
            self._load()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        demo_users = list(
            User.objects.filter(email__endswith="@demo.invalid")
            .select_related("agency", "credentialing_body")
            .order_by("role", "username")
        )
        self._give_authenticators(demo_users)
        self._print_users(demo_users)

    def _load(self) -> None:
        with transaction.atomic():
            # The first people exist from the server, as ``createsuperuser`` would make them; the
            # registry, the bodies and the programs are then built through the services, on the record.
            admin = self._user("doj.admin", Role.DOJ_ADMINISTRATOR, "Avery", "Hall", is_staff=True)
            officer = self._user("grant.officer", Role.GRANT_OFFICER, "Jamie", "Brooks")
            agencies = {
                row[1]: create_agency(
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
                for row in AGENCIES
            }
            discretionary = list(Standard.objects.filter(kind=StandardKind.DISCRETIONARY)[:4])
            bodies = {}
            for name, abbreviation, states, types, primary, _certified in BODIES:
                bodies[abbreviation] = create_body(
                    actor=admin,
                    name=name,
                    abbreviation=abbreviation,
                    states_served=states,
                    agency_types_served=types,
                    is_primary=primary,
                    discretionary_standards=discretionary if abbreviation == "DNAB" else discretionary[:2],
                )
            staff = {
                ori: self._user(username, Role.AGENCY_STAFF, first, last, agency=agencies[ori])
                for ori, username, first, last in [
                    ("CA0990100", "riverbend", "Robin", "Diaz"),
                    ("TX0990200", "cedar", "Drew", "Nguyen"),
                    ("TX0990300", "loneprairie", "Terry", "Walsh"),
                    ("TX0990400", "millcreek", "Quinn", "Baker"),
                    ("PA0990500", "keystone", "Riley", "Stone"),
                    ("OH0990600", "buckeye", "Shawn", "Lee"),
                    ("NJ0990700", "harbor", "Jesse", "Kim"),
                    ("GA0990900", "pinehollow", "Parker", "Young"),
                ]
            }
            certifiers = {
                abbreviation: self._user(username, Role.CERTIFIER, first, last, body=bodies[abbreviation])
                for abbreviation, username, first, last in [
                    ("DNAB", "certifier", "Kendall", "Price"),
                    ("TPCAF", "certifier.tx", "Emerson", "Cruz"),
                    ("IACLEA", "certifier.campus", "Rowan", "Patel"),
                ]
            }
        for _name, abbreviation, *_rest, certified in BODIES:
            if certified:
                bodies[abbreviation] = services.certify_body(
                    body=bodies[abbreviation], actor=admin, note="Designated by the Attorney General."
                )

        def flow(
            ori: str, abbreviation: str, until: str, *, determined: date | None = None
        ) -> CredentialApplication:
            """Take a new application of ``ori`` to ``abbreviation`` through the workflow up to ``until``."""
            actor, certifier = staff[ori], certifiers.get(abbreviation)
            app = services.create_application(
                agency=agencies[ori],
                body=bodies[abbreviation],
                actor=actor,
                notes="Policy manual chapter 300 attached.",
            )
            if until == ApplicationStatus.DRAFT:
                return app
            services.update_application(
                application=app,
                actor=actor,
                attests_legal_compliance=True,
                attests_chokehold_prohibition=True,
            )
            services.attach_document(
                application=app,
                actor=actor,
                kind="use_of_force_policy",
                upload=pdf("use-of-force-policy.pdf"),
            )
            services.attach_document(
                application=app, actor=actor, kind="signed_declaration", upload=pdf("signed-declaration.pdf")
            )
            app = services.submit_application(application=app, actor=actor)
            if until == ApplicationStatus.WITHDRAWN:  # only a submitted application is withdrawn
                return services.withdraw_application(
                    application=app, actor=actor, note="Applying to our state body instead."
                )
            if until == ApplicationStatus.SUBMITTED:
                return app
            assert certifier is not None
            app = services.start_review(application=app, actor=certifier)
            if until == ApplicationStatus.UNDER_REVIEW:
                return app
            if until == ApplicationStatus.RETURNED:
                return services.return_application(
                    application=app, actor=certifier, note="Please attach the 2025 revision of the policy."
                )
            outcome = "not_met" if until == ApplicationStatus.DENIED else "met"
            for standard in Standard.objects.filter(kind=StandardKind.MANDATORY):
                services.record_finding(
                    application=app,
                    actor=certifier,
                    standard=standard,
                    outcome=outcome,
                    note="Reviewed policy sections 300.1-300.9.",
                )
            if until == ApplicationStatus.DENIED:
                return services.deny_application(
                    application=app,
                    actor=certifier,
                    note="The policy permits neck restraints without limitation.",
                )
            return services.approve_application(
                application=app, actor=certifier, determination_date=determined
            )

        flow("CA0990100", "DNAB", ApplicationStatus.APPROVED)
        flow("TX0990200", "TPCAF", ApplicationStatus.UNDER_REVIEW)
        flow("TX0990300", "TPCAF", ApplicationStatus.SUBMITTED)
        flow("TX0990400", "TPCAF", ApplicationStatus.DRAFT)
        flow("PA0990500", "DNAB", ApplicationStatus.RETURNED)
        flow(
            "OH0990600",
            "IACLEA",
            ApplicationStatus.APPROVED,
            determined=add_months(timezone.localdate(), -20),
        )
        flow("NJ0990700", "DNAB", ApplicationStatus.DENIED)
        flow("GA0990900", "DNAB", ApplicationStatus.WITHDRAWN)

        revoked = flow("TX0990300", "DNAB", ApplicationStatus.APPROVED)
        services.revoke_credential(
            application=revoked,
            actor=certifiers["DNAB"],
            note="Agency reinstated a carotid restraint policy.",
        )

        lapsed = flow(
            "NJ0990700", "DNAB", ApplicationStatus.APPROVED, determined=add_months(timezone.localdate(), -30)
        )
        # Demo history only: move this credential's dates back as if it had been awarded 37 months ago,
        # so the expiry sweep has something to expire.
        old = add_months(timezone.localdate(), -37)
        CredentialApplication.objects.filter(pk=lapsed.pk).update(
            determination_date=old, expires_on=add_months(old, 36)
        )
        services.expire_due_credentials()

        fiscal_year = timezone.localdate().year + (1 if timezone.localdate().month >= 10 else 0)
        cops = create_program(
            actor=officer,
            name="COPS Hiring Program",
            fiscal_year=fiscal_year,
            kind=ProgramKind.DISCRETIONARY,
            application_deadline=date(fiscal_year, 3, 15),
            description="Discretionary: subject to the EO 13929 Sec. 2(a) credentialing condition.",
        )
        jag = create_program(
            actor=officer,
            name="Edward Byrne Memorial Justice Assistance Grant",
            fiscal_year=fiscal_year,
            kind=ProgramKind.FORMULA,
            application_deadline=date(fiscal_year, 6, 30),
            description="Formula grant: the credentialing condition does not apply.",
        )
        for index, agency in enumerate(agencies.values()):
            add_applicant(
                actor=officer,
                program=cops,
                agency=agency,
                amount_requested=Decimal(125_000 * (index % 4 + 1)),
            )
            if index % 2 == 0:
                add_applicant(
                    actor=officer,
                    program=jag,
                    agency=agency,
                    amount_requested=Decimal(40_000 + 5_000 * index),
                )
        self._reporting(admin, certifiers["DNAB"], bodies["DNAB"], agencies)
        load_sec3(
            staff=staff,
            admin=admin,
            officer=officer,
            agencies=list(agencies.values()),
            fiscal_year=fiscal_year,
        )
        load_sec4(staff=staff, officer=officer, agencies=agencies, fiscal_year=fiscal_year)
        recompute_all_eligibility()

    def _reporting(self, admin: User, certifier: User, body, agencies: dict) -> None:
        """A bulk list from the national board, with a few refused rows, committed; and its submitted
        annual report for the last January 31."""
        listed = [
            create_agency(
                actor=admin,
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
            for name, ori, ein, state, city in [
                ("Bluebonnet Police Department", "TX0991000", "746001010", "TX", "Bluebonnet"),
                ("Laurel Ridge Police Department", "PA0991100", "236001111", "PA", "Laurel Ridge"),
                ("Maple Falls Police Department", "OH0991200", "316001212", "OH", "Maple Falls"),
            ]
        ]
        current = timezone.localdate()
        earlier = add_months(current, -10).isoformat()
        rows = [f"{a.ori},{earlier},DNAB-{index:04d}" for index, a in enumerate(listed, start=1)]
        rows += [
            f"ZZ0999999,{earlier},DNAB-0099",  # unknown ORI
            f"CA0990100,{earlier},DNAB-0100",  # already credentialed by the board
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
        # The report due last January 31, as the board sent it (built from the demo's own history).
        year = current.year
        AnnualReport.objects.create(
            body=body,
            year=year,
            as_of=report_period(year)[1],
            entries=annual_report_entries(body, year),
            note="Demo: submitted on time.",
            submitted_by=certifier,
            submitted_at=timezone.make_aware(datetime.combine(report_period(year)[1], time(10))),
        )

    def _user(self, username, role, first, last, *, agency=None, body=None, is_staff=False) -> User:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.invalid",
            role=role,
            agency=agency,
            credentialing_body=body,
            is_staff=is_staff,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user

    def _give_authenticators(self, users: list[User]) -> None:
        """Every demo user whose role needs a second factor gets an authenticator, enrolled through the
        real flow with a code computed from its secret (printed below)."""
        for user in users:
            if must_use_second_factor(user) and not mfa_selectors.has_authenticator(user):
                device = mfa_services.pending_authenticator(user=user)
                mfa_services.confirm_enrolment(user=user, code=mfa_selectors.usable_code(device))

    def _print_users(self, users: list[User]) -> None:
        self.stdout.write(f"\nDemo users (password for all: {DEMO_PASSWORD})")
        for user in users:
            self.stdout.write(f"  {user.username:<18} {user.get_role_display():<34} {user.organisation_name}")
            device = mfa_selectors.authenticator(user)
            if device is not None:
                secret = mfa_selectors.secret_for_manual_entry(device)
                self.stdout.write(
                    f"  {'':<18} second step: add the key {secret} to an authenticator app,"
                    f" or run: uv run python manage.py demo_totp {user.username}"
                )
