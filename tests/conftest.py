"""Fixtures: a fresh database per test (SQLite, or PostgreSQL with --backend=postgresql), the
in-process bot on the stand-in, people to talk to it, and the Redis server.

Servers: PostgreSQL on 127.0.0.1:5432 (user postgres, trust), Redis on 127.0.0.1:6379. Where one
does not answer, its tests skip with the reason, except under CI=true, where they fail.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
import pytest
import redis.asyncio as aioredis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from bot import routing
from core.clock import ManualClock
from core.services import Services, build_services
from core.settings import Settings
from standin import BotApiStandin, Person
from standin.rig import InProcessBot
from standin.server import StandinServer
from storage.db import Database
from storage.migrate import upgrade
from tests.probe import probe_catalogue, probe_feature

# Fixtures several test modules share live beside their helpers: `outbox` (tests/people.py),
# `web` and `watched` (tests/payments_rig.py), `mailbox` and `sms_gateway` (tests/e2e.py). A
# module's own fixture of the same name still wins in that module.
pytest_plugins = ["tests.people", "tests.payments_rig", "tests.e2e"]
# Helpers with asserts that are not plugins: their failures reported as a test's are.
pytest.register_assert_rewrite("tests.booking_rig", "tests.identity_steps", "tests.rosters")

# Hypothesis: `ci` (the default) keeps the dialogue fuzzer (tests/test_fuzz.py) within a minute;
# `pytest --hypothesis-profile=thorough` for a long run. Tests with their own @settings keep them.
for _name, _examples in (("ci", 20), ("thorough", 500)):
    hypothesis_settings.register_profile(
        _name,
        max_examples=_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
hypothesis_settings.load_profile("ci")

PG_ADMIN_DSN = os.environ.get("TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() == "true"
TOKEN = "1000001:TEST-TOKEN"
# A fixed Fernet key: tests on PostgreSQL need one (SQLite would generate one into DATA_DIR).
DATA_KEY = "q5Vb0dWc6Mhb2oQYbqkP9q7D3x5m2y0Xg0C8m0mJwJQ="


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="database for the tests (the db-marked ones are meant to run on both)",
    )


def unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing server fails the run)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _hermetic_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own settings (environment, .env) never leak into a test."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setitem(Settings.model_config, "env_file", None)


@pytest.fixture(autouse=True)
def _routing_gates_checked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every dispatcher a test builds lets what its routers' gates would pass over through, and
    a handler taking such an update fails the test (bot/routing.py): each update the suite sends
    checks the gates. tests/test_routing.py runs them for real."""
    monkeypatch.setattr(routing, "CHECKING", True)
    missed = routing.MISSED
    missed.clear()
    yield
    assert not missed, "a router's gate would have passed over an update its handler took:\n" + (
        "\n".join(missed)
    )


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.config.getoption("--backend"))


@pytest.fixture
async def empty_database_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database of its own for this test, with no tables."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    name = f"dms_test_{secrets.token_hex(6)}"
    try:
        admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        unavailable(f"PostgreSQL at {PG_ADMIN_DSN} does not answer: {error}")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    try:
        yield f"{base}/{name}"
    finally:
        admin = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated once per run; each test gets a copy (migrations themselves have their tests)."""
    path = tmp_path_factory.mktemp("template") / "template.db"

    async def migrate() -> None:
        db = Database(f"sqlite+aiosqlite:///{path}")
        try:
            await upgrade(db)
        finally:
            await db.dispose()

    # Requested from inside a running test loop: migrate on a thread with a loop of its own.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, migrate()).result()
    return path


@pytest.fixture
async def database_url(
    backend: str, empty_database_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> str:
    """A database of its own for this test, migrated to head."""
    if backend == "sqlite":
        shutil.copy(request.getfixturevalue("_sqlite_template"), tmp_path / "test.db")
        return empty_database_url
    db = Database(empty_database_url)
    try:
        await upgrade(db)
    finally:
        await db.dispose()
    return empty_database_url


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def make_settings(tmp_path: Path, database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "bot_token": TOKEN,
        "data_dir": tmp_path / "data",
        "database_url": database_url,
        "insurer_name": "СК «Тест»",
        "hotline_phone": "+7 800 555-35-35",
        "support_email": "help@insurer.test",
        "data_key": DATA_KEY,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


async def start_bot(settings: Settings, standin: BotApiStandin | None = None) -> InProcessBot:
    """A bot process of its own (its own services), e.g. to restart on the same database."""
    services = build_services(settings, clock=ManualClock(), catalogue=probe_catalogue())
    bot = InProcessBot(settings, services, extra_features=[probe_feature], standin=standin)
    await bot.start()
    return bot


async def stop_bot(bot: InProcessBot) -> None:
    await bot.stop()
    await bot.services.close()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url)


@pytest.fixture
async def services(settings: Settings, clock: ManualClock) -> AsyncIterator[Services]:
    built = build_services(settings, clock=clock, catalogue=probe_catalogue())
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture
async def rig(settings: Settings, services: Services) -> AsyncIterator[InProcessBot]:
    bot = InProcessBot(settings, services, extra_features=[probe_feature])
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()


@pytest.fixture
def anna(rig: InProcessBot) -> Person:
    return rig.person(5001, "Анна", "ru")


@pytest.fixture
def john(rig: InProcessBot) -> Person:
    return rig.person(5002, "John", "en")


@pytest.fixture
async def telegram() -> AsyncIterator[StandinServer]:
    """The stand-in's HTTP front on 127.0.0.1, for a real bot process (end-to-end tests)."""
    standin = BotApiStandin(bot_id=int(TOKEN.split(":")[0]))
    async with StandinServer(standin, token=TOKEN) as server:
        yield server


@pytest.fixture
async def redis_url() -> str:
    client = aioredis.from_url(REDIS_URL)
    try:
        await client.ping()
    except (OSError, aioredis.RedisError) as error:
        unavailable(f"Redis at {REDIS_URL} does not answer: {error}")
    finally:
        await client.aclose()
    return REDIS_URL


@pytest.fixture
def redis_prefix() -> str:
    return f"dmstest{secrets.token_hex(4)}"
