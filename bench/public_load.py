"""The public pages on a busy day: 100 anonymous people at once on the largest state's list, the national
summary and the Sec. 3 figures, each beside the trivial endpoint under the same load in the same run.

Each of ``CLIENTS`` threads sends its next request as soon as the last one is answered (a closed loop, no
pause), so the servers always have that many requests waiting; every latency includes the wait in the
servers' queue. With two gunicorn workers the queue dominates: a page's p95 over the trivial endpoint's p95
is close to the ratio of what one request of each costs a worker. The pages are read with the production
cache (``CACHE_URL`` pointing at Redis, shared by both workers); without it the label says so. A page asked
for with an empty search (``?q=``) is the same page rendered every time, from the cached figures, without
the whole-page copy the servers keep for anonymous readers (``common.caching.public_cacheable``): the A/B
of that copy within one run.

The floor is ``GET /api/v1/me/`` (a token, the benchmark's trivial endpoint) under the same load; the
trivial page (``/about/``, anonymous, a template and nothing read) is printed beside it. The rounds take
turns (floor, then each page), so a change in the host's load touches both sides of each ratio.

    uv run python bench/run.py --reuse --only public --port 8401
"""

import statistics
import threading

CLIENTS = 100
PER_CLIENT = 5  # requests each client sends per round: 500 per page and round
TARGET = 3.0  # p95 of a public page <= 3x the trivial endpoint's p95 under the same load


def _load(
    base: str, path: str, headers: dict[str, str], clients: int, each: int
) -> tuple[list[float], list[int]]:
    """``clients`` threads, each sending ``each`` requests back to back once all have started."""
    from bench.run import http

    latencies: list[list[float]] = [[] for _ in range(clients)]
    statuses: list[list[int]] = [[] for _ in range(clients)]
    ready = threading.Barrier(clients)

    def client(number: int) -> None:
        ready.wait()
        for _ in range(each):
            try:
                status, elapsed = http("GET", base + path, headers)
            except OSError:
                status, elapsed = 0, 0.0
            latencies[number].append(elapsed)
            statuses[number].append(status)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [x for got in latencies for x in got if x], [s for got in statuses for s in got]


def _cache_backend() -> str:
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return backend if "locmem" not in backend.lower() else f"{backend}: each worker its own, set CACHE_URL"


def measure_public_load(table, base: str, repeat: int, quick: bool) -> None:
    from django.db.models import Count

    from accounts.models import Role, User
    from agencies.models import Agency
    from bench.run import ms, p95, token_for

    clients, each, rounds = (10, 3, 1) if quick else (CLIENTS, PER_CLIENT, max(1, min(3, repeat)))
    state = (
        Agency.objects.values("state")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("state", flat=True)[0]
    )
    officer = User.objects.filter(role=Role.GRANT_OFFICER).order_by("id").first()
    trivial = ("GET /api/v1/me/ (token)", "/api/v1/me/", {"Authorization": f"Token {token_for(officer)}"})
    routes = [
        trivial,
        ("trivial page GET /about/ (anonymous)", "/about/", {}),
        (f"public state list /credentialed/{state}/", f"/credentialed/{state}/", {}),
        (f"public state list /credentialed/{state}/?page=3", f"/credentialed/{state}/?page=3", {}),
        # The same page with an empty search: rendered every time (no shared copy), from the cached rows.
        (
            f"public state list /credentialed/{state}/?q= (rendered each time)",
            f"/credentialed/{state}/?q=",
            {},
        ),
        ("public summary /credentialed/", "/credentialed/", {}),
        ("public figures /figures/", "/figures/", {}),
        ("public figures /figures/?q= (rendered each time)", "/figures/?q=", {}),
    ]
    from bench.run import http

    for _, path, headers in routes:
        for _ in range(4):  # each server process reads its code paths and fills the cache first
            http("GET", base + path, headers)
    got: dict[str, list[float]] = {label: [] for label, _, _ in routes}
    bad: dict[str, int] = {label: 0 for label, _, _ in routes}
    for _ in range(rounds):
        for label, path, headers in routes:
            latencies, statuses = _load(base, path, headers, clients, each)
            got[label] += latencies
            bad[label] += sum(status != 200 for status in statuses)
    print(f"public load: cache {_cache_backend()}", flush=True)
    floor = got[trivial[0]]
    for label, _, _ in routes:
        samples = got[label]
        if not samples:
            table.add(f"{clients} anonymous at once: {label}", "n/a (no answer)")
            continue
        spread = f"p95 {ms(p95(samples))}, {len(samples):,} requests, {bad[label]} not 200"
        if label == trivial[0]:
            table.add(f"{clients} at once, floor: {label}", ms(statistics.median(samples)), spread)
            continue
        table.add(f"{clients} anonymous at once: {label}", ms(statistics.median(samples)), spread)
        if floor and label != routes[1][0]:
            table.add(
                f"ratio p95 {label} / trivial endpoint, {clients} at once",
                f"{p95(samples) / p95(floor):.1f}x",
                f"median {statistics.median(samples) / statistics.median(floor):.1f}x",
                f"p95 <= {TARGET:.0f}x",
            )
