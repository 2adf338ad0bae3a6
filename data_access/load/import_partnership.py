"""Import the partnership's own CSV files: surveys, KPIs, plans and risks.

Each kind has templates under data/templates/ (documented column by column in
the README). A file's kind is told by its header. Every file is checked whole
before anything is written; all files of one command go in one transaction.
Real data of a kind replaces that kind's demo data, so the DEMO flag leaves
the pages that show it.

The build loads the shipped plans and the demo KPIs, links and risks (data/partnership
and data/demo, in these templates' format) through the same parsing, checks and
``write_*_rows`` writers, tagged with its own datasets and demo flag.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection, and_, delete, func, select

from data_access import schema
from data_access.load.importing import (
    CsvTable,
    ImportFailure,
    ImportSummary,
    Rejections,
    RowError,
    bool_value,
    choice_value,
    date_value,
    datetime_value,
    decode_utf8,
    drop_datasets,
    id_value,
    integer_value,
    live_transaction,
    now,
    number_value,
    optional_text,
    read_csv_table,
    record_dataset,
    reported_by,
    text_value,
)
from data_access.load.writer import DatasetInfo

AGENCIES = ("council", "police", "fire", "prison", "partnership")
PARTNERSHIP = "Safer Peterborough Partnership / PES"
LICENCE = "Partnership data: for the partnership's own use"


@dataclass(frozen=True)
class FileSpec:
    """One template: its columns (required, optional), key and row parser."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    key: tuple[str, ...]
    parse: Callable[[dict[str, str]], dict[str, object]]


def _default(value: float | None, default: float) -> float:
    """``value``, or ``default`` when blank (a 0 given is kept as 0)."""
    return default if value is None else value


def _survey_row(row: dict[str, str]) -> dict[str, object]:
    start = date_value(row, "fieldwork_start", latest=reported_by())
    end = date_value(row, "fieldwork_end", latest=reported_by())
    if end < start:  # type: ignore[operator]
        raise RowError("fieldwork_end", "a date on or after fieldwork_start", str(end))
    return {
        "survey_id": id_value(row, "survey_id", max_length=60),
        "survey_name": text_value(row, "survey_name"),
        "provider": text_value(row, "provider"),
        "geography": text_value(row, "geography", max_length=60),
        "design_effect": _default(
            number_value(
                row, "design_effect", required=False, minimum=1.0, maximum=10.0
            ),
            1.0,
        ),
        "wave": text_value(row, "wave", max_length=40),
        "fieldwork_start": start,
        "fieldwork_end": end,
        "area_code": text_value(row, "area_code", max_length=40),
        "question_code": id_value(row, "question_code", max_length=60),
        "question_text": text_value(row, "question_text", max_length=1000),
        "short_label": text_value(row, "short_label", max_length=80),
        "direction": choice_value(
            row, "direction", ("higher_is_better", "higher_is_worse")
        ),
        "base_size": integer_value(row, "base_size", required=False, minimum=1),
        "estimate": number_value(row, "estimate_percent", minimum=0, maximum=100) / 100,  # type: ignore[operator]
    }


def _kpi_row(row: dict[str, str]) -> dict[str, object]:
    objectives = [
        part.strip() for part in row.get("objective_ids", "").split(";") if part.strip()
    ]
    return {
        "kpi_id": id_value(row, "kpi_id", max_length=60),
        "name": text_value(row, "name"),
        "description": optional_text(row, "description"),
        "owner_agency": choice_value(row, "owner_agency", AGENCIES),
        "owner_role": optional_text(row, "owner_role", max_length=120),
        "sector_code": choice_value(
            row,
            "sector_code",
            ("PES-NORTH", "PES-SOUTH", "PES-EAST"),
            required=False,
        ),
        "unit": text_value(row, "unit", max_length=40),
        "direction": choice_value(
            row, "direction", ("lower_is_better", "higher_is_better")
        ),
        "target": number_value(row, "target", required=False),
        "baseline": number_value(row, "baseline", required=False),
        "tolerance": _default(
            number_value(row, "tolerance", required=False, minimum=0, maximum=1), 0.05
        ),
        "frequency": choice_value(row, "frequency", ("monthly", "quarterly", "annual")),
        "value_kind": choice_value(row, "value_kind", ("count", "rate", "percentage")),
        "_objectives": objectives,
    }


