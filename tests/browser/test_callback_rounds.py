"""Chart pages draw in one round of callbacks: the callback that draws a page's
charts is sent in the first round after Dash's page router has answered, not after
other callbacks of the page have filled its controls."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, Request, expect

pytestmark = pytest.mark.browser

# A page, and an output only the callback that draws its charts writes.
CHART_CALLBACKS = {
    "/crime-quartile": "quartile-rank-sentence.children",
    "/crime-quartile?offence=robbery&peer=region": "quartile-rank-sentence.children",
    "/perception": "perception-quadrant.children",
    "/outcomes": "justice-headline.children",
}


def rounds(requests: list[Request]) -> dict[str, int]:
    """Each callback's round: 1 + the latest round among the callbacks answered
    before it was sent (the page router's request is round 1)."""
    timed = []
    for request in requests:
        timing = request.timing
        sent = timing["startTime"]
        answered = sent + timing["responseEnd"]
        timed.append((sent, answered, json.loads(request.post_data or "{}")))
    timed.sort(key=lambda item: item[0])
    depth: list[int] = []
    found: dict[str, int] = {}
    for index, (sent, _, body) in enumerate(timed):
        before = [depth[i] for i in range(index) if timed[i][1] <= sent]
        depth.append(1 + max(before, default=0))
        found.setdefault(str(body.get("output")), depth[-1])
    return found


@pytest.mark.parametrize("path", list(CHART_CALLBACKS))
def test_a_chart_page_draws_in_its_first_round(
    page: Page, live_server: str, path: str
) -> None:
    sent: list[Request] = []
    page.on(
        "requestfinished",
        lambda request: (
            sent.append(request) if "_dash-update-component" in request.url else None
        ),
    )
    page.goto(live_server + path)
    expect(page.locator(".js-plotly-plot .main-svg g.trace").first).to_be_attached(
        timeout=30_000
    )
    page.wait_for_load_state("networkidle")
    found = rounds(sent)
    router = [output for output in found if "_pages_content.children" in output]
    assert router and found[router[0]] == 1
    [charts] = [output for output in found if CHART_CALLBACKS[path] in output]
    assert found[charts] == 2, found
    assert page.console_log.problems == []
