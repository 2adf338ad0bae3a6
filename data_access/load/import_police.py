"""Import police.uk street-level crime and ASB files into ``incident``.

Accepts a monthly ``*-street.csv``, a folder of them or the zip archive that
data.police.uk hands out. Each row gets a ward and a sector by point in polygon
against the ward boundaries in the database: a point belongs to the ward whose
polygon contains it or whose edge it lies on (shapely ``intersects_xy`` against
each prepared ward polygon, vectorised over each chunk after a bounding-box
filter); a point on an edge shared by two wards goes to the ward whose code
sorts first. Rows outside Peterborough are kept with no ward, so
they stay out of ward and sector figures, and the import says how many there are.

A file is read once, in blocks of whole lines (16 MB, about 75,000 rows): each
block is checksummed, checked to be UTF-8 and split into numbered lines; lines
whose number of fields is not the header's are set aside with their line number;
the rest are parsed by pandas' C parser and every value is checked with vectorised
operations. A file with quotes in it (police.uk publishes none) is read from its
first quote on by the csv module instead, which numbers records exactly even when
a quoted field spans lines. Rows are written with one COPY on PostgreSQL and
executemany on SQLite, so memory stays bounded by the block size plus 8 bytes a
row for the duplicate check.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, islice, repeat
from operator import itemgetter
from pathlib import Path
from time import perf_counter
from typing import IO

import numpy as np
import pandas as pd
import shapely
from psycopg.copy import QueuedLibpqWriter
from shapely.geometry import shape
from sqlalchemy import Connection, and_, delete, func, select
from tqdm import tqdm

from data_access import schema
from data_access.load.importing import (
    UTF8_BOM,
    ImportFailure,
    ImportSummary,
    Rejections,
    RowError,
    check_bytes_start,
    check_zip_members,
    checked_file,
    drop_datasets,
    live_transaction,
    now,
    record_dataset,
    refresh_row_counts,
)
from data_access.load.incident_summary import refresh_incident_summary
from data_access.load.writer import DatasetInfo, DatasetRecorder
from domain.dates import month_end
from domain.police_uk import ALL_CATEGORIES

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
CRIME_TYPES = ALL_CATEGORIES
# A point outside this box is not in Great Britain: a typing error, swapped
# columns or a (0, 0) placeholder, not a crime in another force area.
LONGITUDE_RANGE = (-8.7, 1.8)
LATITUDE_RANGE = (49.8, 60.9)
WIDTH = len(COLUMNS)
BLOCK_BYTES = 1 << 24  # about 75,000 rows of a police.uk file
CHUNK_ROWS = 100_000  # rows a chunk when a file with quotes is read by the csv module
# SQLite drops and rebuilds the incident indexes when a file (at about 220 bytes a
# row) holds at least this many rows and twice as many as the table already has.
BYTES_PER_ROW = 220
REBUILD_ROWS = 200_000
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

    def size(self) -> int:
        """Bytes of CSV text, for the progress bar."""
        if self.member is None:
            return self.path.stat().st_size
        with zipfile.ZipFile(self.path) as archive:
            return archive.getinfo(self.member).file_size

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


def find_sources(
    paths: list[Path],
    *,
    suffix: str = "-street.csv",
    no_folder_files: str = (
        "the folder holds no CSV files; expected the monthly '*-street.csv' files "
        "from data.police.uk"
    ),
    no_archive_files: str = (
        "the archive holds no '*-street.csv' file; expected street-level crime files "
        "(outcomes and stop-and-search files are not imported)"
    ),
    any_csv_in_folders: bool = True,
) -> list[Source]:
    """The police.uk CSVs named ``*suffix`` among files, folders and zip archives,
    in name order (street-level files unless told otherwise). ``no_folder_files``
    and ``no_archive_files`` say what was expected when none is found."""
    sources: list[Source] = []
    for path in paths:
        if not path.exists():
            raise ImportFailure(f"{path}: no such file or folder")
        if path.is_dir():
            found = sorted(path.rglob(f"*{suffix}"))
            if not found and any_csv_in_folders:
                found = sorted(path.rglob("*.csv"))
            if not found:
                raise ImportFailure(f"{path.name}: {no_folder_files}")
            sources += [Source(p.name, checked_file(p)) for p in found]
        elif path.suffix.lower() == ".zip":
            checked_file(path)
            try:
                with zipfile.ZipFile(path) as archive:
                    check_zip_members(path.name, archive.infolist())
                    bad = archive.testzip()
                    names = sorted(n for n in archive.namelist() if n.endswith(suffix))
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
                raise ImportFailure(f"{path.name}: {no_archive_files}")
            sources += [Source(f"{path.name}:{n}", path, n) for n in names]
        else:
            sources.append(Source(path.name, checked_file(path)))
    return sources


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

    def __post_init__(self) -> None:
        # Indexed by find()'s result: ward i, or the last entry (None) for -1.
        self.ward_of = np.append(self.codes, None).astype(object)
        self.sector_of_ward = np.array(
            [self.sector_of.get(code) for code in self.codes] + [None], dtype=object
        )

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
        return self.ward_of[self.find(longitude, latitude)]

    def find(self, longitude: np.ndarray, latitude: np.ndarray) -> np.ndarray:
        """Index into codes of each point's ward, -1 outside or for NaN."""
        result = np.full(len(longitude), -1, dtype=np.int64)
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
        result[where] = found
        return result


