"""Time to first paint of every page against a bare Dash page with one plotly chart
(the floor), in one run, in headless Chromium with a fresh cache for every visit.
Prints figures; asserts nothing.

    .venv/bin/python -m benchmarks.first_paint [--runs 5] [--database-url URL]
        [--pages /,/kpis]

What it does:

1. builds the shipped database into a temporary SQLite file (``--database-url`` uses
   an existing one instead);
2. serves the app (``app:server``) and the floor (``floor_server()`` below: a Dash app
   whose layout is one ``dcc.Graph`` holding a plotly scatter, with stock Dash and its
   full plotly.js, served and compressed exactly as the app is) each with gunicorn on
   a free loopback port: 2 gthread workers x 4 threads, ``PES_WARM_CACHE=1``;
3. opens every page once, discarded, so every gunicorn worker has served each page
   (the server's first-view cost is ``benchmarks.production``'s figure, not this one);
4. ``--runs`` times, for every page in turn: opens the floor, then the page, each in a
   new browser context (an empty cache, no cookies), 1920x1080; the floor visit next
   to each page visit means a busy moment of the machine slows both.

What is measured on each visit, in the page itself (an init script), from navigation
start (``performance.now()``):

- **chart pages** (a ``.js-plotly-plot`` is on the page once it has settled): the
  moment the first plotly chart has drawn a trace (a ``g.trace`` inside its
  ``.main-svg``);
- **other pages**: the last moment at which, after a DOM change or a callback response,
  the page's main content is there (its ``h1``, which only the page itself has), no
  ``/_dash-update-component`` request is in flight and no element is marked loading
  by Dash (``data-dash-is-loading``): when the page has finished drawing what it shows.
  A change inside ``<head>`` alone (a script or stylesheet added, such as the
  component libraries a page loads after drawing) draws nothing and is not counted.

A visit ends when the page has been quiet (no callback request in flight, no DOM
change) for 1.5 s, or after 30 s. Transferred bytes are the sum of Chromium's
``encodedDataLength`` (bytes on the wire, headers included) over every response
(Chrome DevTools Protocol ``Network.loadingFinished``); raw bytes the sum of decoded
body sizes (Resource Timing ``decodedBodySize`` of the page and every resource).
Callback rounds: the longest chain of callback requests each sent after the previous
one's response arrived (an upper bound on the renderer's chain: an unrelated request
sent after a response also counts; Dash's page router is the first round).

The table: page, kind, median ms over the runs, ratio of that to the floor's median,
the goal (chart pages at most 1.0x the floor, other pages 0.7x), whether it is met,
median KB transferred and raw (goal: at most 1,500 KB transferred), median callback
rounds, and whether the full plotly.js bundle was fetched.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.production import free_port, stop  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLOOR = "floor"
CHART_GOAL = 1.0
OTHER_GOAL = 0.7
TRANSFER_GOAL_KB = 1500
QUIET_MS = 1500
VISIT_TIMEOUT_S = 30
# Registered, but not a page anyone opens: Dash's answer to an unknown path.
NOT_PAGES = {"/404"}
# The full plotly.js is 4.8 MB decoded, the basic bundle 1.2 MB.
FULL_PLOTLY_MIN_BYTES = 3_000_000

# Runs in every visited page before its own scripts: records when it is drawn.
MARKER_SCRIPT = """
(() => {
  const marks = {chart: null, ready: null, lastChange: 0, pending: 0, callbacks: []};
  window.__firstPaint = marks;
  performance.setResourceTimingBufferSize(1000);
  const contentThere = () => document.querySelector("#react-entry-point h1");
  const settled = () =>
    marks.pending === 0 && contentThere() &&
    !document.querySelector('[data-dash-is-loading="true"]');
  const look = () => {
    const now = performance.now();
    marks.lastChange = now;
    if (marks.chart === null &&
        document.querySelector(".js-plotly-plot .main-svg g.trace")) {
      marks.chart = now;
    }
    if (settled()) marks.ready = now;
  };
  // A change inside <head> alone (a script or style added) draws nothing.
  const inHead = (record) => document.head && document.head.contains(record.target);
  new MutationObserver((records) => {
    if (!records.every(inHead)) look();
  }).observe(document, {
    childList: true, subtree: true, attributes: true, characterData: true,
  });
  const originalFetch = window.fetch;
  window.fetch = function (input, init) {
    const address = typeof input === "string" ? input : input.url;
    const answer = originalFetch.apply(this, arguments);
    if (!String(address).includes("_dash-update-component")) return answer;
    const entry = {sent: performance.now(), done: null};
    marks.callbacks.push(entry);
    marks.pending += 1;
    const finish = () => {
      entry.done = performance.now();
      marks.pending -= 1;
      // The renderer applies the answer after this promise resolves.
      setTimeout(look, 0);
    };
    answer.then((response) => response.clone().text().then(finish, finish), finish);
    return answer;
  };
})();
"""


def floor_server():  # type: ignore[no-untyped-def]
    """The floor: a bare Dash page with one plotly scatter (gunicorn app factory)."""
    import plotly.graph_objects as go
    from dash import Dash, dcc, html

    from dashboard.compression import install_compression

    floor = Dash(
        __name__,
        serve_locally=True,
        update_title=None,
        assets_folder=str(Path(tempfile.gettempdir()) / "first-paint-no-assets"),
    )
    figure = go.Figure(
        go.Scatter(x=list(range(24)), y=[(n * 7) % 11 for n in range(24)])
    )
    floor.layout = html.Div([html.H1("Floor"), dcc.Graph(figure=figure)])
    install_compression(floor.server)
    return floor.server


@dataclass
class Visit:
    """What one visit measured."""

    drawn_ms: float | None
    chart: bool
    transferred: int
    raw: int
    rounds: int
    full_plotly: bool


@dataclass
class Results:
    visits: dict[str, list[Visit]] = field(default_factory=dict)

    def add(self, page: str, visit: Visit) -> None:
        self.visits.setdefault(page, []).append(visit)


@contextlib.contextmanager
def gunicorn(target: str, env: dict[str, str]) -> Iterator[str]:
    """Serve ``target`` with gunicorn on a free loopback port; yield its base URL."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "--workers", "2",
        "--worker-class", "gthread", "--threads", "4", "--timeout", "60",
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning", target,
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn {target} stopped") from None
                time.sleep(0.1)
        yield base
    finally:
        stop(process)


