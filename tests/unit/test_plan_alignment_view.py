"""The plan alignment view: plan choices from the URL, the matrix with its gaps,
one cell's KPIs and the Overview tile, from small plain frames."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.views.kpis.data import KpiFrames, compute_data, compute_statuses_at
from dashboard.views.plan_alignment.data import (
    AlignmentFrames,
    compute_board,
    compute_cell,
    compute_matrix,
    compute_tile,
    unknown_plan,
)
from dashboard.views.plan_alignment.state import (
    PlanChoice,
    cell_from_query,
    parse_query,
)
from tests.unit.test_kpi_summary import AS_OF, KPIS, VALUES

PLANS = pd.DataFrame(
    {
        "plan_id": ["pes-2016", "spp-2018", "pcp-2021", "pcp-2025"],
        "plan_kind": ["pes", "spp", "pcp", "pcp"],
        "title": [
            "PES priority areas",
            "Safer Peterborough Partnership 2018-21",
            "Police and Crime Plan 2021-24",
            "Police and Crime Plan 2025-28",
        ],
        "period_start": pd.to_datetime(
            ["2016-04-01", "2018-04-01", "2021-05-01", "2025-05-01"]
        ),
        "status": ["published", "published", "published", "titles to be confirmed"],
        "source": ["PES", "SPP", "OPCC", "OPCC"],
    }
)
OBJECTIVES = pd.DataFrame(
    [
        ("pes-asb", "pes-2016", "Anti-social behaviour", True),
        ("pes-arson", "pes-2016", "Arson", True),
        ("spp-safe", "spp-2018", "Safer streets", True),
        ("pcp-communities", "pcp-2021", "Putting Communities First", True),
        ("pcp-ethics", "pcp-2021", "Ethical Policing", True),
        ("pcp-new", "pcp-2025", "To be confirmed", False),
    ],
    columns=["objective_id", "plan_id", "title", "confirmed"],
)
KPI_LINKS = pd.DataFrame(
    {
        "kpi_id": ["fires", "fires", "cleared"],
        "objective_id": ["pes-asb", "pcp-communities", "pes-arson"],
    }
)
LINKS = pd.DataFrame(
    {
        "from_objective_id": ["pes-asb", "spp-safe"],
        "to_objective_id": ["pcp-communities", "pcp-communities"],
        "strength": [3, 1],
        "rationale": ["ASB harms communities", ""],
        "is_demo": [True, False],
    }
)
FRAMES = AlignmentFrames(
    compute_data(KpiFrames(KPIS, VALUES, KPI_LINKS, OBJECTIVES, PLANS), AS_OF), LINKS
)


def test_unknown_plan_in_the_url_gives_way_to_the_default_with_a_message() -> None:
    choices = parse_query({"pcp": "pcp-1999"}, PLANS, OBJECTIVES, today=AS_OF)
    # pcp-2025 has started but its titles are unconfirmed: 2021 is the default.
    assert choices.choice == PlanChoice(pcp="pcp-2021", spp="spp-2018")
    assert choices.message == (
        "There is no Police and Crime Plan called 'pcp-1999'; showing PCP 2021-24 "
        "instead."
    )
    assert [o["label"] for o in choices.pcp_options] == [
        "PCP 2025-28: titles to be confirmed",
        "PCP 2021-24",
    ]
    chosen = parse_query({"pcp": "pcp-2025"}, PLANS, OBJECTIVES, today=AS_OF)
    assert chosen.choice.pcp == "pcp-2025" and chosen.message is None
    assert PlanChoice("pcp-2021", None).query_string() == "?pcp=pcp-2021"


def test_matrix_finds_the_gaps_and_says_so() -> None:
    assert unknown_plan(FRAMES, PlanChoice("pcp-1999", "spp-2018")) == (
        "There is no plan called 'pcp-1999'; choose one from the list."
    )
    assert unknown_plan(FRAMES, PlanChoice("pcp-2021", None)) is None
    matrix = compute_matrix(FRAMES, PlanChoice("pcp-2021", "spp-2018"))
    assert [(c.objective_id, c.gap) for c in matrix.columns] == [
        ("pcp-communities", False),
        ("pcp-ethics", True),
    ]
    assert [
        (g.label, [(r.objective_id, r.gap) for r in g.rows]) for g in matrix.groups
    ] == [
        ("PES priority areas", [("pes-asb", False), ("pes-arson", True)]),
        ("SPP priorities (2018-21)", [("spp-safe", False)]),
    ]
    assert matrix.summary == (
        "2 links between priorities and objectives, with 1 KPIs behind them. "
        "No PES KPI stands behind: Ethical Policing. "
        "PES priorities linked to no objective: Arson."
    )
    assert matrix.source == (
        "Sources: plan and objective titles as published (OPCC). Links between "
        "priorities and objectives: DEFAULT links shipped with the dashboard (DEMO "
        "judgements, not sourced), for the partnership to set. KPI statuses: "
        "as at 15 August 2025."
    )
    assert matrix.search == "?pcp=pcp-2021&spp=spp-2018"
    cell = matrix.cells.set_index(["row_id", "col_id"]).loc[
        ("pes-asb", "pcp-communities")
    ]
    assert (cell.strength, cell.n_kpis, cell.n_red) == (3, 1, 1)


def test_unconfirmed_plan_says_so_before_the_summary() -> None:
    matrix = compute_matrix(FRAMES, PlanChoice("pcp-2025", ""))
    assert matrix.summary.startswith(
        "This plan's objective titles are to be confirmed, so nothing is linked "
        "to them yet. 0 links"
    )
    assert [g.label for g in matrix.groups] == ["PES priority areas"]


def test_cell_lists_its_kpis_with_values_written_out() -> None:
    assert compute_cell(FRAMES, "pes-asb", "nowhere") is None
    cell = compute_cell(FRAMES, "pes-asb", "pcp-communities")
    assert cell is not None
    assert cell.heading == "Anti-social behaviour → Putting Communities First"
    assert cell.link_line == (
        "Strong link (default DEMO judgement, for the partnership to set): "
        "ASB harms communities"
    )
    assert cell.summary == "1 KPI behind this cell: 1 off track."
    assert [(k["kpi_id"], k["status_label"], k["target"]) for k in cell.kpis] == [
        ("fires", "■ R Red", "100")
    ]
    empty = compute_cell(FRAMES, "pes-arson", "pcp-ethics")
    assert empty is not None and empty.kpis == []
    assert empty.link_line == (
        "No link is recorded between this priority and this objective."
    )
    assert empty.summary == "0 KPIs behind this cell: no KPIs"


def test_tile_counts_the_default_plans_objectives_with_a_pes_kpi() -> None:
    tile = compute_tile(FRAMES, date(2025, 8, 15))
    assert tile is not None
    assert (tile.label, tile.covered, tile.total, tile.pcp, tile.demo) == (
        "PCP 2021-24 objectives with PES KPIs behind them",
        1,
        2,
        "pcp-2021",
        True,
    )
    assert tile.details == [
        "No PES KPI behind: Ethical Policing.",
        "Links are default DEMO judgements.",
    ]
    no_pcp = AlignmentFrames(
        compute_data(
            KpiFrames(KPIS, VALUES, KPI_LINKS, OBJECTIVES, PLANS.iloc[:2]), AS_OF
        ),
        LINKS,
    )
    assert compute_tile(no_pcp, AS_OF) is None


def test_board_counts_kpis_per_priority_with_the_most_red_first() -> None:
    board = compute_board(compute_statuses_at(FRAMES.kpi, AS_OF))
    assert board is not None
    assert board.counts.values.tolist() == [
        ["Anti-social behaviour", "Red", 1],
        ["No plan priority linked", "Not rated", 2],
        ["Arson", "Green", 1],  # no Red, and fewer KPIs than the unlinked
    ]
    assert [h["value"] for h in board.headline] == ["1", "0", "1", "2"]
    assert board.summary == (
        "Of 4 KPIs, 1 are Red, 0 Amber and 1 Green; Anti-social behaviour has the "
        "most Red KPIs (1)."
    )
    assert compute_board(compute_statuses_at(FRAMES.kpi, AS_OF).iloc[0:0]) is None


def test_consultation_draft_plan_is_labelled_so_in_the_list_and_summary() -> None:
    plans = PLANS.assign(
        status=["current", "ended", "superseded", "consultation draft"],
        title=[*PLANS.title[:3], "Plan 2025-28: Keeping Safe (consultation draft)"],
    )
    choices = parse_query({}, plans, OBJECTIVES, today=AS_OF)
    assert choices.choice.pcp == "pcp-2021"  # a draft is never the default
    assert choices.pcp_options[0]["label"] == (
        "PCP 2025-28: consultation draft (Keeping Safe)"
    )
    frames = AlignmentFrames(
        compute_data(KpiFrames(KPIS, VALUES, KPI_LINKS, OBJECTIVES, plans), AS_OF),
        LINKS,
    )
    matrix = compute_matrix(frames, PlanChoice("pcp-2025", ""))
    assert matrix.summary.startswith(
        "These are the plan's consultation draft priority groups: the final "
        "plan's wording is not confirmed, so nothing is linked to them yet. "
    )


def test_matrix_columns_carry_each_objectives_description() -> None:
    objectives = OBJECTIVES.assign(
        description=["", "", "", "“Communities first.” (the plan's own words)", "", ""]
    )
    frames = AlignmentFrames(
        compute_data(KpiFrames(KPIS, VALUES, KPI_LINKS, objectives, PLANS), AS_OF),
        LINKS,
    )
    matrix = compute_matrix(frames, PlanChoice("pcp-2021", "spp-2018"))
    assert [(c.title, c.description) for c in matrix.columns] == [
        ("Putting Communities First", "“Communities first.” (the plan's own words)"),
        ("Ethical Policing", ""),
    ]
    from dashboard.callbacks.plan_alignment import objective_descriptions

    shown = str(objective_descriptions(matrix))
    assert "The plan's objectives" in shown and "Communities first." in shown
    assert "Ethical Policing" not in shown  # no description, not listed
    assert (
        objective_descriptions(compute_matrix(FRAMES, PlanChoice("pcp-2021", "")))
        is None
    )


def test_an_objective_with_an_evidence_page_carries_its_link() -> None:
    from dataclasses import replace

    evidence = pd.DataFrame(
        {
            "objective_id": ["pcp-communities", "pcp-other-plan"],
            "path": ["/outcomes", "/kpis"],
            "label": ["Outcomes and stop and search", "KPIs"],
        }
    )
    frames = replace(FRAMES, evidence=evidence)
    matrix = compute_matrix(frames, PlanChoice(pcp="pcp-2021", spp="spp-2018"))
    assert [(e.objective, e.label, e.path) for e in matrix.evidence] == [
        ("Putting Communities First", "Outcomes and stop and search", "/outcomes")
    ]
    cell = compute_cell(frames, "pes-asb", "pcp-communities")
    assert cell is not None
    assert [e.path for e in cell.evidence] == ["/outcomes"]
    assert compute_cell(frames, "pes-asb", "pcp-ethics").evidence == []  # type: ignore[union-attr]
    # Without evidence loaded, nothing is shown.
    assert (
        compute_matrix(FRAMES, PlanChoice(pcp="pcp-2021", spp="spp-2018")).evidence
        == []
    )


def test_the_open_cell_goes_into_the_url_and_back() -> None:
    choice = PlanChoice("pcp-2021", "spp-2018")
    assert choice.query_string(("pes-asb", "pcp-communities")) == (
        "?pcp=pcp-2021&spp=spp-2018&priority=pes-asb&objective=pcp-communities"
    )
    assert cell_from_query({"priority": "pes-asb", "objective": "pcp-communities"}) == {
        "row": "pes-asb",
        "col": "pcp-communities",
    }
    assert cell_from_query({"priority": "pes-asb"}) is None
    assert cell_from_query(None) is None
    assert len(cell_from_query({"priority": "x" * 500, "objective": "y"})["row"]) == 80
