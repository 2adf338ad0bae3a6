"""Demo data, only where no shipped source has the data. Deterministic (seeded, or
fixed CSV files) and flagged demo in the dataset table, so every page can say so on
screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Connection

from data_access.load.demo_crime import load_demo_crime
from data_access.load.demo_partnership import load_demo_partnership
from data_access.load.public import WardGeometry
from data_access.load.writer import DatasetRecorder


def load_demo(
    conn: Connection,
    recorder: DatasetRecorder,
    *,
    seed: int,
    latest_crime_period: date,
    wards: WardGeometry,
    partnership_dir: Path,
    demo_dir: Path,
    history: bool = False,
) -> None:
    """Write every demo dataset after the real data has been loaded."""
    load_demo_crime(
        conn,
        recorder,
        seed=seed,
        latest_crime_period=latest_crime_period,
        wards=wards,
        history=history,
    )
    load_demo_partnership(
        conn,
        recorder,
        latest_crime_period=latest_crime_period,
        partnership_dir=partnership_dir,
        demo_dir=demo_dir,
    )