def _kpi_value_row(row: dict[str, str]) -> dict[str, object]:
    start = date_value(row, "period_start", latest=reported_by())
    end = date_value(row, "period_end", latest=reported_by())
    if end < start:  # type: ignore[operator]
        raise RowError("period_end", "a date on or after period_start", str(end))
    numerator = number_value(row, "numerator", required=False, minimum=0)
    denominator = number_value(row, "denominator", required=False, minimum=0)
    if denominator == 0:
        raise RowError("denominator", "a number above 0, or blank", "0")
    if numerator is not None and denominator is not None and numerator > denominator:
        raise RowError(
            "numerator", "a number no larger than the denominator", f"{numerator:g}"
        )
    return {
        "kpi_id": id_value(row, "kpi_id", max_length=60),
        "period_start": start,
        "period_end": end,
        # KPI values are counts, rates or percentages: never below 0.
        "value": number_value(row, "value", minimum=0),
        "numerator": numerator,
        "denominator": denominator,
        "note": optional_text(row, "note"),
        # Blank: the value counts as updated when it is imported.
        "updated_at": datetime_value(row, "updated_at", required=False),
    }


def _plan_row(row: dict[str, str]) -> dict[str, object]:
    start = date_value(row, "period_start")
    end = date_value(row, "period_end", required=False)
    if end is not None and end < start:  # type: ignore[operator]
        raise RowError("period_end", "a date on or after period_start", str(end))
    return {
        "plan_id": id_value(row, "plan_id", max_length=60),
        "plan_kind": choice_value(row, "plan_kind", ("pcp", "spp", "pes")),
        "title": text_value(row, "title"),
        "period_start": start,
        "period_end": end,
        "status": text_value(row, "status", max_length=40),
        "source": optional_text(row, "source"),
    }


def _objective_row(row: dict[str, str]) -> dict[str, object]:
    return {
        "objective_id": id_value(row, "objective_id", max_length=80),
        "plan_id": id_value(row, "plan_id", max_length=60),
        "title": text_value(row, "title"),
        "description": optional_text(row, "description"),
        "sort_order": integer_value(row, "sort_order", minimum=0),
        "confirmed": bool_value(row, "confirmed"),
    }


def _link_row(row: dict[str, str]) -> dict[str, object]:
    return {
        "from_objective_id": id_value(row, "from_objective_id", max_length=80),
        "to_objective_id": id_value(row, "to_objective_id", max_length=80),
        "strength": integer_value(row, "strength", minimum=1, maximum=3),
        "rationale": optional_text(row, "rationale"),
    }


def _risk_row(row: dict[str, str]) -> dict[str, object]:
    return {
        "risk_id": id_value(row, "risk_id", max_length=40),
        "title": text_value(row, "title"),
        "description": optional_text(row, "description"),
        "owner": text_value(row, "owner", max_length=120),
        "owner_agency": choice_value(row, "owner_agency", AGENCIES),
        "likelihood": integer_value(row, "likelihood", minimum=1, maximum=5),
        "impact": integer_value(row, "impact", minimum=1, maximum=5),
        "mitigation": optional_text(row, "mitigation"),
        "review_date": date_value(row, "review_date"),
        "status": choice_value(row, "status", ("open", "closed")),
    }


