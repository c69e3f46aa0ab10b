"""gunicorn settings shared by every deployment (``gunicorn -c config/gunicorn.py config.wsgi``).

Each worker gets ready before it takes a request: without this, the first request in each process paid
for importing every view (Django loads the URLconf on first use), and the first one that enqueues
background work (a transition, say) for Celery finalising its app (importing every task module) and
opening the broker connection: 0.55 to 0.83 s on two shared cores, against about 30 ms for the rest.
That was the transition tail (``bench/transition_tail.py`` prints each request in order).
"""


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
