"""Every component id, one namespace class per page."""

from __future__ import annotations


class Shell:
    URL = "shell-url"
    NAVBAR = "shell-navbar"
    MAIN = "main-content"
    FOOTER_AS_AT = "shell-footer-as-at"
    FOOTER_SOURCES = "shell-footer-sources"
    DEMO_BANNER = "shell-demo-banner"
    DATA_ERROR = "shell-data-error"


class Overview:
    TRIGGER = "overview-trigger"
    TILES = "overview-tiles"
    AS_AT = "overview-as-at"


class DataSources:
    TRIGGER = "data-sources-trigger"
    TABLE = "data-sources-table"
    SUMMARY = "data-sources-summary"


class Quartile:
    STATE = "quartile-state"
    URL_SYNC = "quartile-url-sync"
    URL_MESSAGE = "quartile-url-message"
    PERIOD_MESSAGE = "quartile-period-message"
    OFFENCE = "quartile-offence"
    PERIOD = "quartile-period"
    PEER = "quartile-peer"
    RANK_SENTENCE = "quartile-rank-sentence"
    DISTANCE_SENTENCE = "quartile-distance-sentence"
    CHARTS = ("slope", "history", "msg", "funnel", "trend")


def quartile_part(part: str, chart: str) -> dict:
    """Pattern-matching id of one part (summary, figure, source, grid, csv) of a
    quartile-view chart."""
    return {"type": f"quartile-{part}", "index": chart}


def all_ids() -> list[str]:
    """Every id string declared in this module's namespace classes, for the test."""
    found = []
    for namespace in list(globals().values()):
        if isinstance(namespace, type) and namespace.__module__ == __name__:
            found.extend(
                value
                for name, value in vars(namespace).items()
                if name.isupper() and isinstance(value, str)
            )
    return found
