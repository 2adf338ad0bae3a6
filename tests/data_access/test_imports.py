"""The import commands on SQLite and PostgreSQL: good files load whole, bad files
change nothing and get one message naming the file, line, column and what was
expected, re-imports replace rather than double count."""

from __future__ import annotations

import csv
import shutil
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import create_engine, text

from benchmarks.police_uk_data import write_police_file
from data_access.load import import_police
from data_access.load.__main__ import main
from data_access.load.build import build_database
from data_access.load.import_police import COLUMNS
from data_access.load.ons_crime import parse_crime_table
from tests.conftest import fresh_postgres_database

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "data" / "templates"
PUBLIC = ROOT / "data" / "public"


@pytest.fixture(scope="module")
def postgres_import_url() -> Iterator[str]:
    """A full (real and demo) PostgreSQL database of this module's own."""
    for url in fresh_postgres_database():
        build_database(url)
        yield url


SHIPPED = pytest.mark.shipped_build


@pytest.fixture(
    params=[
        pytest.param("sqlite", marks=SHIPPED),
        pytest.param("postgresql", marks=SHIPPED),
    ]
)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A full database to import into: a fresh SQLite copy, or the module's PostgreSQL."""
    if request.param == "sqlite":
        source = request.getfixturevalue("full_sqlite_url").removeprefix("sqlite:///")
        target = tmp_path / "pes.sqlite"
        shutil.copy(source, target)
        return f"sqlite:///{target}"
    return request.getfixturevalue("postgres_import_url")


def query(url: str, sql: str, **params: object) -> list[tuple]:
    """Rows of a read query against the live tables."""
    options = {}
    if url.startswith("postgresql"):
        options = {"connect_args": {"options": "-c search_path=pes"}}
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url, **options)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def state(url: str) -> list[tuple]:
    """Everything an import could change, summarised."""
    tables = [
        "dataset",
        "incident",
        "recorded_crime",
        "population",
        "survey_result",
        "kpi",
        "kpi_value",
        "plan",
        "plan_objective",
        "objective_link",
        "risk",
        "annual_count",
    ]
    counts = [(t, query(url, f"SELECT count(*) FROM {t}")[0][0]) for t in tables]
    datasets = query(
        url, "SELECT dataset_id, row_count, checksum FROM dataset ORDER BY dataset_id"
    )
    return counts + datasets


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out, err = capsys.readouterr()
    return code, out, err


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def police_rows(n: int = 3, month: str = "2025-06") -> list[list[str]]:
    rows = [list(COLUMNS)]
    for i in range(n):
        rows.append(
            [
                f"{i:064x}",
                month,
                "Cambridgeshire Constabulary",
                "Cambridgeshire Constabulary",
                "-0.242000",
                "52.574000",
                "On or near Bridge Street",
                "E01015634",
                "Peterborough 014B",
                "Burglary",
                "Under investigation",
                "",
            ]
        )
    return rows


# ------------------------------------------------------------------ bad files


def _bad_police(tmp: Path) -> dict[str, tuple[list[str], str]]:
    """name -> (command args, text the message must contain)."""
    cases: dict[str, tuple[list[str], str]] = {}

    def case(name: str, rows: list[list[str]], expect: str, **kw: str) -> None:
        path = write_csv(tmp / f"{name}.csv", rows, **kw)
        cases[name] = (["police-uk", str(path)], expect)

    renamed = police_rows()
    renamed[0][5] = "Lat"
    case("wrong_column", renamed, "unexpected column(s) 'Lat'")
    missing = [row[:11] for row in police_rows()]
    case("missing_column", missing, "missing column(s) 'Context'")
    bad_month = police_rows()
    bad_month[2][1] = "2025-13"
    case("bad_month", bad_month, "line 3, column 'Month': expected a month as YYYY-MM")
    text_number = police_rows()
    text_number[3][4] = "west"
    case("text_in_number", text_number, "line 4, column 'Longitude': expected a number")
    far = police_rows()
    far[2][5] = "0.0"
    case("far_outside", far, "line 3, column 'Latitude': expected a latitude in Great")
    dup = police_rows()
    dup[3][0] = dup[1][0]
    case("duplicate_row", dup, "line 4, column 'Crime ID'")
    truncated = police_rows()
    truncated[2] = truncated[2][:6]
    case(
        "truncated_row",
        truncated,
        "line 3, the row has 6 fields where the header has 12",
    )
    header_only = police_rows(0)
    case("header_only", header_only, "no valid data rows")
    latin = police_rows()
    latin[2][6] = "On or near Café Row"
    case(
        "wrong_encoding",
        latin,
        "line 3: the text is not UTF-8 (byte 0xE9)",
        encoding="latin-1",
    )
    utf16 = tmp / "utf16.csv"
    utf16.write_bytes("Crime ID,Month\n".encode("utf-16"))
    cases["utf16_byte_order_mark"] = (["police-uk", str(utf16)], "UTF-16")
    empty = tmp / "empty.csv"
    empty.write_bytes(b"")
    cases["empty_file"] = (["police-uk", str(empty)], "empty.csv: the file is empty")
    corrupt = tmp / "download.zip"
    good = tmp / "good.zip"
    with zipfile.ZipFile(good, "w") as archive:
        archive.writestr("2025-06/2025-06-cambridgeshire-street.csv", "x" * 5000)
    corrupt.write_bytes(good.read_bytes()[:-60])
    cases["corrupt_zip"] = (
        ["police-uk", str(corrupt)],
        "download.zip: not a readable zip",
    )
    return cases


