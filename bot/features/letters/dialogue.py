"""What the letters' dialogues keep between steps (stored as JSON: field names are the stored
keys; rename none)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.common.dialogue_data import DialogueData


@dataclass
class Draft(DialogueData):
    """A new request (LetterFlow.policy … summary): `whom` it is for (a `core.family.Patient`
    key: the account's own person, 0, or a family member) and, for a member, their first name
    (`patient`) for the screens to say so."""

    whom: int = 0
    patient: str = ""
    policy: int = 0
    policy_number: str = ""
    kind: str = ""  # service | hospital
    clinic: int = 0
    clinic_name: str = ""
    offered: list[int] = field(default_factory=list)  # clinics shown as buttons: only these count
    found: list[int] = field(default_factory=list)  # the last ones listed, as numbered
    service: str = ""  # a card number in it already masked
    photos: list[str] = field(default_factory=list)  # Telegram file ids
    day: str = ""  # ISO

    @property
    def wanted(self) -> date | None:
        return date.fromisoformat(self.day) if self.day else None


@dataclass
class Answer(DialogueData):
    """An answer to the operators' question (LetterFlow.answer)."""

    letter: int = 0
    number: str = ""  # «Г-000123»
    text: str = ""
    photos: list[str] = field(default_factory=list)


@dataclass
class Deciding(DialogueData):
    """An operator's approval, refusal or question awaited (LetterDesk)."""

    letter: int = 0
    number: str = ""
