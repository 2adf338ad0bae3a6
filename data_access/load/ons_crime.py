"""Parse the ONS "recorded crime by Community Safety Partnership area" table (Table C2).

The published sheet, saved as CSV, has title rows, header cells with line breaks,
counts as text with thousands separators and a trailing space ("23,061 "), a
force-total row before each force's CSP rows, and an "Unassigned <force>" row
after them. The parser finds the header row by its cells rather than its
position, so other releases of the same table parse with the same code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from domain.offences import OFFENCE_GROUPS, offence_code_for_header


class CrimeTableError(ValueError):
    """The file is not a recorded-crime-by-CSP table this parser understands."""


_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_PERIOD = re.compile(r"year ending (\w+) (\d{4})", re.IGNORECASE)
_ID_COLUMNS = {
    "police force area code": "pfa_code",
    "police force area name": "pfa_name",
    "community safety partnership code": "csp_code",
    "community safety partnership name": "csp_name",
    "local authority code": "lad_code",
    "local authority name": "lad_name",
}


@dataclass(frozen=True)
class CrimeTable:
    """A parsed table: its period end and one row per area and offence group."""

    title: str
    period_end: date
    # columns: area_code, area_name, area_kind (csp, unassigned), pfa_code, pfa_name,
    # lad_code, lad_name, offence_code, offence_count
    counts: pd.DataFrame
    # columns: pfa_code, pfa_name, offence_code, offence_count (published force totals)
    force_totals: pd.DataFrame


def _clean(cell: str) -> str:
    return " ".join(cell.replace("\n", " ").split())


def period_end_from_title(title: str) -> date:
    """The last day of the 12 months a title like '... year ending June 2025' names."""
    match = _PERIOD.search(title)
    if not match or match.group(1).lower() not in _MONTHS:
        raise CrimeTableError(
            f"No 'year ending <Month> <Year>' in the title: {title!r}"
        )
    month = _MONTHS[match.group(1).lower()]
    year = int(match.group(2))
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(next_month.toordinal() - 1)


def parse_count(cell: str, *, where: str) -> int | None:
    """'23,061 ' -> 23061; blank or '[x]' -> None; anything else is an error."""
    text = cell.strip().replace(",", "")
    if text in ("", "[x]", "[z]", "[c]"):
        return None
    if not text.isdigit():
        raise CrimeTableError(f"{where}: expected a count, found {cell!r}")
    return int(text)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", text.upper()).strip("-")


def parse_crime_table(path: Path) -> CrimeTable:
    """Read a Table C2 CSV as published; raise CrimeTableError naming what is wrong."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return parse_crime_rows(rows, path.name)


def find_title(rows: list[list[str]], *, limit: int = 40) -> str:
    """The first cell in the top rows that names a 'year ending' period."""
    for row in rows[:limit]:
        for cell in row[:3]:
            if _PERIOD.search(_clean(cell)):
                return _clean(cell)
    return _clean(rows[0][0]) if rows and rows[0] else ""


def parse_crime_rows(rows: list[list[str]], name: str) -> CrimeTable:
    """Parse the cells of a counts table (a CSV or a workbook sheet) named ``name``."""
    path = Path(name)
    if not rows:
        raise CrimeTableError(f"{path.name}: the file is empty")
    title = find_title(rows)
    period_end = period_end_from_title(title)

    header_index = next(
        (
            i
            for i, row in enumerate(rows[:40])
            if row and _clean(row[0]).lower() == "police force area code"
        ),
        None,
    )
    if header_index is None:
        raise CrimeTableError(
            f"{path.name}: no header row starting 'Police Force Area code' "
            "in the first 40 lines"
        )
    header = [_clean(cell) for cell in rows[header_index]]
    id_positions: dict[str, int] = {}
    offence_positions: dict[str, int] = {}
    for position, cell in enumerate(header):
        key = cell.lower()
        if key in _ID_COLUMNS:
            id_positions[_ID_COLUMNS[key]] = position
        elif cell:
            code = offence_code_for_header(cell)
            if code is None:
                raise CrimeTableError(
                    f"{path.name}, line {header_index + 1}: unknown column {cell!r}"
                )
            offence_positions[code] = position
    missing = set(_ID_COLUMNS.values()) - set(id_positions)
    if missing:
        raise CrimeTableError(f"{path.name}: missing columns {sorted(missing)}")
    if "total" not in offence_positions:
        raise CrimeTableError(
            f"{path.name}: no 'Total recorded crime (excluding fraud)' column"
        )

    records: list[dict[str, object]] = []
    totals: list[dict[str, object]] = []
    for line_number, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(cell.strip() for cell in row):
            continue
        row = row + [""] * (len(header) - len(row))
        ids = {name: _clean(row[pos]) for name, pos in id_positions.items()}
        if not ids["pfa_code"]:
            continue  # notes below the table
        values = {
            code: parse_count(row[pos], where=f"{path.name}, line {line_number}")
            for code, pos in offence_positions.items()
        }
        if all(value is None for value in values.values()):
            continue  # an empty row such as "unassigned Surrey"
        if not ids["csp_code"] and not ids["csp_name"]:
            totals.extend(
                {
                    "pfa_code": ids["pfa_code"],
                    "pfa_name": ids["pfa_name"],
                    "offence_code": code,
                    "offence_count": value or 0,
                }
                for code, value in values.items()
            )
            continue
        if ids["csp_code"]:
            area_code, area_kind = ids["csp_code"], "csp"
        else:
            # "Unassigned <force>" and rows such as "Manchester Airport": counted
            # nationally, in no CSP.
            area_code = f"{ids['pfa_code']}-{_slug(ids['csp_name'])}"
            area_kind = "unassigned"
        records.extend(
            {
                "area_code": area_code,
                "area_name": ids["csp_name"],
                "area_kind": area_kind,
                "pfa_code": ids["pfa_code"],
                "pfa_name": ids["pfa_name"],
                "lad_code": ids["lad_code"],
                "lad_name": ids["lad_name"],
                "offence_code": code,
                "offence_count": value or 0,
            }
            for code, value in values.items()
        )
    counts = pd.DataFrame.from_records(records)
    if counts.empty:
        raise CrimeTableError(f"{path.name}: no CSP rows under the header")
    duplicated = counts.duplicated(["area_code", "offence_code"])
    if duplicated.any():
        first = counts.loc[duplicated, "area_code"].iloc[0]
        raise CrimeTableError(f"{path.name}: area {first} appears more than once")
    expected = {group.code for group in OFFENCE_GROUPS}
    absent = expected - set(offence_positions)
    if absent:
        raise CrimeTableError(f"{path.name}: missing offence columns {sorted(absent)}")
    return CrimeTable(
        title=title,
        period_end=period_end,
        counts=counts,
        force_totals=pd.DataFrame.from_records(totals),
    )


def check_force_totals(table: CrimeTable, *, tolerance: int = 1) -> list[str]:
    """Forces whose CSP and unassigned rows differ from the published total by more."""
    summed = (
        table.counts[table.counts.offence_code == "total"]
        .groupby("pfa_code")["offence_count"]
        .sum()
    )
    published = table.force_totals[table.force_totals.offence_code == "total"]
    problems = []
    for row in published.itertuples():
        difference = int(summed.get(row.pfa_code, 0)) - int(row.offence_count)
        if abs(difference) > tolerance:
            problems.append(
                f"{row.pfa_name}: rows differ from the total by {difference}"
            )
    return problems
