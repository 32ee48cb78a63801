from __future__ import annotations

from dataclasses import dataclass

from bot.common.dialogue_data import DialogueData


@dataclass
class PinStep(DialogueData):
    """What follows the PIN (`bot.pin.guard` keeps it): "bind" (a card over the bound one) or
    "unbind"; "" from a step that remembers nothing (the same as unbinding)."""

    then: str = ""
