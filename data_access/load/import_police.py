"""Import police.uk street-level crime and ASB files into ``incident``.

Accepts a monthly ``*-street.csv``, a folder of them or the zip archive that
data.police.uk hands out. Each row gets a ward and a sector by point in polygon
against the ward boundaries in the database: a point belongs to the ward whose
polygon contains it or whose edge it lies on (shapely ``intersects_xy`` against
each prepared ward polygon, vectorised over each chunk after a bounding-box
filter); a point on an edge shared by two wards goes to the ward whose code
sorts first. Rows outside Peterborough are kept with no ward, so
they stay out of ward and sector figures, and the import says how many there are.

The file is read in chunks with the csv module (exact line numbers and field
counts for messages) and written with executemany on SQLite and COPY on
PostgreSQL, so memory stays bounded by the chunk size plus 16 bytes a row for
the duplicate check.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape
from sqlalchemy import Connection, and_, delete, func, select
from tqdm import tqdm

from data_access import schema
from data_access.load.importing import (
    ImportFailure,
    ImportSummary,
    Rejections,
    RowError,
    check_bytes_start,
    drop_datasets,
    live_transaction,
    now,
    record_dataset,
    refresh_row_counts,
)
from data_access.load.incident_summary import refresh_incident_summary
from data_access.load.writer import DatasetInfo

COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
CRIME_TYPES = frozenset(
    {
        "Anti-social behaviour",
        "Bicycle theft",
        "Burglary",
        "Criminal damage and arson",
        "Drugs",
        "Other crime",
        "Other theft",
        "Possession of weapons",
        "Public order",
        "Robbery",
        "Shoplifting",
        "Theft from the person",
        "Vehicle crime",
        "Violence and sexual offences",
        # Categories of files before May 2013.
        "Violent crime",
        "Public disorder and weapons",
    }
)
# A point outside this box is not in Great Britain: a typing error, swapped
# columns or a (0, 0) placeholder, not a crime in another force area.
LONGITUDE_RANGE = (-8.7, 1.8)
LATITUDE_RANGE = (49.8, 60.9)
CHUNK_ROWS = 100_000
DEMO_DATASETS = ("demo_incidents_police",)
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_INSERT_COLUMNS = (
    "source_system",
    "agency",
    "category",
    "month",
    "longitude",
    "latitude",
    "lsoa_code",
    "ward_code",
    "sector_code",
    "location_text",
    "outcome",
    "external_id",
    "is_demo",
    "dataset_id",
)


@dataclass(frozen=True)
class Source:
    """One CSV to read: a file, or a member of a zip archive."""

    name: str
    path: Path
    member: str | None = None

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        if self.member is None:
            with self.path.open("rb") as handle:
                yield handle
            return
        try:
            with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as h:
                yield h
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
            raise ImportFailure(
                f"{self.path.name}: the zip archive is damaged ({error}); expected a "
                "complete download from data.police.uk: download it again"
            ) from None


def find_sources(paths: list[Path]) -> list[Source]:
    """The street-level CSVs among files, folders and zip archives, in name order."""
    sources: list[Source] = []
    for path in paths:
        if not path.exists():
            raise ImportFailure(f"{path}: no such file or folder")
        if path.is_dir():
            found = sorted(path.rglob("*-street.csv")) or sorted(path.rglob("*.csv"))
            if not found:
                raise ImportFailure(
                    f"{path.name}: the folder holds no CSV files; expected the monthly "
                    "'*-street.csv' files from data.police.uk"
                )
            sources += [Source(p.name, p) for p in found]
        elif path.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(path) as archive:
                    bad = archive.testzip()
                    names = sorted(
                        n for n in archive.namelist() if n.endswith("-street.csv")
                    )
            except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
                raise ImportFailure(
                    f"{path.name}: not a readable zip archive ({error}); expected a "
                    "complete download from data.police.uk: download it again"
                ) from None
            if bad is not None:
                raise ImportFailure(
                    f"{path.name}: the zip archive is damaged (member {bad!r} fails its "
                    "check); download it again"
                )
            if not names:
                raise ImportFailure(
                    f"{path.name}: the archive holds no '*-street.csv' file; expected "
                    "street-level crime files (outcomes and stop-and-search files are "
                    "not imported)"
                )
            sources += [Source(f"{path.name}:{n}", path, n) for n in names]
        else:
            sources.append(Source(path.name, path))
    return sources


@dataclass(frozen=True)
class Scan:
    """What the first pass over a source found: checksum and number of lines."""

    checksum: str
    lines: int
    first_month: str


def scan(source: Source) -> Scan:
    """Checksum the source, count its lines, and refuse text that is not UTF-8."""
    digest = hashlib.sha256()
    lines = 0
    leftover = b""
    first = True
    first_month = ""
    with source.open() as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            if first:
                check_bytes_start(source.name, block[:4096])
                first = False
                first_month = _first_month(block)
            data = leftover + block
            try:
                _, consumed = codecs.utf_8_decode(data, "strict", False)
            except UnicodeDecodeError as error:
                line = lines + data[: error.start].count(b"\n") + 1
                byte = data[error.start : error.start + 1].hex().upper()
                raise ImportFailure(
                    f"{source.name}, line {line}: the text is not UTF-8 (byte 0x{byte}); "
                    "expected UTF-8 as published by data.police.uk: download it again "
                    "or save it as 'CSV UTF-8'"
                ) from None
            lines += data[:consumed].count(b"\n")
            leftover = data[consumed:]
    if first:
        raise ImportFailure(f"{source.name}: the file is empty")
    if leftover:
        raise ImportFailure(
            f"{source.name}, line {lines + 1}: the file ends part-way through a "
            "character; it looks cut short: download it again"
        )
    return Scan(f"sha256:{digest.hexdigest()}", lines, first_month)


def _first_month(block: bytes) -> str:
    """The Month of the first data row, to name the dataset before reading it all."""
    try:
        rows = list(csv.reader(io.StringIO(block[:4096].decode("utf-8-sig", "ignore"))))
        return rows[1][rows[0].index("Month")] if len(rows) > 1 else ""
    except (ValueError, IndexError, csv.Error):
        return ""


def dataset_id_for(months: set[str]) -> str:
    """police_uk_2025_06, or police_uk_2025_04_to_2025_06 for several months."""
    first, last = min(months), max(months)
    return f"police_uk_{first.replace('-', '_')}" + (
        "" if first == last else f"_to_{last.replace('-', '_')}"
    )


@dataclass
class WardIndex:
    """Ward polygons from the database and the current ward-to-sector mapping."""

    codes: np.ndarray
    polygons: list
    boxes: list
    sector_of: dict[str, str]
    bounds: tuple[float, float, float, float]

    @classmethod
    def from_database(cls, conn: Connection) -> WardIndex:
        area, boundary, ws = schema.area, schema.boundary, schema.ward_sector
        rows = conn.execute(
            select(boundary.c.area_code, boundary.c.geojson)
            .join(area, area.c.area_code == boundary.c.area_code)
            .where(area.c.area_kind == "ward")
            .order_by(boundary.c.area_code, boundary.c.vintage.desc())
        ).all()
        latest: dict[str, str] = {}
        for code, geojson in rows:
            latest.setdefault(code, geojson)
        if not latest:
            raise ImportFailure(
                "The database has no ward boundaries to place rows in wards; "
                "rebuild it: python -m data_access.load build"
            )
        codes = sorted(latest)
        polygons = [shape(json.loads(latest[code])) for code in codes]
        sectors = dict(
            conn.execute(
                select(ws.c.ward_code, ws.c.sector_code).where(ws.c.valid_to.is_(None))
            ).all()
        )
        bounds = tuple(float(v) for v in shapely.total_bounds(polygons))
        for polygon in polygons:
            shapely.prepare(polygon)
        boxes = [tuple(shapely.bounds(polygon)) for polygon in polygons]
        return cls(np.array(codes, dtype=object), polygons, boxes, sectors, bounds)

    def locate(self, longitude: np.ndarray, latitude: np.ndarray) -> np.ndarray:
        """Ward code (or None) for each point; NaN coordinates give None."""
        result = np.full(len(longitude), None, dtype=object)
        has_point = ~(np.isnan(longitude) | np.isnan(latitude))
        if not has_point.any():
            return result
        low_x, low_y, high_x, high_y = self.bounds
        where = np.flatnonzero(
            has_point
            & (longitude >= low_x)
            & (longitude <= high_x)
            & (latitude >= low_y)
            & (latitude <= high_y)
        )
        if not len(where):
            return result
        x, y = longitude[where], latitude[where]
        found = np.full(len(where), -1, dtype=np.int64)
        # Wards in code order: a point on a shared edge stays with the first ward.
        for number, (polygon, box) in enumerate(
            zip(self.polygons, self.boxes, strict=True)
        ):
            todo = np.flatnonzero(
                (found < 0)
                & (x >= box[0])
                & (x <= box[2])
                & (y >= box[1])
                & (y <= box[3])
            )
            if len(todo):
                hit = shapely.intersects_xy(polygon, x[todo], y[todo])
                found[todo[hit]] = number
        placed = found >= 0
        result[where[placed]] = self.codes[found[placed]]
        return result


@dataclass
class Chunk:
    """Checked rows of one chunk, as columns ready to write."""

    lines: np.ndarray
    columns: dict[str, list[str]]


def _read_chunks(
    source: Source, handle: IO[bytes], rejections: Rejections
) -> Iterator[Chunk]:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = [" ".join(cell.split()) for cell in next(reader)]
    except StopIteration:
        raise ImportFailure(f"{source.name}: the file is empty") from None
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown or len(header) != len(COLUMNS):
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(f"'{c}'" for c in missing))
        if unknown:
            parts.append("unexpected column(s) " + ", ".join(f"'{c}'" for c in unknown))
        if not parts:
            parts.append("a column appears twice")
        raise ImportFailure(
            f"{source.name}, line 1: " + "; ".join(parts) + ". Expected the police.uk "
            "street-level columns: " + ", ".join(COLUMNS)
        )
    order = [header.index(c) for c in COLUMNS]
    width = len(COLUMNS)
    line = reader.line_num
    try:
        while True:
            rows = list(islice(reader, CHUNK_ROWS))
            if not rows:
                break
            # Line numbers are exact while no quoted field spans lines (police.uk
            # files have none); otherwise they count records after the header.
            first_line = line + 1
            line = reader.line_num
            lines = np.arange(first_line, first_line + len(rows))
            odd = [i for i, cells in enumerate(rows) if len(cells) != width]
            if odd:
                for i in odd:
                    cells = rows[i]
                    if not cells or not any(cells):
                        continue
                    what = "cut short" if len(cells) < width else "too long"
                    rejections.reject(
                        source.name,
                        int(lines[i]),
                        f"the row has {len(cells)} fields where the header has "
                        f"{width}: the row looks {what}",
                    )
                keep = np.ones(len(rows), dtype=bool)
                keep[odd] = False
                rows = [cells for i, cells in enumerate(rows) if keep[i]]
                lines = lines[keep]
            if rows:
                yield _columns(rows, lines, order)
    except csv.Error as error:
        raise ImportFailure(
            f"{source.name}, line {reader.line_num}: not valid CSV ({error}); the "
            "file may be cut short: download it again"
        ) from None


def _columns(rows: list[list[str]], lines: np.ndarray, order: list[int]) -> Chunk:
    transposed = list(zip(*rows))  # noqa: B905 - every row has the header's width
    return Chunk(
        lines, {name: transposed[i] for name, i in zip(COLUMNS, order, strict=True)}
    )


def _reject_rows(
    source: Source,
    chunk: Chunk,
    bad: np.ndarray,
    error: RowError | None,
    rejections: Rejections,
    make_error=None,  # type: ignore[no-untyped-def]
) -> None:
    for index in np.flatnonzero(bad):
        message = make_error(index) if make_error else error
        rejections.reject(source.name, int(chunk.lines[index]), message)


class DuplicateCheck:
    """Crime IDs seen so far, as sorted 64-bit hashes: 8 bytes a row, not the IDs."""

    def __init__(self) -> None:
        self.hashes = np.empty(0, dtype=np.uint64)

    def check(self, ids: pd.Series) -> np.ndarray:
        """A mask of rows whose non-blank Crime ID was seen before (in any file)."""
        present = (ids != "").to_numpy()
        hashes = pd.util.hash_pandas_object(ids, index=False).to_numpy()
        duplicate = np.zeros(len(ids), dtype=bool)
        if len(self.hashes):
            position = np.searchsorted(self.hashes, hashes)
            position[position >= len(self.hashes)] = 0
            duplicate = present & (self.hashes[position] == hashes)
        # Repeats within this chunk: every occurrence after the first.
        duplicate |= present & pd.Series(hashes).duplicated().to_numpy()
        keep = present & ~duplicate
        self.hashes = np.sort(np.concatenate([self.hashes, hashes[keep]]))
        return duplicate


def _check_chunk(
    source: Source, chunk: Chunk, rejections: Rejections, duplicates: DuplicateCheck
) -> np.ndarray:
    """The mask of valid rows; invalid ones are rejected (or stop the import)."""
    cols = chunk.columns
    valid = np.ones(len(chunk.lines), dtype=bool)

    month = pd.Series(cols["Month"], dtype=object)
    distinct = month.unique()
    bad_months = [m for m in distinct if not _MONTH.match(m)]
    if bad_months:
        bad = month.isin(bad_months).to_numpy()
        _reject_rows(
            source,
            chunk,
            bad,
            None,
            rejections,
            lambda i: RowError(
                "Month", "a month as YYYY-MM, such as 2025-06", month[i]
            ),
        )
        valid &= ~bad

    kinds = pd.Series(cols["Crime type"], dtype=object)
    bad = (~kinds.isin(CRIME_TYPES)).to_numpy()
    if bad.any():
        _reject_rows(
            source,
            chunk,
            bad & valid,
            None,
            rejections,
            lambda i: RowError(
                "Crime type", "a police.uk crime type such as 'Burglary'", kinds[i]
            ),
        )
        valid &= ~bad

    for column, (low, high) in (
        ("Longitude", LONGITUDE_RANGE),
        ("Latitude", LATITUDE_RANGE),
    ):
        raw = pd.Series(cols[column], dtype=object)
        numbers = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        blank = (raw == "").to_numpy()
        not_number = np.isnan(numbers) & ~blank
        if not_number.any():
            _reject_rows(
                source,
                chunk,
                not_number & valid,
                None,
                rejections,
                lambda i, raw=raw, column=column: RowError(column, "a number", raw[i]),
            )
            valid &= ~not_number
        outside = (numbers < low) | (numbers > high)
        if outside.any():
            _reject_rows(
                source,
                chunk,
                outside & valid,
                None,
                rejections,
                lambda i, raw=raw, column=column, low=low, high=high: RowError(
                    column,
                    f"a {column.lower()} in Great Britain, between {low} and {high} "
                    "(the point is far outside the area)",
                    raw[i],
                ),
            )
            valid &= ~outside
        cols[f"_{column}"] = numbers
    one_blank = np.isnan(cols["_Longitude"]) != np.isnan(cols["_Latitude"])
    if one_blank.any():
        _reject_rows(
            source,
            chunk,
            one_blank & valid,
            RowError(
                "Latitude", "both Longitude and Latitude, or neither", "one blank"
            ),
            rejections,
        )
        valid &= ~one_blank

    ids = pd.Series(cols["Crime ID"], dtype=object)
    repeated = duplicates.check(ids.where(valid, ""))
    if repeated.any():
        _reject_rows(
            source,
            chunk,
            repeated,
            None,
            rejections,
            lambda i: (
                f"column 'Crime ID': the crime {ids[i]!r} appears more than once "
                "(a duplicate row)"
            ),
        )
        valid &= ~repeated
    return valid


def import_police_uk(
    url: str, paths: list[Path], *, skip_invalid: bool = False, progress: bool = True
) -> ImportSummary:
    """Import street-level files; replace every police.uk row of the months they hold."""
    sources = find_sources(paths)
    scans = [scan(source) for source in sources]
    total_lines = sum(s.lines for s in scans)
    rejections = Rejections(skip_invalid)
    duplicates = DuplicateCheck()
    summary = ImportSummary("police-uk")
    loaded_at = now()
    predicted = {s.first_month for s in scans if _MONTH.match(s.first_month)}
    staging_id = dataset_id_for(predicted) if predicted else "police_uk_import"
    months: set[str] = set()
    forces: set[str] = set()
    counts = {"rows": 0, "outside": 0, "no_location": 0}
    with live_transaction(url) as conn:
        wards = WardIndex.from_database(conn)
        incident = schema.incident
        before_max = conn.execute(select(func.max(incident.c.incident_id))).scalar()
        before_max = int(before_max or 0)
        # A placeholder dataset row first, so the incident rows' foreign key holds.
        placeholder = DatasetInfo(
            dataset_id=staging_id,
            title="police.uk import in progress",
            source="data.police.uk",
            licence="",
            attribution="",
            period_label="",
            is_demo=False,
        )
        record_dataset(conn, placeholder, rows=0, loaded_at=loaded_at)
        writer = _writer(conn)
        bar = tqdm(
            total=total_lines,
            unit=" rows",
            unit_scale=True,
            disable=None if progress else True,
            desc="police-uk",
        )
        with bar:
            for source in sources:
                with source.open() as handle:
                    for chunk in _read_chunks(source, handle, rejections):
                        valid = _check_chunk(source, chunk, rejections, duplicates)
                        bar.update(len(chunk.lines))
                        if not valid.any():
                            continue
                        written = _write_chunk(
                            writer, chunk, valid, wards, staging_id, counts
                        )
                        counts["rows"] += written
                        months.update(
                            pd.unique(np.asarray(chunk.columns["Month"])[valid])
                        )
                        forces.update(
                            pd.unique(np.asarray(chunk.columns["Falls within"])[valid])
                        )
        if counts["rows"] == 0:
            raise ImportFailure(
                ", ".join(s.name for s in sources)
                + ": no valid data rows; expected at least one row under the header"
            )
        first, last = min(months), max(months)
        dataset_id = dataset_id_for(months)
        month_dates = [date.fromisoformat(f"{m}-01") for m in sorted(months)]
        # Replace: every police.uk row of these months loaded before this import.
        replaced = and_(
            incident.c.source_system == "police.uk",
            incident.c.month.in_(month_dates),
            incident.c.incident_id <= before_max,
        )
        touched = [
            row[0]
            for row in conn.execute(
                select(incident.c.dataset_id).where(replaced).distinct()
            )
        ]
        conn.execute(delete(incident).where(replaced))
        dropped = drop_datasets(conn, DEMO_DATASETS, [incident])
        notes = (
            f"{counts['outside']:,} rows lie outside Peterborough's wards: kept with no "
            f"ward or sector, so they are not in ward or sector figures. "
            f"{counts['no_location']:,} rows have no location. Forces: "
            f"{', '.join(sorted(forces))}. Months: {', '.join(sorted(months))}. "
            "Ward and sector by point in polygon (shapely intersects_xy) against "
            "the ward boundaries in the database. Locations are anonymised by police.uk "
            "to the nearest snap point. LSOA codes are as published. Files: "
            + "; ".join(
                f"{s.name} {c.checksum}" for s, c in zip(sources, scans, strict=True)
            )
        )
        info = DatasetInfo(
            dataset_id=dataset_id,
            publisher="data.police.uk",
            title=f"police.uk street-level crime and ASB, {', '.join(sorted(forces))[:80]}, "
            f"{first}" + ("" if first == last else f" to {last}"),
            source="data.police.uk street-level crime files (Home Office / police forces)",
            licence="Open Government Licence v3.0",
            attribution=(
                "Contains public sector information licensed under the Open Government "
                "Licence v3.0 (data.police.uk)."
            ),
            period_label=first if first == last else f"{first} to {last}",
            period_start=month_dates[0],
            period_end=month_dates[-1],
            is_demo=False,
            notes=notes,
        )
        record_dataset(
            conn,
            info,
            rows=counts["rows"],
            loaded_at=loaded_at,
            source_files=list(dict.fromkeys(s.path for s in sources)),
        )
        if staging_id != dataset_id:  # the files held other months than they began with
            conn.execute(
                incident.update()
                .where(incident.c.dataset_id == staging_id)
                .values(dataset_id=dataset_id)
            )
            conn.execute(
                delete(schema.dataset).where(schema.dataset.c.dataset_id == staging_id)
            )
        refresh_row_counts(conn, incident, [d for d in touched if d != dataset_id])
        refresh_incident_summary(conn)
    summary.dataset_ids.append(dataset_id)
    summary.rows = counts["rows"]
    summary.rejected = rejections.messages
    summary.notes.append(
        f"{counts['outside']:,} rows fall outside Peterborough (kept, no ward or sector)"
    )
    summary.notes.append(f"{counts['no_location']:,} rows have no location")
    if dropped:
        summary.notes.append("replaced the demo data: " + ", ".join(dropped))
    return summary


class _Writer:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.raw = conn.connection.driver_connection
        self.postgres = conn.dialect.name == "postgresql"

    def write(self, rows: list[tuple]) -> None:
        if self.postgres:
            columns = ", ".join(_INSERT_COLUMNS)
            sql = f"COPY incident ({columns}) FROM STDIN"
            with self.raw.cursor() as cursor, cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in _INSERT_COLUMNS)
            cursor = self.raw.cursor()
            cursor.executemany(
                f"INSERT INTO incident ({', '.join(_INSERT_COLUMNS)}) VALUES ({marks})",
                rows,
            )
            cursor.close()


def _writer(conn: Connection) -> _Writer:
    return _Writer(conn)


def _write_chunk(
    writer: _Writer,
    chunk: Chunk,
    valid: np.ndarray,
    wards: WardIndex,
    dataset_id: str,
    counts: dict[str, int],
) -> int:
    cols = chunk.columns
    index = np.flatnonzero(valid)
    longitude = cols["_Longitude"][index]
    latitude = cols["_Latitude"][index]
    ward = wards.locate(longitude, latitude)
    has_point = ~np.isnan(longitude)
    counts["no_location"] += int((~has_point).sum())
    counts["outside"] += int((has_point & (ward == None)).sum())  # noqa: E711
    sector = np.array(
        [wards.sector_of.get(w) if w else None for w in ward], dtype=object
    )

    every = len(index) == len(valid)

    def pick(name: str, limit: int) -> list[str | None]:
        values = cols[name] if every else np.asarray(cols[name], dtype=object)[index]
        if max(map(len, values)) > limit:
            return [(v[:limit] if v else None) for v in values]
        return [v or None for v in values]

    month_of = {m: f"{m}-01" for m in set(cols["Month"])}
    month = [month_of[m] for m in pick("Month", 7)]
    demo: object = False if writer.postgres else 0
    lon, lat = longitude.tolist(), latitude.tolist()
    for i in np.flatnonzero(~has_point):
        lon[i] = lat[i] = None
    n = len(index)
    rows = list(
        zip(
            ["police.uk"] * n,
            ["police"] * n,
            pick("Crime type", 80),
            month,
            lon,
            lat,
            pick("LSOA code", 20),
            ward.tolist(),
            sector.tolist(),
            pick("Location", 200),
            pick("Last outcome category", 120),
            pick("Crime ID", 80),
            [demo] * n,
            [dataset_id] * n,
            strict=True,
        )
    )
    writer.write(rows)
    return n
