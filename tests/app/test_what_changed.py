"""The board's "what changed" slide on the shipped data: each row says whether its
own figures are real or demo, and no demo figure stands beside a real one unsaid."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.metrics.board import data_words, previous_meeting
from dashboard.views.board.data import resolve_board
from dashboard.views.quartile import data as quartile_view
from data_access import make_readonly_engine
from data_access.queries import board as board_queries

WORDS = {"Real", "DEMO", "Then DEMO, now real", "Then real, now DEMO"}


@pytest.fixture(scope="module")
def engine(full_sqlite_url: str):  # type: ignore[no-untyped-def]
    engine = make_readonly_engine(full_sqlite_url, timeout_seconds=30)
    yield engine
    engine.dispose()


def test_every_row_says_real_or_demo_for_its_own_figures(engine) -> None:  # type: ignore[no-untyped-def]
    board = resolve_board(engine, agenda="changes")
    slide = next(s for s in board.slides if s["view"] == "changes")
    table = slide["table"]
    assert table["columns"][-1] == "Real or demo"
    rows = table["rows"]
    assert rows and all(row[-1] in WORDS for row in rows)
    # No measure carries a blanket "(DEMO)": the row's last cell says which side.
    assert not any("(DEMO)" in row[1] for row in rows)

    # The crime rows: each side's flag is the quartile view's own for its period.
    now_end = date.fromisoformat(slide["period_end"])
    then_end = previous_meeting(
        board_queries.meetings(engine), now_end
    ).period_shown_end
    now = quartile_view.read_slide(engine, "total", now_end).headline
    then = quartile_view.read_slide(engine, "total", then_end).headline
    assert now is not None
    expected = data_words(now.is_demo if then is None else then.is_demo, now.is_demo)
    crime = [row for row in rows if row[0] == "Crime"]
    assert crime and {row[-1] for row in crime} == {expected}
    if expected == "Then DEMO, now real":
        # The summary sets the two side by side: it says which is which.
        assert "(DEMO) to " in slide["summary"] and " (real), " in slide["summary"]
        assert "That figure is DEMO data." in slide["source"]
    assert slide["source"].startswith(
        "Rate per 1,000 residents: ONS police recorded crime"
    )


def test_the_slide_shows_three_to_five_key_changes_and_the_pack_every_row(
    engine,
) -> None:  # type: ignore[no-untyped-def]
    slide = resolve_board(engine, agenda="changes").slides[0]
    points = slide["points"]
    assert 3 <= len(points) <= 5
    # Crime rate and rank first: real ONS figures, so no DEMO; each KPI change is
    # demo and says so in its own words.
    assert points[0]["text"].startswith("Recorded crime per 1,000 residents")
    assert points[1]["text"].startswith("Rank ")
    assert not points[0]["demo"] and "DEMO" not in points[0]["text"]
    kpi_points = [p for p in points if "KPI" in p["text"]]
    assert kpi_points and all(
        p["demo"] and p["text"].startswith("DEMO: ") for p in kpi_points
    )
    assert any("overdue" in p["text"] for p in kpi_points)
    assert all(p["direction"] in ("worse", "better", "same") for p in points)
    # One headline sentence; the full table stays in the payload for the pack.
    assert slide["message"].endswith("(DEMO).") and slide["message"].count(". ") == 0
    assert len(slide["table"]["rows"]) > len(points)
