from __future__ import annotations

from dataclasses import dataclass, field

from bot.common.dialogue_data import DialogueData


@dataclass
class Search(DialogueData):
    """What «Клиники рядом» keeps: the last place asked about (`shared`: a location the person
    sent or an address they typed, which may be saved; a saved place may not), the specialty
    filter and the specialties offered for it, the last text searched for."""

    lat: float | None = None
    lon: float | None = None
    shared: bool = False
    specialty: str | None = None
    offered: list[str] = field(default_factory=list)
    query: str | None = None

    def at(self, lat: float, lon: float, *, shared: bool) -> None:
        """A new place asked about: the filter starts afresh."""
        self.lat, self.lon, self.shared, self.specialty = lat, lon, shared, None

    @property
    def origin(self) -> tuple[float, float] | None:
        if self.lat is None or self.lon is None:
            return None
        return self.lat, self.lon
