"""The keys that protect personal data: encryption at rest, and the secret of code hashes.

Passport series and numbers are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under
`DATA_KEY`: comma-separated keys, the first encrypts and all decrypt (MultiFernet). Rotation: put
a new key in front, keep the old ones after it, restart; re-encrypt stored data with `rotate`; then
drop the old key. Without DATA_KEY, on SQLite a key is generated into `DATA_DIR/data.key` (back it
up with the database: without it passport data cannot be read); PostgreSQL requires DATA_KEY.

Confirmation codes are kept as HMAC-SHA256 under a secret derived (HKDF) from the first key, so a
copy of the database alone cannot be searched for six-digit codes. Rotating the first key voids
codes issued before (they live minutes).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core.settings import Settings

logger = logging.getLogger(__name__)

KEY_FILE = "data.key"
GENERATE = (
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)


class DataKeyError(ValueError):
    pass


def _fernet(key: bytes, position: int) -> Fernet:
    try:
        return Fernet(key)
    except (ValueError, TypeError):
        raise DataKeyError(
            f"DATA_KEY #{position} is not a Fernet key (32 url-safe base64 bytes); "
            f"generate one with: {GENERATE}"
        ) from None


def _key_file(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(key + b"\n")
    logger.warning(
        "DATA_KEY is not set: generated %s. Back it up with the database: without it passport "
        "data cannot be read. Set DATA_KEY in production.",
        path,
    )
    return key


class DataKeys:
    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise DataKeyError("no data key")
        fernets = [_fernet(key, position) for position, key in enumerate(keys, start=1)]
        self._multi = MultiFernet(fernets)
        self._code_secret = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=None,
            info=b"dms-assistant confirmation codes",
        ).derive(keys[0])

    @classmethod
    def from_settings(cls, settings: Settings) -> DataKeys:
        if settings.data_key:
            return cls([key.get_secret_value().strip().encode() for key in settings.data_key])
        if not settings.db_url.startswith("sqlite"):
            raise DataKeyError(
                f"DATA_KEY is required with PostgreSQL; generate one with: {GENERATE}"
            )
        return cls([_key_file(settings.data_dir / KEY_FILE)])

    def encrypt(self, text: str) -> str:
        return self._multi.encrypt(text.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._multi.decrypt(token.encode()).decode()
        except InvalidToken:
            raise DataKeyError("data encrypted with a key that is no longer in DATA_KEY") from None

    def rotate(self, token: str) -> str:
        """The same data, encrypted with the first key."""
        try:
            return self._multi.rotate(token.encode()).decode()
        except InvalidToken:
            raise DataKeyError("data encrypted with a key that is no longer in DATA_KEY") from None

    def code_hash(self, purpose: str, address: str, code: str) -> str:
        message = "\0".join((purpose, address, code)).encode()
        return hmac.new(self._code_secret, message, hashlib.sha256).hexdigest()


def codes_match(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