# ------------------------------------------------------------------ reading


@dataclass
class Chunk:
    """Rows of one block: line numbers, raw text by column, and the problems found."""

    lines: np.ndarray
    columns: dict[str, np.ndarray]
    problems: list[tuple[int, RowError | str]] = field(default_factory=list)
    numbers: dict[str, np.ndarray] = field(default_factory=dict)
    months: tuple[np.ndarray, np.ndarray] | None = None


@dataclass
class Reading:
    """What reading a source found besides its rows: the SHA-256 of its bytes."""

    digest: hashlib._Hash = field(default_factory=hashlib.sha256)

    @property
    def checksum(self) -> str:
        return f"sha256:{self.digest.hexdigest()}"


def _check_utf8(name: str, block: bytes, first_line: int, *, final: bool) -> None:
    if block.isascii():
        return
    try:
        codecs.utf_8_decode(block, "strict", True)
    except UnicodeDecodeError as error:
        line = first_line + block.count(b"\n", 0, error.start)
        if final and error.reason == "unexpected end of data":
            raise ImportFailure(
                f"{name}, line {line}: the file ends part-way through a character; "
                "it looks cut short: download it again"
            ) from None
        byte = block[error.start : error.start + 1].hex().upper()
        raise ImportFailure(
            f"{name}, line {line}: the text is not UTF-8 (byte 0x{byte}); expected "
            "UTF-8 as published by data.police.uk: download it again or save it as "
            "'CSV UTF-8'"
        ) from None


def _blocks(
    source: Source,
    handle: IO[bytes],
    reading: Reading,
    advance: Callable[[int], object],
) -> Iterator[tuple[int, bytes]]:
    """(number of its first line, bytes) for blocks of whole lines, each ending in a
    newline; checksummed and checked to be UTF-8 on the way. Line 1 is the header."""
    pending = b""
    line = 1
    first = True
    while True:
        data = handle.read(BLOCK_BYTES)
        reading.digest.update(data)
        advance(len(data))
        if first:
            check_bytes_start(source.name, data[:4096])
            data = data.removeprefix(UTF8_BOM)
            first = False
        if not data:
            if pending:
                _check_utf8(source.name, pending, line, final=True)
                yield line, pending + b"\n"
            return
        pending += data
        cut = pending.rfind(b"\n") + 1
        if not cut:
            continue
        block, pending = pending[:cut], pending[cut:]
        _check_utf8(source.name, block, line, final=False)
        yield line, block
        line += block.count(b"\n")


