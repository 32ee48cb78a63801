"""Nearest covered clinics: equal to a brute-force geodesic ranking, through the traps."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert

from core.clinics import CAP, FIRST_RADIUS, brute_force, nearest_covered_clinics
from core.importing import COORDINATE_DECIMALS
from core.services import Services
from storage.models import Clinic, ClinicProgram, Program
from storage.repositories.clinics import ClinicRepository

# The spatial index differs by database (an R*Tree on SQLite, GiST on PostgreSQL): run on both.
pytestmark = pytest.mark.db

NOW = datetime(2026, 11, 24, tzinfo=UTC)


async def add_clinics(services: Services, places: list[tuple[str, float, float, str]]) -> None:
    """(external_id, lat, lon, programme code)."""
    async with services.db.unit_of_work() as session:
        codes = sorted({code for *_rest, code in places})
        await session.execute(
            insert(Program),
            [{"code": c, "name": c, "kind": "DMS", "description": "", "covers": "",
              "placeholder": False, "updated_at": NOW} for c in codes],
        )  # fmt: skip
        for external, lat, lon, code in places:
            clinic = Clinic(
                external_id=external, name=external, address="", search_text=external,
                lat=lat, lon=lon, online_booking=False, specialties="", updated_at=NOW,
            )  # fmt: skip
            session.add(clinic)
            await session.flush()
            await session.execute(
                insert(ClinicProgram).values(clinic_id=clinic.id, program_code=code)
            )


async def add_many(services: Services, places: list[tuple[str, float, float, str]]) -> None:
    """The same as `add_clinics`, in bulk, for thousands."""
    async with services.db.unit_of_work() as session:
        codes = sorted({code for *_rest, code in places})
        await session.execute(
            insert(Program),
            [{"code": c, "name": c, "kind": "DMS", "description": "", "covers": "",
              "placeholder": False, "updated_at": NOW} for c in codes],
        )  # fmt: skip
        await session.execute(
            insert(Clinic),
            [{"id": n + 1, "external_id": ext, "name": ext, "address": "", "search_text": ext,
              "lat": lat, "lon": lon, "online_booking": False, "specialties": "",
              "updated_at": NOW} for n, (ext, lat, lon, _code) in enumerate(places)],
        )  # fmt: skip
        await session.execute(
            insert(ClinicProgram),
            [{"clinic_id": n + 1, "program_code": code} for n, (*_r, code) in enumerate(places)],
        )


async def nearest(
    services: Services, lat: float, lon: float, limit: int = 5, programs: set[str] | None = None
) -> list[str]:
    async with services.db.unit_of_work() as session:
        found = await nearest_covered_clinics(
            session, lat, lon, {"P"} if programs is None else programs, limit
        )
    return [near.external_id for near in found]


async def test_east_beats_north_at_moscows_latitude(services: Services) -> None:
    await add_clinics(services, [("north", 55.760, 37.610, "P"), ("east", 55.750, 37.622, "P")])
    assert await nearest(services, 55.750, 37.610, limit=1) == ["east"]


async def test_a_near_tie_the_sphere_gets_wrong(services: Services) -> None:
    """1,000 m north against 1,000.5 m east (WGS-84): a sphere (haversine) says 998.7 m against
    997.1 m, the other way round."""
    await add_clinics(
        services, [("north", 55.7589817, 37.62, "P"), ("east", 55.749999, 37.6359328, "P")]
    )
    assert await nearest(services, 55.75, 37.62, limit=2) == ["north", "east"]


async def test_neighbours_across_the_180th_meridian(services: Services) -> None:
    await add_clinics(
        services,
        [("anadyr-west", 64.73, 179.95, "P"), ("over-the-line", 64.73, -179.95, "P"),
         ("far", 64.73, 170.0, "P")],
    )  # fmt: skip
    assert await nearest(services, 64.73, -179.99, limit=2) == ["over-the-line", "anadyr-west"]


async def test_high_latitudes_and_the_programme_filter(services: Services) -> None:
    await add_clinics(
        services,
        [("svalbard-a", 78.22, 15.65, "P"), ("svalbard-b", 78.23, 15.40, "P"),
         ("nearest-but-not-covered", 78.221, 15.651, "OTHER")],
    )  # fmt: skip
    assert await nearest(services, 78.221, 15.651, limit=5) == ["svalbard-a", "svalbard-b"]
    assert await nearest(services, 78.221, 15.651, programs=set()) == []


def coordinate(limit: float) -> st.SearchStrategy[float]:
    """As the import keeps them: rounded to 7 decimals."""
    return st.floats(-limit, limit).map(lambda value: round(value, COORDINATE_DECIMALS))


@pytest.mark.timeout(300)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    clinics=st.lists(
        st.tuples(coordinate(80), coordinate(180), st.sampled_from(["P", "Q"])),
        min_size=1,
        max_size=40,
    ),
    where=st.tuples(coordinate(80), coordinate(180)),
    limit=st.integers(1, 7),
    cap=st.sampled_from([2, 5, CAP]),  # small caps: the narrowing paths, often
    # Where the box starts (`Clinics` starts where the last search ended): any start, the same
    # answer.
    start=st.sampled_from([FIRST_RADIUS, 30_000.0, 3_000_000.0]),
)
async def test_equals_brute_force(
    services: Services,
    clinics: list[tuple[float, float, str]],
    where: tuple[float, float],
    limit: int,
    cap: int,
    start: float,
) -> None:
    async with services.db.unit_of_work() as session:
        await session.execute(ClinicProgram.__table__.delete())
        await session.execute(Clinic.__table__.delete())
        await session.execute(Program.__table__.delete())
    places = [(f"c{n:03d}", lat, lon, code) for n, (lat, lon, code) in enumerate(clinics)]
    await add_clinics(services, places)
    with patch("core.clinics.CAP", cap):
        async with services.db.unit_of_work() as session:
            found = await nearest_covered_clinics(session, *where, {"P"}, limit, start=start)
    covered = [(n, ext, lat, lon) for n, (ext, lat, lon, code) in enumerate(places) if code == "P"]
    expected = brute_force(*where, covered, limit)
    assert [near.external_id for near in found] == [near.external_id for near in expected]


async def test_a_search_starts_where_the_last_one_of_its_kind_ended(services: Services) -> None:
    """The second search in the same city reads once, not four or five times from 300 m, and
    finds what a search from scratch finds."""
    rng = random.Random(11)
    places = [
        (f"c{n:03d}", 55.75 + rng.uniform(-0.15, 0.15), 37.62 + rng.uniform(-0.25, 0.25), "P")
        for n in range(300)
    ]
    await add_many(services, places)
    reads: list[int] = []
    covered_in = ClinicRepository.covered_in

    async def counted(self: ClinicRepository, *args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        return await covered_in(self, *args, **kwargs)

    with patch.object(ClinicRepository, "covered_in", counted):
        async with services.db.unit_of_work():
            first = await services.clinics.near({"P"}, 55.75, 37.62, page=0)
        from_scratch = len(reads)
        reads.clear()
        async with services.db.unit_of_work():
            second = await services.clinics.near({"P"}, 55.80, 37.55, page=0)
    assert from_scratch >= 3
    assert len(reads) <= 2
    async with services.db.unit_of_work() as session:
        expected = await nearest_covered_clinics(session, 55.80, 37.55, {"P"}, 6)
    assert [item.clinic.external_id for item in second.items] == [
        near.external_id for near in expected[:5]
    ]
    assert len(first.items) == 5


async def test_a_city_seen_from_its_empty_outskirts(services: Services) -> None:
    """Far more clinics than one read takes, all beyond an empty ring: the box narrows."""
    rng = random.Random(7)
    places = [
        (f"c{n:04d}", 55.75 + rng.uniform(-0.1, 0.1), 37.62 + rng.uniform(-0.15, 0.15),
         "P" if n % 3 else "Q")
        for n in range(3000)
    ]  # fmt: skip
    await add_many(services, places)
    covered = [(n, ext, lat, lon) for n, (ext, lat, lon, code) in enumerate(places) if code == "P"]
    for lat, lon in [(55.75, 38.2), (56.3, 37.62), (55.75, 37.62), (54.0, 30.0)]:
        expected = [near.external_id for near in brute_force(lat, lon, covered, 7)]
        assert await nearest(services, lat, lon, limit=7) == expected, (lat, lon)


async def test_more_clinics_at_one_point_than_one_read_takes(services: Services) -> None:
    pile = [(f"pile{n:04d}", 55.75, 37.62, "P") for n in range(CAP + 20)]
    await add_many(services, [*pile, ("aside", 55.76, 37.62, "P")])
    found = await nearest(services, 55.7501, 37.62, limit=CAP + 21)
    assert found == [ext for ext, *_rest in pile] + ["aside"]


async def test_the_index_follows_moves_and_removals(services: Services) -> None:
    await add_clinics(services, [("moved", 55.75, 37.62, "P"), ("stays", 55.80, 37.62, "P")])
    assert await nearest(services, 55.75, 37.62, limit=1) == ["moved"]
    async with services.db.unit_of_work() as session:
        await session.execute(
            Clinic.__table__.update().where(Clinic.external_id == "moved").values(lat=59.93)
        )
    assert await nearest(services, 55.75, 37.62, limit=1) == ["stays"]
    assert await nearest(services, 59.93, 37.62, limit=1) == ["moved"]
    async with services.db.unit_of_work() as session:
        await session.execute(Clinic.__table__.delete().where(Clinic.external_id == "stays"))
    assert await nearest(services, 55.80, 37.62, limit=5) == ["moved"]
