"""/data-sources: each dataset's kind in words (from the dataset table), and
source addresses as links."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pandas as pd
import pytest
from dash_extensions import Purify

from dashboard.callbacks.data_sources import (
    linked,
    sources_summary,
    sources_table,
    sources_table_html,
    status_badges,
)
from data_access.load.writer import DatasetInfo


def _datasets() -> pd.DataFrame:
    rows = [
        ("ons", "Crime", "real", False, "ONS, https://www.ons.gov.uk/x; more"),
        ("msg_computed", "Groups", "computed", False, "Computed by this project"),
        ("pes_sectors_default", "Sectors", "default", False, "Drawn by a rule"),
        ("demo_plan_links", "Links", "default", True, "This project's demo records"),
        ("demo_kpis", "KPIs", "demo", True, "Generated"),
        ("old_fixture", "Old", None, True, "A row written before status existed"),
    ]
    return pd.DataFrame(
        {
            "dataset_id": [r[0] for r in rows],
            "title": [r[1] for r in rows],
            "status": [r[2] for r in rows],
            "is_demo": [r[3] for r in rows],
            "source": [r[4] for r in rows],
            "licence": ["OGL"] * len(rows),
            "attribution": ["Source: ONS"] * len(rows),
            "period_label": ["2025"] * len(rows),
            "loaded_at": [datetime(2026, 11, 28, tzinfo=UTC)] * len(rows),
            "row_count": [1] * len(rows),
            "notes": [""] * len(rows),
            "period_end": [date(2025, 6, 30)] * len(rows),
        }
    )


def _parse(markup: str) -> ET.Element:
    """The table's HTML as elements (it is well-formed, so XML reads it)."""
    return ET.fromstring(f"<root>{markup}</root>")


def _texts(element: ET.Element) -> list[str]:
    """The text of each element directly inside ``element``."""
    return ["".join(child.itertext()) for child in element]


def test_summary_counts_each_status_in_words() -> None:
    summary = sources_summary(_datasets())
    assert summary.startswith("6 datasets: 1 real, 1 computed, 2 default, 2 demo.")
    assert "1 default dataset holds demo values and is labelled DEMO too." in summary
    assert sources_summary(_datasets(), "default").endswith("Showing the 2 default.")


def test_table_rows_say_their_status_and_filter_by_it() -> None:
    table = _parse(sources_table_html(_datasets())).find("table")
    assert table is not None and table.get("id") == "data-sources-grid"
    assert table.findtext("caption") == "Datasets behind this dashboard"
    rows = table.findall("tbody/tr")
    statuses = [row.get("data-status") for row in rows]
    # real first, then computed, default and demo; the status-less demo row reads demo
    assert statuses == ["real", "computed", "default", "default", "demo", "demo"]
    assert rows[0].find("th").get("scope") == "row"
    assert _texts(rows[2][1]) == ["Default", "DEMO"]
    only_computed = _parse(sources_table_html(_datasets(), "computed"))
    assert [r.findtext("th/div") for r in only_computed.iter("tr")][1:] == ["Groups"]


def test_table_escapes_every_value() -> None:
    datasets = _datasets()
    datasets.loc[0, "title"] = "<script>alert(1)</script>"
    datasets.loc[0, "notes"] = "a\n\nb & c"
    markup = sources_table_html(datasets)
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    # white space as single spaces
    assert "\n" not in markup
    assert "".join(_parse(markup).find("table/tbody/tr/th").itertext()).endswith(
        "a b & c"
    )
    assert isinstance(sources_table(datasets), Purify)


def test_badges_are_words_not_colour_alone() -> None:
    assert _texts(_parse(status_badges("real", False))) == ["Real"]
    assert _texts(_parse(status_badges("computed", False))) == ["Computed"]
    assert _texts(_parse(status_badges("demo", True))) == ["DEMO"]
    assert _texts(_parse(status_badges("default", True))) == ["Default", "DEMO"]


def test_addresses_become_links_and_other_text_stays_text() -> None:
    parts = _parse(
        linked(
            "OPCC, 'Plan' (2017), https://www.cambridgeshire-pcc.gov.uk/police-crime-plan/; "
            "minutes, http://democracy.peterborough.gov.uk/mgAi.aspx?ID=5457."
        )
    )
    assert [a.get("href") for a in parts.iter("a")] == [
        "https://www.cambridgeshire-pcc.gov.uk/police-crime-plan/",
        "http://democracy.peterborough.gov.uk/mgAi.aspx?ID=5457",
    ]
    assert parts.text == "OPCC, 'Plan' (2017), "
    assert parts[-1].tail == "."
    assert linked("Computed by this project") == "Computed by this project"
    assert linked("javascript:alert(1) and ftp://x") == (
        "javascript:alert(1) and ftp://x"
    )


def test_dataset_info_status_defaults_from_is_demo_and_must_agree() -> None:
    base = {
        "title": "t",
        "source": "s",
        "licence": "l",
        "attribution": "a",
        "period_label": "p",
    }
    assert DatasetInfo(dataset_id="a", is_demo=False, **base).status == "real"
    assert DatasetInfo(dataset_id="b", is_demo=True, **base).status == "demo"
    assert (
        DatasetInfo(dataset_id="c", is_demo=True, status="default", **base).status
        == "default"
    )
    with pytest.raises(ValueError, match="does not match"):
        DatasetInfo(dataset_id="d", is_demo=True, status="computed", **base)
    with pytest.raises(ValueError, match="does not match"):
        DatasetInfo(dataset_id="e", is_demo=False, status="demo", **base)
    with pytest.raises(ValueError, match="Unknown"):
        DatasetInfo(dataset_id="f", is_demo=False, status="guess", **base)
