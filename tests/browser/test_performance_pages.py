"""Plan alignment, KPIs and risks in real Chromium: keyboard, filters, CSV, screenshots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.downloads import download_rows
from tests.browser.test_kpi_page import assert_in_viewport

pytestmark = pytest.mark.browser

PAGES = {
    "plan-alignment": ("/plan-alignment", "Police and Crime Plan alignment"),
    "kpis": ("/kpis", "KPIs"),
    "risks": ("/risks", "Risk register"),
}


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#shell-as-at")).to_contain_text("Data as at", timeout=15_000)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_with_as_at_and_demo_banner(
    page: Page, live_server: str, screenshots_dir: Path, name: str
) -> None:
    path, heading = PAGES[name]
    open_page(page, live_server + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#shell-demo-banner")).to_contain_text("DEMO DATA")
    if name == "plan-alignment":
        expect(page.locator(".align-cell").first).to_be_visible(timeout=15_000)
    elif name == "kpis":
        expect(page.locator("#kpis-count")).to_contain_text("Showing 33 of 33")
        page.locator("#kpis-table tbody tr").first.wait_for(timeout=15_000)
    else:
        expect(page.locator(".risk-matrix")).to_be_visible(timeout=15_000)
        page.locator("#risks-table tbody tr").first.wait_for(timeout=15_000)
    page.wait_for_load_state("networkidle")
    page.screenshot(
        path=screenshots_dir / f"{name}-{page.size_name}.png", full_page=True
    )
    assert page.console_log.problems == []


def test_matrix_cell_opens_by_keyboard_and_lists_its_kpis(
    page: Page, live_server: str, screenshots_dir: Path
) -> None:
    open_page(page, live_server + "/plan-alignment?pcp=pcp-2021&spp=spp-2018")
    cell = page.locator(
        "button.align-cell[title^='Anti-social behaviour and Putting Communities"
        " First']"
    )
    expect(cell).to_contain_text("Strong", timeout=15_000)
    cell.focus()
    page.keyboard.press("Enter")
    detail = page.locator("#alignment-detail")
    expect(detail.get_by_role("heading", level=2)).to_have_text(
        "Anti-social behaviour → Putting Communities First"
    )
    expect(detail).to_contain_text("ASB incidents reported to police, Peterborough")
    expect(detail).to_contain_text("KPIs behind this cell")
    expect(detail.locator("tbody tr")).to_have_count(8)
    expect(page.locator("#alignment-gaps")).to_contain_text("Ethical Policing")
    page.screenshot(
        path=screenshots_dir / f"plan-alignment-cell-{page.size_name}.png",
        full_page=True,
    )
    assert page.console_log.problems == []


def test_cell_detail_opens_in_view_keeps_the_url_and_esc_returns_to_the_cell(
    page: Page, live_server: str, screenshots_dir: Path
) -> None:
    base = live_server + "/plan-alignment?pcp=pcp-2021&spp=spp-2018"
    open_page(page, base)
    cell = page.locator(
        "button.align-cell[title^='Anti-social behaviour and Putting Communities"
        " First']"
    )
    expect(cell).to_contain_text("Strong", timeout=15_000)
    cell.click()
    panel = page.locator("#alignment-detail-panel")
    expect(panel.get_by_role("heading", level=2)).to_have_text(
        "Anti-social behaviour → Putting Communities First"
    )
    assert_in_viewport(page, "#alignment-detail-panel")
    opened = base + "&priority=pes-2016-asb&objective=pcp-2021-communities-first"
    expect(page).to_have_url(opened)
    page.wait_for_load_state("networkidle")
    page.screenshot(
        path=screenshots_dir / f"plan-alignment-cell-open-{page.size_name}.png"
    )
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(page).to_have_url(base)
    expect(cell).to_be_focused()
    # The link reopens the cell; a cell the matrix lacks is named in a message.
    open_page(page, opened)
    expect(panel).to_contain_text("KPIs behind this cell", timeout=15_000)
    assert_in_viewport(page, "#alignment-detail-panel")
    open_page(page, base + "&priority=nope&objective=pcp-2021-communities-first")
    expect(panel).to_contain_text("This matrix has no cell for the priority 'nope'")
    assert page.console_log.problems == []


def test_switching_plan_version_redraws_matrix_and_url(
    page: Page, live_server: str
) -> None:
    open_page(page, live_server + "/plan-alignment")
    expect(page.locator(".align-matrix thead")).to_contain_text("Ethical Policing")
    page.select_option("#alignment-pcp-select", "pcp-2017")
    expect(page.locator(".align-matrix thead")).to_contain_text("Transformation")
    expect(page.locator(".align-matrix thead")).not_to_contain_text("Ethical Policing")
    expect(page.locator("#alignment-gaps")).to_contain_text("Safer schools")
    expect(page).to_have_url(live_server + "/plan-alignment?pcp=pcp-2017&spp=spp-2021")


def test_unknown_plan_in_url_shows_message_and_default(
    page: Page, live_server: str
) -> None:
    open_page(page, live_server + "/plan-alignment?pcp=pcp-1999")
    expect(page.locator("#alignment-message")).to_contain_text(
        "There is no Police and Crime Plan called 'pcp-1999'"
    )
    expect(page.locator(".align-matrix thead")).to_contain_text("Ethical Policing")


def test_risk_register_flags_overdue_reviews_and_counts_in_grid(
    page: Page, live_server: str
) -> None:
    open_page(page, live_server + "/risks")
    expect(page.locator("#risks-summary")).to_contain_text("14 open risks")
    expect(page.locator("#risks-summary")).to_contain_text("4 reviews are overdue")
    cell = page.locator("td.risk-cell[aria-label^='Likelihood 4, impact 4']")
    expect(cell).to_contain_text("R03, R04")
    expect(page.locator("#risks-table")).to_contain_text("Review overdue by")
    # The overdue reviews say so in words, and sort to the top by review date.
    heading = page.locator("#risks-table thead th", has_text="Review date")
    heading.get_by_role("button").click()
    expect(heading).to_have_attribute("aria-sort", "ascending")
    first = page.locator("#risks-table tbody tr").first
    expect(first.locator("td.risk-overdue")).to_contain_text("Review overdue by")
    assert page.console_log.problems == []


def test_overview_has_kpi_alignment_and_risk_tiles(
    page: Page, live_server: str
) -> None:
    open_page(page, live_server + "/")
    tiles = page.locator("#overview-tiles")
    expect(tiles).to_contain_text("KPIs on track", timeout=15_000)
    expect(tiles).to_contain_text("objectives with PES KPIs behind them")
    expect(tiles).to_contain_text("Open risks scored High")
    assert page.console_log.problems == []


def test_risk_register_csv_has_numbers_iso_dates_and_provenance(
    page: Page, live_server: str
) -> None:
    open_page(page, live_server + "/risks")
    expect(page.locator("#risks-summary")).to_contain_text("14 open risks")
    # On screen the review date is written out; in the CSV it is ISO.
    expect(page.locator("#risks-table tbody tr td").nth(2)).to_have_text(
        re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}$")
    )
    name, rows = download_rows(page, page.get_by_role("button", name="Download CSV"))
    assert re.fullmatch(r"pes-risk-register-\d{4}-\d{2}-\d{2}\.csv", name)
    assert len(rows) == 14
    for row in rows:
        assert int(row["score"]) == int(row["likelihood_score"]) * int(
            row["impact_score"]
        )
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["review_on"])
        assert row["data_status"] == "demo"
        assert row["source"] == "DEMO risk register"
        assert row["measure"].startswith("Risk score")
        assert row["period"].startswith("Reviews as at ")
