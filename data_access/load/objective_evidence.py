"""Pages of this dashboard that give evidence on a plan objective, from the
shipped data/partnership/objective_evidence.csv (objective_id, path, label,
source_note): the partnership's own choice of where to look, not a fact about the
objective. The plan alignment page shows each as a link beside its objective."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from sqlalchemy import Connection

from data_access import schema
from data_access.load.writer import DatasetInfo, DatasetRecorder, insert_rows

EVIDENCE_DATASET = "objective_evidence"
COLUMNS = ("objective_id", "path", "label", "source_note")
# Only a page of this app: a path, and at most a plain query string.
_PATH = re.compile(r"^/[a-z0-9-]*(\?[A-Za-z0-9_=&%.-]*)?$")
_OBJECTIVE = re.compile(r"^[a-z0-9-]{1,80}$")


def read_evidence(path: Path) -> list[dict[str, str]]:
    """The file's rows, checked; a ValueError names the file and line of a bad one."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(
                f"{path.name}, line 1: missing column(s) "
                + ", ".join(repr(c) for c in missing)
            )
        rows = []
        for line, row in enumerate(reader, start=2):
            values = {c: (row.get(c) or "").strip() for c in COLUMNS}
            if not _OBJECTIVE.match(values["objective_id"]):
                raise ValueError(
                    f"{path.name}, line {line}: {values['objective_id']!r} is not "
                    "an objective id (lower-case letters, digits and hyphens)."
                )
            if not _PATH.match(values["path"]):
                raise ValueError(
                    f"{path.name}, line {line}: {values['path']!r} is not a page of "
                    "this dashboard (a path such as /outcomes)."
                )
            if not values["label"]:
                raise ValueError(f"{path.name}, line {line}: the label is empty.")
            rows.append(values)
    return rows


def load_objective_evidence(
    conn: Connection, recorder: DatasetRecorder, path: Path
) -> None:
    """Store the shipped evidence links, as a partnership default (not demo)."""
    rows = read_evidence(path)
    info = DatasetInfo(
        dataset_id=EVIDENCE_DATASET,
        title="Evidence pages for plan objectives",
        source="PES partnership default, data/partnership/objective_evidence.csv",
        licence="Internal configuration of the PES board dashboard",
        attribution="PES executive board",
        period_label="current",
        is_demo=False,
        status="default",
        description=(
            "Which page of this dashboard gives evidence on which plan objective: "
            "a partnership default for where to look, not a finding about the "
            "objective."
        ),
        source_file=path,
    )
    with recorder.dataset(info) as counter:
        counter[0] = insert_rows(
            conn,
            schema.objective_evidence,
            [{**row, "dataset_id": EVIDENCE_DATASET} for row in rows],
        )
