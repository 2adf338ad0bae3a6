"""The plan alignment page's choices: which Police and Crime Plan and which SPP plan
version, from the URL, with a plain-English message for one that is not offered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.metrics.alignment import default_plan_id
from dashboard.urlstate import pick, query_string
from dashboard.views.kpis.state import MAX_ID_CHARS, Options, plan_short

PES_PLAN = "pes-2016"
PLAN_KINDS = (("pcp", "Police and Crime Plan"), ("spp", "SPP plan"))
NO_PLANS = "No plans have been loaded."


@dataclass(frozen=True)
class PlanChoice:
    """The plan versions the matrix shows: its columns (pcp) and SPP rows (spp)."""

    pcp: str | None
    spp: str | None

    def query_string(self, cell: tuple[str, str] | None = None) -> str:
        """'?pcp=pcp-2021&spp=spp-2018' with the plans chosen, and the matrix cell
        whose detail is open ('&priority=...&objective=...')."""
        priority, objective = cell or ("", "")
        return query_string(
            {
                "pcp": self.pcp,
                "spp": self.spp,
                "priority": priority,
                "objective": objective,
            },
            {},
        )


def cell_from_query(query: Mapping[str, object] | None) -> dict[str, str] | None:
    """The matrix cell named in the URL ({'row': priority, 'col': objective}), cut
    to identifier length, or None when the URL names none."""
    query = query or {}
    row, col = (
        str(query.get(key) or "")[:MAX_ID_CHARS] for key in ("priority", "objective")
    )
    return {"row": row, "col": col} if row and col else None


@dataclass(frozen=True)
class PlanChoices:
    """Both plan lists, the versions checked from the URL and any message."""

    pcp_options: Options
    spp_options: Options
    choice: PlanChoice
    message: str | None


def plan_options(plans: pd.DataFrame, kind: str) -> Options:
    """Every plan version of a kind, newest first, marking unconfirmed titles."""
    mine = plans[plans.plan_kind == kind].sort_values("period_start", ascending=False)
    return [
        {
            "label": plan_short(kind, row.title)
            + (
                ": consultation draft"
                if "draft" in row.status
                else (": titles to be confirmed" if "confirm" in row.status else "")
            )
            + (
                f" ({row.title.split(': ', 1)[1].removesuffix(' (consultation draft)')})"
                if ": " in row.title
                else ""
            ),
            "value": row.plan_id,
        }
        for row in mine.itertuples()
    ]


def parse_query(
    query: Mapping[str, object] | None,
    plans: pd.DataFrame,
    objectives: pd.DataFrame,
    *,
    today: date,
) -> PlanChoices:
    """The URL's plan versions checked against those loaded: an unknown one gives
    way to the default plan (see ``default_plan_id``) and is named in the message."""
    query = query or {}
    messages = []
    chosen = []
    for kind, what in PLAN_KINDS:
        options = plan_options(plans, kind)
        default = default_plan_id(plans, objectives, kind=kind, today=today)
        labels = {o["value"]: o["label"] for o in options}
        value, message = pick(
            query.get(kind),  # type: ignore[arg-type]
            list(labels),
            default or "",
            what=what,
            label=labels.get(default or "", ""),
        )
        chosen.append((options, value or None))
        if message:
            messages.append(message)
    if plans.empty:
        messages.append(NO_PLANS)
    return PlanChoices(
        pcp_options=chosen[0][0],
        spp_options=chosen[1][0],
        choice=PlanChoice(pcp=chosen[0][1], spp=chosen[1][1]),
        message=" ".join(messages) if messages else None,
    )
