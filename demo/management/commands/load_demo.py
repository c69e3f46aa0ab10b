"""A small demo data set with a past: agencies of every type, three certified bodies and a pending one,
applications in every state, grant programs, Sec. 3 records and reports, and a demo user for every role.

Every change goes through the services, at the moment it happened in the demo's history (``demo.clock``:
the process's clock is moved for each step; no row is back-dated by hand), so logs, findings,
notifications, eligibility history and the audit trail are what three years of real use would leave.
The sections that schedule the history are in ``demo/sections/``.

It prints the demo users first; the e-mails the history sent only with ``--show-email``.
"""

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from accounts.mfa import selectors as mfa_selectors
from accounts.mfa import services as mfa_services
from accounts.models import User
from accounts.rules import must_use_second_factor
from agencies.models import Agency
from demo.clock import Timeline
from demo.sections import SECTIONS
from demo.sections.registry import AGENCIES
from demo.world import DEMO_PASSWORD, DemoWorld
from grants.services import recompute_all_eligibility

# While the history is made, e-mail is kept in memory (Django's own test backend) instead of going to
# the configured backend: the console backend would print thousands of lines before the users.
KEEP_MAIL = "django.core.mail.backends.locmem.EmailBackend"


class Command(BaseCommand):
    help = "Load the demo data set, its history spread over the past three years."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even when DEBUG is off.")
        parser.add_argument(
            "--show-email",
            action="store_true",
            help="After the users, print the e-mails the demo's history sent (plain-text part).",
        )

    def handle(self, *args, force: bool = False, show_email: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo users with known passwords while DEBUG is off.")
        already = Agency.objects.filter(ori=AGENCIES[0][1]).exists()
        with override_settings(EMAIL_BACKEND=KEEP_MAIL):
            sent_before = len(getattr(mail, "outbox", []))
            if not already:
                self._load()
            demo_users = list(
                User.objects.filter(email__endswith="@demo.invalid")
                .select_related("agency", "credentialing_body")
                .order_by("role", "username")
            )
            self._give_authenticators(demo_users)
            sent = list(getattr(mail, "outbox", []))[sent_before:]
        if already:
            self.stdout.write("Demo data is already loaded.")
        else:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self._print_users(demo_users)
        self._print_mail(sent, show=show_email, loaded=not already)

    def _load(self) -> None:
        world = DemoWorld(timeline=Timeline())
        for section in SECTIONS:
            section.schedule(world)
        world.timeline.run()
        # Today's reconciliation sweep, as the periodic task runs it.
        recompute_all_eligibility()

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

    def _print_mail(self, messages: list, *, show: bool, loaded: bool) -> None:
        if not loaded:
            return
        if not show:
            self.stdout.write(
                f"\nThe demo's history sent {len(messages)} e-mails; they are listed in the product as "
                "notifications (load with --show-email to print them here)."
            )
            return
        self.stdout.write(f"\nE-mails the demo's history sent ({len(messages)}):")
        for message in messages:
            self.stdout.write("-" * 72)
            self.stdout.write(f"To: {', '.join(message.to)}")
            self.stdout.write(f"Date: {message.extra_headers.get('Date') or message.message()['Date']}")
            self.stdout.write(f"Subject: {message.subject}")
            self.stdout.write("")
            self.stdout.write(message.body)
