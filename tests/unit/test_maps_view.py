"""The sector maps view with small plain frames: URL state, the area figures, the
map's join, the ward panel, the Overview tile and the sentences."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from shapely.geometry import box

from dashboard.figures import maps as mapfig
from dashboard.metrics import maps as m
from dashboard.views.maps import data, state
from dashboard.views.maps import text as t

CITY = data.CITY
CRIME = m.MEASURES["crime-all"]
KPI = m.MEASURES["kpi-asb-police"]
MONTH = m.Period(
    "2025-06",
    "June 2025 (DEMO)",
    date(2025, 6, 1),
    date(2025, 6, 1),
    True,
    (date(2024, 6, 1), date(2024, 6, 1)),
    "June 2024",
)


@pytest.fixture
def mapping() -> pd.DataFrame:
    """Wards w1 and w2 in sector A, w3 in sector B."""
    return pd.DataFrame(
        {
            "ward_code": ["w1", "w2", "w3"],
            "ward_name": ["One", "Two", "Three"],
            "sector_code": ["A", "A", "B"],
            "sector_name": ["Alpha sector", "Alpha sector", "Beta sector"],
        }
    )


@pytest.fixture
def populations() -> pd.DataFrame:
    """1,000 residents in each ward: sector A 2,000, B 1,000, the city 3,000."""
    return pd.DataFrame(
        {
            "area_code": ["w1", "w2", "w3", "A", "B", CITY],
            "area_name": ["One", "Two", "Three", "Alpha", "Beta", "Peterborough"],
            "area_kind": ["ward"] * 3 + ["sector"] * 2 + ["lad"],
            "population": [1000, 1000, 1000, 2000, 1000, 3000],
        }
    )


def incident_figures(mapping, populations) -> data.AreaFigures:  # type: ignore[no-untyped-def]
    frames = data.FigureFrames(
        mapping,
        counts=pd.DataFrame(
            {"area_code": ["w1", "w1", "w2", "w3"], "incidents": [4, 6, 2, 3]}
        ),
        previous_counts=pd.DataFrame({"area_code": ["w1"], "incidents": [5]}),
        populations=populations,
        population_year=2024,
    )
    return data.compute_figures(frames, CRIME, MONTH)


def test_parse_query_whitelists_the_measure_with_a_message() -> None:
    query = state.parse_query("nonsense", "", "PES-NORTH", None)
    assert query.measure.key == m.DEFAULT_MEASURE
    assert query.message == (
        "There is no measure called 'nonsense'; showing recorded crime, all types "
        "(police.uk) instead."
    )
    assert (query.period, query.sector, query.ward) == (None, "PES-NORTH", "")
    assert state.parse_query("fly-tipping").message is None


def test_parse_query_reads_the_map_layers_from_yes_and_no() -> None:
    assert state.parse_query().layers == ("labels",)
    assert state.parse_query(hotspots="yes").layers == ("labels", "hotspots")
    assert state.parse_query(hotspots="yes", labels="no").layers == ("hotspots",)
    assert state.parse_query(hotspots="no", labels="yes").message is None
    odd = state.parse_query("fly-tipping", hotspots="on", labels="<b>")
    assert odd.layers == ("labels",)
    assert odd.message == (
        "'<b>' is not a choice for labels: use yes or no; labels are shown. "
        "'on' is not a choice for hotspots: use yes or no; hotspots are hidden."
    )


def test_choose_place_keeps_known_places_and_explains_unknown_ones(mapping) -> None:  # type: ignore[no-untyped-def]
    sectors = mapping[["sector_code", "sector_name"]].drop_duplicates()
    known = state.choose_place(
        sectors, mapping.ward_code, {"sector": "B", "ward": "w2"}
    )
    assert known == state.Place("B", "w2", None)
    unknown = state.choose_place(
        sectors, mapping.ward_code, {"sector": "Z", "ward": "x"}
    )
    assert (unknown.sector, unknown.ward) == ("", None)
    assert unknown.message is not None
    assert unknown.message.startswith(
        "There is no sector 'Z'. The sectors are Alpha sector (A), Beta sector (B); "
        "showing the whole city. There is no Peterborough ward 'x'"
    )
    assert state.choose_place(sectors, [], None) == state.Place("", None, None)
    assert state.sector_options(sectors)[1] == {"label": "Alpha sector", "value": "A"}


def test_href_names_only_the_place_given() -> None:
    assert state.href("fire", "2025-06", sector="A") == (
        "/sectors?measure=fire&period=2025-06&sector=A"
    )
    assert state.href("fire", "2025-06", ward="w1") == (
        "/sectors?measure=fire&period=2025-06&ward=w1"
    )


def test_incident_figures_rate_wards_sectors_and_city(mapping, populations) -> None:  # type: ignore[no-untyped-def]
    figures = incident_figures(mapping, populations)
    table = figures.table.set_index("area_code")
    # w1: 10 records per 1,000 residents = 10.0; a year before 5, so up 5.0 (+100%).
    assert table.at["w1", "count"] == 10 and table.at["w1", "value"] == 10.0
    assert table.at["w1", "change"] == 5.0 and table.at["w1", "change_pct"] == 100
    # Sector A: 12 records over 2,000 residents; the city: 15 over 3,000.
    assert table.at["A", "value"] == pytest.approx(6.0)
    assert table.at[CITY, "value"] == pytest.approx(5.0)
    assert table.at["w3", "base"] == 1000
    assert figures.level == "ward"
    assert figures.denominator == (
        "Rate per 1,000 residents: police.uk street-level records (recorded crime, "
        "all types; DEMO records) in June 2025 divided by the ONS mid-2024 ward "
        "population "
        "estimates (the latest loaded not after the period's end); sectors and the "
        "city use the sums of their wards."
    )
    assert figures.source == (
        "DEMO street-level records generated for this dashboard, June 2025"
    )


def test_kpi_figures_are_per_sector_with_the_city_as_their_sum(mapping) -> None:  # type: ignore[no-untyped-def]
    period = m.Period("2025-06", "Month", date(2025, 6, 1), date(2025, 6, 30), True)
    values = pd.DataFrame(
        {
            "kpi_id": ["asb-police-north", "asb-police-south", "other-north"],
            "name": ["ASB"] * 3,
            "unit": ["incidents"] * 3,
            "sector_code": ["A", "B", "A"],
            "period_end": [date(2025, 6, 30)] * 3,
            "value": [7.0, 5.0, 99.0],
        }
    )
    figures = data.compute_figures(
        data.FigureFrames(mapping, kpi_values=values), KPI, period
    )
    table = figures.table.set_index("area_code")
    assert figures.level == "sector"
    assert table.at["A", "value"] == 7.0 and table.at["B", "value"] == 5.0
    assert table.at[CITY, "value"] == 12.0
    assert pd.isna(table.at["w1", "value"])  # wards have no KPI values


def square(x: float) -> str:
    return json.dumps(box(x, 52.0, x + 0.01, 52.01).__geo_interface__)


def test_compute_map_joins_figures_rows_and_sentences(mapping, populations) -> None:  # type: ignore[no-untyped-def]
    figures = incident_figures(mapping, populations)
    boundaries = pd.DataFrame(
        {
            "area_code": ["w1", "w2", "w3"],
            "area_name": ["One", "Two", "Three"],
            "geojson": [square(0.0), square(0.01), square(0.02)],
        }
    )
    layers = mapfig.boundary_layers(boundaries, mapping)
    spots = data.Hotspots({"sectors": ["A", "B"], "rows": []}, 15, 2, 1)
    view = data.compute_map(figures, layers, spots)
    assert view.summary == (
        "Recorded crime, all types (police.uk): highest in One (10.0 per 1,000 "
        "residents), lowest in Two (2.0). Whole city: 5.0 per 1,000 residents. "
        "DEMO data."
    )
    rows = {row["code"]: row for row in view.rows}
    assert rows["w1"]["value"] == 10.0 and rows["w1"]["sector"] == "Alpha"
    assert rows["w2"]["change"] == 2.0  # nothing a year before, 2 now
    assert rows["w3"]["base"] == 1000
    assert view.hotspot_note == (
        "15 records inside Peterborough's wards are mapped. Left out: 2 located "
        "outside Peterborough and 1 with no location."
    )
    assert set(view.bounds) == {"city", "A", "B"}
    assert [f["properties"]["text"] for f in view.labels["wards"]["features"]] == [
        "10.0",
        "2.0",
        "3.0",
    ]
    no_spots = data.compute_map(figures, layers, None)
    assert no_spots.points is None
    assert no_spots.hotspot_note == t.HOTSPOTS_NEED_INCIDENTS


def panel_frames() -> data.PanelFrames:
    """Ward w1's demo records: April to June 2025, none in May."""
    months = pd.DataFrame(
        {
            "month": [date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1)],
            "is_demo": [True, True, True],
        }
    )
    return data.PanelFrames(
        "w1",
        "One",
        "A",
        "Alpha sector",
        categories=pd.DataFrame(
            {"category": ["Burglary", "Drugs", "Burglary"], "incidents": [3, 1, 1]}
        ),
        months=months,
        month_counts=pd.DataFrame(
            {"month": [date(2025, 4, 1), date(2025, 6, 1)], "incidents": [4, 10]}
        ),
    )


