"""Small fixture databases for query tests, on SQLite and PostgreSQL.

A test about a query's logic writes a few rows of chosen values into an empty
database with the app's own schema (``data_access.schema``), so the expected
answers can be worked out by hand; the full shipped build is for tests about the
shipped figures (marked ``shipped_build``).

``fixture_database(backend, folder, rows)`` creates the schema on a SQLite file in
``folder``, or in the live schema of a fresh PostgreSQL database (dropped
afterwards), inserts ``rows`` and yields the database URL for
``make_readonly_engine``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, create_engine, insert, text
from sqlalchemy.engine import Connection, Engine

from data_access import schema
from data_access.load.writer import LIVE_SCHEMA
from tests.conftest import fresh_postgres_database

# The two backends every fixture-database test runs on (the parameter ids the
# ``postgres`` marker is given for in tests/conftest.py).
BACKENDS = ("sqlite", "postgresql")
LOADED_AT = datetime(2025, 8, 1, tzinfo=UTC)

Row = Mapping[str, Any]
Rows = Mapping[Table, Sequence[Row]]


def fixture_database(backend: str, folder: Path, rows: Rows) -> Iterator[str]:
    """The URL of a new database with the schema and ``rows``, on ``backend``."""
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'fixture.sqlite'}"
        fill(create_engine(url), rows)
        yield url
        return
    if backend != "postgresql":
        raise ValueError(f"Unknown backend {backend!r}")
    for url in fresh_postgres_database():
        writer = create_engine(
            url, connect_args={"options": f"-c search_path={LIVE_SCHEMA}"}
        )
        with writer.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {LIVE_SCHEMA}"))
        fill(writer, rows)
        yield url


def fill(writer: Engine, rows: Rows) -> None:
    """Create every table and insert ``rows`` (parents first), then dispose."""
    try:
        schema.metadata.create_all(writer)
        with writer.begin() as conn:
            for table in schema.metadata.sorted_tables:
                insert_rows(conn, table, rows.get(table, ()))
    finally:
        writer.dispose()


def insert_rows(conn: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Insert ``rows``; rows naming different columns go in separate batches, so a
    column a row leaves out keeps its schema default."""
    batches: dict[tuple[str, ...], list[Row]] = {}
    for row in rows:
        batches.setdefault(tuple(sorted(row)), []).append(row)
    for batch in batches.values():
        conn.execute(insert(table), [dict(row) for row in batch])


def dataset(dataset_id: str, *, is_demo: bool, title: str | None = None) -> Row:
    """A ``dataset`` row with fixture provenance."""
    return {
        "dataset_id": dataset_id,
        "title": title or dataset_id,
        "source": "fixture",
        "licence": "OGL",
        "attribution": "fixture",
        "period_label": "fixture",
        "is_demo": is_demo,
        "loaded_at": LOADED_AT,
    }


def area(
    code: str,
    name: str,
    kind: str,
    *,
    parent_code: str | None = None,
    country: str | None = None,
    region_name: str | None = None,
) -> Row:
    """An ``area`` row."""
    return {
        "area_code": code,
        "area_name": name,
        "area_kind": kind,
        "parent_code": parent_code,
        "country": country,
        "region_name": region_name,
    }
