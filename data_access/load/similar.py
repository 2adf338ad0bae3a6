"""A computed most similar group (MSG) for every English rate area.

The Home Office's iQuanta groups are not public. This computes a stand-in by a
stated method: each English rate area is described by its seven IMD 2019 domain
scores (population-weighted over its local authorities) and the logarithm of its
mid-2023 population; each measure is standardised to mean 0 and standard
deviation 1 across the candidates; an area's group is itself and the 14 areas
nearest to it by Euclidean distance. Areas whose authorities were reorganised
after 2019 have no IMD 2019 scores under their current codes and are left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

GROUP_SIZE = 15
DOMAINS = (
    "Income",
    "Employment",
    "Education, Skills and Training",
    "Health and Disability",
    "Crime",
    "Barriers to Housing and Services",
    "Living Environment",
)
METHOD = (
    "Computed by this project, not the Home Office iQuanta group: the 14 English "
    "CSPs (rate areas) nearest by Euclidean distance on standardised IMD 2019 domain "
    "scores (income, employment, education, health, crime, barriers, living "
    "environment; population-weighted over authorities) and log mid-2023 population."
)


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
