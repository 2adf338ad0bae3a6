"""Import recorded crime by CSP and population estimates into the live database.

``ons-csp`` takes either format, told by its contents:

* the ONS "Recorded crime data by Community Safety Partnership area" tables as
  published up to 2024: a workbook (xlsx) or one table saved as CSV. Sheets are
  found by what they hold, not by their names, which change between releases:
  a counts table has a 'Police Force Area code' header row and a title naming
  'year ending <Month> <Year>'; a title with 'rate' or 'per 1,000' marks a rates
  table, which is used to check the counts of the same period against the
  population table; '% change' tables, lists of authorities (no 'code' header) and
  force-level tables are skipped. Every counts table of a workbook is loaded, one
  dataset per period (the "Police force area data tables" hold two years: C2 and
  C5); two counts tables for the same period stop the import with their names
  (choose one with --sheet). A workbook with no counts table is refused in one
  sentence naming it.
* the Home Office "Police recorded crime and outcomes open data tables" at CSP
  level: one row per financial quarter, CSP and offence code with the number of
  offences. Each row's offence code goes to an ONS offence group through the
  Home Office offence subgroup given on the same row (fraud is left out, as in
  the ONS tables); rolling 12-month counts are summed for every quarter end
  with four quarters in the file. Rates come from these counts and the
  population table, as for every other period.

Importing a period replaces that period's counts. Real counts replace the demo
crime history, so the DEMO flag leaves the crime pages.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, delete, select

from data_access import schema
from data_access.load.importing import (
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    ImportFailure,
    ImportSummary,
    Rejections,
    RowError,
    checked_file,
    decode_utf8,
    drop_datasets,
    live_transaction,
    now,
    record_dataset,
    refresh_row_counts,
    row_message,
)
from data_access.load.ons_crime import (
    CrimeTable,
    CrimeTableError,
    check_force_totals,
    find_title,
    parse_crime_rows,
    period_end_from_title,
)
from data_access.load.writer import DatasetInfo
from domain.offences import LEAF_OFFENCE_CODES, OFFENCE_GROUPS
from domain.population import population_year

OGL = "Open Government Licence v3.0"
DEMO_CRIME = ("demo_crime_history",)
# Authorities, England and Wales, the countries and the English regions.
POPULATION_CODES = (
    "E06",
    "E07",
    "E08",
    "E09",
    "W06",
    "K04",
    "E92",
    "W92",
    "E12",
)
# Blank, or a suppression marker such as [x], [z], [c] or [u1]: no rate given.
_MARKER = re.compile(r"|\[[a-z]\d*\]", re.IGNORECASE)

# Home Office offence subgroups (open data tables) -> ONS offence group.
HO_SUBGROUPS: dict[str, str | None] = {
    "homicide": "homicide",
    "death or serious injury unlawful driving": "death_or_serious_injury_illegal_driving",
    "death or serious injury caused by illegal driving": (
        "death_or_serious_injury_illegal_driving"
    ),
    "violence with injury": "violence_with_injury",
    "violence without injury": "violence_without_injury",
    "stalking and harassment": "stalking_and_harassment",
    "rape": "sexual_offences",
    "rape offences": "sexual_offences",
    "other sexual offences": "sexual_offences",
    "robbery of business property": "robbery",
    "robbery of personal property": "robbery",
    "residential burglary": "residential_burglary",
    "domestic burglary": "residential_burglary",
    "non residential burglary": "non_residential_burglary",
    "non domestic burglary": "non_residential_burglary",
    "vehicle offences": "vehicle_offences",
    "theft from the person": "theft_from_the_person",
    "bicycle theft": "bicycle_theft",
    "shoplifting": "shoplifting",
    "other theft offences": "all_other_theft_offences",
    "all other theft offences": "all_other_theft_offences",
    "criminal damage": "criminal_damage_and_arson",
    "arson": "criminal_damage_and_arson",
    "trafficking of drugs": "drug_offences",
    "possession of drugs": "drug_offences",
    "possession of weapons offences": "possession_of_weapons_offences",
    "public order offences": "public_order_offences",
    "miscellaneous crimes against society": "miscellaneous_crimes_against_society",
    # Fraud is not in the ONS CSP tables' totals: counted, then left out.
    "fraud": None,
    "fraud offences": None,
    "computer misuse": None,
}
HO_COLUMNS = {
    "financial year": "financial_year",
    "financial quarter": "financial_quarter",
    "force name": "force_name",
    "csp name": "csp_name",
    "csp code": "csp_code",
    "offence description": "offence_description",
    "offence group": "offence_group",
    "offence subgroup": "offence_subgroup",
    "offence code": "offence_code",
    "number of offences": "count",
}
HO_REQUIRED = (
    "financial_year",
    "financial_quarter",
    "csp_name",
    "offence_code",
    "offence_subgroup",
    "count",
)


def _norm(text: object) -> str:
    return re.sub(
        r"[^a-z0-9]+", " ", str(text or "").lower().replace("&", "and")
    ).strip()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ------------------------------------------------------------------ spreadsheets


def read_tables(path: Path) -> dict[str, list[list[str]]]:
    """Sheet name -> rows of text cells, for a workbook; {file name: rows} for a CSV."""
    checked_file(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise ImportFailure(
                f"{path.name}: not a readable xlsx workbook ({error.__class__.__name__}); "
                "expected an Excel workbook as published: download it again, or save "
                "it from Excel as .xlsx"
            ) from None
        try:
            return {sheet.title: _sheet_rows(path, sheet) for sheet in book.worksheets}
        finally:
            book.close()
    if path.suffix.lower() == ".xls":
        return _read_xls(path)
    if path.suffix.lower() == ".ods":
        raise ImportFailure(
            f"{path.name}: {path.suffix} files are not read; expected .xlsx, .xls or "
            ".csv: open it in a spreadsheet and save it as .xlsx"
        )
    text = decode_utf8(path.name, path.read_bytes())
    try:
        return {path.name: list(csv.reader(io.StringIO(text, newline="")))}
    except csv.Error as error:
        raise ImportFailure(f"{path.name}: not valid CSV ({error})") from None


def _sheet_rows(path: Path, sheet: object) -> list[list[str]]:
    """A worksheet's cells as text, read as they are stored: a sheet that declares
    a vast range (A1:XFD1048576 in a 5 kB file) is not padded out to it, and rows
    or columns beyond the bounds are refused in one sentence."""
    sheet.reset_dimensions()  # type: ignore[attr-defined]
    rows: list[list[str]] = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        if number > MAX_SHEET_ROWS:
            raise ImportFailure(
                f"{path.name}, sheet {sheet.title}: more than {MAX_SHEET_ROWS:,} rows; "  # type: ignore[attr-defined]
                "expected a published table"
            )
        if len(row) > MAX_SHEET_COLUMNS:
            if any(value is not None for value in row[MAX_SHEET_COLUMNS:]):
                raise ImportFailure(
                    f"{path.name}, sheet {sheet.title}, row {number}: more than "  # type: ignore[attr-defined]
                    f"{MAX_SHEET_COLUMNS} columns; expected a published table"
                )
            row = row[:MAX_SHEET_COLUMNS]
        rows.append([_cell(v) for v in row])
    # Rows as long as the widest stored row, as a sheet of declared size reads.
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows]


def _read_xls(path: Path) -> dict[str, list[list[str]]]:
    """Sheet name -> rows of text cells of an old Excel (.xls) workbook, as ONS
    published its population time series."""
    import xlrd

    try:
        book = xlrd.open_workbook(path, on_demand=True)
    except (xlrd.XLRDError, OSError, ValueError, AssertionError) as error:
        raise ImportFailure(
            f"{path.name}: not a readable .xls workbook ({error.__class__.__name__}); "
            "expected an Excel workbook as published: download it again, or save it "
            "from Excel as .xlsx"
        ) from None
    try:
        tables = {}
        for name in book.sheet_names():
            sheet = book.sheet_by_name(name)
            tables[name] = [
                [_cell(v) for v in sheet.row_values(i)] for i in range(sheet.nrows)
            ]
            book.unload_sheet(name)
        return tables
    finally:
        book.release_resources()


def _header_index(
    rows: list[list[str]], first_cell: str, *, limit: int = 40
) -> int | None:
    for i, row in enumerate(rows[:limit]):
        if row and _norm(row[0]) == _norm(first_cell):
            return i
    return None


def _ho_header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    for i, row in enumerate(rows[:20]):
        names = {_norm(c): j for j, c in enumerate(row) if _norm(c)}
        if "financial quarter" in names and "number of offences" in names:
            return i, {HO_COLUMNS[n]: j for n, j in names.items() if n in HO_COLUMNS}
    return None


@dataclass
class SheetKinds:
    """What each sheet of a file was found to be."""

    counts: list[str]
    rates: list[str]
    home_office: list[str]
    skipped: list[str]


def classify(tables: dict[str, list[list[str]]]) -> SheetKinds:
    """Sort sheets into ONS counts, ONS rates, Home Office open data and others."""
    kinds = SheetKinds([], [], [], [])
    for name, rows in tables.items():
        if _ho_header(rows) is not None:
            kinds.home_office.append(name)
            continue
        if _header_index(rows, "Police Force Area code") is None:
            kinds.skipped.append(name)
            continue
        title = find_title(rows).lower()
        if "change" in title:
            kinds.skipped.append(name)
        elif "rate" in title or "per 1,000" in title or "per 1000" in title:
            kinds.rates.append(name)
        else:
            kinds.counts.append(name)
    return kinds


# ------------------------------------------------------------------ ONS tables


def _ons_rates(rows: list[list[str]], name: str) -> dict[str, float]:
    """CSP code -> published total rate per 1,000 from a rates table."""
    index = _header_index(rows, "Police Force Area code")
    header = [_norm(c) for c in rows[index]]  # type: ignore[index]
    try:
        csp = header.index("community safety partnership code")
    except ValueError:
        raise ImportFailure(
            f"{name}, line {index + 1}: no 'Community Safety Partnership code' column"  # type: ignore[operator]
        ) from None
    total = next(
        (j for j, c in enumerate(header) if c.startswith("total recorded crime")), None
    )
    if total is None:
        raise ImportFailure(
            f"{name}: no 'Total recorded crime' column in the rates table"
        )
    rates: dict[str, float] = {}
    for line, row in enumerate(rows[index + 1 :], start=index + 2):  # type: ignore[operator]
        if len(row) <= max(csp, total) or not row[csp].strip():
            continue
        try:
            rates[row[csp].strip()] = float(row[total].replace(",", ""))
        except ValueError:
            if not _MARKER.fullmatch(row[total].strip()):
                raise ImportFailure(
                    row_message(
                        name,
                        line,
                        RowError("Total recorded crime", "a rate", row[total]),
                    )
                ) from None
    return rates


def _check_rates(
    conn: Connection, counts: pd.DataFrame, rates: dict[str, float], period_end: date
) -> str:
    """Compare published total rates with counts / population for one-LAD CSPs."""

    pop, rel = schema.population, schema.area_relation
    years = sorted({y for (y,) in conn.execute(select(pop.c.year).distinct())})
    year = population_year(period_end, years)
    links = pd.DataFrame(
        conn.execute(
            select(rel.c.child_code, rel.c.parent_code).where(
                rel.c.relation == "lad_in_csp"
            )
        ).all(),
        columns=["lad", "csp"],
    )
    single = links.groupby("csp").filter(lambda g: len(g) == 1)
    population = dict(
        conn.execute(
            select(pop.c.area_code, pop.c.population).where(pop.c.year == year)
        ).all()
    )
    totals = counts[counts.offence_code == "total"].set_index("area_code").offence_count
    differences = []
    for row in single.itertuples():
        if row.csp in rates and row.csp in totals and population.get(row.lad):
            computed = totals[row.csp] / population[row.lad] * 1000
            differences.append(abs(computed - rates[row.csp]))
    if not differences:
        return "Published rates: no CSP could be checked against the population table."
    large = sum(d > 0.5 for d in differences)
    return (
        f"Published rates checked against counts / mid-{year} population for "
        f"{len(differences)} single-authority CSPs: {large} differ by more than 0.5 per "
        f"1,000 (largest {max(differences):.1f}); the dashboard computes its own rates."
    )


def counts_sheets(
    path: Path,
    tables: dict[str, list[list[str]]],
    kinds: SheetKinds,
    sheet: str | None,
) -> list[str]:
    """The counts tables to load: the named sheet, or every counts table of the file."""
    if sheet is not None:
        if sheet not in tables:
            raise ImportFailure(
                f"{path.name}: no sheet named {sheet!r}; the sheets are: "
                + ", ".join(tables)
            )
        return [sheet]
    if not kinds.counts:
        raise ImportFailure(
            f"{path.name} holds no table of recorded crime counts by Community Safety "
            "Partnership (a sheet whose title names 'year ending <Month> <Year>' above "
            "a header row starting 'Police Force Area code'), so nothing was imported"
        )
    return list(kinds.counts)


def _period_of(rows: list[list[str]]) -> date | None:
    try:
        return period_end_from_title(find_title(rows))
    except CrimeTableError:
        return None


def _load_ons(
    conn: Connection,
    path: Path,
    tables: dict[str, list[list[str]]],
    kinds: SheetKinds,
    sheet: str | None,
    summary: ImportSummary,
) -> list[date]:
    """Load every counts table of the file (or the one named), one dataset each."""
    chosen = counts_sheets(path, tables, kinds, sheet)
    parsed = []
    for name in chosen:
        where = path.name if name == path.name else f"{path.name}, sheet '{name}'"
        try:
            parsed.append((where, parse_crime_rows(tables[name], where)))
        except CrimeTableError as error:
            raise ImportFailure(str(error)) from None
    by_period: dict[date, list[str]] = defaultdict(list)
    for name, (_, table) in zip(chosen, parsed, strict=True):
        by_period[table.period_end].append(name)
    for end, names in by_period.items():
        if len(names) > 1:
            raise ImportFailure(
                f"{path.name}: more than one sheet looks like a counts table for the "
                f"year ending {end:%B %Y}: {', '.join(names)}; choose one with "
                "--sheet NAME"
            )
    rates_by_period = {_period_of(tables[name]): name for name in kinds.rates}
    ends = []
    for where, table in parsed:
        rates_sheet = rates_by_period.get(table.period_end)
        ends.append(
            _load_ons_table(conn, path, where, table, tables, rates_sheet, summary)
        )
    return ends


def _load_ons_table(
    conn: Connection,
    path: Path,
    where: str,
    table: CrimeTable,
    tables: dict[str, list[list[str]]],
    rates_sheet: str | None,
    summary: ImportSummary,
) -> date:
    problems = check_force_totals(table)
    if problems:
        raise ImportFailure(
            f"{where}: CSP rows do not add up to the force totals: "
            + "; ".join(problems)
        )
    known = {c for (c,) in conn.execute(select(schema.area.c.area_code))}
    unknown = sorted(
        set(table.counts.loc[table.counts.area_kind == "csp", "area_code"]) - known
    )
    if unknown:
        raise ImportFailure(
            f"{where}: CSP codes not in the CSP lookup: {', '.join(unknown[:5])}; "
            "expected CSP codes of the December 2023 lookup"
        )
    end = table.period_end
    notes = [f"Counts from {where}."]
    if rates_sheet is not None:
        rates = _ons_rates(tables[rates_sheet], f"{path.name}, sheet '{rates_sheet}'")
        notes.append(_check_rates(conn, table.counts, rates, end))
    dataset_id = f"ons_crime_csp_{end:%Y_%m}"
    start = date(end.year - 1 + end.month // 12, end.month % 12 + 1, 1)
    info = DatasetInfo(
        dataset_id=dataset_id,
        publisher="Office for National Statistics",
        title=f"Police recorded crime by Community Safety Partnership, year ending {end:%B %Y}",
        source="ONS, Recorded crime data by Community Safety Partnership area (police "
        "recorded crime from the Home Office)",
        licence=OGL,
        attribution=(
            f"Source: Office for National Statistics, recorded crime data by Community "
            f"Safety Partnership area, year ending {end:%B %Y}. Contains public sector "
            "information licensed under the Open Government Licence v3.0."
        ),
        period_label=f"12 months to {end:%B %Y}",
        period_start=start,
        period_end=end,
        is_demo=False,
        description=table.title,
        notes=" ".join(notes + ["Fraud is excluded."]),
    )
    _replace_periods(conn, [end], info)
    unassigned = table.counts[table.counts.area_kind == "unassigned"].drop_duplicates(
        "area_code"
    )
    new_areas = [
        {
            "area_code": row.area_code,
            "area_name": row.area_name,
            "area_kind": "unassigned",
            "parent_code": row.pfa_code,
            "country": "Wales" if row.pfa_code.startswith("W") else "England",
            "region_name": None,
            "excluded_reason": "Not assigned to any CSP",
            "dataset_id": dataset_id,
        }
        for row in unassigned.itertuples()
        if row.area_code not in known
    ]
    if new_areas:
        conn.execute(schema.area.insert(), new_areas)
    records = [
        {
            "area_code": row.area_code,
            "pfa_code": row.pfa_code,
            "period_end": end,
            "period_months": 12,
            "offence_code": row.offence_code,
            "offence_count": int(row.offence_count),
            "is_demo": False,
            "dataset_id": dataset_id,
        }
        for row in table.counts.itertuples()
    ]
    conn.execute(schema.recorded_crime.insert(), records)
    record_dataset(
        conn,
        info,
        rows=len(records),
        loaded_at=summary_time(summary),
        source_files=[path],
    )
    summary.dataset_ids.append(dataset_id)
    summary.rows += len(records)
    summary.notes += notes[1:]
    return end


def summary_time(summary: ImportSummary):  # type: ignore[no-untyped-def]
    return summary.__dict__.setdefault("_loaded_at", now())


def _replace_periods(conn: Connection, ends: list[date], info: DatasetInfo) -> None:
    """Remove every count of these periods (demo or real) before the new ones land."""
    crime = schema.recorded_crime
    touched = [
        d
        for (d,) in conn.execute(
            select(crime.c.dataset_id).where(crime.c.period_end.in_(ends)).distinct()
        )
    ]
    conn.execute(delete(crime).where(crime.c.period_end.in_(ends)))
    record_dataset(conn, info, rows=0, loaded_at=now())
    refresh_row_counts(conn, crime, [d for d in touched if d != info.dataset_id])


# ----------------------------------------------------------- Home Office tables


def _quarter_end(year_text: str, quarter_text: str) -> date:
    match = re.fullmatch(r"(\d{4})\s*/\s*(\d{2}|\d{4})", year_text.strip())
    if not match:
        raise RowError("Financial Year", "a financial year such as 2024/25", year_text)
    start = int(match.group(1))
    quarter = quarter_text.strip().upper().removeprefix("Q")
    if quarter not in ("1", "2", "3", "4"):
        raise RowError("Financial Quarter", "a quarter 1, 2, 3 or 4", quarter_text)
    return {
        "1": date(start, 6, 30),
        "2": date(start, 9, 30),
        "3": date(start, 12, 31),
        "4": date(start + 1, 3, 31),
    }[quarter]


def _previous_quarter_end(end: date) -> date:
    month = end.month - 3
    year = end.year
    if month <= 0:
        month += 12
        year -= 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(next_month.toordinal() - 1)


def _load_home_office(
    conn: Connection,
    path: Path,
    tables: dict[str, list[list[str]]],
    sheets: list[str],
    rejections: Rejections,
    summary: ImportSummary,
) -> list[date]:
    area = schema.area
    csps = conn.execute(
        select(area.c.area_code, area.c.area_name, area.c.parent_code).where(
            area.c.area_kind == "csp"
        )
    ).all()
    by_name = {_norm(name): code for code, name, _ in csps}
    pfa_of = {code: pfa for code, _, pfa in csps}
    quarterly: dict[tuple[str, str, date], int] = defaultdict(int)
    fraud = 0
    codes_seen: dict[str, str] = {}
    for sheet in sheets:
        rows = tables[sheet]
        where = path.name if sheet == path.name else f"{path.name}, sheet '{sheet}'"
        header_line, columns = _ho_header(rows)  # type: ignore[misc]
        missing = [c for c in HO_REQUIRED if c not in columns]
        if "csp_code" in columns and "csp_name" in missing:
            missing.remove("csp_name")
        if missing:
            names = {v: k for k, v in HO_COLUMNS.items()}
            raise ImportFailure(
                f"{where}, line {header_line + 1}: missing column(s) "
                + ", ".join(f"'{names[m].title()}'" for m in missing)
                + ". Expected the Home Office open data columns: Financial Year, "
                "Financial Quarter, CSP Name, Offence Code, Offence Subgroup, Number of "
                "Offences"
            )
        width = max(columns.values()) + 1
        for line, row in enumerate(rows[header_line + 1 :], start=header_line + 2):
            if not any(c.strip() for c in row):
                continue
            if len(row) < width:
                rejections.reject(
                    where,
                    line,
                    f"the row has {len(row)} fields where {width} are needed: the row "
                    "looks cut short",
                )
                continue
            try:
                end = _quarter_end(
                    row[columns["financial_year"]], row[columns["financial_quarter"]]
                )
                if "csp_code" in columns and row[columns["csp_code"]].strip():
                    csp = row[columns["csp_code"]].strip()
                    if csp not in pfa_of:
                        raise RowError("CSP Code", "a CSP code of the lookup", csp)
                else:
                    name = row[columns["csp_name"]]
                    csp = by_name.get(_norm(name), "")
                    if not csp:
                        raise RowError(
                            "CSP Name", "a CSP name of the December 2023 lookup", name
                        )
                subgroup = _norm(row[columns["offence_subgroup"]])
                if subgroup not in HO_SUBGROUPS:
                    raise RowError(
                        "Offence Subgroup",
                        "a Home Office offence subgroup such as 'Violence with injury'",
                        row[columns["offence_subgroup"]],
                    )
                code = row[columns["offence_code"]].strip()
                if not code:
                    raise RowError("Offence Code", "an offence code such as 8N", code)
                if codes_seen.setdefault(code, subgroup) != subgroup:
                    raise RowError(
                        "Offence Subgroup",
                        f"the subgroup given for offence code {code} on earlier rows "
                        f"({codes_seen[code]!r})",
                        row[columns["offence_subgroup"]],
                    )
                raw = row[columns["count"]].replace(",", "").strip()
                if not raw.lstrip("-").isdigit() or int(raw) < 0:
                    raise RowError(
                        "Number of Offences", "a whole number, 0 or more", raw
                    )
            except RowError as error:
                rejections.reject(where, line, error)
                continue
            group = HO_SUBGROUPS[subgroup]
            if group is None:
                fraud += int(raw)
                continue
            quarterly[(csp, group, end)] += int(raw)
    if not quarterly:
        raise ImportFailure(f"{path.name}: no valid offence rows to load")
    quarters = sorted({end for _, _, end in quarterly})
    present = set(quarters)
    ends = [
        end
        for end in quarters
        if all(
            q in present
            for q in (
                end,
                _previous_quarter_end(end),
                _previous_quarter_end(_previous_quarter_end(end)),
                _previous_quarter_end(
                    _previous_quarter_end(_previous_quarter_end(end))
                ),
            )
        )
    ]
    if not ends:
        raise ImportFailure(
            f"{path.name}: the file holds the quarters ending "
            + ", ".join(f"{q:%B %Y}" for q in quarters)
            + "; expected at least four consecutive quarters to make a 12-month count"
        )
    frame = (
        pd.Series(quarterly).rename_axis(["csp", "group", "end"]).reset_index(name="n")
    )
    records = []
    all_csps = sorted(pfa_of)
    for end in ends:
        window = {end}
        q = end
        for _ in range(3):
            q = _previous_quarter_end(q)
            window.add(q)
        sums = frame[frame.end.isin(window)].groupby(["csp", "group"]).n.sum()
        for csp in all_csps:
            leaves = {g: int(sums.get((csp, g), 0)) for g in LEAF_OFFENCE_CODES}
            values = _roll_up(leaves)
            records += [
                {
                    "area_code": csp,
                    "pfa_code": pfa_of[csp],
                    "period_end": end,
                    "period_months": 12,
                    "offence_code": code,
                    "offence_count": value,
                    "is_demo": False,
                }
                for code, value in values.items()
            ]
    first, last = ends[0], ends[-1]
    dataset_id = f"ho_prc_csp_{first:%Y_%m}_to_{last:%Y_%m}"
    info = DatasetInfo(
        dataset_id=dataset_id,
        publisher="Home Office",
        title="Police recorded crime by CSP, rolling 12 months from Home Office open data "
        f"({first:%B %Y} to {last:%B %Y})",
        source="Home Office, Police recorded crime and outcomes open data tables, "
        "Community Safety Partnership level (quarterly counts by offence code)",
        licence=OGL,
        attribution=(
            "Source: Home Office, police recorded crime open data tables. Contains public "
            "sector information licensed under the Open Government Licence v3.0."
        ),
        period_label=f"12 months to {first:%B %Y} to 12 months to {last:%B %Y}, quarterly",
        period_start=first,
        period_end=last,
        is_demo=False,
        notes=(
            f"Quarters in the file: {quarters[0]:%B %Y} to {quarters[-1]:%B %Y}. Each "
            "12-month count is the sum of four quarters. Offence codes are grouped by the "
            "Home Office offence subgroup on the same row into the ONS offence groups. "
            f"Fraud and computer misuse left out: {fraud:,} offences. CSPs with no rows "
            "count 0. Rates use the population table."
        ),
    )
    _replace_periods(conn, ends, info)
    for record in records:
        record["dataset_id"] = dataset_id
    conn.execute(schema.recorded_crime.insert(), records)
    record_dataset(
        conn,
        info,
        rows=len(records),
        loaded_at=summary_time(summary),
        source_files=[path],
    )
    summary.dataset_ids.append(dataset_id)
    summary.rows += len(records)
    summary.notes.append(
        f"{len(ends)} rolling 12-month periods from {len(quarters)} quarters; "
        f"{fraud:,} fraud offences left out"
    )
    return ends


def _roll_up(leaves: dict[str, int]) -> dict[str, int]:
    """Counts of every ONS group from its leaf groups."""
    values = dict(leaves)
    for group in reversed(OFFENCE_GROUPS):
        if group.code not in values:
            values[group.code] = sum(
                values.get(child.code, 0)
                for child in OFFENCE_GROUPS
                if child.parent == group.code
            )
    return {group.code: values[group.code] for group in OFFENCE_GROUPS}


def import_ons_csp(
    url: str,
    paths: list[Path],
    *,
    sheet: str | None = None,
    skip_invalid: bool = False,
) -> ImportSummary:
    """Import ONS CSP tables or Home Office open data tables (one transaction)."""
    summary = ImportSummary("ons-csp")
    rejections = Rejections(skip_invalid)
    parsed = [(path, read_tables(path)) for path in paths]
    with live_transaction(url) as conn:
        for path, tables in parsed:
            kinds = classify(tables)
            if kinds.home_office and sheet is None:
                _load_home_office(
                    conn, path, tables, kinds.home_office, rejections, summary
                )
            else:
                _load_ons(conn, path, tables, kinds, sheet, summary)
        dropped = drop_datasets(conn, DEMO_CRIME, [schema.recorded_crime])
    if dropped:
        summary.notes.append("replaced the demo data: " + ", ".join(dropped))
    summary.rejected = rejections.messages
    return summary


# ------------------------------------------------------------------- population


def _mid_columns(header_row: list[str]) -> dict[int, int]:
    """Year -> column of each 'Mid-YYYY' header (' Mid-2006' too)."""
    return {
        int(m.group(1)): j
        for j, c in enumerate(header_row)
        if (m := re.fullmatch(r"mid (\d{4})", _norm(c)))
    }


def _population_values(
    rows: list[list[str]],
    index: int,
    code_col: int,
    value_col: int,
    where: str,
    rejections: Rejections,
) -> dict[str, int]:
    """Area code -> population from one column, below the header at ``index``."""
    values: dict[str, int] = {}
    for line, row in enumerate(rows[index + 1 :], start=index + 2):
        if len(row) <= max(code_col, value_col):
            if any(c.strip() for c in row):
                rejections.reject(where, line, "the row looks cut short")
            continue
        code = row[code_col].strip()
        if code[:3] not in POPULATION_CODES:
            continue
        raw = row[value_col].replace(",", "").strip()
        if not raw.isdigit():
            rejections.reject(
                where, line, RowError(rows[index][value_col], "a whole number", raw)
            )
            continue
        if code in values:
            rejections.reject(
                where,
                line,
                f"column '{rows[index][code_col]}': {code} appears twice",
            )
            continue
        values[code] = int(raw)
    if not values:
        raise ImportFailure(f"{where}: no local authority rows (codes E06-E09, W06)")
    return values


def read_population(
    path: Path,
    *,
    year: int | None = None,
    sheet: str | None = None,
    rejections: Rejections,
) -> list[tuple[Path, int, dict[str, int]]]:
    """(path, mid-year, area code -> population) for each year a file holds: one
    year of a single-year table, every year of a time series (such as MYE4,
    mid-2001 to mid-2020) unless ``year`` names one."""
    found_loads: list[tuple[Path, int, dict[str, int]]] = []
    tables = read_tables(path)
    found = []
    for name, rows in tables.items():
        for i, row in enumerate(rows[:30]):
            names = [_norm(c) for c in row]
            if "code" in names or "area code" in names:
                found.append((name, i))
                break
    if sheet is not None:
        found = [f for f in found if f[0] == sheet]
    if not found:
        raise ImportFailure(
            f"{path.name}: no table with a 'Code' column in the sheets "
            f"{', '.join(tables)}; expected the ONS mid-year estimates by local "
            "authority (columns Code, Name, Geography and All ages or Mid-YYYY)"
        )
    if len(found) > 1:
        # A workbook of several tables (MYE1 to MYE6): the one time series of
        # population estimates (Mid-2020 ... Mid-2001 columns, a title naming
        # population estimates; MYE6 has the same columns for median ages).
        series = [
            (name, i)
            for name, i in found
            if len(_mid_columns(tables[name][i])) > 1
            and "population estimates"
            in _norm(" ".join(" ".join(row) for row in tables[name][:i]))
        ]
        found = series if len(series) == 1 else found
    if len(found) > 1:
        raise ImportFailure(
            f"{path.name}: several sheets have a 'Code' column: "
            f"{', '.join(f[0] for f in found)}; choose one with --sheet NAME"
        )
    name, index = found[0]
    rows = tables[name]
    where = path.name if name == path.name else f"{path.name}, sheet '{name}'"
    header = [_norm(c) for c in rows[index]]
    code_col = header.index("code") if "code" in header else header.index("area code")
    mid_columns = _mid_columns(rows[index])
    the_year = year
    if mid_columns:
        if the_year is not None and the_year not in mid_columns:
            raise ImportFailure(
                f"{where}, line {index + 1}: no 'Mid-{the_year}' column; the columns "
                f"are for {', '.join(str(y) for y in sorted(mid_columns))}"
            )
        # Every year of a time series in one command, unless --year names one.
        for each in [the_year] if the_year is not None else sorted(mid_columns):
            found_loads.append(
                (
                    path,
                    each,
                    _population_values(
                        rows, index, code_col, mid_columns[each], where, rejections
                    ),
                )
            )
        return found_loads
    value_col = next(
        (header.index(c) for c in ("all ages", "population", "persons") if c in header),
        None,
    )
    if value_col is None:
        raise ImportFailure(
            f"{where}, line {index + 1}: no population column; expected 'All "
            "ages', 'Population' or 'Mid-YYYY'"
        )
    if the_year is None:
        text = " ".join(" ".join(r) for r in rows[:index]) + " " + path.name
        years = set(re.findall(r"mid[-_ ]?(\d{4})", text, re.IGNORECASE))
        if len(years) != 1:
            raise ImportFailure(
                f"{where}: cannot tell which mid-year the figures are for (the "
                "title and file name do not name one year); give it with --year"
            )
        the_year = int(years.pop())
    values = _population_values(rows, index, code_col, value_col, where, rejections)
    found_loads.append((path, the_year, values))
    return found_loads


def import_population(
    url: str,
    paths: list[Path],
    *,
    year: int | None = None,
    sheet: str | None = None,
    skip_invalid: bool = False,
) -> ImportSummary:
    """ONS mid-year estimates by local authority: replaces those years' figures."""
    summary = ImportSummary("population")
    rejections = Rejections(skip_invalid)
    loads = [
        load
        for path in paths
        for load in read_population(path, year=year, sheet=sheet, rejections=rejections)
    ]
    with live_transaction(url) as conn:
        pop = schema.population
        for path, the_year, values in loads:
            dataset_id = f"ons_population_mid{the_year}"
            conn.execute(
                delete(pop).where(
                    pop.c.year == the_year, pop.c.area_code.in_(list(values))
                )
            )
            info = DatasetInfo(
                dataset_id=dataset_id,
                publisher="Office for National Statistics",
                title=f"Population estimates by local authority, mid-{the_year}",
                source="ONS mid-year population estimates by local authority, all ages",
                licence=OGL,
                attribution=(
                    f"Source: Office for National Statistics, mid-{the_year} population "
                    "estimates, licensed under the Open Government Licence v3.0."
                ),
                period_label=f"30 June {the_year}",
                period_end=date(the_year, 6, 30),
                is_demo=False,
            )
            record_dataset(conn, info, rows=0, loaded_at=now(), source_files=[path])
            conn.execute(
                pop.insert(),
                [
                    {
                        "area_code": code,
                        "year": the_year,
                        "population": value,
                        "source": f"ONS mid-{the_year} population estimates",
                        "dataset_id": dataset_id,
                    }
                    for code, value in values.items()
                ],
            )
            refresh_row_counts(conn, pop, [dataset_id])
            summary.dataset_ids.append(dataset_id)
            summary.rows += len(values)
    summary.rejected = rejections.messages
    return summary
