"""Which datasets a page shows, how fresh they are and whether any is demo data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

import pandas as pd


def page_for_path(
    pathname: str | None, registry: Iterable[Mapping[str, object]]
) -> dict:
    """The registered page for a path, or the not-found page's entry (or {})."""
    path = (pathname or "/").rstrip("/") or "/"
    pages = list(registry)
    for page in pages:
        if page.get("path") == path:
            return dict(page)
    for page in pages:
        if page.get("path") == "/404":
            return dict(page)
    return {}


def datasets_for_page(patterns: Iterable[str], datasets: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``datasets`` whose id matches a pattern: '*' for all, else a prefix."""
    patterns = list(patterns)
    if "*" in patterns:
        return datasets
    if not patterns or datasets.empty:
        return datasets.iloc[0:0]
    mask = datasets.dataset_id.map(
        lambda name: any(name.startswith(p) for p in patterns)
    )
    return datasets[mask]


def format_day(value: date | datetime | None) -> str:
    """'30 June 2025' (no leading zero), or 'unknown'."""
    if value is None or pd.isna(value):
        return "unknown"
    return f"{value.day} {value:%B %Y}"


def as_at_sentence(shown: pd.DataFrame) -> str:
    """'Data as at 30 June 2025 · database built 28 November 2026' for a page's data."""
    if shown.empty:
        return "No data is shown on this page."
    latest = shown.period_end.dropna().max() if shown.period_end.notna().any() else None
    loaded = shown.loaded_at.dropna().max() if shown.loaded_at.notna().any() else None
    return (
        f"Data as at {format_day(latest)} (latest period in the figures on this page) "
        f"· database built {format_day(loaded)}"
    )


def demo_titles(shown: pd.DataFrame) -> list[str]:
    """Titles of the demo datasets among those a page shows."""
    return shown.loc[shown.is_demo.astype(bool), "title"].to_list()


def source_names(shown: pd.DataFrame, *, limit: int = 4) -> str:
    """A short 'Sources: ...' line naming the real publishers a page draws on."""
    if shown.empty:
        return ""
    real = shown[~shown.is_demo.astype(bool)]
    if real.empty:
        return "Sources: demo data only."
    names = []
    for publisher in real.publisher:
        if publisher and publisher not in names:
            names.append(str(publisher))
    extra = len(names) - limit
    text = "; ".join(names[:limit])
    return f"Sources: {text}" + (f" and {extra} more." if extra > 0 else ".")
