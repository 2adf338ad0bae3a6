"""Command line of the loader.

``python -m data_access.load build [--database-url URL] [--no-demo] [--demo-history]``
builds the whole database; ``python -m data_access.load KIND PATH...
[--database-url URL]`` imports real data of one kind into the live database (see
IMPORT_KINDS);
``python -m data_access.load meeting DATE`` freezes what the board is shown at the
meeting on DATE (see data_access.load.board).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from time import perf_counter

from sqlalchemy.exc import SQLAlchemyError

from data_access.engine import DEFAULT_DATABASE_URL
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
    build.add_argument(
        "--demo-history",
        action="store_true",
        help="also generate DEMO recorded crime for the quarters between the real "
        "years (off by default)",
    )
    for kind, help_text in IMPORT_KINDS.items():
        command = commands.add_parser(kind, help=help_text, description=help_text)
        command.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        command.add_argument(
            "--database-url", help="default: PES_DATABASE_URL or the SQLite file"
        )
        command.add_argument(
            "--skip-invalid",
            action="store_true",
            help="load the valid rows and list the rejected ones",
        )
        if kind in ("ons-csp", "population"):
            command.add_argument("--sheet", help="the workbook sheet to read")
        if kind == "population":
            command.add_argument("--year", type=int, help="the mid-year, if not named")
    meeting = commands.add_parser(
        "meeting",
        help="freeze what the board is shown at the meeting on DATE (a snapshot)",
    )
    meeting.add_argument("date", type=date.fromisoformat, metavar="DATE")
    meeting.add_argument("--agenda", help="a named agenda or agenda items")
    meeting.add_argument(
        "--period", type=date.fromisoformat, help="figures to this date (YYYY-MM-DD)"
    )
    meeting.add_argument(
        "--database-url", help="default: PES_DATABASE_URL or the SQLite file"
    )
    args = parser.parse_args(argv)

    url = (
        args.database_url
        or os.environ.get("PES_DATABASE_URL", "").strip()
        or DEFAULT_DATABASE_URL
    )
    if args.command == "meeting":
        return run_meeting(args, url)
    if args.command != "build":
        return run_import(args, url)
    started = perf_counter()
    try:
        report = build_database(
            url, with_demo=not args.no_demo, demo_history=args.demo_history
        )
    except (OSError, ValueError) as error:
        print(
            f"Build failed, the previous database is unchanged: {error}",
            file=sys.stderr,
        )
        return 1
    print(report.render())
    print(f"Built {_redact(url)} in {perf_counter() - started:.1f} s")
    return 0


IMPORT_KINDS = {
    "ons-csp": "ONS recorded crime by CSP tables (xlsx/csv) or Home Office open data "
    "tables at CSP level",
    "population": "ONS mid-year population estimates by local authority (xlsx/csv)",
    "csew-force": "ONS police force area tables (xlsx): CSEW experience of ASB "
    "(Table P6) and police recorded ASB incidents (Table P7)",
    "flytipping": "Defra fly-tipping incidents and actions by local authority (xlsx)",
    "police-uk": "police.uk street-level crime and ASB: CSV files, folders or the zip",
    "police-outcomes": "police.uk outcomes files (*-outcomes.csv): CSV files, "
    "folders or the zip",
    "stop-search": "police.uk stop and search files (*-stop-and-search.csv): CSV "
    "files, folders or the zip",
    "survey": "the partnership's survey results (data/templates/survey_results.csv)",
    "kpis": "KPI definitions and/or values (data/templates/kpi_*.csv)",
    "plans": "plans, objectives and objective links (data/templates/plan*.csv)",
    "risks": "the risk register (data/templates/risks.csv); replaces the register",
}


def run_import(args: argparse.Namespace, url: str) -> int:
    """Run one import; a user error prints one message and returns 1."""
    from data_access.load.import_crime import import_ons_csp, import_population
    from data_access.load.import_partnership import import_partnership
    from data_access.load.import_police import import_police_uk
    from data_access.load.import_series import import_csew_force, import_flytipping
    from data_access.load.importing import ImportFailure

    started = perf_counter()
    try:
        if args.command == "ons-csp":
            summary = import_ons_csp(
                url, args.paths, sheet=args.sheet, skip_invalid=args.skip_invalid
            )
        elif args.command == "population":
            summary = import_population(
                url,
                args.paths,
                year=args.year,
                sheet=args.sheet,
                skip_invalid=args.skip_invalid,
            )
        elif args.command == "csew-force":
            summary = import_csew_force(url, args.paths)
        elif args.command == "flytipping":
            summary = import_flytipping(url, args.paths)
        elif args.command == "police-uk":
            summary = import_police_uk(url, args.paths, skip_invalid=args.skip_invalid)
        elif args.command in ("police-outcomes", "stop-search"):
            from data_access.load.import_outcomes import import_police_files

            summary = import_police_files(
                url, args.command, args.paths, skip_invalid=args.skip_invalid
            )
        else:
            summary = import_partnership(
                url, args.command, args.paths, skip_invalid=args.skip_invalid
            )
    except ImportFailure as error:
        print(f"Import failed, nothing was changed: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"Import failed, nothing was changed: {error.strerror or error} "
            f"({Path(error.filename).name if error.filename else 'file'})",
            file=sys.stderr,
        )
        return 1
    except SQLAlchemyError as error:
        from data_access.engine import describe_error

        print(
            f"Import failed, nothing was changed: {describe_error(error)}",
            file=sys.stderr,
        )
        return 1
    print(summary.render())
    print(f"Imported into {_redact(url)} in {perf_counter() - started:.1f} s")
    return 0


def run_meeting(args: argparse.Namespace, url: str) -> int:
    """Record a meeting's snapshot; a user error prints one message and returns 1."""
    from data_access.engine import DataUnavailableError
    from data_access.load.board import record_meeting
    from data_access.load.importing import ImportFailure

    try:
        record = record_meeting(
            url, args.date, agenda=args.agenda, period_end=args.period
        )
    except (ImportFailure, DataUnavailableError, ValueError) as error:
        print(f"Meeting not recorded, nothing was changed: {error}", file=sys.stderr)
        return 1
    print(record.render())
    return 0


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())
