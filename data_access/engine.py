"""The dashboard's database connection: read-only at the database level, time-limited."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.pool import QueuePool

# The embedded default: the SQLite file that `python -m data_access.load build`
# writes and the app reads unless PES_DATABASE_URL names another database.
DEFAULT_DATABASE_PATH = Path(__file__).resolve().parent.parent / "var" / "pes.sqlite"
DEFAULT_DATABASE_URL = f"sqlite:///{DEFAULT_DATABASE_PATH}"
# PostgreSQL: how long one connection attempt may take, and how long after a failed
# one the dashboard answers "cannot be reached" without trying again.
CONNECT_TIMEOUT_SECONDS = 2
RETRY_AFTER_SECONDS = 5.0
SLOW_FAILURE_SECONDS = 1.0


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
        engine = create_engine(
            parsed,
            connect_args={
                "options": options,
                "connect_timeout": CONNECT_TIMEOUT_SECONDS,
                # A server that stops answering mid-connection (a dropped route)
                # fails a send within 2 s instead of after minutes of retries.
                "tcp_user_timeout": 2000,
                "keepalives": 1,
                "keepalives_idle": 10,
                "keepalives_interval": 2,
                "keepalives_count": 2,
            },
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=5,
        )
        _fail_fast_when_unreachable(engine)

        @event.listens_for(engine, "reset")
        def _reset_session(dbapi_connection, _record, _state) -> None:  # type: ignore[no-untyped-def]
            # A statement that turned read-only or the time limit off for its
            # session must not leave it off for the next user of the pooled
            # connection: back to the values set when it connected.
            with dbapi_connection.cursor() as cursor:
                cursor.execute("RESET ALL")
            dbapi_connection.commit()

        return engine
    raise DataUnavailableError(
        f"Unsupported database {backend!r}: use sqlite:/// or postgresql://"
    )


def _fail_fast_when_unreachable(engine: Engine) -> None:
    """After a connection attempt that timed out, further attempts fail at once for
    RETRY_AFTER_SECONDS: a request's many queries, and the requests behind it, then
    show the outage banner within one connect timeout instead of each waiting."""
    state = {"failed_at": -float("inf")}

    @event.listens_for(engine, "do_connect")
    def _connect(dialect, _record, cargs, cparams):  # type: ignore[no-untyped-def]
        if time.monotonic() - state["failed_at"] < RETRY_AFTER_SECONDS:
            raise dialect.loaded_dbapi.OperationalError(
                "could not connect to the database server moments ago; not trying "
                "again yet"
            )
        started = time.monotonic()
        try:
            return dialect.connect(*cargs, **cparams)
        except Exception:
            # Only a server that let the attempt time out is skipped for a while;
            # a refused connection fails at once anyway, and is tried every time.
            if time.monotonic() - started >= SLOW_FAILURE_SECONDS:
                state["failed_at"] = time.monotonic()
            raise


class _TimedConnection(sqlite3.Connection):
    """A SQLite connection that aborts a statement running past its deadline."""

    deadline: float = float("inf")
    # The file this connection opened: the loader swaps a rebuilt file into place,
    # and a connection kept open would go on reading the old, deleted one.
    file_identity: tuple[int, int] | None = None

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
        identity = _file_identity(path)
        # A writer's lock is waited for at most the time limit (the busy timeout),
        # and the progress handler stops the statement once the deadline is past.
        connection = sqlite3.connect(
            uri,
            uri=True,
            check_same_thread=False,
            factory=_TimedConnection,
            timeout=timeout_seconds,
        )
        connection.file_identity = identity
        connection.set_progress_handler(connection.past_deadline, 10_000)
        connection.set_authorizer(_refuse_other_files)
        return connection

    engine = create_engine(
        "sqlite://", creator=connect, poolclass=QueuePool, pool_pre_ping=True
    )

    @event.listens_for(engine, "checkout")
    def _same_file(dbapi_connection, _record, _proxy) -> None:  # type: ignore[no-untyped-def]
        # Raising DisconnectionError makes the pool drop this connection and open
        # the file now at the path: a rebuild reaches a running app at once.
        if dbapi_connection.file_identity != _file_identity(path):
            raise DisconnectionError("the database file was replaced")

    @event.listens_for(engine, "before_cursor_execute")
    def _start_clock(conn, *_args) -> None:  # type: ignore[no-untyped-def]
        conn.connection.dbapi_connection.deadline = time.monotonic() + timeout_seconds

    return engine


def _refuse_other_files(action: int, *_args: object) -> int:
    """SQLite authorizer: no ATTACH (nor VACUUM INTO, which attaches), so nothing
    run through the dashboard can open or write a file beside the database."""
    return sqlite3.SQLITE_DENY if action == sqlite3.SQLITE_ATTACH else sqlite3.SQLITE_OK


def _file_identity(path: Path) -> tuple[int, int] | None:
    """Device and inode of the file at ``path`` (None when it is missing)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


def describe_error(error: BaseException) -> str:
    """A plain-English sentence for a database failure, without internals."""
    text = str(getattr(error, "orig", error)).lower()
    if (
        "interrupted" in text
        or "statement timeout" in text
        or "canceling statement" in text
        or "database is locked" in text
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
