"""Nearest covered clinics: equal to a brute-force geodesic ranking, through the traps."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert

from core.clinics import brute_force, nearest_covered_clinics
from core.services import Services
from storage.models import Clinic, ClinicProgram, Program

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


@pytest.mark.timeout(300)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    clinics=st.lists(
        st.tuples(st.floats(-80, 80), st.floats(-180, 180), st.sampled_from(["P", "Q"])),
        min_size=1,
        max_size=40,
    ),
    where=st.tuples(st.floats(-80, 80), st.floats(-180, 180)),
    limit=st.integers(1, 7),
)
async def test_equals_brute_force(
    services: Services,
    clinics: list[tuple[float, float, str]],
    where: tuple[float, float],
    limit: int,
) -> None:
    async with services.db.unit_of_work() as session:
        await session.execute(ClinicProgram.__table__.delete())
        await session.execute(Clinic.__table__.delete())
        await session.execute(Program.__table__.delete())
    places = [(f"c{n:03d}", lat, lon, code) for n, (lat, lon, code) in enumerate(clinics)]
    await add_clinics(services, places)
    async with services.db.unit_of_work() as session:
        found = await nearest_covered_clinics(session, *where, {"P"}, limit)
    covered = [(n, ext, lat, lon) for n, (ext, lat, lon, code) in enumerate(places) if code == "P"]
    expected = brute_force(*where, covered, limit)
    assert [near.external_id for near in found] == [near.external_id for near in expected]
