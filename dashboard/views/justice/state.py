"""The outcomes page's state in the URL: crime type, area, month range and the
stop-and-search breakdown, each checked with a plain message for an unknown value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.urlstate import pick, query_string
from domain.police_uk import CRIME_TYPES

PAGE_PATH = "/outcomes"
ALL_TYPES = "all"
NOT_KNOWN = "not-known"
CITY = "city"
CITY_LABEL = "Peterborough (all wards)"
BREAKDOWNS = {
    "legislation": ("legislation", "Legislation"),
    "object": ("object_of_search", "Object of search"),
    "outcome": ("outcome", "Outcome of the search"),
    "age": ("age_range", "Age range"),
    "ethnicity": ("ethnicity_group", "Self-defined ethnicity (broad group)"),
    "gender": ("gender", "Gender"),
    "type": ("search_type", "Type of search"),
}
DEFAULTS = {"type": ALL_TYPES, "area": CITY, "from": "", "to": "", "by": "ethnicity"}
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_AREA = re.compile(r"^(city|PES-[A-Z]{1,12}|E05\d{6})$")


def type_slug(crime_type: str) -> str:
    """'Criminal damage and arson' -> 'criminal-damage-and-arson'."""
    return crime_type.lower().replace(" ", "-")


TYPE_SLUGS: dict[str, str] = {type_slug(name): name for name in CRIME_TYPES}


def type_options() -> list[dict[str, str]]:
    """The crime type choices: all, each police.uk type, and 'not known'."""
    return (
        [{"label": "All crime types", "value": ALL_TYPES}]
        + [{"label": name, "value": slug} for slug, name in TYPE_SLUGS.items()]
        + [{"label": "Crime type not known (no street record)", "value": NOT_KNOWN}]
    )


def first_area_options(area: str) -> list[dict[str, str]]:
    """The area choices the page starts with, before the data names them: the
    city and the area asked for (a dropdown clears a value it has no option for)."""
    options = [{"label": CITY_LABEL, "value": CITY}]
    return options + ([{"label": area, "value": area}] if area != CITY else [])


def breakdown_options() -> list[dict[str, str]]:
    """The stop-and-search breakdowns offered."""
    return [{"label": label, "value": key} for key, (_, label) in BREAKDOWNS.items()]


@dataclass(frozen=True)
class JusticeState:
    """The page's choices; empty months mean the loaded range's ends."""

    crime_type: str = ALL_TYPES
    area: str = CITY
    first: str = ""
    last: str = ""
    breakdown: str = "ethnicity"
    messages: tuple[str, ...] = ()

    def query_string(self) -> str:
        """The address's query for this state (defaults left out)."""
        return query_string(
            {
                "type": self.crime_type,
                "area": self.area,
                "from": self.first,
                "to": self.last,
                "by": self.breakdown,
            },
            DEFAULTS,
        )


def parse_state(
    crime_type: str | None = None,
    area: str | None = None,
    first: str | None = None,
    last: str | None = None,
    breakdown: str | None = None,
) -> JusticeState:
    """A state from URL or control values; anything unknown gets a message and
    the default (areas and months are checked against the data later)."""
    messages: list[str] = []
    kind, message = pick(
        crime_type,
        [ALL_TYPES, NOT_KNOWN, *TYPE_SLUGS],
        ALL_TYPES,
        what="crime type",
        label="all crime types",
    )
    messages += [message] if message else []
    by, message = pick(
        breakdown, list(BREAKDOWNS), "ethnicity", what="breakdown", label="ethnicity"
    )
    messages += [message] if message else []
    place = str(area or CITY)
    if not _AREA.match(place):
        messages.append(
            f"There is no area called {place!r}; showing the whole of "
            "Peterborough instead."
        )
        place = CITY
    months = []
    for value, what in ((first, "first month"), (last, "last month")):
        text = str(value or "")
        if text and not _MONTH.match(text):
            messages.append(
                f"The {what} {text!r} is not a month as YYYY-MM; showing every "
                "month loaded instead."
            )
            text = ""
        months.append(text)
    if months[0] and months[1] and months[0] > months[1]:
        months.reverse()
    return JusticeState(kind, place, months[0], months[1], by, tuple(messages))
