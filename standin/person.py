"""A person in a chat with the bot: types, presses buttons, and reads what the bot answered."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from standin.telegram import BotApiStandin, JsonDict, StandinChat, StoredMessage

Feed = Callable[[JsonDict], Awaitable[None]]


class Person:
    def __init__(
        self,
        standin: BotApiStandin,
        feed: Feed,
        user_id: int,
        first_name: str = "Анна",
        language_code: str | None = "ru",
        chat: StandinChat | None = None,
    ) -> None:
        self.standin = standin
        self.feed = feed
        self.user: JsonDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            self.user["language_code"] = language_code
        self.chat = chat or standin.chat(user_id, "private")
        standin.names.setdefault(self.chat.id, first_name)
        # Set: whatever they send replies to this message (an operator answering a desk prompt).
        self.replying_to: JsonDict | None = None

    @property
    def id(self) -> int:
        return int(self.user["id"])

    # -- acting -------------------------------------------------------------------------------

    def _message(self, **content: Any) -> JsonDict:
        message = {
            "message_id": self.chat.next_message_id(),
            "date": int(self.standin.now()),
            "chat": self.chat.as_json(self.user["first_name"]),
            "from": self.user,
            **content,
        }
        if self.replying_to is not None:
            message.setdefault("reply_to_message", self.replying_to)
        self.standin.store_incoming(self.chat, message)
        return message

    async def _deliver(self, update: JsonDict) -> list[StoredMessage]:
        seen = len(self.chat.messages)
        await self.feed({"update_id": self.standin.next_update_id(), **update})
        return [m for m in self.chat.messages[seen:] if m.from_bot]

    async def send(self, text: str, **extra: Any) -> list[StoredMessage]:
        """Type a message (a leading /command gets its entity, as in Telegram)."""
        content: JsonDict = {"text": text, **extra}
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            command = {"type": "bot_command", "offset": 0, "length": length}
            content["entities"] = [command, *content.get("entities", [])]
        return await self._deliver({"message": self._message(**content)})

    async def send_content(self, **content: Any) -> list[StoredMessage]:
        """Send anything that is not plain text: a sticker, a photo, a contact, a location…"""
        return await self._deliver({"message": self._message(**content)})

    async def send_photo(
        self, data: bytes, caption: str | None = None, album: str | None = None
    ) -> list[StoredMessage]:
        stored = self.standin.store_file(data, file_name="photo.jpg", mime_type="image/jpeg")
        content: JsonDict = {"photo": self.standin.photo_sizes(stored)}
        if caption:
            content["caption"] = caption
        if album:
            content["media_group_id"] = album
        return await self.send_content(**content)

    async def send_document(
        self, data: bytes, file_name: str, mime_type: str = "application/octet-stream"
    ) -> list[StoredMessage]:
        stored = self.standin.store_file(data, file_name=file_name, mime_type=mime_type)
        return await self.send_content(document=self.standin.document_json(stored))

    async def share_contact(self, phone: str, *, own: bool = True) -> list[StoredMessage]:
        """Share a contact: one's own (as «Поделиться номером» does) or someone else's."""
        contact: JsonDict = {"phone_number": phone, "first_name": self.user["first_name"]}
        contact["user_id"] = self.id if own else self.id + 1
        return await self.send_content(contact=contact)

    async def share_location(self, latitude: float, longitude: float) -> list[StoredMessage]:
        return await self.send_content(location={"latitude": latitude, "longitude": longitude})

    async def press(self, label: str) -> list[StoredMessage]:
        """Press a button: an inline one on the newest bot message that has it, else a reply one."""
        for message in reversed(self.chat.messages):
            if not message.from_bot or message.deleted:
                continue
            for button in message.inline_buttons:
                if button["text"] == label and "callback_data" in button:
                    return await self.press_callback(message, button["callback_data"])
        if label in self.reply_buttons:
            return await self.send(label)
        raise LookupError(f"no button {label!r} on screen; inline: {self.inline_labels()}")

    async def press_callback(self, message: StoredMessage, data: str) -> list[StoredMessage]:
        """Press with any callback data, even data no button carries (forged presses)."""
        self.last_callback_id = self.standin.next_callback_id()
        query = {
            "id": self.last_callback_id,
            "from": self.user,
            "chat_instance": f"ci{self.chat.id}",
            "message": message.payload,
            "data": data,
        }
        return await self._deliver({"callback_query": query})

    # -- reading ------------------------------------------------------------------------------

    @property
    def bot_messages(self) -> list[StoredMessage]:
        return [m for m in self.chat.messages if m.from_bot]

    @property
    def last(self) -> StoredMessage:
        return self.bot_messages[-1]

    @property
    def last_own(self) -> StoredMessage:
        """The newest message this person sent (deleted or not)."""
        return [m for m in self.chat.messages if not m.from_bot][-1]

    @property
    def reply_buttons(self) -> list[str]:
        keyboard = self.chat.reply_keyboard
        if not keyboard:
            return []
        return [button["text"] for row in keyboard["keyboard"] for button in row]

    def inline_labels(self) -> list[str]:
        for message in reversed(self.bot_messages):
            if message.inline_buttons and not message.deleted:
                return [button["text"] for button in message.inline_buttons]
        return []

    @property
    def last_callback_answer(self) -> JsonDict | None:
        return self.standin.callback_answers.get(getattr(self, "last_callback_id", ""))
