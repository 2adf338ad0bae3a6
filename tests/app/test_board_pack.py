"""The board pack and meeting snapshots: a real PDF from Debian's Chromium, and a
frozen meeting that keeps its figures when the data changes afterwards."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from sqlalchemy import create_engine, text

from dashboard import pack
from dashboard.views.board.data import resolve_board
from data_access import make_readonly_engine
from data_access.load.__main__ import main as loader_main
from tests.conftest import unavailable


@pytest.fixture(scope="module")
def engine(full_sqlite_url: str):  # type: ignore[no-untyped-def]
    return make_readonly_engine(full_sqlite_url, timeout_seconds=30)


@pytest.fixture
def copied_url(full_sqlite_url: str, tmp_path: Path) -> str:
    """A private copy of the shipped database that a test may write to."""
    source = Path(full_sqlite_url.removeprefix("sqlite:///"))
    target = tmp_path / "pes.sqlite"
    shutil.copy(source, target)
    return f"sqlite:///{target}"


@pytest.fixture(scope="module")
def default_pack(engine, artifacts_dir: Path) -> Path:  # type: ignore[no-untyped-def]
    """The default agenda's pack, printed once for the tests that read it."""
    for tool in ("chromium", "pdftoppm", "pdfinfo", "pdftohtml"):
        if shutil.which(tool) is None:
            unavailable(f"{tool} is not installed (chromium, poppler-utils)")
    data, name = pack.build_pack(engine)
    assert data.startswith(b"%PDF")
    assert name == "pes-board-pack-2025-09-09.pdf"  # the meeting showing June 2025
    folder = artifacts_dir / "board-pack"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    pdf = folder / name
    pdf.write_bytes(data)
    return pdf


def test_pack_for_default_agenda_is_one_a4_landscape_page_per_slide(
    default_pack: Path,
) -> None:
    pdf, folder = default_pack, default_pack.parent
    info = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(
        next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1]
    )
    assert pages == 6  # cover and the default agenda's five slides
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    width, height = (float(v) for v in size.split()[2:5:2])
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", str(pdf), str(folder / "page")], check=True
    )
    assert len(list(folder.glob("page-*.png"))) == pages
    words = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    for expected in (
        "Page 1 of 6",
        "Page 6 of 6",
        "Data as at 30 June 2025",
        "PES executive board, 9 September 2025",
        "DEMO DATA",
        "Source: ONS police recorded",
    ):
        assert expected in words


# pdftohtml's sizes and positions are in points times its zoom.
ZOOM = 3
MIN_POINTS = 9


@dataclass(frozen=True)
class PrintedLine:
    """One line of text as printed: its page, font size in points, where its foot
    falls as a share of the page's height, and its words."""

    page: int
    points: float
    foot: float
    text: str


def printed_lines(pdf: Path) -> list[PrintedLine]:
    """Every line of text in a PDF, read with poppler's pdftohtml."""
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-stdout", "-i", "-zoom", str(ZOOM), str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sizes, lines = {}, []
    for page in ElementTree.fromstring(xml).iter("page"):
        height = float(page.get("height"))
        for font in page.iter("fontspec"):
            sizes[font.get("id")] = float(font.get("size")) / ZOOM
        for line in page.iter("text"):
            lines.append(
                PrintedLine(
                    int(page.get("number")),
                    sizes[line.get("font")],
                    (float(line.get("top")) + float(line.get("height"))) / height,
                    "".join(line.itertext()),
                )
            )
    return lines


def test_pack_prints_nothing_small_and_no_page_half_empty(default_pack: Path) -> None:
    lines = printed_lines(default_pack)
    pages = max(line.page for line in lines)
    assert pages == 6
    # Nothing under 9 pt: page text, tables and the charts' labels alike.
    small = [line for line in lines if line.points < MIN_POINTS]
    assert not small, small[:5]
    for number in range(1, pages + 1):
        on_page = [line for line in lines if line.page == number]
        # Nothing runs off the page (a page clips what does not fit), and its
        # footer, which follows the content, is printed whole.
        assert max(line.foot for line in on_page) <= 1.0, number
        assert any(f"Page {number} of {pages}" in line.text for line in on_page)
        if number < pages:
            # Not half empty: the page's last line of text is in its lower half.
            # Nothing pins a footer to the foot of a page, so only content that
            # fills the page puts a line there.
            assert max(line.foot for line in on_page) >= 0.5, number


