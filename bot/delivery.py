"""The sender's Telegram side: an `Outgoing` message becomes Bot API calls, and aiogram's errors
become the sender's outcomes (429 → wait, 403 → unreachable, 400 → failed, else retry later)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

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

from bot.common.intents import Intents
from core.delivery import (
    Outgoing,
    OutgoingMedia,
    PartSent,
    RecipientGone,
    Rejected,
    RetryAfter,
    TransientFailure,
    render,
)
from core.i18n import DEFAULT_LOCALE, Catalogue
from core.notifications import Payload
from core.settings import Settings

logger = logging.getLogger(__name__)

MediaItem = (
    InputMediaAudio | InputMediaDocument | InputMediaLivePhoto | InputMediaPhoto | InputMediaVideo
)
CAPTION_LIMIT = 1024
VENUE_TITLE = 100  # characters of a venue's title worth showing
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


def keyboard_of(message: Outgoing, intents: Intents) -> InlineKeyboardMarkup | None:
    """The buttons, an intent packed into the callback data of the feature that answers it."""
    if not message.buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=b.text,
                    callback_data=intents.pack(b.intent, b.ref) if b.intent else b.callback_data,
                    url=b.url,
                )
                for b in row
            ]
            for row in message.buttons
        ]
    )


async def edit_desk_card(
    bot: Bot,
    settings: Settings,
    catalogue: Catalogue,
    intents: Intents,
    message_id: int | None,
    card: Callable[[], Awaitable[Payload]],
    what: str,
) -> None:
    """A post on the desk edited to show its object as it is now (status, who acted, buttons).
    Not sent yet (`message_id` None), or no desk: nothing to edit, it goes out as it is then.
    Telegram refusing (the post deleted, nothing changed) is logged, never raised: the decision
    it reflects has been made. `what` names the object in the log («letter 12»)."""
    desk = settings.operators_chat_id
    if message_id is None or desk is None:
        return
    shown = render(await card(), catalogue.translator(DEFAULT_LOCALE), desk, settings.data_dir)
    try:
        await bot.edit_message_text(
            shown.text,
            chat_id=desk,
            message_id=message_id,
            reply_markup=keyboard_of(shown, intents),
        )
    except TelegramAPIError as error:
        logger.info("desk: post of %s not updated: %s", what, error.message)


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


def _answering(reply_to: int | None) -> ReplyParameters | None:
    """A reply that still goes when the message it answers was deleted meanwhile."""
    if reply_to is None:
        return None
    return ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)


class TelegramTransport:
    def __init__(self, bot: Bot, intents: Intents, request_timeout: int = REQUEST_TIMEOUT) -> None:
        self.intents = intents
        self.bot = bot
        self.timeout = request_timeout

    def requests(self, message: Outgoing) -> int:
        """Messages toward the rate limits: each part of an album counts (Telegram counts them),
        and the reply that carries an album's buttons, unless already `done`; a take-down, one
        per message."""
        if message.delete:
            return len(message.delete)
        if not message.media:
            return 1
        media = 0 if message.done else len(message.media)
        return media + (1 if _text_apart(message) and len(message.done) < 2 else 0)

    async def deliver(self, message: Outgoing, part_sent: PartSent) -> list[int]:
        try:
            return await self._deliver(message, part_sent)
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

    async def _deliver(self, message: Outgoing, part_sent: PartSent) -> list[int]:
        if message.delete:
            await self._take_down(message)
            return []
        if message.edit is not None:
            await self.bot.edit_message_text(
                message.text,
                chat_id=message.chat_id,
                message_id=message.edit,
                reply_markup=keyboard_of(message, self.intents),
                request_timeout=self.timeout,
            )
            return []
        if message.location is not None:
            return [await self._send_place(message)]
        if not message.media:
            return [await self._send_text(message, message.reply_to)]
        # In parts: the media, then (apart) the text replying to it. Each part Telegram takes is
        # recorded before the next goes, so a failure later sends only what is missing.
        apart = _text_apart(message)
        parts = [list(part) for part in message.done[: 2 if apart else 1]]
        if not parts:
            parts.append(await self._send_media(message, apart))
            if apart:
                await part_sent(parts[0])
        if apart and len(parts) < 2:
            parts.append([await self._send_text(message, parts[0][0])])
        return [telegram_id for part in parts for telegram_id in part]

    async def _send_text(self, message: Outgoing, reply_to: int | None) -> int:
        """The text with its buttons (answering `reply_to`)."""
        sent = await self.bot.send_message(
            message.chat_id,
            message.text,
            reply_markup=keyboard_of(message, self.intents),
            reply_parameters=_answering(reply_to),
            protect_content=message.protect or None,
            request_timeout=self.timeout,
        )
        return sent.message_id

    async def _send_place(self, message: Outgoing) -> int:
        """A pin on the map: a venue when the place has a title (or the text gives one)."""
        place = message.location
        assert place is not None
        markup = keyboard_of(message, self.intents)
        answering, protect = _answering(message.reply_to), message.protect or None
        title = place.title or message.text
        if title:
            venue = await self.bot.send_venue(
                message.chat_id,
                place.latitude,
                place.longitude,
                title=title[:VENUE_TITLE],
                address=place.address or f"{place.latitude:.6f}, {place.longitude:.6f}",
                reply_markup=markup,
                reply_parameters=answering,
                protect_content=protect,
                request_timeout=self.timeout,
            )
            return venue.message_id
        pin = await self.bot.send_location(
            message.chat_id,
            place.latitude,
            place.longitude,
            reply_markup=markup,
            reply_parameters=answering,
            protect_content=protect,
            request_timeout=self.timeout,
        )
        return pin.message_id

    async def _send_media(self, message: Outgoing, apart: bool) -> list[int]:
        """One photo or document, or an album; with the text as its caption unless `apart`."""
        bot, chat, timeout = self.bot, message.chat_id, self.timeout
        protect, answering = message.protect or None, _answering(message.reply_to)
        caption = None if apart else message.text
        if len(message.media) == 1:
            media = message.media[0]
            send = bot.send_photo if media.type == "photo" else bot.send_document
            single = await send(
                chat,
                _file(media),
                caption=caption,
                reply_markup=None if apart else keyboard_of(message, self.intents),
                reply_parameters=answering,
                protect_content=protect,
                request_timeout=timeout,
            )
            return [single.message_id]
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
        return [part.message_id for part in group]
