"""A working table drawn as one piece of escaped HTML: the KPI table and the risk
register, the tables a page shows as it opens.

Why not the data grid: the grid library and its grid module (2.2 MB) and the grid's
creation, cell by cell with a layout measure for every wrapped cell, cost those pages
about a second of the browser's time before anything else was drawn; as Dash
components a 33-row table is 400 components, half a second more. As one HTML string
inside one component (``dashboard.components.html_table``) the browser draws it at once (the data sources page draws
its 40 rows this way).

What the table keeps from the grid, without it:

- **sorting**: each sortable heading is a button (Enter or Space, or a click), and
  the heading says how it is sorted (``aria-sort``); ascending, descending, then the
  table's own order. The page keeps the sort in a Store the buttons write to
  (``assets/12-html-tables.js``), and sorts on the server (``sort_rows``);
- **opening a row**: the row's first cell is a link that reproduces the view with the
  row chosen (a new tab, a bookmark or a shared link opens it); a plain click, Enter
  on it included, writes the row's id to the page's Store instead of loading the
  page again;
- **the CSV**: the server writes it from the same rows (``dashboard.ui.export.csv_text``).

Every value goes through ``html.escape``; no request value is written unescaped.
"""

from __future__ import annotations

import html as escaping
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Any

ASCENDING = "ascending"
DESCENDING = "descending"
MAX_SORT_CHARS = 60


@dataclass(frozen=True)
class Column:
    """A column: the row field it shows, its heading, how it reads and sorts.

    ``number``: right-aligned, shown en-GB with up to two decimals (exactly
    ``decimals`` when given), ``missing`` ('—') if empty.
    ``sort_key``: what the column sorts by (default: the value it shows; empty
    values always last). ``css``: a class for the cell from its row (a status
    colour beside the status's words and symbol, never instead of them)."""

    field: str
    header: str
    number: bool = False
    sortable: bool = True
    sort_key: Callable[[dict], Any] | None = None
    css: Callable[[dict], str] | None = None
    tooltip: str | None = None
    min_width: int | None = None
    decimals: int | None = None
    missing: str = "—"
    suffix: str = ""  # after a number shown: '%'


def text(value: object) -> str:
    """A value as escaped text ('' for None)."""
    return "" if value is None else escaping.escape(str(value), quote=True)


def number_text(
    value: object, decimals: int | None = None, missing: str = "—", suffix: str = ""
) -> str:
    """12,345.68 (en-GB, at most two decimals; exactly ``decimals`` when given)
    then ``suffix``, or ``missing`` for no value."""
    if value is None or (isinstance(value, Real) and value != value):
        return text(missing)
    if isinstance(value, Real) and not isinstance(value, bool):
        if decimals is not None:
            shown = f"{value:,.{decimals}f}"
        elif value % 1:
            shown = f"{value:,.2f}".rstrip("0").rstrip(".")
        else:
            shown = f"{value:,.0f}"
        return shown + text(suffix)
    return text(value)


def parse_sort(value: object, columns: Sequence[Column]) -> tuple[str, bool] | None:
    """'-field' or 'field' (a sortable column's field) as (field, descending);
    anything else as no sort."""
    if not isinstance(value, str) or not value or len(value) > MAX_SORT_CHARS:
        return None
    descending = value.startswith("-")
    field = value[1:] if descending else value
    if any(column.field == field and column.sortable for column in columns):
        return field, descending
    return None


def sort_rows(rows: list[dict], columns: Sequence[Column], sort: object) -> list[dict]:
    """``rows`` sorted as ``sort`` says (see ``parse_sort``), stable, rows with no
    value last in either direction; unsorted if ``sort`` names no sortable column."""
    parsed = parse_sort(sort, columns)
    if parsed is None:
        return list(rows)
    field, descending = parsed
    column = next(column for column in columns if column.field == field)
    key = column.sort_key or (lambda row: row.get(field))

    def sortable(row: dict) -> Any:
        value = key(row)
        return value.casefold() if isinstance(value, str) else value

    keyed = [(sortable(row), row) for row in rows]
    present = [pair for pair in keyed if pair[0] not in (None, "")]
    empty = [row for value, row in keyed if value in (None, "")]
    ordered = sorted(present, key=lambda pair: pair[0], reverse=descending)
    return [row for _value, row in ordered] + empty


def _heading(column: Column, parsed: tuple[str, bool] | None) -> str:
    width = f' style="min-width:{column.min_width}px"' if column.min_width else ""
    tip = f' title="{text(column.tooltip)}"' if column.tooltip else ""
    align = " text-end" if column.number else ""
    if not column.sortable:
        return f'<th scope="col" class="pes-th{align}"{width}{tip}>{text(column.header)}</th>'
    state = "none"
    arrow = ""
    if parsed and parsed[0] == column.field:
        state = DESCENDING if parsed[1] else ASCENDING
        arrow = " ▼" if parsed[1] else " ▲"
    return (
        f'<th scope="col" class="pes-th{align}" aria-sort="{state}"{width}{tip}>'
        f'<button type="button" class="pes-sort" data-pes-sort="{text(column.field)}">'
        f'{text(column.header)}<span aria-hidden="true">{arrow}</span></button></th>'
    )


def _cell(column: Column, row: dict) -> tuple[str, str]:
    """A cell's escaped content and its class attribute."""
    value = row.get(column.field)
    if column.number:
        shown = number_text(value, column.decimals, column.missing, column.suffix)
    else:
        shown = text(value)
    classes = ["text-end"] if column.number else []
    if column.css:
        classes.append(column.css(row))
    names = " ".join(name for name in classes if name)
    return shown, f' class="{text(names)}"' if names else ""


def table_html(
    rows: Sequence[dict],
    columns: Sequence[Column],
    *,
    table_id: str,
    caption: str,
    sort: object = None,
    sort_store: str | None = None,
    pick_store: str | None = None,
    link: Callable[[dict], str] | None = None,
    row_id: str = "id",
    chosen: str | None = None,
) -> str:
    """The table as one escaped HTML string. The first column heads its row; with
    ``link`` (a row's address) it is a link that writes the row's ``row_id`` value
    to ``pick_store`` when clicked. ``sort_store`` is where the sort buttons write;
    ``chosen`` marks its row as the current one."""
    parsed = parse_sort(sort, columns)
    head = "".join(_heading(column, parsed) for column in columns)
    body = []
    for row in rows:
        key = row.get(row_id)
        current = ' aria-current="true"' if chosen and key == chosen else ""
        shown, css = _cell(columns[0], row)
        if link is not None:
            shown = (
                f'<a href="{text(link(row))}" data-pes-pick="{text(key)}">{shown}</a>'
            )
        cells = [f'<th scope="row"{css}>{shown}</th>']
        for column in columns[1:]:
            content, cell_css = _cell(column, row)
            cells.append(f"<td{cell_css}>{content}</td>")
        body.append(f'<tr data-row-id="{text(key)}"{current}>{"".join(cells)}</tr>')
    stores = "".join(
        f' data-{name}="{text(value)}"'
        for name, value in (("sort-store", sort_store), ("pick-store", pick_store))
        if value
    )
    return (
        f'<table id="{text(table_id)}" class="pes-html-table table table-hover"'
        f' data-sort="{text(sort or "")}"{stores}>'
        f'<caption class="visually-hidden">{text(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
