"""What the tickets' dialogues keep between steps (stored as JSON: field names are the stored
keys; rename none)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.common.dialogue_data import DialogueData


@dataclass
class Draft(DialogueData):
    """A new ticket (TicketFlow.clinic … summary)."""

    kind: str = ""  # complaint or gratitude
    clinic: int | None = None  # None: no clinic
    clinic_name: str | None = None
    offered: list[int] = field(default_factory=list)  # clinics shown as buttons: only these count
    text: str = ""  # a card number in it already masked
    photos: list[str] = field(default_factory=list)  # Telegram file ids
    # Whom it is about («Для кого?»): a `core.family.Patient` key (None: the account's own person,
    # or a draft kept from before the family came) and a family member's first name (None: own).
    whom: int | None = None
    whom_name: str | None = None


@dataclass
class FollowUp(DialogueData):
    """A follow-up to one of the person's tickets (TicketFlow.follow_up)."""

    ticket: int = 0
    number: str = ""  # its label, «Ж-000001»


@dataclass
class Answering(DialogueData):
    """An operator's answer after «Ответить» (DeskAnswer.text)."""

    ticket: int | None = None