SURVEY = FileSpec(
    "survey results",
    (
        "survey_id",
        "survey_name",
        "provider",
        "geography",
        "wave",
        "fieldwork_start",
        "fieldwork_end",
        "area_code",
        "question_code",
        "question_text",
        "short_label",
        "direction",
        "base_size",
        "estimate_percent",
    ),
    ("design_effect",),
    ("survey_id", "wave", "area_code", "question_code"),
    _survey_row,
)
KPI_DEFINITIONS = FileSpec(
    "KPI definitions",
    (
        "kpi_id",
        "name",
        "owner_agency",
        "unit",
        "direction",
        "frequency",
        "value_kind",
    ),
    (
        "description",
        "owner_role",
        "sector_code",
        "target",
        "baseline",
        "tolerance",
        "objective_ids",
    ),
    ("kpi_id",),
    _kpi_row,
)
KPI_VALUES = FileSpec(
    "KPI values",
    ("kpi_id", "period_start", "period_end", "value"),
    ("numerator", "denominator", "note", "updated_at"),
    ("kpi_id", "period_end"),
    _kpi_value_row,
)
PLANS = FileSpec(
    "plans",
    ("plan_id", "plan_kind", "title", "period_start", "status"),
    ("period_end", "source"),
    ("plan_id",),
    _plan_row,
)
OBJECTIVES = FileSpec(
    "plan objectives",
    ("objective_id", "plan_id", "title", "sort_order", "confirmed"),
    ("description",),
    ("objective_id",),
    _objective_row,
)
LINKS = FileSpec(
    "objective links",
    ("from_objective_id", "to_objective_id", "strength"),
    ("rationale",),
    ("from_objective_id", "to_objective_id"),
    _link_row,
)
RISKS = FileSpec(
    "risk register",
    (
        "risk_id",
        "title",
        "owner",
        "owner_agency",
        "likelihood",
        "impact",
        "review_date",
        "status",
    ),
    ("description", "mitigation"),
    ("risk_id",),
    _risk_row,
)
SPECS_BY_KIND: dict[str, tuple[FileSpec, ...]] = {
    "survey": (SURVEY,),
    "kpis": (KPI_DEFINITIONS, KPI_VALUES),
    "plans": (PLANS, OBJECTIVES, LINKS),
    "risks": (RISKS,),
}


def _which_spec(path: Path, specs: Sequence[FileSpec], data: bytes) -> FileSpec:
    """The template a file follows, told by its first column names."""
    first_line = decode_utf8(path.name, data).splitlines()[0]
    header = {" ".join(c.strip().strip('"').split()) for c in first_line.split(",")}
    for spec in specs:
        if spec.key[0] in header and set(spec.required[:3]) <= header:
            return spec
    if len(specs) == 1:
        return specs[0]  # let the header check name what is missing
    names = "; ".join(f"{spec.name}: {', '.join(spec.required)}" for spec in specs)
    raise ImportFailure(
        f"{path.name}, line 1: the columns match none of the templates of this kind; "
        f"expected the columns of one of: {names}"
    )


@dataclass
class ParsedFile:
    """One checked file: its template, path and parsed rows (with line numbers)."""

    spec: FileSpec
    path: Path
    rows: list[tuple[int, dict[str, object]]]


def parse_file(
    path: Path, specs: Sequence[FileSpec], rejections: Rejections
) -> ParsedFile:
    """Check and parse one file of a kind; row errors stop it or are listed."""
    if not path.is_file():
        raise ImportFailure(f"{path}: no such file")
    data = path.read_bytes()
    spec = _which_spec(path, specs, data)
    table: CsvTable = read_csv_table(
        path,
        required=spec.required,
        optional=spec.optional,
        rejections=rejections,
        data=data,
    )
    parsed: list[tuple[int, dict[str, object]]] = []
    seen: dict[tuple, int] = {}
    for line, row in table.rows:
        try:
            values = spec.parse(row)
        except RowError as error:
            rejections.reject(table.name, line, error)
            continue
        key = tuple(values[k] for k in spec.key)
        if key in seen:
            rejections.reject(
                table.name,
                line,
                f"column '{spec.key[-1]}': the row repeats line {seen[key]} "
                f"(same {', '.join(spec.key)}): a duplicate row",
            )
            continue
        seen[key] = line
        parsed.append((line, values))
    if not parsed:
        raise ImportFailure(f"{path.name}: no valid rows to load")
    return ParsedFile(spec, path, parsed)


def read_kind(
    kind: str, paths: Sequence[Path], rejections: Rejections
) -> list[ParsedFile]:
    """Check and parse every file of one kind, in the order of its templates."""
    specs = SPECS_BY_KIND[kind]
    parsed = [parse_file(path, specs, rejections) for path in paths]
    parsed.sort(key=lambda p: specs.index(p.spec))
    _refuse_keys_in_two_files(parsed)
    return parsed


