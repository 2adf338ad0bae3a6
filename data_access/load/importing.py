"""Shared machinery of the import commands: user-error messages, CSV reading with
checks, one all-or-nothing transaction on the live database, and provenance.

An import never rebuilds the database: it opens the live one (the SQLite file or
the PostgreSQL schema ``pes``), replaces the release or month it carries in one
transaction and records where the data came from in ``dataset``.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import (
    Connection,
    Table,
    create_engine,
    delete,
    event,
    func,
    select,
    text,
)
from sqlalchemy.engine import Engine, make_url

from data_access import schema
from data_access.engine import sqlite_path
from data_access.load.writer import (
    LIVE_SCHEMA,
    DatasetInfo,
    _writable_postgres,
    file_checksum,
)

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF8_BOM = b"\xef\xbb\xbf"


class ImportFailure(ValueError):
    """A user error in an import: the message says what to fix; nothing was changed."""


class RowError(ValueError):
    """One value in one row is wrong: which column, what was expected, what was found."""

    def __init__(self, column: str, expected: str, found: object) -> None:
        super().__init__(f"column '{column}': expected {expected}, found {found!r}")
        self.column = column
        self.expected = expected
        self.found = found


def row_message(file_name: str, line: int, error: RowError | str) -> str:
    """'kpis.csv, line 7, column 'value': expected a number, found 'n/a''."""
    return f"{file_name}, line {line}, {error}"


@dataclass
class Rejections:
    """Rows left out under --skip-invalid, or the first bad row otherwise."""

    skip_invalid: bool
    messages: list[str] = field(default_factory=list)

    def reject(self, file_name: str, line: int, error: RowError | str) -> None:
        """Keep the message if skipping is allowed, else stop the import with it."""
        message = row_message(file_name, line, error)
        if not self.skip_invalid:
            raise ImportFailure(message)
        self.messages.append(message)


@dataclass
class ImportSummary:
    """What one import command did, for the console."""

    kind: str
    dataset_ids: list[str] = field(default_factory=list)
    rows: int = 0
    rejected: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        lines = [
            f"{self.kind}: loaded {self.rows:,} rows into "
            + (", ".join(self.dataset_ids) or "no dataset")
        ]
        lines += [f"  {note}" for note in self.notes]
        if self.rejected:
            lines.append(f"  {len(self.rejected):,} rows rejected (--skip-invalid):")
            lines += [f"    {message}" for message in self.rejected[:200]]
            if len(self.rejected) > 200:
                lines.append(f"    ... and {len(self.rejected) - 200:,} more")
        return "\n".join(lines)


# ------------------------------------------------------------------ input bounds

# What one import may read. A police.uk month for a force is a few MB, the largest
# ONS workbook about 2.6 MB; these bounds leave ample room and stop a file that would
# take gigabytes of memory before any of it is read.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ZIP_MEMBERS = 1_000
MAX_ZIP_BYTES = 1024 * 1024 * 1024  # all members, uncompressed
MAX_SHEET_ROWS = 100_000
MAX_SHEET_COLUMNS = 200


def checked_file(path: Path) -> Path:
    """``path`` if it is a regular file within MAX_FILE_BYTES, else ImportFailure
    in one sentence (a device, a pipe or a folder is refused before it is read)."""
    try:
        status = os.stat(path)
    except OSError:
        raise ImportFailure(f"{path}: no such file") from None
    if not stat.S_ISREG(status.st_mode):
        raise ImportFailure(
            f"{path.name}: not a regular file (a device, pipe or folder); expected a "
            "downloaded data file"
        )
    if status.st_size > MAX_FILE_BYTES:
        raise ImportFailure(
            f"{path.name}: {status.st_size / 1e6:,.0f} MB is more than the "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB an import reads; split it into "
            "smaller files"
        )
    return path


def check_zip_members(name: str, members: Sequence[zipfile.ZipInfo]) -> None:
    """Refuse an archive with too many members or too much uncompressed data."""
    if len(members) > MAX_ZIP_MEMBERS:
        raise ImportFailure(
            f"{name}: the archive holds {len(members):,} files, more than the "
            f"{MAX_ZIP_MEMBERS:,} an import reads"
        )
    for member in members:
        if member.file_size > MAX_FILE_BYTES:
            raise ImportFailure(
                f"{name}: the member {member.filename[:60]} unpacks to "
                f"{member.file_size / 1e6:,.0f} MB, more than the "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB an import reads"
            )
    total = sum(member.file_size for member in members)
    if total > MAX_ZIP_BYTES:
        raise ImportFailure(
            f"{name}: the archive unpacks to {total / 1e9:,.1f} GB, more than the "
            f"{MAX_ZIP_BYTES // 1024**3} GB an import reads"
        )


# ---------------------------------------------------------------------- text files


def check_bytes_start(name: str, head: bytes) -> None:
    """Refuse empty files and UTF-16 text, which spreadsheet 'Unicode text' exports make."""
    if not head.strip(UTF8_BOM + b" \r\n\t"):
        raise ImportFailure(f"{name}: the file is empty")
    if head.startswith(UTF16_BOMS):
        raise ImportFailure(
            f"{name}: the file is UTF-16 text (it starts with a UTF-16 byte-order mark); "
            "expected UTF-8: save it again as 'CSV UTF-8 (comma delimited)'"
        )


def decode_utf8(name: str, data: bytes) -> str:
    """The text of a UTF-8 file (a leading byte-order mark is dropped), or a message
    naming the line of the first byte that is not UTF-8."""
    check_bytes_start(name, data[:4096])
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ImportFailure(
            f"{name}, line {line}: the file holds a NUL byte, which no text file "
            "should; expected UTF-8 text: save it again as 'CSV UTF-8'"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex().upper()
        raise ImportFailure(
            f"{name}, line {line}: the text is not UTF-8 (byte 0x{byte}, as written by "
            "an older 'Windows' or 'Latin-1' export); expected UTF-8: save it again as "
            "'CSV UTF-8 (comma delimited)'"
        ) from None


def _clean_header(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").split())


@dataclass
class CsvTable:
    """A checked CSV: its file name, header and (line number, row dict) records."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read_csv_table(
    path: Path,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    rejections: Rejections,
    data: bytes | None = None,
) -> CsvTable:
    """Read a small CSV whole: header checked against the expected columns, each row
    checked for its number of fields. Cut-short or over-long rows are rejected."""
    name = path.name
    text_data = decode_utf8(name, path.read_bytes() if data is None else data)
    reader = csv.reader(io.StringIO(text_data, newline=""))
    try:
        header = [_clean_header(cell) for cell in next(reader)]
    except StopIteration:
        raise ImportFailure(f"{name}: the file is empty") from None
    except csv.Error as error:
        raise ImportFailure(
            f"{name}, line 1: the header is not valid CSV ({error})"
        ) from None
    check_header(name, header, required=required, optional=optional)
    rows: list[tuple[int, dict[str, str]]] = []
    width = len(header)
    line = reader.line_num
    try:
        for cells in reader:
            line, start = reader.line_num, line + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != width:
                what = "cut short" if len(cells) < width else "too long"
                rejections.reject(
                    name,
                    start,
                    f"the row has {len(cells)} fields where the header has {width}: "
                    f"the row looks {what}",
                )
                continue
            rows.append((start, dict(zip(header, cells, strict=True))))
    except csv.Error as error:
        raise ImportFailure(
            f"{name}, line {reader.line_num}: not valid CSV ({error}); a quote may be "
            "unclosed or the file cut short"
        ) from None
    if not rows and not rejections.messages:
        raise ImportFailure(
            f"{name}: the file has a header but no data rows; expected at least one row "
            "under the header"
        )
    return CsvTable(name, header, rows)


