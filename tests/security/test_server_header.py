"""No response says which web server made it: gunicorn's ``Server`` header is left out."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_gunicorn_sends_no_server_header():
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                # No database is needed to refuse an anonymous API call.
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/me/", timeout=20)
            except urllib.error.HTTPError as answer:
                assert answer.code == 401
                headers = answer.headers
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.3)
        assert "Server" not in headers, headers.get("Server")
        assert headers["Date"] and headers["Content-Type"].startswith("application/json")
    finally:
        server.terminate()
        server.wait(timeout=30)