def _refuse_keys_in_two_files(parsed: Sequence[ParsedFile]) -> None:
    """Two files of one template may not both give the same key: which would win
    would depend on the order the files were named."""
    seen: dict[tuple[str, tuple[object, ...]], tuple[str, int]] = {}
    for part in parsed:
        for line, values in part.rows:
            key = (part.spec.name, tuple(values[k] for k in part.spec.key))
            if key in seen and seen[key][0] != part.path.name:
                first, first_line = seen[key]
                raise ImportFailure(
                    f"{part.path.name}, line {line}, column '{part.spec.key[-1]}': "
                    f"the same {', '.join(part.spec.key)} as {first}, line "
                    f"{first_line}; give each row in one file only"
                )
            seen.setdefault(key, (part.path.name, line))


def _upsert(
    conn: Connection, table, key: Sequence[str], rows: Sequence[dict[str, object]]
) -> None:
    """Update rows whose key exists, insert the others (parents keep their children)."""
    for row in rows:
        condition = and_(*(table.c[k] == row[k] for k in key))
        if conn.execute(select(table.c[key[0]]).where(condition)).first():
            conn.execute(table.update().where(condition).values(**row))
        else:
            conn.execute(table.insert().values(**row))


def _replace_by_key(
    conn: Connection,
    table,
    rows: list[dict],
    key_columns: tuple[str, ...],
    extra: dict,
) -> int:
    """Delete any row with the same key as a new one, then insert the new rows."""
    for row in rows:
        conn.execute(
            delete(table).where(*(table.c[name] == row[name] for name in key_columns))
        )
    conn.execute(table.insert(), [row | extra for row in rows])
    return len(rows)


def _check_reference(
    rejections: Rejections,
    parsed: ParsedFile,
    column: str,
    known: set[str],
    expected: str,
) -> None:
    kept = []
    for line, values in parsed.rows:
        if values[column] not in known:
            rejections.reject(
                parsed.path.name, line, RowError(column, expected, values[column])
            )
            continue
        kept.append((line, values))
    parsed.rows = kept


def _drop_demo_kpis(conn: Connection, dataset_ids: list[str]) -> None:
    demo = select(schema.kpi.c.kpi_id).where(schema.kpi.c.dataset_id.in_(dataset_ids))
    conn.execute(delete(schema.kpi_value).where(schema.kpi_value.c.kpi_id.in_(demo)))
    conn.execute(
        delete(schema.kpi_objective).where(schema.kpi_objective.c.kpi_id.in_(demo))
    )


def _drop_demo_surveys(conn: Connection, dataset_ids: list[str]) -> None:
    demo = select(schema.survey.c.survey_id).where(
        schema.survey.c.dataset_id.in_(dataset_ids)
    )
    conn.execute(
        delete(schema.survey_result).where(schema.survey_result.c.survey_id.in_(demo))
    )


def import_partnership(
    url: str, kind: str, paths: list[Path], *, skip_invalid: bool = False
) -> ImportSummary:
    """Import survey, kpis, plans or risks files into the live database."""
    rejections = Rejections(skip_invalid)
    parsed = read_kind(kind, paths, rejections)
    summary = ImportSummary(kind)
    loaded_at = now()
    with live_transaction(url) as conn:
        handler = {
            "survey": _write_survey,
            "kpis": _write_kpis,
            "plans": _write_plans,
            "risks": _write_risks,
        }[kind]
        handler(conn, parsed, rejections, summary, loaded_at)
    summary.rejected = rejections.messages
    return summary


def _period(dates: Sequence[date]) -> tuple[date, date, str]:
    first, last = min(dates), max(dates)
    label = (
        f"{first:%d %B %Y}" if first == last else f"{first:%d %B %Y} to {last:%d %B %Y}"
    )
    return first, last, label