def test_compute_panel_gives_figures_top_categories_and_trend(
    mapping, populations
) -> None:  # type: ignore[no-untyped-def]
    figures = incident_figures(mapping, populations)
    view = data.compute_panel(panel_frames(), figures)
    assert view.value == "10.0" and view.unit == "per 1,000 residents"
    assert view.denominator.startswith(
        "10 incidents ÷ 1,000 residents × 1,000. Rate per 1,000 residents: "
        "police.uk street-level records (recorded crime, all types; DEMO records) "
        "in June 2025 divided by the ONS mid-2024 ward population estimates"
    )
    assert view.change == "Change on June 2024: up 5.0 per 1,000 residents (+100%)"
    assert view.top == (
        "Burglary: 4 (80% of the ward's records in this group)",
        "Drugs: 1 (20% of the ward's records in this group)",
    )
    assert view.trend.value.tolist() == [4, 0, 10]  # May had no records
    assert view.trend_summary == (
        "From 4 in Apr 2025 to 10 in Jun 2025 (incidents a month); highest 10 in "
        "Jun 2025."
    )
    assert view.trend_title == "One: incidents a month (DEMO)"
    assert view.subtitle.startswith("Alpha sector · Recorded crime")


def test_the_trend_is_the_latest_unbroken_run_of_months(mapping, populations) -> None:  # type: ignore[no-untyped-def]
    """A lone earlier month of the same kind is not drawn next to the run as if
    it came just before it."""
    frames = panel_frames()
    lone = pd.DataFrame({"month": [date(2019, 8, 1)], "is_demo": [True]})
    frames = replace(
        frames,
        months=pd.concat([lone, frames.months], ignore_index=True),
        month_counts=pd.concat(
            [
                pd.DataFrame({"month": [date(2019, 8, 1)], "incidents": [7]}),
                frames.month_counts,
            ],
            ignore_index=True,
        ),
    )
    view = data.compute_panel(frames, incident_figures(mapping, populations))
    assert view.trend.period_label.tolist() == ["Apr 2025", "May 2025", "Jun 2025"]
    assert view.trend.value.tolist() == [4, 0, 10]


