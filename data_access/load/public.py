"""Load the real public data the project ships under data/public/.

Each function writes one dataset and records its provenance (source, licence,
attribution and checksum, from data/public/README.md).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from shapely import STRtree
from shapely.geometry import Point, shape
from sqlalchemy import Connection, select

from data_access import schema
from data_access.load.import_crime import POPULATION_CODES
from data_access.load.ons_crime import (
    CrimeTable,
    check_force_totals,
    parse_crime_rows,
    parse_crime_table,
)
from data_access.load.writer import DatasetInfo, DatasetRecorder, insert_rows
from domain.areas import PETERBOROUGH_LAD, SECTOR_NAMES
from domain.dates import month_end
from domain.offences import OFFENCE_GROUPS

OGL = "Open Government Licence v3.0"
ONS_OGL = "Source: Office for National Statistics licensed under the Open Government Licence v.3.0."
# Left out of national ranks; they still count in the England and Wales total.
RANK_EXCLUSIONS = {
    "E22000180": (
        "City of London: about 8,600 residents against a daytime population of "
        "hundreds of thousands, so a rate per resident is not comparable."
    ),
    "E22000050": (
        "Isles of Scilly: about 2,100 residents, so a handful of offences moves "
        "the rate a long way."
    ),
}


REGION_NAMES = {
    "NORTH EAST": "North East",
    "NORTH WEST": "North West",
    "YORKSHIRE AND THE HUMBER": "Yorkshire and The Humber",
    "EAST MIDLANDS": "East Midlands",
    "WEST MIDLANDS": "West Midlands",
    "EAST": "East of England",
    "LONDON": "London",
    "SOUTH EAST": "South East",
    "SOUTH WEST": "South West",
}


@dataclass(frozen=True)
class PublicFiles:
    """Paths of the shipped public files."""

    folder: Path

    @property
    def crime_table(self) -> Path:
        return self.folder / "crime_csp_ye_jun2025_table_c2.csv"

    @property
    def crime_workbook(self) -> Path:
        """ONS Police force area data tables, year ending June 2024 (C2 and C5)."""
        return self.folder / "ons_pfa_tables_ye_jun2024.xlsx"

    @property
    def police_uk_zip(self) -> Path:
        """police.uk street-level files, Cambridgeshire, January 2024 to December 2025."""
        return self.folder / "police_uk_cambridgeshire_2024-01_to_2025-12.zip"

    @property
    def lookup(self) -> Path:
        return self.folder / "csp_lad_pfa_lookup_dec2023.csv"

    @property
    def population_2022(self) -> Path:
        return self.folder / "population_mid2022_uk_lad.csv"

    @property
    def population_2023(self) -> Path:
        return self.folder / "population_mid2023_ew_lad.csv"

    @property
    def ward_population(self) -> Path:
        return self.folder / "peterborough_ward_population_2020_2022.csv"

    @property
    def wards(self) -> Path:
        return self.folder / "peterborough_wards_2025.geojson"

    @property
    def lad_outline(self) -> Path:
        return self.folder / "peterborough_lad_2024.geojson"

    @property
    def lsoas(self) -> Path:
        return self.folder / "peterborough_lsoa_2011.geojson"

    @property
    def police_uk(self) -> Path:
        return self.folder / "police_uk_2019-08_cambridgeshire_street.csv"

    @property
    def deprivation(self) -> Path:
        return self.folder / "iod2019_lad_summaries.csv"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def load_offence_groups(conn: Connection) -> None:
    """The ONS offence group tree (reference data, not a dataset)."""
    insert_rows(
        conn,
        schema.offence_group,
        (
            {
                "offence_code": group.code,
                "offence_name": group.name,
                "parent_code": group.parent,
                "level": group.level,
                "sort_order": order,
            }
            for order, group in enumerate(OFFENCE_GROUPS)
        ),
    )


def _regions_by_lad(path: Path) -> dict[str, str]:
    """LAD code -> region name, from the order of the mid-2023 file (region rows head
    their authorities); Welsh authorities get 'Wales'."""
    regions: dict[str, str] = {}
    current = ""
    for row in _read_csv(path):
        code, name, kind = row["Code"], row["Name"], row["Geography"]
        if kind == "Region":
            current = REGION_NAMES.get(name.upper(), name.title())
        elif code.startswith("W0"):
            regions[code] = "Wales"
        elif code[:3] in ("E06", "E07", "E08", "E09"):
            regions[code] = current
    return regions


def _components(pairs: list[tuple[str, str]]) -> list[tuple[list[str], list[str]]]:
    """Connected components of the LAD-CSP graph: (lads, csps) that cover the same ground."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for lad, csp in pairs:
        parent[find(f"L:{lad}")] = find(f"C:{csp}")
    groups: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for lad, csp in pairs:
        lads, csps = groups[find(f"C:{csp}")]
        if lad not in lads:
            lads.append(lad)
        if csp not in csps:
            csps.append(csp)
    return [(sorted(lads), sorted(csps)) for lads, csps in groups.values()]


