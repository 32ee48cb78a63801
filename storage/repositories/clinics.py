"""Clinics in a bounding box, through each database's spatial index.

SQLite: the R*Tree virtual table `clinic_boxes`, kept in step with `clinics` by triggers; its
32-bit bounds are rounded outwards, so a box query never misses a clinic. PostgreSQL: a GiST index
on `point(lon, lat)`. Both are created by migration 0009 and are not in the models
(`storage.migrate.in_models` keeps autogenerate away from them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Clinic, ClinicProgram

# The programme filter is correlated with the R*Tree's id, not the clinic's, so that SQLite checks
# it before it reads the clinic's row: only covered clinics are read. The statement goes straight
# to the driver, in one hop to its thread (a search makes several; bench/nearest.py).
SQLITE_PART = (
    "SELECT c.id, c.external_id, c.lat, c.lon"
    " FROM clinic_boxes AS b JOIN clinics AS c ON c.id = b.id"
    " WHERE b.north >= ? AND b.south <= ? AND b.east >= ? AND b.west <= ?"
    " AND EXISTS (SELECT 1 FROM clinic_programs AS p"
    " WHERE p.clinic_id = b.id AND p.program_code IN ({codes}))"
)


@dataclass(frozen=True)
class Box:
    """Latitudes south..north, longitudes west..east (west <= east: never across 180°)."""

    south: float
    north: float
    west: float
    east: float


@dataclass(frozen=True)
class Place:
    clinic_id: int
    external_id: str
    lat: float
    lon: float


class ClinicRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def covered_in(
        self, parts: Sequence[Box], programs: set[str], cap: int | None
    ) -> list[Place] | None:
        """Clinics of `programs` inside the boxes; None when there are more than `cap`."""
        codes = sorted(programs)
        limit = -1 if cap is None else cap + 1  # one more than the cap tells "too many"
        if self.session.get_bind().dialect.name == "sqlite":
            rows = await self._sqlite(parts, codes, limit)
        else:
            rows = await self._gist(parts, codes, limit)
        if cap is not None and len(rows) > cap:
            return None
        return [Place(cid, external, lat, lon) for cid, external, lat, lon in rows]

    async def _sqlite(self, parts: Sequence[Box], codes: list[str], limit: int) -> list[Any]:
        part = SQLITE_PART.format(codes=", ".join("?" * len(codes)))
        sql = " UNION ALL ".join([part] * len(parts)) + " LIMIT ?"
        params: list[object] = []
        for box in parts:
            params += [box.south, box.north, box.west, box.east, *codes]
        connection = await self.session.connection()  # begins the unit of work's transaction
        driver = (await connection.get_raw_connection()).driver_connection
        assert driver is not None, "the unit of work's connection is open"
        return list(await driver.execute_fetchall(sql, [*params, limit]))

    async def _gist(self, parts: Sequence[Box], codes: list[str], limit: int) -> list[Any]:
        covered = exists().where(
            ClinicProgram.clinic_id == Clinic.id, ClinicProgram.program_code.in_(codes)
        )
        point = func.point(Clinic.lon, Clinic.lat)  # the GiST index's very expression
        queries = [
            select(Clinic.id, Clinic.external_id, Clinic.lat, Clinic.lon).where(
                point.op("<@")(
                    func.box(func.point(box.west, box.south), func.point(box.east, box.north))
                ),
                covered,
            )
            for box in parts
        ]
        query = queries[0] if len(queries) == 1 else queries[0].union_all(*queries[1:])
        if limit >= 0:
            query = query.limit(limit)
        return list((await self.session.execute(query)).all())
