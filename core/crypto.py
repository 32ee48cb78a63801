"""The keys that protect personal data: encryption at rest, and the secret of code hashes.

What is encrypted: passport series and numbers (the profiles' `document_encrypted`), with Fernet
(AES-128-CBC + HMAC-SHA256) under `DATA_KEY`: comma-separated keys, the first encrypts and all
decrypt (MultiFernet). Without DATA_KEY, on SQLite a key is generated into `DATA_DIR/data.key`
(back it up with the database: without it passport data cannot be read); PostgreSQL requires
DATA_KEY, since a key file beside one instance would not be beside the others.

Rotation: put a new key in front, keep the old ones after it, restart (new data is encrypted with
the new key, old data still decrypts); re-encrypt stored data with `DataKeys.rotate`; then drop
the old key and restart. See docs/runbooks/data-key.md.

Confirmation codes are kept as HMAC-SHA256 under a secret derived (HKDF) from the first key, so a
copy of the database alone cannot be searched for six-digit codes. Rotating the first key voids
codes issued before (they live minutes: people ask for a new one).

`cryptography` (about 9 MB resident, most of it OpenSSL) is imported on the first encryption or
decryption, not at start: a key's form is checked as Fernet checks it (32 bytes, url-safe
base64), and the HKDF of RFC 5869 behind the code hashes is two HMACs of the standard library
(tests/test_crypto.py holds it to `cryptography`'s own).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from core.settings import Settings

if TYPE_CHECKING:
    from cryptography.fernet import MultiFernet

logger = logging.getLogger(__name__)

KEY_FILE = "data.key"
GENERATE = (
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)
CODE_HASH_INFO = b"dms-assistant confirmation codes"
_LOST_KEY = "data encrypted with a key that is no longer in DATA_KEY"


class DataKeyError(ValueError):
    """A data key is missing, malformed or unusable; the message says what to do.

    Messages never contain a key: they end up in logs and on the console (`dmsbot: bad setting`).
    """


def is_fernet_key(key: bytes) -> bool:
    """Whether Fernet takes `key`: 32 bytes in url-safe base64, as `Fernet(key)` checks."""
    try:
        return len(base64.urlsafe_b64decode(key)) == 32
    except (binascii.Error, ValueError):
        return False


def new_key() -> bytes:
    """A fresh Fernet key, as `Fernet.generate_key()` makes it."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32))


