"""Data and sources: the table of every dataset, each with its status in words."""

from __future__ import annotations

import re

import pandas as pd
from dash import Dash, Input, Output
from dash_extensions import Purify
from sqlalchemy.engine import Engine

from dashboard import auth, freshness, ids
from dashboard.components import data_error, html_table
from dashboard.freshness import format_day
from dashboard.ui.html_table import text as escaped
from data_access.engine import DataUnavailableError
from data_access.queries import meta
from data_access.schema import DATASET_STATUSES

STATUS_WORDS = {
    "real": ("Real", "badge-real"),
    "computed": ("Computed", "badge-computed"),
    "default": ("Default", "badge-default"),
    "demo": ("DEMO", "badge-demo"),
}
# An address in a source text: http(s) up to a space, or a ; , ) or quote that ends it.
ADDRESS = re.compile(r"https?://[^\s;,()'\"<>]+")
WHITESPACE = re.compile(r"\s+")


def with_status(datasets: pd.DataFrame) -> pd.DataFrame:
    """The datasets with a status column (from is_demo where none was stored)."""
    if "status" in datasets:
        status = datasets["status"].where(
            datasets["status"].isin(DATASET_STATUSES),
            datasets.is_demo.map({True: "demo", False: "real"}),
        )
    else:
        status = datasets.is_demo.map({True: "demo", False: "real"})
    return datasets.assign(status=status)


def sources_summary(datasets: pd.DataFrame, shown: str = "all") -> str:
    """'25 datasets: 14 real, 1 computed, 3 default, 7 demo.' and what is shown."""
    datasets = with_status(datasets)
    counts = datasets.status.value_counts()
    text = f"{len(datasets)} datasets: " + ", ".join(
        f"{int(counts.get(status, 0))} {status}" for status in DATASET_STATUSES
    )
    text += "."
    demo_defaults = int(((datasets.status == "default") & datasets.is_demo).sum())
    if demo_defaults:
        text += (
            " 1 default dataset holds demo values and is labelled DEMO too."
            if demo_defaults == 1
            else f" {demo_defaults} default datasets hold demo values and are "
            "labelled DEMO too."
        )
    if shown in DATASET_STATUSES:
        text += f" Showing the {int(counts.get(shown, 0))} {shown}."
    return text


def _text(value: object) -> str:
    """Text for the table's HTML: escaped, its white space as single spaces."""
    return escaped(WHITESPACE.sub(" ", str(value)))


def linked(text: str) -> str:
    """The text, escaped, with every http(s) address as a link."""
    parts: list[str] = []
    last = 0
    for match in ADDRESS.finditer(text):
        address = match.group(0).rstrip(".:")
        end = match.start() + len(address)
        if match.start() > last:
            parts.append(_text(text[last : match.start()]))
        parts.append(
            f'<a class="pes-source-link" href="{_text(address)}">{_text(address)}</a>'
        )
        last = end
    if last < len(text):
        parts.append(_text(text[last:]))
    return "".join(parts)


def status_badges(status: str, is_demo: bool) -> str:
    """The status in words; a default that holds demo values says DEMO as well."""
    word, badge = STATUS_WORDS.get(status, STATUS_WORDS["real"])
    badges = f'<span class="{badge}">{word}</span>'
    if is_demo and status != "demo":
        badges += '<span class="badge-demo ms-1">DEMO</span>'
    return badges


HEADERS = (
    "Dataset",
    "Kind of data",
    "Source",
    "Licence",
    "Attribution",
    "Period covered",
    "Loaded",
    "Rows",
)


def sources_table_html(datasets: pd.DataFrame, shown: str = "all") -> str:
    """One row per dataset, real first; the status in words, not colour alone.
    Every value is escaped."""
    datasets = with_status(datasets)
    order = {status: n for n, status in enumerate(DATASET_STATUSES)}
    datasets = datasets.assign(_order=datasets.status.map(order)).sort_values(
        ["_order", "title"], kind="stable"
    )
    if shown in DATASET_STATUSES:
        datasets = datasets[datasets.status == shown]
    header = "".join(f'<th scope="col">{name}</th>' for name in HEADERS)
    rows = []
    for item in datasets.itertuples():
        notes = (
            f'<div class="small text-muted mt-1">{_text(item.notes)}</div>'
            if item.notes
            else ""
        )
        rows.append(
            f'<tr data-status="{_text(item.status)}">'
            f'<th scope="row"><div>{_text(item.title)}</div>{notes}</th>'
            f"<td>{status_badges(item.status, bool(item.is_demo))}</td>"
            f"<td>{linked(str(item.source))}</td>"
            f"<td>{_text(item.licence)}</td>"
            f"<td>{linked(str(item.attribution))}</td>"
            f"<td>{_text(item.period_label)}</td>"
            f"<td>{_text(format_day(item.loaded_at))}</td>"
            f'<td class="text-end">{int(item.row_count):,}</td></tr>'
        )
    return (
        '<table id="data-sources-grid" '
        'class="pes-sources-table table table-bordered table-hover">'
        "<caption>Datasets behind this dashboard</caption>"
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def sources_table(datasets: pd.DataFrame, shown: str = "all") -> Purify:
    """The table as one component: 40 datasets as Dash components were 627 of them,
    half a second of the browser's time to draw; as HTML (every value escaped) the
    browser draws it at once."""
    return html_table(
        ids.DataSources.TABLE_HTML, markup=sources_table_html(datasets, shown)
    )


def data_sources_content(engine: Engine, shown: str = "all") -> tuple:
    """The summary line and the table, or an error box."""
    try:
        datasets = meta.datasets(engine)
    except DataUnavailableError as error:
        return "", data_error(str(error))
    # Datasets behind sign-in (the risk register) are not described to visitors
    # who have not signed in.
    hidden = freshness.datasets_for_page(auth.hidden_dataset_patterns(), datasets)
    datasets = datasets[~datasets.dataset_id.isin(hidden.dataset_id)]
    shown = shown if shown in DATASET_STATUSES else "all"
    summary = sources_summary(datasets, shown)
    if len(hidden):
        summary += (
            f" {len(hidden)} dataset{'s' if len(hidden) != 1 else ''} behind sign-in "
            "(the risk register) "
            + ("is" if len(hidden) == 1 else "are")
            + " listed for signed-in users only."
        )
    return summary, sources_table(datasets, shown)


def register(app: Dash, engine: Engine) -> None:
    """Wire the sources callback."""
    app.callback(
        Output(ids.DataSources.SUMMARY, "children"),
        Output(ids.DataSources.TABLE, "children"),
        Input(ids.DataSources.TRIGGER, "data"),
        Input(ids.DataSources.STATUS, "value"),
    )(lambda _trigger, shown: data_sources_content(engine, shown or "all"))
