"""A small Peterborough for the ward, sector, survey and map queries: six wards in
three sectors, a few incident counts, one demo residents' survey, the CSEW
reference and four KPIs. Every expected value in the tests that read it can be
worked out from the numbers below.

Wards (current mapping "2023"): W1, W2 -> PES-NORTH; W3, W4 -> PES-SOUTH;
W5, W6 -> PES-EAST. The old mapping "2019" put W2 in PES-SOUTH.
Populations: 2022 W1..W6 = 1,000, 2,000, ..., 6,000 (sectors 3,000, 7,000,
11,000; city 21,000); 2021 each 100 fewer (2,800, 6,800, 10,800; city 20,400).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from data_access import schema
from tests.fixture_db import Row, Rows, area, dataset

LAD = "E06000031"
NORTH, SOUTH, EAST = "PES-NORTH", "PES-SOUTH", "PES-EAST"
SECTORS = {NORTH: "North", SOUTH: "South", EAST: "East"}
WARDS = {f"E0590000{n}": f"Ward {n}" for n in range(1, 7)}
W1, W2, W3, W4, W5, W6 = WARDS
SECTOR_OF = {W1: NORTH, W2: NORTH, W3: SOUTH, W4: SOUTH, W5: EAST, W6: EAST}
POPULATION_2022 = {ward: 1000 * n for n, ward in enumerate(WARDS, start=1)}
POPULATION_2021 = {ward: people - 100 for ward, people in POPULATION_2022.items()}

AUGUST_2019 = date(2019, 8, 1)
POLICE, POLICE_DEMO = "police.uk", "police.uk (demo)"
COUNCIL = "Council environmental services (demo)"
FIRE = "Cambridgeshire Fire and Rescue IRS (demo)"
ASB = "Anti-social behaviour"

# incident_month: (month, source, agency, category, ward, located, incidents);
# the sector is the ward's, none where the ward is None.
INCIDENT_MONTHS = [
    # Real police.uk, August 2019: 9 inside (3 + 2 + 4), 7 outside, 5 unlocated.
    (AUGUST_2019, POLICE, "police", "Burglary", W1, True, 3),
    (AUGUST_2019, POLICE, "police", "Burglary", W3, True, 2),
    (AUGUST_2019, POLICE, "police", ASB, W5, True, 4),
    (AUGUST_2019, POLICE, "police", "Burglary", None, True, 7),
    (AUGUST_2019, POLICE, "police", "Burglary", None, False, 5),
    # Demo police.uk, June 2024 to July 2025.
    (date(2024, 6, 1), POLICE_DEMO, "police", ASB, W1, True, 10),
    (date(2024, 7, 1), POLICE_DEMO, "police", "Burglary", W1, True, 2),
    (date(2024, 7, 1), POLICE_DEMO, "police", "Burglary", W2, True, 1),
    (date(2024, 7, 1), POLICE_DEMO, "police", ASB, W2, True, 3),
    (date(2024, 7, 1), POLICE_DEMO, "police", "Burglary", None, True, 1),
    (date(2024, 8, 1), POLICE_DEMO, "police", "Drugs", W3, True, 4),
    (date(2025, 6, 1), POLICE_DEMO, "police", "Shoplifting", W5, True, 6),
    (date(2025, 6, 1), POLICE_DEMO, "police", ASB, W6, True, 5),
    (date(2025, 7, 1), POLICE_DEMO, "police", "Burglary", W1, True, 9),
    # Demo operational records.
    (date(2024, 9, 1), COUNCIL, "council", "Fly-tipping", W4, True, 8),
    (date(2025, 1, 1), FIRE, "fire", "Fire: deliberate secondary fire", W6, True, 2),
]
# incident_point_month: (month, category, sector, longitude, latitude, incidents).
INCIDENT_POINTS = [
    (AUGUST_2019, "Burglary", NORTH, -0.250, 52.600, 2),
    (AUGUST_2019, "Burglary", NORTH, -0.251, 52.601, 1),
    (AUGUST_2019, "Burglary", SOUTH, -0.240, 52.560, 2),
    (AUGUST_2019, ASB, EAST, -0.200, 52.580, 4),
    (date(2024, 7, 1), "Burglary", NORTH, -0.250, 52.600, 2),
    (date(2024, 7, 1), "Burglary", NORTH, -0.230, 52.620, 1),
    (date(2024, 7, 1), ASB, NORTH, -0.230, 52.620, 3),
]

SURVEY = "pes_residents_survey"
# Waves, listed out of order: (wave, fieldwork start, fieldwork end).
WAVES = [
    ("Wave 2", date(2024, 7, 8), date(2024, 8, 31)),
    ("Wave 1", date(2024, 1, 8), date(2024, 2, 29)),
    ("Wave 3", date(2025, 1, 6), date(2025, 2, 28)),
]
# First-wave estimates by question and area; each later wave adds 0.01.
ESTIMATES = {
    "crime_gone_up_locally": {
        NORTH: 0.30,
        SOUTH: 0.40,
        EAST: 0.50,
        LAD: 0.40,
        W1: 0.25,
        W3: 0.45,
        W5: 0.55,
    },
    "safe_after_dark": {
        NORTH: 0.60,
        SOUTH: 0.70,
        EAST: 0.80,
        LAD: 0.70,
        W1: 0.65,
        W3: 0.75,
        W5: 0.85,
    },
}
BASES = {NORTH: 150, SOUTH: 160, EAST: 170, LAD: 480, W1: 50, W3: 55, W5: 60}
# The CSEW headline figures: (wave, start, end, question, estimate).
CSEW = [
    ("2013/14", date(2013, 4, 1), date(2014, 3, 31), "crime_gone_up_locally", 0.30),
    (
        "Year ending March 2025",
        date(2024, 4, 1),
        date(2025, 3, 31),
        "confidence_local_police",
        0.70,
    ),
]
QUESTIONS = {
    "crime_gone_up_locally": "higher_is_worse",
    "safe_after_dark": "higher_is_better",
    "confidence_local_police": "higher_is_better",
    "asb_problem": "higher_is_worse",
}
# KPIs: (kpi_id, sector, values by quarter end); the city one has no sector.
KPIS = [
    ("asb-east", EAST, {date(2025, 3, 31): 12.0, date(2025, 6, 30): 10.0}),
    ("asb-north", NORTH, {date(2025, 3, 31): 20.0, date(2025, 6, 30): 18.0}),
    ("asb-south", SOUTH, {date(2025, 3, 31): 15.0, date(2025, 6, 30): 16.0}),
    ("fly-tipping-city", None, {date(2025, 6, 30): 40.0}),
]


def square(x: float, y: float) -> str:
    """A small polygon as GeoJSON text, compact as the loader writes it."""
    ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]}, separators=(",", ":"))


def peterborough_rows() -> Rows:
    """Every row of the fixture database, by table."""
    return {
        schema.dataset: [
            dataset("ons_population", is_demo=False),
            dataset("ward_sectors", is_demo=False),
            dataset("ward_boundaries", is_demo=False),
            dataset("police_uk_2019_08", is_demo=False),
            dataset("csew_national_reference", is_demo=False),
            dataset("demo_incidents_police", is_demo=True),
            dataset("demo_operational", is_demo=True),
            dataset("demo_local_survey", is_demo=True),
            dataset("demo_partnership_kpis", is_demo=True),
        ],
        schema.area: [
            area(LAD, "Peterborough", "lad", country="England"),
            area("K04000001", "England and Wales", "country"),
            *(area(code, name, "sector") for code, name in SECTORS.items()),
            *(
                area(code, name, "ward", parent_code=LAD)
                for code, name in WARDS.items()
            ),
        ],
        schema.ward_sector: _ward_sectors(),
        schema.population: _populations(),
        schema.boundary: _boundaries(),
        schema.incident_month: [
            {
                "month": month,
                "source_system": source,
                "agency": agency,
                "category": category,
                "is_demo": source != POLICE,
                "ward_code": ward,
                "sector_code": SECTOR_OF.get(ward),
                "located": located,
                "incidents": incidents,
            }
            for month, source, agency, category, ward, located, incidents in (
                INCIDENT_MONTHS
            )
        ],
        schema.incident_point_month: [
            {
                "month": month,
                "category": category,
                "sector_code": sector,
                "longitude": longitude,
                "latitude": latitude,
                "incidents": incidents,
            }
            for month, category, sector, longitude, latitude, incidents in (
                INCIDENT_POINTS
            )
        ],
        schema.survey: [
            {
                "survey_id": SURVEY,
                "survey_name": "Residents' survey (DEMO)",
                "provider": "fixture",
                "geography": "sector and ward",
                "design_effect": 1.5,
                "is_demo": True,
                "dataset_id": "demo_local_survey",
            },
            {
                "survey_id": "csew_national",
                "survey_name": "CSEW headline figures",
                "provider": "fixture",
                "geography": "England and Wales",
                "design_effect": 1.0,
                "is_demo": False,
                "dataset_id": "csew_national_reference",
            },
        ],
        schema.survey_question: [
            {
                "question_code": code,
                "question_text": f"{code}?",
                "short_label": code,
                "direction": direction,
            }
            for code, direction in QUESTIONS.items()
        ],
        schema.survey_result: _survey_results(),
        schema.kpi: [
            {
                "kpi_id": kpi_id,
                "name": kpi_id,
                "owner_agency": "council",
                "sector_code": sector,
                "unit": "incidents",
                "direction": "lower_is_better",
                "frequency": "quarterly",
                "value_kind": "count",
                "is_demo": True,
                "dataset_id": "demo_partnership_kpis",
            }
            for kpi_id, sector, _values in KPIS
        ],
        schema.kpi_value: [
            {
                "kpi_id": kpi_id,
                "period_start": date(end.year, end.month - 2, 1),
                "period_end": end,
                "value": value,
                "updated_at": datetime(2025, 7, 25, tzinfo=UTC),
                "dataset_id": "demo_partnership_kpis",
            }
            for kpi_id, _sector, values in KPIS
            for end, value in values.items()
        ],
    }


def _ward_sectors() -> list[Row]:
    current = [
        {
            "ward_code": ward,
            "sector_code": sector,
            "mapping_version": "2023",
            "valid_from": date(2023, 4, 1),
            "valid_to": None,
            "dataset_id": "ward_sectors",
        }
        for ward, sector in SECTOR_OF.items()
    ]
    old = [
        {
            "ward_code": ward,
            "sector_code": SOUTH if ward == W2 else sector,
            "mapping_version": "2019",
            "valid_from": date(2019, 4, 1),
            "valid_to": date(2023, 3, 31),
            "dataset_id": "ward_sectors",
        }
        for ward, sector in SECTOR_OF.items()
    ]
    return current + old


def _populations() -> list[Row]:
    rows = [
        {
            "area_code": ward,
            "year": year,
            "population": people,
            "source": "fixture",
            "dataset_id": "ons_population",
        }
        for year, by_ward in ((2021, POPULATION_2021), (2022, POPULATION_2022))
        for ward, people in by_ward.items()
    ]
    # The city's own estimate is not a ward's: the queries must not add it in.
    rows.append(
        {
            "area_code": LAD,
            "year": 2022,
            "population": 215_000,
            "source": "fixture",
            "dataset_id": "ons_population",
        }
    )
    return rows


def _boundaries() -> list[Row]:
    rows = [
        {
            "area_code": ward,
            "vintage": "2025",
            "geojson": square(-0.3 + 0.02 * n, 52.55),
            "dataset_id": "ward_boundaries",
        }
        for n, ward in enumerate(WARDS)
    ]
    rows.append(
        {
            "area_code": W1,
            "vintage": "2019",
            "geojson": square(-0.3, 52.55),
            "dataset_id": "ward_boundaries",
        }
    )
    rows.append(
        {
            "area_code": NORTH,
            "vintage": "2025",
            "geojson": square(-0.3, 52.6),
            "dataset_id": "ward_boundaries",
        }
    )
    return rows


def _survey_results() -> list[Row]:
    ordered = sorted(WAVES, key=lambda wave: wave[1])
    rows = [
        {
            "survey_id": SURVEY,
            "wave": wave,
            "fieldwork_start": start,
            "fieldwork_end": end,
            "area_code": area_code,
            "question_code": question,
            "base_size": BASES[area_code],
            "estimate": round(first + 0.01 * ordered.index((wave, start, end)), 2),
            "dataset_id": "demo_local_survey",
        }
        for wave, start, end in WAVES
        for question, by_area in ESTIMATES.items()
        for area_code, first in by_area.items()
    ]
    wave, start, end = ordered[-1]
    rows.append(
        {
            "survey_id": SURVEY,
            "wave": wave,
            "fieldwork_start": start,
            "fieldwork_end": end,
            "area_code": LAD,
            "question_code": "asb_problem",
            "base_size": BASES[LAD],
            "estimate": 0.20,
            "dataset_id": "demo_local_survey",
        }
    )
    rows += [
        {
            "survey_id": "csew_national",
            "wave": wave,
            "fieldwork_start": start,
            "fieldwork_end": end,
            "area_code": "K04000001",
            "question_code": question,
            "base_size": None,
            "estimate": estimate,
            "dataset_id": "csew_national_reference",
        }
        for wave, start, end, question, estimate in CSEW
    ]
    return rows