def _write_survey(conn, parsed, rejections, summary, loaded_at) -> None:  # type: ignore[no-untyped-def]
    area = schema.area
    known = {code for (code,) in conn.execute(select(area.c.area_code))}
    for file in parsed:
        _check_reference(
            rejections,
            file,
            "area_code",
            known,
            "an area code in the database (a ward E05..., sector PES-..., "
            "E06000031 or K04000001)",
        )
        if not file.rows:
            raise ImportFailure(f"{file.path.name}: no valid rows to load")
    dropped = drop_datasets(
        conn,
        ["demo_local_survey"],
        [schema.survey_result, schema.survey],
        before_delete=_drop_demo_surveys,
    )
    for file in parsed:
        rows = [values for _, values in file.rows]
        by_survey: dict[str, list[dict[str, object]]] = {}
        for values in rows:
            by_survey.setdefault(str(values["survey_id"]), []).append(values)
        for survey_id, items in by_survey.items():
            names = {(v["survey_name"], v["provider"], v["geography"]) for v in items}
            if len(names) > 1:
                raise ImportFailure(
                    f"{file.path.name}: survey '{survey_id}' has different survey_name, "
                    "provider or geography on different rows; expected the same on every row"
                )
            dataset_id = f"survey_{survey_id}"[:64]
            first = items[0]
            start, end, label = _period([v["fieldwork_end"] for v in items])
            waves = sorted({str(v["wave"]) for v in items})
            info = DatasetInfo(
                dataset_id=dataset_id,
                publisher=str(first["provider"]),
                title=str(first["survey_name"]),
                source=f"{first['survey_name']} ({first['provider']}), imported from CSV",
                licence=LICENCE,
                attribution=f"Source: {first['provider']}, {first['survey_name']}.",
                period_label=f"{len(waves)} wave(s): {waves[0]} to {waves[-1]}"
                if len(waves) > 1
                else waves[0],
                period_start=min(v["fieldwork_start"] for v in items),
                period_end=end,
                is_demo=False,
                notes="Estimates are percentages of respondents; base_size is the "
                "number who answered.",
            )
            record_dataset(
                conn, info, rows=0, loaded_at=loaded_at, source_files=[file.path]
            )
            _upsert(
                conn,
                schema.survey,
                ("survey_id",),
                [
                    {
                        "survey_id": survey_id,
                        "survey_name": first["survey_name"],
                        "provider": first["provider"],
                        "geography": first["geography"],
                        "design_effect": first["design_effect"],
                        "is_demo": False,
                        "dataset_id": dataset_id,
                    }
                ],
            )
            questions = {
                str(v["question_code"]): {
                    "question_code": v["question_code"],
                    "question_text": v["question_text"],
                    "short_label": v["short_label"],
                    "direction": v["direction"],
                }
                for v in items
            }
            _upsert(
                conn,
                schema.survey_question,
                ("question_code",),
                list(questions.values()),
            )
            result = schema.survey_result
            for wave in waves:
                conn.execute(
                    delete(result).where(
                        result.c.survey_id == survey_id, result.c.wave == wave
                    )
                )
            conn.execute(
                result.insert(),
                [
                    {
                        "survey_id": survey_id,
                        "wave": v["wave"],
                        "fieldwork_start": v["fieldwork_start"],
                        "fieldwork_end": v["fieldwork_end"],
                        "area_code": v["area_code"],
                        "question_code": v["question_code"],
                        "base_size": v["base_size"],
                        "estimate": v["estimate"],
                        "dataset_id": dataset_id,
                    }
                    for v in items
                ],
            )
            _set_rows(conn, dataset_id, _count(conn, result, dataset_id))
            summary.dataset_ids.append(dataset_id)
            summary.rows += len(items)
    if dropped:
        summary.notes.append("replaced the demo data: " + ", ".join(dropped))


def _count(conn: Connection, table, dataset_id: str) -> int:  # type: ignore[no-untyped-def]
    return int(
        conn.execute(
            select(func.count()).where(table.c.dataset_id == dataset_id)
        ).scalar_one()
    )


def _set_rows(conn: Connection, dataset_id: str, rows: int) -> None:
    conn.execute(
        schema.dataset.update()
        .where(schema.dataset.c.dataset_id == dataset_id)
        .values(row_count=rows)
    )


