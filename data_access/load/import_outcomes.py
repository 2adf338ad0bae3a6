"""Import police.uk outcomes (``*-outcomes.csv``) and stop and search
(``*-stop-and-search.csv``) files into ``crime_outcome`` and ``stop_search``.

Each command takes CSV files, folders or the police.uk zip and reads only its own
files. Rows are placed in Peterborough's wards by point in polygon against the
ward boundaries in the database (the street importer's WardIndex); an outcome with
no location takes the ward of its crime's street record when that has one. Rows
outside the wards or with no location are not kept and are counted in the dataset
notes. Importing a month again replaces it; a bad file changes nothing.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from time import perf_counter
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import Connection, Table, delete, select

from data_access import schema
from data_access.load.import_police import (
    COLUMNS as STREET_COLUMNS,
)
from data_access.load.import_police import (
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    Source,
    WardIndex,
)
from data_access.load.import_police import (
    find_sources as find_police_sources,
)
from data_access.load.importing import (
    ImportFailure,
    ImportSummary,
    Rejections,
    RowError,
    live_transaction,
    now,
    read_csv_table,
    record_dataset,
    refresh_row_counts,
)
from data_access.load.writer import DatasetInfo, DatasetRecorder, insert_rows
from domain.police_outcomes import (
    AGE_RANGES,
    GENDERS,
    OUTCOME_CATEGORIES,
    SEARCH_TYPES,
    ethnicity_group,
    outcome_group,
)

# The street file's first nine columns (crime, month, force, place), then the outcome.
OUTCOME_COLUMNS = (*STREET_COLUMNS[:9], "Outcome type")
STOP_SEARCH_COLUMNS = (
    "Type",
    "Date",
    "Part of a policing operation",
    "Policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing",
)
SHIPPED_ZIP = "police_uk_cambridgeshire_2024-01_to_2025-12.zip"
UK_TIME = ZoneInfo("Europe/London")
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government "
    "Licence v3.0 (data.police.uk)."
)


@dataclass(frozen=True)
class Kind:
    """One of the two file kinds: its command, file suffix, columns and table."""

    command: str
    suffix: str
    columns: tuple[str, ...]
    what: str
    prefix: str

    @property
    def table(self) -> Table:
        return (
            schema.crime_outcome
            if self.command == "police-outcomes"
            else schema.stop_search
        )


OUTCOMES = Kind(
    "police-outcomes",
    "-outcomes.csv",
    OUTCOME_COLUMNS,
    "police.uk outcomes",
    "police_uk_outcomes",
)
STOP_SEARCH = Kind(
    "stop-search",
    "-stop-and-search.csv",
    STOP_SEARCH_COLUMNS,
    "police.uk stop and search",
    "police_uk_stop_search",
)
KINDS = {kind.command: kind for kind in (OUTCOMES, STOP_SEARCH)}


def find_sources(kind: Kind, paths: list[Path]) -> list[Source]:
    """The kind's CSVs among files, folders and zip archives, in name order."""
    return find_police_sources(
        paths,
        suffix=kind.suffix,
        no_folder_files=(
            f"the folder holds no '*{kind.suffix}' file; expected the monthly "
            f"{kind.what} files from data.police.uk"
        ),
        no_archive_files=(
            f"the archive holds no '*{kind.suffix}' file; expected {kind.what} files"
        ),
        any_csv_in_folders=False,
    )


def _read(source: Source) -> bytes:
    with source.open() as handle:
        return handle.read()


def _month(raw: str) -> date:
    if len(raw) != 7 or raw[4] != "-":
        raise RowError("Month", "a month as YYYY-MM, such as 2024-06", raw)
    try:
        return date(int(raw[:4]), int(raw[5:]), 1)
    except ValueError:
        raise RowError("Month", "a month as YYYY-MM, such as 2024-06", raw) from None


def _point(row: dict[str, str]) -> tuple[float, float] | None:
    """(longitude, latitude), None when both are blank; a bad value is an error."""
    raw_lon, raw_lat = row["Longitude"].strip(), row["Latitude"].strip()
    if not raw_lon and not raw_lat:
        return None
    values = []
    for column, raw, (low, high) in (
        ("Longitude", raw_lon, LONGITUDE_RANGE),
        ("Latitude", raw_lat, LATITUDE_RANGE),
    ):
        if not raw:
            raise RowError(column, "both Longitude and Latitude, or neither", "blank")
        try:
            value = float(raw)
        except ValueError:
            raise RowError(column, "a number", raw) from None
        if not low <= value <= high:
            raise RowError(
                column, f"a {column.lower()} in Great Britain, {low} to {high}", raw
            )
        values.append(value)
    return values[0], values[1]


