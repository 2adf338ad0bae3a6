"""Foundation figures: database build time and size, cold start to the first 200,
and the server time of the overview's queries. Prints figures; asserts nothing.

    .venv/bin/python -m benchmarks.foundation [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.callbacks import OVERVIEW_TILES  # noqa: E402
from dashboard.callbacks.overview import overview_content  # noqa: E402
from data_access.engine import make_readonly_engine  # noqa: E402
from data_access.load.build import build_database  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cold_start_seconds(url: str) -> float:
    """Seconds from launching `python app.py` to the first 200 on /."""
    port = free_port()
    env = dict(os.environ, PES_DATABASE_URL=url, PES_PORT=str(port))
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "app.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < 60:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/", timeout=1
                ) as r:
                    if r.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the app did not answer within 60 s")
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        started = time.perf_counter()
        build_database(url)
        print(f"database build (real + demo): {time.perf_counter() - started:.1f} s")
        if url.startswith("sqlite"):
            size = Path(url.removeprefix("sqlite:///")).stat().st_size
            print(f"database size: {size / 1_000_000:.1f} MB")
        print(f"cold start to first 200: {cold_start_seconds(url):.2f} s")
        engine = make_readonly_engine(url)
        timings = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            overview_content(engine, OVERVIEW_TILES)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
        print(
            f"overview callback: p50 {statistics.median(timings):.1f} ms, "
            f"p95 {p95:.1f} ms over {len(timings)} calls"
        )
        engine.dispose()


if __name__ == "__main__":
    main()
