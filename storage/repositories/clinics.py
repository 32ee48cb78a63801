"""Clinics in a bounding box, through each database's spatial index.

SQLite: the R*Tree virtual table `clinic_boxes`, kept in step with `clinics` by triggers; its
32-bit bounds are rounded outwards, so a box query never misses a clinic. PostgreSQL: a GiST index
on `point(lon, lat)`. Both are created by migration 0009 and are not in the models
(`storage.migrate.in_models` keeps autogenerate away from them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    and_,
    bindparam,
    delete,
    exists,
    func,
    literal,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Clinic, ClinicProgram, SavedPlace
from storage.sql import upsert

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
SQLITE_SPECIALTY = " AND instr(';' || c.specialties || ';', ?) > 0"
SQLITE_ONLINE = " AND c.online_booking = 1"


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
        self,
        parts: Sequence[Box],
        programs: set[str],
        cap: int | None,
        specialty: str | None = None,
        online: bool = False,
    ) -> list[Place] | None:
        """Clinics of `programs` (with `specialty`, when given; taking online bookings, when
        `online`) inside the boxes; None when there are more than `cap`."""
        codes = sorted(programs)
        limit = -1 if cap is None else cap + 1  # one more than the cap tells "too many"
        if self.session.get_bind().dialect.name == "sqlite":
            rows = await self._sqlite(parts, codes, limit, specialty, online)
        else:
            rows = await self._gist(parts, codes, limit, specialty, online)
        if cap is not None and len(rows) > cap:
            return None
        return [Place(cid, external, lat, lon) for cid, external, lat, lon in rows]

    async def _sqlite(
        self,
        parts: Sequence[Box],
        codes: list[str],
        limit: int,
        specialty: str | None,
        online: bool,
    ) -> list[Any]:
        part = SQLITE_PART.format(codes=", ".join("?" * len(codes)))
        if specialty is not None:
            part += SQLITE_SPECIALTY
        if online:
            part += SQLITE_ONLINE
        sql = " UNION ALL ".join([part] * len(parts)) + " LIMIT ?"
        params: list[object] = []
        for box in parts:
            params += [box.south, box.north, box.west, box.east, *codes]
            if specialty is not None:
                params.append(_token(specialty))
        connection = await self.session.connection()  # begins the unit of work's transaction
        driver = (await connection.get_raw_connection()).driver_connection
        assert driver is not None, "the unit of work's connection is open"
        return list(await driver.execute_fetchall(sql, [*params, limit]))

    async def _gist(
        self,
        parts: Sequence[Box],
        codes: list[str],
        limit: int,
        specialty: str | None,
        online: bool,
    ) -> list[Any]:
        covered = _covered(codes)
        if specialty is not None:
            covered = and_(covered, _has_specialty(specialty))
        if online:
            covered = and_(covered, Clinic.online_booking.is_(True))
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

    async def covered_by_name(
        self,
        programs: set[str] | None,
        folded: str,
        offset: int,
        limit: int,
        online: bool = False,
    ) -> tuple[int, list[Clinic]]:
        """(How many, a page of) clinics of `programs` (None: any clinic) whose folded name or
        address holds `folded`, alphabetically (the folded text starts with the name: case and ё
        aside)."""
        found = and_(
            *([] if programs is None else [_covered(sorted(programs))]),
            Clinic.search_text.contains(folded, autoescape=True),
            *([Clinic.online_booking.is_(True)] if online else []),
        )
        count = await self.session.scalar(select(func.count()).select_from(Clinic).where(found))
        page = await self.session.scalars(
            select(Clinic).where(found).order_by(Clinic.search_text, Clinic.external_id)
            .offset(offset).limit(limit)
        )  # fmt: skip
        return int(count or 0), list(page)

    async def covered_one(self, programs: set[str], clinic_id: int) -> Clinic | None:
        values = {"clinic_id": clinic_id, "codes": sorted(programs)}
        return await self.session.scalar(_COVERED_ONE, values)

    async def by_ids(self, ids: Sequence[int]) -> dict[int, Clinic]:
        found = await self.session.scalars(_BY_IDS, {"ids": list(ids)})
        return {clinic.id: clinic for clinic in found}

    async def places_of(self, profile_id: int) -> list[SavedPlace]:
        found = await self.session.scalars(
            select(SavedPlace).where(SavedPlace.profile_id == profile_id).order_by(SavedPlace.id)
        )
        return list(found)

    async def place_of(self, profile_id: int, label: str) -> SavedPlace | None:
        return await self.session.scalar(
            select(SavedPlace).where(SavedPlace.profile_id == profile_id, SavedPlace.label == label)
        )

    async def forget_places_before(self, label: str, before: datetime) -> int:
        gone = await self.session.execute(
            delete(SavedPlace).where(SavedPlace.label == label, SavedPlace.saved_at < before)
        )
        return int(getattr(gone, "rowcount", 0) or 0)

    async def save_place(
        self, profile_id: int, label: str, lat: float, lon: float, now: datetime
    ) -> None:
        statement = upsert(
            self.session, SavedPlace, ["profile_id", "label"], ["lat", "lon", "saved_at"]
        )
        await self.session.execute(
            statement,
            [{"profile_id": profile_id, "label": label, "lat": lat, "lon": lon, "saved_at": now}],
        )

    async def forget_place(self, profile_id: int, label: str) -> bool:
        gone = await self.session.execute(
            delete(SavedPlace).where(SavedPlace.profile_id == profile_id, SavedPlace.label == label)
        )
        return bool(getattr(gone, "rowcount", 0))


def _covered(codes: list[str] | BindParameter[Any]) -> ColumnElement[bool]:
    return exists().where(
        ClinicProgram.clinic_id == Clinic.id, ClinicProgram.program_code.in_(codes)
    )


# Built once (a step of a booking or of the clinics' section asks each time): building one
# took as long as running it.
_COVERED_ONE = select(Clinic).where(
    Clinic.id == bindparam("clinic_id"), _covered(bindparam("codes", expanding=True))
)
_BY_IDS = select(Clinic).where(Clinic.id.in_(bindparam("ids", expanding=True)))


def _token(specialty: str) -> str:
    """Delimited as in the ";"-separated list: «терапевт» is not found in «педиатр-терапевт»."""
    return f";{specialty};"


def _has_specialty(specialty: str) -> ColumnElement[bool]:
    return func.strpos(literal(";") + Clinic.specialties + literal(";"), _token(specialty)) > 0
