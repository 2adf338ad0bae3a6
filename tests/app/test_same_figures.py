"""One figure, one reading: the same rate for the same crimes and period reads the
same on every page, slide and the board pack, with the same denominator sentence
(``dashboard.denominator``) and the same population year (``domain.population``).

Two crime series are compared only with themselves: ONS police recorded crime by
CSP (the Overview, the crime quartile page, the quartile slide, the pack) and
police.uk street-level records (the Overview's ward tile, the sector maps, the
sectors slide, the perception page's recorded side). Each says which it is.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from dashboard import denominator
from dashboard.callbacks.overview import recorded_crime_tiles
from dashboard.callbacks.quartile import quartile_tiles
from dashboard.metrics import maps as map_rules
from dashboard.pack import pack_html
from dashboard.views.board.data import resolve_board
from dashboard.views.maps import data as maps_view
from dashboard.views.perception import data as perception_view
from dashboard.views.perception import text as perception_text
from dashboard.views.quartile import data as quartile_view
from data_access import make_readonly_engine
from data_access.queries import crime, local, meta
from domain.areas import PETERBOROUGH_LAD
from domain.dates import month_end, twelve_months_to
from domain.offences import OFFENCE_BY_CODE
from domain.population import population_year


@pytest.fixture(scope="module")
def engine(full_sqlite_url: str):  # type: ignore[no-untyped-def]
    engine = make_readonly_engine(full_sqlite_url, timeout_seconds=30)
    yield engine
    engine.dispose()


def _latest_real_period(engine) -> date:  # type: ignore[no-untyped-def]
    value = meta.latest_crime_period(engine, real_only=True).period_end.iloc[0]
    return pd.Timestamp(value).date()


def test_ons_rate_reads_the_same_on_every_page_slide_and_the_pack(engine) -> None:  # type: ignore[no-untyped-def]
    period_end = _latest_real_period(engine)
    year = population_year(period_end, crime.population_years(engine))
    sentence = denominator.ons_rate_sentence(
        OFFENCE_BY_CODE["total"].name, period_end, year
    )
    # The shipped figures: 23,061 offences over the mid-2023 population of 219,509.
    assert (period_end, year) == (date(2025, 6, 30), 2023)
    assert sentence == (
        "Rate per 1,000 residents: ONS police recorded crime (total recorded crime "
        "excluding fraud) in the 12 months to 30 June 2025 divided by the ONS "
        "mid-2023 population estimate (the latest loaded not after the period's end)."
    )
    rate, rank = "105.1", "253 of 298"

    overview = str(recorded_crime_tiles(engine)) + str(quartile_tiles(engine))
    page = quartile_view.read_ranking(engine, "total", period_end.isoformat(), "all")
    board = resolve_board(engine, agenda="quartile")
    slide = next(s for s in board.slides if s["view"] == "quartile")
    pack = pack_html(board, plotly_js="")

    # The Overview's tiles.
    assert f"'{rate}'" in overview and f"'{rank}'" in overview
    assert sentence in overview
    # The crime quartile page: the headline, the chart's source line and its table.
    assert not page.failed
    assert f"{rate} offences per 1,000 residents" in page.rank.detail
    assert f"rank {rank}" in page.rank.figure
    assert sentence in page.slope.source and sentence in page.funnel.source
    own = next(r for r in page.slope.rows if r.get("area_name") == "Peterborough")
    assert own["population"] == 219_509 and own["population_year"] == year
    assert f"{own['rate_per_1000']:.1f}" == rate
    # The board's quartile slide and the pack printed from it.
    values = {item["label"]: item["value"] for item in slide["headline"]}
    assert values["Rate"] == rate and values["Rank"] == rank
    assert sentence in slide["source"]
    assert sentence.replace("'", "&#x27;") in pack and f">{rate}<" in pack
    # Each says which series it is, and no other year is named beside the figure.
    for text in (overview, page.slope.source, slide["source"]):
        assert denominator.ONS_RECORDED_CRIME in text
        assert set(re.findall(r"mid-(\d{4})", text)) == {str(year)}


def test_police_uk_rates_read_the_same_on_the_map_tile_slide_and_perception(
    engine,
) -> None:  # type: ignore[no-untyped-def]
    ward_years = local.ward_population_years(engine)

    # The Overview's ward tile and the sector maps page, the same measure and month.
    tile = maps_view.tile(engine)
    figures = maps_view.area_figures(engine, map_rules.DEFAULT_MEASURE, None)
    assert not isinstance(tile, str) and figures is not None
    period = figures.period
    year = population_year(month_end(period.end), ward_years)
    sentence = denominator.rate_sentence(
        "police.uk street-level records (recorded crime, all types)",
        period.start,
        period.end,
        [year],
        wards=True,
    )
    page = maps_view.map_view(engine, map_rules.DEFAULT_MEASURE, period.key)
    assert page is not None
    assert figures.population_year == year
    assert sentence in tile.details and sentence in page.source
    ward_name, value = tile.value.split(": ")
    row = next(r for r in page.rows if r["ward"] == ward_name)
    assert f"{row['value']:.1f}" == value
    assert denominator.POLICE_UK_RECORDS in page.source
    assert denominator.ONS_RECORDED_CRIME not in page.source

    # The board's sectors slide and the same 12 months on the maps.
    board = resolve_board(engine, agenda="sectors")
    slide = next(s for s in board.slides if s["view"] == "sectors")
    end = date.fromisoformat(slide["period_end"])
    window = maps_view.sector_window(
        engine, map_rules.MEASURES[map_rules.DEFAULT_MEASURE], *twelve_months_to(end)
    )
    assert window is not None
    assert window.figures.denominator in slide["source"]
    assert f"mid-{population_year(month_end(end), ward_years)} ward" in slide["source"]
    shown = {item["label"]: item["value"] for item in slide["headline"]}
    for row in window.sectors.itertuples():
        assert shown[row.sector_name] == f"{row.value:,.1f}"
    # The city's line on the slide is the maps' whole-city figure and names its
    # series, so it is not read as the ONS rate on the quartile slide.
    whole = window.figures.table.set_index("area_code").loc[PETERBOROUGH_LAD, "value"]
    notes = [a["text"] for a in slide["figure"]["layout"]["annotations"]]
    assert any(
        n.startswith("Whole city (police.uk records") and n.endswith(f"{whole:,.1f}")
        for n in notes
    ), notes

    # The perception page's recorded side: the city's rate over the wave's 12
    # months equals the maps view's for the same months, on the same estimate.
    view = perception_view.opening_view(engine)
    assert view is not None and view.window_covered
    first, last = view.window
    assert view.population_year == population_year(month_end(last), ward_years)
    same = maps_view.sector_window(
        engine, map_rules.MEASURES[map_rules.DEFAULT_MEASURE], first, last
    )
    assert same is not None
    city = same.figures.table.set_index("area_code").loc[PETERBOROUGH_LAD, "value"]
    assert f"{perception_view.city_rate(view):.1f}" == f"{city:.1f}"
    source = perception_text.quadrant_source(view)
    assert perception_text.recorded_sentence(view) in source
    assert denominator.POLICE_UK_RECORDS in source
    assert f"mid-{same.figures.population_year} ward" in source
