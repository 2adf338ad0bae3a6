"""The risk register: scores, bands, review status and the likelihood-by-impact grid.

Score = likelihood x impact, each 1 (lowest) to 5 (highest). Bands: 15 to 25 High,
8 to 14 Medium, 1 to 7 Low. A review is overdue when its date is before the
assessment date and the risk is still open.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

BANDS = (("High", "H", 15), ("Medium", "M", 8), ("Low", "L", 1))
LEVEL_WORDS = {1: "Very low", 2: "Low", 3: "Medium", 4: "High", 5: "Very high"}
GRID_COLUMNS = ["likelihood", "impact", "score", "band", "count", "risk_ids"]


def risk_score(likelihood: int, impact: int) -> int:
    """Likelihood times impact; both must be whole numbers 1 to 5."""
    for name, level in (("likelihood", likelihood), ("impact", impact)):
        if int(level) != level or not 1 <= level <= 5:
            raise ValueError(f"{name} must be 1 to 5, not {level!r}")
    return int(likelihood) * int(impact)


def score_band(score: int) -> tuple[str, str]:
    """('High', 'H'), ('Medium', 'M') or ('Low', 'L') for a score of 1 to 25."""
    for word, letter, floor in BANDS:
        if score >= floor:
            return word, letter
    raise ValueError(f"A risk score is 1 to 25, not {score!r}")


def review_state(review_date: date, status: str, as_of: date) -> tuple[bool, str]:
    """(overdue, words): 'Review overdue by 41 days', 'Review due in 31 days',
    'Review due today' or 'Closed'."""
    if status != "open":
        return False, "Closed"
    days = (review_date - as_of).days
    if days < 0:
        return True, f"Review overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return False, "Review due today"
    return False, f"Review due in {days} day{'s' if days != 1 else ''}"


def risk_table(risks: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """The register with score, band, band_letter, review_overdue and review_text
    added; open risks first, highest score first."""
    table = risks.copy()
    table["score"] = [
        risk_score(int(lik), int(imp))
        for lik, imp in zip(table.likelihood, table.impact, strict=True)
    ]
    bands = [score_band(int(score)) for score in table.score]
    table["band"] = [word for word, _ in bands]
    table["band_letter"] = [letter for _, letter in bands]
    reviews = [
        review_state(review, status, as_of)
        for review, status in zip(table.review_date, table.status, strict=True)
    ]
    table["review_overdue"] = [overdue for overdue, _ in reviews]
    table["review_text"] = [text for _, text in reviews]
    table["_open"] = table.status != "open"
    return (
        table.sort_values(["_open", "score", "risk_id"], ascending=[True, False, True])
        .drop(columns="_open")
        .reset_index(drop=True)
    )


def risk_grid(table: pd.DataFrame) -> pd.DataFrame:
    """All 25 likelihood-by-impact cells with the count and ids of the risks in each
    (of the rows given): GRID_COLUMNS, likelihood 5 first."""
    records = []
    for likelihood in range(5, 0, -1):
        for impact in range(1, 6):
            here = table[(table.likelihood == likelihood) & (table.impact == impact)]
            score = likelihood * impact
            records.append(
                {
                    "likelihood": likelihood,
                    "impact": impact,
                    "score": score,
                    "band": score_band(score)[0],
                    "count": len(here),
                    "risk_ids": sorted(here.risk_id),
                }
            )
    return pd.DataFrame(records, columns=GRID_COLUMNS)


def risk_summary(table: pd.DataFrame) -> str:
    """One sentence: open risks, how many high, overdue reviews and the top score."""
    open_risks = table[table.status == "open"]
    if open_risks.empty:
        return "No open risks are on the register."
    high = int((open_risks.band == "High").sum())
    overdue = open_risks[open_risks.review_overdue]
    top = int(open_risks.score.max())
    top_ids = ", ".join(open_risks.loc[open_risks.score == top, "risk_id"])
    sentence = (
        f"{len(open_risks)} open risks, {high} scored High (15 or more); the highest "
        f"score is {top} ({top_ids})."
    )
    if overdue.empty:
        return sentence + " No review is overdue."
    return (
        sentence
        + f" {len(overdue)} review{'s are' if len(overdue) != 1 else ' is'} overdue: "
        + ", ".join(overdue.risk_id)
        + "."
    )
