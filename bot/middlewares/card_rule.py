"""The card rule (DESIGN.md "Personal data"): a message with a card number is deleted at once.

In a free-text step (a ticket's text) the masked text goes on to the step; anywhere else the
person is told why and the step is asked again. Nothing here logs or stores the number. Features
may exempt digits they expect (the policy-number step: a known policy number is not a card).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiogram import BaseMiddleware
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message, TelegramObject, Update

from bot.fsm.dialogues import Dialogues, call_step
from bot.middlewares import NextHandler
from core.cards import CardNumber, find_card_numbers, mask_card_numbers

logger = logging.getLogger(__name__)

# (numbers found, the message, handler data) → True when these digits are not a card here.
CardExemption = Callable[[list[CardNumber], Message, dict[str, Any]], Awaitable[bool]]


class CardRuleMiddleware(BaseMiddleware):
    def __init__(self, exemptions: Sequence[CardExemption] = ()) -> None:
        self.exemptions = tuple(exemptions)

    async def __call__(
        self,
        handler: NextHandler,
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        message = event.message or event.edited_message
        text = message and (message.text or message.caption)
        if message is None or not text:
            return await handler(event, data)
        found = find_card_numbers(text)
        if not found:
            return await handler(event, data)
        for exemption in self.exemptions:
            if await exemption(found, message, data):
                return await handler(event, data)

        try:
            await message.delete()
        except TelegramAPIError as error:
            logger.warning(
                "chat %s: could not delete a message with a card number: %s",
                message.chat.id,
                error.message,
            )
        if event.edited_message is not None:
            return None  # an edit is no step's answer: deleting it is all
        _ = data["_"]
        raw_state: str | None = data.get("raw_state")
        dialogues: Dialogues = data["dialogues"]
        dialogue = dialogues.of(raw_state)
        if raw_state and dialogue and dialogue.takes_free_text(raw_state):
            await message.answer(_("card-number-masked"))
            field = "text" if message.text else "caption"
            masked = message.model_copy(update={field: mask_card_numbers(text, found)})
            return await handler(event.model_copy(update={"message": masked}), data)
        private = message.chat.type == "private"
        await message.answer(_("card-number-deleted" if private else "card-number-deleted-group"))
        prompt = dialogue.prompt_for(raw_state) if dialogue and raw_state else None
        if prompt is not None:
            await call_step(prompt, message, data)
        return None