def _header_order(source: Source, line: bytes) -> list[int]:
    """Where each expected column is in the header; refuse any other header."""
    cells = next(csv.reader([line.decode("utf-8")]), [])
    header = [" ".join(cell.split()) for cell in cells]
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
    return [header.index(c) for c in COLUMNS]


def _read_chunks(
    source: Source,
    handle: IO[bytes],
    reading: Reading,
    advance: Callable[[int], object],
) -> Iterator[Chunk]:
    """The source's rows, a block at a time, with field-count problems noted."""
    blocks = _blocks(source, handle, reading, advance)
    _, first = next(blocks)
    end = first.find(b"\n") + 1
    order = _header_order(source, first[:end])
    rest: Iterator[tuple[int, bytes]] = chain(
        [(2, first[end:])] if len(first) > end else [], blocks
    )
    for start, block in rest:
        chunk = _parse_plain(source.name, block, start, order)
        if chunk is None:
            yield from _parse_with_csv(source, chain([(start, block)], rest), order)
            return
        yield chunk


def _field_problem(fields: int) -> str:
    what = "cut short" if fields < WIDTH else "too long"
    return (
        f"the row has {fields} fields where the header has {WIDTH}: the row looks "
        f"{what}"
    )


def _parse_plain(name: str, block: bytes, start: int, order: list[int]) -> Chunk | None:
    """A block whose lines are records and whose fields only commas separate: fields
    counted by commas a line, parsed by pandas. None for any other block (quotes, a
    NUL byte or a carriage return that does not end a line), left to the csv module."""
    if b'"' in block or b"\x00" in block:
        return None
    raw = np.frombuffer(block, dtype=np.uint8)
    if b"\r" in block:
        returns = np.flatnonzero(raw == ord("\r"))
        if not (raw[returns + 1] == ord("\n")).all():
            return None
    ends = np.flatnonzero(raw == ord("\n"))
    fields = np.diff(np.searchsorted(np.flatnonzero(raw == ord(",")), ends), prepend=0)
    fields += 1
    lines = np.arange(start, start + len(ends))
    problems: list[tuple[int, RowError | str]] = []
    odd = np.flatnonzero(fields != WIDTH)
    if len(odd):
        starts = np.concatenate([[0], ends[:-1] + 1])
        pieces, previous = [], 0
        for i in odd:
            text = block[starts[i] : ends[i]].rstrip(b"\r")
            if text.replace(b",", b""):  # a blank line is skipped, as csv does
                problems.append((int(lines[i]), _field_problem(int(fields[i]))))
            pieces.append(block[previous : starts[i]])
            previous = ends[i] + 1
        pieces.append(block[previous:])
        block = b"".join(pieces)
        lines = np.delete(lines, odd)
    if not len(lines):
        return Chunk(lines, {}, problems)
    frame = pd.read_csv(
        io.BytesIO(block),
        header=None,
        names=list(range(WIDTH)),
        dtype=object,
        na_filter=False,
        skip_blank_lines=False,
        index_col=False,
        engine="c",
        encoding="utf-8",
    )
    if len(frame) != len(lines):  # never expected: every line has WIDTH fields
        raise ImportFailure(
            f"{name}, line {int(lines[0])} onwards: could not read the rows (expected "
            f"{len(lines):,} rows, read {len(frame):,})"
        )
    columns = {
        name: frame[i].to_numpy(dtype=object)
        for name, i in zip(COLUMNS, order, strict=True)
    }
    return Chunk(lines, columns, problems)


