"""The board presenter: slides rendered once, keys handled in assets/30-board.js."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, html, no_update
from sqlalchemy.engine import Engine

from dashboard import ids
from dashboard.components import data_error
from dashboard.settings import Settings
from dashboard.views.board.data import Board, resolve_board
from data_access.engine import DataUnavailableError
from domain.agenda import parse_interval

GRAPH_CONFIG = {
    "displaylogo": False,
    "displayModeBar": True,
    "modeBarButtons": [["toImage"]],
    "toImageButtonOptions": {"format": "png", "scale": 2, "width": 1600},
    "scrollZoom": False,
    "doubleClick": False,
}


def demo_strip(slide: dict) -> html.Div | None:
    """The DEMO DATA banner of one slide (None for real data)."""
    if not slide.get("demo"):
        return None
    return html.Div(
        [
            html.Span("DEMO DATA", className="badge-demo"),
            "Figures on this slide include demo data generated for demonstration, "
            "not real figures.",
        ],
        className="pes-demo-banner board-demo",
    )


def slide_table(table: dict) -> html.Table:
    """A plain table with headers (the "what changed" slide)."""
    return html.Table(
        [
            html.Thead(
                html.Tr([html.Th(name, scope="col") for name in table["columns"]])
            ),
            html.Tbody(
                [html.Tr([html.Td(cell) for cell in row]) for row in table["rows"]]
            ),
        ],
        className="board-table",
    )


def slide_body(slide: dict, number: int, total: int) -> list:
    """A slide's children: title, filters, DEMO strip, numbers, chart or table,
    summary, source and the data-as-at stamp."""
    headline = [
        html.Div(
            [
                html.Div(part["label"], className="board-number-label"),
                html.Div(part["value"], className="board-number-value"),
                html.Div(part["unit"], className="board-number-unit"),
            ],
            className="board-number",
        )
        for part in slide.get("headline", [])
    ]
    visual = None
    if slide.get("figure"):
        layout = {k: v for k, v in slide["figure"]["layout"].items() if k != "height"}
        visual = dcc.Graph(
            figure={**slide["figure"], "layout": {**layout, "autosize": True}},
            responsive=True,
            config={
                **GRAPH_CONFIG,
                "toImageButtonOptions": {
                    **GRAPH_CONFIG["toImageButtonOptions"],
                    "filename": f"pes-board-{slide['view']}-{slide['period_end']}",
                },
            },
            className="board-graph",
        )
    elif slide.get("table"):
        visual = html.Div(slide_table(slide["table"]), className="board-table-wrap")
    return [
        html.Div(
            [
                html.H1(slide["title"], className="board-title"),
                html.Div(f"{number} / {total}", className="board-count"),
            ],
            className="board-head",
        ),
        html.Div(slide.get("filters", ""), className="board-filters"),
        demo_strip(slide),
        *[html.Div(note, className="board-note") for note in slide.get("notes", [])],
        html.Div(headline, className="board-numbers") if headline else None,
        visual,
        html.P(slide.get("summary", ""), className="board-summary chart-summary"),
        html.Div(
            [
                html.Span(slide.get("as_at", ""), className="board-as-at"),
                html.Span(slide.get("source", ""), className="board-source"),
            ],
            className="board-foot",
        ),
    ]


def cover_body(board: Board, total: int) -> list:
    """The cover slide: the meeting, the period and the agenda."""
    cover = board.cover
    return [
        html.Div(
            [
                html.H1(cover["heading"], className="board-title"),
                html.Div(f"0 / {total}", className="board-count"),
            ],
            className="board-head",
        ),
        demo_strip({"demo": cover["demo"]}),
        html.Div(cover["period"], className="board-cover-period"),
        html.Div(cover["status"], className="board-filters"),
        html.Ol(
            [html.Li(title) for title in cover["agenda"]], className="board-agenda"
        ),
        html.Div(
            [
                html.Span(
                    cover.get("as_at")
                    or cover["period"].replace("Figures to", "Data as at"),
                    className="board-as-at",
                ),
                html.Span(
                    "Peterborough Prevention and Enforcement Service executive board",
                    className="board-source",
                ),
            ],
            className="board-foot",
        ),
    ]


def deck_children(board: Board, interval: int) -> list:
    """Every slide as a section; the first (the cover) starts active and carries
    the auto-advance interval for the page's script."""
    total = len(board.slides)
    sections = [
        html.Section(
            cover_body(board, total),
            className="board-slide board-cover active",
            **{
                "data-index": "0",
                "data-interval": str(interval),
                "aria-label": "Cover",
            },
        )
    ]
    for number, slide in enumerate(board.slides, start=1):
        sections.append(
            html.Section(
                slide_body(slide, number, total),
                className="board-slide",
                **{
                    "data-index": str(number),
                    "data-key": slide.get("key", ""),
                    "aria-label": f"Slide {number} of {total}: {slide['title']}",
                },
            )
        )
    return sections


def board_content(engine: Engine, query: dict | None) -> tuple:
    """Deck children and messages for the page's query."""
    query = query or {}
    interval, interval_note = parse_interval(query.get("interval"))
    try:
        board = resolve_board(
            engine, agenda=query.get("agenda"), meeting=query.get("meeting")
        )
    except DataUnavailableError as error:
        return [], data_error(str(error))
    except ValueError as error:
        return [], data_error(str(error))
    notes = [*board.messages, *([interval_note] if interval_note else [])]
    message = (
        html.Div(
            [html.Div(note) for note in notes], className="board-message", role="status"
        )
        if notes
        else None
    )
    return deck_children(board, interval), message


def pack_download(
    engine: Engine, settings: Settings, clicks: int | None, query: dict | None
):  # type: ignore[no-untyped-def]
    """Build the board pack PDF for the page's query and send it."""
    if not clicks:
        return no_update, no_update
    from dashboard.pack import PackError, build_pack

    query = query or {}
    try:
        data, filename = build_pack(
            engine,
            agenda=query.get("agenda"),
            meeting=query.get("meeting"),
            chromium=settings.chromium_path,
        )
    except (PackError, DataUnavailableError) as error:
        return no_update, f"The board pack could not be made: {error}"
    return dcc.send_bytes(data, filename), f"Board pack made: {filename}"


def register(app: Dash, engine: Engine, settings: Settings) -> None:
    """Wire the presenter callbacks."""
    app.callback(
        Output(ids.Board.DECK, "children"),
        Output(ids.Board.MESSAGE, "children"),
        Input(ids.Board.QUERY, "data"),
    )(lambda query: board_content(engine, query))
    app.callback(
        Output(ids.Board.PACK_DOWNLOAD, "data"),
        Output(ids.Board.PACK_STATUS, "children"),
        Input(ids.Board.PACK_BUTTON, "n_clicks"),
        State(ids.Board.QUERY, "data"),
        prevent_initial_call=True,
        running=[(Output(ids.Board.PACK_BUTTON, "disabled"), True, False)],
    )(lambda clicks, query: pack_download(engine, settings, clicks, query))
