"""The working tables drawn as escaped HTML: headings that sort and say so, row
links that reproduce the view, nothing written unescaped."""

from __future__ import annotations

import numpy as np

from dashboard.ui.html_table import (
    Column,
    number_text,
    parse_sort,
    sort_rows,
    table_html,
)

COLUMNS = [
    Column("name", "Name"),
    Column("value", "Value", number=True),
    Column(
        "status", "Status", sort_key=lambda row: {"red": 0, "green": 1}[row["status"]]
    ),
    Column("trend", "Trend", sortable=False),
]
ROWS = [
    {"key": "b", "name": "beta", "value": 2.5, "status": "green", "trend": "▁▂"},
    {"key": "a", "name": "Alpha", "value": None, "status": "red", "trend": "▂▁"},
    {"key": "c", "name": "gamma", "value": 1200, "status": "red", "trend": ""},
]


def test_sort_rows_by_text_number_and_key_with_empty_values_last() -> None:
    assert [r["key"] for r in sort_rows(ROWS, COLUMNS, "name")] == ["a", "b", "c"]
    assert [r["key"] for r in sort_rows(ROWS, COLUMNS, "-name")] == ["c", "b", "a"]
    assert [r["key"] for r in sort_rows(ROWS, COLUMNS, "value")] == ["b", "c", "a"]
    assert [r["key"] for r in sort_rows(ROWS, COLUMNS, "-value")] == ["c", "b", "a"]
    # Stable: the two red rows keep the table's own order.
    assert [r["key"] for r in sort_rows(ROWS, COLUMNS, "status")] == ["a", "c", "b"]


def test_an_unknown_or_unsortable_sort_leaves_the_table_order() -> None:
    for sort in (None, "", "trend", "-trend", "nope", "x" * 500, 5, {"a": 1}):
        assert parse_sort(sort, COLUMNS) is None
        assert sort_rows(ROWS, COLUMNS, sort) == ROWS
    assert parse_sort("-value", COLUMNS) == ("value", True)


def test_headings_are_sort_buttons_that_say_how_the_table_is_sorted() -> None:
    page = table_html(
        ROWS, COLUMNS, table_id="t", caption="Things", sort="-value", sort_store="s"
    )
    assert 'data-sort="-value"' in page and 'data-sort-store="s"' in page
    assert (
        '<th scope="col" class="pes-th text-end" aria-sort="descending">'
        '<button type="button" class="pes-sort" data-pes-sort="value">Value'
    ) in page
    assert (
        'aria-sort="none"><button type="button" class="pes-sort" data-pes-sort="name"'
        in page
    )
    # The unsortable column has no button and no aria-sort.
    assert '<th scope="col" class="pes-th">Trend</th>' in page
    assert "<caption" in page and "Things</caption>" in page


def test_the_first_cell_heads_its_row_and_links_to_the_view_with_the_row_open() -> None:
    page = table_html(
        ROWS,
        COLUMNS,
        table_id="t",
        caption="Things",
        pick_store="p",
        link=lambda row: f"/things?open={row['key']}&x=1",
        row_id="key",
        chosen="a",
    )
    assert (
        '<tr data-row-id="b"><th scope="row"><a href="/things?open=b&amp;x=1" '
        'data-pes-pick="b">beta</a></th>'
    ) in page
    assert '<tr data-row-id="a" aria-current="true">' in page
    assert page.count("aria-current") == 1
    assert 'data-pick-store="p"' in page


def test_every_value_is_escaped() -> None:
    nasty = '<script>alert("x")</script>'
    rows = [
        {"key": nasty, "name": nasty, "value": nasty, "status": "red", "trend": nasty}
    ]
    page = table_html(
        rows,
        [Column(nasty, nasty, tooltip=nasty), *COLUMNS],
        table_id=nasty,
        caption=nasty,
        sort=nasty,
        link=lambda row: nasty,
        row_id="key",
    )
    assert "<script>" not in page
    assert page.count("&lt;script&gt;") >= 6


def test_numbers_read_en_gb_with_at_most_two_decimals() -> None:
    assert number_text(1234567) == "1,234,567"
    assert number_text(1560.0) == "1,560"
    assert number_text(71.346) == "71.35"
    assert number_text(2.001) == "2"
    assert number_text(2.5) == "2.5"
    assert number_text(-0.25) == "-0.25"
    assert number_text(None) == "—"
    assert number_text(float("nan")) == "—"
    assert number_text(12.0, 1) == "12.0" and number_text(1234.567, 0) == "1,235"
    assert number_text(None, 1, "no data") == "no data"
    assert number_text(32.04, 1, suffix="%") == "32.0%"
    assert number_text(None, 1, suffix="%") == "—"
    # numpy's numbers read as Python's do
    assert number_text(np.int64(1234)) == "1,234"
    assert number_text(np.float64("nan")) == "—"
