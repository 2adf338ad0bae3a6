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


class Maps:
    URL = "maps-url"
    REQUEST = "maps-request"
    MEASURE = "maps-measure"
    PERIOD = "maps-period"
    SECTOR = "maps-sector"
    LAYERS = "maps-layers"
    WARD = "maps-ward"
    URL_MESSAGE = "maps-url-message"
    PERIOD_MESSAGE = "maps-period-message"
    PLACE_MESSAGE = "maps-place-message"
    MAPPING_NOTE = "maps-mapping-note"
    MAP = "maps-map"
    WARDS_LAYER = "maps-wards-layer"
    SECTORS_LAYER = "maps-sectors-layer"
    LABELS_LAYER = "maps-labels-layer"
    SECTOR_LABELS_LAYER = "maps-sector-labels-layer"
    HOTSPOT_LAYER = "maps-hotspot-layer"
    LABELS_DATA = "maps-labels-data"
    BOUNDS = "maps-bounds"
    POINTS = "maps-points"
    LEGEND = "maps-legend"
    SUMMARY = "maps-summary"
    HOTSPOT_NOTE = "maps-hotspot-note"
    SECTOR_CARDS = "maps-sector-cards"
    WARD_ROWS = "maps-ward-rows"
    WARD_TABLE = "maps-ward-table"
    WARD_TABLE_EXPORT = "maps-ward-table-export"
    WARD_PANEL = "maps-ward-panel"
    TREND_TABLE = "maps-trend-table"
    TREND_TABLE_EXPORT = "maps-trend-table-export"
    SOURCE = "maps-source"


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