def _parse_with_csv(
    source: Source, blocks: Iterable[tuple[int, bytes]], order: list[int]
) -> Iterator[Chunk]:
    """The rest of a file read by the csv module: quoted fields, exact line numbers."""
    blocks = iter(blocks)
    try:
        start, block = next(blocks)
    except StopIteration:
        return

    def text_lines() -> Iterator[str]:
        yield from io.StringIO(block.decode("utf-8"), newline="")
        for _, more in blocks:
            yield from io.StringIO(more.decode("utf-8"), newline="")

    reader = csv.reader(text_lines())
    offset = start - 1

    def records() -> Iterator[tuple[int, list[str]]]:
        line = 0
        for cells in reader:
            yield offset + line + 1, cells
            line = reader.line_num

    numbered = records()
    try:
        while True:
            batch = list(islice(numbered, CHUNK_ROWS))
            if not batch:
                return
            problems: list[tuple[int, RowError | str]] = []
            rows, lines = [], []
            for line, cells in batch:
                if len(cells) == WIDTH:
                    rows.append(cells)
                    lines.append(line)
                elif any(cells):
                    problems.append((line, _field_problem(len(cells))))
            columns: dict[str, np.ndarray] = {}
            if rows:
                transposed = list(zip(*rows, strict=True))
                for name, i in zip(COLUMNS, order, strict=True):
                    column = np.empty(len(rows), dtype=object)
                    column[:] = transposed[i]
                    columns[name] = column
            yield Chunk(np.array(lines, dtype=np.int64), columns, problems)
    except csv.Error as error:
        raise ImportFailure(
            f"{source.name}, line {offset + reader.line_num}: not valid CSV ({error}); "
            "the file may be cut short: download it again"
        ) from None


# ------------------------------------------------------------------ checking


class DuplicateCheck:
    """Crime IDs seen so far, as sorted 64-bit hashes: 8 bytes a row, not the IDs.

    Python's string hash (SipHash, salted per process, the same for one import);
    two different IDs share a hash with odds of about 1 in 10^11 for 10 million rows.
    """

    def __init__(self) -> None:
        self.seen = np.empty(0, dtype=np.int64)

    def check(self, ids: np.ndarray) -> np.ndarray:
        """A mask of IDs seen before, in an earlier chunk or earlier in this one."""
        hashes = np.fromiter(map(hash, ids), dtype=np.int64, count=len(ids))
        repeat_ = pd.Series(hashes).duplicated().to_numpy()
        if len(self.seen):
            position = np.searchsorted(self.seen, hashes)
            position[position >= len(self.seen)] = 0
            repeat_ = repeat_ | (self.seen[position] == hashes)
        new = np.unique(hashes[~repeat_])
        self.seen = np.insert(self.seen, np.searchsorted(self.seen, new), new)
        return repeat_


def _check_chunk(chunk: Chunk, duplicates: DuplicateCheck) -> np.ndarray:
    """The mask of valid rows; each invalid row adds one problem (its first)."""
    cols = chunk.columns
    valid = np.ones(len(chunk.lines), dtype=bool)

    def flag(mask: np.ndarray, problem: Callable[[int], RowError | str]) -> None:
        hits = mask & valid
        for i in np.flatnonzero(hits):
            chunk.problems.append((int(chunk.lines[i]), problem(int(i))))
        valid[hits] = False

    month = cols["Month"]
    codes, uniques = pd.factorize(month)
    bad_codes = [i for i, m in enumerate(uniques) if not _MONTH.match(m)]
    if bad_codes:
        flag(
            np.isin(codes, bad_codes),
            lambda i: RowError(
                "Month", "a month as YYYY-MM, such as 2025-06", month[i]
            ),
        )
    chunk.months = (codes, np.asarray(uniques, dtype=object))

    kinds = cols["Crime type"]
    kind_codes, kind_uniques = pd.factorize(kinds)
    bad_codes = [i for i, k in enumerate(kind_uniques) if k not in CRIME_TYPES]
    if bad_codes:
        flag(
            np.isin(kind_codes, bad_codes),
            lambda i: RowError(
                "Crime type", "a police.uk crime type such as 'Burglary'", kinds[i]
            ),
        )

    for column, (low, high) in (
        ("Longitude", LONGITUDE_RANGE),
        ("Latitude", LATITUDE_RANGE),
    ):
        raw = cols[column]
        numbers = pd.to_numeric(pd.Series(raw), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan
        )
        not_number = np.isnan(numbers) & (raw != "")
        if not_number.any():
            flag(
                not_number,
                lambda i, raw=raw, column=column: RowError(column, "a number", raw[i]),
            )
        outside = (numbers < low) | (numbers > high)
        if outside.any():
            flag(
                outside,
                lambda i, raw=raw, column=column, low=low, high=high: RowError(
                    column,
                    f"a {column.lower()} in Great Britain, between {low} and {high} "
                    "(the point is far outside the area)",
                    raw[i],
                ),
            )
        chunk.numbers[column] = numbers
    one_blank = np.isnan(chunk.numbers["Longitude"]) != np.isnan(
        chunk.numbers["Latitude"]
    )
    if one_blank.any():
        flag(
            one_blank,
            lambda i: RowError(
                "Latitude", "both Longitude and Latitude, or neither", "one blank"
            ),
        )

    ids = cols["Crime ID"]
    candidates = np.flatnonzero(valid & (ids != ""))
    repeated = np.zeros(len(valid), dtype=bool)
    repeated[candidates] = duplicates.check(ids[candidates])
    if repeated.any():
        flag(
            repeated,
            lambda i: (
                f"column 'Crime ID': the crime {ids[i]!r} appears more than once "
                "(a duplicate row)"
            ),
        )
    return valid


