"""Data keys, beyond tests/test_data_keys.py: what the code-hash secret is derived from, damaged
or unusable key files, and two processes generating the key file at the same time."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import string
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core.crypto import DataKeyError, DataKeys, hkdf_sha256, is_fernet_key, new_key
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


@pytest.mark.parametrize("length", [1, 16, 32, 33, 64, 100])
def test_the_standard_library_hkdf_is_cryptographys(length: int) -> None:
    for key in (Fernet.generate_key(), b"", os.urandom(7)):
        for info in (b"", b"dms-assistant confirmation codes", os.urandom(40)):
            expected = HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info)
            assert hkdf_sha256(key, info, length) == expected.derive(key)


def test_a_key_is_taken_exactly_when_fernet_takes_it() -> None:
    def fernet_takes(key: bytes) -> bool:
        try:
            Fernet(key)
        except (ValueError, TypeError):
            return False
        return True

    made = new_key()
    candidates = [
        made,
        made.rstrip(b"="),  # padding lost
        made[:-2] + b"==",
        made + made,
        made[:20],
        made.replace(b"-", b"+").replace(b"_", b"/"),  # the standard alphabet's characters
        b" " + made,
        made + b"\n",
        b"",
        b"=" * 44,
        b"not a key at all, not even close to one!!!=",
        *(os.urandom(33) for _ in range(20)),
        *(Fernet.generate_key() for _ in range(20)),
    ]
    for candidate in candidates:
        assert is_fernet_key(candidate) is fernet_takes(candidate), candidate
    assert fernet_takes(made)


def test_the_bot_starts_without_cryptography(tmp_path: Path) -> None:
    """OpenSSL's ~9 MB are loaded at the first encryption, not at start: the dispatcher built
    (code hashes and payment signatures' secrets derived), `cryptography` is not imported."""
    program = """
import sys
from pathlib import Path
from bot.app import create_dispatcher
from core.services import build_services
from core.settings import Settings

directory = Path(sys.argv[1])
database = f"sqlite+aiosqlite:///{directory / 't.db'}"
settings = Settings(bot_token="1000001:TEST", data_dir=directory, database_url=database)
services = build_services(settings)
create_dispatcher(settings, services)
services.keys.code_hash("signup-email", "a@b.ru", "123456")
assert "cryptography" not in sys.modules, "imported at start"
services.keys.decrypt(services.keys.encrypt("45 10 987654"))
assert "cryptography" in sys.modules
"""
    done = subprocess.run(
        [sys.executable, "-c", program, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


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
