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
