"""The risk register's columns: what each shows, how it sorts, its colour beside
its words."""

from __future__ import annotations

from dashboard.ui.html_table import Column

# The band's colour, beside its letter, score and word (never instead of them).
BAND_CLASSES = {"High": "band-high", "Medium": "band-medium", "Low": "band-low"}

RISK_COLUMNS = [
    Column("risk_id", "Risk", min_width=80),
    Column("title", "Title", min_width=220),
    Column(
        "score_label",
        "Score",
        sort_key=lambda row: row.get("score"),
        css=lambda row: BAND_CLASSES.get(str(row.get("band")), ""),
        min_width=130,
    ),
    Column("review_date", "Review date", sort_key=lambda row: row.get("review_on")),
    Column(
        "review_text",
        "Review",
        css=lambda row: "risk-overdue" if row.get("review_overdue") else "",
        min_width=150,
    ),
    Column("owner", "Owner", min_width=180),
    Column("agency", "Agency"),
    Column("mitigation", "Mitigation", min_width=260),
    Column(
        "likelihood", "Likelihood", sort_key=lambda row: row.get("likelihood_score")
    ),
    Column("impact", "Impact", sort_key=lambda row: row.get("impact_score")),
    Column("status", "Status"),
    Column("data_kind", "Data"),
]
