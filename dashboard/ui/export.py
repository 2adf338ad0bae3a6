"""The one set of rules every CSV download follows.

- The file is named after the view and the end of the latest period it holds:
  ``pes-kpis-2025-06-30.csv``.
- Numbers are written as numbers, unrounded and without separators or units (the
  grid's cell function in assets/11-grid-functions.js); dates in date columns are
  ISO (2025-06-30), which every spreadsheet reads as a date.
- A status is written as its letter and its word in two columns (``R``, ``Red``),
  never as a symbol alone; a trend as its values, never a sparkline glyph.
- The column headers are plain field names (``latest_value``), as a program reading
  the file expects.
- Every row says what it measures, over which period, from which source, and
  whether its figures are ``real`` or ``demo`` (``data_status``), so a row copied
  out of the file still says what it is.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

# Text a spreadsheet would run as a formula (CSV or formula injection).
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")

# Every export passes each cell through assets/11-grid-functions.js: numbers stay
# numbers, and text that a spreadsheet would run as a formula (=, +, -, @ first) is
# written as text.
CSV_CELL = {"function": "pesCsvCell(params)"}
# The header of each exported column is its column id, the plain field name.
FIELD_NAME_HEADER = {"function": "params.column.getColId()"}
DATA_STATUS = "data_status"
# What every row carries, after its own columns.
PROVENANCE_FIELDS = ("measure", "period", "source", DATA_STATUS)


def file_name(view: str, period_end: date | None) -> str:
    """'pes-kpis-2025-06-30.csv': the view and the end of its latest period."""
    return (
        f"pes-{view}-{period_end.isoformat()}.csv" if period_end else f"pes-{view}.csv"
    )


def data_status(is_demo: bool) -> str:
    """'demo' or 'real', the per-row data_status value."""
    return "demo" if is_demo else "real"


def with_provenance(
    rows: Iterable[dict],
    *,
    measure: str | Sequence[str],
    period: str | Sequence[str],
    source: str | Sequence[str],
    is_demo: bool | Sequence[bool],
) -> list[dict]:
    """``rows`` with measure, period, source and data_status added to each; every
    argument is one value for all rows or one per row."""
    rows = list(rows)

    def each(value: object) -> list:
        if isinstance(value, (str, bool)):
            return [value] * len(rows)
        values = list(value)  # type: ignore[call-overload]
        if len(values) != len(rows):
            raise ValueError("one value per row, or one for all rows")
        return values

    return [
        row | {"measure": m, "period": p, "source": s, DATA_STATUS: data_status(d)}
        for row, m, p, s, d in zip(
            rows, each(measure), each(period), each(source), each(is_demo), strict=True
        )
    ]


def export_only_columns(fields: Iterable[str]) -> list[dict]:
    """Hidden grid columns that only the CSV holds (the export lists them by id)."""
    return [
        {"field": field, "colId": field, "headerName": field, "hide": True}
        for field in fields
    ]


def csv_params(name: str, columns: Sequence[str] | None = None) -> dict:
    """The grid's csvExportParams: the file name and the cell rule; with
    ``columns``, exactly those column ids in that order (hidden ones included),
    headed by their field names."""
    params: dict = {"fileName": name, "processCellCallback": CSV_CELL}
    if columns is not None:
        params |= {
            "columnKeys": list(columns),
            "processHeaderCallback": FIELD_NAME_HEADER,
        }
    return params


@dataclass(frozen=True)
class Export:
    """A grid's rows and columns with what its CSV needs: each row's provenance,
    the hidden provenance columns, the file's name and the columns it holds."""

    rows: list[dict]
    columns: list[dict]
    file_name: str
    export_columns: list[str]

    @property
    def csv(self) -> dict:
        """The grid's csvExportParams."""
        return csv_params(self.file_name, self.export_columns)


def exported(
    rows: Iterable[dict],
    columns: Sequence[dict],
    *,
    view: str,
    period_end: date | None,
    measure: str | Sequence[str],
    period: str | Sequence[str],
    source: str | Sequence[str],
    is_demo: bool | Sequence[bool],
) -> Export:
    """``rows`` and ``columns`` under these rules in one call: each row with its
    provenance (``with_provenance``), the provenance columns added hidden, and a
    CSV named after ``view`` and ``period_end`` holding the shown columns, then
    the provenance."""
    fields = [str(column.get("colId", column["field"])) for column in columns]
    clash = set(fields) & set(PROVENANCE_FIELDS)
    if clash:
        raise ValueError(f"columns named as provenance fields: {sorted(clash)}")
    return Export(
        rows=with_provenance(
            rows, measure=measure, period=period, source=source, is_demo=is_demo
        ),
        columns=[*columns, *export_only_columns(PROVENANCE_FIELDS)],
        file_name=file_name(view, period_end),
        export_columns=[*fields, *PROVENANCE_FIELDS],
    )


def csv_cell(value: object) -> object:
    """One cell of a CSV the server writes, by the grid's rule
    (``pesCsvCell`` in assets/11-grid-functions.js): a number as the number it is,
    no value as empty, text a spreadsheet would run as a formula with a leading
    apostrophe."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value).lower()
    if isinstance(value, float):
        if value != value or abs(value) == float("inf"):
            return ""
        # As a browser writes it: 190, not 190.0.
        return int(value) if value.is_integer() else value
    if isinstance(value, int):
        return value
    shown = str(value)
    return "'" + shown if _FORMULA_START.match(shown) else shown


def csv_text(
    rows: Iterable[Mapping[str, object]],
    columns: Sequence[str],
    fields: Mapping[str, str] | None = None,
) -> str:
    """The CSV of ``rows`` as the grid's export writes it: ``columns`` in order,
    each headed by its plain name and filled from the row's field of that name
    (or the field ``fields`` names for it), each cell by ``csv_cell``."""
    fields = fields or {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [csv_cell(row.get(fields.get(column, column))) for column in columns]
        )
    return out.getvalue()
