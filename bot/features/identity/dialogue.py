"""What the identity check's dialogues keep (keys as stored: dialogues in progress survive)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.common.dialogue_data import DialogueData


def _no_photos() -> list[str | None]:
    return [None] * 3


@dataclass
class Check(DialogueData):
    """The person's check: the typed number, why it did not link, the photos' file ids."""

    number: str = ""
    reason: str = "policies-unconfirmed"  # the catalogue key saying why (it offers the check)
    photos: list[str | None] = field(default_factory=_no_photos)
    slot: int = 0  # the photo asked for
    replacing: bool = False  # one photo replaced from the review: back to the review after it
    # A family member's policy (core/family.py): who they are to the person (spouse, child,
    # parent); the third photo is then the relation's document. None: the person's own.
    relation: str | None = None


@dataclass
class Rejection(DialogueData):
    """An operator's rejection awaiting its reason."""

    check: int | None = None
