from __future__ import annotations

from dataclasses import dataclass, field

from bot.common.dialogue_data import DialogueData

NEAR, BY_NAME = "near", "name"  # the lists a clinic card goes back to (`Search.listed`)


@dataclass
class Search(DialogueData):
    """What «Клиники рядом» keeps: the last place asked about (`shared`: a location the person
    sent or an address they typed, which may be saved; a saved place may not), the specialty
    filter and the specialties offered for it, the last text searched for, and the list shown
    last (`listed`: "near" or "name", its `page`) for a clinic card's «К списку», and whom the
    section is about (`whom`: a `core.family.Patient` key; booking's `BookingData` reads it too, so
    «Записаться» on a card books for them). None: a dialogue kept from before the family came, the
    account's own person."""

    lat: float | None = None
    lon: float | None = None
    shared: bool = False
    specialty: str | None = None
    offered: list[str] = field(default_factory=list)
    query: str | None = None
    listed: str | None = None
    page: int = 0
    whom: int | None = None

    def at(self, lat: float, lon: float, *, shared: bool) -> None:
        """A new place asked about: the filter starts afresh."""
        self.lat, self.lon, self.shared, self.specialty = lat, lon, shared, None

    def shown(self, listed: str, page: int) -> None:
        """A page of a list shown: the one a clinic card of it goes back to."""
        self.listed, self.page = listed, page

    @property
    def origin(self) -> tuple[float, float] | None:
        if self.lat is None or self.lon is None:
            return None
        return self.lat, self.lon
