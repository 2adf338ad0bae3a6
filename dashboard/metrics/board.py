"""The board presenter's "what changed" comparisons and meetings, as plain values
(the agenda itself is parsed by ``domain.agenda``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from domain.dates import month_end

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
    """One row of the "what changed" slide. ``then_demo`` and ``now_demo`` say
    whether each side's own figures are demo, so a row never passes a demo figure
    (or a verdict drawn from one) as real, nor compares demo with real unsaid."""

    group: str
    measure: str
    then: str
    now: str
    change: str
    then_demo: bool
    now_demo: bool

    @property
    def is_demo(self) -> bool:
        """Whether any figure in the row (and so its change) is demo."""
        return self.then_demo or self.now_demo

    @property
    def data(self) -> str:
        """The row's 'Real or demo' cell, in words."""
        return data_words(self.then_demo, self.now_demo)


def data_words(then_demo: bool, now_demo: bool) -> str:
    """'Real', 'DEMO', or which side is which when a row compares the two."""
    if then_demo == now_demo:
        return "DEMO" if now_demo else "Real"
    return "Then DEMO, now real" if then_demo else "Then real, now DEMO"


def tagged(value: str, demo: bool, mixed: bool) -> str:
    """A figure for a sentence: marked DEMO when demo, and 'real' when it stands
    beside a demo one."""
    if demo:
        return f"{value} (DEMO)"
    return f"{value} (real)" if mixed else value


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
    now_demo = bool(now["is_demo"])
    if then is None:
        return [
            Change(
                "Crime",
                "Recorded crime per 1,000 residents",
                "not available",
                f"{now['rate']:.1f}",
                "",
                now_demo,
                now_demo,
            )
        ]
    then_demo = bool(then["is_demo"])
    sides = (then_demo, now_demo)
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
            *sides,
        ),
        Change(
            "Crime",
            "Rank among CSPs (1 = lowest rate)",
            f"{then['rank']} of {then['n_ranked']}",
            f"{now['rank']} of {now['n_ranked']}",
            rank_words,
            *sides,
        ),
        Change(
            "Crime",
            "National quartile",
            f"Q{then['quartile']} {then['quartile_name']}",
            f"Q{now['quartile']} {now['quartile_name']}",
            quartile_words,
            *sides,
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
                bool(then.is_demo.any()),
                bool(now.is_demo.any()),
            )
        ]
    for row in now.itertuples():
        old = before.get(row.question_code)
        now_demo = bool(row.is_demo)
        then_demo = now_demo if old is None else bool(old.is_demo)
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
                then_demo,
                now_demo,
            )
        )
    return rows


def kpi_status_changes(then: pd.DataFrame, now: pd.DataFrame) -> list[Change]:
    """KPIs whose status word changed (columns kpi_id, name, status_word, is_demo)."""
    before = dict(zip(then.kpi_id, then.status_word, strict=True))
    before_demo = dict(zip(then.kpi_id, then.is_demo.astype(bool), strict=True))
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
                bool(before_demo[row.kpi_id]),
                bool(row.is_demo),
            )
        )
    return rows


# ----------------------------------------------------------------------------- key changes

# How good each rated KPI status is: a move up this order is better, down is worse
# ("not rated" is neither, so a KPI moving to or from it is counted apart).
_STATUS_RANK = {"red": 0, "amber": 1, "green": 2}
_STATUS_NAMES = {"red": "Red", "amber": "Amber", "green": "Green"}
MAX_KEY_CHANGES = 5
# The word a key change is shown with, so the way it moved never rests on colour.
WAY_WORDS = {"worse": "Worse", "better": "Better", "same": "Same"}


@dataclass(frozen=True)
class KeyChange:
    """One of the three to five changes the "what changed" slide shows in large
    type. ``text`` says DEMO in its own words when its figures are demo, and says
    which way things moved in words (``direction`` adds a marker, never alone)."""

    text: str
    direction: str  # "worse", "better" or "same"
    is_demo: bool


def demo_prefix(demo: bool) -> str:
    """'DEMO: ' before a sentence drawn from demo figures, so it says so itself."""
    return "DEMO: " if demo else ""


def _sides_word(then_demo: bool, now_demo: bool) -> str:
    """'DEMO: ' when every figure is demo; which side is demo when they differ."""
    if then_demo == now_demo:
        return demo_prefix(now_demo)
    return "DEMO then, real now: " if then_demo else "Real then, DEMO now: "


