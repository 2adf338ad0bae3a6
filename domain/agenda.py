"""The board presenter's agenda: which slides, in what order, with which settings.

An agenda is a list of items, each a view and its settings, written in a URL as
``view:key=value:key=value`` items separated by commas, e.g.
``changes,quartile:offence=burglary,perception:measure=safe_after_dark``.
The loader reads agendas from a CSV and the app from the URL, so both parse here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.echo import echoed

# view key -> (title on the slide, the settings it accepts)
VIEWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "changes": ("What changed since the last meeting", ()),
    "quartile": ("Crime against the national quartiles", ("offence", "period")),
    "perception": ("Residents' perceptions by sector", ("measure", "period")),
    "sectors": ("Sectors and wards", ("measure", "period")),
    "alignment": ("KPIs against the plans' priorities", ("period",)),
}
DEFAULT_SETTINGS: dict[str, dict[str, str]] = {
    "changes": {},
    "quartile": {"offence": "total"},
    "perception": {"measure": "safe_after_dark"},
    "sectors": {"measure": "crime-all"},
    "alignment": {},
}
DEFAULT_AGENDA = "changes,quartile,perception,sectors,alignment"
MAX_ITEMS = 20
# A link is read only this far (20 items with settings fit easily), and only this
# many problems are named, so a huge link cannot make a huge answer.
MAX_AGENDA_CHARS = 2_000
MAX_MESSAGES = 5
_SAFE = re.compile(r"^[A-Za-z0-9_.\-]{1,60}$")


@dataclass(frozen=True)
class AgendaItem:
    """One slide: a view and its settings (only the settings that view accepts)."""

    view: str
    settings: tuple[tuple[str, str], ...] = ()

    @property
    def options(self) -> dict[str, str]:
        return {**DEFAULT_SETTINGS[self.view], **dict(self.settings)}

    @property
    def key(self) -> str:
        """The item written back in agenda syntax, also its snapshot key."""
        parts = [self.view] + [f"{k}={v}" for k, v in self.settings]
        return ":".join(parts)

    @property
    def title(self) -> str:
        return VIEWS[self.view][0]


@dataclass
class Agenda:
    """The parsed agenda and plain-English notes on anything that was refused."""

    items: list[AgendaItem]
    messages: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return ",".join(item.key for item in self.items)


def parse_agenda(text: str | None) -> Agenda:
    """Parse an agenda string; unknown views or settings are dropped with a message,
    and an agenda left empty becomes the default agenda."""
    messages: list[str] = []
    items: list[AgendaItem] = []
    text = text or ""
    if len(text) > MAX_AGENDA_CHARS:
        text = text[:MAX_AGENDA_CHARS].rsplit(",", 1)[0]
        messages.append(
            f"The agenda was longer than {MAX_AGENDA_CHARS:,} characters: only its "
            "start was read."
        )
    for raw in text.split(","):
        raw = raw.strip()
        if not raw:
            continue
        view, *pairs = raw.split(":")
        view = view.strip().lower()
        if view not in VIEWS:
            messages.append(
                f"The agenda item '{echoed(raw)}' is not a view the board can show "
                f"(choose from {', '.join(VIEWS)}), so it was left out."
            )
            continue
        allowed = VIEWS[view][1]
        settings: list[tuple[str, str]] = []
        for pair in pairs:
            key, _, value = pair.partition("=")
            key, value = key.strip().lower(), value.strip()
            if key not in allowed or not _SAFE.match(value):
                messages.append(
                    f"The setting '{echoed(pair)}' does not apply to the {view} slide, "
                    "so it was ignored."
                )
                continue
            settings = [s for s in settings if s[0] != key] + [(key, value)]
        items.append(AgendaItem(view, tuple(sorted(settings))))
    if len(items) > MAX_ITEMS:
        messages.append(f"Only the first {MAX_ITEMS} agenda items are shown.")
        items = items[:MAX_ITEMS]
    if not items:
        if text:
            messages.append("The agenda had no usable items: the default is shown.")
        items = parse_agenda(DEFAULT_AGENDA).items
    return Agenda(items, _bounded(messages))


def _bounded(messages: list[str]) -> list[str]:
    """At most MAX_MESSAGES messages, the rest counted in one more."""
    if len(messages) <= MAX_MESSAGES:
        return messages
    more = len(messages) - MAX_MESSAGES
    return [
        *messages[:MAX_MESSAGES],
        f"{more:,} more agenda item{'s' if more != 1 else ''} or setting"
        f"{'s' if more != 1 else ''} could not be used.",
    ]


def parse_interval(raw: object, *, default: int = 30) -> tuple[int, str | None]:
    """Seconds between slides when auto-advancing (2 to 600), or the default."""
    if raw in (None, ""):
        return default, None
    try:
        value = int(str(raw))
    except ValueError:
        value = -1
    if 2 <= value <= 600:
        return value, None
    return default, (
        f"The interval '{echoed(raw, 20)}' is not a whole number of seconds from 2 to "
        f"600, so {default} seconds is used."
    )
