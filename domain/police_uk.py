"""The police.uk street-level categories ("Crime type"), in one place."""

from __future__ import annotations

ANTI_SOCIAL_BEHAVIOUR = "Anti-social behaviour"
# Crime types since May 2013, ASB apart (it is not a crime).
CRIME_TYPES: tuple[str, ...] = (
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)
# Categories used in files before May 2013, still accepted by the importer.
FORMER_CRIME_TYPES: tuple[str, ...] = ("Violent crime", "Public disorder and weapons")
ALL_CATEGORIES: frozenset[str] = frozenset(
    (*CRIME_TYPES, ANTI_SOCIAL_BEHAVIOUR, *FORMER_CRIME_TYPES)
)
