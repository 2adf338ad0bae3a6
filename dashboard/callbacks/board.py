"""The board presenter: slides rendered once, keys handled in assets/30-board.js."""

from __future__ import annotations

import time

from dash import Dash, Input, Output, State, dcc, html, no_update
from flask import request
from sqlalchemy.engine import Engine

from dashboard import ids
from dashboard.caching import dont_keep_response
from dashboard.components import data_error, graph_config
from dashboard.figures.board import for_the_room
from dashboard.metrics.board import WAY_WORDS
from dashboard.pack_queue import PackQueue, PackState
from dashboard.settings import Settings
from dashboard.views.board.data import Board, resolve_board
from data_access.engine import DataUnavailableError
from data_access.queries.runner import data_version
from domain.agenda import parse_interval

# On a slide the one button stays in view, and a stray scroll or double click
# does not zoom the chart in front of the board.
SLIDE_CONFIG = {"displayModeBar": True, "scrollZoom": False, "doubleClick": False}


def demo_strip(slide: dict) -> html.Div | None:
    """The DEMO DATA banner of one slide (None for real data)."""
    if not slide.get("demo"):
        return None
    return html.Div(
        [
            html.Span("DEMO DATA", className="badge-demo"),
            "Figures marked DEMO are demonstration data, not real figures.",
        ],
        className="pes-demo-banner board-demo",
    )


def slide_points(points: list[dict]) -> html.Ul:
    """The "what changed" slide's key changes in large type, each with a marker
    and a word for the way it moved."""
    items = []
    for point in points:
        way = point.get("direction") if point.get("direction") in WAY_WORDS else "same"
        items.append(
            html.Li(
                [
                    html.Span(WAY_WORDS[way], className=f"board-way board-way-{way}"),
                    html.Span(point["text"]),
                ],
                className="board-point",
            )
        )
    return html.Ul(items, className="board-points")


def slide_message(slide: dict) -> str:
    """The slide's one headline sentence (a snapshot frozen before slides had one
    shows its summary)."""
    return slide.get("message") or slide.get("summary", "")


def slide_source(slide: dict) -> str:
    """The source in a few words for the room (an older snapshot: the first
    sentence of its full source, which the pack prints whole)."""
    if slide.get("slide_source"):
        return slide["slide_source"]
    source = slide.get("source", "")
    return source.split(". ")[0].rstrip(".") + "." if source else ""


def slide_body(slide: dict, number: int, total: int) -> list:
    """A slide's children: title, its one headline sentence, DEMO strip, numbers,
    the chart or the key changes, the data-as-at stamp and the source in brief.
    The full summary, source and tables are in the board pack."""
    # No KPI "not rated" says nothing to the room (the pack prints the zero).
    parts = [
        part
        for part in slide.get("headline", [])
        if (part.get("label"), part.get("value")) != ("Not rated", "0")
    ]
    headline = [
        html.Div(
            [
                html.Div(part["label"], className="board-number-label"),
                html.Div(part["value"], className="board-number-value"),
                html.Div(part["unit"], className="board-number-unit"),
            ],
            className="board-number",
        )
        for part in parts
    ]
    visual = None
    figure = slide.get("slide_figure") or slide.get("figure")
    if slide.get("points"):
        visual = slide_points(slide["points"])
    elif figure:
        figure = for_the_room(figure)
        layout = {k: v for k, v in figure["layout"].items() if k != "height"}
        visual = dcc.Graph(
            figure={**figure, "layout": {**layout, "autosize": True}},
            responsive=True,
            config={
                **graph_config(
                    f"board-{slide['view']}-{slide['period_end']}", width=1600
                ),
                **SLIDE_CONFIG,
            },
            className="board-graph",
        )
    elif slide.get("table"):
        visual = html.P(
            "Every change is listed in the board pack.", className="board-filters"
        )
    return [
        html.Div(
            [
                html.H1(slide["title"], className="board-title"),
                html.Div(f"{number} / {total}", className="board-count"),
            ],
            className="board-head",
        ),
        html.P(slide_message(slide), className="board-headline chart-summary"),
        demo_strip(slide),
        *[html.Div(note, className="board-note") for note in slide.get("notes", [])],
        html.Div(headline, className="board-numbers") if headline else None,
        visual,
        html.Div(
            [
                html.Span(slide.get("as_at", ""), className="board-as-at"),
                html.Span(slide_source(slide), className="board-source"),
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


def pack_request(
    engine: Engine,
    settings: Settings,
    queue: PackQueue,
    clicks: int | None,
    query: dict | None,
    client: str,
):  # type: ignore[no-untyped-def]
    """Ask for the board pack of the page's query: printed in the background,
    collected by ``pack_poll``; the answer is at once."""
    dont_keep_response()
    if not clicks:
        return no_update, no_update, no_update, no_update
    from dashboard.pack import build_pack

    query = query or {}
    agenda, meeting = query.get("agenda"), query.get("meeting")
    key = PackQueue.job_key(agenda, meeting, data_version(engine))
    state = queue.request(
        key,
        client,
        lambda: build_pack(
            engine, agenda=agenda, meeting=meeting, chromium=settings.chromium_path
        ),
    )
    return _pack_outputs(state, {"key": key, "started": time.time()})


def pack_poll(queue: PackQueue, job: dict | None):  # type: ignore[no-untyped-def]
    """Send the pack once it is ready, or say why it could not be made."""
    dont_keep_response()
    if not isinstance(job, dict) or not isinstance(job.get("key"), str):
        return no_update, no_update, no_update, True
    started = job.get("started")
    state = queue.collect(
        job["key"], started=float(started) if isinstance(started, int | float) else 0
    )
    return _pack_outputs(state, job)


def _pack_outputs(state: PackState, job: dict):  # type: ignore[no-untyped-def]
    """(download, status, job, poll disabled) for a pack's state."""
    if state.status == "ready" and state.data is not None:
        return dcc.send_bytes(state.data, state.filename), state.message, None, True
    if state.status == "preparing":
        return no_update, state.message, job, False
    return no_update, state.message, None, True


def register(app: Dash, engine: Engine, settings: Settings) -> None:
    """Wire the presenter callbacks."""
    app.callback(
        Output(ids.Board.DECK, "children"),
        Output(ids.Board.MESSAGE, "children"),
        Input(ids.Board.QUERY, "data"),
    )(lambda query: board_content(engine, query))
    queue = PackQueue()
    pack_outputs = (
        Output(ids.Board.PACK_DOWNLOAD, "data", allow_duplicate=True),
        Output(ids.Board.PACK_STATUS, "children", allow_duplicate=True),
        Output(ids.Board.PACK_JOB, "data", allow_duplicate=True),
        Output(ids.Board.PACK_POLL, "disabled", allow_duplicate=True),
    )
    app.callback(
        *pack_outputs,
        Input(ids.Board.PACK_BUTTON, "n_clicks"),
        State(ids.Board.QUERY, "data"),
        prevent_initial_call=True,
    )(
        lambda clicks, query: pack_request(
            engine, settings, queue, clicks, query, request.remote_addr or "unknown"
        )
    )
    app.callback(
        *pack_outputs,
        Input(ids.Board.PACK_POLL, "n_intervals"),
        State(ids.Board.PACK_JOB, "data"),
        prevent_initial_call=True,
    )(lambda _ticks, job: pack_poll(queue, job))