def chain_length(callbacks: list[dict]) -> int:
    """Longest chain of requests each sent after the previous one's answer."""
    depth: list[int] = []
    for index, entry in enumerate(callbacks):
        before = [
            depth[other]
            for other in range(index)
            if callbacks[other]["done"] is not None
            and callbacks[other]["done"] <= entry["sent"]
        ]
        depth.append(1 + max(before, default=0))
    return max(depth, default=0)


def visit(browser, url: str) -> Visit:  # type: ignore[no-untyped-def]
    """Open ``url`` in a new context (empty cache) and measure it; see the module."""
    context = browser.new_context(
        viewport={"width": 1920, "height": 1080}, device_scale_factor=1
    )
    context.add_init_script(MARKER_SCRIPT)
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    sizes = {"transferred": 0}

    def finished(event: dict) -> None:
        sizes["transferred"] += int(event.get("encodedDataLength", 0))

    session.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="load")
    deadline = time.monotonic() + VISIT_TIMEOUT_S
    marks: dict = {}
    while time.monotonic() < deadline:
        page.wait_for_timeout(250)
        marks = page.evaluate(
            "() => ({...window.__firstPaint, now: performance.now(),"
            " charts: document.querySelectorAll('.js-plotly-plot').length})"
        )
        quiet = marks["now"] - marks["lastChange"] >= QUIET_MS
        drawn_at_all = marks["ready"] is not None or marks["chart"] is not None
        if marks["pending"] == 0 and quiet and drawn_at_all:
            break
    page.wait_for_timeout(200)  # the last responses' loadingFinished events
    raw = page.evaluate(
        "() => [...performance.getEntriesByType('navigation'),"
        " ...performance.getEntriesByType('resource')]"
        ".reduce((sum, entry) => sum + entry.decodedBodySize, 0)"
    )
    plotly_bytes = page.evaluate(
        "() => performance.getEntriesByType('resource')"
        ".filter(entry => entry.name.includes('plotly'))"
        ".reduce((sum, entry) => sum + entry.decodedBodySize, 0)"
    )
    chart = marks.get("charts", 0) > 0
    drawn = marks.get("chart") if chart else marks.get("ready")
    result = Visit(
        drawn_ms=drawn,
        chart=chart,
        transferred=sizes["transferred"],
        raw=int(raw),
        rounds=chain_length(marks.get("callbacks", [])),
        # Dash's plotly.js address may answer with the full bundle (the floor)
        # or the app's basic one: the decoded size tells which.
        full_plotly=plotly_bytes > FULL_PLOTLY_MIN_BYTES,
    )
    context.close()
    return result


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def print_table(results: Results) -> None:
    floor_ms = median(
        [v.drawn_ms for v in results.visits[FLOOR] if v.drawn_ms is not None]
    )
    print(
        f"\n{'page':<18} {'kind':<6} {'median ms':>9} {'x floor':>7} {'goal':>5} "
        f"{'met?':<4} {'sent KB':>8} {'raw KB':>8} {'rounds':>6}  full plotly.js"
    )
    for page, visits in results.visits.items():
        times = [v.drawn_ms for v in visits if v.drawn_ms is not None]
        chart = any(v.chart for v in visits)
        kind = "chart" if chart else "other"
        ms = median(times)
        ratio = ms / floor_ms if page != FLOOR else 1.0
        goal = CHART_GOAL if chart else OTHER_GOAL
        sent_kb = median([v.transferred / 1000 for v in visits])
        met = (
            "-"
            if page == FLOOR
            else ("yes" if ratio <= goal and sent_kb <= TRANSFER_GOAL_KB else "no")
        )
        never = len(visits) - len(times)
        note = f" ({never} visits never drawn)" if never else ""
        print(
            f"{page:<18} {kind:<6} {ms:>9.0f} {ratio:>6.2f}x {goal if page != FLOOR else '':>5} "
            f"{met:<4} {sent_kb:>8.0f} {median([v.raw / 1000 for v in visits]):>8.0f} "
            f"{median([v.rounds for v in visits]):>6.0f}  "
            f"{'yes' if any(v.full_plotly for v in visits) else 'no'}{note}"
        )
    print(
        f"\ngoals: chart pages <= {CHART_GOAL}x the floor, other pages <= "
        f"{OTHER_GOAL}x, <= {TRANSFER_GOAL_KB} KB transferred on a first visit"
    )


