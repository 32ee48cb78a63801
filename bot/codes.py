"""What a person is told when a code is not sent for a cap (sign-up, recovery, a new contact)."""

from __future__ import annotations

from core.codes import TooMany
from core.i18n import Translator


def too_many(_: Translator, error: TooMany, hotline: str) -> str:
    # The SMS brake holds for everyone: said so, without a word about anyone else.
    if error.scope == "sms-brake":
        return _("signup-sms-paused", minutes=error.minutes, phone=hotline)
    return _("signup-too-many", minutes=error.minutes)
