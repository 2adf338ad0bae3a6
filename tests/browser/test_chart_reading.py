"""Charts as the board and scrutiny members read them: one download button and
nothing that sends a chart to Plotly's cloud."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import page, settle  # noqa: F401 - fixture

# Every view that draws charts, in a state that draws all of them, and how many.
CHART_VIEWS = [
    ("/crime-quartile", 5),
    ("/perception", 4),
    ("/sectors?measure=fly-tipping&period=12m-2025-06&ward=E05010815", 3),
    ("/kpis?kpi=asb-police-east", 1),
    ("/outcomes", 6),
    ("/board", 3),
]

MODE_BARS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(
    graph => Array.from(graph.querySelectorAll('.modebar-btn')).map(
        button => button.getAttribute('data-title')))"""

CLOUD_LINKS = """() => Array.from(document.querySelectorAll('a[href], [data-title]'))
    .map(el => (el.getAttribute('href') || '') + ' ' + (el.getAttribute('data-title') || ''))
    .filter(text => /plotly\\.com|plot\\.ly|chart.?studio|share chart/i.test(text))"""


def open_with_charts(tab, url: str, expected: int) -> None:  # type: ignore[no-untyped-def]
    """Open ``url`` and wait until ``expected`` charts are drawn (chained callbacks
    draw some late). Polled from here: wait_for_function's string predicate would
    be evaluated in the page, which the Content-Security-Policy forbids."""
    settle(tab, url)
    for _ in range(150):
        if tab.locator(".js-plotly-plot .modebar-container").count() >= expected:
            return
        tab.wait_for_timeout(100)


@pytest.mark.parametrize("view", CHART_VIEWS, ids=[path for path, _ in CHART_VIEWS])
def test_charts_offer_only_a_png_download_and_no_cloud(
    live_server,
    page,
    view: tuple[str, int],  # noqa: F811 - the fixture
) -> None:  # type: ignore[no-untyped-def]
    path, expected = view
    open_with_charts(page, live_server + path, expected)
    bars = page.evaluate(MODE_BARS)
    assert len(bars) >= expected, bars
    for buttons in bars:
        assert len(buttons) <= 1, buttons
        assert buttons in ([], ["Download plot as a PNG"]), buttons
    assert page.evaluate(CLOUD_LINKS) == []
    assert page.console_log.problems == []
