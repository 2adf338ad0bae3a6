"""Real evidence views: fly-tipping rates on the one population rule with the
census break, and CSEW intervals from the published base."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.series import annual_series_figure, force_survey_figure
from dashboard.views.evidence.data import compute_asb, compute_flytipping


def _counts() -> pd.DataFrame:
    ends = [date(2020, 3, 31), date(2021, 3, 31), date(2022, 3, 31)]
    return pd.DataFrame(
        {
            "series": ["flytipping_incidents"] * 3,
            "area_code": ["E06000031"] * 3,
            "area_name": ["Peterborough"] * 3,
            "period_label": ["2019-20", "2020-21", "2021-22"],
            "period_start": [date(e.year - 1, 4, 1) for e in ends],
            "period_end": ends,
            "value": [6820, 9744, 8981],
            "published_population": [202259, 202626, 216349],
            "published_rate": [33.7, 48.1, 41.5],
            "dataset_id": ["defra_flytipping_la"] * 3,
        }
    )


def test_flytipping_rates_use_the_one_rule_and_mark_the_census_break() -> None:
    populations = pd.DataFrame(
        {
            "area_code": ["E06000031"] * 3,
            "year": [2019, 2020, 2022],
            "population": [202259, 202626, 217705],
        }
    )
    found = compute_flytipping(_counts(), populations)
    assert list(found.incidents.population_year) == [2019, 2020, 2022]
    assert round(found.incidents.rate.iloc[0], 1) == 33.7  # Defra's own figure
    assert round(found.incidents.rate.iloc[-1], 1) == 41.3  # mid-2022, not mid-2020
    assert len(found.breaks) == 1
    assert "2021 Census" in found.breaks[0][1]
    figure = annual_series_figure(
        found.incidents,
        value="rate",
        title="REAL",
        axis_title="per 1,000",
        breaks=found.breaks,
    )
    go.Figure(figure)
    assert any("Census" in a["text"] for a in figure.layout["annotations"])


def _survey() -> pd.DataFrame:
    """CSEW Table P6 rows: Cambridgeshire and England and Wales, one question."""
    return pd.DataFrame(
        {
            "wave": ["Year ending March 2019"] * 2,
            "fieldwork_start": [date(2018, 4, 1)] * 2,
            "fieldwork_end": [date(2019, 3, 31)] * 2,
            "area_code": ["E23000023", "K04000001"],
            "area_name": ["Cambridgeshire", "England and Wales"],
            "question_code": ["csew_asb_any"] * 2,
            "short_label": ["Experienced or witnessed any ASB"] * 2,
            "base_size": pd.array([626, 34113], dtype="Int64"),
            "estimate": [0.374, 0.378],
            "significant_vs_reference": [False, None],
            "change_vs_previous": ["none", "up"],
            "design_effect": [1.0, 1.0],
        }
    )


def test_csew_intervals_come_from_the_unweighted_base() -> None:
    survey = _survey()
    recorded = _counts().iloc[0:0]
    found = compute_asb(survey, recorded)
    cambs = found.survey.iloc[0]
    assert 0.33 < cambs.lower < 0.374 < cambs.upper < 0.42
    national = found.survey.iloc[1]
    assert national.upper - national.lower < 0.012
    assert found.as_at == date(2019, 3, 31)
    figure = force_survey_figure(found.survey, title="REAL")
    go.Figure(figure)
    texts = [t for trace in figure.traces for t in trace["text"]]
    assert "37.4% (not sig. different)" in texts
