"""One "as at" rule: every page, slide and the pack says "Data as at <the end of
the latest period it SHOWS> (latest period in the figures on this page)", in the
one wording of ``dashboard.freshness.as_at_text``, never the database's latest of
something it does not show."""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest

from app import create_app
from dashboard.callbacks import maps as maps_callbacks
from dashboard.callbacks import overview
from dashboard.callbacks.shell import shell_for_path
from dashboard.freshness import format_day
from dashboard.metrics import maps as map_rules
from dashboard.pack import pack_html
from dashboard.settings import Settings
from dashboard.views.board.data import resolve_board
from dashboard.views.maps import data as maps_view
from dashboard.views.perception import data as perception_view
from dashboard.views.quartile import data as quartile_view
from domain.dates import month_end
from tests import dash_client

WORDING = re.compile(
    r"^Data as at (\d{1,2} [A-Z][a-z]+ \d{4}) \(latest period in the figures on "
    r"this page\)( · database built \d{1,2} [A-Z][a-z]+ \d{4})?$"
)


@pytest.fixture(scope="module")
def app(full_sqlite_url: str):  # type: ignore[no-untyped-def]
    app = create_app(Settings(database_url=full_sqlite_url))
    yield app
    app.server.config["PES_ENGINE"].dispose()


@pytest.fixture(scope="module")
def engine(app):  # type: ignore[no-untyped-def]
    return app.server.config["PES_ENGINE"]


def day_of(sentence: str) -> str:
    match = WORDING.match(sentence)
    assert match, sentence
    return match.group(1)


def footer(engine, path: str, shown: object = None) -> str:  # type: ignore[no-untyped-def]
    return str(shell_for_path(engine, path, [] if shown is None else [shown])[0])


def test_each_page_says_the_period_it_shows(engine) -> None:  # type: ignore[no-untyped-def]
    # The sector maps open on a month that is not the database's latest period.
    content = maps_callbacks.map_content(engine, map_rules.DEFAULT_MEASURE, None)
    figures = maps_view.area_figures(engine, map_rules.DEFAULT_MEASURE, None)
    assert figures is not None
    end = month_end(figures.period.end)
    assert content["shown"] == end.isoformat()
    assert day_of(footer(engine, "/sectors", content["shown"])) == format_day(end)

    # The crime page on an earlier 12 months says that period, not the latest.
    periods = quartile_view.read_periods(engine, None)
    earlier = periods.options[-1]["value"]
    assert earlier != periods.value
    assert day_of(footer(engine, "/crime-quartile", earlier)) == format_day(
        date.fromisoformat(earlier)
    )
    assert day_of(footer(engine, "/crime-quartile", periods.value)) == format_day(
        date.fromisoformat(periods.value)
    )

    # The perception page: its wave, recorded window or trend, whichever ends last.
    view = perception_view.opening_view(engine)
    assert view is not None
    shown = perception_view.shown_end(view)
    assert shown >= pd.Timestamp(view.wave_row.fieldwork_end).date()
    assert day_of(footer(engine, "/perception", shown.isoformat())) == format_day(shown)

    # The Overview states it at the top, where the big screen shows it, in the
    # footer's words; pages that report no period use their datasets' latest.
    top = overview.as_at_sentence(engine)
    assert top == footer(engine, "/")
    for path in ("/", "/kpis", "/risks", "/plan-alignment", "/data-sources"):
        day_of(footer(engine, path))


def test_the_shell_reads_the_shown_period_through_the_browser_route(app) -> None:  # type: ignore[no-untyped-def]
    client = app.server.test_client()
    response = dash_client.shell(client, app, "/sectors", [("maps", "2019-08-31")])
    assert response.status_code == 200
    as_at = json.loads(response.get_data(as_text=True))["response"]["shell-as-at"][
        "children"
    ]
    assert as_at.startswith("Data as at 31 August 2019 (latest period in the figures")


def test_slides_and_the_pack_use_the_one_wording(engine) -> None:  # type: ignore[no-untyped-def]
    board = resolve_board(engine)
    assert board.slides
    for slide in board.slides:
        shown = day_of(slide["as_at"])
        if slide["view"] == "perception" and slide.get("headline"):
            # A survey slide is as at its wave's fieldwork, not the board's period.
            assert shown != format_day(date.fromisoformat(slide["period_end"]))
        elif slide["view"] in ("quartile", "sectors", "changes", "alignment"):
            assert shown == format_day(date.fromisoformat(slide["period_end"]))
    cover = day_of(board.cover["as_at"])
    pack = pack_html(board, plotly_js="")
    assert board.cover["as_at"] in pack
    for slide in board.slides:
        assert slide["as_at"] in pack
    assert cover == format_day(date.fromisoformat(board.slides[0]["period_end"]))
