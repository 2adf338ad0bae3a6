"""The pure map builders and measures: dissolve, simplify, classify, join, periods."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from shapely.geometry import box, shape

from dashboard.figures import maps as mapfig
from dashboard.metrics import maps as m
from dashboard.views.maps import state


def square(x: float, y: float) -> str:
    return json.dumps(box(x, y, x + 1, y + 1).__geo_interface__)


@pytest.fixture
def grid() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Four unit squares in a row; the first two in sector A, the others in B."""
    boundaries = pd.DataFrame(
        {
            "area_code": ["w1", "w2", "w3", "w4"],
            "area_name": ["One", "Two", "Three", "Four"],
            "geojson": [square(0, 0), square(1, 0), square(2, 0), square(3, 0)],
        }
    )
    mapping = pd.DataFrame(
        {
            "ward_code": ["w1", "w2", "w3", "w4"],
            "sector_code": ["A", "A", "B", "B"],
            "sector_name": ["Alpha", "Alpha", "Beta", "Beta"],
        }
    )
    return boundaries, mapping


def test_dissolve_unions_members_and_leaves_out_unmapped() -> None:
    geometries = {"a": box(0, 0, 1, 1), "b": box(1, 0, 2, 1), "c": box(5, 5, 6, 6)}
    dissolved = mapfig.dissolve(geometries, {"a": "S", "b": "S"})
    assert set(dissolved) == {"S"}
    assert dissolved["S"].equals(box(0, 0, 2, 1))


def test_boundary_layers_dissolve_sectors_with_names_labels_and_bounds(grid) -> None:
    boundaries, mapping = grid
    layers = mapfig.boundary_layers(boundaries, mapping)
    sectors = {f["id"]: f for f in layers["sectors"]["features"]}
    assert set(sectors) == {"A", "B"}
    alpha = shape(sectors["A"]["geometry"])
    assert alpha.area == pytest.approx(2.0)
    assert sectors["A"]["properties"]["name"] == "Alpha"
    assert sectors["A"]["properties"]["wards"] == 2
    assert sectors["B"]["properties"]["bounds"] == [[0.0, 2.0], [1.0, 4.0]]
    assert layers["bounds"] == [[0.0, 0.0], [1.0, 4.0]]
    ward = layers["wards"]["features"][0]["properties"]
    assert ward["sector"] == "A" and ward["sector_name"] == "Alpha"
    assert alpha.contains(
        shape({"type": "Point", "coordinates": [ward["label_lon"], ward["label_lat"]]})
    )


def test_simplify_keeps_a_gapless_coverage() -> None:
    # Two wards sharing a wiggly edge: simplified together, they still meet exactly.
    edge = [(1 + 0.001 * (i % 2), i / 50) for i in range(51)]
    left = shape({"type": "Polygon", "coordinates": [[(0, 0), *edge, (0, 1), (0, 0)]]})
    right = shape(
        {
            "type": "Polygon",
            "coordinates": [[(2, 0), (2, 1), *reversed(edge), (2, 0)]],
        }
    )
    simple = mapfig.simplify_wards({"l": left, "r": right}, tolerance=0.01)
    assert len(simple["l"].exterior.coords) < len(left.exterior.coords)
    assert simple["l"].intersection(simple["r"]).area == pytest.approx(0, abs=1e-12)
    assert simple["l"].union(simple["r"]).area == pytest.approx(2.0, rel=1e-3)


def test_class_breaks_are_quantiles_rounded_and_cover_all_values() -> None:
    values = [1.04, 2, 3, 4, 5, 6, 7, 8, 9, 10.01]
    breaks = mapfig.class_breaks(values)
    assert len(breaks) == 6
    assert breaks[0] == 1.0 and breaks[-1] == 10.1
    assert breaks == sorted(breaks)
    assert all(mapfig.classify(v, breaks) is not None for v in values)


def test_class_breaks_drop_duplicate_edges_and_handle_empty() -> None:
    assert mapfig.class_breaks([]) == []
    assert mapfig.class_breaks([None, float("nan")]) == []
    assert mapfig.class_breaks([5, 5, 5]) == [5.0, 5.0]
    breaks = mapfig.class_breaks([0, 0, 0, 0, 10])
    assert len(breaks) == len(set(breaks))


def test_classify_puts_edges_in_the_upper_class_and_the_maximum_in_the_top() -> None:
    breaks = [0, 10, 20, 30]
    assert mapfig.classify(0, breaks) == 0
    assert mapfig.classify(9.99, breaks) == 0
    assert mapfig.classify(10, breaks) == 1
    assert mapfig.classify(30, breaks) == 2
    assert mapfig.classify(None, breaks) is None
    assert mapfig.classify(5, []) is None


def test_legend_rows_state_each_range_with_a_class_number() -> None:
    rows = mapfig.legend_rows([0, 10, 20])
    assert [r["class"] for r in rows] == [1, 2]
    assert rows[0]["text"] == "0.0 to under 10.0"
    assert rows[1]["text"] == "10.0 to 20.0"
    assert rows[0]["colour"] != rows[1]["colour"]