def _bad_partnership(tmp: Path) -> dict[str, tuple[list[str], str]]:
    cases: dict[str, tuple[list[str], str]] = {}
    values = list(csv.reader((TEMPLATES / "kpi_values.csv").open(encoding="utf-8")))
    defs = list(csv.reader((TEMPLATES / "kpi_definitions.csv").open(encoding="utf-8")))
    risks = list(csv.reader((TEMPLATES / "risks.csv").open(encoding="utf-8")))
    survey = list(csv.reader((TEMPLATES / "survey_results.csv").open(encoding="utf-8")))

    def case(
        name: str, kind: str, rows: list[list[str]], expect: str, *extra: Path
    ) -> None:
        path = write_csv(tmp / f"{name}.csv", rows)
        cases[name] = ([kind, *map(str, extra), str(path)], expect)

    bad_date = [r[:] for r in values]
    bad_date[1][2] = "31/05/2025"
    case(
        "kpi_bad_date",
        "kpis",
        bad_date,
        "line 2, column 'period_end': expected a date as YYYY-MM-DD",
        TEMPLATES / "kpi_definitions.csv",
    )
    bad_stamp = [
        r + [stamp]
        for r, stamp in zip(
            values, ["updated_at", "2025-07-21", "2025-07-21T09:37Z", ""], strict=True
        )
    ]
    case(
        "kpi_bad_updated_at",
        "kpis",
        bad_stamp,
        "line 2, column 'updated_at': expected a date and time as YYYY-MM-DDTHH:MM",
        TEMPLATES / "kpi_definitions.csv",
    )
    text_value = [r[:] for r in values]
    text_value[2][3] = "n/a"
    case(
        "kpi_text_in_number",
        "kpis",
        text_value,
        "line 3, column 'value': expected a number",
        TEMPLATES / "kpi_definitions.csv",
    )
    unknown = [r[:] for r in values]
    unknown[1][0] = "no-such-kpi"
    case(
        "kpi_unknown_id",
        "kpis",
        unknown,
        "line 2, column 'kpi_id': expected a KPI id defined",
    )
    dup = [*defs, defs[1]]
    case(
        "kpi_duplicate_rows",
        "kpis",
        dup,
        "line 4, column 'kpi_id': the row repeats line 2",
    )
    out_of_range = [r[:] for r in risks]
    out_of_range[2][5] = "7"
    case(
        "risk_out_of_range",
        "risks",
        out_of_range,
        "line 3, column 'likelihood': expected a whole number of at most 5",
    )
    cut = [r[:] for r in risks]
    cut[1] = cut[1][:4]
    case(
        "risk_truncated_row",
        "risks",
        cut,
        "line 2, the row has 4 fields where the header has 10",
    )
    area = [r[:] for r in survey]
    area[2][8] = "E05099999"
    case(
        "survey_unknown_area",
        "survey",
        area,
        "line 3, column 'area_code': expected an area code",
    )
    no_column = [r[:14] for r in survey]
    case(
        "survey_missing_column",
        "survey",
        no_column,
        "missing column(s) 'estimate_percent'",
    )
    orphan = [
        ["objective_id", "plan_id", "title", "sort_order", "confirmed"],
        ["x-1", "no-plan", "T", "1", "yes"],
    ]
    case(
        "plan_objective_unknown_plan",
        "plans",
        orphan,
        "line 2, column 'plan_id': expected a plan_id",
    )
    header_only = [risks[0]]
    case("risk_header_only", "risks", header_only, "has a header but no data rows")

    # Values that were once accepted silently (hardening, item 11).
    def with_value(rows: list[list[str]], line: int, column: str, value: str):  # type: ignore[no-untyped-def]
        changed = [r[:] for r in rows]
        changed[line][rows[0].index(column)] = value
        return changed

    definitions = TEMPLATES / "kpi_definitions.csv"
    for name, column, value, expect in [
        (
            "kpi_negative_count",
            "value",
            "-47",
            "column 'value': expected a number of at least 0",
        ),
        (
            "kpi_numerator_over_denominator",
            "numerator",
            "500",
            "expected a number no larger than the denominator",
        ),
        (
            "kpi_period_in_2099",
            "period_end",
            "2099-12-31",
            "column 'period_end': expected a date no later than",
        ),
        (
            "kpi_huge_number",
            "value",
            "1e308",
            "column 'value': expected a number no larger than",
        ),
        (
            "kpi_commas_not_thousands",
            "value",
            "1,2,3,4",
            "column 'value': expected a number such as 1,234.5",
        ),
        (
            "kpi_unsafe_id",
            "kpi_id",
            "../../x?kpi=1&q=<b>",
            "column 'kpi_id': expected an identifier",
        ),
    ]:
        rows = with_value(values, 1, column, value)
        if name == "kpi_numerator_over_denominator":
            rows = with_value(rows, 1, "denominator", "200")
        case(name, "kpis", rows, expect, definitions)
    nul = tmp / "kpi_nul_byte.csv"
    nul.write_bytes(
        (TEMPLATES / "kpi_values.csv")
        .read_bytes()
        .replace(b"Extra crew", b"Extra\x00crew", 1)
    )
    cases["kpi_nul_byte"] = (
        ["kpis", str(definitions), str(nul)],
        "holds a NUL byte",
    )
    second = write_csv(tmp / "kpi_values_again.csv", values[:2])
    cases["kpi_same_key_in_two_files"] = (
        ["kpis", str(definitions), str(TEMPLATES / "kpi_values.csv"), str(second)],
        "the same kpi_id, period_end as kpi_values.csv, line 2",
    )
    return cases


