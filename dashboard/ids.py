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


class Perception:
    QUERY = "perception-query"
    URL_SYNC = "perception-url-sync"
    MESSAGE = "perception-message"
    SURVEY = "perception-survey"
    QUESTION = "perception-question"
    MEASURE = "perception-measure"
    LEVEL = "perception-level"
    WAVE = "perception-wave"
    POOL = "perception-pool"
    MIN_BASE = "perception-min-base"
    DESIGN_EFFECT = "perception-design-effect"
    WARD = "perception-ward"
    QUADRANT = "perception-quadrant"
    TREND = "perception-trend"
    GAP = "perception-gap"
    QUADRANT_GRID = "perception-quadrant-grid"
    TREND_GRID = "perception-trend-grid"
    GAP_GRID = "perception-gap-grid"
    QUADRANT_EXPORT = "perception-quadrant-export"
    TREND_EXPORT = "perception-trend-export"
    GAP_EXPORT = "perception-gap-export"


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
