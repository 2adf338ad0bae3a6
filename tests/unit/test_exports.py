"""Every CSV download follows the one set of rules (``dashboard.ui.export``): the
perception page's Show data grids, the real evidence blocks (CSEW, recorded ASB,
fly-tipping) and the sector map's ward table and ward trend. Each file is named
after its view and the end of its latest period; each row says what it measures,
over which period, from which source, and whether it is real or demo."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import date

import dash_ag_grid as dag
import pandas as pd
import pytest

from dashboard.callbacks import (
    evidence_components,
    maps_components,
    perception_sections,
)
from dashboard.callbacks import maps as maps_callbacks
from dashboard.figures import maps as mapfig
from dashboard.metrics import maps as m
from dashboard.ui.export import PROVENANCE_FIELDS, csv_text, exported
from dashboard.views.evidence.data import compute_asb, compute_flytipping
from dashboard.views.maps import data as maps_data
from dashboard.views.perception.data import compute
from tests.unit import test_evidence_view as evidence_fixture
from tests.unit import test_maps_view as maps_fixture
from tests.unit import test_perception_view as perception_fixture
from tests.unit.test_maps_view import mapping, populations  # noqa: F401 - fixtures

DATED = re.compile(r"pes-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv")


def grids(component: object) -> list:
    """Every AG Grid in a component tree (or a list of them)."""
    if isinstance(component, (list, tuple)):
        return [grid for child in component for grid in grids(child)]
    if component is None or isinstance(component, (str, int, float)):
        return []
    data = getattr(component, "data", None)
    if isinstance(data, dict) and data.get("type") == "AgGrid":
        # A "Show data" block carries its grid as data until it is first opened.
        return [dag.AgGrid(**data["props"])]
    found = [component] if hasattr(component, "csvExportParams") else []
    return found + grids(getattr(component, "children", None))


def assert_follows_the_rules(grid: object, name: str, statuses: set[str]) -> None:
    params = grid.csvExportParams  # type: ignore[attr-defined]
    assert DATED.fullmatch(params["fileName"]), params["fileName"]
    assert params["fileName"].startswith(f"pes-{name}-"), params["fileName"]
    assert params["columnKeys"][-4:] == list(PROVENANCE_FIELDS)
    assert params["processHeaderCallback"]  # plain field names as headers
    shown = [column["field"] for column in grid.columnDefs]  # type: ignore[attr-defined]
    assert shown[-4:] == list(PROVENANCE_FIELDS)
    assert all(column.get("hide") for column in grid.columnDefs[-4:])  # type: ignore[attr-defined]
    rows = grid.rowData  # type: ignore[attr-defined]
    assert rows
    for row in rows:
        assert all(row[field] for field in PROVENANCE_FIELDS), row
    assert {row["data_status"] for row in rows} == statuses


# ------------------------------------------------------------------ the helper
def test_exported_adds_provenance_hidden_columns_and_csv_params() -> None:
    table = exported(
        [{"a": 1}, {"a": 2}],
        [{"field": "a", "headerName": "A"}],
        view="thing",
        period_end=date(2025, 6, 30),
        measure="Things",
        period=["June 2025", "July 2025"],
        source="Here",
        is_demo=[False, True],
    )
    assert table.file_name == "pes-thing-2025-06-30.csv"
    assert table.export_columns == ["a", *PROVENANCE_FIELDS]
    assert table.csv["columnKeys"] == table.export_columns
    assert table.csv["fileName"] == table.file_name
    assert [row["data_status"] for row in table.rows] == ["real", "demo"]
    assert table.rows[1]["period"] == "July 2025"
    with pytest.raises(ValueError, match="provenance"):
        exported(
            [],
            [{"field": "period"}],
            view="x",
            period_end=None,
            measure="",
            period="",
            source="",
            is_demo=False,
        )


# ------------------------------------------------------------------ perception
def perception_view(*, survey_demo: bool = True, records_demo: bool = True):  # type: ignore[no-untyped-def]
    frames = perception_fixture.frames()
    choices = frames.choices
    frames = replace(
        frames,
        choices=replace(choices, surveys=choices.surveys.assign(is_demo=[survey_demo])),
        counts=frames.counts.assign(is_demo=records_demo),
    )
    return compute(frames, perception_fixture.state())


def test_perception_grids_are_dated_and_every_row_says_what_it_is() -> None:
    view = perception_view()
    sections = {
        "quadrant": perception_sections.quadrant_section(view),
        "trend": perception_sections.trend_section(view),
    }
    for name, section in sections.items():
        (grid,) = grids(section)
        assert_follows_the_rules(grid, f"perception-{name}", {"demo"})
        # W2's recorded window ends in March 2025, after its fieldwork.
        assert grid.csvExportParams["fileName"].endswith("-2025-03-31.csv")
    quadrant = grids(sections["quadrant"])[0].rowData[0]
    assert quadrant["period"] == (
        "W2: fieldwork 13 January 2025 to 14 March 2025; recorded April 2024 to "
        "March 2025"
    )
    assert (
        quadrant["source"]
        == "Test survey; police.uk street-level records (DEMO records)"
    )
    assert quadrant["measure"].startswith("Crime gone up locally (% of residents")
    # The gap table is drawn as HTML; its CSV, written by the server, follows the
    # same rules, the worried share as 0 to 100 as on screen.
    table, rows = perception_sections.gap_table(view)
    assert table.file_name == "pes-perception-gap-2025-03-31.csv"
    assert table.export_columns[-4:] == list(PROVENANCE_FIELDS)
    assert rows and {row["data_status"] for row in rows} == {"demo"}
    assert all(row[field] for row in rows for field in PROVENANCE_FIELDS)
    shares = {row["area_code"]: row["concern"] for row in rows}
    raw = {row["area_code"]: row["concern"] for row in table.rows}
    assert all(shares[code] == 100 * raw[code] for code in raw if raw[code] is not None)
    page = str(perception_sections.gap_section(view))
    assert "perception-gap-table" in page and page.count("<tr data-row-id=") == len(
        rows
    )


def test_perception_trend_rows_are_real_or_demo_by_their_own_source() -> None:
    # A demo survey beside real police.uk records: each row says which.
    view = perception_view(survey_demo=True, records_demo=False)
    (grid,) = grids(perception_sections.trend_section(view))
    rows = grid.rowData
    assert_follows_the_rules(grid, "perception-trend", {"demo", "real"})
    survey = [row for row in rows if row["series"] == "Survey"]
    recorded = [row for row in rows if row["series"] == "Recorded"]
    assert {row["data_status"] for row in survey} == {"demo"}
    assert {row["source"] for row in survey} == {"Test survey"}
    assert survey[0]["period"] == "W1: fieldwork 8 January 2024 to 8 March 2024"
    assert {row["data_status"] for row in recorded} == {"real"}
    assert recorded[0]["period"] == "April 2024 to June 2024"
    assert recorded[0]["source"] == "police.uk street-level records"
    # The survey's own and the quadrant's rows: real once both sides are.
    real = perception_view(survey_demo=False, records_demo=False)
    (quadrant,) = grids(perception_sections.quadrant_section(real))
    assert {row["data_status"] for row in quadrant.rowData} == {"real"}


# ------------------------------------------------------------------ evidence
def test_evidence_tables_are_dated_and_real(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    counts = evidence_fixture._counts()
    flytipping = compute_flytipping(
        pd.concat(
            [counts, counts.assign(series="flytipping_actions", value=[10, 20, 30])]
        ),
        pd.DataFrame(
            {
                "area_code": ["E06000031"] * 3,
                "year": [2019, 2020, 2022],
                "population": [202259, 202626, 217705],
            }
        ),
    )
    survey = evidence_fixture._survey()
    recorded = counts.assign(
        series="police_asb_incidents",
        area_code="E23000023",
        area_name="Cambridgeshire",
    )
    asb = compute_asb(survey, recorded)
    evidence = evidence_components.evidence
    monkeypatch.setattr(evidence, "asb_evidence", lambda engine: asb)
    monkeypatch.setattr(evidence, "flytipping_evidence", lambda engine: flytipping)

    csew, police = grids(evidence_components.asb_block(None))
    assert_follows_the_rules(csew, "csew-force-asb", {"real"})
    assert csew.csvExportParams["fileName"] == "pes-csew-force-asb-2019-03-31.csv"
    row = csew.rowData[0]
    assert row["question"] == "Experienced or witnessed any ASB"  # shown as Measure
    assert row["measure"] == "Experienced or witnessed any ASB: % of adults (CSEW)"
    assert row["period"] == "Year ending March 2019 (1 April 2018 to 31 March 2019)"
    assert row["source"].startswith("Office for National Statistics, Crime Survey")
    assert_follows_the_rules(police, "police-recorded-asb", {"real"})
    assert police.rowData[-1]["period"] == "2021-22 (1 April 2021 to 31 March 2022)"

    incidents, actions = grids(evidence_components.flytipping_block(None, grid_id="g"))
    for grid, name in (
        (incidents, "flytipping-defra"),
        (actions, "flytipping-defra-actions"),
    ):
        assert_follows_the_rules(grid, name, {"real"})
        assert grid.csvExportParams["fileName"] == f"pes-{name}-2022-03-31.csv"
        assert grid.rowData[0]["source"].startswith("Department for Environment")
    assert incidents.rowData[0]["measure"].startswith("Fly-tipping incidents")
    assert actions.rowData[0]["measure"].startswith("Fly-tipping enforcement actions")


# ------------------------------------------------------------------ sector maps
def map_view(period: m.Period, mapping, populations):  # type: ignore[no-untyped-def]  # noqa: F811
    frames = maps_data.FigureFrames(
        mapping,
        counts=pd.DataFrame(
            {"area_code": ["w1", "w1", "w2", "w3"], "incidents": [4, 6, 2, 3]}
        ),
        populations=populations,
        population_year=2024,
    )
    figures = maps_data.compute_figures(frames, maps_fixture.CRIME, period)
    boundaries = pd.DataFrame(
        {
            "area_code": ["w1", "w2", "w3"],
            "area_name": ["One", "Two", "Three"],
            "geojson": [maps_fixture.square(x) for x in (0.0, 0.01, 0.02)],
        }
    )
    layers = mapfig.boundary_layers(boundaries, mapping)
    return maps_data.compute_map(figures, layers, None)


TWELVE_REAL_MONTHS = m.Period(
    "12m-2025-06",
    "12 months to June 2025",
    date(2024, 7, 1),
    date(2025, 6, 1),
    False,
)


@pytest.mark.parametrize(
    ("period", "status", "words"),
    [
        (maps_fixture.MONTH, "demo", "June 2025"),
        (TWELVE_REAL_MONTHS, "real", "July 2024 to June 2025"),
    ],
)
def test_ward_table_csv_names_measure_and_period_from_the_callback(
    monkeypatch,
    mapping,  # noqa: F811 - the fixture
    populations,  # noqa: F811 - the fixture
    period,
    status,
    words,
) -> None:  # type: ignore[no-untyped-def]
    view = map_view(period, mapping, populations)
    name = words.lower().replace(" ", "-")
    monkeypatch.setattr(maps_callbacks.data, "map_view", lambda *args: view)
    sent = maps_callbacks.ward_csv(None, "crime-all", period.key, None)  # type: ignore[arg-type]
    assert sent["filename"] == f"pes-ward-figures-crime-all-{name}-2025-06-30.csv"
    rows = list(csv.DictReader(io.StringIO(sent["content"])))
    assert list(rows[0])[-4:] == list(PROVENANCE_FIELDS)
    for row in rows:
        assert row["data_status"] == status
        assert row["measure"] == (
            "Recorded crime, all types (police.uk), per 1,000 residents "
            "(ONS mid-2024 ward estimates)"
        )
        assert row["period"] == words
        assert row["source"].startswith(
            "DEMO street-level" if status == "demo" else "police.uk street-level"
        )
    # Numbers stay unrounded: the table rounds them for display.
    assert {row["ward"]: row["value"] for row in rows}[view.rows[0]["ward"]] == str(
        view.rows[0]["value"]
    ).removesuffix(".0")
    # The table shows the same rows, highest value first by default.
    page = maps_callbacks.ward_table(None, "crime-all", period.key, None, "-value")  # type: ignore[arg-type]
    assert page.count("<tr data-row-id=") == len(rows)
    assert 'aria-sort="descending"' in page


def test_ward_trend_csv_is_dated_and_each_row_says_what_it_is(
    mapping,  # noqa: F811 - the fixture
    populations,  # noqa: F811 - the fixture
) -> None:  # type: ignore[no-untyped-def]
    figures = maps_fixture.incident_figures(mapping, populations)
    panel = maps_data.compute_panel(maps_fixture.panel_frames(), figures)
    (grid,) = grids(maps_components.ward_panel(panel))
    assert_follows_the_rules(grid, "ward-trend-w1-crime-all", {"demo"})
    assert (
        grid.csvExportParams["fileName"] == "pes-ward-trend-w1-crime-all-2025-06-30.csv"
    )
    assert [row["period"] for row in grid.rowData] == [
        "Apr 2025",
        "May 2025",
        "Jun 2025",
    ]
    assert grid.rowData[0]["measure"] == (
        "Recorded crime, all types (police.uk), incidents a month (One)"
    )
    assert (
        grid.rowData[0]["source"]
        == "DEMO street-level records generated for this dashboard"
    )


def test_the_server_writes_a_csv_by_the_grids_cell_rule() -> None:
    rows = [
        {
            "kpi_id": "k1",
            "status_word": "Red",
            "latest_value": 190.0,
            "target": 2.75,
            "note": "=HYPERLINK('x')",
            "change": -3,
            "missing": None,
            "flag": True,
            "nan": float("nan"),
        }
    ]
    text = csv_text(
        rows,
        [
            "kpi_id",
            "status",
            "latest_value",
            "target",
            "note",
            "change",
            "missing",
            "flag",
            "nan",
        ],
        {"status": "status_word"},
    )
    header, line = text.splitlines()
    assert header == "kpi_id,status,latest_value,target,note,change,missing,flag,nan"
    # Numbers as numbers (190, as a browser writes it), a formula as text, no
    # value as empty.
    assert line == "k1,Red,190,2.75,'=HYPERLINK('x'),-3,,true,"
