"""gunicorn settings shared by every deployment (``gunicorn -c config/gunicorn.py config.wsgi``).

Each worker gets ready before it takes a request: without this, the first request in each process paid
for importing every view (Django loads the URLconf on first use), and the first one that enqueues
background work (a transition, say) for Celery finalising its app (importing every task module) and
opening the broker connection: 0.55 to 0.83 s on two shared cores, against about 30 ms for the rest.
That was the transition tail (``bench/transition_tail.py`` prints each request in order).

No response says which server made it: gunicorn writes ``Server: gunicorn`` itself, before any header of
the application's, and has no setting to leave it out (OWASP ASVS 14.3.3), so its header list is trimmed
here, in the master, before the workers fork.
"""

from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _headers_without_server(self: wsgi.Response) -> list[str]:
    # Trimming is idempotent, so a configuration read twice (a reload) does no harm.
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _headers_without_server


def post_worker_init(worker) -> None:
    from django.urls import get_resolver

    from config.celery import app

    get_resolver().url_patterns  # noqa: B018 - loading the URLconf imports every view
    app.finalize(auto=True)
    with app.producer_or_acquire() as producer:
        producer.connection.ensure_connection(max_retries=1)


def on_starting(server) -> None:
    """Request metrics of several workers are kept in files under PROMETHEUS_MULTIPROC_DIR: a new start
    begins from an empty directory, or the counters of processes long gone would be added in."""
    import os
    from pathlib import Path

    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        for leftover in Path(directory).glob("*.db"):
            leftover.unlink()


def child_exit(server, worker) -> None:
    import os

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
