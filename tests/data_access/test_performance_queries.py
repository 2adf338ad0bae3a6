"""Plan, KPI and risk queries on the full shipped database, and the pages' plain
message when the database is missing."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.callbacks import kpis as kpi_callbacks
from dashboard.callbacks import plan_alignment, risks
from dashboard.views.kpis import data as kpi_view
from dashboard.views.kpis.data import filter_menu
from data_access.engine import make_readonly_engine
from data_access.queries import kpis, plans
from data_access.queries import risks as risk_queries

SHIPPED = pytest.mark.shipped_build


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", marks=SHIPPED),
        pytest.param("postgres", marks=SHIPPED),
    ],
)
def engine(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    url = request.getfixturevalue(f"full_{request.param}_url")
    engine = make_readonly_engine(url)
    yield engine
    engine.dispose()


def test_plans_carry_published_titles_and_unconfirmed_2025(engine) -> None:  # type: ignore[no-untyped-def]
    objectives = plans.objectives(engine)
    titles = objectives.groupby("plan_id").title.apply(list).to_dict()
    assert titles["pcp-2017"] == [
        "Victims",
        "Offenders",
        "Communities",
        "Transformation",
    ]
    assert titles["pcp-2021"] == [
        "Putting Communities First",
        "Crime Prevention",
        "Supporting Victims and Witnesses",
        "Ethical Policing",
        "Robust Enforcement",
    ]
    assert not objectives[objectives.plan_id == "pcp-2025"].confirmed.any()
    assert plans.objective_links(engine).is_demo.all()
    with pytest.raises(ValueError):
        plans.plans(engine, kind="nonsense")


def test_kpis_are_20_to_40_with_at_least_8_quarters(engine) -> None:  # type: ignore[no-untyped-def]
    table = kpis.kpis(engine)
    values = kpis.kpi_values(engine)
    assert 20 <= len(table) <= 40
    assert set(table.owner_agency) == {"council", "police", "fire", "prison"}
    per_kpi = values.groupby("kpi_id").size()
    assert per_kpi.min() >= 8
    assert table.is_demo.all()


def test_summary_matches_the_rule_on_shipped_data(engine) -> None:  # type: ignore[no-untyped-def]
    data = kpi_view.load_kpi_data(engine, today=date(2026, 1, 1))
    assert data.as_of == date(2025, 7, 25)  # demo: judged at its latest return
    summary = kpi_view.load_summary(engine, today=date(2026, 1, 1))
    overdue = set(summary.loc[summary.overdue, "kpi_id"])
    assert overdue == {
        "np-visibility-hours",
        "drug-referrals",
        "safe-well-partner-28d",
        "prison-leavers-employment",
    }
    assert set(summary.status) <= {"green", "amber", "red"}


def test_risks_and_overdue_reviews(engine) -> None:  # type: ignore[no-untyped-def]
    table, as_of = risks.load_register(engine, today=date(2026, 1, 1))
    assert as_of == date(2025, 7, 31)
    assert len(risk_queries.risks(engine)) == 15
    assert set(table.loc[table.review_overdue, "risk_id"]) == {
        "R01",
        "R05",
        "R08",
        "R12",
    }


def test_alignment_gap_in_2021_plan_is_ethical_policing(engine) -> None:  # type: ignore[no-untyped-def]
    shown = plan_alignment.matrix(engine, "pcp-2021", "spp-2018")
    assert "No PES KPI stands behind: Ethical Policing." in shown["summary"]
    assert "DEMO judgements" in shown["source"]
    assert shown["search"] == "?pcp=pcp-2021&spp=spp-2018"
    shown = plan_alignment.matrix(engine, "pcp-2017", "spp-2018")
    assert "Safer schools" in shown["summary"]
    # the 2017-20 objectives are shown in the plan's own words, under the matrix
    assert "Victims and witnesses are placed at the heart" in str(shown["matrix"])


def test_pages_say_plainly_when_the_database_is_missing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    missing = make_readonly_engine(f"sqlite:///{tmp_path / 'absent.sqlite'}")
    shown = kpi_callbacks.table(missing, "all", "all", "all", "all", "")
    assert shown["table"] == "" and "has not been built" in str(shown["count"])
    assert "has not been built" in str(
        plan_alignment.matrix(missing, "pcp-2021", "")["matrix"]
    )
    assert "has not been built" in str(risks.register_content(missing, False)[0])
    assert "has not been built" in str(plan_alignment.setup(missing, {})["message"])
    menu = filter_menu(missing, {})
    assert menu.failed and "has not been built" in str(menu.message)


def test_objective_evidence_links_offenders_objectives_to_outcomes(engine) -> None:  # type: ignore[no-untyped-def]
    evidence = plans.objective_evidence(engine)
    assert list(evidence.objective_id) == [
        "pcp-2017-offenders",
        "pcp-2021-robust-enforcement",
    ]
    assert set(evidence.path) == {"/outcomes"}
    assert set(evidence.label) == {"Outcomes and stop and search (police.uk, 2024)"}
    assert set(evidence.dataset_id) == {"objective_evidence"}
    # The matrix names the objective and links the page; so does a cell's detail.
    shown = str(plan_alignment.matrix(engine, "pcp-2021", "spp-2018")["gaps"])
    assert "Evidence: " in shown
    assert "Robust Enforcement: " in shown and "'/outcomes'" in shown
    detail = str(
        plan_alignment.cell_detail(
            engine, "pes-2016-road-safety", "pcp-2021-robust-enforcement"
        )
    )
    assert "Outcomes and stop and search (police.uk, 2024)" in detail
    assert "href='/outcomes'" in detail or "'/outcomes'" in detail
