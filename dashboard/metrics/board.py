"""The board presenter's "what changed" comparisons and meetings, as plain values
(the agenda itself is parsed by ``domain.agenda``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

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
