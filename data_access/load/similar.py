"""A computed most similar group (MSG) for every English rate area.

The Home Office's iQuanta groups are not public. This computes a stand-in by a
stated method (METHOD): each English rate area is described by six IMD 2019 domain
scores (population-weighted over its local authorities; the Crime domain is left
out because crime is what the group is used to compare) and the logarithm of its
mid-2023 population; each measure is standardised to mean 0 and standard deviation
1 across the candidates; an area's group is itself and the 14 areas nearest to it
by Euclidean distance. Authorities created after 2019 take the scores of the
districts they replaced (data/public/lad_changes_2019_to_2023.csv), weighted by
each district's latest population estimate before mid-2021, or equally where a
district has no population row (successor_scores).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

GROUP_SIZE = 15
CHANGES_FILE = "lad_changes_2019_to_2023.csv"
# Predecessor districts are weighted by their latest estimate up to mid-2020: the
# last year before the 2021 Census rebasing and the last the old districts are in.
LAST_PREDECESSOR_YEAR = 2020
DOMAINS = (
    "Income",
    "Employment",
    "Education, Skills and Training",
    "Health and Disability",
    "Barriers to Housing and Services",
    "Living Environment",
)
METHOD = (
    "An area's most similar group is the 14 areas most like it in deprivation and "
    "size, worked out by this project: not the Home Office iQuanta group, which is "
    "not public. Each English CSP (rate area) is described by six IMD 2019 domain "
    "scores (income, employment, education, health, barriers to housing and "
    "services, living environment; population-weighted over its authorities) and "
    "its log mid-2023 population. The crime domain is left out, because crime is "
    "what the group is used to compare. Each measure is standardised; the group is "
    "the area and the 14 nearest by Euclidean distance. Authorities created after "
    "2019 take the scores of the districts they replaced, weighted by each "
    "district's latest population estimate before mid-2021 where one is loaded."
)


def read_changes(path: Path) -> pd.DataFrame:
    """The successor/predecessor file: successor_code, predecessor_code and names."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return pd.DataFrame(
        rows,
        columns=[
            "successor_code",
            "successor_name",
            "predecessor_code",
            "predecessor_name",
            "effective",
            "legislation",
        ],
    )


def successor_scores(
    deprivation: pd.DataFrame, changes: pd.DataFrame, population: pd.DataFrame
) -> tuple[pd.DataFrame, dict[str, str]]:
    """IMD domain scores for authorities created after 2019, from their predecessors.

    deprivation: area_code, index_domain, average_score (2019 codes).
    changes: successor_code, successor_name, predecessor_code.
    population: area_code, year, population (any years; only years up to
    LAST_PREDECESSOR_YEAR are used, the latest one per predecessor).
    Returns rows to add to ``deprivation`` and, per successor name, how its
    districts were weighted ("population mid-YYYY" or "equal"). A successor that
    already has scores, or any of whose predecessors has none, gets no rows.
    """
    columns = ["area_code", "index_domain", "average_score"]
    have = set(deprivation.area_code)
    pop = population[population.year <= LAST_PREDECESSOR_YEAR]
    latest = pop.sort_values("year").groupby("area_code").last()
    rows: list[dict[str, object]] = []
    weighting: dict[str, str] = {}
    for successor, group in changes.groupby("successor_code", sort=True):
        predecessors = group.predecessor_code.to_list()
        if successor in have or not all(code in have for code in predecessors):
            continue
        if all(code in latest.index for code in predecessors):
            weights = latest.loc[predecessors, "population"].to_numpy(dtype=float)
            years = sorted({int(y) for y in latest.loc[predecessors, "year"]})
            weighting[str(group.successor_name.iloc[0])] = "population " + ", ".join(
                f"mid-{y}" for y in years
            )
        else:
            weights = np.ones(len(predecessors))
            weighting[str(group.successor_name.iloc[0])] = "equal"
        scores = deprivation[deprivation.area_code.isin(predecessors)].pivot_table(
            index="area_code", columns="index_domain", values="average_score"
        )
        for domain in scores.columns:
            rows.append(
                {
                    "area_code": successor,
                    "index_domain": domain,
                    "average_score": float(
                        np.average(scores.loc[predecessors, domain], weights=weights)
                    ),
                }
            )
    return pd.DataFrame(rows, columns=columns), weighting


