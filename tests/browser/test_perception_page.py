"""The perception page in real Chromium: controls change charts and sentences, the
URL keeps the view, bad URL values get a message, and screenshots at both sizes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.downloads import download_rows

pytestmark = pytest.mark.browser

QUADRANT_SUMMARY = "#perception-quadrant-summary"
TREND_SUMMARY = "#perception-trend-summary"
GAP_SUMMARY = "#perception-gap-summary"


def open_perception(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(QUADRANT_SUMMARY)).to_contain_text("In 2025", timeout=20_000)
    page.wait_for_load_state("networkidle")


def choose(page: Page, dropdown_id: str, option: str) -> None:
    page.locator(f"#{dropdown_id}").click()
    page.get_by_role("option", name=option, exact=True).click()


def test_question_and_level_change_the_charts_and_sentences(
    page: Page, live_server: str, screenshots_dir: Path
) -> None:
    open_perception(page, live_server + "/perception")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Perceived and recorded crime"
    )
    expect(page.locator(QUADRANT_SUMMARY)).to_contain_text("sectors")
    expect(page.locator(QUADRANT_SUMMARY)).to_contain_text("crime gone up locally")
    expect(page.locator("#perception-quadrant .js-plotly-plot")).to_be_visible()
    expect(page.locator("#perception-quadrant")).to_contain_text(
        "Feels less safe than the figures suggest"
    )
    expect(page.locator("#perception-quadrant .pes-source")).to_contain_text(
        "fieldwork 13 January 2025 to 14 March 2025"
    )
    expect(page.locator("#shell-demo-banner")).to_contain_text("DEMO DATA")
    page.screenshot(
        path=screenshots_dir / f"perception-{page.size_name}.png", full_page=True
    )
    before = {
        selector: page.locator(selector).inner_text()
        for selector in (QUADRANT_SUMMARY, TREND_SUMMARY, GAP_SUMMARY)
    }

    choose(page, "perception-question", "Safe after dark")
    expect(page.locator(QUADRANT_SUMMARY)).to_contain_text("safe after dark")
    expect(page.locator(TREND_SUMMARY)).to_contain_text("safe after dark")
    expect(page.locator("#perception-trend")).to_contain_text(
        "Residents: Safe after dark (%)"
    )
    assert "question=safe_after_dark" in page.url

    page.get_by_label("Wards").check()
    expect(page.locator(QUADRANT_SUMMARY)).to_contain_text("wards")
    expect(page.locator("#perception-quadrant .pes-suppressed")).to_contain_text(
        "below the minimum of 50"
    )
    expect(page.locator(GAP_SUMMARY)).to_contain_text("not ranked")
    assert "level=ward" in page.url
    after = {
        selector: page.locator(selector).inner_text()
        for selector in (QUADRANT_SUMMARY, TREND_SUMMARY, GAP_SUMMARY)
    }
    assert all(before[key] != after[key] for key in before)
    page.wait_for_load_state("networkidle")
    page.screenshot(
        path=screenshots_dir / f"perception-wards-{page.size_name}.png",
        full_page=True,
    )

    # The address now reproduces the view.
    page.goto(page.url)
    expect(page.locator(QUADRANT_SUMMARY)).to_contain_text("wards", timeout=20_000)
    expect(page.locator(QUADRANT_SUMMARY)).to_contain_text("safe after dark")
    assert page.console_log.problems == []


def test_show_data_table_lists_intervals_and_bases(
    page: Page, live_server: str
) -> None:
    open_perception(page, live_server + "/perception")
    section = page.locator("#perception-quadrant")
    section.get_by_text("Show data").click()
    grid = page.locator("#perception-quadrant-grid")
    expect(grid).to_contain_text("Lower 95% (Wilson)")
    expect(grid).to_contain_text("Upper 95% (Poisson)")
    expect(grid).to_contain_text("Eastern sector")
    expect(page.locator("#perception-gap-table")).to_contain_text("Northern sector")
    assert page.console_log.problems == []


def test_gap_table_is_drawn_ranked_and_its_csv_matches_it(
    page: Page, live_server: str
) -> None:
    open_perception(page, live_server + "/perception")
    table = page.locator("#perception-gap-table")
    expect(table.locator("tbody tr").first).to_be_visible(timeout=20_000)
    # Each row is headed by its rank; the worried share is a percentage.
    ranks = table.locator("tbody tr > th").all_inner_texts()
    numbered = [int(rank) for rank in ranks if rank.strip() not in ("", "—")]
    assert numbered == sorted(numbered) and numbered[0] == 1
    shares = table.locator("tbody tr > :nth-child(7)").all_inner_texts()
    assert all(re.fullmatch(r"\d{1,3}\.\d%|—", share) for share in shares), shares
    name, rows = download_rows(page, page.locator("#perception-gap-export"))
    assert re.fullmatch(r"pes-perception-gap-\d{4}-\d{2}-\d{2}\.csv", name)
    assert len(rows) == len(ranks)
    assert list(rows[0])[-4:] == ["measure", "period", "source", "data_status"]
    # The share as 0 to 100, unrounded, as on screen.
    first = next(row for row in rows if row["concern"])
    assert 0 <= float(first["concern"]) <= 100
    assert f"{float(first['concern']):.1f}%" in shares
    assert page.console_log.problems == []


def test_show_data_csv_is_dated_and_says_what_each_row_is(
    page: Page, live_server: str
) -> None:
    open_perception(page, live_server + "/perception")
    page.locator("#perception-trend").get_by_text("Show data").click()
    expect(page.locator("#perception-trend-grid")).to_contain_text("Recorded")
    name, rows = download_rows(page, page.locator("#perception-trend-export"))
    assert re.fullmatch(r"pes-perception-trend-\d{4}-\d{2}-\d{2}\.csv", name)
    assert list(rows[0])[-4:] == ["measure", "period", "source", "data_status"]
    # The demo survey's rows say demo; the real police.uk quarters say real.
    survey = [row for row in rows if row["series"] == "Survey"]
    recorded = [row for row in rows if row["series"] == "Recorded"]
    assert survey and {row["data_status"] for row in survey} == {"demo"}
    assert recorded and {row["data_status"] for row in recorded} == {"real"}
    assert all("police.uk" in row["source"] for row in recorded)
    assert all(row["measure"] and row["period"] for row in rows)
    float(recorded[0]["rate"])  # a plain number
    assert page.console_log.problems == []


def test_evidence_table_downloads_its_own_csv(page: Page, live_server: str) -> None:
    """The published CSEW table's block has its own download button, which asks the
    grid created when the block was opened for its CSV."""
    open_perception(page, live_server + "/perception")
    unit = page.locator(".pes-chart-unit").filter(
        has=page.locator("#perception-csew-summary")
    )
    unit.get_by_text("Show data").click()
    expect(page.locator("#perception-csew-grid")).to_contain_text("Cambridgeshire")
    name, rows = download_rows(page, unit.get_by_role("button", name="Download CSV"))
    assert name == "pes-csew-force-asb-2019-03-31.csv"
    assert list(rows[0])[-4:] == ["measure", "period", "source", "data_status"]
    assert {row["data_status"] for row in rows} == {"real"}
    assert page.console_log.problems == []


def not_plotted(page: Page) -> int:
    """How many areas the quadrant lists as not plotted (0 if none)."""
    notes = page.locator("#perception-quadrant .pes-suppressed")
    if notes.count() == 0:
        return 0
    return int(notes.inner_text().split("(")[1].split(" ")[0])


def test_pooling_brings_small_wards_back(page: Page, live_server: str) -> None:
    open_perception(page, live_server + "/perception?level=ward")
    single = not_plotted(page)
    assert single > 0
    open_perception(page, live_server + "/perception?level=ward&pool=3")
    assert not_plotted(page) < single
    page.locator("#perception-quadrant").get_by_text("Show data").click()
    expect(page.locator("#perception-quadrant-grid")).to_contain_text("(pooled)")
    assert page.console_log.problems == []


def test_unknown_url_values_get_a_message_and_the_default(
    page: Page, live_server: str
) -> None:
    open_perception(
        page, live_server + "/perception?question=bogus&level=county&min_base=x"
    )
    message = page.locator("#perception-message")
    expect(message).to_contain_text("question 'bogus'")
    expect(message).to_contain_text("area level 'county'")
    expect(message).to_contain_text("minimum base 'x'")
    expect(page.locator(QUADRANT_SUMMARY)).to_contain_text("sectors")
    assert page.console_log.problems == []


def test_overview_shows_the_perception_tile(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    tiles = page.locator("#overview-tiles")
    expect(tiles).to_contain_text(
        "Sectors where residents feel less safe than recorded crime suggests",
        timeout=20_000,
    )
    expect(
        tiles.get_by_role("link", name="Perceived and recorded crime")
    ).to_be_visible()
    assert page.console_log.problems == []
