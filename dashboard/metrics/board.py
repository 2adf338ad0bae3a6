"""The board presenter's agenda and its "what changed" comparisons, as plain values.

An agenda is a list of items, each a view and its settings, written in a URL as
``view:key=value:key=value`` items separated by commas, e.g.
``changes,quartile:offence=burglary,perception:measure=safe_after_dark``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

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
    for raw in (text or "").split(","):
        raw = raw.strip()
        if not raw:
            continue
        view, *pairs = raw.split(":")
        view = view.strip().lower()
        if view not in VIEWS:
            messages.append(
                f"The agenda item {raw[:40]!r} is not a view the board can show "
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
                    f"The setting {pair[:40]!r} does not apply to the {view} slide, "
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
    return Agenda(items, messages)


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
        f"The interval {str(raw)[:20]!r} is not a whole number of seconds from 2 to "
        f"600, so {default} seconds is used."
    )


# ----------------------------------------------------------------------------- meetings


def meeting_for_period(meetings: pd.DataFrame, period_end: date) -> pd.Series | None:
    """The first meeting that shows ``period_end`` (columns meeting_id,
    meeting_date, period_shown_end), or None."""
    shown = meetings[meetings.period_shown_end == period_end]
    if shown.empty:
        return None
    return shown.sort_values("meeting_date").iloc[0]


def previous_meeting(meetings: pd.DataFrame, period_end: date) -> pd.Series | None:
    """The latest meeting that was shown a period before ``period_end``, or None."""
    earlier = meetings[meetings.period_shown_end < period_end]
    if earlier.empty:
        return None
    return earlier.sort_values(["period_shown_end", "meeting_date"]).iloc[-1]


# ----------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class Change:
    """One row of the "what changed" slide."""

    group: str
    measure: str
    then: str
    now: str
    change: str
    is_demo: bool


def _signed(value: float, unit: str, decimals: int = 1) -> str:
    if round(value, decimals) == 0:
        return f"no change (0{unit})" if unit else "no change"
    arrow = "▲ up" if value > 0 else "▼ down"
    return f"{arrow} {abs(value):,.{decimals}f}{unit}"


def crime_changes(then: dict | None, now: dict | None) -> list[Change]:
    """Rate, rank and quartile rows from two crime headlines (dicts with rate, rank,
    n_ranked, quartile, quartile_name, is_demo), either possibly missing."""
    if now is None:
        return []
    demo = bool(now["is_demo"] or (then or {}).get("is_demo", False))
    if then is None:
        return [
            Change(
                "Crime",
                "Recorded crime per 1,000 residents",
                "not available",
                f"{now['rate']:.1f}",
                "",
                demo,
            )
        ]
    rate_change = now["rate"] - then["rate"]
    pct = 100 * rate_change / then["rate"] if then["rate"] else 0.0
    rank_change = now["rank"] - then["rank"]
    rank_words = (
        "no change"
        if rank_change == 0
        else f"{abs(rank_change)} place{'s' if abs(rank_change) != 1 else ''} "
        + ("higher (worse)" if rank_change > 0 else "lower (better)")
    )
    quartile_words = (
        "no change"
        if now["quartile"] == then["quartile"]
        else f"moved from Q{then['quartile']} to Q{now['quartile']}"
    )
    return [
        Change(
            "Crime",
            "Recorded crime per 1,000 residents",
            f"{then['rate']:.1f}",
            f"{now['rate']:.1f}",
            _signed(rate_change, "") + f" ({pct:+.1f}%)",
            demo,
        ),
        Change(
            "Crime",
            "Rank among CSPs (1 = lowest rate)",
            f"{then['rank']} of {then['n_ranked']}",
            f"{now['rank']} of {now['n_ranked']}",
            rank_words,
            demo,
        ),
        Change(
            "Crime",
            "National quartile",
            f"Q{then['quartile']} {then['quartile_name']}",
            f"Q{now['quartile']} {now['quartile_name']}",
            quartile_words,
            demo,
        ),
    ]


def perception_changes(then: pd.DataFrame, now: pd.DataFrame) -> list[Change]:
    """Rows per question from two city-level wave tables (question_code, label,
    wave, estimate as a proportion, base_size, is_demo)."""
    rows = []
    before = {row.question_code: row for row in then.itertuples()}
    if not now.empty and all(
        q in before and before[q].wave == w
        for q, w in zip(now.question_code, now.wave, strict=True)
    ):
        return [
            Change(
                "Perception",
                f"Residents' survey ({len(now)} measures)",
                str(now.wave.iloc[0]),
                str(now.wave.iloc[0]),
                "no new survey wave since then",
                bool(now.is_demo.any()),
            )
        ]
    for row in now.itertuples():
        old = before.get(row.question_code)
        if old is None:
            change, then_text = "", "not asked"
        elif old.wave == row.wave:
            change, then_text = "no new survey wave", f"{100 * old.estimate:.0f}%"
        else:
            change = _signed(100 * (row.estimate - old.estimate), " points", 0)
            then_text = f"{100 * old.estimate:.0f}%"
        rows.append(
            Change(
                "Perception",
                str(row.label),
                then_text,
                f"{100 * row.estimate:.0f}%",
                change,
                bool(row.is_demo),
            )
        )
    return rows


def kpi_status_changes(then: pd.DataFrame, now: pd.DataFrame) -> list[Change]:
    """KPIs whose status word changed (columns kpi_id, name, status_word, is_demo)."""
    before = dict(zip(then.kpi_id, then.status_word, strict=True))
    rows = []
    for row in now.itertuples():
        old = before.get(row.kpi_id)
        if old is None or old == row.status_word:
            continue
        rows.append(
            Change(
                "KPI status",
                str(row.name),
                str(old),
                str(row.status_word),
                f"{old} → {row.status_word}",
                bool(row.is_demo),
            )
        )
    return rows
