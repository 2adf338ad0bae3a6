"""The dashboard's database connection: read-only at the database level, time-limited."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import QueuePool

# The embedded default: the SQLite file that `python -m data_access.load build`
# writes and the app reads unless PES_DATABASE_URL names another database.
DEFAULT_DATABASE_PATH = Path(__file__).resolve().parent.parent / "var" / "pes.sqlite"
DEFAULT_DATABASE_URL = f"sqlite:///{DEFAULT_DATABASE_PATH}"


class DataUnavailableError(RuntimeError):
    """The database could not answer: missing, down, too slow or malformed."""


def sqlite_path(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL, or None for other databases or memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    name = parsed.database
    if name.startswith("file:"):
        name = name[len("file:") :]
    return Path(name)


def make_readonly_engine(url: str, *, timeout_seconds: float = 10.0) -> Engine:
    """An engine that refuses writes and stops any query running past the time limit."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _readonly_sqlite(url, timeout_seconds)
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        timeout_ms = int(timeout_seconds * 1000)
        # The loader swaps a freshly built schema named "pes" into place.
        options = (
            "-c default_transaction_read_only=on "
            f"-c statement_timeout={timeout_ms} -c search_path=pes"
        )
        return create_engine(
            parsed,
            connect_args={"options": options, "connect_timeout": 3},
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=5,
        )
    raise DataUnavailableError(
        f"Unsupported database {backend!r}: use sqlite:/// or postgresql://"
    )


class _TimedConnection(sqlite3.Connection):
    """A SQLite connection that aborts a statement running past its deadline."""

    deadline: float = float("inf")

    def past_deadline(self) -> int:
        # Returning non-zero from the progress handler aborts the statement.
        return 1 if time.monotonic() > self.deadline else 0


def _readonly_sqlite(url: str, timeout_seconds: float) -> Engine:
    path = sqlite_path(url)
    if path is None:
        raise DataUnavailableError("The dashboard needs a SQLite file, not memory")
    uri = f"file:{path.resolve()}?mode=ro"

    def connect() -> sqlite3.Connection:
        if not path.exists():
            raise sqlite3.OperationalError(f"database file {path.name} does not exist")
        connection = sqlite3.connect(
            uri, uri=True, check_same_thread=False, factory=_TimedConnection
        )
        connection.set_progress_handler(connection.past_deadline, 10_000)
        return connection

    engine = create_engine(
        "sqlite://", creator=connect, poolclass=QueuePool, pool_pre_ping=True
    )

    @event.listens_for(engine, "before_cursor_execute")
    def _start_clock(conn, *_args) -> None:  # type: ignore[no-untyped-def]
        conn.connection.dbapi_connection.deadline = time.monotonic() + timeout_seconds

    return engine


def describe_error(error: BaseException) -> str:
    """A plain-English sentence for a database failure, without internals."""
    text = str(getattr(error, "orig", error)).lower()
    if (
        "interrupted" in text
        or "statement timeout" in text
        or "canceling statement" in text
    ):
        return "The database took too long to answer, so the query was stopped."
    if "does not exist" in text or "unable to open" in text or "no such table" in text:
        return (
            "The dashboard's database has not been built or is incomplete. "
            "Run: python -m data_access.load build"
        )
    if "connection" in text or "could not connect" in text or "refused" in text:
        return "The database server cannot be reached."
    if isinstance(error, SQLAlchemyError | sqlite3.Error):
        return "The database could not answer this request."
    return "The data could not be read."
