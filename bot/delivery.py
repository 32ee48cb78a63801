"""The sender's Telegram side: an `Outgoing` message becomes Bot API calls, and aiogram's errors
become the sender's outcomes (429 → wait, 403 → unreachable, 400 → failed, else retry later)."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.types import (
    BufferedInputFile,
    FSInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaAudio,
    InputMediaDocument,
    InputMediaLivePhoto,
    InputMediaPhoto,
    InputMediaVideo,
    ReplyParameters,
)

from core.delivery import (
    Outgoing,
    OutgoingMedia,
    RecipientGone,
    Rejected,
    RetryAfter,
    TransientFailure,
)

logger = logging.getLogger(__name__)

MediaItem = (
    InputMediaAudio | InputMediaDocument | InputMediaLivePhoto | InputMediaPhoto | InputMediaVideo
)
CAPTION_LIMIT = 1024
# A request Telegram has not answered by then is retried later (it may have arrived: at least once).
REQUEST_TIMEOUT = 20
PLACEHOLDER = BufferedInputFile(
    # A 1×1 grey PNG: what a photo taken down becomes when Telegram will not delete it.
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63686868f80f0004840201c5a1c0a90000000049454e44ae426082"
    ),
    filename="removed.png",
)


def keyboard_of(message: Outgoing) -> InlineKeyboardMarkup | None:
    if not message.buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text=b.text, callback_data=b.callback_data, url=b.url)
                for b in row
            ]
            for row in message.buttons
        ]
    )


def _file(media: OutgoingMedia) -> str | FSInputFile:
    if media.file_id is not None:
        return media.file_id
    assert media.path is not None
    return FSInputFile(media.path, filename=media.filename)


def _text_apart(message: Outgoing) -> bool:
    """Whether the text goes in a message of its own after the media (as a reply to it)."""
    if len(message.text) > CAPTION_LIMIT or message.apart:
        return True
    return len(message.media) > 1 and bool(message.buttons)  # albums cannot carry buttons


class TelegramTransport:
    def __init__(self, bot: Bot, request_timeout: int = REQUEST_TIMEOUT) -> None:
        self.bot = bot
        self.timeout = request_timeout

    def requests(self, message: Outgoing) -> int:
        """Messages toward the rate limits: each part of an album counts (Telegram counts them),
        and the reply that carries an album's buttons; a take-down, one per message."""
        if message.delete:
            return len(message.delete)
        if not message.media:
            return 1
        return len(message.media) + (1 if _text_apart(message) else 0)

    async def deliver(self, message: Outgoing) -> list[int]:
        try:
            return await self._deliver(message)
        except TelegramRetryAfter as error:
            raise RetryAfter(error.retry_after, error.message) from None
        except TelegramForbiddenError as error:
            raise RecipientGone(error.message) from None
        except (TelegramBadRequest, TelegramNotFound, TelegramEntityTooLarge) as error:
            raise Rejected(error.message) from None
        except TelegramNetworkError as error:
            raise TransientFailure(f"network: {error.message}") from None
        except TelegramAPIError as error:  # 5xx, 401, conflicts: maybe better later
            raise TransientFailure(f"{type(error).__name__}: {error.message}") from None
        except FileNotFoundError as error:
            raise Rejected(f"file missing: {error.filename}") from None

    async def _take_down(self, message: Outgoing) -> None:
        """Each message deleted (bots may delete within 48 hours); when Telegram refuses, a photo
        becomes a placeholder and a text the take-down's text."""
        bot, chat, timeout = self.bot, message.chat_id, self.timeout
        for message_id in message.delete:
            try:
                await bot.delete_message(chat, message_id, request_timeout=timeout)
                continue
            except TelegramBadRequest as error:
                logger.info("take-down: message %s not deleted (%s)", message_id, error.message)
            try:
                await bot.edit_message_media(
                    InputMediaPhoto(media=PLACEHOLDER),
                    chat_id=chat,
                    message_id=message_id,
                    request_timeout=timeout,
                )
                continue
            except TelegramBadRequest as error:  # not a photo, say
                logger.info("take-down: message %s not replaced (%s)", message_id, error.message)
            try:
                await bot.edit_message_text(
                    message.text, chat_id=chat, message_id=message_id, request_timeout=timeout
                )
            except TelegramBadRequest as error:
                logger.warning(
                    "take-down: message %s left as it was: %s", message_id, error.message
                )

    async def _deliver(self, message: Outgoing) -> list[int]:
        if message.delete:
            await self._take_down(message)
            return []
        bot, chat, timeout = self.bot, message.chat_id, self.timeout
        protect = message.protect or None
        markup = keyboard_of(message)
        answering = (
            None
            if message.reply_to is None
            else ReplyParameters(message_id=message.reply_to, allow_sending_without_reply=True)
        )
        if not message.media:
            sent = await bot.send_message(
                chat,
                message.text,
                reply_markup=markup,
                reply_parameters=answering,
                protect_content=protect,
                request_timeout=timeout,
            )
            return [sent.message_id]
        apart = _text_apart(message)
        caption = None if apart else message.text
        sent_ids: list[int]
        if len(message.media) == 1:
            media = message.media[0]
            keyboard = None if apart else markup
            send = bot.send_photo if media.type == "photo" else bot.send_document
            single = await send(
                chat,
                _file(media),
                caption=caption,
                reply_markup=keyboard,
                reply_parameters=answering,
                protect_content=protect,
                request_timeout=timeout,
            )
            sent_ids = [single.message_id]
        else:
            album: list[MediaItem] = [
                InputMediaPhoto(media=_file(m), caption=caption if i == 0 else None)
                if m.type == "photo"
                else InputMediaDocument(media=_file(m), caption=caption if i == 0 else None)
                for i, m in enumerate(message.media)
            ]
            group = await bot.send_media_group(
                chat,
                album,
                reply_parameters=answering,
                protect_content=protect,
                request_timeout=timeout,
            )
            sent_ids = [part.message_id for part in group]
        if apart:
            note = await bot.send_message(
                chat,
                message.text,
                reply_markup=markup,
                reply_parameters=ReplyParameters(message_id=sent_ids[0]),
                protect_content=protect,
                request_timeout=timeout,
            )
            sent_ids.append(note.message_id)
        return sent_ids
