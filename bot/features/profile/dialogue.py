"""What the profile's dialogue keeps between steps."""

from __future__ import annotations

from dataclasses import dataclass

from bot.common.dialogue_data import DialogueData


@dataclass
class ProfileData(DialogueData):
    # What follows the PIN step (written by bot/pin.py's `guard`; an `AfterPin` value).
    then: str = ""
    # The new PIN typed once (its hash), waiting for the repetition.
    pin_hash: str | None = None
