"""bin/demo's environment: DEBUG off, so a missing page is the product's 404 page, with every static file
of the page still served (from their sources) and e-mail links on the port the demo serves."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

PROBE = """
import json, os, re
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
page = client.get("/no-such-page/")
html = page.content.decode()
assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
print(json.dumps({
    "debug": settings.DEBUG,
    "site_url": settings.SITE_URL,
    "status": page.status_code,
    "product_page": "Page not found" in html and "usa-header" in html,
    "technical_page": "Using the URLconf" in html or "technical_404" in html,
    "assets": {path: client.get(path).status_code for path in assets},
}))
"""


def test_the_demo_shows_the_products_404_page_and_its_static_files(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SITE_URL", "DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"}
    }
    env.update(
        PORT="8123",
        SECRET_KEY="a-test-key-for-the-demo-environment-0123456789",
        STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    )
    command = f'source bin/demo-env && exec "{sys.executable}" -W error::UserWarning -c "$PROBE"'
    done = subprocess.run(
        ["/bin/bash", "-c", command],
        cwd=BASE_DIR,
        env={**env, "PROBE": PROBE},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["debug"] is False and found["site_url"] == "http://127.0.0.1:8123"
    assert found["status"] == 404 and found["product_page"] and not found["technical_page"]
    assert len(found["assets"]) >= 5 and set(found["assets"].values()) == {200}, found["assets"]
