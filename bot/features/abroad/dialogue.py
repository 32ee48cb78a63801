"""What the section's dialogue keeps between steps (stored as JSON: field names are the stored
keys; rename none)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.common.dialogue_data import DialogueData


@dataclass
class Draft(DialogueData):
    policy: int = 0  # the ВЗР policy the case is about (the first one in force)
    latitude: float | None = None
    longitude: float | None = None
    place: str | None = None  # typed instead of a location
    case: int = 0  # the case once filed (AbroadFlow.case)
    number: str = ""  # its label, «SOS-000001»
