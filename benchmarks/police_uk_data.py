"""Generate police.uk street-level files of any size for the import benchmark and tests.

Rows look like the published files: 64-hex crime IDs (blank for ASB), one month,
Cambridgeshire Constabulary, points spread over Cambridgeshire (about a third in
Peterborough), LSOA codes and names, the police.uk crime types and outcomes.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from data_access.load.import_police import COLUMNS

CRIME_TYPES = [
    ("Anti-social behaviour", 0.30),
    ("Violence and sexual offences", 0.27),
    ("Criminal damage and arson", 0.07),
    ("Public order", 0.06),
    ("Other theft", 0.06),
    ("Shoplifting", 0.07),
    ("Vehicle crime", 0.05),
    ("Burglary", 0.04),
    ("Drugs", 0.02),
    ("Bicycle theft", 0.02),
    ("Other crime", 0.01),
    ("Robbery", 0.01),
    ("Theft from the person", 0.01),
    ("Possession of weapons", 0.01),
]
OUTCOMES = [
    "Investigation complete; no suspect identified",
    "Unable to prosecute suspect",
    "Under investigation",
    "Status update unavailable",
    "Offender given a caution",
    "Awaiting court outcome",
]


def write_police_file(
    path: Path, rows: int, *, month: str = "2025-06", seed: int = 1
) -> Path:
    """Write a street-level CSV of ``rows`` rows; return its path."""
    rng = np.random.default_rng(seed)
    names = [name for name, _ in CRIME_TYPES]
    weights = np.array([w for _, w in CRIME_TYPES])
    path.parent.mkdir(parents=True, exist_ok=True)
    block = 100_000
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        written = 0
        while written < rows:
            n = min(block, rows - written)
            kinds = rng.choice(len(names), size=n, p=weights / weights.sum())
            in_city = rng.random(n) < 0.35
            lon = np.where(
                in_city,
                rng.uniform(-0.35, -0.15, n),
                rng.uniform(-0.50, 0.50, n),
            )
            lat = np.where(
                in_city, rng.uniform(52.53, 52.64, n), rng.uniform(52.0, 52.7, n)
            )
            ids = rng.integers(0, 2**63, size=(n, 4), dtype=np.int64)
            lsoa = rng.integers(0, 500, n)
            outcome = rng.integers(0, len(OUTCOMES), n)
            no_location = rng.random(n) < 0.01
            for i in range(n):
                asb = kinds[i] == 0
                writer.writerow(
                    (
                        ""
                        if asb
                        else "".join(
                            f"{int(v) & 0xFFFFFFFFFFFFFFFF:016x}" for v in ids[i]
                        ),
                        month,
                        "Cambridgeshire Constabulary",
                        "Cambridgeshire Constabulary",
                        "" if no_location[i] else f"{lon[i]:.6f}",
                        "" if no_location[i] else f"{lat[i]:.6f}",
                        "No location" if no_location[i] else "On or near High Street",
                        f"E01{18000 + lsoa[i]:06d}",
                        f"Peterborough {lsoa[i]:03d}A",
                        names[kinds[i]],
                        "" if asb else OUTCOMES[outcome[i]],
                        "",
                    )
                )
            written += n
    return path
