"""The KPI page in real Chromium: the detail opens in view beside the table and
closes with Esc, the link holds it, the table fits a 1920 px screen, the tally
chips filter, the column chooser, and the CSV a spreadsheet can use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.downloads import download_rows

pytestmark = pytest.mark.browser

PANEL = "#kpis-detail-panel"
TABLE = "#kpis-table"
ROWS = TABLE + " tbody tr"
FIRST_ROW = ROWS + ":nth-child(1)"
FIRST_LINK = FIRST_ROW + " a[data-pes-pick]"


def column(page: Page, field: str):  # type: ignore[no-untyped-def]
    """The cells of one column, by the column's heading position."""
    headers = page.locator(TABLE + " thead th").all_inner_texts()
    index = [h.replace("▲", "").replace("▼", "").strip() for h in headers].index(field)
    return page.locator(f"{ROWS} > :nth-child({index + 1})")


def open_kpis(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#kpis-count")).to_contain_text("Showing", timeout=15_000)
    page.locator(FIRST_ROW).wait_for(timeout=15_000)


def assert_in_viewport(page: Page, selector: str) -> None:
    """The element's box lies inside the window (CSS pixels at the page's zoom),
    once its slide-in transition is over."""
    page.wait_for_function(
        "(s) => { const e = document.querySelector(s); return e &&"
        " e.classList.contains('show') && !e.classList.contains('showing'); }",
        arg=selector,
    )
    page.wait_for_timeout(350)  # Bootstrap's transition is 0.3 s
    box = page.locator(selector).bounding_box()
    width, height = page.evaluate("[window.innerWidth, window.innerHeight]")
    assert box is not None
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= width + 1, (box, width)
    assert box["y"] + box["height"] <= height + 1, (box, height)


def test_row_click_opens_the_detail_in_view_and_esc_closes_it(
    page: Page, live_server: str, screenshots_dir: Path
) -> None:
    open_kpis(page, live_server + "/kpis")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=screenshots_dir / f"kpis-closed-{page.size_name}.png")
    page.locator(FIRST_LINK).click()
    panel = page.locator(PANEL)
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", level=2)).to_contain_text(
        "ASB incidents reported to police, Eastern sector", timeout=10_000
    )
    assert_in_viewport(page, PANEL)
    expect(page).to_have_url(live_server + "/kpis?kpi=asb-police-east")
    # Focus moves into the panel.
    expect(page.locator(PANEL + ":focus-within, " + PANEL + ":focus")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)
    page.screenshot(path=screenshots_dir / f"kpis-detail-open-{page.size_name}.png")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(page).to_have_url(live_server + "/kpis")
    # Focus comes back to the row the detail was opened from, which says it is
    # the current one.
    expect(page.locator(FIRST_LINK)).to_be_focused()
    expect(page.locator(FIRST_ROW)).to_have_attribute("aria-current", "true")
    assert page.console_log.problems == []


def test_enter_on_a_focused_row_opens_its_detail_in_view(
    page: Page, live_server: str
) -> None:
    open_kpis(page, live_server + "/kpis")
    page.locator(FIRST_LINK).click()
    expect(page.locator(PANEL)).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(PANEL)).to_be_hidden()
    expect(page.locator(FIRST_LINK)).to_be_focused()
    page.wait_for_load_state("networkidle")
    # The table is one Tab stop: the arrow keys move to the next row's link, and
    # Enter opens it in place.
    links = page.locator(ROWS + " a[data-pes-pick]")
    expect(page.locator(ROWS + ' a[data-pes-pick][tabindex="0"]')).to_have_count(1)
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    expect(links.nth(1)).to_have_attribute("tabindex", "0")
    page.keyboard.press("Enter")
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.locator(PANEL + " h2")).to_contain_text(
        "Council ASB cases resolved within 12 weeks", timeout=10_000
    )
    assert_in_viewport(page, PANEL)
    expect(page).to_have_url(live_server + "/kpis?kpi=asb-cases-resolved")


def test_the_link_reopens_the_detail_and_an_unknown_kpi_says_so(
    page: Page, live_server: str
) -> None:
    open_kpis(page, live_server + "/kpis?agency=police&kpi=np-visibility-hours")
    expect(page.locator("#kpis-count")).to_contain_text("Showing 13 of 33")
    panel = page.locator(PANEL)
    expect(panel).to_contain_text(
        "Neighbourhood policing patrol hours in hotspot areas", timeout=15_000
    )
    expect(panel).to_contain_text("Data overdue")
    expect(panel.locator(".js-plotly-plot").first).to_be_visible()
    # Signal or noise: the process-behaviour chart and its words, saying DEMO.
    expect(page.locator("#kpis-detail-spc-summary")).to_contain_text(
        re.compile(r"^DEMO: (Special cause|Common cause|Too few)")
    )
    expect(page.locator("#kpis-detail-spc-graph .js-plotly-plot")).to_be_visible()
    # The KPI's direction of good decides the words (more patrol hours is better).
    expect(page.locator("#kpis-detail-spc-summary")).not_to_contain_text(
        "not applicable"
    )
    assert_in_viewport(page, PANEL)
    page.reload()
    expect(panel).to_contain_text(
        "Neighbourhood policing patrol hours in hotspot areas", timeout=15_000
    )
    open_kpis(page, live_server + "/kpis?kpi=no-such-kpi")
    expect(panel).to_contain_text("There is no KPI called 'no-such-kpi'.")
    expect(page.locator("#kpis-message")).to_contain_text("no-such-kpi")
    assert page.console_log.problems == []


