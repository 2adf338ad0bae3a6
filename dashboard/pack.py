"""The board pack: the presenter's slides as an A4 landscape PDF.

The same function serves the presenter's button and the command line (for a
scheduled run before each meeting)::

    python -m dashboard.pack [--meeting ID_OR_DATE] [--agenda AGENDA] [--out FILE]

The PDF is printed by headless Chromium from a self-contained HTML page: plotly.js
comes from the installed plotly package, so nothing is downloaded.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy.engine import Engine

from dashboard.metrics.board import WAY_WORDS
from dashboard.views.board.data import Board, resolve_board

PAGE_WIDTH_PX = 1123  # A4 landscape at 96 CSS px per inch: 297 mm
PAGE_HEIGHT_PX = 793  # 210 mm
FIGURE_WIDTH = 1040
FIGURE_HEIGHT = 420
TIMEOUT_SECONDS = 120


class PackError(RuntimeError):
    """The pack could not be printed (no Chromium, or Chromium failed)."""


# Printed text is 13 px (9.75 pt) at the least, over the 9 pt a printed pack may
# use. A page's footer follows its content (nothing pins it to the foot of the
# page), so a page is full because its content fills it: a chart takes the room
# left on its page.
STYLE = """
@page { size: A4 landscape; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif;
       color: #1a1a1a; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.page { width: 297mm; height: 209mm; padding: 8mm 11mm 6mm; position: relative;
        overflow: hidden; page-break-after: always; break-after: page;
        display: flex; flex-direction: column; gap: 4px; }
