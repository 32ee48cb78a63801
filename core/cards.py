"""Card numbers in free text: found (13–19 digits passing Luhn) and masked.

Between any two digits a space or a dash may stand. Between groups of four (4-6-5 and 4-6-4 for
American Express and Diners) so may a dot, a slash, a Unicode dash (en, em, minus…, which
autocorrect puts in), a no-break or thin space, several spaces or one or two line breaks: only in
groups of four, since dates, phones, amounts and policy numbers written with those come in other
groups. A candidate that fails Luhn is tried again up to each of its gaps, longest first (a card in
groups followed by its expiry, its CVC), then from each of its gaps on (a card after a short group
of digits: «8 4242 4242 4242 4242»), a part taken only when written as a card is: in groups, or as
one run of digits.

The bot never keeps a card number: a message with one is deleted from the chat at once.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_SPACE = "[ \t\u00a0\u2007\u2009\u202f]"  # space, tab, no-break, figure, thin, narrow no-break
_AROUND_A_BREAK = "[ \t\u00a0\u2007\u2009\u202f\r]"
_DASH = r"\-\u2010-\u2015\u2212"  # hyphen-minus, hyphen … horizontal bar, minus sign
# One or two line breaks: a blank line between groups, no more.
_BREAKS = rf"{_AROUND_A_BREAK}*\n{_AROUND_A_BREAK}*(?:\n{_AROUND_A_BREAK}*)?"
_GAP = rf"(?:{_SPACE}{{1,3}}|{_SPACE}?[./{_DASH}]{_SPACE}?|{_BREAKS})"
_FOURS = rf"\d{{4}}(?:{_GAP}\d{{4}}){{2}}(?:{_GAP}\d{{4}}(?:{_GAP}\d{{1,3}})?|{_GAP}\d{{1,3}})"
_FOUR_SIX = rf"\d{{4}}{_GAP}\d{{6}}{_GAP}\d{{4,5}}"
_LOOSE = r"\d(?:[ -]?\d){12,18}"
_GROUPED = rf"(?P<grouped>{_FOURS}|{_FOUR_SIX})"
_ENDS = r"(?!\d)(?![./]\d)"
# Not a piece of a longer number: no digit (or a digit and a dot or slash) on either side.
_CANDIDATE = re.compile(rf"(?<![\d-])(?<!\d[./])(?:{_GROUPED}|{_LOOSE}){_ENDS}")
# A part of a failed candidate, from one of its gaps on: only in groups or unbroken, since a loose
# part of a longer number (two phones, a passport and a phone) is no more a card than the whole.
_PART = re.compile(rf"(?:{_GROUPED}|\d{{13,19}}){_ENDS}")
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
    ends = _digit_ends(match)
    digits = "".join(match.group()[end - 1] for end in ends)
    grouped = match["grouped"] is not None
    for count in range(min(len(digits), 19), 12, -1):
        whole = count == len(digits)
        at_a_gap = grouped and not whole and ends[count] > ends[count - 1] + 1
        if (whole or at_a_gap) and luhn_valid(digits[:count]):
            return CardNumber(match.start(), match.start() + ends[count - 1], digits[:count])
    return None


def _digit_ends(match: re.Match[str]) -> list[int]:
    return [digit.end() for digit in _DIGIT.finditer(match.group())]


def _card_from_a_gap(text: str, match: re.Match[str]) -> CardNumber | None:
    """The first card written as one that starts after a gap of the candidate (and may go on past
    its end: «1234 4242 4242 4242 4242» is a candidate up to the fourth group)."""
    ends = _digit_ends(match)
    for before, end in itertools.pairwise(ends):
        part = _PART.match(text, match.start() + end - 1) if end > before + 1 else None
        if part is not None and (card := _card_in(part)) is not None:
            return card
    return None


def find_card_numbers(text: str) -> list[CardNumber]:
    found: list[CardNumber] = []
    position = 0
    while (match := _CANDIDATE.search(text, position)) is not None:
        card = _card_in(match) or _card_from_a_gap(text, match)
        if card is not None:
            found.append(card)
        position = card.end if card is not None else match.end()
    return found


def mask_card_numbers(text: str, found: list[CardNumber] | None = None) -> str:
    for card in sorted(
        found if found is not None else find_card_numbers(text), key=lambda c: -c.start
    ):
        text = text[: card.start] + card.masked + text[card.end :]
    return text
