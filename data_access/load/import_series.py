"""Read the published workbooks of two annual series, as published (openpyxl):

* ``csew-force``: the ONS "Police force area data tables" (years ending March 2018
  and 2019). Table P6: Crime Survey for England and Wales, % of adults who
  experienced or witnessed anti-social behaviour in their local area, with the
  published significance flags and the unweighted base. Table P7: police recorded
  ASB incidents by force and year. Tables are found by their titles ('Table P6:',
  'Table P7:'), not by sheet names, which carry stray spaces.
* ``flytipping``: Defra's "Fly-tipping incidents and actions reported by local
  authorities in England" (sheets LA_incidents and LA_actions).

Each import replaces its dataset whole, in one transaction; a workbook without
the tables stops the import with one sentence and the database unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, delete

from data_access import schema
from data_access.load.import_crime import _norm, read_tables
from data_access.load.importing import (
    ImportFailure,
    ImportSummary,
    live_transaction,
    now,
    record_dataset,
)
from data_access.load.writer import DatasetInfo

OGL = "Open Government Licence v3.0"
CSEW_SURVEY_ID = "csew_pfa"
CSEW_DATASET = "ons_csew_pfa_asb"
ASB_DATASET = "ons_police_asb_incidents"
FLYTIPPING_DATASET = "defra_flytipping_la"
ENGLAND_AND_WALES = "K04000001"
CAMBRIDGESHIRE_PFA = "E23000023"
ASB_SERIES = "police_asb_incidents"
FLY_INCIDENTS = "flytipping_incidents"
FLY_ACTIONS = "flytipping_actions"

# Table P6's three measures: header text -> (question code, short label, text).
P6_MEASURES = {
    "any anti social behaviour": (
        "csew_asb_any",
        "Experienced or witnessed any ASB",
        "Experienced or witnessed any anti-social behaviour in the local area in "
        "the last 12 months (CSEW, adults 16+)",
    ),
    "drink related behaviour": (
        "csew_asb_drink",
        "Experienced or witnessed drink-related ASB",
        "Experienced or witnessed drink-related behaviour in the local area in the "
        "last 12 months (CSEW, adults 16+)",
    ),
    "groups hanging around on the streets": (
        "csew_asb_groups",
        "Experienced or witnessed groups hanging around",
        "Experienced or witnessed groups hanging around on the streets in the local "
        "area in the last 12 months (CSEW, adults 16+)",
    ),
}
# P7 has no area codes in every edition: the rows kept, by name.
P7_AREAS = {
    "england and wales exc btp": (ENGLAND_AND_WALES, "England and Wales"),
    "cambridgeshire": (CAMBRIDGESHIRE_PFA, "Cambridgeshire"),
}
REGION_CODES = {
    "north east": "E12000001",
    "north west": "E12000002",
    "yorkshire and the humber": "E12000003",
    "east midlands": "E12000004",
    "west midlands": "E12000005",
    "east": "E12000006",
    "eastern": "E12000006",
    "london": "E12000007",
    "south east": "E12000008",
    "south west": "E12000009",
}
REGION_NAMES = {"E12000006": "East of England"}
ENGLAND = "E92000001"


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _find_table(tables: dict[str, list[list[str]]], label: str) -> list[list[str]]:
    """The rows of the sheet whose title starts 'Table <label>:' (or empty)."""
    for rows in tables.values():
        for row in rows[:3]:
            if row and _norm(row[0]).startswith(_norm(f"Table {label}") + " "):
                return rows
    return []


# ------------------------------------------------------------------ CSEW P6/P7
@dataclass
class ForceTables:
    """One edition of the force tables: its year end, P6 results, P7 counts."""

    path: Path
    year_end: date
    p6: list[dict] = field(default_factory=list)
    p7: list[dict] = field(default_factory=list)


def parse_force_tables(path: Path) -> ForceTables:
    """Tables P6 and P7 of one 'Police force area data tables' workbook."""
    tables = read_tables(path)
    p6, p7 = _find_table(tables, "P6"), _find_table(tables, "P7")
    if not p6 or not p7:
        raise ImportFailure(
            f"{path.name}: no Table P6 (CSEW experience of anti-social behaviour by "
            "police force area) and Table P7 (police recorded ASB incidents) in it; "
            "expected the ONS 'Police force area data tables' of the year ending "
            "March 2018 or 2019, as published"
        )
    found = re.search(r"year ending march (\d{4})", _norm(p6[0][0]))
    if not found:
        raise ImportFailure(
            f"{path.name}, Table P6: the title does not name the year ending March "
            "it covers"
        )
    year = int(found.group(1))
    result = ForceTables(path, date(year, 3, 31))
    result.p6 = _parse_p6(path.name, p6, year)
    result.p7 = _parse_p7(path.name, p7)
    return result


def _parse_p6(name: str, rows: list[list[str]], year: int) -> list[dict]:
    head = next(
        (
            i
            for i, row in enumerate(rows[:10])
            if "any anti social behaviour" in map(_norm, row)
        ),
        None,
    )
    if head is None:
        raise ImportFailure(f"{name}, Table P6: no 'Any anti-social behaviour' column")
    header = [_norm(c) for c in rows[head]]
    base_col = next(
        (j for j, c in enumerate(header) if c.startswith("unweighted")), None
    )
    columns = {j: P6_MEASURES[c] for j, c in enumerate(header) if c in P6_MEASURES}
    if base_col is None or len(columns) != len(P6_MEASURES):
        raise ImportFailure(
            f"{name}, Table P6: expected the columns Any anti-social behaviour, Drink "
            "related behaviour, Groups hanging around on the streets and Unweighted base"
        )
    wave = f"Year ending March {year}"
    results = []
    for row in rows[head + 2 :]:
        code = row[0].strip() if row else ""
        if not (code == ENGLAND_AND_WALES or code[:3] in ("E23", "W15")):
            continue
        base = _number(row[base_col])
        for col, (question, _, _) in columns.items():
            estimate = _number(row[col])
            if estimate is None or base is None:
                raise ImportFailure(
                    f"{name}, Table P6, {row[1].strip()}: expected a percentage and "
                    "a base, found "
                    f"{row[col]!r} and {row[base_col]!r}"
                )
            versus, change = row[col + 1].strip(), row[col + 2].strip()
            results.append(
                {
                    "wave": wave,
                    "fieldwork_start": date(year - 1, 4, 1),
                    "fieldwork_end": date(year, 3, 31),
                    "area_code": code,
                    "question_code": question,
                    "base_size": int(base),
                    "estimate": estimate / 100,
                    # ':' marks England and Wales itself: no comparison.
                    "significant_vs_reference": None
                    if versus == ":"
                    else versus.startswith("*"),
                    "change_vs_previous": "up"
                    if "↑" in change
                    else "down"
                    if "↓" in change
                    else "none",
                }
            )
    if not results:
        raise ImportFailure(f"{name}, Table P6: no police force area rows")
    return results


def _parse_p7(name: str, rows: list[list[str]]) -> list[dict]:
    head = next(
        (
            i
            for i, row in enumerate(rows[:10])
            if any(re.match(r"apr \d\d to mar \d\d", _norm(c)) for c in row)
        ),
        None,
    )
    if head is None:
        raise ImportFailure(f"{name}, Table P7: no year columns ('Apr '07 to Mar '08')")
    periods = {}
    for j, cell in enumerate(rows[head]):
        found = re.match(r"apr (\d\d) to mar (\d\d)", _norm(cell))
        if found:
            start = 2000 + int(found.group(1))
            periods[j] = start
    counts = []
    for row in rows[head + 1 :]:
        label = next(
            (
                c
                for c in row[:2]
                if c.strip() and not re.fullmatch(r"[EWK]\d{8}", c.strip())
            ),
            "",
        )
        key = re.sub(r"\s*\d+(,\d+)*$", "", _norm(label)).strip()
        if key not in P7_AREAS:
            continue
        code, area_name = P7_AREAS[key]
        for col, start in periods.items():
            value, rate = _number(row[col]), _number(row[col + 1])
            if value is None:
                continue  # '..': not available
            counts.append(
                {
                    "series": ASB_SERIES,
                    "area_code": code,
                    "area_name": area_name,
                    "period_label": f"{start}/{str(start + 1)[2:]}",
                    "period_start": date(start, 4, 1),
                    "period_end": date(start + 1, 3, 31),
                    "value": int(value),
                    "published_population": None,
                    "published_rate": rate,
                }
            )
    if not any(row["area_code"] == CAMBRIDGESHIRE_PFA for row in counts):
        raise ImportFailure(f"{name}, Table P7: no Cambridgeshire row")
    return counts


def csew_infos(editions: list[ForceTables]) -> tuple[DatasetInfo, DatasetInfo]:
    """The dataset rows of the P6 survey results and the P7 incident counts."""
    years = sorted(edition.year_end.year for edition in editions)
    label = " and ".join(f"year ending March {year}" for year in years)
    attribution = (
        "Source: Office for National Statistics, Crime Survey for England and Wales "
        "and Home Office police recorded crime, licensed under the Open Government "
        "Licence v3.0."
    )
    survey = DatasetInfo(
        dataset_id=CSEW_DATASET,
        publisher="Office for National Statistics",
        title="Crime Survey for England and Wales: experience of anti-social "
        "behaviour by police force area (Table P6)",
        source=f"ONS 'Police force area data tables', {label}, Table P6",
        licence=OGL,
        attribution=attribution,
        period_label=label,
        period_start=date(years[0] - 1, 4, 1),
        period_end=date(years[-1], 3, 31),
        is_demo=False,
        source_file=editions[-1].path if len(editions) == 1 else None,
        notes=(
            "Force-level CSEW estimates: Cambridgeshire includes Peterborough. ONS: "
            "'based on small sample sizes, police force area estimates from the CSEW "
            "are less robust than national level estimates and should be treated "
            "with extreme caution'. Significance flags (5% level) as published."
        ),
    )
    first = min(min(r["period_start"] for r in e.p7) for e in editions)
    incidents = DatasetInfo(
        dataset_id=ASB_DATASET,
        publisher="Office for National Statistics",
        title="Police recorded anti-social behaviour incidents by force (Table P7)",
        source=f"ONS 'Police force area data tables', {label}, Table P7 (Home "
        "Office police recorded incidents)",
        licence=OGL,
        attribution=attribution,
        period_label=f"{first.year}/{str(first.year + 1)[2:]} to "
        f"{years[-1] - 1}/{str(years[-1])[2:]}",
        period_start=first,
        period_end=date(years[-1], 3, 31),
        is_demo=False,
        source_file=editions[-1].path if len(editions) == 1 else None,
        notes=(
            "Not National Statistics. From 2011/12 on recorded on a different basis: "
            "not directly comparable with earlier years. The latest edition's "
            "figures replace earlier editions' for the same year."
        ),
    )
    return survey, incidents


def write_force_tables(
    conn: Connection, editions: list[ForceTables]
) -> tuple[int, int]:
    """Write the survey, its questions, P6 results and P7 counts (the latest
    edition winning for a year in both); return (survey rows, count rows)."""
    editions = sorted(editions, key=lambda e: e.year_end)
    question = schema.survey_question
    known = {row.question_code for row in conn.execute(question.select())}
    new_questions = [
        {
            "question_code": code,
            "question_text": text,
            "short_label": label,
            "direction": "higher_is_worse",
        }
        for code, label, text in P6_MEASURES.values()
        if code not in known
    ]
    if new_questions:
        conn.execute(question.insert(), new_questions)
    conn.execute(
        schema.survey.insert(),
        {
            "survey_id": CSEW_SURVEY_ID,
            "survey_name": "Crime Survey for England and Wales (police force areas)",
            "provider": "Office for National Statistics",
            "geography": "police force area",
            # Intervals from the unweighted base assume simple random sampling; the
            # published flags are the authority on significance.
            "design_effect": 1.0,
            "is_demo": False,
            "dataset_id": CSEW_DATASET,
        },
    )
    results: dict[tuple, dict] = {}
    counts: dict[tuple, dict] = {}
    for edition in editions:
        for row in edition.p6:
            results[(row["wave"], row["area_code"], row["question_code"])] = row
        for row in edition.p7:
            counts[(row["area_code"], row["period_end"])] = row
    if results:
        conn.execute(
            schema.survey_result.insert(),
            [
                {**row, "survey_id": CSEW_SURVEY_ID, "dataset_id": CSEW_DATASET}
                for row in results.values()
            ],
        )
    conn.execute(
        schema.annual_count.insert(),
        [{**row, "dataset_id": ASB_DATASET} for row in counts.values()],
    )
    return len(results) + 1, len(counts)


def _drop_force_tables(conn: Connection) -> None:
    conn.execute(
        delete(schema.survey_result).where(
            schema.survey_result.c.survey_id == CSEW_SURVEY_ID
        )
    )
    conn.execute(
        delete(schema.survey).where(schema.survey.c.survey_id == CSEW_SURVEY_ID)
    )
    conn.execute(
        delete(schema.annual_count).where(schema.annual_count.c.series == ASB_SERIES)
    )


def import_csew_force(url: str, paths: list[Path]) -> ImportSummary:
    """Import Tables P6 and P7 of one or more force-table workbooks, replacing
    what was loaded before."""
    summary = ImportSummary("csew-force")
    editions = [parse_force_tables(path) for path in paths]
    survey_info, count_info = csew_infos(editions)
    with live_transaction(url) as conn:
        _drop_force_tables(conn)
        loaded_at = now()
        # Dataset rows first: the rows written next point at them.
        for info in (survey_info, count_info):
            record_dataset(conn, info, rows=0, loaded_at=loaded_at, source_files=paths)
        survey_rows, count_rows = write_force_tables(conn, editions)
        for info, rows in ((survey_info, survey_rows), (count_info, count_rows)):
            record_dataset(
                conn, info, rows=rows, loaded_at=loaded_at, source_files=paths
            )
            summary.dataset_ids.append(info.dataset_id)
        summary.rows = survey_rows + count_rows
    return summary


# ------------------------------------------------------------------ fly-tipping
def parse_flytipping(path: Path) -> list[dict]:
    """Incidents and actions by year for every authority, region and England."""
    tables = read_tables(path)
    rows_out: list[dict] = []
    for sheet, total, series in (
        ("LA_incidents", "total incidents", FLY_INCIDENTS),
        ("LA_actions", "total actions", FLY_ACTIONS),
    ):
        rows = tables.get(sheet)
        head = next(
            (
                i
                for i, row in enumerate((rows or [])[:10])
                if "ons code" in map(_norm, row) and total in map(_norm, row)
            ),
            None,
        )
        if rows is None or head is None:
            raise ImportFailure(
                f"{path.name}: no sheet '{sheet}' with the columns Year, ONS Code, LA "
                f"Name, Region and {total.capitalize()}; expected Defra's 'Fly-tipping "
                "incidents and actions reported by local authorities in England', as "
                "published"
            )
        header = [_norm(c) for c in rows[head]]
        col = {
            name: header.index(name)
            for name in ("year", "ons code", "la name", "region", total)
        }
        population_col = next(
            (j for j, c in enumerate(header) if c.startswith("mid population")), None
        )
        rate_col = next(
            (j for j, c in enumerate(header) if c.startswith("incidents per 1 000")),
            None,
        )
        for line, row in enumerate(rows[head + 1 :], start=head + 2):
            if len(row) <= col[total] or not row[col["year"]].strip():
                continue
            found = re.fullmatch(r"(\d{4})-(\d\d)", row[col["year"]].strip())
            if not found:
                raise ImportFailure(
                    f"{path.name}, sheet '{sheet}', line {line}: year "
                    f"{row[col['year']]!r} is not like 2021-22"
                )
            start = int(found.group(1))
            code = row[col["ons code"]].strip()
            region = _norm(row[col["region"]])
            if code == "*Total":
                if region.startswith("total england"):
                    if "original" in region:
                        continue  # 2018-19: the total comparable with 2019-20 on
                    code, name = ENGLAND, "England"
                elif region in REGION_CODES:
                    code = REGION_CODES[region]
                    name = REGION_NAMES.get(code, row[col["region"]].strip())
                else:
                    continue
            elif code[:3] in ("E06", "E07", "E08", "E09"):
                name = row[col["la name"]].strip()
            else:
                continue
            value = _number(row[col[total]])
            if value is None:
                continue  # ':' not available
            population = (
                _number(row[population_col])
                if population_col is not None and len(row) > population_col
                else None
            )
            rate = (
                _number(row[rate_col])
                if rate_col is not None and len(row) > rate_col
                else None
            )
            rows_out.append(
                {
                    "series": series,
                    "area_code": code,
                    "area_name": name,
                    "period_label": f"{start}-{str(start + 1)[2:]}",
                    "period_start": date(start, 4, 1),
                    "period_end": date(start + 1, 3, 31),
                    "value": round(value),
                    "published_population": int(population) if population else None,
                    "published_rate": rate,
                }
            )
    keys = [(r["series"], r["area_code"], r["period_end"]) for r in rows_out]
    if len(set(keys)) != len(keys):
        raise ImportFailure(f"{path.name}: an authority appears twice in one year")
    return rows_out


def flytipping_info(rows: list[dict], path: Path | None) -> DatasetInfo:
    """The dataset row of the fly-tipping series."""
    first = min(r["period_start"] for r in rows)
    last = max(r["period_end"] for r in rows)
    return DatasetInfo(
        dataset_id=FLYTIPPING_DATASET,
        publisher="Department for Environment, Food and Rural Affairs",
        title="Fly-tipping incidents and actions reported by local authorities in "
        "England",
        source="Defra, 'Fly-tipping incidents and actions reported by local "
        "authorities in England' (WasteDataFlow)",
        licence=OGL,
        attribution="Source: Department for Environment, Food and Rural Affairs, "
        "fly-tipping statistics for England, licensed under the Open Government "
        "Licence v3.0.",
        period_label=f"{first.year}-{str(first.year + 1)[2:]} to "
        f"{last.year - 1}-{str(last.year)[2:]}",
        period_start=first,
        period_end=last,
        is_demo=False,
        source_file=path,
        notes=(
            "Not National Statistics. England totals include Defra's estimates for "
            "missing returns; 2018-19 England is the total comparable with 2019-20 "
            "on. Rates per 1,000 on this dashboard use ONS mid-year estimates by the "
            "one population rule (domain.population)."
        ),
    )


def import_flytipping(url: str, paths: list[Path]) -> ImportSummary:
    """Import Defra's fly-tipping workbook, replacing the series loaded before."""
    summary = ImportSummary("flytipping")
    if len(paths) != 1:
        raise ImportFailure(
            "Give one fly-tipping workbook: each edition has every year"
        )
    rows = parse_flytipping(paths[0])
    info = flytipping_info(rows, None)
    table = schema.annual_count
    with live_transaction(url) as conn:
        conn.execute(
            delete(table).where(table.c.series.in_([FLY_INCIDENTS, FLY_ACTIONS]))
        )
        loaded_at = now()
        record_dataset(conn, info, rows=0, loaded_at=loaded_at, source_files=paths)
        conn.execute(
            table.insert(), [{**r, "dataset_id": info.dataset_id} for r in rows]
        )
        record_dataset(
            conn, info, rows=len(rows), loaded_at=loaded_at, source_files=paths
        )
    summary.dataset_ids.append(info.dataset_id)
    summary.rows = len(rows)
    return summary