.page:last-of-type { page-break-after: auto; break-after: auto; }
h1 { font-size: 24px; margin: 0; color: #0b3d5c; }
.message { font-size: 17px; font-weight: 700; margin: 0; }
.filters { font-size: 13px; font-weight: 600; color: #4a4a4a; }
.demo { background: #fff3cd; color: #7a4d00; border: 1.5px solid #c99a2e;
        font-size: 13px; font-weight: 600; padding: 2px 8px; }
.demo b { background: #7a4d00; color: #fff; padding: 0 6px; margin-right: 6px; }
.note { font-size: 13px; color: #5c3b00; }
.numbers { display: flex; gap: 28px; }
.numbers .label { font-size: 13px; font-weight: 700; color: #4a4a4a; }
.numbers .value { font-size: 26px; font-weight: 800; line-height: 1.05; }
.numbers .unit { font-size: 13px; color: #4a4a4a; }
.chart { width: 100%; flex: 1 1 auto; min-height: 0; }
.points { font-size: 15px; font-weight: 600; margin: 0; padding-left: 0;
          list-style: none; }
.points li { margin: 2px 0; }
.points .way { display: inline-block; width: 62px; font-weight: 800; }
.summary { font-size: 14px; font-weight: 600; margin: 0; }
.foot { border-top: 1px solid #bbb; padding-top: 3px; font-size: 13px; color: #4a4a4a;
        display: flex; justify-content: space-between; gap: 16px; line-height: 1.2; }
.foot .as-at { font-weight: 700; color: #1a1a1a; }
.foot .page-number { white-space: nowrap; font-weight: 700; }
table { border-collapse: collapse; width: 100%; font-size: 13px; line-height: 1.2; }
th { background: #e9eef2; text-align: left; padding: 1px 6px; }
td { border-top: 1px solid #ddd; padding: 1px 6px; vertical-align: top; }
td:nth-child(n+5) { white-space: nowrap; }
.cover h1 { font-size: 40px; margin-top: 30mm; }
.cover .period { font-size: 30px; font-weight: 800; margin-top: 10mm; }
.cover ol { font-size: 24px; font-weight: 600; margin: 10mm 0 0; line-height: 1.8; }
.cover .status { font-size: 16px; color: #4a4a4a; }
.cover .foot { margin-top: 14mm; }
"""


def _e(text: object) -> str:
    return html.escape(str(text or ""))


def _demo(flag: bool) -> str:
    if not flag:
        return ""
    return (
        '<div class="demo"><b>DEMO DATA</b>Figures on this page include demo data '
        "generated for demonstration, not real figures.</div>"
    )


def _points(points: list[dict]) -> str:
    """The "what changed" slide's key changes, each with its way in a word."""
    if not points:
        return ""
    return (
        '<ul class="points">'
        + "".join(
            f'<li><span class="way">{_e(WAY_WORDS.get(p.get("direction"), "Same"))}'
            f"</span> {_e(p['text'])}</li>"
            for p in points
        )
        + "</ul>"
    )


def _foot(left: str, page: int, pages: int, source: str) -> str:
    return (
        f'<div class="foot"><span><span class="as-at">{_e(left)}</span> · '
        f'{_e(source)}</span><span class="page-number">Page {page} of {pages}</span></div>'
    )


def pack_html(board: Board, *, plotly_js: str | None = None) -> str:
    """A self-contained HTML page: a cover and one A4 landscape page per slide."""
    if plotly_js is None:
        from plotly.offline import get_plotlyjs

        plotly_js = get_plotlyjs()
    pages = len(board.slides) + 1
    cover = board.cover
    parts = [
        '<section class="page cover">'
        f"<h1>{_e(cover['heading'])}</h1>{_demo(cover['demo'])}"
        f'<div class="period">{_e(cover["period"])}</div>'
        f'<div class="status">{_e(cover["status"])}</div>'
        "<ol>"
        + "".join(f"<li>{_e(title)}</li>" for title in cover["agenda"])
        + "</ol>"
        + _foot(
            cover.get("as_at") or cover["period"].replace("Figures to", "Data as at"),
            1,
            pages,
            "Peterborough Prevention and Enforcement Service executive board pack",
        )
        + "</section>"
    ]
    figures = {}
    for number, slide in enumerate(board.slides, start=2):
        visual = ""
        if slide.get("figure"):
            figures[f"chart-{number}"] = slide["figure"]
            visual = f'<div class="chart" id="chart-{number}"></div>'
        elif slide.get("table"):
            table = slide["table"]
            visual = _points(slide.get("points", [])) + (
                "<table><thead><tr>"
                + "".join(f"<th>{_e(c)}</th>" for c in table["columns"])
                + "</tr></thead><tbody>"
                + "".join(
                    "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>"
                    for row in table["rows"]
                )
                + "</tbody></table>"
            )
        numbers = "".join(
            f'<div><div class="label">{_e(p["label"])}</div>'
            f'<div class="value">{_e(p["value"])}</div>'
            f'<div class="unit">{_e(p["unit"])}</div></div>'
            for p in slide.get("headline", [])
        )
        parts.append(
            '<section class="page">'
            f"<h1>{_e(slide['title'])}</h1>"
            + (
                f'<p class="message">{_e(slide["message"])}</p>'
                if slide.get("message")
                else ""
            )
            + f'<div class="filters">{_e(slide.get("filters"))}</div>'
            + _demo(bool(slide.get("demo")))
            + "".join(
                f'<div class="note">{_e(n)}</div>' for n in slide.get("notes", [])
            )
            + (f'<div class="numbers">{numbers}</div>' if numbers else "")
            + visual
            # The key changes say what the summary would, point by point.
            + (
                ""
                if slide.get("points")
                else f'<p class="summary">{_e(slide.get("summary"))}</p>'
            )
            + _foot(slide.get("as_at", ""), number, pages, slide.get("source", ""))
            + "</section>"
        )
    script = (
        "const figures = " + json.dumps(figures).replace("</", "<\\/") + ";\n"
        "const jobs = Object.entries(figures).map(([id, fig]) => {\n"
        "  const el = document.getElementById(id);\n"
        "  const layout = Object.assign({}, fig.layout, {width: el.clientWidth,\n"
        "    height: el.clientHeight});\n"
        "  return Plotly.newPlot(el, fig.data, layout, {staticPlot: true});\n"
        "});\n"
        "Promise.all(jobs).then(() => { document.body.dataset.ready = '1'; });\n"
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{_e(cover['heading'])}</title><style>{STYLE}</style>"
        f"<script>{plotly_js}</script></head><body>"
        + "".join(parts)
        + f"<script>{script}</script></body></html>"
    )


def find_chromium(chromium: str = "chromium") -> str:
    """The Chromium executable to print with, or PackError."""
    found = shutil.which(chromium)
    if found is None:
        raise PackError(
            f"Chromium ({chromium!r}) is not installed; install Debian's chromium "
            "package or set PES_CHROMIUM_PATH."
        )
    return found


def html_to_pdf(page: str, *, chromium: str = "chromium") -> bytes:
    """Print an HTML page to PDF with headless Chromium; return the PDF's bytes."""
    executable = find_chromium(chromium)
    with tempfile.TemporaryDirectory(prefix="pes-pack-") as folder:
        source = Path(folder) / "pack.html"
        target = Path(folder) / "pack.pdf"
        source.write_text(page, encoding="utf-8")
        command = [
            executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=15000",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                env={"HOME": folder, "PATH": "/usr/bin:/bin"},
            )
        except subprocess.TimeoutExpired as error:
            raise PackError("Chromium took too long to print the pack.") from error
        if not target.exists() or target.stat().st_size == 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise PackError(f"Chromium did not write the PDF ({' '.join(detail)}).")
        return target.read_bytes()


def pack_filename(board: Board) -> str:
    """'pes-board-pack-2025-09-09.pdf' (meeting date, else the figures' period)."""
    day = board.cover.get("meeting_date") or (
        board.slides[0]["period_end"] if board.slides else "latest"
    )
    kind = "as-presented" if board.is_snapshot else "pack"
    return f"pes-board-{kind}-{day}.pdf"


def build_pack(
    engine: Engine,
    *,
    agenda: str | None = None,
    meeting: str | None = None,
    chromium: str = "chromium",
) -> tuple[bytes, str]:
    """The board pack PDF for an agenda and/or meeting, and its file name."""
    board = resolve_board(engine, agenda=agenda, meeting=meeting)
    return html_to_pdf(pack_html(board), chromium=chromium), pack_filename(board)


def main(argv: list[str] | None = None) -> int:
    """Command line: write the board pack PDF; return the exit code."""
    from dashboard.settings import Settings
    from data_access import make_readonly_engine
    from data_access.engine import DataUnavailableError

    parser = argparse.ArgumentParser(
        prog="python -m dashboard.pack", description="Write the board pack PDF."
    )
    parser.add_argument("--meeting", help="meeting id or date (YYYY-MM-DD)")
    parser.add_argument("--agenda", help="a named agenda or agenda items")
    parser.add_argument("--out", type=Path, help="the PDF to write (default: its name)")
    parser.add_argument("--database-url", help="default: PES_DATABASE_URL")
    args = parser.parse_args(argv)
    settings = Settings.from_env(database_url=args.database_url)
    engine = make_readonly_engine(
        settings.database_url, timeout_seconds=settings.query_timeout_seconds
    )
    try:
        data, name = build_pack(
            engine,
            agenda=args.agenda,
            meeting=args.meeting,
            chromium=settings.chromium_path,
        )
    except (PackError, DataUnavailableError, ValueError) as error:
        print(f"The board pack could not be made: {error}", file=sys.stderr)
        return 1
    out = args.out or Path(name)
    out.write_bytes(data)
    print(f"Wrote {out} ({len(data) / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