def check_header(
    name: str,
    header: Sequence[str],
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    line: int = 1,
) -> None:
    """Refuse missing, unknown (often misspelt) and repeated columns, naming them."""
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise ImportFailure(f"{name}, line {line}: column '{column}' appears twice")
        seen.add(column)
    missing = [column for column in required if column not in seen]
    unknown = [c for c in header if c and c not in set(required) | set(optional)]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(f"'{c}'" for c in missing))
        if unknown:
            parts.append("unexpected column(s) " + ", ".join(f"'{c}'" for c in unknown))
        raise ImportFailure(
            f"{name}, line {line}: " + "; ".join(parts) + ". Expected the columns: "
            f"{', '.join(list(required) + list(optional))}"
        )


# ------------------------------------------------------------------ value parsers


def text_value(row: dict[str, str], column: str, *, max_length: int = 200) -> str:
    """A required, non-blank text value of at most max_length characters."""
    value = row.get(column, "").strip()
    if not value:
        raise RowError(column, "a value", value)
    if len(value) > max_length:
        raise RowError(column, f"at most {max_length} characters", value[:40] + "...")
    return value


def optional_text(row: dict[str, str], column: str, *, max_length: int = 4000) -> str:
    """A text value that may be blank."""
    value = row.get(column, "").strip()
    if len(value) > max_length:
        raise RowError(column, f"at most {max_length} characters", value[:40] + "...")
    return value


