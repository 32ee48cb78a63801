"""Nearest covered clinics: exact geodesic (WGS-84) ranking, found through an index.

A growing bounding box on the indexed coordinates (split in two across the 180° meridian, the
whole ring of longitudes near the poles) gives candidates; a spherical distance, which is within
0.6 % of the geodesic one, orders them, and the exact geodesic distance (geopy, Karney's method)
is computed only where that bound cannot decide. The box grows until the k-th nearest lies inside
it, so the answer equals a brute-force geodesic ranking (ties broken by `external_id`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from geopy.distance import geodesic
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Clinic, ClinicProgram

EARTH_RADIUS = 6_371_008.8  # metres, mean
SPHERE_ERROR = 0.006  # the sphere's distance is within 0.6 % of the WGS-84 geodesic
FIRST_RADIUS = 300.0  # metres; the box grows until the answer is inside it
GROWTH = 8
HALF_EQUATOR = 20_040_000.0


@dataclass(frozen=True)
class Near:
    clinic_id: int
    external_id: str
    meters: float


def spherical(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(a)))


def exact(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(geodesic((lat1, lon1), (lat2, lon2)).meters)


def _box(lat: float, lon: float, radius: float) -> tuple[float, float, list[tuple[float, float]]]:
    """Latitudes and longitude ranges that hold every point within `radius` (a superset)."""
    reach = radius * (1 + SPHERE_ERROR) / EARTH_RADIUS  # in radians of arc
    dlat = math.degrees(reach)
    south, north = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    widest = max(abs(south), abs(north))
    if widest >= 89.9 or reach >= math.pi / 2:
        return south, north, [(-180.0, 180.0)]
    # At the latitude farthest from the equator a degree of longitude is shortest.
    dlon = math.degrees(reach / math.cos(math.radians(widest)))
    if dlon >= 180:
        return south, north, [(-180.0, 180.0)]
    west, east = lon - dlon, lon + dlon
    if west < -180:
        return south, north, [(west + 360, 180.0), (-180.0, east)]
    if east > 180:
        return south, north, [(west, 180.0), (-180.0, east - 360)]
    return south, north, [(west, east)]


async def nearest_covered_clinics(
    session: AsyncSession, lat: float, lon: float, programs: set[str], limit: int
) -> list[Near]:
    """The `limit` clinics nearest to (lat, lon) among those the programmes cover."""
    if not programs or limit <= 0:
        return []
    covered = exists().where(
        ClinicProgram.clinic_id == Clinic.id, ClinicProgram.program_code.in_(programs)
    )
    radius = FIRST_RADIUS
    while True:
        south, north, ranges = _box(lat, lon, radius)
        in_box = and_(
            Clinic.lat.between(south, north),
            or_(*(Clinic.lon.between(west, east) for west, east in ranges)),
        )
        rows = (
            await session.execute(
                select(Clinic.id, Clinic.external_id, Clinic.lat, Clinic.lon).where(in_box, covered)
            )
        ).all()
        found = _rank(lat, lon, rows, limit, radius)
        if len(found) >= limit or radius >= HALF_EQUATOR:
            return found[:limit]
        # Grow by what the density seen so far says is needed (a square root: area), within
        # bounds: too little means many rounds, too much a box full of far clinics.
        wanted = math.sqrt(limit / max(len(rows), 0.5)) * 1.3
        radius *= min(max(wanted, 1.5), GROWTH)


def _rank(lat: float, lon: float, rows: Sequence[Any], limit: int, radius: float) -> list[Near]:
    """The nearest within `radius`, exactly; geodesics only where the sphere cannot decide."""
    by_sphere = sorted((spherical(lat, lon, row[2], row[3]), row[1], row) for row in rows)
    best: list[Near] = []
    for rough, _external, row in by_sphere:
        bound = best[limit - 1].meters if len(best) >= limit else radius
        if rough * (1 - SPHERE_ERROR) > bound:
            break
        meters = exact(lat, lon, row[2], row[3])
        if meters <= radius:
            best.append(Near(row[0], row[1], meters))
            best.sort(key=lambda near: (near.meters, near.external_id))
    return best


def brute_force(
    lat: float, lon: float, clinics: list[tuple[int, str, float, float]], limit: int
) -> list[Near]:
    """Every distance computed: what `nearest_covered_clinics` must equal (tests, benchmark)."""
    ranked = sorted(
        (Near(cid, external, exact(lat, lon, clat, clon)) for cid, external, clat, clon in clinics),
        key=lambda near: (near.meters, near.external_id),
    )
    return ranked[:limit]
