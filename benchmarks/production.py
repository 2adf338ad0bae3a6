"""Production figures in one run, on SQLite and on PostgreSQL with 1,000,000 incident
rows: each page's callback server time (p50/p95, cold and warm cache), cold start of
gunicorn to its first 200, page weight per page (raw and gzip-compressed), and a
bounded load test from loopback against gunicorn. Prints figures; asserts nothing.

    .venv/bin/python -m benchmarks.production [--rows 1000000] [--users 50]
        [--seconds 60] [--workers 4] [--backends sqlite,postgresql]
        [--callbacks-only]

What it does, in order, for each backend:

1. builds the shipped database into a temporary SQLite file or a temporary
   PostgreSQL database (``PES_BENCH_POSTGRES_URL``, default the local server with
   trust authentication), copies its demo incidents (points moved by up to about
   50 m) until the incident table holds ``--rows`` rows, and refreshes the loader's
   monthly incident summary;
2. opens every page in headless Chromium (Debian's ``/usr/bin/chromium``) once,
   keeping every response (its raw and gzip-compressed size) and every callback
   request the browser sends;
3. replays each page's callback requests through the app (Flask's test client, so
   the figure is server time only), after one discarded round: "after a reload"
   empties every cache and memo before each call (the worst case: data just
   reloaded, before the warm-up has run); "first view" empties the query and
   response caches and puts the memos back to what the ``PES_WARM_CACHE`` warm-up
   leaves (every offence group's quartile panel, every map measure's default
   period): a view nobody has asked for since the data changed; "warm" keeps
   everything (a view asked for before);
4. starts gunicorn (``--workers`` gthread workers, ``PES_WARM_CACHE=1``, query
   cache in Redis at ``PES_BENCH_REDIS_URL`` if it answers, else per process) and
   times the cold start to the first 200 on ``/``;
5. runs ``--users`` simulated users for ``--seconds`` seconds from 127.0.0.1 only.
   Each user repeatedly opens a page as the browser does after its first visit
   (static bundles cached by the browser): the page, ``/_dash-layout``,
   ``/_dash-dependencies``, then the page's recorded callback requests in order;
   then reads it for 1 to 3 seconds (think time) before the next page. Every
   request's time and status is kept; a non-200 or a failed connection is an error.

``--callbacks-only`` stops after step 3 (page weight and callback times, no
gunicorn). The temporary databases are dropped afterwards; the shipped build is never touched.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import logging
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from benchmarks.maps import COLUMNS, grow_incidents  # noqa: E402
from dashboard.settings import Settings  # noqa: E402
from data_access.load.build import build_database  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
POSTGRES_ADMIN_URL = os.environ.get(
    "PES_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("PES_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
PAGES = [
    "/",
    "/crime-quartile",
    "/crime-quartile?offence=shoplifting&period=2024-06-30&peer=msg",
    "/perception",
    "/sectors",
    "/sectors?measure=crime-all&period=12m-2025-06",
    "/plan-alignment",
    "/kpis",
    "/risks",
    "/data-sources",
]


@dataclass
class Recording:
    """What the browser fetched and sent for one page."""

    path: str
    responses: int = 0
    raw: int = 0
    packed: int = 0
    data_raw: int = 0
    data_packed: int = 0
    # (path and query, JSON body) of every callback request, in order.
    callbacks: list[tuple[str, bytes]] = field(default_factory=list)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of ``values`` (share in 0..1)."""
    ordered = sorted(values)
    index = min(
        len(ordered) - 1, max(0, -(-int(share * 1000) * len(ordered) // 1000) - 1)
    )
    return ordered[index]


# --- databases -------------------------------------------------------------------


@contextlib.contextmanager
def sqlite_database(rows: int) -> Iterator[str]:
    """A temporary SQLite build grown to ``rows`` incidents; yields its URL."""
    folder = Path(tempfile.mkdtemp(prefix="pes-production-bench-"))
    try:
        path = folder / "bench.sqlite"
        url = f"sqlite:///{path}"
        build_database(url)
        grow_incidents(path, rows)
        refresh_summary(url)
        yield url
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def postgres_database(rows: int) -> Iterator[str]:
    """A temporary PostgreSQL build grown to ``rows`` incidents; yields its URL."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"pes_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        build_database(url)
        engine = create_engine(url)
        with engine.begin() as conn:
            count = conn.execute(text("SELECT count(*) FROM pes.incident")).scalar()
            while count < rows:
                conn.execute(
                    text(
                        f"INSERT INTO pes.incident ({COLUMNS}) SELECT source_system, "
                        "agency, category, month, occurred_on, "
                        "longitude + (random() - 0.5) / 1000.0, "
                        "latitude + (random() - 0.5) / 1000.0, lsoa_code, ward_code, "
                        "sector_code, location_text, outcome, external_id, is_demo, "
                        "dataset_id FROM pes.incident WHERE is_demo LIMIT :n"
                    ),
                    {"n": rows - count},
                )
                count = conn.execute(text("SELECT count(*) FROM pes.incident")).scalar()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE pes.incident"))
        engine.dispose()
        refresh_summary(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def refresh_summary(url: str) -> None:
    """Rebuild the loader's monthly incident summary after the rows were grown."""
    try:
        from data_access.load.incident_summary import refresh_incident_summary
        from data_access.load.writer import writable_engine
    except ImportError:
        return

    engine = writable_engine(url)
    with engine.begin() as conn:
        refresh_incident_summary(conn)
    engine.dispose()


def incident_rows(url: str) -> int:
    engine = create_engine(url)
    table = "pes.incident" if url.startswith("postgresql") else "incident"
    with engine.connect() as conn:
        count = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
    engine.dispose()
    return int(count)


# --- recording in the browser ------------------------------------------------------


def record_pages(app) -> list[Recording]:  # type: ignore[no-untyped-def]
    """Open every page once in Chromium; keep response sizes and callback bodies."""
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    recordings = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            for path in PAGES:
                recording = Recording(path)
                page = browser.new_page(viewport={"width": 1920, "height": 1080})
                bodies: list[tuple[str, bytes]] = []

                def keep(response, bodies=bodies) -> None:  # type: ignore[no-untyped-def]
                    with contextlib.suppress(Exception):  # redirects have no body
                        bodies.append((response.url, response.body()))

                def sent(request, recording=recording) -> None:  # type: ignore[no-untyped-def]
                    parts = urlsplit(request.url)
                    if parts.path.endswith("/_dash-update-component"):
                        target = parts.path + (f"?{parts.query}" if parts.query else "")
                        recording.callbacks.append(
                            (target, request.post_data_buffer or b"")
                        )

                pending: set = set()
                page.on("response", keep)
                page.on("request", sent)
                page.on(
                    "request", lambda request, pending=pending: pending.add(request)
                )
                page.on(
                    "requestfinished",
                    lambda request, pending=pending: pending.discard(request),
                )
                page.on(
                    "requestfailed",
                    lambda request, pending=pending: pending.discard(request),
                )
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                # Chained callbacks start after the first ones answer (and after
                # the browser has loaded what draws them, which takes seconds on a
                # busy machine): wait until nothing is in flight and no request
                # has been sent for 3 s.
                count = -1
                while count != len(recording.callbacks) or pending:
                    count = len(recording.callbacks)
                    page.wait_for_timeout(3000)
                    page.wait_for_load_state("networkidle")
                page.wait_for_load_state("networkidle")
                page.close()
                for address, body in bodies:
                    packed = len(gzip.compress(body, compresslevel=6))
                    recording.responses += 1
                    recording.raw += len(body)
                    recording.packed += packed
                    if is_page_data(address, base + path):
                        recording.data_raw += len(body)
                        recording.data_packed += packed
                recordings.append(recording)
            browser.close()
    finally:
        server.shutdown()
    return recordings


def is_page_data(address: str, page_url: str) -> bool:
    """The page itself, its layout and dependencies and callback responses (not
    the framework bundles, fonts and styles a browser keeps in its cache)."""
    data = ("/_dash-layout", "/_dash-dependencies", "/_dash-update-component")
    return urlsplit(address).path.endswith(data) or address == page_url


# --- callback server time ------------------------------------------------------------


def clear_caches(app) -> None:  # type: ignore[no-untyped-def]
    """Empty the query and response cache and every in-process memo."""
    from dashboard.memo import MEMO

    app.server.config["PES_QUERY_CACHE"].clear()
    MEMO.clear()


def callback_times(
    app, recordings: list[Recording], cold_repeats: int, warm_repeats: int
) -> None:  # type: ignore[no-untyped-def]
    """Print p50/p95 server time per page: after a reload, first view, warm."""
    from dashboard.callbacks import warm_views
    from dashboard.memo import MEMO

    client = app.server.test_client()
    headers = {"Content-Type": "application/json"}
    engine = app.server.config["PES_ENGINE"]
    print(
        f"  {'page':<58} {'calls':>5}  {'reload p50':>10} {'p95':>5}  "
        f"{'first p50':>9} {'p95':>5}  {'warm p50':>8} {'p95':>5}  "
        "slowest first-view callback"
    )
    clear_caches(app)
    warm_views(engine)  # what PES_WARM_CACHE does after a reload
    warmed = MEMO.snapshot()
    for recording in recordings:
        if not recording.callbacks:
            print(f"  {recording.path:<58} no server callbacks")
            continue
        # One discarded round: the process has served each page once (its
        # one-off start-up costs are the cold start figure, not these).
        for target, body in recording.callbacks:
            clear_caches(app)
            client.post(target, data=body, headers=headers)
        reload: list[float] = []
        first: list[float] = []
        warm: list[float] = []
        slowest: dict[str, list[float]] = {}
        for times, after_warm_up in ((reload, False), (first, True)):
            for _ in range(cold_repeats):
                for target, body in recording.callbacks:
                    clear_caches(app)
                    if after_warm_up:
                        MEMO.restore(warmed)
                    started = time.perf_counter()
                    response = client.post(target, data=body, headers=headers)
                    elapsed = (time.perf_counter() - started) * 1000
                    times.append(elapsed)
                    if after_warm_up:
                        slowest.setdefault(output_name(body), []).append(elapsed)
                    if response.status_code not in (200, 204):
                        print(f"  ! {recording.path}: HTTP {response.status_code}")
        for target, body in recording.callbacks:  # fill the cache
            client.post(target, data=body, headers=headers)
        for _ in range(warm_repeats):
            for target, body in recording.callbacks:
                started = time.perf_counter()
                client.post(target, data=body, headers=headers)
                warm.append((time.perf_counter() - started) * 1000)
        name, times = max(slowest.items(), key=lambda item: percentile(item[1], 0.95))
        print(
            f"  {recording.path:<58} {len(recording.callbacks):>5}  "
            f"{statistics.median(reload):8.0f}ms {percentile(reload, 0.95):5.0f}  "
            f"{statistics.median(first):7.0f}ms {percentile(first, 0.95):5.0f}  "
            f"{statistics.median(warm):6.1f}ms {percentile(warm, 0.95):5.1f}  "
            f"{name[:40]} ({percentile(times, 0.95):.0f} ms)"
        )


def output_name(body: bytes) -> str:
    import json

    with contextlib.suppress(ValueError, KeyError, TypeError):
        return str(json.loads(body)["output"]).strip(".")
    return "?"


# --- gunicorn -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers(url: str) -> bool:
    try:
        import redis

        return bool(redis.from_url(url, socket_connect_timeout=0.5).ping())
    except Exception:  # noqa: BLE001 - no Redis means a per-process cache
        return False


@contextlib.contextmanager
def gunicorn(url: str, workers: int, redis_url: str) -> Iterator[tuple[int, float]]:
    """Start gunicorn on a free loopback port; yield (port, seconds to first 200)."""
    port = free_port()
    env = {
        **os.environ,
        "PES_DATABASE_URL": url,
        "PES_REDIS_URL": redis_url,
        "PES_WARM_CACHE": "1",
    }
    env.pop("PES_DEBUG", None)
    command = [
        sys.executable, "-m", "gunicorn", "--workers", str(workers),
        "--worker-class", "gthread", "--threads", "4",
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "app:server",
    ]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/", timeout=5
                ) as r:
                    if r.status == 200:
                        break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError("gunicorn stopped before serving") from None
                time.sleep(0.02)
        yield port, time.perf_counter() - started
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """Stop a server process as a service manager would: SIGTERM, then kill."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


async def send(port: int, method: str, path: str, body: bytes = b"") -> int:
    """One HTTP/1.1 request on a fresh loopback connection; returns the status."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if method == "POST":
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    writer.write(head.encode() + b"\r\n" + body)
    await writer.drain()
    data = await reader.read()
    writer.close()
    with contextlib.suppress(Exception):
        await writer.wait_closed()
    return int(data[9:12]) if data[:5] == b"HTTP/" else 0


async def user(
    port: int, number: int, recordings: list[Recording], deadline: float, log: list
) -> None:
    rng = random.Random(number)
    visit = number
    while time.perf_counter() < deadline:
        recording = recordings[visit % len(recordings)]
        visit += 1
        requests = [
            ("GET", recording.path, b""),
            ("GET", "/_dash-layout", b""),
            ("GET", "/_dash-dependencies", b""),
        ] + [("POST", target, body) for target, body in recording.callbacks]
        for method, path, body in requests:
            if time.perf_counter() >= deadline:
                return
            started = time.perf_counter()
            try:
                status = await asyncio.wait_for(send(port, method, path, body), 30)
            except (OSError, TimeoutError):
                status = 0
            log.append((time.perf_counter() - started) * 1000)
            if status not in (200, 204):
                log.append(None)
        await asyncio.sleep(rng.uniform(1.0, 3.0))


def load_test(port: int, recordings: list[Recording], users: int, seconds: float):  # type: ignore[no-untyped-def]
    log: list = []

    async def run() -> None:
        deadline = time.perf_counter() + seconds
        await asyncio.gather(
            *(user(port, n, recordings, deadline, log) for n in range(users))
        )

    started = time.perf_counter()
    asyncio.run(run())
    elapsed = time.perf_counter() - started
    times = [value for value in log if value is not None]
    errors = sum(1 for value in log if value is None)
    print(
        f"  load test: {users} users for {elapsed:.0f} s (think time 1-3 s per page): "
        f"{len(times):,} requests, {len(times) / elapsed:.1f} requests/s, "
        f"p50 {percentile(times, 0.50):.0f} ms, p95 {percentile(times, 0.95):.0f} ms, "
        f"p99 {percentile(times, 0.99):.0f} ms, errors {errors}"
    )


# --- main ----------------------------------------------------------------------------


def run_backend(name: str, url: str, args: argparse.Namespace) -> None:
    from app import create_app

    print(f"\n== {name}: {incident_rows(url):,} incident rows")
    app = create_app(Settings(database_url=url))
    recordings = record_pages(app)
    print("page weight (first visit, every response; gzip = if compressed):")
    for r in recordings:
        print(
            f"  {r.path:<58} {r.responses:>3} responses  {r.raw / 1e6:5.2f} MB raw "
            f"{r.packed / 1e6:5.2f} MB gzip;  page and data {r.data_raw / 1e3:5.0f} kB "
            f"raw {r.data_packed / 1e3:4.0f} kB gzip"
        )
    print("callback server time per page (every callback the page sends):")
    callback_times(app, recordings, args.cold_repeats, args.warm_repeats)
    app.server.config["PES_ENGINE"].dispose()
    if args.callbacks_only:
        return
    redis_url = REDIS_URL if redis_answers(REDIS_URL) else ""
    with gunicorn(url, args.workers, redis_url) as (port, startup):
        where = "Redis" if redis_url else "per process"
        print(
            f"gunicorn, {args.workers} gthread workers x 4 threads, cache {where}: "
            f"cold start to first 200 in {startup:.2f} s"
        )
        load_test(port, recordings, args.users, args.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--cold-repeats", type=int, default=3)
    parser.add_argument("--warm-repeats", type=int, default=20)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--callbacks-only",
        action="store_true",
        help="page weight and callback server time only: no gunicorn, no load test",
    )
    args = parser.parse_args()
    print(
        f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())} "
        f"({os.cpu_count()} cores)"
    )
    for backend in args.backends.split(","):
        started = time.perf_counter()
        database = sqlite_database if backend == "sqlite" else postgres_database
        with database(args.rows) as url:
            print(
                f"\n({backend} database prepared in {time.perf_counter() - started:.0f} s)"
            )
            run_backend(backend, url, args)
    print(f"\nload average at end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