def load_areas(conn: Connection, recorder: DatasetRecorder, files: PublicFiles) -> None:
    """Countries, regions, police force areas, LADs, CSPs and rate areas, with links."""
    info = DatasetInfo(
        dataset_id="ons_lad_csp_pfa_lookup_2023",
        publisher="Office for National Statistics",
        title="Local authority to CSP to police force area lookup, December 2023",
        source=(
            "ONS Open Geography Portal, 'Local Authority District to Community Safety "
            "Partnerships to Police Force Areas (December 2023) Lookup in England and Wales'"
        ),
        licence=OGL,
        attribution=ONS_OGL,
        period_label="December 2023",
        period_end=date(2023, 12, 31),
        is_demo=False,
        source_file=files.lookup,
        notes=(
            "Rate areas: where CSPs and local authorities do not match one to one, the "
            "smallest group of CSPs and authorities that covers the same ground is one "
            "rate area (connected components of the lookup). Its offences are summed over "
            "its CSPs and its population over its authorities."
        ),
    )
    lookup = _read_csv(files.lookup)
    regions = _regions_by_lad(files.population_2023)
    with recorder.dataset(info) as counter:
        areas: dict[str, dict[str, object]] = {}

        def add(code: str, name: str, kind: str, **extra: object) -> None:
            areas.setdefault(
                code,
                {
                    "area_code": code,
                    "area_name": name,
                    "area_kind": kind,
                    "parent_code": None,
                    "country": None,
                    "region_name": None,
                    "excluded_reason": None,
                    "dataset_id": info.dataset_id,
                }
                | extra,
            )

        add("K04000001", "England and Wales", "country")
        add(
            "E92000001",
            "England",
            "country",
            parent_code="K04000001",
            country="England",
        )
        add("W92000004", "Wales", "country", parent_code="K04000001", country="Wales")
        relations: set[tuple[str, str, str]] = set()
        csp_country: dict[str, str] = {}
        for row in lookup:
            country = "Wales" if row["LAD23CD"].startswith("W") else "England"
            region = regions.get(row["LAD23CD"], "")
            add(row["PFA23CD"], row["PFA23NM"], "pfa", country=country)
            add(
                row["LAD23CD"],
                row["LAD23NM"],
                "lad",
                country=country,
                region_name=region,
            )
            add(
                row["CSP23CD"],
                row["CSP23NM"],
                "csp",
                parent_code=row["PFA23CD"],
                country=country,
                region_name=region,
                excluded_reason=RANK_EXCLUSIONS.get(row["CSP23CD"]),
            )
            csp_country[row["CSP23CD"]] = country
            relations.add((row["LAD23CD"], row["CSP23CD"], "lad_in_csp"))
            relations.add((row["CSP23CD"], row["PFA23CD"], "csp_in_pfa"))

        names = {row["LAD23CD"]: row["LAD23NM"] for row in lookup}
        names |= {row["CSP23CD"]: row["CSP23NM"] for row in lookup}
        pfa_of = {row["CSP23CD"]: row["PFA23CD"] for row in lookup}
        for lads, csps in _components([(r["LAD23CD"], r["CSP23CD"]) for r in lookup]):
            if len(csps) == 1:
                code = csps[0]  # the usual case: the rate area is the CSP itself
            else:
                code = f"RA-{csps[0]}"
                label = lads if len(lads) <= len(csps) else csps
                add(
                    code,
                    " + ".join(names[c] for c in label),
                    "rate_area",
                    parent_code=pfa_of[csps[0]],
                    country=csp_country[csps[0]],
                    region_name=regions.get(lads[0], ""),
                )
            for csp in csps:
                relations.add((csp, code, "csp_in_rate_area"))
            for lad in lads:
                relations.add((lad, code, "lad_in_rate_area"))
        counter[0] += insert_rows(conn, schema.area, areas.values())
        counter[0] += insert_rows(
            conn,
            schema.area_relation,
            (
                {
                    "child_code": c,
                    "parent_code": p,
                    "relation": r,
                    "dataset_id": info.dataset_id,
                }
                for c, p, r in sorted(relations)
            ),
        )


