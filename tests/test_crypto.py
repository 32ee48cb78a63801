"""Data keys, beyond tests/test_data_keys.py: what the code-hash secret is derived from, damaged
or unusable key files, and two processes generating the key file at the same time."""

from __future__ import annotations

import hashlib
import hmac
import logging
import string
import threading
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core.crypto import DataKeyError, DataKeys
from tests.conftest import make_settings

PASSPORT = "Паспорт РФ 45 10 987654, выдан ОВД «Арбат»"


def sqlite(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 't.db'}"


def keys(tmp_path: Path, data_key: str | None) -> DataKeys:
    return DataKeys.from_settings(make_settings(tmp_path, sqlite(tmp_path), data_key=data_key))


def test_cyrillic_round_trip_and_keys_pasted_with_spaces(tmp_path: Path) -> None:
    new, old = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = keys(tmp_path, old).encrypt(PASSPORT)
    assert token.isascii()
    assert PASSPORT not in token
    assert "987654" not in token
    both = keys(tmp_path, f" {new} , {old} ")  # as pasted into .env
    assert both.decrypt(token) == PASSPORT
    assert keys(tmp_path, new).decrypt(both.rotate(token)) == PASSPORT
    with pytest.raises(DataKeyError, match="no longer in DATA_KEY"):
        keys(tmp_path, new).rotate(token)


def test_the_code_secret_is_derived_from_the_first_key_only(tmp_path: Path) -> None:
    new, old = Fernet.generate_key(), Fernet.generate_key()
    secret = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"dms-assistant confirmation codes"
    ).derive(new)
    expected = hmac.new(secret, b"signup-email\x00a@b.ru\x00123456", hashlib.sha256).hexdigest()

    hashed = keys(tmp_path, f"{new.decode()},{old.decode()}").code_hash(
        "signup-email", "a@b.ru", "123456"
    )
    assert hashed == expected
    assert len(hashed) == 64
    assert set(hashed) <= set(string.hexdigits.lower())
    # The old key decrypts, but codes issued under it no longer match: rotation voids them.
    assert keys(tmp_path, old.decode()).code_hash("signup-email", "a@b.ru", "123456") != hashed


def test_a_damaged_key_file_stops_the_start_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "data" / "data.key"
    path.parent.mkdir()
    path.write_bytes(b"truncated-key\n")
    with pytest.raises(DataKeyError, match=r"data\.key is not a Fernet key") as caught:
        keys(tmp_path, None)
    assert "truncated-key" not in str(caught.value)
    assert "DATA_KEY #" not in str(caught.value)  # it is the file, not the setting
    assert path.read_bytes() == b"truncated-key\n"  # never replaced: a new key orphans the data


def test_an_unusable_data_dir_is_a_data_key_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    settings = make_settings(tmp_path, sqlite(tmp_path), data_key=None, data_dir=blocker / "data")
    with pytest.raises(DataKeyError, match="make DATA_DIR writable, or set DATA_KEY"):
        DataKeys.from_settings(settings)


def test_processes_starting_together_share_one_generated_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(tmp_path, sqlite(tmp_path), data_key=None)
    start = threading.Barrier(8)
    built: list[DataKeys] = []

    def build() -> None:
        start.wait()
        built.append(DataKeys.from_settings(settings))

    with caplog.at_level(logging.WARNING, logger="core.crypto"):
        threads = [threading.Thread(target=build) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert len(built) == 8
    token = built[0].encrypt(PASSPORT)
    assert all(each.decrypt(token) == PASSPORT for each in built)
    assert sum("generated" in record.getMessage() for record in caplog.records) == 1
    assert sorted(p.name for p in settings.data_dir.iterdir()) == ["data.key"]  # no temp files


def test_losing_the_race_to_create_the_key_file_keeps_the_winners_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(tmp_path, sqlite(tmp_path), data_key=None)
    winner = DataKeys.from_settings(settings)  # another process, a moment earlier
    path = settings.data_dir / "data.key"
    written = path.read_bytes()
    real_exists = Path.exists
    # This process looked before the winner wrote the file.
    monkeypatch.setattr(Path, "exists", lambda self: self != path and real_exists(self))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="core.crypto"):
        loser = DataKeys.from_settings(settings)
    assert loser.decrypt(winner.encrypt(PASSPORT)) == PASSPORT
    assert path.read_bytes() == written
    assert not caplog.records
    assert sorted(p.name for p in settings.data_dir.iterdir()) == ["data.key"]