def page_paths() -> list[str]:
    """Every registered page path, in the registry's order (imports the app)."""
    import dash

    import app  # noqa: F401 - registers the pages

    return [
        str(page["path"])
        for page in dash.page_registry.values()
        if page["path"] not in NOT_PAGES
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="default: a fresh temporary SQLite file")
    parser.add_argument("--pages", help="comma-separated paths (default: every page)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="pes-first-paint-"))
    try:
        url = args.database_url
        if url is None:
            from data_access.load.build import build_database

            url = f"sqlite:///{folder / 'bench.sqlite'}"
            build_database(url)
        env = {**os.environ, "PES_DATABASE_URL": url, "PES_WARM_CACHE": "1"}
        env.pop("PES_DEBUG", None)
        os.environ["PES_DATABASE_URL"] = url
        pages = args.pages.split(",") if args.pages else page_paths()
        print(
            f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())} "
            f"({os.cpu_count()} cores); {args.runs} runs; pages: {', '.join(pages)}"
        )
        results = Results()
        with (
            gunicorn("app:server", env) as app_base,
            gunicorn("benchmarks.first_paint:floor_server()", env) as floor_base,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-quic"],
            )
            for _ in range(2):  # discarded: both workers have served each page
                visit(browser, floor_base + "/")
                for path in pages:
                    visit(browser, app_base + path)
            for run in range(args.runs):
                for path in pages:
                    results.add(FLOOR, visit(browser, floor_base + "/"))
                    results.add(path, visit(browser, app_base + path))
                    drawn = results.visits[path][-1].drawn_ms
                    print(
                        f"  run {run + 1}: {path} {drawn or 0:.0f} ms",
                        file=sys.stderr,
                        flush=True,
                    )
            browser.close()
        print_table(results)
        print(f"load average at end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
