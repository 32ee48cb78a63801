"""What the broadcast dialogue keeps between updates."""

from __future__ import annotations

from dataclasses import dataclass

from bot.common.dialogue_data import DialogueData


@dataclass
class BroadcastData(DialogueData):
    text: str = ""  # the text to send (HTML, as the author formatted it); "" before the preview