def hkdf_sha256(key: bytes, info: bytes, length: int = 32) -> bytes:
    """HKDF (RFC 5869) with SHA-256 and no salt: extract, then expand to `length` bytes."""
    pseudorandom = hmac.new(b"\0" * hashlib.sha256().digest_size, key, hashlib.sha256).digest()
    block, derived = b"", b""
    for counter in range(1, -(-length // len(pseudorandom)) + 1):
        block = hmac.new(pseudorandom, block + info + bytes([counter]), hashlib.sha256).digest()
        derived += block
    return derived[:length]


def _publish_new_key(path: Path) -> bool:
    """Write a fresh key to `path` unless one is there already; True when this call wrote it.

    Written to a temporary file, flushed to disk and then hard-linked into place: the link is
    atomic and never replaces an existing file, so two processes starting together (the bot and
    `dmsbot migrate`) end up with the same key, and nobody ever reads a half-written one.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(new_key() + b"\n")
            file.flush()
            # Data encrypted with a key that a power cut then loses could never be read.
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
    finally:
        temporary.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # the directory entry too; not every platform allows it
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    return True


def _key_file(path: Path) -> bytes:
    """The key in `path`, generated there (mode 0600) with a warning on the first start."""
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            if _publish_new_key(path):
                logger.warning(
                    "DATA_KEY is not set: generated %s. Back it up with the database: without "
                    "it passport data cannot be read. Set DATA_KEY in production.",
                    path,
                )
        key = path.read_bytes().strip()
    except OSError as error:
        raise DataKeyError(
            f"cannot use the data key file {path} ({error.strerror or error}): make DATA_DIR "
            "writable, or set DATA_KEY"
        ) from None
    if not is_fernet_key(key):
        raise DataKeyError(
            f"{path} is not a Fernet key: restore it from the backup taken with the database, "
            "or set DATA_KEY (without the right key passport data cannot be read)"
        ) from None
    return key


class DataKeys:
    """Encryption of personal data under DATA_KEY, and the keyed hash of confirmation codes."""

    def __init__(self, keys: list[bytes]) -> None:
        """`keys` in DATA_KEY order: the first encrypts and keys code hashes, all decrypt."""
        if not keys:
            raise DataKeyError(f"DATA_KEY has no key; generate one with: {GENERATE}")
        for position, key in enumerate(keys, start=1):
            if not is_fernet_key(key):  # the message never holds the key: it ends up in logs
                raise DataKeyError(
                    f"DATA_KEY #{position} is not a Fernet key (32 url-safe base64 bytes); "
                    f"generate one with: {GENERATE}"
                )
        self._keys = tuple(keys)
        # A secret of its own for code hashes: the Fernet key itself is never used twice over.
        self._code_secret = self.secret(CODE_HASH_INFO)

    def secret(self, purpose: bytes) -> bytes:
        """A 32-byte secret of its own for `purpose`, derived (HKDF) from the first key: e.g.
        the code hashes' key, the sandbox's notification signatures."""
        return hkdf_sha256(self._keys[0], purpose)

    @functools.cached_property
    def _multi(self) -> MultiFernet:
        from cryptography.fernet import Fernet, MultiFernet

        return MultiFernet([Fernet(key) for key in self._keys])

    @classmethod
    def from_settings(cls, settings: Settings) -> DataKeys:
        """DATA_KEY when set; else, on SQLite only, the key in DATA_DIR/data.key (generated)."""
        if settings.data_key:
            return cls([key.get_secret_value().strip().encode() for key in settings.data_key])
        if not settings.db_url.startswith("sqlite"):
            raise DataKeyError(
                f"DATA_KEY is required with PostgreSQL; generate one with: {GENERATE}"
            )
        return cls([_key_file(settings.data_dir / KEY_FILE)])

    def encrypt(self, text: str) -> str:
        """`text` encrypted with the first key (a Fernet token, ASCII)."""
        return self._multi.encrypt(text.encode()).decode()

    def decrypt(self, token: str) -> str:
        """The text of a token made with any key in DATA_KEY; DataKeyError when none fits."""
        from cryptography.fernet import InvalidToken

        try:
            return self._multi.decrypt(token.encode()).decode()
        except InvalidToken:
            raise DataKeyError(_LOST_KEY) from None

    def rotate(self, token: str) -> str:
        """The same data, encrypted with the first key (to re-encrypt before dropping old keys)."""
        from cryptography.fernet import InvalidToken

        try:
            return self._multi.rotate(token.encode()).decode()
        except InvalidToken:
            raise DataKeyError(_LOST_KEY) from None

    def code_hash(self, purpose: str, address: str, code: str) -> str:
        """HMAC-SHA256 (64 hex digits) of a confirmation code, bound to its purpose and address.

        Keyed with a secret derived from the FIRST key of DATA_KEY, so that the database alone
        cannot be brute-forced for six-digit codes. Hence rotating DATA_KEY voids the codes
        issued before the restart (they live CODE_TTL, 10 minutes by default).

        Canonical form `purpose\\0address\\0code`: the code comes last and is the only part
        that differs between issuing and checking, so the join cannot be made ambiguous.
        """
        message = "\0".join((purpose, address, code)).encode()
        return hmac.new(self._code_secret, message, hashlib.sha256).hexdigest()


def codes_match(a: str, b: str) -> bool:
    """Whether two code hashes are equal, in constant time (no timing hints to a guesser)."""
    return hmac.compare_digest(a.encode(), b.encode())
