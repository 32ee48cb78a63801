"""The folded form of a text, for matching what a person types to a label or a name."""

from __future__ import annotations

import re
import unicodedata

# Labels are Russian or English: anything else (emoji, «ℹ», punctuation) is decoration.
_NOT_WORD = re.compile(r"[^0-9a-zа-я]+")


def fold(text: str) -> str:
    """Case-, ё- and punctuation-insensitive form, for matching typed text to buttons."""
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return _NOT_WORD.sub(" ", text).strip()
