"""Card numbers in free text: found (13–19 digits, spaces or dashes allowed, Luhn) and masked.

The bot never keeps a card number: a message with one is deleted from the chat at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CANDIDATE = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])")


@dataclass(frozen=True, slots=True)
class CardNumber:
    start: int
    end: int
    digits: str

    @property
    def masked(self) -> str:
        return f"•••• {self.digits[-4:]}"


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def find_card_numbers(text: str) -> list[CardNumber]:
    found = []
    for match in _CANDIDATE.finditer(text):
        digits = re.sub(r"[ -]", "", match.group())
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            found.append(CardNumber(match.start(), match.end(), digits))
    return found


def mask_card_numbers(text: str, found: list[CardNumber] | None = None) -> str:
    for card in sorted(
        found if found is not None else find_card_numbers(text), key=lambda c: -c.start
    ):
        text = text[: card.start] + card.masked + text[card.end :]
    return text