def _flag(row: dict[str, str], column: str) -> bool | None:
    raw = row[column].strip()
    if raw in ("", "nan"):
        return None
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise RowError(column, "True, False or blank", raw)


def _choice(row: dict[str, str], column: str, choices: tuple[str, ...]) -> str | None:
    raw = row[column].strip()
    if not raw:
        return None
    if raw not in choices:
        raise RowError(column, "one of " + ", ".join(choices), raw)
    return raw


def _search_month(raw: str) -> date:
    """The UK-time month of a stop-and-search Date (police.uk files by UK time)."""
    try:
        stamp = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise RowError(
            "Date", "a date and time such as 2024-03-01T00:04:08+00:00", raw
        ) from None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(UK_TIME)
    return date(stamp.year, stamp.month, 1)


@dataclass
class Parsed:
    """Checked rows of one kind, before placing them in wards."""

    rows: list[dict]
    points: list[tuple[float, float] | None]
    repeated: int = 0


def _parse_outcome(row: dict[str, str]) -> dict:
    crime_id = row["Crime ID"].strip()
    if not crime_id or len(crime_id) > 80:
        raise RowError("Crime ID", "the crime's id (up to 80 characters)", crime_id)
    outcome = row["Outcome type"].strip()
    if outcome not in OUTCOME_CATEGORIES:
        raise RowError(
            "Outcome type",
            "a police.uk outcome such as 'Suspect charged'",
            outcome,
        )
    lsoa = row["LSOA code"].strip()
    return {
        "crime_id": crime_id,
        "month": _month(row["Month"].strip()),
        "outcome_type": outcome,
        "outcome_group": outcome_group(outcome),
        "lsoa_code": lsoa[:20] or None,
    }


def _parse_search(row: dict[str, str]) -> dict:
    search_type = _choice(row, "Type", SEARCH_TYPES)
    if search_type is None:
        raise RowError("Type", "one of " + ", ".join(SEARCH_TYPES), "")

    def text(column: str) -> str | None:
        return row[column].strip()[:120] or None

    return {
        "month": _search_month(row["Date"]),
        "search_type": search_type,
        "legislation": text("Legislation"),
        "object_of_search": text("Object of search"),
        "outcome": text("Outcome"),
        "outcome_linked": _flag(row, "Outcome linked to object of search"),
        "removal_more_than_outer": _flag(
            row, "Removal of more than just outer clothing"
        ),
        "age_range": _choice(row, "Age range", AGE_RANGES),
        "gender": _choice(row, "Gender", GENDERS),
        "ethnicity_group": ethnicity_group(row["Self-defined ethnicity"]),
    }


def _parse(kind: Kind, sources: list[Source], rejections: Rejections) -> Parsed:
    parsed = Parsed([], [])
    seen: dict[tuple[str, date], int] = {}
    for source in sources:
        table = read_csv_table(
            Path(source.name),
            required=kind.columns,
            rejections=rejections,
            data=_read(source),
        )
        for line, row in table.rows:
            try:
                point = _point(row)
                record = _parse_outcome(row) if kind is OUTCOMES else _parse_search(row)
            except RowError as error:
                rejections.reject(table.name, line, error)
                continue
            if kind is OUTCOMES:
                # police.uk lists a crime once per suspect: keep one row a month,
                # the last one in the file.
                key = (record["crime_id"], record["month"])
                if key in seen:
                    parsed.repeated += 1
                    parsed.rows[seen[key]] = record
                    parsed.points[seen[key]] = point
                    continue
                seen[key] = len(parsed.rows)
            parsed.rows.append(record)
            parsed.points.append(point)
    return parsed