def load_population(
    conn: Connection, recorder: DatasetRecorder, files: PublicFiles
) -> None:
    """ONS mid-2022 and mid-2023 estimates by local authority and country."""
    for year, path, column in (
        (2022, files.population_2022, "Population"),
        (2023, files.population_2023, "All ages"),
    ):
        label = f"mid-{year} population estimates"
        info = DatasetInfo(
            dataset_id=f"ons_population_mid{year}",
            publisher="Office for National Statistics",
            title=f"Population estimates by local authority, mid-{year}",
            source=(
                "ONS 'Population estimates for the UK, England, Wales, Scotland and "
                f"Northern Ireland', mid-{year} edition, all ages"
            ),
            licence=OGL,
            attribution=(
                f"Source: Office for National Statistics, {label}, licensed under the "
                "Open Government Licence v3.0."
            ),
            period_label=f"30 June {year}",
            period_end=date(year, 6, 30),
            is_demo=False,
            source_file=path,
        )
        with recorder.dataset(info) as counter:
            rows = [
                {
                    "area_code": row["Code"],
                    "year": year,
                    "population": int(row[column].replace(",", "")),
                    "source": f"ONS {label}",
                    "dataset_id": info.dataset_id,
                }
                for row in _read_csv(path)
                if row["Code"][:3] in POPULATION_CODES
            ]
            counter[0] = insert_rows(conn, schema.population, rows)


def load_ward_population(
    conn: Connection, recorder: DatasetRecorder, files: PublicFiles
) -> None:
    """ONS small area population estimates for Peterborough's 22 wards, mid-2020 to 2022."""
    info = DatasetInfo(
        dataset_id="ons_ward_population",
        publisher="Office for National Statistics",
        title="Peterborough ward population, mid-2020 to mid-2022",
        source="ONS small area population estimates (SAPE), 2023 electoral wards",
        licence=OGL,
        attribution=(
            "Source: Office for National Statistics, small area population estimates, "
            "licensed under the Open Government Licence v3.0."
        ),
        period_label="mid-2020 to mid-2022",
        period_start=date(2020, 6, 30),
        period_end=date(2022, 6, 30),
        is_demo=False,
        source_file=files.ward_population,
        notes=(
            "Mid-2020 is a pre-2021-Census estimate: it should not be joined to the later "
            "years in one trend line."
        ),
    )
    with recorder.dataset(info) as counter:
        counter[0] = insert_rows(
            conn,
            schema.population,
            (
                {
                    "area_code": row["ward_code"],
                    "year": int(row["year"].removeprefix("mid-")),
                    "population": int(row["population_all_ages"]),
                    "source": row["source"],
                    "dataset_id": info.dataset_id,
                }
                for row in _read_csv(files.ward_population)
            ),
        )


def load_crime_table(
    conn: Connection, recorder: DatasetRecorder, path: Path
) -> CrimeTable:
    """One ONS Table C2 release saved as CSV: counts by CSP and offence group."""
    table = parse_crime_table(path)
    _write_crime_table(conn, recorder, table, path, sheet="Table C2")
    return table


# The workbook of README section 9 is a copy of the ONS file from a public repository:
# its cell values are the ONS figures, its bytes are not the official download.
WORKBOOK_COPY_NOTE = (
    "The workbook is a copy of the ONS file taken from a public repository and re-saved "
    "after the release: its cell values are the ONS figures, but the file's bytes are "
    "not the official download."
)


