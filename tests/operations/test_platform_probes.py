"""The platform files probe the URLs that exist: liveness restarts, readiness takes out of rotation."""

import re
from pathlib import Path

import yaml

from operations.probes import LIVENESS_PATH, PROBES, READINESS_PATH

ROOT = Path(__file__).resolve().parents[2]


def test_cloud_foundry_checks_liveness_and_readiness_of_the_web_process():
    [manifest] = yaml.safe_load_all((ROOT / "manifest.yml").read_text())
    [web] = [p for p in manifest["applications"][0]["processes"] if p["type"] == "web"]
    assert web["health-check-type"] == "http" and web["health-check-http-endpoint"] == LIVENESS_PATH
    assert web["readiness-health-check-type"] == "http"
    assert web["readiness-health-check-http-endpoint"] == READINESS_PATH
    # gunicorn's access log would print query strings and addresses; the app's JSON line replaces it.
    assert "access-logfile" not in web["command"]


def test_compose_web_nodes_report_readiness_and_the_others_no_http_check():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    for name in ("web1", "web2"):
        assert READINESS_PATH in " ".join(services[name]["healthcheck"]["test"])
    for name in ("worker1", "worker2", "mailer", "beat1", "beat2"):
        assert services[name]["healthcheck"] == {"disable": True}


def test_the_image_checks_liveness():
    dockerfile = (ROOT / "Dockerfile").read_text()
    healthcheck = re.search(r"^HEALTHCHECK .*?CMD (.+)$", dockerfile, re.S | re.M)
    assert healthcheck and f"127.0.0.1:8000{LIVENESS_PATH}" in healthcheck.group(1)
    assert "--access-logfile" not in dockerfile
    assert set(PROBES) == {LIVENESS_PATH, READINESS_PATH, "/metrics"}
