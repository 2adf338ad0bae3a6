"""Sector maps figures: first-load transfer (framework bundles included), the page's
own data (GeoJSON, incident layers and callback responses), and the server time of
its callbacks with 1,000,000 incident rows. Prints figures; asserts nothing.

    .venv/bin/python -m benchmarks.maps [--rows 1000000] [--repeats 5]

Builds the shipped database in a temporary folder, copies its demo incidents (with
the coordinates moved by up to about 50 m) until the incident table holds --rows
rows, and deletes the folder afterwards. The shipped build is never touched.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import logging
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.callbacks import maps as cb  # noqa: E402
from dashboard.memo import MEMO  # noqa: E402
from dashboard.settings import Settings  # noqa: E402
from dashboard.views.maps import data as view  # noqa: E402
from data_access.engine import make_readonly_engine  # noqa: E402
from data_access.load.build import build_database  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
COLUMNS = (
    "source_system, agency, category, month, occurred_on, longitude, latitude, "
    "lsoa_code, ward_code, sector_code, location_text, outcome, external_id, "
    "is_demo, dataset_id"
)


def grow_incidents(path: Path, rows: int) -> int:
    """Copy demo incidents (coordinates jittered) until the table has ``rows``."""
    with sqlite3.connect(path) as conn:
        count = conn.execute("SELECT count(*) FROM incident").fetchone()[0]
        while count < rows:
            conn.execute(
                f"INSERT INTO incident ({COLUMNS}) SELECT source_system, agency, "
                "category, month, occurred_on, "
                "longitude + ((abs(random()) % 1000) - 500) / 1000000.0, "
                "latitude + ((abs(random()) % 1000) - 500) / 1000000.0, "
                "lsoa_code, ward_code, sector_code, location_text, outcome, "
                "external_id, is_demo, dataset_id FROM incident WHERE is_demo "
                "LIMIT ?",
                (rows - count,),
            )
            count = conn.execute("SELECT count(*) FROM incident").fetchone()[0]
        conn.commit()
    return count


def timed(function, repeats: int) -> tuple[float, float]:
    """(p50, max) milliseconds of ``function()`` over ``repeats`` calls."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), max(timings)


def transfer(url: str, query: str) -> dict[str, int]:
    """Bytes of every response when /sectors loads: raw and gzip-compressed, for all
    responses and for the page's own data (the callback responses)."""
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from app import create_app

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app = create_app(Settings(database_url=url))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    totals = {"raw": 0, "gzip": 0, "data_raw": 0, "data_gzip": 0, "requests": 0}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            bodies: list[tuple[str, bytes]] = []

            def keep(response) -> None:  # type: ignore[no-untyped-def]
                # Redirects have no body.
                with contextlib.suppress(Exception):
                    bodies.append((response.url, response.body()))

            page.on("response", keep)
            page.goto(f"http://127.0.0.1:{server.server_port}/sectors{query}")
            page.locator(".pes-map-label").first.wait_for(timeout=60_000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    for address, body in bodies:
        packed = len(gzip.compress(body, compresslevel=6))
        totals["raw"] += len(body)
        totals["gzip"] += packed
        totals["requests"] += 1
        if "_dash-update-component" in address or "_dash-layout" in address:
            totals["data_raw"] += len(body)
            totals["data_gzip"] += packed
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pes-maps-bench-"))
    try:
        path = folder / "bench.sqlite"
        url = f"sqlite:///{path}"
        build_database(url)
        started = time.perf_counter()
        rows = grow_incidents(path, args.rows)
        print(
            f"incident rows: {rows:,} (grown in {time.perf_counter() - started:.1f} s)"
        )
        for query, label in (
            ("", "real police.uk month (default view)"),
            ("?measure=crime-all&period=12m-2025-06", "12 months of all crime"),
            ("?measure=parking&period=12m-2025-06", "12 months parking"),
        ):
            sizes = transfer(url, query)
            print(
                f"first load, {label}: {sizes['requests']} responses, "
                f"{sizes['raw'] / 1e6:.2f} MB raw, {sizes['gzip'] / 1e6:.2f} MB "
                f"gzip-compressed; page's own data {sizes['data_raw'] / 1e3:.0f} kB "
                f"raw, {sizes['data_gzip'] / 1e3:.0f} kB gzip-compressed"
            )
        engine = make_readonly_engine(url)
        cases = {
            "map data, real month (crime-all 2019-08)": lambda: cb.map_content(
                engine, "crime-all", "2019-08"
            ),
            "map data, 12 months crime-all": lambda: cb.map_content(
                engine, "crime-all", "12m-2025-06"
            ),
            "map data, 12 months parking": lambda: cb.map_content(
                engine, "parking", "12m-2025-06"
            ),
            "map data, survey measure": lambda: cb.map_content(
                engine, "survey-safe-after-dark", None
            ),
            "period list (crime-all)": lambda: cb.period_choice(
                engine, "crime-all", None
            ),
            "ward panel, 12 months crime-all (map figures reused)": lambda: (
                cb.ward_panel(engine, "E05010807", "crime-all", "12m-2025-06")
            ),
            "sectors and URL check": lambda: cb.place_choice(
                engine, {"sector": "PES-SOUTH", "ward": "E05010815"}
            ),
        }
        for name, function in cases.items():
            if name.startswith("ward panel"):
                # In the page the panel follows the map callback, whose figures
                # it reuses; time it that way.
                view.area_figures(engine, "crime-all", "12m-2025-06")
                call = function
            else:

                def call(function=function) -> None:  # type: ignore[no-untyped-def]
                    MEMO.clear()
                    function()

            p50, worst = timed(call, args.repeats)
            print(
                f"callback {name}: p50 {p50:.0f} ms, max {worst:.0f} ms "
                f"over {args.repeats} calls"
            )
        engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