@dataclass(frozen=True)
class KpiRows:
    """How many rows a KPI import wrote to each table."""

    definitions: int
    links: int
    values: int


def check_kpi_references(
    conn: Connection, parsed: Sequence[ParsedFile], rejections: Rejections
) -> None:
    """Keep the KPI rows whose objectives and KPI ids are loaded or defined now."""
    kpi = schema.kpi
    definitions = [f for f in parsed if f.spec is KPI_DEFINITIONS]
    values = [f for f in parsed if f.spec is KPI_VALUES]
    real = {
        code
        for (code,) in conn.execute(
            select(kpi.c.kpi_id).where(kpi.c.is_demo.is_(False))
        )
    }
    defined = {str(v["kpi_id"]) for f in definitions for _, v in f.rows}
    objectives = {
        o for (o,) in conn.execute(select(schema.plan_objective.c.objective_id))
    }
    for file in definitions:
        kept = []
        for line, row in file.rows:
            unknown = [o for o in row["_objectives"] if o not in objectives]  # type: ignore[union-attr]
            if unknown:
                rejections.reject(
                    file.path.name,
                    line,
                    RowError(
                        "objective_ids",
                        "objective ids of loaded plans, separated by ';'",
                        ";".join(unknown),
                    ),
                )
                continue
            kept.append((line, row))
        file.rows = kept
        if not kept:
            raise ImportFailure(f"{file.path.name}: no valid rows to load")
    for file in values:
        _check_reference(
            rejections,
            file,
            "kpi_id",
            real | defined,
            "a KPI id defined in a KPI definitions file (loaded now or before)",
        )
        if not file.rows:
            raise ImportFailure(f"{file.path.name}: no valid rows to load")


def write_kpi_rows(
    conn: Connection,
    parsed: Sequence[ParsedFile],
    *,
    dataset_id: str,
    is_demo: bool,
    updated_at: datetime,
) -> KpiRows:
    """Upsert checked KPI definitions with their objectives and replace their values
    by period; a value without its own updated_at takes ``updated_at``."""
    definitions = links = values = 0
    for file in parsed:
        if file.spec is not KPI_DEFINITIONS:
            continue
        rows = [v for _, v in file.rows]
        _upsert(
            conn,
            schema.kpi,
            ("kpi_id",),
            [
                {k: v for k, v in row.items() if not k.startswith("_")}
                | {"is_demo": is_demo, "dataset_id": dataset_id}
                for row in rows
            ],
        )
        for row in rows:
            conn.execute(
                delete(schema.kpi_objective).where(
                    schema.kpi_objective.c.kpi_id == row["kpi_id"]
                )
            )
            for objective in dict.fromkeys(row["_objectives"]):  # type: ignore[arg-type]
                conn.execute(
                    schema.kpi_objective.insert().values(
                        kpi_id=row["kpi_id"], objective_id=objective
                    )
                )
                links += 1
        definitions += len(rows)
    for file in parsed:
        if file.spec is not KPI_VALUES:
            continue
        values += _replace_by_key(
            conn,
            schema.kpi_value,
            [v | {"updated_at": v["updated_at"] or updated_at} for _, v in file.rows],
            ("kpi_id", "period_end"),
            {"dataset_id": dataset_id},
        )
    return KpiRows(definitions, links, values)