def method_text(weighting: dict[str, str]) -> str:
    """METHOD, then exactly how each reorganised authority's districts were weighted."""
    by_population = sorted(n for n, w in weighting.items() if w != "equal")
    equal = sorted(n for n, w in weighting.items() if w == "equal")
    parts = [METHOD]
    if by_population:
        years = sorted(
            {
                y
                for n in by_population
                for y in weighting[n].removeprefix("population ").split(", ")
            }
        )
        parts.append(
            f"{_names(by_population)}: districts weighted by their ONS "
            f"{' and '.join(years)} population estimates."
        )
    if equal:
        parts.append(
            f"{_names(equal)}: no population estimate is loaded for "
            f"{'its' if len(equal) == 1 else 'their'} former districts, so those "
            "districts are weighted equally."
        )
    return " ".join(parts)


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def standardised_features(features: pd.DataFrame) -> pd.DataFrame:
    """Each column scaled to mean 0, standard deviation 1 (constant columns to 0)."""
    spread = features.std(ddof=0).replace(0, 1.0)
    return (features - features.mean()) / spread


def most_similar_groups(
    features: pd.DataFrame, *, group_size: int = GROUP_SIZE
) -> pd.DataFrame:
    """For each area (index) its nearest ``group_size - 1`` peers by distance.

    Returns columns group_code, member_code, rank (0 = the area itself), distance.
    Ties in distance are broken by area code so the result is deterministic.
    """
    if features.empty:
        return pd.DataFrame(columns=["group_code", "member_code", "rank", "distance"])
    scaled = standardised_features(features.astype(float)).sort_index()
    values = scaled.to_numpy()
    codes = scaled.index.to_list()
    distances = np.sqrt(((values[:, None, :] - values[None, :, :]) ** 2).sum(axis=2))
    rows = []
    for i, code in enumerate(codes):
        order = sorted(
            range(len(codes)), key=lambda j: (j != i, distances[i, j], codes[j])
        )
        for rank, j in enumerate(order[:group_size]):
            rows.append(
                {
                    "group_code": code,
                    "member_code": codes[j],
                    "rank": rank,
                    "distance": float(distances[i, j]),
                }
            )
    return pd.DataFrame(rows)


def rate_area_features(
    members: pd.DataFrame, deprivation: pd.DataFrame, population: pd.DataFrame
) -> tuple[pd.DataFrame, list[str]]:
    """Feature table by rate area, and the areas left out for want of IMD scores.

    members: rate_area_code, lad_code. deprivation: area_code, index_domain,
    average_score. population: area_code, population.
    """
    scores = deprivation[deprivation.index_domain.isin(DOMAINS)].pivot_table(
        index="area_code", columns="index_domain", values="average_score"
    )
    merged = members.merge(
        population, left_on="lad_code", right_on="area_code", how="left"
    )
    left_out: list[str] = []
    rows = {}
    for code, group in merged.groupby("rate_area_code"):
        lads = group.lad_code.to_list()
        if (
            not all(lad in scores.index for lad in lads)
            or group.population.isna().any()
        ):
            if all(lad.startswith("E") for lad in lads):
                left_out.append(str(code))
            continue
        weights = group.population.to_numpy(dtype=float)
        domain_scores = scores.loc[lads, list(DOMAINS)].to_numpy()
        row = dict(
            zip(
                DOMAINS, np.average(domain_scores, axis=0, weights=weights), strict=True
            )
        )
        row["log_population"] = float(np.log(weights.sum()))
        rows[code] = row
    return pd.DataFrame.from_dict(rows, orient="index"), sorted(left_out)
