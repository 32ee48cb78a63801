"""What the booking dialogue keeps between updates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.common.dialogue_data import DialogueData


@dataclass
class BookingData(DialogueData):
    """The choices so far (`clinic`, `specialty`, `doctor`, `day`, `slot`), the lists offered
    (`specialties`, `doctors`: buttons name an index), `replacing`: the visit being moved, when
    rescheduling, at the clinic step the place (`lat`, `lon`) or the name (`query`) looked
    for, and whom the visit is for (`whom`: a `core.family.Patient` key, also kept by «Клиники
    рядом»). None: not chosen yet."""

    replacing: int | None = None
    clinic: int | None = None
    specialties: list[str] = field(default_factory=list)
    specialty: str | None = None
    doctors: list[str] = field(default_factory=list)
    doctor: str | None = None
    day: str | None = None  # ISO, 2026-11-25
    slot: int | None = None
    lat: float | None = None
    lon: float | None = None
    query: str | None = None
    whom: int | None = None

    @property
    def chosen_day(self) -> date | None:
        return date.fromisoformat(self.day) if self.day else None
