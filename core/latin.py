"""Russian text in Latin script, by ICAO Doc 9303 (as in Russian international passports): the
names, numbers and words of a ВЗР policy's copy for a consulate."""

from __future__ import annotations

import re

# ICAO Doc 9303's table: Russian, and the Ukrainian and Belarusian letters it also gives.
ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "і": "i", "ї": "i", "є": "ie", "ґ": "g", "ў": "u",
}  # fmt: skip
CYRILLIC = re.compile("[\u0400-\u04ff]")  # what must not reach a consulate's copy


def latin(text: str) -> str:
    """«Петрова Анна» → "Petrova Anna", «ЩУКИНА» → "SHCHUKINA"; Latin text, digits and signs
    stay as they are."""
    out = []
    for at, char in enumerate(text):
        plain = ICAO.get(char.lower())
        if plain is None:
            out.append(char)
        elif not char.isupper():
            out.append(plain)
        elif _upper_word(text, at):
            out.append(plain.upper())
        else:
            out.append(plain.capitalize())
    return "".join(out)


def _upper_word(text: str, at: int) -> bool:
    """Whether the capital at `at` stands among capitals (a word in capitals), not first in a
    word."""
    neighbours = text[max(at - 1, 0) : at] + text[at + 1 : at + 2]
    return any(ch.isupper() for ch in neighbours)
