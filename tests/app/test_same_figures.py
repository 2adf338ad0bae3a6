"""One figure, one reading: Peterborough's latest recorded crime rate and rank read
the same on the Overview, the crime quartile page and the board's quartile slide."""

from __future__ import annotations

import re

from dashboard.callbacks.overview import recorded_crime_tiles
from dashboard.views.board.data import resolve_board
from dashboard.views.quartile import data as quartile_view
from data_access import make_readonly_engine


def test_latest_rate_and_rank_read_the_same_everywhere(full_sqlite_url: str) -> None:
    engine = make_readonly_engine(full_sqlite_url, timeout_seconds=30)
    overview = str(recorded_crime_tiles(engine))
    page = quartile_view.read_ranking(engine, "total", None, "all")
    slide = next(
        s
        for s in resolve_board(engine, agenda="quartile").slides
        if s["view"] == "quartile"
    )
    engine.dispose()

    # The shipped figures: 23,061 offences over the mid-2023 population of 219,509.
    rate, rank = "105.1", "253 of 298"
    assert f"'{rate}'" in overview and f"'{rank}'" in overview
    assert not page.failed
    assert f"{rate} offences per 1,000 residents" in page.rank.detail
    assert f"rank {rank}" in page.rank.figure
    values = {item["label"]: item["value"] for item in slide["headline"]}
    assert values["Rate"] == rate and values["Rank"] == rank
    assert re.search(r"mid-2023", slide["source"])
    assert "mid-2023" in overview
