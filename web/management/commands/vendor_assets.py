"""Copies the front-end files the pages use from node_modules into static/vendor (not committed)."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

USWDS = Path("@uswds/uswds/dist")
# Only what the pages load: the CSS and its fonts and images side by side (the CSS refers to ../fonts
# and ../img), the two scripts, and htmx. Each minified file travels with its source map, which
# whitenoise's manifest storage requires.
FILES = [
    (USWDS / "css/uswds.min.css", "uswds/css/uswds.min.css"),
    (USWDS / "css/uswds.min.css.map", "uswds/css/uswds.min.css.map"),
    (USWDS / "js/uswds-init.min.js", "uswds/js/uswds-init.min.js"),
    (USWDS / "js/uswds-init.min.js.map", "uswds/js/uswds-init.min.js.map"),
    (USWDS / "js/uswds.min.js", "uswds/js/uswds.min.js"),
    (USWDS / "js/uswds.min.js.map", "uswds/js/uswds.min.js.map"),
    (Path("htmx.org/dist/htmx.min.js"), "htmx/htmx.min.js"),
]
TREES = [(USWDS / "fonts", "uswds/fonts"), (USWDS / "img", "uswds/img")]
# The CSS refers to hero.jpg; the material-icons sets are unused and large.
SKIPPED_IMAGES = ("material-icons", "material-icons-deprecated", "hero.webp")


class Command(BaseCommand):
    help = "Copy USWDS and htmx from node_modules into static/vendor."

    def handle(self, *args, **options):
        source = Path(settings.BASE_DIR) / "node_modules"
        target = Path(settings.BASE_DIR) / "static" / "vendor"
        if not source.is_dir():
            raise CommandError("node_modules is missing: run `npm ci` first.")
        if target.exists():
            shutil.rmtree(target)
        for src, dst in FILES:
            destination = target / dst
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / src, destination)
        for src, dst in TREES:
            shutil.copytree(source / src, target / dst, ignore=shutil.ignore_patterns(*SKIPPED_IMAGES))
        size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
        self.stdout.write(f"vendored front-end assets into {target} ({size / 1_048_576:.1f} MB)")
