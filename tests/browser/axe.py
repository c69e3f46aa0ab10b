"""axe-core scans at every impact level, each one recorded for the summary in test-output/axe-summary.txt."""

from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page


@dataclass(frozen=True)
class Scan:
    what: str
    width: int
    violations: int
    passes: int
    incomplete: int


# Filled by the scans, written out by conftest.py when the session ends.
SCANS: list[Scan] = []


def assert_no_violations(page: Page, what: str) -> None:
    """Every axe finding counts, whatever its impact, and no rule is left out."""
    results = Axe().run(page).response
    violations = results["violations"]
    viewport = page.viewport_size or {"width": 0}
    SCANS.append(
        Scan(
            what=what,
            width=viewport["width"],
            violations=len(violations),
            passes=len(results["passes"]),
            incomplete=len(results["incomplete"]),
        )
    )
    assert not violations, f"{what}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


def summary() -> str:
    lines = [
        "axe-core scans at every impact level (rules: violated / passed / needing review)",
        f"{'page and state':<70} {'width':>5} {'violations':>10} {'passed':>6} {'review':>6}",
    ]
    for scan in sorted(SCANS, key=lambda s: (s.what, s.width)):
        lines.append(
            f"{scan.what:<70} {scan.width:>5} {scan.violations:>10} {scan.passes:>6} {scan.incomplete:>6}"
        )
    lines.append(f"{len(SCANS)} scans, {sum(s.violations for s in SCANS)} violations")
    return "\n".join(lines) + "\n"