def test_population_denominator_says_why_another_year_stands_in() -> None:
    from dashboard.metrics.maps import MEASURES
    from dashboard.views.maps.text import population_denominator

    crime, fire = MEASURES["crime-all"], MEASURES["fire"]
    june = date(2025, 6, 1)
    assert "mid-2025 ward population estimates (the latest loaded not after" in (
        population_denominator(crime, 2025, june, june)
    )
    assert population_denominator(crime, 2022, date(2019, 8, 1), date(2019, 8, 1)) == (
        "Rate per 1,000 residents: police.uk street-level records (recorded crime, "
        "all types) in August 2019 divided by the ONS mid-2022 ward population "
        "estimates (the earliest loaded: none loaded is from before the period's "
        "end); sectors and the city use the sums of their wards."
    )
    # A measure that is not police.uk's does not claim to be.
    assert "police.uk" not in population_denominator(fire, 2024, june, june)


def test_compute_tile_names_the_highest_ward_and_links_to_it(
    mapping, populations
) -> None:  # type: ignore[no-untyped-def]
    tile = data.compute_tile(incident_figures(mapping, populations), mapping)
    assert not isinstance(tile, str)
    assert tile.value == "One: 10.0"
    assert tile.details[0] == "10 crimes ÷ 1,000 residents × 1,000; Alpha sector."
    assert tile.details[1].startswith(
        "Rate per 1,000 residents: police.uk street-level"
    )
    assert "ONS mid-2024 ward population estimates" in tile.details[1]
    assert tile.details[2] == "Whole city: 5.0 per 1,000."
    assert tile.href == "/sectors?measure=crime-all&period=2025-06&ward=w1"