def load_crime_workbook(
    conn: Connection, recorder: DatasetRecorder, path: Path, *, note: str = ""
) -> list[CrimeTable]:
    """Every CSP counts table of an ONS "Police force area data tables" workbook (C2
    and C5 of the June 2024 edition: two years), one dataset per period."""
    from data_access.load.import_crime import classify, read_tables

    tables = read_tables(path)
    sheets = classify(tables).counts
    if not sheets:
        raise ValueError(
            f"{path.name} holds no table of recorded crime counts by Community Safety "
            "Partnership"
        )
    loaded = []
    for sheet in sheets:
        table = parse_crime_rows(tables[sheet], f"{path.name}, sheet '{sheet}'")
        _write_crime_table(conn, recorder, table, path, sheet=sheet.strip(), note=note)
        loaded.append(table)
    return loaded


def _write_crime_table(
    conn: Connection,
    recorder: DatasetRecorder,
    table: CrimeTable,
    path: Path,
    *,
    sheet: str,
    note: str = "",
) -> None:
    """Write one counts table as the dataset ons_crime_csp_YYYY_MM (real data)."""
    problems = check_force_totals(table)
    if problems:
        raise ValueError(f"{path.name}, {sheet}: " + "; ".join(problems))
    end = table.period_end
    info = DatasetInfo(
        dataset_id=f"ons_crime_csp_{end:%Y_%m}",
        publisher="Office for National Statistics",
        title=f"Police recorded crime by Community Safety Partnership, year ending {end:%B %Y}",
        source=(
            f"ONS, Police force area data tables, {sheet} (police recorded crime from "
            "the Home Office)"
        ),
        licence=OGL,
        attribution=(
            f"Source: Office for National Statistics, Police force area data tables, year "
            f"ending {end:%B %Y} (police recorded crime from the Home Office). Contains "
            "public sector information licensed under the Open Government Licence v3.0. "
            "Police recorded crime statistics are official statistics, not accredited "
            "official statistics."
        ),
        period_label=f"12 months to {end:%B %Y}",
        period_start=date(end.year - 1 + end.month // 12, end.month % 12 + 1, 1),
        period_end=end,
        is_demo=False,
        source_file=path,
        description=table.title,
        notes=" ".join(
            part
            for part in (
                "Fraud is excluded. British Transport Police offences are not in this "
                "table.",
                note,
            )
            if part
        ),
    )
    known = {
        code
        for (code,) in conn.execute(
            select(schema.area.c.area_code).where(
                schema.area.c.area_kind == "unassigned"
            )
        )
    }
    with recorder.dataset(info) as counter:
        unassigned = table.counts[
            table.counts.area_kind == "unassigned"
        ].drop_duplicates("area_code")
        insert_rows(
            conn,
            schema.area,
            (
                {
                    "area_code": row.area_code,
                    "area_name": row.area_name,
                    "area_kind": "unassigned",
                    "parent_code": row.pfa_code,
                    "country": "Wales" if row.pfa_code.startswith("W") else "England",
                    "region_name": None,
                    "excluded_reason": "Not assigned to any CSP",
                    "dataset_id": info.dataset_id,
                }
                for row in unassigned.itertuples()
                if row.area_code not in known
            ),
        )
        counter[0] = insert_rows(
            conn,
            schema.recorded_crime,
            (
                {
                    "area_code": row.area_code,
                    "pfa_code": row.pfa_code,
                    "period_end": end,
                    "period_months": 12,
                    "offence_code": row.offence_code,
                    "offence_count": int(row.offence_count),
                    "is_demo": False,
                    "dataset_id": info.dataset_id,
                }
                for row in table.counts.itertuples()
            ),
        )


def load_deprivation(
    conn: Connection, recorder: DatasetRecorder, files: PublicFiles
) -> None:
    """English Indices of Deprivation 2019, local authority summaries."""
    info = DatasetInfo(
        dataset_id="iod2019_lad",
        publisher="Ministry of Housing, Communities and Local Government",
        title="English Indices of Deprivation 2019, local authority summaries",
        source=(
            "Ministry of Housing, Communities and Local Government, English indices of "
            "deprivation 2019, File 10 (lower-tier local authority summaries)"
        ),
        licence=OGL,
        attribution=(
            "Source: Ministry of Housing, Communities and Local Government, English "
            "indices of deprivation 2019. Contains public sector information licensed "
            "under the Open Government Licence v3.0."
        ),
        period_label="2019 release (mostly 2015/16 data)",
        period_end=date(2019, 9, 26),
        is_demo=False,
        source_file=files.deprivation,
        notes="Rank 1 is the most deprived of 317 English local authorities (2019 codes).",
    )
    with recorder.dataset(info) as counter:
        counter[0] = insert_rows(
            conn,
            schema.deprivation,
            (
                {
                    "area_code": row["lad19cd"],
                    "index_domain": row["index_domain"],
                    "average_score": float(row["average_score"]),
                    "rank_average_score": int(row["rank_average_score"]),
                    "average_rank": float(row["average_rank"]),
                    "rank_average_rank": int(row["rank_average_rank"]),
                    "proportion_bottom_decile": float(row["proportion_bottom_decile"]),
                    "year": int(row["year"]),
                    "dataset_id": info.dataset_id,
                }
                for row in _read_csv(files.deprivation)
            ),
        )


@dataclass(frozen=True)
class WardGeometry:
    """Peterborough's ward polygons and the ward-to-sector mapping, for spatial joins."""

    codes: list[str]
    polygons: list[object]
    tree: STRtree
    sector_of: dict[str, str]

    def locate(self, longitude: float, latitude: float) -> str | None:
        """The ward containing a point, or None outside Peterborough."""
        point = Point(longitude, latitude)
        for index in self.tree.query(point):
            if self.polygons[index].covers(point):
                return self.codes[int(index)]
        return None


def load_geography(
    conn: Connection, recorder: DatasetRecorder, files: PublicFiles, sectors_csv: Path
) -> WardGeometry:
    """Wards, sectors, LSOAs and the Peterborough outline, with their boundaries."""
    wards = json.loads(files.wards.read_text(encoding="utf-8"))
    ward_info = DatasetInfo(
        dataset_id="ons_wards_2025",
        publisher="Office for National Statistics",
        title="Peterborough electoral ward boundaries (Wards 2025, 22 wards of the 2016 review)",
        source="ONS Open Geography Portal, Wards (May 2025) boundaries, generalised",
        licence=OGL,
        attribution=(
            "Source: Office for National Statistics licensed under the Open Government "
            "Licence v.3.0. Contains OS data © Crown copyright and database right 2025."
        ),
        period_label="May 2025",
        period_end=date(2025, 5, 31),
        is_demo=False,
        source_file=files.wards,
    )
    codes: list[str] = []
    polygons: list[object] = []
    with recorder.dataset(ward_info) as counter:
        for feature in wards["features"]:
            props = feature["properties"]
            codes.append(props["WD25CD"])
            polygons.append(shape(feature["geometry"]))
            counter[0] += insert_rows(
                conn,
                schema.area,
                [
                    {
                        "area_code": props["WD25CD"],
                        "area_name": props["WD25NM"],
                        "area_kind": "ward",
                        "parent_code": PETERBOROUGH_LAD,
                        "country": "England",
                        "region_name": "East of England",
                        "excluded_reason": None,
                        "dataset_id": ward_info.dataset_id,
                    }
                ],
            )
            insert_rows(
                conn,
                schema.boundary,
                [
                    {
                        "area_code": props["WD25CD"],
                        "vintage": "2025",
                        "geojson": json.dumps(
                            feature["geometry"], separators=(",", ":")
                        ),
                        "dataset_id": ward_info.dataset_id,
                    }
                ],
            )

    outline = json.loads(files.lad_outline.read_text(encoding="utf-8"))["features"][0]
    lad_info = DatasetInfo(
        dataset_id="ons_lad_2024",
        publisher="Office for National Statistics",
        title="Peterborough local authority outline (LAD 2024)",
        source="ONS Open Geography Portal, Local Authority Districts (December 2024)",
        licence=OGL,
        attribution=(
            "Source: Office for National Statistics licensed under the Open Government "
            "Licence v.3.0. Contains OS data © Crown copyright and database right 2024."
        ),
        period_label="December 2024",
        period_end=date(2024, 12, 31),
        is_demo=False,
        source_file=files.lad_outline,
    )
    with recorder.dataset(lad_info) as counter:
        counter[0] = insert_rows(
            conn,
            schema.boundary,
            [
                {
                    "area_code": PETERBOROUGH_LAD,
                    "vintage": "2024",
                    "geojson": json.dumps(outline["geometry"], separators=(",", ":")),
                    "dataset_id": lad_info.dataset_id,
                }
            ],
        )

    tree = STRtree(polygons)
    geometry = WardGeometry(codes, polygons, tree, {})

    lsoas = json.loads(files.lsoas.read_text(encoding="utf-8"))
    lsoa_info = DatasetInfo(
        dataset_id="lsoa_2011_peterborough",
        publisher="Martin Chorley (UK-GeoJSON), from ONS",
        title="Peterborough LSOA boundaries (2011 definitions, 112 areas)",
        source=(
            "GeoJSON UK Boundary Data by Martin Chorley (github.com/martinjc/UK-GeoJSON), "
            "from ONS generalised clipped 2011 LSOA boundaries"
        ),
        licence="CC BY 4.0 (conversion); Open Government Licence v3.0 and OS OpenData (data)",
        attribution=(
            "LSOA boundaries: GeoJSON UK Boundary Data by Martin Chorley "
            "(https://github.com/martinjc/UK-GeoJSON), CC BY 4.0. Contains Ordnance Survey "
            "and Office for National Statistics data © Crown copyright and database right "
            "2016. Data licensed under the Open Government Licence v3.0; Ordnance Survey "
            "data covered by OS OpenData Licence."
        ),
        period_label="2011 definitions",
        period_end=date(2011, 12, 31),
        is_demo=False,
        source_file=files.lsoas,
        notes="Each LSOA is placed in the ward that contains its representative point.",
    )
    with recorder.dataset(lsoa_info) as counter:
        for feature in lsoas["features"]:
            props = feature["properties"]
            polygon = shape(feature["geometry"])
            anchor = polygon.representative_point()
            ward = geometry.locate(anchor.x, anchor.y)
            counter[0] += insert_rows(
                conn,
                schema.area,
                [
                    {
                        "area_code": props["LSOA11CD"],
                        "area_name": props["LSOA11NM"],
                        "area_kind": "lsoa",
                        "parent_code": ward,
                        "country": "England",
                        "region_name": "East of England",
                        "excluded_reason": None,
                        "dataset_id": lsoa_info.dataset_id,
                    }
                ],
            )
            insert_rows(
                conn,
                schema.boundary,
                [
                    {
                        "area_code": props["LSOA11CD"],
                        "vintage": "2011",
                        "geojson": json.dumps(
                            feature["geometry"], separators=(",", ":")
                        ),
                        "dataset_id": lsoa_info.dataset_id,
                    }
                ],
            )
            if ward:
                insert_rows(
                    conn,
                    schema.area_relation,
                    [
                        {
                            "child_code": props["LSOA11CD"],
                            "parent_code": ward,
                            "relation": "lsoa_in_ward",
                            "dataset_id": lsoa_info.dataset_id,
                        }
                    ],
                )

    sector_info = DatasetInfo(
        dataset_id="pes_sectors_default",
        publisher="This project (default for the partnership to replace)",
        title="PES sectors: default ward-to-sector mapping",
        source=(
            "Drawn by this project from the ward boundaries by a stated geographic rule; "
            "no official ward list for the sectors is published. The partnership should "
            "replace it with its own (data/partnership/ward_sectors.csv)."
        ),
        licence="Project default (not an official list)",
        attribution="Sector mapping: a default drawn by a geographic rule, not an official list.",
        period_label="from May 2016",
        period_start=date(2016, 5, 5),
        is_demo=False,
        status="default",
        source_file=sectors_csv,
        notes=(
            "Southern: wards whose centroid is south of latitude 52.567 (the River Nene at "
            "Town Bridge). The rest are split at longitude -0.250 (the railway line through "
            "Peterborough station): east of it Eastern, west of it Northern."
        ),
    )
    rows = _read_csv(sectors_csv)
    unknown = {row["ward_code"] for row in rows} - set(codes)
    if unknown:
        raise ValueError(f"{sectors_csv.name}: unknown ward codes {sorted(unknown)}")
    with recorder.dataset(sector_info) as counter:
        for code, name in SECTOR_NAMES.items():
            counter[0] += insert_rows(
                conn,
                schema.area,
                [
                    {
                        "area_code": code,
                        "area_name": name,
                        "area_kind": "sector",
                        "parent_code": PETERBOROUGH_LAD,
                        "country": "England",
                        "region_name": "East of England",
                        "excluded_reason": None,
                        "dataset_id": sector_info.dataset_id,
                    }
                ],
            )
        counter[0] += insert_rows(
            conn,
            schema.ward_sector,
            (
                {
                    "ward_code": row["ward_code"],
                    "sector_code": row["sector_code"],
                    "mapping_version": row["mapping_version"],
                    "valid_from": date.fromisoformat(row["valid_from"]),
                    "valid_to": date.fromisoformat(row["valid_to"])
                    if row["valid_to"]
                    else None,
                    "note": row["note"],
                    "dataset_id": sector_info.dataset_id,
                }
                for row in rows
            ),
        )
    current = [row for row in rows if not row["valid_to"]]
    geometry.sector_of.update({row["ward_code"]: row["sector_code"] for row in current})
    return geometry


def load_police_uk(
    conn: Connection, recorder: DatasetRecorder, path: Path, wards: WardGeometry
) -> None:
    """A police.uk street-level file: every row kept; ward and sector by point in polygon."""
    rows = _read_csv(path)
    months = sorted({row["Month"] for row in rows if row["Month"]})
    first, last = months[0], months[-1]
    info = DatasetInfo(
        dataset_id=f"police_uk_{first.replace('-', '_')}",
        publisher="data.police.uk",
        title=f"police.uk street-level crime and ASB, Cambridgeshire, {first}"
        + ("" if first == last else f" to {last}"),
        source="data.police.uk street-level crime file (Home Office / Cambridgeshire Constabulary)",
        licence=OGL,
        attribution=(
            "Contains public sector information licensed under the Open Government "
            "Licence v3.0 (data.police.uk)."
        ),
        period_label=f"{first}" if first == last else f"{first} to {last}",
        period_start=date.fromisoformat(f"{first}-01"),
        period_end=month_end(date.fromisoformat(f"{last}-01")),
        is_demo=False,
        source_file=path,
        notes=(
            "Locations are anonymised by police.uk: each point is moved to the nearest of "
            "over 750,000 snap points (the centre of a street or public place). Ward and "
            "sector by point in polygon against the 2025 ward boundaries; rows outside "
            "Peterborough keep no ward. LSOAs are 2011 codes."
        ),
    )

    def records():  # type: ignore[no-untyped-def]
        for row in rows:
            longitude = float(row["Longitude"]) if row["Longitude"] else None
            latitude = float(row["Latitude"]) if row["Latitude"] else None
            ward = (
                wards.locate(longitude, latitude)
                if longitude is not None and latitude is not None
                else None
            )
            yield {
                "source_system": "police.uk",
                "agency": "police",
                "category": row["Crime type"],
                "month": date.fromisoformat(f"{row['Month']}-01"),
                "occurred_on": None,
                "longitude": longitude,
                "latitude": latitude,
                "lsoa_code": row["LSOA code"] or None,
                "ward_code": ward,
                "sector_code": wards.sector_of.get(ward) if ward else None,
                "location_text": row["Location"] or None,
                "outcome": row["Last outcome category"] or None,
                "external_id": row["Crime ID"] or None,
                "is_demo": False,
                "dataset_id": info.dataset_id,
            }

    with recorder.dataset(info) as counter:
        counter[0] = insert_rows(conn, schema.incident, records())