def _write_kpis(conn, parsed, rejections, summary, loaded_at) -> None:  # type: ignore[no-untyped-def]
    dataset_id = "partnership_kpis"
    kpi, value_table = schema.kpi, schema.kpi_value
    dropped: list[str] = []
    if any(f.spec is KPI_DEFINITIONS for f in parsed):
        dropped = drop_datasets(
            conn,
            ["demo_kpis"],
            [value_table, kpi],
            before_delete=_drop_demo_kpis,
        )
    check_kpi_references(conn, parsed, rejections)
    info_files = [f.path for f in parsed]
    record_dataset(
        conn,
        DatasetInfo(
            dataset_id=dataset_id,
            publisher=PARTNERSHIP,
            title="PES key performance indicators",
            source="The partnership's KPI returns, imported from CSV",
            licence=LICENCE,
            attribution="Source: Safer Peterborough Partnership / PES KPI returns.",
            period_label="",
            is_demo=False,
        ),
        rows=0,
        loaded_at=loaded_at,
        source_files=info_files,
    )
    written = write_kpi_rows(
        conn, parsed, dataset_id=dataset_id, is_demo=False, updated_at=loaded_at
    )
    summary.rows += written.definitions + written.values
    ends = [
        end
        for (end,) in conn.execute(
            select(value_table.c.period_end).where(
                value_table.c.dataset_id == dataset_id
            )
        )
    ]
    period = (
        schema.dataset.update()
        .where(schema.dataset.c.dataset_id == dataset_id)
        .values(
            row_count=_count(conn, value_table, dataset_id)
            + _count(conn, kpi, dataset_id),
            **(
                dict(
                    zip(
                        ("period_start", "period_end", "period_label"),
                        _period(ends),
                        strict=True,
                    )
                )
                if ends
                else {"period_label": "definitions only, no values yet"}
            ),
        )
    )
    conn.execute(period)
    summary.dataset_ids.append(dataset_id)
    if dropped:
        summary.notes.append("replaced the demo data: " + ", ".join(dropped))


def check_plan_references(
    conn: Connection, parsed: Sequence[ParsedFile], rejections: Rejections
) -> None:
    """Keep the objectives of known plans and the links between known objectives;
    a file left with no rows stops the import."""
    plans = [f for f in parsed if f.spec is PLANS]
    objectives = [f for f in parsed if f.spec is OBJECTIVES]
    links = [f for f in parsed if f.spec is LINKS]
    known_plans = {p for (p,) in conn.execute(select(schema.plan.c.plan_id))}
    known_plans |= {str(v["plan_id"]) for f in plans for _, v in f.rows}
    for file in objectives:
        _check_reference(
            rejections, file, "plan_id", known_plans, "a plan_id of a loaded plan"
        )
    known_objectives = {
        o for (o,) in conn.execute(select(schema.plan_objective.c.objective_id))
    } | {str(v["objective_id"]) for f in objectives for _, v in f.rows}
    for file in links:
        for column in ("from_objective_id", "to_objective_id"):
            _check_reference(
                rejections,
                file,
                column,
                known_objectives,
                "an objective_id of a loaded plan objective",
            )
    for file in parsed:
        if not file.rows:
            raise ImportFailure(f"{file.path.name}: no valid rows to load")


def write_plan_rows(
    conn: Connection, parsed: Sequence[ParsedFile], *, dataset_id: str
) -> tuple[int, int]:
    """Upsert checked plans (tagged with the dataset) and objectives; return how
    many of each."""
    plans = objectives = 0
    for file in parsed:
        if file.spec is PLANS:
            rows = [v | {"dataset_id": dataset_id} for _, v in file.rows]
            _upsert(conn, schema.plan, ("plan_id",), rows)
            plans += len(rows)
    for file in parsed:
        if file.spec is OBJECTIVES:
            rows = [v for _, v in file.rows]
            _upsert(conn, schema.plan_objective, ("objective_id",), rows)
            objectives += len(rows)
    return plans, objectives


def write_link_rows(
    conn: Connection, parsed: Sequence[ParsedFile], *, dataset_id: str, is_demo: bool
) -> int:
    """Replace checked objective links by their pair of objectives; return how many."""
    return sum(
        _replace_by_key(
            conn,
            schema.objective_link,
            [v for _, v in file.rows],
            ("from_objective_id", "to_objective_id"),
            {"is_demo": is_demo, "dataset_id": dataset_id},
        )
        for file in parsed
        if file.spec is LINKS
    )