# The largest number any partnership figure may hold (1e308 is finite, not a count).
MAX_NUMBER = 1e12
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
# An identifier that is safe in an address and a file name: letters, digits, '-',
# '_' and '.', starting with a letter or digit.
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def id_value(row: dict[str, str], column: str, *, max_length: int = 60) -> str:
    """A required identifier: letters, digits, '-', '_' and '.', so that it can go
    into a link or a file name as it is."""
    value = text_value(row, column, max_length=max_length)
    if not _IDENTIFIER.fullmatch(value):
        raise RowError(
            column, "an identifier of letters, digits, '-', '_' or '.'", value[:40]
        )
    return value


def number_value(
    row: dict[str, str],
    column: str,
    *,
    required: bool = True,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float | None:
    """A number ('1,234.5' allowed); blank gives None when not required."""
    raw = row.get(column, "").strip()
    if not raw:
        if required:
            raise RowError(column, "a number", raw)
        return None
    if "," in raw and not _THOUSANDS.fullmatch(raw):
        # '1,2,3,4' is not 1234: commas only between groups of three digits.
        raise RowError(column, "a number such as 1,234.5 or 1234.5", raw)
    try:
        value = float(raw.replace(",", ""))
    except ValueError:
        raise RowError(column, "a number", raw) from None
    if value != value or abs(value) > MAX_NUMBER:
        raise RowError(column, f"a number no larger than {MAX_NUMBER:,.0f}", raw)
    if minimum is not None and value < minimum:
        raise RowError(column, f"a number of at least {minimum:g}", raw)
    if maximum is not None and value > maximum:
        raise RowError(column, f"a number of at most {maximum:g}", raw)
    return value


def integer_value(
    row: dict[str, str],
    column: str,
    *,
    required: bool = True,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int | None:
    """A whole number ('1,234' allowed); blank gives None when not required."""
    raw = row.get(column, "").strip()
    if not raw and not required:
        return None
    text_ = raw.replace(",", "")
    if not text_.lstrip("-").isdigit():
        raise RowError(column, "a whole number", raw)
    value = int(text_)
    if minimum is not None and value < minimum:
        raise RowError(column, f"a whole number of at least {minimum}", raw)
    if maximum is not None and value > maximum:
        raise RowError(column, f"a whole number of at most {maximum}", raw)
    return value


def date_value(
    row: dict[str, str],
    column: str,
    *,
    required: bool = True,
    latest: date | None = None,
) -> date | None:
    """An ISO date, YYYY-MM-DD (what a spreadsheet writes with a yyyy-mm-dd format),
    not after ``latest`` when one is given (a reported period cannot end in 2099)."""
    raw = row.get(column, "").strip()
    if not raw and not required:
        return None
    try:
        value = date.fromisoformat(raw) if len(raw) == 10 else _bad_date(column, raw)
    except ValueError:
        return _bad_date(column, raw)
    if latest is not None and value > latest:
        raise RowError(column, f"a date no later than {latest.isoformat()}", raw)
    return value


def reported_by() -> date:
    """The latest end a reported period or survey may have: today."""
    return date.today()


def _bad_date(column: str, raw: str) -> date:
    raise RowError(column, "a date as YYYY-MM-DD, such as 2025-06-30", raw)


def datetime_value(
    row: dict[str, str], column: str, *, required: bool = True
) -> datetime | None:
    """An ISO date and time, such as 2025-07-21T09:37Z, returned in UTC; a time
    without a zone is taken as UTC (the database keeps UTC)."""
    raw = row.get(column, "").strip()
    if not raw and not required:
        return None
    try:
        # A bare date would silently mean midnight: a time must be given.
        if len(raw) < 16:
            raise ValueError(raw)
        stamp = datetime.fromisoformat(raw)
    except ValueError:
        raise RowError(
            column,
            "a date and time as YYYY-MM-DDTHH:MM, such as 2025-07-21T09:37Z",
            raw,
        ) from None
    if stamp.tzinfo is None:
        return stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC)


def choice_value(
    row: dict[str, str], column: str, choices: Sequence[str], *, required: bool = True
) -> str | None:
    """One of a fixed list of words (case-insensitive)."""
    raw = row.get(column, "").strip()
    if not raw and not required:
        return None
    lowered = raw.lower()
    for option in choices:
        if option.lower() == lowered:
            return option
    raise RowError(column, "one of " + ", ".join(choices), raw)


def bool_value(row: dict[str, str], column: str) -> bool:
    """yes/no, true/false or 1/0."""
    raw = row.get(column, "").strip().lower()
    if raw in ("yes", "true", "1", "y"):
        return True
    if raw in ("no", "false", "0", "n"):
        return False
    raise RowError(column, "yes or no", row.get(column, ""))


# --------------------------------------------------------------- live transaction


def _transactional_sqlite(path: Path) -> Engine:
    """A SQLite engine whose transactions hold DDL too.

    Python's sqlite3 module opens a transaction only before INSERT, UPDATE or DELETE,
    so a DROP INDEX issued first ran and was committed on its own: a failed import
    then said nothing had changed while the table had lost its indexes. Here the
    driver's own handling is off and each transaction starts with BEGIN IMMEDIATE,
    so everything an import does, DDL included, commits or rolls back together."""
    # Wait up to 30 s for a reader's or another import's lock before giving up.
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin_immediately(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@contextlib.contextmanager
def live_transaction(url: str) -> Iterator[Connection]:
    """One transaction on the live database: committed whole or rolled back whole."""
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        if path is None or not path.exists():
            raise ImportFailure(
                "There is no database to import into yet. Build it first: "
                "python -m data_access.load build"
            )
        engine = _transactional_sqlite(path)
    elif backend == "postgresql":
        engine = _writable_postgres(url, LIVE_SCHEMA)
    else:
        raise ImportFailure(
            f"Unsupported database {backend!r}: use sqlite:/// or postgresql://"
        )
    try:
        with engine.begin() as conn:
            if backend != "sqlite":
                found = conn.execute(
                    text(
                        "SELECT 1 FROM information_schema.schemata "
                        "WHERE schema_name = :name"
                    ),
                    {"name": LIVE_SCHEMA},
                ).first()
                if not found:
                    raise ImportFailure(
                        "There is no database to import into yet. Build it first: "
                        "python -m data_access.load build --database-url URL"
                    )
            yield conn
    finally:
        engine.dispose()


def now() -> datetime:
    """The import's timestamp (UTC, whole seconds)."""
    return datetime.now(UTC).replace(microsecond=0)


def files_checksum(
    paths: Sequence[Path], known: Mapping[Path, str] | None = None
) -> tuple[str, str]:
    """(source_file, checksum) for the dataset row: one file as is; several files
    as their names and a SHA-256 over their own checksums in order. Checksums an
    import already computed while reading come in ``known``."""
    known = known or {}
    sums = [known.get(path) or file_checksum(path) for path in paths]
    if len(paths) == 1:
        return paths[0].name, sums[0]
    combined = hashlib.sha256("\n".join(sums).encode()).hexdigest()
    names = "; ".join(path.name for path in paths)
    if len(names) > 300:
        names = names[:290] + f" (+{len(paths)})"
    return names, f"sha256:{combined}"


def record_dataset(
    conn: Connection,
    info: DatasetInfo,
    *,
    rows: int,
    loaded_at: datetime,
    source_files: Sequence[Path] = (),
    checksums: Mapping[Path, str] | None = None,
) -> None:
    """Write or replace the dataset row: source file, checksum, rows, period, time."""
    source_file, checksum = (
        files_checksum(source_files, checksums) if source_files else (None, None)
    )
    values = {
        "title": info.title,
        "description": info.description,
        "publisher": info.publisher or info.source.split(",")[0],
        "source": info.source,
        "licence": info.licence,
        "attribution": info.attribution,
        "period_label": info.period_label,
        "period_start": info.period_start,
        "period_end": info.period_end,
        "is_demo": info.is_demo,
        "status": info.status,
        "loaded_at": loaded_at,
        "row_count": rows,
        "source_file": source_file,
        "checksum": checksum,
        "notes": info.notes,
    }
    table = schema.dataset
    exists = conn.execute(
        select(table.c.dataset_id).where(table.c.dataset_id == info.dataset_id)
    ).first()
    if exists:
        conn.execute(
            table.update().where(table.c.dataset_id == info.dataset_id).values(**values)
        )
    else:
        conn.execute(table.insert().values(dataset_id=info.dataset_id, **values))


def drop_datasets(
    conn: Connection,
    dataset_ids: Sequence[str],
    tables: Sequence[Table],
    *,
    before_delete: Callable[[Connection, list[str]], None] | None = None,
) -> list[str]:
    """Delete the named datasets' rows from the tables and their dataset rows;
    return the ids that were there (demo data replaced by real data)."""
    present = [
        row.dataset_id
        for row in conn.execute(
            select(schema.dataset.c.dataset_id).where(
                schema.dataset.c.dataset_id.in_(list(dataset_ids))
            )
        )
    ]
    if not present:
        return []
    if before_delete is not None:
        before_delete(conn, present)
    for table in tables:
        conn.execute(delete(table).where(table.c.dataset_id.in_(present)))
    conn.execute(delete(schema.dataset).where(schema.dataset.c.dataset_id.in_(present)))
    return present


def refresh_row_counts(
    conn: Connection, table: Table, dataset_ids: Sequence[str]
) -> None:
    """Recount rows of datasets that an import replaced part of. An emptied dataset
    row is deleted, unless other tables still point at it (areas it added, say):
    then it stays with 0 rows and a note that a later import replaced it."""
    for dataset_id in dataset_ids:
        count = conn.execute(
            select(func.count()).where(table.c.dataset_id == dataset_id)
        ).scalar_one()
        if count:
            conn.execute(
                schema.dataset.update()
                .where(schema.dataset.c.dataset_id == dataset_id)
                .values(row_count=count)
            )
            continue
        still_used = any(
            conn.execute(
                select(func.count()).where(other.c.dataset_id == dataset_id)
            ).scalar_one()
            for other in schema.metadata.sorted_tables
            if "dataset_id" in other.c and other is not schema.dataset
        )
        if still_used:
            conn.execute(
                schema.dataset.update()
                .where(schema.dataset.c.dataset_id == dataset_id)
                .values(row_count=0, notes="Its rows were replaced by a later import.")
            )
        else:
            conn.execute(
                delete(schema.dataset).where(schema.dataset.c.dataset_id == dataset_id)
            )