def test_pack_html_has_cover_pages_and_no_remote_addresses(engine) -> None:  # type: ignore[no-untyped-def]
    board = resolve_board(engine, agenda="quartile:offence=burglary,alignment")
    page = pack.pack_html(board, plotly_js="/* plotly */")
    assert page.count('<section class="page') == 3
    assert "Page 3 of 3" in page and "Offence group: Burglary" in page
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page


def test_missing_chromium_is_a_plain_error() -> None:
    with pytest.raises(pack.PackError, match="not installed"):
        pack.find_chromium("no-such-browser-here")


def test_meeting_snapshot_keeps_figures_after_data_changes(
    copied_url: str, capsys
) -> None:  # type: ignore[no-untyped-def]
    assert loader_main(["meeting", "2024-09-10", "--database-url", copied_url]) == 0
    assert "Recorded meeting pes-board-2024-09" in capsys.readouterr().out
    reader = make_readonly_engine(copied_url, timeout_seconds=30)
    frozen = resolve_board(reader, meeting="2024-09-10")
    assert frozen.is_snapshot
    assert frozen.cover["heading"] == "As presented to the Board on 10 September 2024"
    quartile = next(s for s in frozen.slides if s["view"] == "quartile")
    assert quartile["period_end"] == "2024-06-30"
    shown = quartile["headline"][0]["value"]
    reader.dispose()

    # Later, the crime figures for that period are revised upwards.
    writer = create_engine(copied_url)
    with writer.begin() as conn:
        conn.execute(
            text(
                "UPDATE recorded_crime SET offence_count = offence_count * 2 "
                "WHERE area_code = 'E22000017' AND period_end = '2024-06-30'"
            )
        )
    writer.dispose()
    reader = make_readonly_engine(copied_url, timeout_seconds=30)
    again = resolve_board(reader, meeting="pes-board-2024-09")
    assert (
        next(s for s in again.slides if s["view"] == "quartile")["headline"][0]["value"]
        == shown
    )
    recomputed = resolve_board(reader, agenda="quartile:period=2024-06-30")
    assert recomputed.slides[0]["headline"][0]["value"] != shown
    reader.dispose()


def test_meeting_not_in_data_is_added_with_latest_figures(copied_url: str) -> None:
    assert (
        loader_main(
            [
                "meeting",
                "2025-10-14",
                "--agenda",
                "crime-focus",
                "--database-url",
                copied_url,
            ]
        )
        == 0
    )
    reader = make_readonly_engine(copied_url, timeout_seconds=30)
    board = resolve_board(reader, meeting="2025-10-14")
    assert board.is_snapshot and len(board.slides) == 5
    assert board.slides[0]["period_end"] == "2025-06-30"
    reader.dispose()


def test_meeting_with_bad_agenda_changes_nothing(copied_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert (
        loader_main(
            [
                "meeting",
                "2025-03-11",
                "--agenda",
                "slideshow",
                "--database-url",
                copied_url,
            ]
        )
        == 1
    )
    assert "nothing was changed" in capsys.readouterr().err


def test_unknown_meeting_falls_back_to_latest_with_message(engine) -> None:  # type: ignore[no-untyped-def]
    board = resolve_board(engine, meeting="1999-01-01")
    assert not board.is_snapshot
    assert any("no board meeting" in m for m in board.messages)
    unrecorded = resolve_board(engine, meeting="pes-board-2024-12")
    assert any("not a record of what was presented" in m for m in unrecorded.messages)
    # Shown to the end of September 2024: the crime slide takes the latest annual
    # CSP year published by then, the 12 months to June 2024.
    assert unrecorded.slides[1]["period_end"] == "2024-06-30"