def crime_key_changes(then: dict | None, now: dict | None) -> list[KeyChange]:
    """The crime rate and the rank (with the quartile) as two key changes, from two
    crime headlines as ``crime_changes`` takes them."""
    if now is None:
        return []
    now_demo = bool(now["is_demo"])
    if then is None:
        return [
            KeyChange(
                f"{demo_prefix(now_demo)}Recorded crime is {now['rate']:.1f} per "
                f"1,000 residents, rank {now['rank']} of {now['n_ranked']} "
                "(no earlier figure to compare).",
                "same",
                now_demo,
            )
        ]
    then_demo = bool(then["is_demo"])
    prefix = _sides_word(then_demo, now_demo)
    demo = then_demo or now_demo
    change = now["rate"] - then["rate"]
    if round(change, 1) == 0:
        rate_text, rate_way = f"unchanged at {now['rate']:.1f}", "same"
    else:
        pct = 100 * change / then["rate"] if then["rate"] else 0.0
        rate_text = (
            f"{'up' if change > 0 else 'down'} {abs(pct):.1f}%, from "
            f"{then['rate']:.1f} to {now['rate']:.1f}"
        )
        rate_way = "worse" if change > 0 else "better"
    places = now["rank"] - then["rank"]
    if places == 0:
        rank_text, rank_way = "unchanged", "same"
    else:
        rank_text = (
            f"{abs(places)} place{'s' if abs(places) != 1 else ''} "
            + ("worse" if places > 0 else "better")
            + f" than {then['rank']}"
        )
        rank_way = "worse" if places > 0 else "better"
    quartile = (
        f"still Q{now['quartile']}"
        if now["quartile"] == then["quartile"]
        else f"moved from Q{then['quartile']} to Q{now['quartile']}"
    )
    return [
        KeyChange(
            f"{prefix}Recorded crime per 1,000 residents {rate_text}.",
            rate_way,
            demo,
        ),
        KeyChange(
            f"{prefix}Rank {now['rank']} of {now['n_ranked']}, {rank_text}; "
            f"{quartile}, the {now['quartile_name']}.",
            rank_way,
            demo,
        ),
    ]


def _status_moves(then: pd.DataFrame, now: pd.DataFrame) -> dict[str, list[str]]:
    """The new status of each KPI that moved, grouped as worse, better or other
    (to or from 'not rated'); columns kpi_id and status (the status key)."""
    before = dict(zip(then.kpi_id, then.status, strict=True))
    moves: dict[str, list[str]] = {"worse": [], "better": [], "other": []}
    for kpi_id, status in zip(now.kpi_id, now.status, strict=True):
        old = before.get(kpi_id)
        if old is None or old == status:
            continue
        if old in _STATUS_RANK and status in _STATUS_RANK:
            way = "worse" if _STATUS_RANK[status] < _STATUS_RANK[old] else "better"
            moves[way].append(status)
        else:
            moves["other"].append(status)
    return moves


def _worst_now(statuses: list[str]) -> str:
    """'2 now Red': how many moved to the worst status among ``statuses``."""
    worst = min(set(statuses), key=lambda status: _STATUS_RANK[status])
    return f"{statuses.count(worst)} now {_STATUS_NAMES[worst]}"


def _now_counts(statuses: list[str]) -> str:
    """'2 now Red, 8 now Amber' (worst first)."""
    order = sorted(set(statuses), key=lambda status: _STATUS_RANK[status])
    return ", ".join(
        f"{statuses.count(status)} now {_STATUS_NAMES[status]}" for status in order
    )


def kpi_key_changes(then: pd.DataFrame, now: pd.DataFrame) -> list[KeyChange]:
    """How many KPIs got worse and how many better (and to which status), and how
    many have data overdue against the last meeting; from two status tables
    (kpi_id, status, overdue, is_demo) as at the two periods."""
    if now.empty:
        return []
    demo = bool(now.is_demo.any() or then.is_demo.any())
    prefix = demo_prefix(demo)
    moves = _status_moves(then, now)
    changes = []
    worse, better = len(moves["worse"]), len(moves["better"])
    if worse and better:
        # One line for both ways, so the slide keeps room for the other changes.
        changes.append(
            KeyChange(
                f"{prefix}{worse} KPI{'s' if worse != 1 else ''} got worse and "
                f"{better} improved; {_worst_now(moves['worse'])}.",
                "worse" if worse > better else "better" if better > worse else "same",
                demo,
            )
        )
    for way, verb in (("worse", "got worse"), ("better", "improved")):
        if moves[way] and not (worse and better):
            count = len(moves[way])
            changes.append(
                KeyChange(
                    f"{prefix}{count} KPI{'s' if count != 1 else ''} {verb}: "
                    f"{_now_counts(moves[way])}.",
                    way,
                    demo,
                )
            )
    if not moves["worse"] and not moves["better"]:
        changes.append(
            KeyChange(
                f"{prefix}No KPI changed between Red, Amber and Green.", "same", demo
            )
        )
    overdue_now, overdue_then = int(now.overdue.sum()), int(then.overdue.sum())
    if overdue_now or overdue_then:
        way = (
            "worse"
            if overdue_now > overdue_then
            else "better"
            if overdue_now < overdue_then
            else "same"
        )
        changes.append(
            KeyChange(
                f"{prefix}{overdue_now} KPI{'s have' if overdue_now != 1 else ' has'} "
                f"data overdue, against {overdue_then} at the last meeting.",
                way,
                demo,
            )
        )
    return changes


