"""Which datasets a page shows, how fresh they are and whether any is demo data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

import pandas as pd

from domain.dates import long_date

# Dash pages draws its not-found page from the page registered at this path.
NOT_FOUND_PATH = "/404"


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
        if page.get("path") == NOT_FOUND_PATH:
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
    return long_date(value)


AS_AT_NOTE = "(latest period in the figures on this page)"


def as_at_text(period_end: date | datetime | None, built: object = None) -> str:
    """The one "as at" wording of every page, slide and the pack: 'Data as at 30
    June 2025 (latest period in the figures on this page) · database built 28
    November 2026'. ``period_end`` is the end of the latest period the page SHOWS
    (not the database's latest of anything); ``built`` a date or its words."""
    text = f"Data as at {format_day(period_end)} {AS_AT_NOTE}"
    if isinstance(built, str):
        return text + (f" · database built {built}" if built else "")
    if built is not None and not pd.isna(built):
        text += f" · database built {format_day(built)}"
    return text


def latest_shown(periods: Iterable[object]) -> date | None:
    """The latest of the ISO dates (or dates) pages report as shown, or None."""
    days = []
    for value in periods:
        if isinstance(value, str) and value:
            try:
                days.append(date.fromisoformat(value[:10]))
            except ValueError:
                continue
        elif isinstance(value, date):
            days.append(value)
    return max(days) if days else None


def as_at_sentence(shown: pd.DataFrame, period_end: date | None = None) -> str:
    """``as_at_text`` for a page: the period it reports as shown (``period_end``),
    else the latest period of the datasets it shows (pages whose every figure is
    the latest loaded, such as the data sources)."""
    if shown.empty and period_end is None:
        return "No data is shown on this page."
    latest = period_end
    if latest is None and shown.period_end.notna().any():
        latest = shown.period_end.dropna().max()
    loaded = shown.loaded_at.dropna().max() if shown.loaded_at.notna().any() else None
    return as_at_text(latest, loaded)


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
