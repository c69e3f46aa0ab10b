"""EMAIL_URL: the console by default, SMTP with TLS however production spells it."""

import os
import subprocess
import sys

import pytest

PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND.rsplit('.', 2)[-2], s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)"
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (None, "console"),
        ("smtp+tls://user:secret@mail.example.gov:587", "smtp mail.example.gov 587 True"),
        ("smtp://user:secret@mail.example.gov:587/?tls=True", "smtp mail.example.gov 587 True"),
    ],
)
def test_email_url(url, expected):
    env = {k: v for k, v in os.environ.items() if k != "EMAIL_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if url:
        env["EMAIL_URL"] = url
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip().startswith(expected)
