"""Command line of the loader: ``python -m data_access.load build [--database-url URL]``."""

from __future__ import annotations

import argparse
import sys
from time import perf_counter

from dashboard.settings import Settings
from data_access.load.build import build_database


def main(argv: list[str] | None = None) -> int:
    """Run a loader command; return the process exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m data_access.load",
        description="Build or refresh the PES dashboard database (the app never writes).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build", help="build the whole database from shipped data"
    )
    build.add_argument(
        "--database-url", help="default: PES_DATABASE_URL or the SQLite file"
    )
    build.add_argument(
        "--no-demo", action="store_true", help="load real public data only"
    )
    args = parser.parse_args(argv)

    url = args.database_url or Settings.from_env().database_url
    started = perf_counter()
    try:
        report = build_database(url, with_demo=not args.no_demo)
    except (OSError, ValueError) as error:
        print(
            f"Build failed, the previous database is unchanged: {error}",
            file=sys.stderr,
        )
        return 1
    print(report.render())
    print(f"Built {_redact(url)} in {perf_counter() - started:.1f} s")
    return 0


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())