def _c2_rows() -> list[list[str]]:
    with (PUBLIC / "crime_csp_ye_jun2025_table_c2.csv").open(encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def write_ons_workbook(
    path: Path,
    *,
    counts_sheets: tuple[str, ...] = ("CSP counts",),
    with_rates: bool = True,
) -> Path:
    """A workbook in the published layout: cover and notes sheets, title rows, a
    header row with line breaks, counts as text with separators; sheet names as given."""
    rows = _c2_rows()
    book = Workbook()
    cover = book.active
    cover.title = "Cover sheet"
    cover.append(["Recorded crime data by Community Safety Partnership area"])
    notes = book.create_sheet("Notes")
    notes.append(["Note number", "Note text"])
    for name in counts_sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    if with_rates:
        rates = book.create_sheet("Rates 1000")
        header_at = next(
            i
            for i, r in enumerate(rows)
            if r and " ".join(r[0].split()) == "Police Force Area code"
        )
        rates.append(
            [
                "Table C5: Police recorded crime rates per 1,000 population by Community Safety Partnership area, year ending June 2025"
            ]
        )
        rates.append([])
        rates.append(rows[header_at])
        for row in rows[header_at + 1 :]:
            if len(row) > 7 and row[2].startswith("E22") and row[6].strip():
                rates.append(row[:6] + ["85.0"])
    book.save(path)
    return path


def _bad_crime(tmp: Path) -> dict[str, tuple[list[str], str]]:
    cases: dict[str, tuple[list[str], str]] = {}
    book = Workbook()
    book.active.title = "Sheet renamed"
    book.active.append(["Nothing to see"])
    book.create_sheet("Another").append(["Still nothing"])
    path = tmp / "renamed.xlsx"
    book.save(path)
    cases["xlsx_renamed_sheets_no_table"] = (
        ["ons-csp", str(path)],
        "renamed.xlsx holds no table of recorded crime counts by Community Safety "
        "Partnership",
    )
    # The ONS workbook of the year ending March 2019 is force level only.
    cases["xlsx_force_level_only"] = (
        ["ons-csp", str(PUBLIC / "ons_pfa_tables_ye_mar2019.xlsx")],
        "ons_pfa_tables_ye_mar2019.xlsx holds no table of recorded crime counts by "
        "Community Safety Partnership",
    )
    two = write_ons_workbook(
        tmp / "two.xlsx", counts_sheets=("Table C2", "Copy of C2"), with_rates=False
    )
    cases["xlsx_two_counts_tables"] = (
        ["ons-csp", str(two)],
        "more than one sheet looks like a counts table for the year ending June "
        "2025: Table C2, Copy of C2",
    )
    fake = tmp / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 this is not really a workbook")
    cases["xlsx_corrupt"] = (
        ["ons-csp", str(fake)],
        "fake.xlsx: not a readable xlsx workbook",
    )
    ho = write_csv(
        tmp / "ho_bad_subgroup.csv", home_office_rows(subgroup_override="Burglarys")
    )
    cases["home_office_unknown_subgroup"] = (
        ["ons-csp", str(ho)],
        "column 'Offence Subgroup': expected a Home Office offence subgroup",
    )
    short = write_csv(tmp / "ho_two_quarters.csv", home_office_rows(quarters=2))
    cases["home_office_too_few_quarters"] = (
        ["ons-csp", str(short)],
        "expected at least four consecutive quarters",
    )
    population = write_csv(
        tmp / "estimates.csv",
        [
            ["Code", "Name", "Geography", "All ages"],
            ["E06000031", "Peterborough", "Unitary Authority", "220,000"],
        ],
    )
    cases["population_unknown_year"] = (
        ["population", str(population)],
        "cannot tell which mid-year",
    )
    return cases


HO_HEADER = [
    "Financial Year",
    "Financial Quarter",
    "Force Name",
    "CSP Name",
    "Offence Description",
    "Offence Group",
    "Offence Subgroup",
    "Offence Code",
    "Number of Offences",
]
HO_OFFENCES = [
    (
        "Assault with injury",
        "Violence against the person",
        "Violence with injury",
        "8N",
        300,
    ),
    ("Burglary - residential", "Theft offences", "Residential burglary", "28E", 90),
    ("Shoplifting", "Theft offences", "Shoplifting", "46", 250),
    ("Arson endangering life", "Criminal damage and arson", "Arson", "56A", 5),
    ("Fraud by false representation", "Fraud offences", "Fraud", "53J", 40),
]


def home_office_rows(
    quarters: int = 5, subgroup_override: str | None = None
) -> list[list[str]]:
    """Peterborough's quarters from April 2024 (FY 2024/25 Q1) on."""
    rows = [HO_HEADER]
    for q in range(quarters):
        year = 2024 + q // 4
        for description, group, subgroup, code, count in HO_OFFENCES:
            rows.append(
                [
                    f"{year}/{(year + 1) % 100:02d}",
                    str(q % 4 + 1),
                    "Cambridgeshire",
                    "Peterborough",
                    description,
                    group,
                    subgroup_override or subgroup,
                    code,
                    f"{count + q:,}",
                ]
            )
    return rows


def all_bad_cases(tmp: Path) -> dict[str, tuple[list[str], str]]:
    return _bad_police(tmp) | _bad_partnership(tmp) | _bad_crime(tmp)


BAD_CASE_NAMES = [
    "kpi_negative_count",
    "kpi_numerator_over_denominator",
    "kpi_period_in_2099",
    "kpi_huge_number",
    "kpi_commas_not_thousands",
    "kpi_unsafe_id",
    "kpi_nul_byte",
    "kpi_same_key_in_two_files",
    "xlsx_force_level_only",
    "kpi_bad_updated_at",
    "corrupt_zip",
    "duplicate_row",
    "empty_file",
    "far_outside",
    "bad_month",
    "header_only",
    "missing_column",
    "text_in_number",
    "truncated_row",
    "utf16_byte_order_mark",
    "wrong_column",
    "wrong_encoding",
    "kpi_bad_date",
    "kpi_text_in_number",
    "kpi_unknown_id",
    "kpi_duplicate_rows",
    "risk_out_of_range",
    "risk_truncated_row",
    "risk_header_only",
    "survey_unknown_area",
    "survey_missing_column",
    "plan_objective_unknown_plan",
    "xlsx_renamed_sheets_no_table",
    "xlsx_two_counts_tables",
    "xlsx_corrupt",
    "home_office_unknown_subgroup",
    "home_office_too_few_quarters",
    "population_unknown_year",
]


@pytest.mark.parametrize("name", BAD_CASE_NAMES)
def test_bad_file_changes_nothing_and_names_the_problem(
    name: str, db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args, expected = all_bad_cases(tmp_path)[name]
    before = state(db)
    code, out, err = run(capsys, *args, "--database-url", db)
    assert code == 1
    assert "Traceback" not in err + out
    assert err.startswith("Import failed, nothing was changed: ")
    assert expected in err, err
    assert state(db) == before


def test_bad_case_list_is_complete(tmp_path: Path) -> None:
    assert sorted(all_bad_cases(tmp_path)) == sorted(BAD_CASE_NAMES)
    assert len(BAD_CASE_NAMES) >= 20


# ------------------------------------------------------------------ good files


def test_partnership_templates_load_and_replace_the_demo_data(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for kind, files in {
        "survey": ["survey_results.csv"],
        "kpis": ["kpi_values.csv", "kpi_definitions.csv"],
        "plans": ["plans.csv", "plan_objectives.csv", "objective_links.csv"],
        "risks": ["risks.csv"],
    }.items():
        paths = [str(TEMPLATES / f) for f in files]
        for _ in range(2):  # the second import replaces the first
            code, out, err = run(capsys, kind, *paths, "--database-url", db)
            assert code == 0, err
    demo = {
        r[0]
        for r in query(db, "SELECT dataset_id FROM dataset WHERE is_demo = :t", t=True)
    }
    assert not demo & {
        "demo_kpis",
        "demo_risks",
        "demo_local_survey",
        "demo_plan_links",
    }
    assert query(db, "SELECT count(*) FROM kpi") == [(2,)]
    assert query(
        db, "SELECT owner_role FROM kpi WHERE kpi_id = 'asb-repeat-callers-north'"
    ) == [("PES Northern sector manager",)]
    assert query(db, "SELECT count(*) FROM kpi_value") == [(3,)]
    assert query(db, "SELECT count(*) FROM risk") == [(2,)]
    assert query(db, "SELECT count(*) FROM objective_link") == [(1,)]
    assert query(
        db, "SELECT estimate FROM survey_result WHERE area_code = 'PES-NORTH'"
    ) == [(pytest.approx(0.642),)]
    row = query(
        db,
        "SELECT source_file, checksum, row_count, period_end, is_demo FROM dataset "
        "WHERE dataset_id = 'partnership_kpis'",
    )[0]
    assert row[0] == "kpi_definitions.csv; kpi_values.csv"
    assert row[1].startswith("sha256:")
    assert row[2] == 5
    assert str(row[3]) == "2025-06-30"
    assert not row[4]


def test_kpi_values_keep_their_own_update_time_or_take_the_import_time(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    values = list(csv.reader((TEMPLATES / "kpi_values.csv").open(encoding="utf-8")))
    stamps = ["updated_at", "2025-07-21T09:37Z", "2025-07-21 10:37+01:00", ""]
    rows = [row + [stamp] for row, stamp in zip(values, stamps, strict=True)]
    path = write_csv(tmp_path / "kpi_values.csv", rows)
    definitions = str(TEMPLATES / "kpi_definitions.csv")
    code, _, err = run(capsys, "kpis", definitions, str(path), "--database-url", db)
    assert code == 0, err
    stored = query(
        db,
        "SELECT period_end, updated_at FROM kpi_value ORDER BY kpi_id DESC, period_end",
    )
    assert len(stored) == 3
    # SQLite hands back naive UTC; PostgreSQL an aware time.
    times = [
        datetime.fromisoformat(str(stamp)).replace(tzinfo=None)
        if "+" not in str(stamp)
        else datetime.fromisoformat(str(stamp)).astimezone(UTC).replace(tzinfo=None)
        for _, stamp in stored
    ]
    assert times[0] == times[1] == datetime(2025, 7, 21, 9, 37)
    assert times[2] > datetime(2025, 7, 21, 9, 37)


def test_byte_order_mark_is_accepted(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "risks_bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (TEMPLATES / "risks.csv").read_bytes())
    code, out, err = run(capsys, "risks", str(path), "--database-url", db)
    assert code == 0, err
    assert query(
        db, "SELECT count(*) FROM risk WHERE dataset_id = 'partnership_risks'"
    ) == [(2,)]


def test_skip_invalid_loads_valid_rows_and_lists_the_rest(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = police_rows(5, month="2024-02")
    rows[2][1] = "Feb 2024"
    rows[4] = rows[4][:3]
    path = write_csv(tmp_path / "2024-02-cambridgeshire-street.csv", rows)
    code, out, err = run(
        capsys, "police-uk", str(path), "--skip-invalid", "--database-url", db
    )
    assert code == 0, err
    assert "3 rows" in out and "2 rows rejected" in out
    assert "line 3, column 'Month'" in out and "line 5, the row has 3 fields" in out
    assert query(
        db, "SELECT row_count FROM dataset WHERE dataset_id = 'police_uk_2024_02'"
    ) == [(3,)]


def test_police_zip_and_folder_assign_wards_and_never_double_count(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "download" / "2024-03"
    write_police_file(
        folder / "2024-03-cambridgeshire-street.csv", 2_000, month="2024-03"
    )
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(
            folder / "2024-03-cambridgeshire-street.csv",
            "2024-03/2024-03-cambridgeshire-street.csv",
        )
        z.writestr("2024-03/2024-03-cambridgeshire-outcomes.csv", "not read")
    for source in (archive, folder.parent, archive):
        code, out, err = run(capsys, "police-uk", str(source), "--database-url", db)
        assert code == 0, err
    rows = query(
        db,
        "SELECT count(*), count(ward_code), count(sector_code) FROM incident "
        "WHERE source_system = 'police.uk' AND month = :m",
        m=date(2024, 3, 1),
    )[0]
    assert rows[0] == 2_000
    assert 0 < rows[1] == rows[2] < 2_000
    outside = rows[0] - rows[1]
    assert "fall outside Peterborough" in out
    no_location = query(
        db,
        "SELECT count(*) FROM incident WHERE month = :m AND longitude IS NULL",
        m=date(2024, 3, 1),
    )[0][0]
    assert f"{outside - no_location:,} rows fall outside Peterborough" in out
    # A known point: the centre of Peterborough lies in Central ward.
    assert query(
        db, "SELECT count(*) FROM dataset WHERE dataset_id = 'demo_incidents_police'"
    ) == [(0,)]


def test_police_point_in_polygon_matches_the_known_ward(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = police_rows(1, month="2023-01")
    rows[1][4], rows[1][5] = "-0.2430", "52.5730"  # Cathedral Square, city centre
    path = write_csv(tmp_path / "one.csv", rows)
    code, out, err = run(capsys, "police-uk", str(path), "--database-url", db)
    assert code == 0, err
    ward = query(
        db,
        "SELECT a.area_name, i.sector_code FROM incident i JOIN area a ON a.area_code = i.ward_code WHERE i.month = :m",
        m=date(2023, 1, 1),
    )
    assert ward[0][0] == "Central"
    assert ward[0][1].startswith("PES-")


def test_ons_workbook_with_renamed_sheets_loads_and_removes_the_demo_flag(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_ons_workbook(
        tmp_path / "csp-tables.xlsx", counts_sheets=("Tbl 2 (renamed)",)
    )
    for _ in range(2):
        code, out, err = run(capsys, "ons-csp", str(path), "--database-url", db)
        assert code == 0, err
    assert "Published rates checked" in out
    assert query(
        db,
        "SELECT count(*) FROM recorded_crime WHERE period_end = :d",
        d=date(2025, 6, 30),
    ) == [(8188,)]
    assert query(
        db, "SELECT count(*) FROM recorded_crime WHERE is_demo = :t", t=True
    ) == [(0,)]
    assert query(
        db,
        "SELECT count(*) FROM dataset WHERE is_demo = :t AND dataset_id LIKE 'demo_crime%'",
        t=True,
    ) == [(0,)]
    total = query(
        db,
        "SELECT offence_count FROM recorded_crime WHERE area_code = 'E22000017' AND offence_code = 'total' AND period_end = :d",
        d=date(2025, 6, 30),
    )
    published = parse_crime_table(PUBLIC / "crime_csp_ye_jun2025_table_c2.csv").counts
    expected = published[
        (published.area_code == "E22000017") & (published.offence_code == "total")
    ]
    assert total == [(int(expected.offence_count.iloc[0]),)]


def test_ons_pfa_workbook_loads_both_csp_years_in_one_command(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = query(
        db,
        "SELECT count(*) FROM recorded_crime WHERE period_end = :d",
        d=date(2023, 6, 30),
    )
    path = PUBLIC / "ons_pfa_tables_ye_jun2024.xlsx"
    code, out, err = run(capsys, "ons-csp", str(path), "--database-url", db)
    assert code == 0, err
    # C2 (year ending June 2024) and C5 (June 2023); C4's [u1] markers are no rates.
    assert "ons_crime_csp_2024_06" in out and "ons_crime_csp_2023_06" in out
    assert "Published rates checked" in out
    totals = query(
        db,
        "SELECT period_end, offence_count FROM recorded_crime WHERE area_code = "
        "'E22000017' AND offence_code = 'total' ORDER BY period_end",
    )
    assert [row[1] for row in totals] == [24_808, 22_582, 23_061]
    after = query(
        db,
        "SELECT count(*) FROM recorded_crime WHERE period_end = :d",
        d=date(2023, 6, 30),
    )
    assert after == before == [(8165,)]
    code, out, err = run(
        capsys, "ons-csp", str(path), "--sheet", "Table C5", "--database-url", db
    )
    assert code == 0, err
    assert "ons_crime_csp_2023_06" in out and "ons_crime_csp_2024_06" not in out


def test_workbook_without_csp_counts_is_refused_in_one_sentence(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(db)
    path = PUBLIC / "ons_pfa_tables_ye_mar2019.xlsx"
    code, out, err = run(capsys, "ons-csp", str(path), "--database-url", db)
    assert code == 1
    message = err.strip().removeprefix("Import failed, nothing was changed: ")
    assert message.startswith("ons_pfa_tables_ye_mar2019.xlsx holds no table")
    assert "\n" not in message and ". " not in message
    assert message.endswith("so nothing was imported")
    assert state(db) == before


def test_home_office_quarters_make_rolling_twelve_month_counts(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "prc-csp-open-data.csv", home_office_rows(quarters=5))
    code, out, err = run(capsys, "ons-csp", str(path), "--database-url", db)
    assert code == 0, err
    assert "2 rolling 12-month periods from 5 quarters" in out

    def count(offence: str, end: date) -> int:
        return query(
            db,
            "SELECT offence_count FROM recorded_crime WHERE area_code = 'E22000017' "
            "AND offence_code = :o AND period_end = :d",
            o=offence,
            d=end,
        )[0][0]

    # Quarters 0-3 end March 2025; 1-4 end June 2025. Counts grow by 1 a quarter.
    assert count("violence_with_injury", date(2025, 3, 31)) == 4 * 300 + 6
    assert count("residential_burglary", date(2025, 6, 30)) == 4 * 90 + 10
    assert count("criminal_damage_and_arson", date(2025, 3, 31)) == 4 * 5 + 6
    assert count("total", date(2025, 3, 31)) == (300 + 90 + 250 + 5) * 4 + 6 * 4
    assert count("theft_offences", date(2025, 3, 31)) == (90 + 250) * 4 + 12
    notes = query(
        db,
        "SELECT notes FROM dataset WHERE dataset_id = 'ho_prc_csp_2025_03_to_2025_06'",
    )[0][0]
    assert "Fraud and computer misuse left out: 210 offences" in notes


def test_population_import_replaces_the_year(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = Workbook()
    book.active.title = "MYE2 - Persons"
    sheet = book.active
    sheet.append(["Population estimates for local authorities, mid-2024"])
    sheet.append([])
    sheet.append(["Code", "Name", "Geography", "All ages"])
    sheet.append(["E06000031", "Peterborough", "Unitary Authority", 221234])
    sheet.append(["K04000001", "ENGLAND AND WALES", "Country", 61000000])
    path = tmp_path / "mye.xlsx"
    book.save(path)
    for _ in range(2):
        code, out, err = run(capsys, "population", str(path), "--database-url", db)
        assert code == 0, err
    assert query(
        db,
        "SELECT population FROM population WHERE year = 2024 AND area_code = 'E06000031'",
    ) == [(221234,)]
    assert query(
        db,
        "SELECT row_count, period_label FROM dataset WHERE dataset_id = 'ons_population_mid2024'",
    ) == [(2, "30 June 2024")]


def test_missing_database_is_a_plain_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        "risks",
        str(TEMPLATES / "risks.csv"),
        "--database-url",
        f"sqlite:///{tmp_path}/none.sqlite",
    )
    assert code == 1
    assert "Build it first" in err and "Traceback" not in err


# ------------------------------------------- police.uk files read in many blocks


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of 2 KB (about 10 rows), so small files cross many block boundaries."""
    monkeypatch.setattr(import_police, "BLOCK_BYTES", 2048)


def police_lines(n: int, month: str = "2024-05") -> list[str]:
    """A header and n good rows as CSV lines, each row's Crime ID unique."""
    return [",".join(row) for row in police_rows(n, month=month)]


def test_bad_rows_anywhere_in_a_block_name_their_own_lines(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], small_blocks: None
) -> None:
    lines = police_lines(300)
    lines[122] = ",".join(lines[122].split(",")[:6])  # cut short: line 123
    lines[150] = ""  # a blank line: skipped, not an error
    lines[201] += ",extra"  # too long: line 202
    lines[230] = lines[230].replace(",Burglary,", ",Burglery,")  # line 231
    lines[260] = lines[260].replace(lines[260][:64], lines[20][:64])  # line 261
    path = tmp_path / "2024-05-cambridgeshire-street.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    before = state(db)
    code, out, err = run(capsys, "police-uk", str(path), "--database-url", db)
    assert code == 1 and state(db) == before
    assert "line 123, the row has 6 fields where the header has 12" in err
    code, out, err = run(
        capsys, "police-uk", str(path), "--skip-invalid", "--database-url", db
    )
    assert code == 0, err
    assert "295 rows" in out and "4 rows rejected" in out
    listed = [m.strip() for m in out.splitlines() if ", line " in m]
    assert [m.split(",")[1] for m in listed] == [
        " line 123",
        " line 202",
        " line 231",
        " line 261",
    ]
    assert "line 202, the row has 13 fields" in out
    assert "line 231, column 'Crime type'" in out
    assert "line 261, column 'Crime ID'" in out


def test_encoding_error_in_a_later_block_names_its_line(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], small_blocks: None
) -> None:
    lines = police_lines(200)
    path = tmp_path / "latin.csv"
    text = "\n".join(lines) + "\n"
    path.write_bytes(text.replace("Bridge Street", "Café Row", 170).encode("latin-1"))
    code, out, err = run(capsys, "police-uk", str(path), "--database-url", db)
    assert code == 1
    assert "latin.csv, line 2: the text is not UTF-8 (byte 0xE9)" in err
    path.write_bytes(
        "\n".join(lines[:150]).encode()
        + "\nCafé".encode("latin-1")
        + "\n".join(lines[150:]).encode()
    )
    code, out, err = run(capsys, "police-uk", str(path), "--database-url", db)
    assert code == 1
    assert "latin.csv, line 151: the text is not UTF-8 (byte 0xE9)" in err


def incident_rows(url: str, month: date) -> list[tuple]:
    return query(
        url,
        "SELECT external_id, category, longitude, latitude, lsoa_code, ward_code, "
        "sector_code, location_text, outcome, dataset_id FROM incident "
        "WHERE month = :m AND source_system = 'police.uk' "
        "ORDER BY external_id, location_text, longitude",
        m=month,
    )


def test_quoted_files_load_the_same_rows_as_plain_ones(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], small_blocks: None
) -> None:
    plain = write_police_file(tmp_path / "plain" / "a.csv", 400, month="2024-04")
    code, out, err = run(capsys, "police-uk", str(plain), "--database-url", db)
    assert code == 0, err
    loaded = incident_rows(db, date(2024, 4, 1))
    assert len(loaded) == 400
    # The same rows with quotes from line 40 on: read by the csv module instead.
    lines = plain.read_text().splitlines()
    lines[39] = lines[39].replace("On or near High Street", '"On or near High Street"')
    quoted = tmp_path / "quoted" / "a.csv"
    quoted.parent.mkdir()
    quoted.write_text("\n".join(lines) + "\n")
    code, out, err = run(capsys, "police-uk", str(quoted), "--database-url", db)
    assert code == 0, err
    assert incident_rows(db, date(2024, 4, 1)) == loaded


def test_quoted_field_over_two_lines_keeps_later_line_numbers_exact(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], small_blocks: None
) -> None:
    rows = police_rows(60, month="2024-01")
    rows[30][6] = "On or near Bridge Street,\nby the river"  # lines 31 and 32
    rows[40][1] = "Jan 2024"  # the 41st row, on line 42
    path = write_csv(tmp_path / "multi.csv", rows)
    code, out, err = run(
        capsys, "police-uk", str(path), "--skip-invalid", "--database-url", db
    )
    assert code == 0, err
    assert "59 rows" in out and "multi.csv, line 42, column 'Month'" in out
    assert query(
        db,
        "SELECT count(*) FROM incident WHERE location_text = :t",
        t="On or near Bridge Street,\nby the river",
    ) == [(1,)]


PUBLIC = Path(__file__).resolve().parents[2] / "data" / "public"
PETERBOROUGH_MID_2015_TO_2020 = [193_657, 196_735, 198_914, 201_041, 202_259, 202_626]


def test_population_import_reads_every_year_of_the_mye4_xls(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = PUBLIC / "ons_mye_uk_mid2001_to_mid2020.xls"
    code, out, err = run(capsys, "population", str(path), "--database-url", db)
    assert code == 0, err
    rows = query(
        db,
        "SELECT year, population FROM population WHERE area_code = 'E06000031' "
        "AND year BETWEEN 2001 AND 2020 ORDER BY year",
    )
    assert len(rows) == 20
    assert [population for _, population in rows[-6:]] == PETERBOROUGH_MID_2015_TO_2020
    assert (
        query(
            db,
            "SELECT row_count FROM dataset WHERE dataset_id = 'ons_population_mid2015'",
        )[0][0]
        >= 340
    )


def test_population_import_refuses_a_median_age_table(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "MYE 6"
    sheet.append(["MYE6: Median age of population for local authorities"])
    sheet.append(["Code", "Name", "Geography", "Mid-2020", "Mid-2019"])
    sheet.append(["E06000031", "Peterborough", "Unitary Authority", 36.5, 36.4])
    path = tmp_path / "ages.xlsx"
    book.save(path)
    before = state(db)
    code, _, err = run(capsys, "population", str(path), "--database-url", db)
    assert code == 1
    assert "whole number" in err
    assert state(db) == before


FORCE_TABLES = [
    PUBLIC / "ons_pfa_tables_ye_mar2018.xlsx",
    PUBLIC / "ons_pfa_tables_ye_mar2019.xlsx",
]


def test_csew_force_import_loads_p6_and_p7_as_published(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [str(path) for path in FORCE_TABLES]
    for _ in range(2):  # a second import replaces the first
        code, out, err = run(capsys, "csew-force", *args, "--database-url", db)
        assert code == 0, err
    rows = query(
        db,
        "SELECT wave, area_code, question_code, base_size, estimate, "
        "significant_vs_reference FROM survey_result WHERE survey_id = 'csew_pfa' "
        "AND area_code IN ('E23000023', 'K04000001') ORDER BY wave, area_code, "
        "question_code",
    )
    found = {(w, a, q): (b, round(100 * e, 1), s) for w, a, q, b, e, s in rows}
    march_2019 = "Year ending March 2019"
    assert found[(march_2019, "E23000023", "csew_asb_any")] == (626, 37.4, False)
    assert found[(march_2019, "E23000023", "csew_asb_drink")][1] == 9.7
    assert found[(march_2019, "E23000023", "csew_asb_groups")][1:] == (7.5, True)
    assert found[(march_2019, "K04000001", "csew_asb_any")] == (34113, 37.8, None)
    assert found[("Year ending March 2018", "E23000023", "csew_asb_any")][:2] == (
        651,
        32.7,
    )
    assert found[("Year ending March 2018", "K04000001", "csew_asb_any")][:2] == (
        34665,
        33.0,
    )
    asb = query(
        db,
        "SELECT period_label, value, published_rate FROM annual_count WHERE "
        "series = 'police_asb_incidents' AND area_code = 'E23000023' "
        "ORDER BY period_end",
    )
    assert len(asb) == 12
    assert asb[0][:2] == ("2007/08", 54737)
    assert (asb[-1][0], asb[-1][1], round(asb[-1][2], 1)) == ("2018/19", 16001, 18.9)


def test_csew_force_import_refuses_a_workbook_without_the_tables(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(db)
    code, _, err = run(
        capsys,
        "csew-force",
        str(PUBLIC / "defra_flytipping_la_2012-13_to_2021-22.xlsx"),
        "--database-url",
        db,
    )
    assert code == 1
    assert "no Table P6" in err and err.count("\n") == 1
    assert state(db) == before


def test_flytipping_import_loads_incidents_and_actions(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = PUBLIC / "defra_flytipping_la_2012-13_to_2021-22.xlsx"
    code, out, err = run(capsys, "flytipping", str(path), "--database-url", db)
    assert code == 0, err
    incidents = query(
        db,
        "SELECT value FROM annual_count WHERE series = 'flytipping_incidents' AND "
        "area_code = 'E06000031' ORDER BY period_end",
    )
    assert [value for (value,) in incidents] == [
        4236, 7604, 6891, 6765, 8186, 7198, 7282, 6820, 9744, 8981,
    ]  # fmt: skip
    assert query(
        db,
        "SELECT published_rate FROM annual_count WHERE series = "
        "'flytipping_incidents' AND area_code = 'E06000031' AND period_label = "
        "'2021-22'",
    )[0][0] == pytest.approx(41.5, abs=0.05)
    assert query(
        db,
        "SELECT value FROM annual_count WHERE series = 'flytipping_actions' AND "
        "area_code = 'E06000031' AND period_label = '2021-22'",
    ) == [(5779,)]
    assert query(
        db,
        "SELECT value FROM annual_count WHERE series = 'flytipping_incidents' AND "
        "area_code = 'E92000001' AND period_label = '2021-22'",
    ) == [(1091019,)]
