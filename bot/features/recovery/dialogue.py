"""What the recovery dialogue keeps between steps (stored as JSON: the names are the stored
keys)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.common.dialogue_data import DialogueData
from core.codes import Channel


@dataclass
class RecoveryData(DialogueData):
    current: list[str] | None = None  # the contact whose code is awaited: [channel, address]
    proven: list[list[str]] = field(default_factory=list)  # contacts whose code was typed
    profile: int | None = None  # the profile the first proven contact found
    card_tries: int = 0  # wrong card proofs (no PIN, a bound card)

    def contact(self) -> tuple[Channel, str]:
        assert self.current is not None
        return Channel(self.current[0]), self.current[1]
