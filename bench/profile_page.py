"""Where the applicants page's time goes: the signed-in HTML page of 50 rows beside the trivial page the
floor is made of (``GET /api/v1/me/`` with the same session cookie), each statement with its time, and a
profile of the Python by function.

    DATABASE_URL=postgres://... CACHE_URL=redis://127.0.0.1:6379/N \
        uv run python bench/profile_page.py -n 60 [--size 50] [--top 40]

Each request goes through the whole Django stack in this process (middleware, session, second factor, the
view, the templates), with production settings as the servers run them (no DEBUG). It reads only; the
session it signs in with is created in the data set's session table.
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The transition profile's settings (production's, no DEBUG, the request log quiet): importing it sets them
# and sets Django up.
from bench.profile_transition import p95, shape, short  # noqa: I001

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Role, User
from bench.run import largest_program, session_cookie


def sample(client: Client, path: str, cookie: str) -> tuple[int, float, list[tuple[str, float]]]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(path, HTTP_COOKIE=cookie)
        elapsed = time.perf_counter() - start
    return response.status_code, elapsed, [(q["sql"], float(q["time"])) for q in queries.captured_queries]


def report(label: str, runs: list[tuple[int, float, list[tuple[str, float]]]]) -> None:
    walls = [r[1] for r in runs]
    sql = [sum(s for _, s in r[2]) for r in runs]
    print(f"\n{label}: n={len(runs)}, status {sorted({r[0] for r in runs})}, {len(runs[0][2])} statements")
    print(f"  wall   median {statistics.median(walls) * 1000:6.2f} ms   p95 {p95(walls) * 1000:6.2f} ms")
    print(f"  SQL    median {statistics.median(sql) * 1000:6.2f} ms")
    python = statistics.median(w - s for w, s in zip(walls, sql, strict=True))
    print(f"  Python median {python * 1000:6.2f} ms")
    per_shape: dict[str, list[float]] = defaultdict(list)
    order: list[str] = []
    for _, _, statements in runs:
        for text, seconds in statements:
            key = shape(text)
            if key not in per_shape:
                order.append(key)
            per_shape[key].append(seconds)
    for key in order:
        times = per_shape[key]
        print(f"    {statistics.median(times) * 1000:6.2f} ms  x{len(times) / len(runs):3.1f}  {short(key)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=60)
    parser.add_argument("--size", type=int, default=50)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--pyinstrument", action="store_true", help="a sampling profile, as a call tree")
    args = parser.parse_args()

    program = largest_program()
    officer = User.objects.filter(role=Role.GRANT_OFFICER).order_by("id").first()
    cookie = session_cookie(officer)
    client = Client()
    pages = {
        "trivial page GET /api/v1/me/ (session cookie)": "/api/v1/me/",
        f"applicants page of {args.size}": (
            f"/programs/{program.pk}/applicants/?eligible=yes&page_size={args.size}"
        ),
    }
    for label, path in pages.items():
        for _ in range(5):  # warm: URLconf, templates, caches, as a server's worker is
            sample(client, path, cookie)
        report(label, [sample(client, path, cookie) for _ in range(args.n)])

    path = pages[f"applicants page of {args.size}"]
    if args.pyinstrument:
        # Not a dependency of the project: uv run --with pyinstrument python bench/profile_page.py ...
        from pyinstrument import Profiler

        sampler = Profiler(interval=0.001)
        with sampler:
            for _ in range(args.n):
                client.get(path, HTTP_COOKIE=cookie)
        print(sampler.output_text(unicode=False, color=False, show_all=False))
        return
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.n):
        client.get(path, HTTP_COOKIE=cookie)
    profiler.disable()
    print(f"\ncProfile of {args.n} requests of the page, by cumulative time (per request: divide by n):")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
