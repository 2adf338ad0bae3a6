"""Every component id, one namespace class per page."""

from __future__ import annotations


class Shell:
    ROOT = "shell-root"
    FULL_SCREEN = "shell-full-screen"
    URL = "shell-url"
    NAVBAR = "shell-navbar"
    MAIN = "main-content"
    AS_AT = "shell-as-at"
    FOOTER_SOURCES = "shell-footer-sources"
    DEMO_BANNER = "shell-demo-banner"
    DATA_ERROR = "shell-data-error"


class Overview:
    TRIGGER = "overview-trigger"
    TILES = "overview-tiles"
    AS_AT = "overview-as-at"
    # Pattern-matching types of one tile provider's slot (index: provider name).
    PROVIDER = "overview-provider"
    SLOT = "overview-slot"


class DataSources:
    TRIGGER = "data-sources-trigger"
    TABLE = "data-sources-table"
    TABLE_HTML = "data-sources-table-html"
    SUMMARY = "data-sources-summary"
    STATUS = "data-sources-status"


class Perception:
    QUERY = "perception-query"
    URL_SYNC = "perception-url-sync"
    URL_SINK = "perception-url-sink"
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
    GAP_TABLE = "perception-gap-table"  # the <table> itself
    GAP_TABLE_HTML = "perception-gap-table-html"  # the component it is written into
    GAP_CSV = "perception-gap-csv"
    QUADRANT_EXPORT = "perception-quadrant-export"
    TREND_EXPORT = "perception-trend-export"
    GAP_EXPORT = "perception-gap-export"
    EVIDENCE = "perception-evidence"


class PlanAlignment:
    QUERY = "alignment-query"
    PCP_SELECT = "alignment-pcp-select"
    SPP_SELECT = "alignment-spp-select"
    MESSAGE = "alignment-message"
    SUMMARY = "alignment-summary"
    MATRIX = "alignment-matrix"
    GAPS = "alignment-gaps"
    DETAIL = "alignment-detail"
    PANEL = "alignment-detail-panel"
    CHOSEN = "alignment-chosen"
    SOURCE = "alignment-source"
    URL_SEARCH = "alignment-url-search"
    URL_SINK = "alignment-url-sink"
    CELL = "alignment-cell"  # the type of the pattern-matching cell buttons


def alignment_cell(row_id: str, col_id: str) -> dict[str, str]:
    """The pattern-matching id of one matrix cell's button."""
    return {"type": PlanAlignment.CELL, "row": row_id, "col": col_id}


class Kpis:
    FLYTIPPING_GRID = "kpis-flytipping-grid"
    AGENCY = "kpis-agency"
    SECTOR = "kpis-sector"
    PRIORITY = "kpis-priority"
    STATUS = "kpis-status"
    SEARCH = "kpis-search"
    MESSAGE = "kpis-message"
    TALLY = "kpis-tally"
    TABLE = "kpis-table"  # the <table> itself
    TABLE_HTML = "kpis-table-html"  # the component its HTML is written into
    SORT = "kpis-sort"
    PICKED = "kpis-picked"
    DOWNLOAD = "kpis-download"
    CSV = "kpis-csv"
    COUNT = "kpis-count"
    DETAIL = "kpis-detail"
    PANEL = "kpis-detail-panel"
    CHOSEN = "kpis-chosen"
    LAST_OPENED = "kpis-last-opened"
    FOCUS_SINK = "kpis-focus-sink"
    CHANGED = "kpis-changed"
    COLUMNS = "kpis-columns"
    BOARD_LINE = "kpis-board-line"
    CHIP = "kpis-chip"  # the type of the pattern-matching tally chips
    URL_SEARCH = "kpis-url-search"
    URL_SINK = "kpis-url-sink"


class Risks:
    INCLUDE_CLOSED = "risks-include-closed"
    MESSAGE = "risks-message"
    SUMMARY = "risks-summary"
    MATRIX = "risks-matrix"
    TABLE = "risks-table"  # the <table> itself
    TABLE_HTML = "risks-table-html"  # the component its HTML is written into
    SORT = "risks-sort"
    CSV = "risks-csv"
    DOWNLOAD = "risks-download"
    URL_SEARCH = "risks-url-search"
    URL_SINK = "risks-url-sink"


class Justice:
    QUERY = "justice-query"
    CRIME_TYPE = "justice-crime-type"
    AREA = "justice-area"
    FIRST = "justice-first"
    LAST = "justice-last"
    BREAKDOWN = "justice-breakdown"
    MESSAGE = "justice-message"
    HEADLINE = "justice-headline"
    AS_AT = "justice-as-at"
    URL_SEARCH = "justice-url-search"
    URL_SINK = "justice-url-sink"
    SECTIONS = (
        "groups",
        "types",
        "wards",
        "months",
        "search-months",
        "search-breakdown",
    )


def justice_part(part: str, section: str) -> str:
    """Id of one part (summary, figure, source, grid, csv) of an outcomes-page
    chart, e.g. ``justice-groups-figure``."""
    return f"justice-{section}-{part}"


class Maps:
    REAL_SERIES = "maps-real-series"
    AREA_SIGNAL = "maps-area-signal"
    FLYTIPPING_GRID = "maps-flytipping-grid"
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
    WARD_TABLE = "maps-ward-table"  # the <table> itself
    WARD_TABLE_HTML = "maps-ward-table-html"  # the component its HTML is written into
    WARD_SORT = "maps-ward-sort"
    WARD_PICKED = "maps-ward-picked"
    WARD_TABLE_EXPORT = "maps-ward-table-export"
    WARD_CSV = "maps-ward-csv"
    WARD_PANEL = "maps-ward-panel"
    TREND_TABLE = "maps-trend-table"
    TREND_TABLE_EXPORT = "maps-trend-table-export"
    SOURCE = "maps-source"


class Quartile:
    URL_SYNC = "quartile-url-sync"
    URL_SINK = "quartile-url-sink"
    URL_MESSAGE = "quartile-url-message"
    PERIOD_MESSAGE = "quartile-period-message"
    OFFENCE = "quartile-offence"
    PERIOD = "quartile-period"
    PEER = "quartile-peer"
    LIMITS = "quartile-limits"
    RANK_SENTENCE = "quartile-rank-sentence"
    DISTANCE_SENTENCE = "quartile-distance-sentence"
    CHARTS = ("slope", "history", "msg", "funnel", "trend")


def quartile_part(part: str, chart: str) -> dict:
    """Pattern-matching id of one part (summary, figure, source, grid, csv) of a
    quartile-view chart."""
    return {"type": f"quartile-{part}", "index": chart}


def overview_part(part: str, provider: str) -> dict:
    """Pattern-matching id of one tile provider's store (``provider``) or slot
    (``slot``) on the overview."""
    return {"type": f"overview-{part}", "index": provider}


def shown_period(page: object) -> dict:
    """Pattern-matching id of a page's store of the end of the latest period it
    shows (an ISO date), which the shell's "Data as at" reads; ``page`` may be ALL."""
    return {"type": "shown-period", "page": page}


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


class Board:
    QUERY = "board-query"
    DECK = "board-deck"
    MESSAGE = "board-message"
    PROGRESS = "board-progress"
    STATUS = "board-status"
    PACK_BUTTON = "board-pack-button"
    PACK_DOWNLOAD = "board-pack-download"
    PACK_STATUS = "board-pack-status"
    PACK_JOB = "board-pack-job"
    PACK_POLL = "board-pack-poll"
