"""Server time of each crime-quartile callback on the full national table: p50 and
p95 over 50 calls each. Prints figures; asserts nothing.

    .venv/bin/python -m benchmarks.crime_quartile [--database-url URL] [--calls 50]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.callbacks import quartile  # noqa: E402
from dashboard.views.quartile import data as quartile_view  # noqa: E402
from data_access.engine import make_readonly_engine  # noqa: E402
from data_access.load.build import build_database  # noqa: E402

# (offence, period, peer) cycled through so no single choice is favoured.
CHOICES = [
    ("total", "2025-06-30", "all"),
    ("shoplifting", "2024-06-30", "all"),
    ("violence_with_injury", "2025-03-31", "region"),
    ("robbery", "2025-06-30", "msg"),
    ("residential_burglary", "2023-06-30", "pfa"),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="default: a fresh temporary SQLite file")
    parser.add_argument("--calls", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url
        if url is None:
            url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
            build_database(url)
        engine = make_readonly_engine(url)
        callbacks = {
            "period controls (page layout)": lambda o, p, s: quartile_view.read_periods(
                engine, p
            ),
            "ranking: rank, distance, ski slope, funnel": lambda o, p, s: (
                quartile.ranking_content(engine, o, p, s)
            ),
            "history: quartile history, trend": lambda o, p, s: (
                quartile.history_content(engine, o, p, s)
            ),
            "most similar group": lambda o, p, s: quartile.msg_content(engine, o, p, s),
            "overview tile": lambda o, p, s: quartile.quartile_tiles(engine),
        }
        print(f"database: {url.split(':', 1)[0]}, {args.calls} calls per callback")
        for name, callback in callbacks.items():
            callback(*CHOICES[0])  # warm imports and caches
            timings = []
            for call in range(args.calls):
                started = time.perf_counter()
                callback(*CHOICES[call % len(CHOICES)])
                timings.append((time.perf_counter() - started) * 1000)
            print(
                f"{name:<45} p50 {statistics.median(timings):7.1f} ms   "
                f"p95 {percentile(timings, 0.95):7.1f} ms"
            )
        engine.dispose()


if __name__ == "__main__":
    main()