def _write_plans(conn, parsed, rejections, summary, loaded_at) -> None:  # type: ignore[no-untyped-def]
    plans = [f for f in parsed if f.spec is PLANS]
    objectives = [f for f in parsed if f.spec is OBJECTIVES]
    links = [f for f in parsed if f.spec is LINKS]
    check_plan_references(conn, parsed, rejections)
    plan_dataset, link_dataset = "partnership_plans", "partnership_plan_links"
    dropped: list[str] = []
    if plans or objectives:
        dates = [v["period_start"] for f in plans for _, v in f.rows]
        record_dataset(
            conn,
            DatasetInfo(
                dataset_id=plan_dataset,
                publisher=PARTNERSHIP,
                title="Plans and objectives (partnership import)",
                source="Plans and objectives listed by the partnership, imported from CSV",
                licence=LICENCE,
                attribution="Plans as published by their owners; list kept by the partnership.",
                period_label=f"plans from {min(dates):%B %Y}"
                if dates
                else "objectives",
                period_start=min(dates) if dates else None,
                is_demo=False,
            ),
            rows=0,
            loaded_at=loaded_at,
            source_files=[f.path for f in plans + objectives],
        )
        summary.rows += sum(write_plan_rows(conn, parsed, dataset_id=plan_dataset))
        _set_rows(conn, plan_dataset, _count(conn, schema.plan, plan_dataset))
        summary.dataset_ids.append(plan_dataset)
    if links:
        dropped = drop_datasets(conn, ["demo_plan_links"], [schema.objective_link])
        record_dataset(
            conn,
            DatasetInfo(
                dataset_id=link_dataset,
                publisher=PARTNERSHIP,
                title="Links between plan objectives (partnership import)",
                source="Objective links agreed by the partnership, imported from CSV",
                licence=LICENCE,
                attribution="Links between objectives: the partnership's own assessment.",
                period_label="current",
                is_demo=False,
            ),
            rows=0,
            loaded_at=loaded_at,
            source_files=[f.path for f in links],
        )
        summary.rows += write_link_rows(
            conn, parsed, dataset_id=link_dataset, is_demo=False
        )
        link = schema.objective_link
        _set_rows(conn, link_dataset, _count(conn, link, link_dataset))
        summary.dataset_ids.append(link_dataset)
    if dropped:
        summary.notes.append("replaced the demo data: " + ", ".join(dropped))


def write_risk_rows(
    conn: Connection, file: ParsedFile, *, dataset_id: str, is_demo: bool
) -> int:
    """Insert a checked register whose risk ids no other dataset uses; return how
    many risks."""
    rows = [v for _, v in file.rows]
    taken = {r for (r,) in conn.execute(select(schema.risk.c.risk_id))}
    clash = [row["risk_id"] for row in rows if row["risk_id"] in taken]
    if clash:
        raise ImportFailure(
            f"{file.path.name}: risk ids {clash} are already used by another dataset"
        )
    conn.execute(
        schema.risk.insert(),
        [row | {"is_demo": is_demo, "dataset_id": dataset_id} for row in rows],
    )
    return len(rows)


def _write_risks(conn, parsed, rejections, summary, loaded_at) -> None:  # type: ignore[no-untyped-def]
    dataset_id = "partnership_risks"
    if len(parsed) > 1:
        raise ImportFailure(
            "risks: give one register file; each import replaces the whole register"
        )
    file = parsed[0]
    dropped = drop_datasets(conn, ["demo_risks"], [schema.risk])
    conn.execute(delete(schema.risk).where(schema.risk.c.dataset_id == dataset_id))
    reviews = [values["review_date"] for _, values in file.rows]
    record_dataset(
        conn,
        DatasetInfo(
            dataset_id=dataset_id,
            publisher=PARTNERSHIP,
            title="PES risk register",
            source="The PES risk register, imported from CSV (each import replaces it)",
            licence=LICENCE,
            attribution="Source: PES risk register.",
            period_label=f"reviews due {min(reviews):%d %B %Y} to {max(reviews):%d %B %Y}",
            period_start=min(reviews),
            period_end=max(reviews),
            is_demo=False,
        ),
        rows=len(reviews),
        loaded_at=loaded_at,
        source_files=[file.path],
    )
    summary.rows = write_risk_rows(conn, file, dataset_id=dataset_id, is_demo=False)
    summary.dataset_ids.append(dataset_id)
    if dropped:
        summary.notes.append("replaced the demo data: " + ", ".join(dropped))
