"""Every chart has its text alternatives beside it: a one-sentence summary and a
"Show data" table.

How a chart declares them: the chart (a ``dcc.Graph``), an element with the class
``chart-summary`` holding its summary sentence, and a ``<details>`` whose summary
starts "Show data" holding a dash-ag-grid table sit together in one container, and
that container holds no other chart. The test finds, for each chart drawn in the
browser, the nearest enclosing element that holds both a summary and a "Show data"
table, and checks that it holds only that chart, that the sentence is a sentence and
that the table, created when its summary is first clicked, has rows.

The board presenter (``/board``) shows each chart with its summary sentence for the
room; its tables are on the view each slide comes from, so there only the sentence
is required.
"""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import page, settle  # noqa: F401 - fixture

# Each view in the states that draw all of its charts, with how many it draws.
VIEWS = [
    ("/", 0),
    ("/crime-quartile", 5),
    ("/perception", 4),
    ("/sectors?measure=fly-tipping&period=12m-2025-06&ward=E05010815", 3),
    ("/plan-alignment", 0),
    ("/kpis?kpi=asb-police-east", 2),
    ("/sectors?ward=E05010805", 3),
    ("/risks", 0),
    ("/outcomes", 6),
    ("/data-sources", 0),
]

CHECK = """() => {
    const graphs = Array.from(document.querySelectorAll('.js-plotly-plot'));
    return graphs.map((graph, index) => {
        let unit = graph.parentElement;
        const showData = (el) => Array.from(el.querySelectorAll('details')).filter(
            d => (d.querySelector('summary')?.textContent || '').trim()
                .startsWith('Show data'));
        while (unit && !(unit.querySelector('.chart-summary') &&
                         showData(unit).length)) {
            unit = unit.parentElement;
        }
        if (!unit) { return {index: index, problem: 'no summary and Show data'}; }
        const details = showData(unit);
        // Opened as a reader opens it: the grid is created on the first click.
        details.filter(d => !d.open).forEach(d => d.querySelector('summary').click());
        return {
            index: index,
            charts: unit.querySelectorAll('.js-plotly-plot').length,
            tables: details.length,
            summaries: Array.from(unit.querySelectorAll('.chart-summary'))
                .map(s => s.textContent.trim()),
        };
    });
}"""

# Opened "Show data" blocks that hold no grid yet.
WITHOUT_GRID = """() => Array.from(document.querySelectorAll('details[open]'))
    .filter(d => (d.querySelector('summary')?.textContent || '').trim()
        .startsWith('Show data') && !d.querySelector('.ag-root-wrapper')).length"""

ROWS = """() => Array.from(document.querySelectorAll('details[open] .ag-root-wrapper'))
    .map(grid => grid.querySelectorAll('.ag-center-cols-container .ag-row').length)"""


def is_sentence(text: str) -> bool:
    return len(text.split()) >= 5 and text.rstrip().endswith((".", ")"))


@pytest.mark.parametrize(("path", "expected"), VIEWS)
def test_every_chart_has_a_summary_and_a_show_data_table(
    live_server,
    page,  # noqa: F811 - the fixture
    path: str,
    expected: int,
) -> None:  # type: ignore[no-untyped-def]
    settle(page, live_server + path)
    if expected:  # chained callbacks (the ward panel, KPI detail) draw late
        # Polled from here: wait_for_function's string predicate would be
        # evaluated in the page, which the Content-Security-Policy forbids.
        for _ in range(150):
            if page.locator(".js-plotly-plot").count() >= expected:
                break
            page.wait_for_timeout(100)
    found = page.evaluate(CHECK)
    assert len(found) == expected, found
    for chart in found:
        assert "problem" not in chart, (path, chart)
        assert chart["charts"] == 1, (path, chart, "shares its table with another")
        assert chart["tables"] == 1, (path, chart)
        assert any(is_sentence(text) for text in chart["summaries"]), (path, chart)
    if expected:
        for _ in range(50):  # the opened blocks create their grids
            if page.evaluate(WITHOUT_GRID) == 0:
                break
            page.wait_for_timeout(100)
        assert page.evaluate(WITHOUT_GRID) == 0
        page.wait_for_timeout(300)  # the opened tables draw their rows
        rows = page.evaluate(ROWS)
        assert len(rows) >= expected and all(count > 0 for count in rows), rows
    assert page.console_log.problems == []


def test_board_slides_have_a_summary_for_every_chart(live_server, page) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    settle(page, live_server + "/board")
    summaries = page.evaluate(
        """() => Array.from(document.querySelectorAll('.board-slide'))
            .filter(slide => slide.querySelector('.board-graph'))
            .map(slide => slide.querySelector('.chart-summary')?.textContent || '')"""
    )
    assert len(summaries) >= 3, summaries
    assert all(is_sentence(text) for text in summaries), summaries
    assert page.console_log.problems == []
