"""Card numbers in free text: found (13–19 digits passing Luhn) and masked.

Between any two digits a space or a dash may stand. Between groups of four (4-6-5 and 4-6-4 for
American Express and Diners) so may a dot, a slash, a no-break or thin space, several spaces or a
line break: only in groups of four, since dates, phones, amounts and policy numbers written with
those come in other groups. A card in groups followed by more digits (its expiry, its CVC) is
found too: a candidate that fails Luhn is tried again up to each of its gaps, longest first.

The bot never keeps a card number: a message with one is deleted from the chat at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACE = "[ \t\u00a0\u2007\u2009\u202f]"  # space, tab, no-break, figure, thin, narrow no-break
_GAP = rf"(?:{_SPACE}{{1,3}}|{_SPACE}?[./-]{_SPACE}?|{_SPACE}*\r?\n{_SPACE}*)"
_FOURS = rf"\d{{4}}(?:{_GAP}\d{{4}}){{2}}(?:{_GAP}\d{{4}}(?:{_GAP}\d{{1,3}})?|{_GAP}\d{{1,3}})"
_FOUR_SIX = rf"\d{{4}}{_GAP}\d{{6}}{_GAP}\d{{4,5}}"
_LOOSE = r"\d(?:[ -]?\d){12,18}"
# Not a piece of a longer number: no digit (or a digit and a dot or slash) on either side.
_CANDIDATE = re.compile(
    rf"(?<![\d-])(?<!\d[./])(?:(?P<grouped>{_FOURS}|{_FOUR_SIX})|{_LOOSE})(?!\d)(?![./]\d)"
)
_DIGIT = re.compile(r"\d")


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


def _card_in(match: re.Match[str]) -> CardNumber | None:
    """The candidate's digits or, for one in groups, its longest part up to a gap, that make a
    card number."""
    ends = [digit.end() for digit in _DIGIT.finditer(match.group())]
    digits = "".join(match.group()[end - 1] for end in ends)
    grouped = match["grouped"] is not None
    for count in range(min(len(digits), 19), 12, -1):
        whole = count == len(digits)
        at_a_gap = grouped and not whole and ends[count] > ends[count - 1] + 1
        if (whole or at_a_gap) and luhn_valid(digits[:count]):
            return CardNumber(match.start(), match.start() + ends[count - 1], digits[:count])
    return None


def find_card_numbers(text: str) -> list[CardNumber]:
    return [card for match in _CANDIDATE.finditer(text) if (card := _card_in(match)) is not None]


def mask_card_numbers(text: str, found: list[CardNumber] | None = None) -> str:
    for card in sorted(
        found if found is not None else find_card_numbers(text), key=lambda c: -c.start
    ):
        text = text[: card.start] + card.masked + text[card.end :]
    return text
