"""The ONS offence groups and sub-groups used by the recorded-crime-by-CSP tables."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class OffenceGroup:
    """One offence group: a stable code, the ONS name and its parent group."""

    code: str
    name: str
    parent: str | None
    level: int


def _group(code: str, name: str, parent: str | None = None) -> OffenceGroup:
    level = 0 if parent is None else (1 if parent == "total" else 2)
    if parent == "burglary":
        level = 3
    return OffenceGroup(code, name, parent, level)


OFFENCE_GROUPS: tuple[OffenceGroup, ...] = (
    _group("total", "Total recorded crime (excluding fraud)"),
    _group("violence_against_the_person", "Violence against the person", "total"),
    _group("homicide", "Homicide", "violence_against_the_person"),
    _group(
        "death_or_serious_injury_illegal_driving",
        "Death or serious injury caused by illegal driving",
        "violence_against_the_person",
    ),
    _group(
        "violence_with_injury", "Violence with injury", "violence_against_the_person"
    ),
    _group(
        "violence_without_injury",
        "Violence without injury",
        "violence_against_the_person",
    ),
    _group(
        "stalking_and_harassment",
        "Stalking and harassment",
        "violence_against_the_person",
    ),
    _group("sexual_offences", "Sexual offences", "total"),
    _group("robbery", "Robbery", "total"),
    _group("theft_offences", "Theft offences", "total"),
    _group("burglary", "Burglary", "theft_offences"),
    _group("residential_burglary", "Residential burglary", "burglary"),
    _group("non_residential_burglary", "Non-residential burglary", "burglary"),
    _group("vehicle_offences", "Vehicle offences", "theft_offences"),
    _group("theft_from_the_person", "Theft from the person", "theft_offences"),
    _group("bicycle_theft", "Bicycle theft", "theft_offences"),
    _group("shoplifting", "Shoplifting", "theft_offences"),
    _group("all_other_theft_offences", "All other theft offences", "theft_offences"),
    _group("criminal_damage_and_arson", "Criminal damage and arson", "total"),
    _group("drug_offences", "Drug offences", "total"),
    _group("possession_of_weapons_offences", "Possession of weapons offences", "total"),
    _group("public_order_offences", "Public order offences", "total"),
    _group(
        "miscellaneous_crimes_against_society",
        "Miscellaneous crimes against society",
        "total",
    ),
)
OFFENCE_BY_CODE = {group.code: group for group in OFFENCE_GROUPS}
OFFENCE_CODES = tuple(group.code for group in OFFENCE_GROUPS)
LEAF_OFFENCE_CODES = tuple(
    group.code
    for group in OFFENCE_GROUPS
    if not any(other.parent == group.code for other in OFFENCE_GROUPS)
)


def _normalise(text: str) -> str:
    text = re.sub(r"\[.*?\]", "", text)  # "[note 4]"
    return re.sub(r"[^a-z]+", " ", text.lower()).strip()


_BY_NAME = {_normalise(group.name): group.code for group in OFFENCE_GROUPS}
_BY_NAME[_normalise("Total recorded crime")] = "total"


def offence_code_for_header(header: str) -> str | None:
    """The code for a published column header, or None if it is not an offence group."""
    return _BY_NAME.get(_normalise(header))
