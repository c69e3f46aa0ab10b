"""Generates a national-scale data set (about 18,000 agencies at --scale 1) deterministically from a seed."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from common import events
from common.generations import NATIONAL_DATA, bump
from demo.national import load
from grants.services import recompute_all_eligibility


class Command(BaseCommand):
    help = (
        "Generate a national-scale synthetic data set: agencies of every type in every state, credentialing "
        "bodies, applications with their transition logs, users, grant programs with their applicants and "
        "every agency's eligibility flag. Same --seed and --scale (and day), same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 = about 18,000 agencies.")
        parser.add_argument("--seed", type=int, default=13929)
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="Anchor date (YYYY-MM-DD); default today."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty the domain tables first: agencies, bodies, applications, grants and the user "
            "accounts (all of them).",
        )

    def handle(self, *args, scale: float, seed: int, today: date | None, reset: bool, **options) -> None:
        if not 0 < scale <= 100:
            raise CommandError("--scale must be above 0 and at most 100.")
        if load.has_agencies() and not reset:
            raise CommandError("The database already holds agencies: pass --reset to replace them.")
        today = today or timezone.localdate()
        started = time.perf_counter()

        def progress(message: str) -> None:
            self.stdout.write(f"[{time.perf_counter() - started:6.1f}s] {message}")
            self.stdout.flush()

        if reset:
            load.reset_domain_tables()
            progress("emptied the domain tables")
        progress(f"generating rows (seed {seed}, scale {scale}, as of {today.isoformat()})")
        dataset = load.build(seed=seed, scale=scale, today=today)
        progress("writing rows")
        counts = load.write(dataset, progress)
        bump(NATIONAL_DATA)  # written around the services: cached counts must not outlive it
        progress("computing every agency's eligibility flag (set-wise)")
        with events.silenced():
            changed = recompute_all_eligibility(today=today)
        progress(f"  {changed:,} flags stored")
        load.analyze()
        progress("updated the planner's statistics")
        total = sum(counts.values()) + 2 * changed
        self.stdout.write(
            self.style.SUCCESS(f"Done in {time.perf_counter() - started:.1f}s: {total:,} rows written.")
        )
