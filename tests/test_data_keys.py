"""Data keys: encryption at rest with rotation, generated keys, and keyed code hashes."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from core.crypto import DataKeyError, DataKeys, codes_match
from tests.conftest import make_settings


def keys(tmp_path: Path, *values: str, url: str | None = None) -> DataKeys:
    database = url or f"sqlite+aiosqlite:///{tmp_path / 't.db'}"
    return DataKeys.from_settings(
        make_settings(tmp_path, database, data_key=",".join(values) if values else None)
    )


def test_round_trip_and_rotation(tmp_path: Path) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    before = keys(tmp_path, old)
    token = before.encrypt("45 10 987654 — паспорт")
    assert "987654" not in token
    after = keys(tmp_path, new, old)  # a new key in front, the old one kept after it
    assert after.decrypt(token) == "45 10 987654 — паспорт"
    rotated = after.rotate(token)
    assert keys(tmp_path, new).decrypt(rotated) == "45 10 987654 — паспорт"
    with pytest.raises(DataKeyError, match="no longer in DATA_KEY"):
        keys(tmp_path, new).decrypt(token)


def test_a_bad_key_is_named_by_position_and_not_echoed(tmp_path: Path) -> None:
    good = Fernet.generate_key().decode()
    with pytest.raises(DataKeyError, match="DATA_KEY #2 is not a Fernet key") as caught:
        keys(tmp_path, good, "not-a-key")
    assert "not-a-key" not in str(caught.value)


def test_sqlite_without_a_key_generates_one_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 't.db'}", data_key=None)
    with caplog.at_level(logging.WARNING):
        first = DataKeys.from_settings(settings)
        second = DataKeys.from_settings(settings)
    path = settings.data_dir / "data.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert second.decrypt(first.encrypt("x")) == "x"
    assert sum("generated" in record.message for record in caplog.records) == 1


def test_postgresql_requires_a_key(tmp_path: Path) -> None:
    with pytest.raises(DataKeyError, match="DATA_KEY is required with PostgreSQL"):
        keys(tmp_path, url="postgresql+asyncpg://postgres@127.0.0.1/none")


def test_code_hashes_are_keyed_and_bound_to_purpose_and_address(tmp_path: Path) -> None:
    key, other = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    hashed = keys(tmp_path, key).code_hash("signup-email", "a@b.ru", "123456")
    assert len(hashed) == 64
    assert "123456" not in hashed
    assert hashed == keys(tmp_path, key).code_hash("signup-email", "a@b.ru", "123456")
    assert codes_match(hashed, keys(tmp_path, key).code_hash("signup-email", "a@b.ru", "123456"))
    for changed in (
        keys(tmp_path, key).code_hash("signup-phone", "a@b.ru", "123456"),
        keys(tmp_path, key).code_hash("signup-email", "c@b.ru", "123456"),
        keys(tmp_path, key).code_hash("signup-email", "a@b.ru", "123457"),
        keys(tmp_path, other).code_hash("signup-email", "a@b.ru", "123456"),
    ):
        assert not codes_match(hashed, changed)
