from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import Message

from core.i18n import Catalogue


class ButtonText(Filter):
    """A reply button pressed, or its label typed, in either language («помощь», "Help")."""

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, message: Message, catalogue: Catalogue) -> bool:
        return catalogue.matches(self.key, message.text)
