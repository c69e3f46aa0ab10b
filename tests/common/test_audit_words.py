"""Every kind of audit entry the code writes has words, and the words come from the one registry."""

import ast
import re
from pathlib import Path

from django.apps import apps

from common.audit_words import action_label, has_words, object_noun

ROOT = Path(__file__).resolve().parents[2]
# Every app of the project's own (not Django's nor a library's): a new app is covered without a word here.
APPS = tuple(config.name for config in apps.get_app_configs() if Path(config.path).resolve().parent == ROOT)
DOTTED = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def _writes_audit(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and (
            node.module == "common.audit"
            or (node.module == "common" and any(a.name == "audit" for a in node.names))
        )
        for node in ast.walk(tree)
    )


def _is_model_label(text: str) -> bool:
    try:
        apps.get_model(text)
    except (LookupError, ValueError):
        return False
    return True


def actions_written_in_code() -> set[str]:
    """Dotted string literals in every module that writes the audit trail, less model labels: the
    actions, however they reach ``record`` (a keyword, a conditional, a helper's argument)."""
    found: set[str] = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            if not _writes_audit(tree) or path.name in {"audit.py", "audit_log.py", "audit_words.py"}:
                continue
            found.update(
                node.value
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and DOTTED.match(node.value)
                and not _is_model_label(node.value)
            )
    return found


def test_the_scan_finds_the_actions_it_should():
    found = actions_written_in_code()
    # A few from each way of passing them, so the scan itself cannot silently find nothing.
    assert {
        "agency.updated",
        "user.deactivated",
        "user.reactivated",
        "finding.revised",
        "user.password_set",
    } <= found
    assert {
        "token.revoked",
        "mfa.reset",
        "sec3_record.status_corrected",
        "notifications.unsubscribed",
    } <= found
    assert len(found) >= 44


def test_every_action_written_anywhere_has_words():
    missing = sorted(action for action in actions_written_in_code() if not has_words(action))
    assert missing == [], (
        f"audit actions without words (register them in the app's audit_words.py): {missing}"
    )


def test_labels_are_words_not_codes():
    assert action_label("mfa.enrolled") == "Authenticator app enrolled"
    assert object_noun("records.quarterlyreport") == "Sec. 3 quarterly report"
    assert object_noun("accounts.user") == "Person"
