"""Nearest covered clinics on the SQLite file, through `nearest_covered_clinics` itself.

Jittered copies of the 1,296 real Moscow clinics (© OpenStreetMap contributors, ODbL) at 1,000 /
10,000 / 100,000 / 1,000,000 clinics, about 30 % of them covered by the programme asked for;
200 queries at random points of Moscow, five nearest each. Median and p99 beside brute-force
geodesic ranking in the same run (time-boxed: at most 5 brute-force queries above 10,000
clinics), whose answers must be the same. Target: p99 < 5 ms at 1,000,000.
"""

from __future__ import annotations

import csv
import os
import platform
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from bench import Report
from core.clinics import brute_force, nearest_covered_clinics
from storage import migrate
from storage.db import Database
from storage.models import Clinic, ClinicProgram, Program

TITLE = "Nearest covered clinics: 1,000 to 1,000,000 clinics on SQLite"
SOURCE = Path(__file__).resolve().parent.parent / "core" / "data" / "clinics_moscow_osm.csv"
SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUERIES = 200
TARGET_P99_MS = 5.0
MOSCOW = ((55.57, 55.91), (37.37, 37.84))


@dataclass(frozen=True)
class Size:
    clinics: int
    median_ms: float
    p99_ms: float
    brute_median_ms: float
    brute_queries: int
    same_answers: bool


def real_clinics() -> list[tuple[float, float]]:
    with SOURCE.open(encoding="utf-8") as file:
        return [(float(row["lat"]), float(row["lon"])) for row in csv.DictReader(file)]


async def fill(db: Database, count: int, rng: random.Random) -> list[tuple[int, str, float, float]]:
    base = real_clinics()
    now = datetime.now(UTC)
    places: list[tuple[int, str, float, float]] = []
    for n in range(count):
        lat, lon = base[n % len(base)]
        if n >= len(base):  # copies beyond the real ones, spread around them
            lat, lon = lat + rng.uniform(-0.02, 0.02), lon + rng.uniform(-0.03, 0.03)
        places.append((n + 1, f"osm-{n:07d}", lat, lon))
    clinics = [
        {"id": cid, "external_id": ext, "name": ext, "address": "", "search_text": "",
         "lat": lat, "lon": lon, "online_booking": False, "specialties": "", "updated_at": now}
        for cid, ext, lat, lon in places
    ]  # fmt: skip
    codes = ["P1" if rng.random() < 0.3 else f"P{rng.randint(2, 9)}" for _ in places]
    links = [{"clinic_id": p[0], "program_code": c} for p, c in zip(places, codes, strict=True)]
    covered = [p for p, c in zip(places, codes, strict=True) if c == "P1"]
    async with db.unit_of_work() as session:
        await session.execute(
            insert(Program),
            [
                {
                    "code": f"P{k}",
                    "name": f"P{k}",
                    "kind": "DMS",
                    "description": "",
                    "covers": "",
                    "placeholder": False,
                    "updated_at": now,
                }
                for k in range(1, 10)
            ],
        )
        for start in range(0, count, 50_000):
            await session.execute(insert(Clinic), clinics[start : start + 50_000])
            await session.execute(insert(ClinicProgram), links[start : start + 50_000])
    return covered


async def measure_size(count: int, workdir: Path, rng: random.Random, queries: int) -> Size:
    db = Database(f"sqlite+aiosqlite:///{workdir / f'nearest-{count}.db'}")
    try:
        await migrate.upgrade(db)
        covered = await fill(db, count, rng)
        points = [(rng.uniform(*MOSCOW[0]), rng.uniform(*MOSCOW[1])) for _ in range(QUERIES)]
        timings, answers = [], []
        for lat, lon in points:
            async with db.unit_of_work() as session:
                started = time.perf_counter()
                found = await nearest_covered_clinics(session, lat, lon, {"P1"}, 5)
                timings.append((time.perf_counter() - started) * 1000)
            answers.append([near.external_id for near in found])
        brute_count = queries if count <= 10_000 else 5 if count < 1_000_000 else 2
        brute_times, same = [], True
        for index in range(brute_count):
            lat, lon = points[index]
            started = time.perf_counter()
            expected = brute_force(lat, lon, covered, 5)
            brute_times.append((time.perf_counter() - started) * 1000)
            same = same and answers[index] == [near.external_id for near in expected]
        timings.sort()
        return Size(
            clinics=count,
            median_ms=statistics.median(timings),
            p99_ms=timings[int(len(timings) * 0.99) - 1],
            brute_median_ms=statistics.median(brute_times),
            brute_queries=brute_count,
            same_answers=same,
        )
    finally:
        await db.dispose()


async def measure(sizes: tuple[int, ...] = SIZES, queries: int = QUERIES) -> list[Size]:
    rng = random.Random(20261124)  # noqa: S311 - reproducible test data, not secrets
    with tempfile.TemporaryDirectory(prefix="dms-bench-nearest-") as scratch:
        return [await measure_size(count, Path(scratch), rng, queries) for count in sizes]


def report(results: list[Size]) -> Report:
    largest = results[-1]
    passed = all(size.same_answers for size in results) and (
        largest.clinics < 1_000_000 or largest.p99_ms < TARGET_P99_MS
    )
    lines = [
        f"## {TITLE}",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; `python -m bench nearest`.",
        "Jittered copies of the 1,296 real Moscow clinics (data © OpenStreetMap contributors, "
        f"ODbL), ~30 % covered by the programme asked for; {QUERIES} random points in Moscow, "
        "5 nearest each, through `nearest_covered_clinics` on the SQLite file (a unit of work per "
        "query). Brute force: the exact geodesic (Karney's method, as geopy's `geodesic`) to "
        "every covered clinic.",
        "",
        "| clinics | median | p99 | brute force median (queries) | same answers |",
        "|---|---|---|---|---|",
    ]
    for size in results:
        lines.append(
            f"| {size.clinics:,} | {size.median_ms:.2f} ms | {size.p99_ms:.2f} ms | "
            f"{size.brute_median_ms:,.0f} ms ({size.brute_queries}) | "
            f"{'yes' if size.same_answers else '**NO**'} |"
        )
    lines += ["", f"Target: p99 < {TARGET_P99_MS:.0f} ms at 1,000,000. "
              f"Verdict: {'**passed**' if passed else '**FAILED**'}."]  # fmt: skip
    return Report("nearest", passed, "\n".join(lines))


async def run() -> Report:
    return report(await measure())