def test_join_figures_adds_values_classes_colours_and_no_data(grid) -> None:
    boundaries, mapping = grid
    layers = mapfig.boundary_layers(boundaries, mapping)
    figures = pd.DataFrame({"area_code": ["w1", "w2", "w3"], "value": [1.0, 5.0, 9.0]})
    joined = mapfig.join_figures(layers["wards"], figures, breaks=[0, 5, 10])
    props = {f["properties"]["code"]: f["properties"] for f in joined["features"]}
    assert props["w1"]["value"] == 1.0 and props["w1"]["cls"] == 1
    assert props["w2"]["cls"] == 2 and props["w2"]["value_text"] == "5.0"
    assert props["w4"]["value"] is None
    assert props["w4"]["value_text"] == "no data"
    assert props["w4"]["fill"] == mapfig.NO_DATA_COLOUR
    assert props["w1"]["fill"] != props["w3"]["fill"]
    # The input is not changed.
    assert "value" not in layers["wards"]["features"][0]["properties"]
    labels = mapfig.label_points(joined)
    assert labels["features"][1]["properties"]["text"] == "5.0"
    # Names only (a sector-level measure): every ward is still named.
    names = mapfig.label_points(joined, text_key=None)["features"]
    assert [f["properties"]["text"] for f in names] == [""] * len(names)
    assert [f["properties"]["name"] for f in names] == [
        f["properties"]["name"] for f in joined["features"]
    ]


def test_pack_locations_indexes_sectors_and_rounds() -> None:
    locations = pd.DataFrame(
        {
            "longitude": [-0.24123456],
            "latitude": [52.5712345],
            "sector_code": ["B"],
            "incidents": [7],
        }
    )
    packed = mapfig.pack_locations(locations, ["A", "B"])
    assert packed == {"sectors": ["A", "B"], "rows": [[-0.2412, 52.5712, 1, 7]]}


def months(*pairs: tuple[str, bool]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": [date.fromisoformat(f"{m}-01") for m, _ in pairs],
            "is_demo": [d for _, d in pairs],
        }
    )


def test_incident_periods_real_month_first_then_12_months_with_previous_year() -> None:
    demo = [
        (f"{y}-{mo:02d}", True)
        for y, mo in [(2023, x) for x in range(7, 13)]
        + [(2024, x) for x in range(1, 13)]
        + [(2025, x) for x in range(1, 7)]
    ]
    periods = m.incident_periods(months(("2019-08", False), *demo))
    assert periods[0].key == "2019-08" and not periods[0].is_demo
    assert periods[0].previous is None
    keys = [p.key for p in periods]
    assert keys[1:3] == ["12m-2025-06", "12m-2024-06"]
    latest = periods[1]
    assert latest.start == date(2024, 7, 1) and latest.end == date(2025, 6, 1)
    assert latest.previous == (date(2023, 7, 1), date(2024, 6, 1))
    assert periods[2].previous is None
    assert state.default_period(periods).key == "2019-08"


def test_incident_periods_open_on_the_latest_of_24_real_months() -> None:
    real = [(f"{y}-{mo:02d}", False) for y in (2024, 2025) for mo in range(1, 13)]
    periods = m.incident_periods(months(("2019-08", False), *real))
    assert not any(p.is_demo for p in periods)
    keys = [p.key for p in periods]
    assert keys[:4] == ["2025-12", "12m-2025-12", "12m-2024-12", "2025-11"]
    assert keys[-1] == "2019-08" and len(keys) == 27
    opening = state.default_period(periods)
    assert opening.key == "2025-12"
    assert opening.label == "December 2025 (real police.uk month)"
    assert opening.previous == (date(2024, 12, 1), date(2024, 12, 1))
    year = periods[1]
    assert (year.start, year.end) == (date(2025, 1, 1), date(2025, 12, 1))
    assert year.previous == (date(2024, 1, 1), date(2024, 12, 1))
    assert periods[2].previous is None


def test_choose_period_unknown_key_gives_default_and_message() -> None:
    periods = m.incident_periods(months(("2019-08", False)))
    period, message = state.choose_period(periods, "1999-01")
    assert period.key == "2019-08"
    assert "1999-01" in message


def test_choose_measure_unknown_gives_default_and_message() -> None:
    measure, message = state.choose_measure("nonsense")
    assert measure.key == m.DEFAULT_MEASURE and "nonsense" in message
    assert state.choose_measure("fly-tipping") == (m.MEASURES["fly-tipping"], None)


def test_area_rates_per_1000_with_change_against_previous() -> None:
    populations = pd.DataFrame(
        {
            "area_code": ["w1", "w2"],
            "area_name": ["One", "Two"],
            "area_kind": ["ward", "ward"],
            "population": [2000, 4000],
        }
    )
    now = pd.DataFrame({"area_code": ["w1", "w1"], "incidents": [3, 7]})
    before = pd.DataFrame({"area_code": ["w1"], "incidents": [5]})
    rates = m.area_rates(now, populations, previous=before, per_1000=True)
    one = rates.set_index("area_code").loc["w1"]
    assert one.incidents == 10 and one.value == pytest.approx(5.0)
    assert one.change == pytest.approx(2.5) and one.change_pct == pytest.approx(100)
    two = rates.set_index("area_code").loc["w2"]
    assert two.incidents == 0 and pd.isna(two.change_pct)


def test_top_categories_ranks_and_shares() -> None:
    counts = pd.DataFrame({"category": ["b", "a", "b", "c"], "incidents": [2, 3, 2, 1]})
    top = m.top_categories(counts, limit=2)
    assert list(top.category) == ["b", "a"]
    assert top.share.iloc[0] == pytest.approx(50)


def test_change_text_and_summary_sentence() -> None:
    assert m.change_text(None, None, "per 1,000", 1) == "not available"
    assert m.change_text(0.01, 1, "per 1,000", 1) == "no change"
    assert m.change_text(-2.0, -10, "per 1,000", 1) == "down 2.0 per 1,000 (-10%)"
    wards = pd.DataFrame({"area_name": ["A", "B"], "value": [1.0, 9.0]})
    sentence = m.summary_sentence(
        wards, measure_label="Crime", unit="per 1,000", decimals=1, city="City."
    )
    assert sentence.startswith("Crime: highest in B (9.0 per 1,000), lowest in A")