def changes_headline(
    then: dict | None, now: dict | None, then_kpis: pd.DataFrame, now_kpis: pd.DataFrame
) -> str:
    """The "what changed" slide's one sentence: crime's move and rank, and how many
    KPIs got worse and better, each part marked DEMO when its figures are."""
    parts = []
    if then is not None and now is not None:
        change = now["rate"] - then["rate"]
        pct = 100 * change / then["rate"] if then["rate"] else 0.0
        crime = (
            "Crime unchanged"
            if round(pct, 1) == 0
            else f"Crime {'up' if change > 0 else 'down'} {abs(pct):.1f}%"
        )
        places = now["rank"] - then["rank"]
        crime += (
            f", {abs(places)} place{'s' if abs(places) != 1 else ''} "
            f"{'worse' if places > 0 else 'better'} in the ranking"
            if places
            else ", the same rank"
        )
        parts.append(crime + (" (DEMO)" if then["is_demo"] or now["is_demo"] else ""))
    if not now_kpis.empty:
        moves = _status_moves(then_kpis, now_kpis)
        kpis = (
            f"{len(moves['worse'])} KPI{'s' if len(moves['worse']) != 1 else ''} "
            f"got worse and {len(moves['better'])} improved"
        )
        demo = bool(now_kpis.is_demo.any() or then_kpis.is_demo.any())
        parts.append(kpis + (" (DEMO)" if demo else ""))
    if not parts:
        return "No figures to compare with the last meeting."
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


def signal_key_changes(
    signals: pd.DataFrame, *, after: date, until: date
) -> list[KeyChange]:
    """New special-cause signals in the monthly police.uk series of every ward and
    crime type (real data) in the months ending after ``after`` and by ``until``:
    how many series show a new concerning signal, naming the one whose new
    concerning months stand furthest above its mean, and how many a new improving
    one. ``signals``: ward_name, category, mean, concerning_periods and
    improving_periods (month starts) as
    and monthly (month -> count), as ``views.signals.data.ward_crime_signals``
    gives them; empty: no change."""
    if signals.empty:
        return []

    def new(periods: tuple) -> list:
        return [p for p in periods if after < month_end(p) <= until]

    concerning = [new(periods) for periods in signals.concerning_periods]
    improving = [new(periods) for periods in signals.improving_periods]
    total = len(signals)
    worst, better = sum(map(bool, concerning)), sum(map(bool, improving))
    if not worst and not better:
        return [
            KeyChange(
                f"No new signal in the {total} ward crime series (police.uk, "
                "monthly): changes within the usual range.",
                "same",
                False,
            )
        ]
    text = f"New concerning signals in {worst} of {total} ward crime series"
    if worst:
        # First: the series whose new concerning months stand furthest above its
        # mean, in crimes (a big series' step matters more than a small one's).
        excess = [
            sum(row.monthly[p] - row.mean for p in months)
            for row, months in zip(signals.itertuples(), concerning, strict=True)
        ]
        first = signals.iloc[max(range(len(signals)), key=excess.__getitem__)]
        text += f", first {first.category.lower()} in {first.ward_name}"
    text += f"; {better} improving."
    return [KeyChange(text, "worse" if worst > better else "better", False)]


def key_changes(
    crime: list[KeyChange], kpis: list[KeyChange], signals: Sequence[KeyChange] = ()
) -> list[KeyChange]:
    """The changes that matter, crime first, then the new signals in the ward crime
    series, then KPIs: at most five (the survey and every row in full are in the
    pack's table)."""
    return [*crime, *signals, *kpis][:MAX_KEY_CHANGES]
