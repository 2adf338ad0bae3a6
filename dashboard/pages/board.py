"""The board presenter: full screen, one slide per agenda item, driven by keys."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import ids

dash.register_page(
    __name__,
    path="/board",
    name="Board",
    title="Board presenter · PES board dashboard",
    order=95,
    nav=True,
    full_screen=True,
    datasets=[],
)


def layout(
    agenda: str | None = None,
    meeting: str | None = None,
    interval: str | None = None,
    **_unknown: object,
) -> html.Div:
    """The deck (filled by the board callback), its progress bar and pack button."""
    return html.Div(
        [
            dcc.Store(
                id=ids.Board.QUERY,
                data={"agenda": agenda, "meeting": meeting, "interval": interval},
            ),
            html.Div(
                html.Div(id=ids.Board.PROGRESS, className="board-progress-fill"),
                className="board-progress",
                role="progressbar",
                **{"aria-label": "Slide progress"},
            ),
            html.Div(id=ids.Board.MESSAGE),
            html.Div(
                id=ids.Board.DECK,
                className="board-deck",
                **{"aria-roledescription": "slide deck"},
            ),
            html.Div(
                [
                    html.Span(
                        id=ids.Board.STATUS,
                        className="board-status",
                        **{"aria-live": "polite"},
                    ),
                    html.Span(
                        "→ / PgDn next · ← / PgUp back · Space auto-advance · "
                        "1-9 jump · Esc leave",
                        className="board-keys",
                    ),
                    html.Button(
                        [
                            html.I(
                                className="bi bi-file-earmark-pdf me-2",
                                **{"aria-hidden": "true"},
                            ),
                            "Board pack (PDF)",
                        ],
                        id=ids.Board.PACK_BUTTON,
                        className="btn btn-outline-light board-pack-button",
                    ),
                    html.Span(
                        id=ids.Board.PACK_STATUS,
                        className="board-pack-status",
                        role="status",
                    ),
                    dcc.Download(id=ids.Board.PACK_DOWNLOAD),
                    dcc.Store(id=ids.Board.PACK_JOB),
                    dcc.Interval(id=ids.Board.PACK_POLL, interval=1_500, disabled=True),
                ],
                className="board-toolbar",
            ),
        ],
        className="board-page",
    )