def test_trend_summary_and_month_label() -> None:
    one = pd.DataFrame({"period_label": ["Jun 2025"], "value": [3.0]})
    assert t.trend_summary(one, "incidents", 0) == (
        "Only one period is loaded: 3 incidents in Jun 2025, so there is no trend "
        "to show."
    )
    assert t.trend_summary(one.iloc[0:0], "incidents", 0) == "No trend to show."
    assert t.month_label(date(2024, 7, 1), date(2025, 6, 1)) == (
        "July 2024 to June 2025"
    )
    assert t.number(float("nan"), 1) == "no data"


def test_compute_window_gives_wards_with_sectors_and_sector_rates(
    mapping, populations
) -> None:  # type: ignore[no-untyped-def]
    counts = pd.DataFrame(
        {"area_code": ["w1", "w3"], "incidents": [6, 3], "is_demo": [False, True]}
    )
    frames = data.FigureFrames(
        mapping, counts=counts, populations=populations, population_year=2025
    )
    window = data.compute_window(frames, CRIME, date(2024, 7, 1), date(2025, 6, 1))
    assert window is not None
    assert window.figures.period.is_demo  # one demo record makes the window demo
    assert window.figures.period.label == "July 2024 to June 2025"
    wards = window.wards.set_index("area_code")
    assert wards.at["w1", "value"] == 6.0 and wards.at["w2", "incidents"] == 0
    assert wards.at["w3", "sector_name"] == "Beta sector"
    assert window.sectors.to_dict("records") == [
        {
            "sector_code": "A",
            "sector_name": "Alpha",
            "incidents": 6,
            "population": 2000,
            "value": 3.0,
        },
        {
            "sector_code": "B",
            "sector_name": "Beta",
            "incidents": 3,
            "population": 1000,
            "value": 3.0,
        },
    ]
    empty = data.FigureFrames(mapping, counts=counts.iloc[0:0], populations=populations)
    assert data.compute_window(empty, CRIME, date(2025, 6, 1), date(2025, 6, 1)) is None


def test_the_view_imports_no_dash_framework() -> None:
    import ast
    from pathlib import Path

    import dashboard.views.maps as package

    framework = (
        "dash",
        "dash_bootstrap_components",
        "dash_ag_grid",
        "dash_leaflet",
        "dash_extensions",
    )
    for path in Path(package.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in framework, (path.name, name)


def test_crime_panel_leaves_anti_social_behaviour_out_of_every_part(
    mapping, populations
) -> None:  # type: ignore[no-untyped-def]
    """Categories, shares, total and trend of a crime measure exclude ASB, even
    when the frames read hold ASB records."""
    for key, measure in m.MEASURES.items():
        if key.startswith("crime-"):
            assert "Anti-social behaviour" not in measure.categories, key
            assert "Anti-social behaviour" not in measure.family, key
    assert "Anti-social behaviour" in m.MEASURES["asb-police"].categories
    figures = incident_figures(mapping, populations)
    assert figures.measure.key == "crime-all"
    months = pd.DataFrame({"month": [date(2025, 5, 1), date(2025, 6, 1)]}).assign(
        is_demo=True
    )
    frames = data.PanelFrames(
        "w1",
        "One",
        "A",
        "Alpha sector",
        categories=pd.DataFrame(
            {
                "category": ["Anti-social behaviour", "Burglary", "Drugs"],
                "incidents": [15, 3, 1],
            }
        ),
        months=months,
        month_counts=pd.DataFrame(
            {
                "month": [date(2025, 5, 1), date(2025, 6, 1), date(2025, 6, 1)],
                "category": ["Burglary", "Anti-social behaviour", "Drugs"],
                "incidents": [2, 40, 5],
            }
        ),
    )
    view = data.compute_panel(frames, figures)
    assert view.top == (
        "Burglary: 3 (75% of the ward's records in this group)",
        "Drugs: 1 (25% of the ward's records in this group)",
    )
    assert view.trend.value.tolist() == [2, 5]
    assert "anti-social behaviour is not included" in figures.measure.explanation
