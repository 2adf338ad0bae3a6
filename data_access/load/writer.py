"""Writing side of the loader: a writable engine, atomic swaps and dataset records."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from time import perf_counter

from sqlalchemy import Connection, Table, create_engine, text
from sqlalchemy.engine import Engine, make_url

from data_access import schema
from data_access.engine import sqlite_path

LIVE_SCHEMA = "pes"
BUILD_SCHEMA = "pes_build"
OLD_SCHEMA = "pes_old"
INSERT_CHUNK = 5_000


@dataclass(frozen=True)
class DatasetInfo:
    """What /data-sources shows about one dataset."""

    dataset_id: str
    title: str
    source: str
    licence: str
    attribution: str
    period_label: str
    is_demo: bool
    period_start: date | None = None
    period_end: date | None = None
    description: str = ""
    source_file: Path | None = None
    notes: str = ""
    publisher: str = ""
    # real, computed, default or demo (schema.DATASET_STATUSES); empty means demo
    # when is_demo, else real. Demo data is always is_demo; real and computed never.
    status: str = ""

    def __post_init__(self) -> None:
        if not self.status:
            object.__setattr__(self, "status", "demo" if self.is_demo else "real")
        if self.status not in schema.DATASET_STATUSES:
            raise ValueError(f"Unknown dataset status {self.status!r}")
        if (self.status == "demo" and not self.is_demo) or (
            self.status in ("real", "computed") and self.is_demo
        ):
            raise ValueError(
                f"Dataset {self.dataset_id}: status {self.status!r} "
                f"does not match is_demo={self.is_demo}"
            )


@dataclass
class LoadReport:
    """Row counts and timings of one loader run, for the console."""

    lines: list[tuple[str, int, float]] = field(default_factory=list)

    def render(self) -> str:
        width = max((len(name) for name, _, _ in self.lines), default=10)
        rows = [
            f"{name:<{width}}  {rows:>9,} rows  {secs:6.2f} s"
            for name, rows, secs in self.lines
        ]
        return "\n".join(rows)


def file_checksum(path: Path) -> str:
    """SHA-256 of a file, for provenance."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return f"sha256:{digest.hexdigest()}"


def insert_rows(
    conn: Connection, table: Table, rows: Iterable[Mapping[str, object]]
) -> int:
    """Insert rows in chunks (bound parameters, executemany); return how many."""
    total = 0
    chunk: list[Mapping[str, object]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= INSERT_CHUNK:
            conn.execute(table.insert(), chunk)
            total += len(chunk)
            chunk = []
    if chunk:
        conn.execute(table.insert(), chunk)
        total += len(chunk)
    return total


class DatasetRecorder:
    """Records each dataset's provenance row and the loader's report as data lands."""

    def __init__(self, conn: Connection, loaded_at: datetime) -> None:
        self.conn = conn
        self.loaded_at = loaded_at
        self.report = LoadReport()

    @contextlib.contextmanager
    def dataset(self, info: DatasetInfo) -> Iterator[list[int]]:
        """Yield a one-item row counter; on exit write the dataset row with that count."""
        started = perf_counter()
        self.conn.execute(
            schema.dataset.insert(),
            {
                "dataset_id": info.dataset_id,
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
                "loaded_at": self.loaded_at,
                "row_count": 0,
                "source_file": info.source_file.name if info.source_file else None,
                "checksum": file_checksum(info.source_file)
                if info.source_file
                else None,
                "notes": info.notes,
            },
        )
        counter = [0]
        yield counter
        self.conn.execute(
            schema.dataset.update()
            .where(schema.dataset.c.dataset_id == info.dataset_id)
            .values(row_count=counter[0])
        )
        self.report.lines.append(
            (info.dataset_id, counter[0], perf_counter() - started)
        )


def _writable_postgres(url: str, search_path: str) -> Engine:
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(
        parsed, connect_args={"options": f"-c search_path={search_path}"}
    )


@contextlib.contextmanager
def atomic_build(url: str) -> Iterator[Connection]:
    """A connection to a fresh, empty database that replaces the live one on success.

    SQLite builds into a temporary file beside the target and renames it over the
    old file. PostgreSQL builds into a spare schema and swaps schema names in one
    transaction. If anything fails, the previous database is left untouched.
    """
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        target = sqlite_path(url)
        if target is None:
            raise ValueError("The loader needs a SQLite file path, not memory")
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.building-{os.getpid()}")
        temporary.unlink(missing_ok=True)
        engine = create_engine(f"sqlite:///{temporary}")
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA journal_mode=OFF")
                conn.exec_driver_sql("PRAGMA synchronous=OFF")
                schema.metadata.create_all(conn)
                yield conn
            engine.dispose()
            os.replace(temporary, target)
        except BaseException:
            engine.dispose()
            temporary.unlink(missing_ok=True)
            raise
        return
    if backend == "postgresql":
        admin = _writable_postgres(url, "public")
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {BUILD_SCHEMA} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {BUILD_SCHEMA}"))
        engine = _writable_postgres(url, BUILD_SCHEMA)
        try:
            with engine.begin() as conn:
                schema.metadata.create_all(conn)
                yield conn
        except BaseException:
            engine.dispose()
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {BUILD_SCHEMA} CASCADE"))
            admin.dispose()
            raise
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {OLD_SCHEMA} CASCADE"))
            live_exists = conn.execute(
                text(
                    "SELECT 1 FROM information_schema.schemata WHERE schema_name = :name"
                ),
                {"name": LIVE_SCHEMA},
            ).first()
            if live_exists:
                conn.execute(text(f"ALTER SCHEMA {LIVE_SCHEMA} RENAME TO {OLD_SCHEMA}"))
            conn.execute(text(f"ALTER SCHEMA {BUILD_SCHEMA} RENAME TO {LIVE_SCHEMA}"))
            conn.execute(text(f"DROP SCHEMA IF EXISTS {OLD_SCHEMA} CASCADE"))
        admin.dispose()
        return
    raise ValueError(
        f"Unsupported database {backend!r}: use sqlite:/// or postgresql://"
    )