# ------------------------------------------------------------------ importing


def import_police_uk(
    url: str, paths: list[Path], *, skip_invalid: bool = False, progress: bool = True
) -> ImportSummary:
    """Import street-level files; replace every police.uk row of the months they hold."""
    sources = find_sources(paths)
    total_bytes = sum(source.size() for source in sources)
    readings = [Reading() for _ in sources]
    rejections = Rejections(skip_invalid)
    duplicates = DuplicateCheck()
    summary = ImportSummary("police-uk")
    loaded_at = now()
    predicted = {m for m in map(_first_month, sources) if _MONTH.match(m)}
    staging_id = dataset_id_for(predicted) if predicted else "police_uk_import"
    months: set[str] = set()
    forces: set[str] = set()
    counts = {"rows": 0, "outside": 0, "no_location": 0}
    incident = schema.incident
    with live_transaction(url) as conn:
        wards = WardIndex.from_database(conn)
        before_max = conn.execute(select(func.max(incident.c.incident_id))).scalar()
        before_max = int(before_max or 0)
        postgres = conn.dialect.name == "postgresql"
        # SQLite: a large file loads faster into a table without its indexes, which
        # are built again at the end, inside the same transaction.
        rebuild = not postgres and total_bytes // BYTES_PER_ROW >= max(
            REBUILD_ROWS,
            2 * conn.execute(select(func.count()).select_from(incident)).scalar_one(),
        )
        if rebuild:
            for index in incident.indexes:
                index.drop(conn)
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
        # Replace: every police.uk row of the months the files begin with now (while
        # the table is small); months found later are replaced after the load.
        touched = _delete_months(conn, predicted, before_max)
        dropped = drop_datasets(conn, DEMO_DATASETS, [incident])
        bar = tqdm(
            total=total_bytes,
            unit="B",
            unit_scale=True,
            disable=None if progress else True,
            desc="police-uk",
        )
        with bar, _incident_writer(conn) as write:
            for source, reading in zip(sources, readings, strict=True):
                with source.open() as handle:
                    for chunk in _read_chunks(source, handle, reading, bar.update):
                        valid = (
                            _check_chunk(chunk, duplicates)
                            if len(chunk.lines)
                            else np.zeros(0, dtype=bool)
                        )
                        for line, problem in sorted(chunk.problems, key=itemgetter(0)):
                            rejections.reject(source.name, line, problem)
                        if not valid.any():
                            continue
                        rows = _rows(chunk, valid, wards, staging_id, counts, postgres)
                        write(rows)
                        counts["rows"] += len(rows)
                        codes, uniques = chunk.months  # type: ignore[misc]
                        months.update(uniques[np.unique(codes[valid])])
                        forces.update(pd.unique(chunk.columns["Falls within"][valid]))
        if counts["rows"] == 0:
            raise ImportFailure(
                ", ".join(s.name for s in sources)
                + ": no valid data rows; expected at least one row under the header"
            )
        touched |= _delete_months(conn, months - predicted, before_max)
        if rebuild:
            for index in incident.indexes:
                index.create(conn)
        first, last = min(months), max(months)
        dataset_id = dataset_id_for(months)
        month_dates = [date.fromisoformat(f"{m}-01") for m in sorted(months)]
        notes = (
            f"{counts['outside']:,} rows lie outside Peterborough's wards: kept with no "
            f"ward or sector, so they are not in ward or sector figures. "
            f"{counts['no_location']:,} rows have no location. Forces: "
            f"{', '.join(sorted(forces))}. Months: {', '.join(sorted(months))}. "
            "Ward and sector by point in polygon (shapely intersects_xy) against "
            "the ward boundaries in the database. Locations are anonymised by police.uk "
            "to the nearest snap point. LSOA codes are as published. Files: "
            + "; ".join(
                f"{s.name} {r.checksum}" for s, r in zip(sources, readings, strict=True)
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
            period_end=month_end(month_dates[-1]),
            is_demo=False,
            notes=notes,
        )
        record_dataset(
            conn,
            info,
            rows=counts["rows"],
            loaded_at=loaded_at,
            source_files=list(dict.fromkeys(s.path for s in sources)),
            # A CSV read whole was checksummed while reading; a zip is summed itself.
            checksums={
                s.path: r.checksum
                for s, r in zip(sources, readings, strict=True)
                if s.member is None
            },
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
        # Recount only datasets that are left (the demo data was dropped whole): a
        # count is a scan of the table, slow straight after a large load.
        left = touched - {dataset_id, staging_id} - set(dropped)
        refresh_row_counts(conn, incident, sorted(left))
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


def _first_month(source: Source) -> str:
    """The Month of the first data row, to name the dataset before reading it all."""
    try:
        with source.open() as handle:
            head = handle.read(4096)
        rows = list(csv.reader(io.StringIO(head.decode("utf-8-sig", "ignore"))))
        return rows[1][rows[0].index("Month")] if len(rows) > 1 else ""
    except (ValueError, IndexError, csv.Error):
        return ""


def _delete_months(conn: Connection, months: set[str], before_max: int) -> set[str]:
    """Delete the police.uk rows of these months loaded before this import; return
    the datasets they belonged to."""
    if not months:
        return set()
    incident = schema.incident
    replaced = and_(
        incident.c.source_system == "police.uk",
        incident.c.month.in_([date.fromisoformat(f"{m}-01") for m in sorted(months)]),
        incident.c.incident_id <= before_max,
    )
    touched = {
        row[0]
        for row in conn.execute(
            select(incident.c.dataset_id).where(replaced).distinct()
        )
    }
    conn.execute(delete(incident).where(replaced))
    return touched


@contextmanager
def _incident_writer(conn: Connection) -> Iterator[Callable[[list[tuple]], None]]:
    """A function that writes rows of _INSERT_COLUMNS: into one COPY on PostgreSQL
    (sent from a thread, so the server stores a chunk while the next is read), by
    executemany on SQLite."""
    raw = conn.connection.driver_connection
    columns = ", ".join(_INSERT_COLUMNS)
    if conn.dialect.name == "postgresql":
        with (
            raw.cursor() as cursor,
            cursor.copy(
                f"COPY incident ({columns}) FROM STDIN",
                writer=QueuedLibpqWriter(cursor),
            ) as copy,
        ):
            yield lambda rows: deque(map(copy.write_row, rows), maxlen=0)
        return
    marks = ", ".join("?" for _ in _INSERT_COLUMNS)
    cursor = raw.cursor()
    try:
        yield lambda rows: cursor.executemany(
            f"INSERT INTO incident ({columns}) VALUES ({marks})", rows
        )
    finally:
        cursor.close()


def _text(values: np.ndarray, limit: int) -> list[str | None]:
    """Text values cut to the column's length; blanks as NULL."""
    if len(values) and max(map(len, values)) > limit:
        values = np.array([v[:limit] for v in values], dtype=object)
    else:
        values = values.copy()
    values[values == ""] = None
    return values.tolist()


def _rows(
    chunk: Chunk,
    valid: np.ndarray,
    wards: WardIndex,
    dataset_id: str,
    counts: dict[str, int],
    postgres: bool,
) -> list[tuple]:
    """The valid rows of a chunk as tuples of _INSERT_COLUMNS, with ward and sector."""
    index = None if valid.all() else np.flatnonzero(valid)

    def take(values: np.ndarray) -> np.ndarray:
        return values if index is None else values[index]

    cols = chunk.columns
    longitude = take(chunk.numbers["Longitude"])
    latitude = take(chunk.numbers["Latitude"])
    found = wards.find(longitude, latitude)
    no_point = np.isnan(longitude)
    counts["no_location"] += int(no_point.sum())
    counts["outside"] += int(((found < 0) & ~no_point).sum())
    codes, uniques = chunk.months  # type: ignore[misc]
    month = np.array([f"{m}-01" for m in uniques], dtype=object)[take(codes)]
    lon, lat = longitude.astype(object), latitude.astype(object)
    lon[no_point] = lat[no_point] = None
    n = len(longitude)
    return list(
        zip(
            repeat("police.uk", n),
            repeat("police", n),
            take(cols["Crime type"]).tolist(),
            month.tolist(),
            lon.tolist(),
            lat.tolist(),
            _text(take(cols["LSOA code"]), 20),
            wards.ward_of[found].tolist(),
            wards.sector_of_ward[found].tolist(),
            _text(take(cols["Location"]), 200),
            _text(take(cols["Last outcome category"]), 120),
            _text(take(cols["Crime ID"]), 80),
            repeat(False if postgres else 0, n),
            repeat(dataset_id, n),
            strict=True,
        )
    )


# ------------------------------------------------------------------ the build

PETERBOROUGH_LSOA_PREFIX = "Peterborough "
MONTH_COUNTS = (
    "kept",
    "in_ward",
    "named",
    "named_asb",
    "named_outside",
    "ward_other_name",
)


def load_peterborough_street_files(
    conn: Connection, recorder: DatasetRecorder, path: Path
) -> dict[str, dict[str, int]]:
    """The build's load of a police.uk archive (or folder, or files): the street
    files only (outcomes and stop-and-search members are not read here), keeping
    Peterborough's rows: those inside its wards by point in polygon and those whose
    LSOA name police.uk gives as "Peterborough ..." (kept with no ward if their point
    falls outside the ward boundaries). Any invalid row stops the build.

    Returns month -> counts of rows kept, in a ward, with a Peterborough LSOA name
    and of ASB among the latter, for the dataset notes and the tests."""
    sources = find_sources([path])
    wards = WardIndex.from_database(conn)
    duplicates = DuplicateCheck()
    readings = [Reading() for _ in sources]
    postgres = conn.dialect.name == "postgresql"
    months: dict[str, dict[str, int]] = {}
    totals = {"read": 0, "kept": 0, "no_location": 0}
    staging_id = "police_uk_build"
    dataset = schema.dataset
    conn.execute(
        dataset.insert().values(
            dataset_id=staging_id,
            title="police.uk build in progress",
            source="data.police.uk",
            licence="",
            attribution="",
            period_label="",
            is_demo=False,
            loaded_at=recorder.loaded_at,
            row_count=0,
        )
    )
    started = perf_counter()
    with _incident_writer(conn) as write:
        for source, reading in zip(sources, readings, strict=True):
            with source.open() as handle:
                for chunk in _read_chunks(source, handle, reading, lambda _: None):
                    if not len(chunk.lines):
                        continue
                    valid = _check_chunk(chunk, duplicates)
                    if chunk.problems:
                        line, problem = min(chunk.problems, key=itemgetter(0))
                        raise ValueError(f"{source.name}, line {line}: {problem}")
                    totals["read"] += len(chunk.lines)
                    lon = chunk.numbers["Longitude"]
                    lat = chunk.numbers["Latitude"]
                    in_ward = wards.find(lon, lat) >= 0
                    named = np.char.startswith(
                        chunk.columns["LSOA name"].astype(str), PETERBOROUGH_LSOA_PREFIX
                    )
                    keep = valid & (in_ward | named)
                    asb = chunk.columns["Crime type"] == "Anti-social behaviour"
                    codes, uniques = chunk.months  # type: ignore[misc]
                    for number, month in enumerate(uniques):
                        here = codes == number
                        counts = months.setdefault(
                            month, dict.fromkeys(MONTH_COUNTS, 0)
                        )
                        here = here & valid
                        counts["kept"] += int((keep & here).sum())
                        counts["in_ward"] += int((in_ward & here).sum())
                        counts["named"] += int((named & here).sum())
                        counts["named_asb"] += int((named & asb & here).sum())
                        counts["named_outside"] += int((named & ~in_ward & here).sum())
                        counts["ward_other_name"] += int(
                            (in_ward & ~named & here).sum()
                        )
                    if not keep.any():
                        continue
                    tally = {"rows": 0, "outside": 0, "no_location": 0}
                    rows = _rows(chunk, keep, wards, staging_id, tally, postgres)
                    totals["no_location"] += tally["no_location"]
                    write(rows)
                    totals["kept"] += len(rows)
    names = sorted(months)
    first, last = names[0], names[-1]
    in_ward, named, outside, other = (
        sum(m[key] for m in months.values())
        for key in ("in_ward", "named", "named_outside", "ward_other_name")
    )
    kept = totals["kept"]
    info = DatasetInfo(
        dataset_id=dataset_id_for(set(names)),
        publisher="data.police.uk",
        title=f"police.uk street-level crime and ASB, Peterborough, {first} to {last}",
        source="data.police.uk street-level crime files, Cambridgeshire Constabulary "
        "(Home Office / Cambridgeshire Constabulary)",
        licence="Open Government Licence v3.0",
        attribution=(
            "Contains public sector information licensed under the Open Government "
            "Licence v3.0 (data.police.uk)."
        ),
        period_label=f"{first} to {last}",
        period_start=date.fromisoformat(f"{first}-01"),
        period_end=month_end(date.fromisoformat(f"{last}-01")),
        is_demo=False,
        source_file=path,
        notes=(
            f"Peterborough's rows of the {len(sources)} monthly Cambridgeshire street "
            f"files ({totals['read']:,} rows): {kept:,} kept. Kept: every row inside "
            f"Peterborough's 22 wards by point in polygon ({in_ward:,}) and every row "
            f"whose LSOA name police.uk gives as 'Peterborough ...' ({named:,}); "
            f"{outside:,} rows with a Peterborough LSOA name lie outside the ward "
            "boundaries (kept with no ward or sector, so in neither ward nor sector "
            f"figures) and {other:,} rows inside the wards have another LSOA name. "
            "The rest of Cambridgeshire is not kept. LSOA codes are 2021 "
            "LSOAs as published. Locations are anonymised by police.uk to the nearest "
            "snap point. The outcomes and stop and search files in the archive are "
            "not read here."
        ),
    )
    with recorder.dataset(info) as counter:
        counter[0] = kept
    incident = schema.incident
    conn.execute(
        incident.update()
        .where(incident.c.dataset_id == staging_id)
        .values(dataset_id=info.dataset_id)
    )
    conn.execute(delete(dataset).where(dataset.c.dataset_id == staging_id))
    recorder.report.lines[-1] = (info.dataset_id, kept, perf_counter() - started)
    return months