def test_the_table_fits_the_screen_and_more_columns_can_be_chosen(
    page: Page, live_server: str
) -> None:
    open_kpis(page, live_server + "/kpis")
    wrapper = page.locator(".pes-html-table-wrap.kpi-table")
    sizes = wrapper.evaluate("(e) => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] <= sizes[1], sizes
    headers = page.locator(TABLE + " thead th").all_inner_texts()
    assert headers == [
        "KPI",
        "Status",
        "Variation",
        "Assurance",
        "Latest",
        "Target",
        "Change on previous period",
        "Since the last board",
        "Trend (last 8)",
        "Owner",
    ]
    # Filter labels are shown whole: each select is as wide as its longest words.
    for select in page.locator(".pes-controls select").all():
        assert select.evaluate("(e) => e.scrollWidth <= e.clientWidth")
    page.get_by_text("More columns").click()
    page.get_by_label("Agency", exact=True).last.check()
    expect(page.locator(TABLE + " thead th").last).to_have_text("Agency")
    page.select_option("#kpis-agency", "fire")
    expect(page.locator("#kpis-count")).to_contain_text("Showing 5 of 33")
    expect(page.locator(ROWS)).to_have_count(5)
    agencies = column(page, "Agency")
    assert set(agencies.all_inner_texts()) == {"Fire"}
    expect(page).to_have_url(live_server + "/kpis?agency=fire")


def test_tally_chips_filter_the_table_and_say_they_are_pressed(
    page: Page, live_server: str
) -> None:
    open_kpis(page, live_server + "/kpis")
    red = page.locator("#kpis-tally button", has_text="off track")
    expect(red).to_contain_text("6")
    expect(red).to_have_attribute("aria-pressed", "false")
    red.click()
    expect(red).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#kpis-count")).to_contain_text("Showing 6 of 33")
    expect(page).to_have_url(live_server + "/kpis?status=red")
    # Enter on the pressed chip lets the filter go again.
    red.focus()
    page.keyboard.press("Enter")
    expect(red).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#kpis-count")).to_contain_text("Showing 33 of 33")
    changed = page.locator("#kpis-tally button", has_text="changed since")
    expect(changed).to_contain_text("the board of 10 June 2025")
    count = int(changed.locator("strong").inner_text())
    changed.click()
    expect(changed).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#kpis-count")).to_contain_text(f"Showing {count} of 33")
    expect(page.locator(ROWS)).to_have_count(count)
    cells = column(page, "Since the last board")
    assert all("→" in text for text in cells.all_inner_texts())
    expect(page).to_have_url(live_server + "/kpis?changed=yes")


def test_the_csv_holds_numbers_status_words_trend_values_and_provenance(
    page: Page, live_server: str
) -> None:
    open_kpis(page, live_server + "/kpis?status=red")
    expect(page.locator("#kpis-count")).to_contain_text("Showing 6 of 33")
    name, rows = download_rows(page, page.get_by_role("button", name="Download CSV"))
    assert name == "pes-kpis-2025-06-30.csv"
    assert len(rows) == 6
    assert {(row["status_letter"], row["status"]) for row in rows} == {("R", "Red")}
    for row in rows:
        float(row["latest_value"])  # a plain number: no separators or units
        float(row["target"])
        assert all(float(value) >= 0 for value in row["trend_values"].split("; "))
        assert row["data_status"] == "demo"
        assert row["measure"] == row["name"]
        assert row["source"].startswith("DEMO partnership KPI returns")
        assert row["period"] and row["owner_role"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["period_end"])
    east = next(row for row in rows if row["kpi_id"] == "asb-police-east")
    assert (east["latest_value"], east["target"]) == ("190", "170")
    assert not any(
        "▁" in value or "■" in value for row in rows for value in row.values()
    )


def test_the_table_sorts_by_variation_concerning_first_by_keyboard(
    page: Page, live_server: str
) -> None:
    open_kpis(page, live_server + "/kpis")
    cells = column(page, "Variation")
    expect(cells.first).to_contain_text(re.compile(r"\(DEMO\)$"))
    heading = page.locator(TABLE + " thead th", has_text="Variation")
    expect(heading).to_have_attribute("aria-sort", "none")
    heading.get_by_role("button").focus()
    page.keyboard.press("Enter")
    expect(heading).to_have_attribute("aria-sort", "ascending")
    # The focus stays on the heading's button once the table is drawn anew.
    expect(heading.get_by_role("button")).to_be_focused()
    texts = column(page, "Variation").all_inner_texts()
    # Concerning signals first, then the rest in order; "Too few points" last.
    order = ["concerning", "neither", "improving", "Common cause", "Too few"]
    ranks = [next(i for i, w in enumerate(order) if w in text) for text in texts]
    assert ranks == sorted(ranks), texts
    page.keyboard.press("Enter")
    expect(heading).to_have_attribute("aria-sort", "descending")
    ranks = [
        next(i for i, w in enumerate(order) if w in text)
        for text in column(page, "Variation").all_inner_texts()
    ]
    assert ranks == sorted(ranks, reverse=True)
    # The CSV comes in the order shown.
    _name, rows = download_rows(page, page.get_by_role("button", name="Download CSV"))
    names = column(page, "KPI").all_inner_texts()
    assert [row["name"] for row in rows] == names
    assert page.console_log.problems == []
