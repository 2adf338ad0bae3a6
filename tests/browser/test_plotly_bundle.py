"""The charts are drawn by the partial plotly.js bundle in assets/: the full bundle
is never fetched, and every chart page draws its charts with it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from plotly.offline import get_plotlyjs_version

pytestmark = pytest.mark.browser

FULL_BUNDLE = "/plotly/package_data/plotly.min.js"
CHART_PAGES = ["/crime-quartile", "/perception", "/outcomes", "/board"]


@pytest.mark.parametrize("path", CHART_PAGES)
def test_charts_are_drawn_without_the_full_plotly_bundle(
    page: Page, live_server: str, path: str
) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(live_server + path)
    expect(page.locator(".js-plotly-plot .main-svg g.trace").first).to_be_attached(
        timeout=30_000
    )
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if FULL_BUNDLE in url]
    assert any("plotly-basic" in url for url in fetched)
    assert page.evaluate("() => window.Plotly.version") == get_plotlyjs_version()
    assert page.console_log.problems == []
