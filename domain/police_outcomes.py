"""police.uk outcome categories and stop-and-search fields, and the plain groups the
outcomes page uses, in one place."""

from __future__ import annotations

CHARGED = "Charged or summonsed"
COURT = "Court outcome"
OUT_OF_COURT = "Out-of-court resolution"
NO_SUSPECT = "No suspect identified"
NOT_PROSECUTED = "Unable to prosecute or not in the public interest"
OPEN = "Under investigation or awaiting court"
OTHER_ORGANISATION = "Action by another organisation"
NO_UPDATE = "Status update unavailable"

# The groups in the order the page shows them: from a suspect charged to no update.
OUTCOME_GROUPS: tuple[str, ...] = (
    CHARGED,
    COURT,
    OUT_OF_COURT,
    NOT_PROSECUTED,
    NO_SUSPECT,
    OPEN,
    OTHER_ORGANISATION,
    NO_UPDATE,
)

# Every outcome category police.uk publishes (street "Last outcome category" and
# outcomes "Outcome type"), with its group.
OUTCOME_GROUP_OF: dict[str, str] = {
    "Suspect charged": CHARGED,
    "Suspect charged as part of another case": CHARGED,
    "Defendant sent to Crown Court": CHARGED,
    "Offender sent to prison": COURT,
    "Offender given suspended prison sentence": COURT,
    "Offender given community sentence": COURT,
    "Offender fined": COURT,
    "Offender given conditional discharge": COURT,
    "Offender given absolute discharge": COURT,
    "Offender ordered to pay compensation": COURT,
    "Offender deprived of property": COURT,
    "Offender otherwise dealt with": COURT,
    "Defendant found not guilty": COURT,
    "Court case unable to proceed": COURT,
    "Court result unavailable": COURT,
    "Local resolution": OUT_OF_COURT,
    "Offender given a caution": OUT_OF_COURT,
    "Offender given a drugs possession warning": OUT_OF_COURT,
    "Offender given a penalty notice": OUT_OF_COURT,
    "Offender given penalty notice": OUT_OF_COURT,
    "Unable to prosecute suspect": NOT_PROSECUTED,
    "Formal action is not in the public interest": NOT_PROSECUTED,
    "Further investigation is not in the public interest": NOT_PROSECUTED,
    "Further action is not in the public interest": NOT_PROSECUTED,
    "Investigation complete; no suspect identified": NO_SUSPECT,
    "Under investigation": OPEN,
    "Awaiting court outcome": OPEN,
    "Action to be taken by another organisation": OTHER_ORGANISATION,
    "Status update unavailable": NO_UPDATE,
}
OUTCOME_CATEGORIES: frozenset[str] = frozenset(OUTCOME_GROUP_OF)


def outcome_group(category: str) -> str:
    """The plain group of a police.uk outcome category (KeyError if unknown)."""
    return OUTCOME_GROUP_OF[category]


SEARCH_TYPES: tuple[str, ...] = (
    "Person search",
    "Person and Vehicle search",
    "Vehicle search",
)
AGE_RANGES: tuple[str, ...] = ("under 10", "10-17", "18-24", "25-34", "over 34")
GENDERS: tuple[str, ...] = ("Male", "Female", "Other")
NOT_RECORDED = "Not recorded"
NOT_STATED = "Not stated"
# Self-defined ethnicity as published is "<group> - <detail>"; the page shows the
# five ONS groups, "Not stated" and "Not recorded" (blank).
ETHNICITY_GROUPS: dict[str, str] = {
    "White": "White",
    "Black/African/Caribbean/Black British": "Black or Black British",
    "Asian/Asian British": "Asian or Asian British",
    "Mixed/Multiple ethnic groups": "Mixed or multiple",
    "Other ethnic group": "Other ethnic group",
}


def ethnicity_group(self_defined: str) -> str:
    """The broad group of a self-defined ethnicity as police.uk publishes it."""
    text = self_defined.strip()
    if not text:
        return NOT_RECORDED
    head, _, detail = text.partition(" - ")
    if detail.strip() == "Not stated":
        return NOT_STATED
    return ETHNICITY_GROUPS.get(head.strip(), "Other ethnic group")


# A breakdown of stop-and-search counts never shows a cell below this.
SMALL_CELL = 5
