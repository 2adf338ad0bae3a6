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
    page,  # noqa: F811 - the fixture
    view: tuple[str, int],
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


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of boxes ({text, x, y, width, height}) whose areas intersect."""
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["x"] < b["x"] + b["width"]
                and b["x"] < a["x"] + a["width"]
                and a["y"] < b["y"] + b["height"]
                and b["y"] < a["y"] + a["height"]
            ):
                pairs.append((a["text"], b["text"]))
    return pairs


def label_boxes(tab, selector: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """The on-screen boxes of the visible elements matching ``selector``."""
    return tab.locator(selector).evaluate_all(
        """elements => elements.map(el => {
            const r = el.getBoundingClientRect();
            return {text: el.textContent.trim(), x: r.x, y: r.y,
                    width: r.width, height: r.height};
        }).filter(box => box.width > 0 && box.height > 0 && box.text)"""
    )


@pytest.mark.parametrize(
    "path",
    [
        "/sectors",
        "/sectors?sector=PES-SOUTH",
        "/sectors?measure=survey-safe-after-dark",
        "/sectors?measure=kpi-asb-police",
    ],
)
def test_map_labels_never_overlap(live_server, page, path: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    settle(page, live_server + path)
    for _ in range(100):
        if page.locator(".pes-map .pes-ward-name").count():
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)  # the labels are placed in the next frame
    boxes = label_boxes(page, ".pes-map .pes-label-box")
    assert len(boxes) >= 7, boxes
    assert overlapping(boxes) == []


CHART_LABELS = """graph => Array.from(graph.querySelectorAll(
        '.textpoint text, .annotation-text')).map(el => {
    const r = el.getBoundingClientRect();
    return {text: el.textContent.trim(), x: r.x, y: r.y, width: r.width,
            height: r.height};
}).filter(box => box.width > 0 && box.height > 0 && box.text)"""


@pytest.mark.parametrize(
    ("path", "charts"),
    [
        ("/crime-quartile", 5),
        ("/perception", 2),
        ("/perception?level=ward", 2),
        ("/perception?level=ward&question=feels-safe-dark", 2),
    ],
)
def test_chart_labels_never_overlap(live_server, page, path: str, charts: int) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    open_with_charts(page, live_server + path, charts)
    page.wait_for_timeout(500)
    found = []
    for graph in page.locator(".js-plotly-plot").all():
        boxes = graph.evaluate(CHART_LABELS)
        found += [(graph.get_attribute("id"), pair) for pair in overlapping(boxes)]
    assert found == []


# Method notation that belongs behind "How this is worked out", never in the
# sentences on screen.
NOTATION = ["ceil(", " z = ", "z-score", " p = ", "p < ", "τ²", "tau²", "φ", "√"]
NOTATION += ["chi-square", "DerSimonian", "winsoris", "Wilson", "pure Poisson"]

TEXT_OUTSIDE_METHOD = """() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || el.closest('script, style, .pes-method, .ag-root-wrapper')) {
            continue;
        }
        const text = node.textContent.trim();
        if (text) { found.push(text); }
    }
    return found;
}"""


@pytest.mark.parametrize(
    "path",
    [
        "/crime-quartile",
        "/crime-quartile?limits=poisson",
        "/perception",
        "/perception?level=ward",
        "/outcomes",
        "/sectors?measure=fly-tipping&period=12m-2025-06&ward=E05010815",
        "/sectors?measure=survey-safe-after-dark",
    ],
)
def test_notation_only_behind_how_this_is_worked_out(
    live_server,
    page,  # noqa: F811 - the fixture
    path: str,
) -> None:  # type: ignore[no-untyped-def]
    open_with_charts(page, live_server + path, 1)
    page.wait_for_timeout(500)
    texts = page.evaluate(TEXT_OUTSIDE_METHOD)
    assert len(texts) > 20
    shown = [t for t in texts if any(marker in t for marker in NOTATION)]
    assert shown == []
    # Every disclosure of the method opens from the keyboard.
    methods = page.locator("details.pes-method > summary")
    if path.startswith(("/crime-quartile", "/perception")):
        assert methods.count() >= 3
        methods.first.focus()
        page.keyboard.press("Enter")
        assert (
            page.locator("details.pes-method").first.get_attribute("open") is not None
        )
