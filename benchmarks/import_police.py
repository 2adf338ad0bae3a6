"""police.uk import benchmark: our importer against a naive pandas baseline.

Generates a street-level file of N rows (default 1,000,000) in a temporary folder,
then, on SQLite and on PostgreSQL in the same run, measures:

* ours: ``python -m data_access.load police-uk`` (checks every row, places it in
  a ward by point in polygon, replaces the month, records provenance);
* baseline: ``pandas.read_csv`` of the whole file and ``DataFrame.to_sql`` into
  the same ``incident`` table (no checks, no wards, no replacement).

Each runs in its own process so its peak memory (ru_maxrss) is its own. Prints
rows per second and peak memory; asserts nothing.

    .venv/bin/python -m benchmarks.import_police [--rows N] [--postgres-url URL]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from benchmarks.police_uk_data import write_police_file  # noqa: E402
from data_access.load.build import build_database  # noqa: E402

CHILD = r"""
import json, resource, sys, time
kind, url, path = sys.argv[1:4]
started = time.perf_counter()
if kind == "ours":
    from pathlib import Path
    from data_access.load.import_police import import_police_uk
    rows = import_police_uk(url, [Path(path)], progress=False).rows
else:
    import pandas as pd
    from sqlalchemy import create_engine
    options = {}
    if url.startswith("postgresql"):
        options = {"connect_args": {"options": "-c search_path=pes"}}
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url, **options)
    frame = pd.read_csv(path)
    frame = pd.DataFrame({
        "source_system": "police.uk", "agency": "police",
        "category": frame["Crime type"], "month": frame["Month"] + "-01",
        "longitude": frame["Longitude"], "latitude": frame["Latitude"],
        "lsoa_code": frame["LSOA code"], "location_text": frame["Location"],
        "outcome": frame["Last outcome category"], "external_id": frame["Crime ID"],
        "is_demo": False, "dataset_id": "police_uk_2019_08",
    })
    if url.startswith("postgresql"):
        frame["month"] = pd.to_datetime(frame["month"]).dt.date
    frame.to_sql("incident", engine, if_exists="append", index=False)
    rows = len(frame)
seconds = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": rows, "seconds": seconds, "peak_mb": peak_mb}))
"""


def measure(kind: str, url: str, path: Path) -> dict[str, float]:
    """Run one import in a fresh process; its rows, seconds and peak memory."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, kind, url, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{kind} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--postgres-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pes-import-bench-"))
    admin = None
    name = f"pes_bench_{uuid.uuid4().hex[:8]}"
    try:
        started = time.perf_counter()
        path = write_police_file(
            folder / "2025-06-cambridgeshire-street.csv", args.rows, month="2025-06"
        )
        size_mb = path.stat().st_size / 1e6
        print(
            f"Generated {args.rows:,} rows ({size_mb:.0f} MB) in "
            f"{time.perf_counter() - started:.0f} s"
        )
        template = folder / "template.sqlite"
        build_database(f"sqlite:///{template}")
        targets = [("SQLite", None)]
        admin = create_engine(args.postgres_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        pg_url = args.postgres_url.rsplit("/", 1)[0] + f"/{name}"
        build_database(pg_url)
        targets.append(("PostgreSQL", pg_url))
        print(
            f"{'database':<11} {'importer':<9} {'rows':>10} {'seconds':>8} "
            f"{'rows/s':>10} {'peak MB':>8}"
        )
        for label, url in targets:
            figures = {}
            for kind in ("baseline", "ours"):
                if url is None:
                    copy = folder / f"{kind}.sqlite"
                    shutil.copy(template, copy)
                    target = f"sqlite:///{copy}"
                else:
                    target = url
                result = measure(kind, target, path)
                rate = result["rows"] / result["seconds"]
                figures[kind] = rate
                print(
                    f"{label:<11} {kind:<9} {int(result['rows']):>10,} "
                    f"{result['seconds']:>8.1f} {rate:>10,.0f} {result['peak_mb']:>8.0f}"
                )
            print(
                f"{label:<11} ours / baseline: {figures['ours'] / figures['baseline']:.2f}x"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if admin is not None:
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


if __name__ == "__main__":
    main()
