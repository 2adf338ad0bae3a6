"""Pure map builders: ward boundaries -> simplified GeoJSON, wards dissolved into
sectors, values classified into stated class breaks and joined to features, incident
locations packed for the hotspot layer, and the ward panel's trend chart.

No I/O and no Dash: plain values and DataFrames in, GeoJSON dicts or figures out.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import shapely
from shapely.geometry import mapping, shape

from dashboard.figures.spec import FigureSpec
from dashboard.figures.theme import OKABE_ITO, board_figure, empty_figure

# Coverage simplification (Visvalingam-Whyatt over the whole set of wards at once,
# so shared edges stay identical and no gaps or overlaps appear). The tolerance is
# roughly the square root of the area of the triangles removed, in degrees:
# 0.0004 degrees is about 27 m east-west and 44 m north-south at Peterborough.
SIMPLIFY_TOLERANCE_DEGREES = 0.0004
COORDINATE_DECIMALS = 5  # about 1 m: finer than any simplified edge

# Five-class sequential blues (ColorBrewer "Blues", colour-blind safe); darker is a
# higher value. Every class also has a number shown in the legend and the labels.
CLASS_COLOURS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_DATA_COLOUR = "#d9d9d9"
SECTOR_LINE_COLOUR = OKABE_ITO["black"]


def _round_coordinates(value: object, decimals: int) -> object:
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (int, float)):
            return [round(float(v), decimals) for v in value]
        return [_round_coordinates(v, decimals) for v in value]
    return value


def _geometry_json(geometry: shapely.Geometry) -> dict:
    geo = mapping(geometry)
    return {
        "type": geo["type"],
        "coordinates": _round_coordinates(geo["coordinates"], COORDINATE_DECIMALS),
    }


def simplify_wards(
    geometries: Mapping[str, shapely.Geometry],
    *,
    tolerance: float = SIMPLIFY_TOLERANCE_DEGREES,
) -> dict[str, shapely.Geometry]:
    """Ward code -> geometry simplified together as one coverage (shared edges kept)."""
    codes = list(geometries)
    simplified = shapely.coverage_simplify(
        [geometries[code] for code in codes], tolerance
    )
    return {
        code: shapely.make_valid(geom)
        for code, geom in zip(codes, simplified, strict=True)
    }


def dissolve(
    geometries: Mapping[str, shapely.Geometry], groups: Mapping[str, str]
) -> dict[str, shapely.Geometry]:
    """Group code -> the union of its members' geometries (members without a group
    are left out)."""
    members: dict[str, list[shapely.Geometry]] = {}
    for code, geometry in geometries.items():
        group = groups.get(code)
        if group is not None:
            members.setdefault(group, []).append(geometry)
    return {group: shapely.union_all(parts) for group, parts in members.items()}


def label_point(geometry: shapely.Geometry) -> tuple[float, float]:
    """(longitude, latitude) of a point inside the geometry, for a label."""
    point = geometry.representative_point()
    if geometry.geom_type == "Polygon" or geometry.is_empty:
        centre = geometry.centroid
        if geometry.contains(centre):
            point = centre
    return (round(point.x, COORDINATE_DECIMALS), round(point.y, COORDINATE_DECIMALS))


def bounds_latlng(geometry: shapely.Geometry) -> list[list[float]]:
    """[[south, west], [north, east]] for Leaflet."""
    west, south, east, north = geometry.bounds
    return [[round(south, 5), round(west, 5)], [round(north, 5), round(east, 5)]]


def _boundary_layers_json(
    wards: tuple[tuple[str, str, str], ...],
    sectors: tuple[tuple[str, str, str], ...],
    tolerance: float,
) -> str:
    geometries = {code: shape(json.loads(text)) for code, _name, text in wards}
    names = {code: name for code, name, _text in wards}
    sector_of = {ward: sector for ward, sector, _name in sectors}
    sector_names = {sector: name for _ward, sector, name in sectors}
    simple = simplify_wards(geometries, tolerance=tolerance)
    ward_features = []
    for code in sorted(simple):
        lon, lat = label_point(geometries[code])
        ward_features.append(
            {
                "type": "Feature",
                "id": code,
                "geometry": _geometry_json(simple[code]),
                "properties": {
                    "code": code,
                    "name": names[code],
                    "sector": sector_of.get(code),
                    "sector_name": sector_names.get(sector_of.get(code, ""), ""),
                    "label_lon": lon,
                    "label_lat": lat,
                },
            }
        )
    # Dissolve the exact wards, then simplify the outlines the same way.
    exact_sectors = dissolve(geometries, sector_of)
    sector_codes = sorted(exact_sectors)
    simple_sectors = (
        dict(
            zip(
                sector_codes,
                shapely.coverage_simplify(
                    [exact_sectors[c] for c in sector_codes], tolerance
                ),
                strict=True,
            )
        )
        if sector_codes
        else {}
    )
    sector_features = []
    for code in sector_codes:
        lon, lat = label_point(exact_sectors[code])
        sector_features.append(
            {
                "type": "Feature",
                "id": code,
                "geometry": _geometry_json(shapely.make_valid(simple_sectors[code])),
                "properties": {
                    "code": code,
                    "name": sector_names[code],
                    "label_lon": lon,
                    "label_lat": lat,
                    "bounds": bounds_latlng(exact_sectors[code]),
                    "wards": sum(1 for s in sector_of.values() if s == code),
                },
            }
        )
    city = shapely.union_all(list(geometries.values())) if geometries else None
    return json.dumps(
        {
            "wards": {"type": "FeatureCollection", "features": ward_features},
            "sectors": {"type": "FeatureCollection", "features": sector_features},
            "bounds": bounds_latlng(city) if city is not None else None,
        }
    )


def boundary_layers(
    boundaries: pd.DataFrame,
    mapping_frame: pd.DataFrame,
    *,
    tolerance: float = SIMPLIFY_TOLERANCE_DEGREES,
) -> dict:
    """Simplified ward features and dissolved sector outlines.

    ``boundaries``: area_code, area_name, geojson. ``mapping_frame``: ward_code,
    sector_code, sector_name. Returns {"wards": FeatureCollection, "sectors":
    FeatureCollection, "bounds": [[s, w], [n, e]]}.
    """
    wards = tuple(
        (str(r.area_code), str(r.area_name), str(r.geojson))
        for r in boundaries.itertuples()
    )
    sectors = tuple(
        (str(r.ward_code), str(r.sector_code), str(r.sector_name))
        for r in mapping_frame.itertuples()
    )
    return json.loads(_boundary_layers_json(wards, sectors, tolerance))


def _nice_round(value: float, decimals: int) -> float:
    return round(value, decimals)


def class_breaks(
    values: Iterable[float | None], *, n_classes: int = 5, decimals: int = 1
) -> list[float]:
    """Quantile (equal-count) class breaks: [min, b1, ..., max], rounded to the
    display precision, duplicates removed, so there are at most ``n_classes`` classes.

    Empty input gives []; one distinct value gives [v, v] (one class).
    """
    clean = sorted(
        float(v) for v in values if v is not None and not math.isnan(float(v))
    )
    if not clean:
        return []
    series = pd.Series(clean)
    edges = [
        _nice_round(float(series.quantile(i / n_classes)), decimals)
        for i in range(n_classes + 1)
    ]
    edges[0] = math.floor(clean[0] * 10**decimals) / 10**decimals
    edges[-1] = math.ceil(clean[-1] * 10**decimals) / 10**decimals
    unique: list[float] = []
    for edge in edges:
        if not unique or edge > unique[-1]:
            unique.append(edge)
    if len(unique) == 1:
        unique.append(unique[0])
    return unique


def classify(value: float | None, breaks: Sequence[float]) -> int | None:
    """0-based class of ``value`` for ``breaks`` [b0, b1, ..., bn]: class i holds
    b_i <= v < b_(i+1), the top class includes bn. None for no value or no breaks."""
    if value is None or len(breaks) < 2 or math.isnan(float(value)):
        return None
    n = len(breaks) - 1
    for i in range(n):
        if value < breaks[i + 1]:
            return i
    return n - 1


def class_colours(n_classes: int) -> list[str]:
    """The sequential colours for n classes (light to dark), spread over the ramp."""
    if n_classes <= 0:
        return []
    if n_classes == 1:
        return [CLASS_COLOURS[2]]
    step = (len(CLASS_COLOURS) - 1) / (n_classes - 1)
    return [CLASS_COLOURS[round(i * step)] for i in range(n_classes)]


def legend_rows(breaks: Sequence[float], *, decimals: int = 1) -> list[dict]:
    """One row per class: number (1 = lowest), colour, 'from' and 'to' as text."""
    n = max(len(breaks) - 1, 0)
    colours = class_colours(n)
    return [
        {
            "class": i + 1,
            "colour": colours[i],
            "text": f"{breaks[i]:,.{decimals}f} to "
            f"{'under ' if i < n - 1 else ''}{breaks[i + 1]:,.{decimals}f}",
        }
        for i in range(n)
    ]


def join_figures(
    features: dict,
    figures: pd.DataFrame,
    *,
    key: str = "code",
    value_column: str = "value",
    breaks: Sequence[float],
    decimals: int = 1,
    extra_columns: Sequence[str] = (),
) -> dict:
    """A new FeatureCollection: each feature gains value, value_text, cls (1-based
    class, None without a value) and fill colour from ``figures`` (indexed by
    ``area_code``). Features with no figure keep value None and the no-data colour."""
    by_code = figures.set_index("area_code") if not figures.empty else figures
    colours = class_colours(len(breaks) - 1)
    joined = []
    for feature in features["features"]:
        properties = dict(feature["properties"])
        code = properties[key]
        value = None
        if not figures.empty and code in by_code.index:
            raw = by_code.at[code, value_column]
            value = None if pd.isna(raw) else float(raw)
            for column in extra_columns:
                extra = by_code.at[code, column]
                properties[column] = None if pd.isna(extra) else _plain(extra)
        # Classify the value as displayed, so a label never disagrees with the
        # legend's rounded ranges.
        cls = classify(None if value is None else round(value, decimals), breaks)
        properties.update(
            value=value,
            value_text="no data" if value is None else f"{value:,.{decimals}f}",
            cls=None if cls is None else cls + 1,
            fill=NO_DATA_COLOUR if cls is None else colours[cls],
        )
        joined.append({**feature, "properties": properties})
    return {"type": "FeatureCollection", "features": joined}


def _plain(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()
    return value


def label_points(features: dict, *, text_key: str | None = "value_text") -> dict:
    """Point features at each feature's label point carrying its name and its
    label text (``text_key``'s property; none for None), for the label layer."""
    points = []
    for feature in features["features"]:
        properties = feature["properties"]
        points.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [properties["label_lon"], properties["label_lat"]],
                },
                "properties": {
                    "code": properties["code"],
                    "name": properties["name"],
                    "sector": properties.get("sector"),
                    "text": properties.get(text_key, "") if text_key else "",
                    "cls": properties.get("cls"),
                },
            }
        )
    return {"type": "FeatureCollection", "features": points}


