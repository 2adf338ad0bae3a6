"""The monthly incident summaries the pages read instead of the incident rows.

``incident_month`` and ``incident_point_month`` (see the schema) are rebuilt from
``incident`` in the loader's transaction whenever incidents change: at the end of a
build and after a police.uk import. Rebuilding from scratch keeps them exact.
"""

from __future__ import annotations

from sqlalchemy import Numeric, and_, cast, func, insert, select
from sqlalchemy.engine import Connection

from data_access import schema
from data_access.queries.maps import LOCATION_DECIMALS


def refresh_incident_summary(conn: Connection) -> None:
    """Rebuild both summaries from the incident table (creating them if missing)."""
    incident = schema.incident
    monthly = schema.incident_month
    points = schema.incident_point_month
    schema.metadata.create_all(conn, tables=[monthly, points], checkfirst=True)
    conn.execute(monthly.delete())
    conn.execute(points.delete())
    located = incident.c.longitude.is_not(None)
    keys = [
        incident.c.month,
        incident.c.source_system,
        incident.c.agency,
        incident.c.category,
        incident.c.is_demo,
        incident.c.ward_code,
        incident.c.sector_code,
    ]
    conn.execute(
        insert(monthly).from_select(
            [*(c.name for c in keys), "located", "incidents"],
            select(*keys, located, func.count()).group_by(*keys, located),
        )
    )
    lon = func.round(cast(incident.c.longitude, Numeric), LOCATION_DECIMALS)
    lat = func.round(cast(incident.c.latitude, Numeric), LOCATION_DECIMALS)
    conn.execute(
        insert(points).from_select(
            ["month", "category", "sector_code", "longitude", "latitude", "incidents"],
            select(
                incident.c.month,
                incident.c.category,
                incident.c.sector_code,
                lon,
                lat,
                func.count(),
            )
            .where(and_(incident.c.ward_code.is_not(None), located))
            .group_by(
                incident.c.month, incident.c.category, incident.c.sector_code, lon, lat
            ),
        )
    )