def _street_records(conn: Connection) -> dict[str, tuple[str, date, str | None]]:
    """Crime ID -> (crime type, month, ward) of the police.uk street records loaded."""
    incident = schema.incident
    rows = conn.execute(
        select(
            incident.c.external_id,
            incident.c.category,
            incident.c.month,
            incident.c.ward_code,
        ).where(
            incident.c.source_system == "police.uk",
            incident.c.external_id.is_not(None),
        )
    )
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def _month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def import_into(
    conn: Connection,
    kind: Kind,
    paths: list[Path],
    *,
    loaded_at: datetime,
    skip_invalid: bool = False,
) -> ImportSummary:
    """Import one kind's files on an open transaction; replace the months they hold."""
    sources = find_sources(kind, paths)
    rejections = Rejections(skip_invalid)
    parsed = _parse(kind, sources, rejections)
    if not parsed.rows:
        raise ImportFailure(
            ", ".join(s.name for s in sources)
            + ": no valid data rows; expected at least one row under the header"
        )
    wards = WardIndex.from_database(conn)
    longitude = np.array([p[0] if p else np.nan for p in parsed.points], dtype=float)
    latitude = np.array([p[1] if p else np.nan for p in parsed.points], dtype=float)
    found = wards.find(longitude, latitude)
    ward_codes = wards.ward_of[found]
    no_point = np.isnan(longitude)
    street = _street_records(conn) if kind is OUTCOMES else {}
    kept: list[dict] = []
    counts = {"outside": 0, "no_location": int(no_point.sum()), "by_street": 0}
    matched = 0
    for i, record in enumerate(parsed.rows):
        ward = ward_codes[i]
        if kind is OUTCOMES:
            known = street.get(record["crime_id"])
            if known is not None:
                record["crime_type"], record["crime_month"] = known[0], known[1]
                if ward is None and no_point[i] and known[2] is not None:
                    ward = known[2]
                    counts["by_street"] += 1
            else:
                record["crime_type"] = record["crime_month"] = None
            record["longitude"] = None if no_point[i] else float(longitude[i])
            record["latitude"] = None if no_point[i] else float(latitude[i])
        if ward is None:
            if not no_point[i]:
                counts["outside"] += 1
            continue
        record["ward_code"] = ward
        record["sector_code"] = wards.sector_of.get(ward)
        matched += kind is OUTCOMES and record["crime_type"] is not None
        kept.append(record)
    months = sorted({record["month"] for record in parsed.rows})
    first, last = months[0], months[-1]
    label = f"{first:%Y-%m}" + ("" if first == last else f" to {last:%Y-%m}")
    dataset_id = f"{kind.prefix}_{first:%Y_%m}" + (
        "" if first == last else f"_to_{last:%Y_%m}"
    )
    table = kind.table
    touched = {
        row[0]
        for row in conn.execute(
            select(table.c.dataset_id).where(table.c.month.in_(months)).distinct()
        )
    }
    conn.execute(delete(table).where(table.c.month.in_(months)))
    notes = [
        f"{len(parsed.rows) + parsed.repeated:,} rows read; {len(kept):,} in "
        "Peterborough's wards kept.",
        f"{counts['outside']:,} rows lie outside Peterborough's wards (not kept).",
        f"{counts['no_location']:,} rows have no location"
        + (
            f" ({counts['by_street']:,} of them placed by their crime's street record)"
            if kind is OUTCOMES
            else ""
        )
        + "; the rest are not kept.",
    ]
    if kind is OUTCOMES:
        notes.append(
            f"{parsed.repeated:,} repeated rows (the same crime and month: police.uk "
            f"lists one per suspect) kept once. {matched:,} of the kept rows match a "
            "street record by Crime ID, which gives their crime type; the others "
            "show it as not known."
        )
    notes.append(
        "Ward and sector by point in polygon against the ward boundaries in the "
        "database. Locations are anonymised by police.uk to the nearest snap point."
    )
    record_dataset(
        conn,
        DatasetInfo(
            dataset_id=dataset_id,
            publisher="data.police.uk",
            title=f"{kind.what.capitalize()}, Peterborough, {label}",
            source=f"data.police.uk {kind.what} files (Home Office / police forces)",
            licence="Open Government Licence v3.0",
            attribution=ATTRIBUTION,
            period_label=label,
            period_start=first,
            period_end=_month_end(last),
            is_demo=False,
            notes=" ".join(notes),
        ),
        rows=len(kept),
        loaded_at=loaded_at,
        source_files=list(dict.fromkeys(s.path for s in sources)),
    )
    for record in kept:
        record["dataset_id"] = dataset_id
    insert_rows(conn, table, kept)
    refresh_row_counts(conn, table, sorted(touched - {dataset_id}))
    summary = ImportSummary(kind.command, [dataset_id], len(kept), rejections.messages)
    summary.notes += notes[1:3]
    return summary


def import_police_files(
    url: str, command: str, paths: list[Path], *, skip_invalid: bool = False
) -> ImportSummary:
    """The ``police-outcomes`` or ``stop-search`` command: one transaction."""
    with live_transaction(url) as conn:
        return import_into(
            conn, KINDS[command], paths, loaded_at=now(), skip_invalid=skip_invalid
        )


def load_shipped_outcomes(
    conn: Connection, recorder: DatasetRecorder, public_dir: Path
) -> None:
    """The build's step: the shipped zip's 2024 outcomes and stop and search."""
    for kind in (OUTCOMES, STOP_SEARCH):
        started = perf_counter()
        summary = import_into(
            conn, kind, [public_dir / SHIPPED_ZIP], loaded_at=recorder.loaded_at
        )
        recorder.report.lines.append(
            (summary.dataset_ids[0], summary.rows, perf_counter() - started)
        )