def pack_locations(locations: pd.DataFrame, sector_codes: Sequence[str]) -> dict:
    """Incident locations as compact rows for the browser: {"sectors": [...],
    "rows": [[lon, lat, sector index, count], ...]}. ``locations`` has longitude,
    latitude, sector_code, incidents."""
    index = {code: i for i, code in enumerate(sector_codes)}
    rows = [
        [
            round(float(r.longitude), 4),
            round(float(r.latitude), 4),
            index.get(r.sector_code, -1),
            int(r.incidents),
        ]
        for r in locations.itertuples()
    ]
    return {"sectors": list(sector_codes), "rows": rows}


def trend_figure(
    trend: pd.DataFrame, *, title: str, value_label: str, decimals: int = 0
) -> FigureSpec:
    """A small bar chart of ``trend`` (columns period_label, value) with every bar
    labelled, so nothing depends on hover."""
    if trend.empty:
        return empty_figure("No figures for this ward and measure.")
    texts = [f"{v:,.{decimals}f}" for v in trend.value]
    figure = board_figure().add_bar(
        x=trend.period_label,
        y=trend.value,
        text=texts,
        textposition="outside",
        cliponaxis=False,
        marker={"color": OKABE_ITO["blue"]},
        hovertemplate="%{x}: %{y}<extra></extra>",
    )
    figure.update_layout(
        title={"text": title},
        height=340,
        # Room for the axis title beside the ticks and the slanted month names.
        margin={"l": 80, "r": 10, "t": 50, "b": 90},
        yaxis={"title": {"text": value_label}},
        uniformtext={"minsize": 12, "mode": "hide"},
        showlegend=False,
    )
    figure.update_xaxes(tickangle=-45, tickfont={"size": 14})
    return figure
