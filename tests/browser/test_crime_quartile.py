"""The crime quartile view in real Chromium: controls change the figures, a shared
link reproduces the view, unknown link values fall back with a message."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.downloads import download_rows

pytestmark = pytest.mark.browser

PATH = "/crime-quartile"
RANK = "#quartile-rank-sentence"


def summary(page: Page, chart: str):  # type: ignore[no-untyped-def]
    return page.locator(f'[id*="quartile-summary"][id*="{chart}"]')


def open_view(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(f"{RANK} strong")).to_contain_text("rank", timeout=20_000)
    expect(page.locator("#shell-as-at")).to_contain_text("Data as at")


def choose(page: Page, control: str, option: str) -> None:
    page.locator(f"#{control}").click()
    page.get_by_role("option", name=option).click()


def settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)


def test_default_view_shows_rank_all_charts_and_sources(
    page: Page, live_server: str, screenshots_dir: Path
) -> None:
    open_view(page, live_server + PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Crime against the national quartile"
    )
    expect(page.locator(RANK)).to_contain_text("rank 253 of 298, quartile 4")
    expect(page.locator(RANK)).to_contain_text("highest-rate quartile")
    expect(page.locator("#quartile-distance-sentence")).to_contain_text(
        "2,315 fewer offences (10.0% fewer, to 94.52 per 1,000"
    )
    for chart in ("slope", "history", "msg", "funnel", "trend"):
        expect(summary(page, chart)).not_to_be_empty()
        source = page.locator(f'[id*="quartile-source"][id*="{chart}"]')
        expect(source).to_contain_text("data as at 30 June 2025")
        expect(source).to_contain_text("divided by the ONS mid-")
        graph = page.locator(f'[id*="quartile-figure"][id*="{chart}"] .main-svg')
        expect(graph.first).to_be_visible()
    # The trend answer compares the first and latest real years by a stated test.
    expect(summary(page, "trend")).to_contain_text(
        "From the 12 months to June 2023 to the 12 months to June 2025"
    )
    # The test, with its notation, is behind the trend's "How this is worked out".
    method = page.locator('[id*="quartile-method"][id*="trend"]')
    expect(method).to_contain_text("DerSimonian-Laird", use_inner_text=False)
    expect(method).not_to_be_visible()
    method.locator("xpath=ancestor::details/summary").click()
    expect(method).to_be_visible()
    expect(page.locator("text=not the Home Office iQuanta group").first).to_be_visible()
    settle(page)
    page.screenshot(
        path=screenshots_dir / f"crime-quartile-{page.size_name}.png", full_page=True
    )
    assert page.console_log.problems == []


def test_changing_offence_and_period_changes_rank_sentence_and_charts(
    page: Page, live_server: str, screenshots_dir: Path
) -> None:
    open_view(page, live_server + PATH)
    before = {
        chart: summary(page, chart).inner_text() for chart in ("slope", "funnel", "msg")
    }
    rank_before = page.locator(RANK).inner_text()
    choose(page, "quartile-offence", "Shoplifting")
    expect(page.locator(RANK)).to_contain_text("Shoplifting, 12 months to June 2025")
    assert page.locator(RANK).inner_text() != rank_before
    for chart, text in before.items():
        expect(summary(page, chart)).not_to_have_text(text)
    expect(page).to_have_url(
        f"{live_server}{PATH}?offence=shoplifting&period=2025-06-30&peer=all"
    )
    shoplifting = summary(page, "slope").inner_text()
    choose(page, "quartile-period", "June 2024")
    expect(page.locator(RANK)).to_contain_text("Shoplifting, 12 months to June 2024")
    expect(page.locator(RANK)).not_to_contain_text("DEMO")
    expect(summary(page, "slope")).not_to_have_text(shoplifting)
    expect(summary(page, "trend")).to_contain_text("12 months to June 2024")
    expect(page).to_have_url(
        f"{live_server}{PATH}?offence=shoplifting&period=2024-06-30&peer=all"
    )
    settle(page)
    page.screenshot(
        path=screenshots_dir / f"crime-quartile-shoplifting-{page.size_name}.png",
        full_page=True,
    )
    assert page.console_log.problems == []


def test_shared_url_opens_the_same_view(page: Page, live_server: str) -> None:
    open_view(page, live_server + PATH)
    choose(page, "quartile-offence", "Robbery")
    expect(page.locator(RANK)).to_contain_text("Robbery")
    page.get_by_label("Same region").check()
    expect(page.locator(RANK)).to_contain_text("East of England")
    settle(page)
    shared = page.url
    assert "offence=robbery" in shared and "peer=region" in shared
    seen = {
        chart: summary(page, chart).inner_text()
        for chart in ("slope", "history", "msg", "funnel", "trend")
    }
    rank = page.locator(RANK).inner_text()

    other = page.context.new_page()
    open_view(other, shared)
    expect(other.locator(RANK)).to_contain_text("East of England")
    for chart, text in seen.items():
        expect(summary(other, chart)).to_have_text(text)
    assert other.locator(RANK).inner_text() == rank
    expect(other.locator("#quartile-offence")).to_contain_text("Robbery")
    expect(other.get_by_label("Same region")).to_be_checked()
    assert other.url == shared
    other.close()
    assert page.console_log.problems == []


def test_unknown_values_in_url_show_message_and_default_view(
    page: Page, live_server: str
) -> None:
    open_view(page, live_server + PATH + "?offence=arson&peer=galaxy&period=1999-06-30")
    messages = page.locator("#quartile-url-message")
    expect(messages).to_contain_text("offence group \u201carson\u201d")
    expect(messages).to_contain_text("peer set \u201cgalaxy\u201d")
    expect(page.locator("#quartile-period-message")).to_contain_text(
        "No recorded crime is loaded for the 12 months to 30 June 1999"
    )
    expect(page.locator(RANK)).to_contain_text("rank 253 of 298")
    expect(page.locator(RANK)).to_contain_text("Total recorded crime")
    assert page.console_log.problems == []


def test_show_data_table_sorts_and_downloads_csv(page: Page, live_server: str) -> None:
    open_view(page, live_server + PATH)
    section = page.locator(".quartile-section").nth(2)
    section.locator("summary", has_text="Show data").click()
    grid = section.locator(".ag-root")
    expect(grid).to_contain_text("Peterborough")
    expect(grid).to_contain_text("significantly higher")
    name, rows = download_rows(page, section.get_by_role("button", name="Download CSV"))
    assert name == "pes-crime-quartile-msg-2025-06-30.csv"
    # Plain field names, numbers as numbers, and what each row is.
    assert list(rows[0])[-4:] == ["measure", "period", "source", "data_status"]
    own = next(row for row in rows if row["area_name"] == "Peterborough")
    assert float(own["ci_low"]) < float(own["rate_per_1000"]) < float(own["ci_high"])
    assert own["period"] == "12 months to June 2025" and own["data_status"] == "real"
    assert page.console_log.problems == []
