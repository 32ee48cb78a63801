"""The Telegram side of chats, for the console and the tests: the one Bot API stand-in.

`BotApiStandin.handle(method, params)` answers a Bot API call the way Telegram does, from the same
form fields Telegram receives (strings; JSON for keyboards), and keeps every chat's messages.
The in-process `StandinSession` calls it directly; the HTTP front (server.py) serves the very same
object to a real bot process, which polls it or, after setWebhook, is posted each update.
Failures (429 with retry_after, 403, 5xx) can be injected.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import inspect
import itertools
import json
import re
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp

JsonDict = dict[str, Any]


@dataclass
class StoredMessage:
    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    text: str | None = None
    reply_markup: JsonDict | None = None
    deleted: bool = False
    payload: JsonDict = field(default_factory=dict)  # the whole Message object Telegram returns

    @property
    def inline_buttons(self) -> list[JsonDict]:
        if not self.reply_markup or "inline_keyboard" not in self.reply_markup:
            return []
        return [button for row in self.reply_markup["inline_keyboard"] for button in row]


@dataclass
class StandinChat:
    id: int
    type: str  # "private" or "group"/"supergroup"
    title: str | None = None
    messages: list[StoredMessage] = field(default_factory=list)
    reply_keyboard: JsonDict | None = None  # what the person's keyboard shows now
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def next_message_id(self) -> int:
        return next(self._ids)

    def find(self, message_id: int) -> StoredMessage | None:
        for message in reversed(self.messages):
            if message.message_id == message_id:
                return message
        return None

    def as_json(self, first_name: str | None = None) -> JsonDict:
        chat: JsonDict = {"id": self.id, "type": self.type}
        if self.title:
            chat["title"] = self.title
        if first_name and self.type == "private":
            chat["first_name"] = first_name
        return chat


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None

    def as_json(self) -> JsonDict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


@dataclass
class ApiCall:
    method: str
    params: JsonDict
    at: float = 0.0  # when it arrived (the stand-in's `now`)


@dataclass
class Failure:
    status: int  # 0: no failure after all, only the delay (the request is taken late)
    description: str
    retry_after: int | None = None
    times: int = 1
    delay: float = 0.0  # seconds before answering (a client may time out meanwhile)


@dataclass(frozen=True)
class Limits:
    """Telegram's flood control as the stand-in enforces it: sliding windows over the messages it
    accepted; beyond them it answers 429 with `retry_after`."""

    per_second: int = 30
    per_group_per_minute: int = 20
    retry_after: int = 1


TELEGRAM_LIMITS = Limits()

# Webhook delivery: how long one POST may take, and the wait before posting a refused one again.
WEBHOOK_TIMEOUT = 60.0
WEBHOOK_RETRY = 0.5


@dataclass
class Webhook:
    url: str
    secret: str | None
    allowed_updates: list[str] | None
    refused: int = 0  # POSTs answered otherwise, or not at all (each is posted again)
    last_error: str | None = None


# What makes a message a media message: editMessageMedia needs one, editMessageText refuses one.
MEDIA_FIELDS = ("photo", "document", "video", "audio", "animation")


def _sends_a_message(method: str) -> bool:
    return (method.startswith("send") and method != "sendchataction") or method in {
        "copymessage",
        "forwardmessage",
    }


class ApiError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


_JSON_FIELDS = {
    "reply_markup",
    "commands",
    "scope",
    "entities",
    "caption_entities",
    "link_preview_options",
    "media",
    "allowed_updates",
    "reply_parameters",
    "message_ids",
    "menu_button",
}
Upload = tuple[bytes, str | None]  # the bytes of a multipart part, and its file name


def _decode(params: Mapping[str, Any]) -> JsonDict:
    decoded: JsonDict = {}
    for key, value in params.items():
        if key in _JSON_FIELDS and isinstance(value, str):
            decoded[key] = json.loads(value)
        else:
            decoded[key] = value
    return decoded


class BotApiStandin:
    def __init__(
        self,
        bot_id: int = 1000001,
        username: str = "dms_assistant_test_bot",
        first_name: str = "ДМС-помощник",
        now: Callable[[], float] = time.time,
        limits: Limits | None = None,
    ) -> None:
        self.bot_user: JsonDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": first_name,
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.now = now
        self.chats: dict[int, StandinChat] = {}
        self.calls: list[ApiCall] = []
        self.commands: dict[tuple[str, str], list[JsonDict]] = {}
        self.menu_buttons: dict[int | None, JsonDict] = {}  # None: the default
        # Telegram opens Mini Apps at https addresses only; the console, its own Telegram, opens
        # an http one (the bot's local web server).
        self.web_apps_over_http = False
        self.callback_answers: dict[str, JsonDict] = {}
        self.names: dict[int, str] = {}
        self.files: dict[str, StoredFile] = {}
        self.members: dict[tuple[int, int], str] = {}  # (chat, user) → status in a group
        # Told of every message the bot sends, edits or deletes: ("sent"|"edited"|"deleted", m).
        self.listeners: list[Callable[[str, StoredMessage], None]] = []
        self._failures: dict[str, list[Failure]] = {}
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        # Multipart files of the call being answered; read by the (synchronous) media methods
        # before anything else can run.
        self._uploads: dict[str, Upload] = {}
        self._pending: list[JsonDict] = []  # updates not yet confirmed by a getUpdates offset
        self._arrived = asyncio.Condition()
        self.confirmed_update_id = 0
        self.last_update_id = 0
        self.polls = 0  # getUpdates calls: a bot process that polls is up
        self._polled = asyncio.Condition()
        self.limits = limits
        self.throttled = 0  # 429s answered because a limit was exceeded
        self._accepted: deque[float] = deque()
        self._accepted_in_group: dict[int, deque[float]] = {}
        self.webhook: Webhook | None = None  # set by setWebhook: updates are posted, not polled
        self.webhook_sets = 0  # setWebhook calls: a bot process in webhook mode is up
        self._called = asyncio.Condition()
        self._deliverer: asyncio.Task[None] | None = None

    # -- chats and people -------------------------------------------------------------------

    def chat(self, chat_id: int, type_: str = "private", title: str | None = None) -> StandinChat:
        if chat_id not in self.chats:
            self.chats[chat_id] = StandinChat(id=chat_id, type=type_, title=title)
        return self.chats[chat_id]

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def next_callback_id(self) -> str:
        return str(next(self._callback_ids))

    def store_incoming(self, chat: StandinChat, message: JsonDict) -> StoredMessage:
        stored = StoredMessage(
            message_id=message["message_id"],
            chat_id=chat.id,
            from_bot=False,
            date=message["date"],
            text=message.get("text") or message.get("caption"),
            payload=message,
        )
        chat.messages.append(stored)
        return stored

    def store_file(
        self, data: bytes, *, file_name: str | None = None, mime_type: str | None = None
    ) -> StoredFile:
        number = next(self._file_ids)
        unique = hashlib.sha256(data).hexdigest()[:16]
        suffix = (file_name or "").rpartition(".")[2] if file_name and "." in file_name else "bin"
        stored = StoredFile(
            file_id=f"F{number:06d}{unique}",
            file_unique_id=unique,
            file_path=f"files/{number}.{suffix}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def file_by_path(self, path: str) -> StoredFile | None:
        return next((f for f in self.files.values() if f.file_path == path), None)

    async def push_update(self, update: JsonDict) -> None:
        """Queue an update for getUpdates (a real bot process polls the HTTP front)."""
        async with self._arrived:
            self.last_update_id = max(self.last_update_id, update["update_id"])
            self._pending.append(update)
            self._arrived.notify_all()

    def _tell(self, change: str, message: StoredMessage) -> None:
        for listener in self.listeners:
            listener(change, message)

    async def wait_called(self, predicate: Callable[[list[ApiCall]], bool]) -> None:
        """Until `predicate(calls)` holds, checked at each Bot API call but getUpdates."""
        async with self._called:
            await self._called.wait_for(lambda: predicate(self.calls))

    async def wait_polled(self, predicate: Callable[[], bool]) -> None:
        """Until `predicate()` holds, checked at each getUpdates (polls, confirmations)."""
        async with self._polled:
            await self._polled.wait_for(predicate)

    # -- failure injection --------------------------------------------------------------------

    def fail(
        self,
        method: str,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """The next `times` calls of `method` ("*" for any) fail as Telegram would fail them."""
        self._failures.setdefault(method, []).append(
            Failure(status, description, retry_after, times)
        )

    def stall(self, method: str, seconds: float, *, taken: bool, times: int = 1) -> None:
        """The next `times` calls of `method` get no answer for `seconds`; then the message is
        `taken` (stored and answered late), or lost (answered 504, as a proxy gives up)."""
        status, description = (0, "") if taken else (504, "Gateway Timeout")
        self._failures.setdefault(method, []).append(
            Failure(status, description, times=times, delay=seconds)
        )

    def _over_limit(self, method: str, params: Mapping[str, Any]) -> bool:
        """Whether one more message now would exceed the limits; forgets what left the windows."""
        if self.limits is None or not _sends_a_message(method):
            return False
        now = self.now()
        while self._accepted and self._accepted[0] <= now - 1.0:
            self._accepted.popleft()
        if len(self._accepted) >= self.limits.per_second:
            return True
        chat_id = int(params.get("chat_id") or 0)
        if chat_id < 0:
            group = self._accepted_in_group.setdefault(chat_id, deque())
            while group and group[0] <= now - 60.0:
                group.popleft()
            if len(group) >= self.limits.per_group_per_minute:
                return True
        return False

    def _count_accepted(self, method: str, params: Mapping[str, Any]) -> None:
        if self.limits is None or not _sends_a_message(method):
            return
        now = self.now()
        self._accepted.append(now)
        chat_id = int(params.get("chat_id") or 0)
        if chat_id < 0:
            self._accepted_in_group.setdefault(chat_id, deque()).append(now)

    def _take_failure(self, method: str) -> Failure | None:
        for key in (method, "*"):
            queue = self._failures.get(key)
            if queue:
                failure = queue[0]
                failure.times -= 1
                if failure.times <= 0:
                    queue.pop(0)
                return failure
        return None

    # -- webhook delivery ---------------------------------------------------------------------

    async def _deliver(self) -> None:
        """Post each pending update to the webhook, in order, one at a time; a refused or
        unanswered one is posted again (Telegram retries until it gets a 2xx)."""
        timeout = aiohttp.ClientTimeout(total=WEBHOOK_TIMEOUT)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            while self.webhook is not None:
                async with self._arrived:
                    await self._arrived.wait_for(lambda: bool(self._pending) or not self.webhook)
                    webhook = self.webhook  # perhaps set again meanwhile, with a new address
                    if webhook is None or not self._pending:
                        continue
                    update = self._pending[0]
                headers = {"X-Telegram-Bot-Api-Secret-Token": webhook.secret or ""}
                try:
                    async with http.post(webhook.url, json=update, headers=headers) as answer:
                        await answer.read()
                        ok = 200 <= answer.status < 300
                        webhook.last_error = None if ok else f"HTTP {answer.status}"
                except (aiohttp.ClientError, TimeoutError) as error:
                    ok = False
                    webhook.last_error = f"{type(error).__name__}: {error}"
                if not ok:
                    webhook.refused += 1
                    await asyncio.sleep(WEBHOOK_RETRY)
                    continue
                async with self._arrived:
                    self._pending = [u for u in self._pending if u is not update]
                async with self._polled:
                    self.confirmed_update_id = max(self.confirmed_update_id, update["update_id"])
                    self._polled.notify_all()

    async def close(self) -> None:
        """Stop posting to a webhook."""
        if self._deliverer is not None:
            self._deliverer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._deliverer
            self._deliverer = None

    # -- the Bot API --------------------------------------------------------------------------

    async def handle(
        self, method: str, params: Mapping[str, Any], uploads: Mapping[str, Upload] | None = None
    ) -> tuple[int, JsonDict]:
        """Answer one Bot API call: (HTTP status, Telegram's JSON answer)."""
        decoded = _decode(params)
        name = method.lower()
        if name != "getupdates":
            async with self._called:
                self.calls.append(ApiCall(method, decoded, self.now()))
                self._called.notify_all()
        failure = self._take_failure(method)
        try:
            if failure is not None and failure.delay:
                await asyncio.sleep(failure.delay)
            if failure is not None and failure.status:
                raise ApiError(failure.status, failure.description, failure.retry_after)
            if self.limits is not None and self._over_limit(name, decoded):
                self.throttled += 1
                retry_after = self.limits.retry_after
                raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
            handler = getattr(self, f"_m_{name}", None)
            if handler is None:
                raise ApiError(404, f"Not Found: method {method} is not known to the stand-in")
            # Set just before the (synchronous) media methods read them: nothing runs between.
            self._uploads = dict(uploads or {})
            result = handler(decoded)
            if inspect.isawaitable(result):
                result = await result
            self._count_accepted(name, decoded)
        except ApiError as error:
            answer: JsonDict = {
                "ok": False,
                "error_code": error.status,
                "description": error.description,
            }
            if error.retry_after is not None:
                answer["parameters"] = {"retry_after": error.retry_after}
            return error.status, answer
        return 200, {"ok": True, "result": result}

    def _message_in(self, params: JsonDict) -> tuple[StandinChat, StoredMessage]:
        chat = self.chats.get(int(params["chat_id"]))
        message = chat.find(int(params["message_id"])) if chat else None
        if chat is None or message is None or message.deleted:
            raise ApiError(400, "Bad Request: message to edit not found")
        return chat, message

    def _send(self, params: JsonDict, content: JsonDict, text: str | None) -> JsonDict:
        chat_id = int(params["chat_id"])
        chat = self.chats.get(chat_id)
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        markup = params.get("reply_markup")
        self._check_markup(markup)
        message: JsonDict = {
            "message_id": chat.next_message_id(),
            "date": int(self.now()),
            "chat": chat.as_json(self.names.get(chat.id)),
            "from": self.bot_user,
            **content,
        }
        answering = params.get("reply_parameters") or {}
        replied = answering.get("message_id") or params.get("reply_to_message_id")
        if replied:
            original = chat.find(int(replied))
            if original is not None and not original.deleted:
                message["reply_to_message"] = original.payload
            elif not answering.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        if str(params.get("protect_content", "")).lower() in {"true", "1"}:
            message["has_protected_content"] = True
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        elif markup and "keyboard" in markup:
            chat.reply_keyboard = markup
        elif markup and markup.get("remove_keyboard"):
            chat.reply_keyboard = None
        stored = StoredMessage(
            message_id=message["message_id"],
            chat_id=chat.id,
            from_bot=True,
            date=message["date"],
            text=text,
            reply_markup=markup,
            payload=message,
        )
        chat.messages.append(stored)
        self._tell("sent", stored)
        return message

    def _m_getme(self, _params: JsonDict) -> JsonDict:
        return self.bot_user

    def _m_sendmessage(self, params: JsonDict) -> JsonDict:
        text = str(params.get("text") or "")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return self._send(params, {"text": text}, text)

    def _m_editmessagetext(self, params: JsonDict) -> JsonDict:
        _chat, message = self._message_in(params)
        if not set(MEDIA_FIELDS).isdisjoint(message.payload):
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        markup = params.get("reply_markup")
        self._check_markup(markup)
        if message.text == params["text"] and message.reply_markup == markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.text = params["text"]
        message.reply_markup = markup
        message.payload = {**message.payload, "text": message.text, "edit_date": int(self.now())}
        message.payload.pop("reply_markup", None)
        if markup:
            message.payload["reply_markup"] = markup
        self._tell("edited", message)
        return message.payload

    def _m_editmessagereplymarkup(self, params: JsonDict) -> JsonDict:
        _chat, message = self._message_in(params)
        markup = params.get("reply_markup")
        self._check_markup(markup)
        if message.reply_markup == markup or (not message.reply_markup and not markup):
            raise ApiError(400, "Bad Request: message is not modified")
        message.reply_markup = markup
        message.payload.pop("reply_markup", None)
        if markup:
            message.payload["reply_markup"] = markup
        return message.payload

    def _m_deletemessage(self, params: JsonDict) -> bool:
        chat = self.chats.get(int(params["chat_id"]))
        message = chat.find(int(params["message_id"])) if chat else None
        if message is None or message.deleted:
            raise ApiError(400, "Bad Request: message to delete not found")
        message.deleted = True
        self._tell("deleted", message)
        return True

    def _m_deletemessages(self, params: JsonDict) -> bool:
        chat = self.chats.get(int(params["chat_id"]))
        for message_id in params["message_ids"]:
            message = chat.find(int(message_id)) if chat else None
            if message is not None and not message.deleted:
                message.deleted = True
                self._tell("deleted", message)
        return True

    def _m_editmessagemedia(self, params: JsonDict) -> JsonDict:
        _chat, message = self._message_in(params)
        if set(MEDIA_FIELDS).isdisjoint(message.payload):
            raise ApiError(400, "Bad Request: there is no media in the message to edit")
        item = params["media"]
        stored = self._file_param(item["media"])
        message.payload = {**message.payload, "photo": self.photo_sizes(stored)}
        message.payload.pop("caption", None)
        message.text = None
        self._tell("edited", message)
        return message.payload

    def _m_answercallbackquery(self, params: JsonDict) -> bool:
        self.callback_answers[str(params["callback_query_id"])] = params
        return True

    def _m_sendchataction(self, _params: JsonDict) -> bool:
        return True

    def _commands_key(self, params: JsonDict) -> tuple[str, str]:
        """("all_private_chats", "en"), or ("chat:42", "") for one chat's own list."""
        scope = params.get("scope") or {"type": "default"}
        name = scope["type"]
        if name == "chat":
            if int(scope["chat_id"]) not in self.chats:
                raise ApiError(400, "Bad Request: chat not found")
            name = f"chat:{scope['chat_id']}"
        return name, params.get("language_code") or ""

    def _m_setmycommands(self, params: JsonDict) -> bool:
        self.commands[self._commands_key(params)] = params["commands"]
        return True

    def _m_getmycommands(self, params: JsonDict) -> list[JsonDict]:
        return self.commands.get(self._commands_key(params), [])

    def _m_deletemycommands(self, params: JsonDict) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    def _check_web_app(self, web_app: JsonDict) -> None:
        url = str(web_app.get("url") or "")
        allowed = ("https://", "http://") if self.web_apps_over_http else ("https://",)
        if not url.startswith(allowed):
            raise ApiError(400, "Bad Request: a Web App's URL must be https (the stand-in's check)")

    def _check_markup(self, markup: JsonDict | None) -> None:
        """Web App buttons open https addresses only."""
        rows = (markup or {}).get("inline_keyboard") or (markup or {}).get("keyboard") or []
        for row in rows:
            for button in row:
                if isinstance(button, dict) and "web_app" in button:
                    self._check_web_app(button["web_app"])

    def _m_setchatmenubutton(self, params: JsonDict) -> bool:
        """The default menu button, or one private chat's (`chat_id`)."""
        button = params.get("menu_button") or {"type": "default"}
        if button["type"] == "web_app":
            self._check_web_app(button["web_app"])
        chat = params.get("chat_id")
        if chat is not None and int(chat) not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        self.menu_buttons[None if chat is None else int(chat)] = button
        return True

    def _m_getchatmenubutton(self, params: JsonDict) -> JsonDict:
        chat = params.get("chat_id")
        found = self.menu_buttons.get(None if chat is None else int(chat))
        return found or self.menu_buttons.get(None) or {"type": "commands"}

    # -- media ----------------------------------------------------------------------------------

    def _file_param(self, value: Any, *, file_name: str | None = None) -> StoredFile:
        """A file given by attach://name (uploaded now) or by the file_id of a known file."""
        if isinstance(value, str) and value.startswith("attach://"):
            upload = self._uploads.get(value.removeprefix("attach://"))
            if upload is None:
                raise ApiError(400, "Bad Request: file attachment is missing")
            data, uploaded_name = upload
            return self.store_file(data, file_name=uploaded_name or file_name)
        known = self.files.get(str(value))
        if known is None:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return known

    @staticmethod
    def photo_sizes(stored: StoredFile) -> list[JsonDict]:
        return [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": 1280,
                "height": 960,
                "file_size": len(stored.data),
            }
        ]

    @staticmethod
    def document_json(stored: StoredFile) -> JsonDict:
        document: JsonDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        if stored.file_name:
            document["file_name"] = stored.file_name
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        return document

    def _caption(self, params: JsonDict) -> JsonDict:
        caption = params.get("caption")
        if caption and len(caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        return {"caption": caption} if caption else {}

    def _m_sendphoto(self, params: JsonDict) -> JsonDict:
        stored = self._file_param(params["photo"], file_name="photo.jpg")
        content = {"photo": self.photo_sizes(stored), **self._caption(params)}
        return self._send(params, content, params.get("caption"))

    def _m_senddocument(self, params: JsonDict) -> JsonDict:
        stored = self._file_param(params["document"])
        content = {"document": self.document_json(stored), **self._caption(params)}
        return self._send(params, content, params.get("caption"))

    def _m_sendmediagroup(self, params: JsonDict) -> list[JsonDict]:
        media = params["media"]
        if not 2 <= len(media) <= 10:
            raise ApiError(400, "Bad Request: wrong number of messages in the media group")
        group = f"G{next(self._file_ids)}"
        messages = []
        for item in media:
            stored = self._file_param(item["media"])
            if item["type"] == "photo":
                content: JsonDict = {"photo": self.photo_sizes(stored)}
            else:
                content = {"document": self.document_json(stored)}
            content["media_group_id"] = group
            if item.get("caption"):
                content["caption"] = item["caption"]
            single = {
                "chat_id": params["chat_id"],
                "protect_content": params.get("protect_content"),
                "reply_parameters": params.get("reply_parameters"),
            }
            messages.append(self._send(single, content, item.get("caption")))
        return messages

    def _m_sendlocation(self, params: JsonDict) -> JsonDict:
        location = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
        return self._send(params, {"location": location}, None)

    def _m_sendvenue(self, params: JsonDict) -> JsonDict:
        location = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
        venue = {"location": location, "title": params["title"], "address": params["address"]}
        text = f"{params['title']}, {params['address']}"
        return self._send(params, {"venue": venue, "location": location}, text)

    def _m_sendcontact(self, params: JsonDict) -> JsonDict:
        contact = {"phone_number": params["phone_number"], "first_name": params["first_name"]}
        return self._send(params, {"contact": contact}, params["phone_number"])

    def _m_getfile(self, params: JsonDict) -> JsonDict:
        stored = self.files.get(str(params["file_id"]))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return stored.as_json()

    # -- chats ----------------------------------------------------------------------------------

    def _m_getchat(self, params: JsonDict) -> JsonDict:
        chat = self.chats.get(int(params["chat_id"]))
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return {**chat.as_json(self.names.get(chat.id)), "accent_color_id": 0}

    def _m_getchatmember(self, params: JsonDict) -> JsonDict:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        if chat_id not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        status = "member" if chat_id == user_id else self.members.get((chat_id, user_id), "left")
        user = {"id": user_id, "is_bot": False, "first_name": self.names.get(user_id, "User")}
        member: JsonDict = {"status": status, "user": user}
        if status == "administrator":
            member.update(
                can_be_edited=False,
                is_anonymous=False,
                can_manage_chat=True,
                can_delete_messages=True,
                can_manage_video_chats=False,
                can_restrict_members=True,
                can_promote_members=False,
                can_change_info=True,
                can_invite_users=True,
                can_post_stories=False,
                can_edit_stories=False,
                can_delete_stories=False,
                can_send_welcome_messages=False,
            )
        return member

    # -- updates --------------------------------------------------------------------------------

    async def _m_getupdates(self, params: JsonDict) -> list[JsonDict]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        async with self._polled:
            self.polls += 1
            if offset:
                # Telegram forgets an update once a later offset confirms it.
                self.confirmed_update_id = max(self.confirmed_update_id, offset - 1)
            self._polled.notify_all()
        async with self._arrived:
            if offset:
                self._pending = [u for u in self._pending if u["update_id"] >= offset]
            if not self._pending and timeout > 0:
                try:
                    await asyncio.wait_for(self._arrived.wait(), timeout)
                except TimeoutError:
                    return []
            return self._pending[:limit]

    async def _m_setwebhook(self, params: JsonDict) -> bool:
        url = str(params.get("url") or "")
        if not url:
            return await self._m_deletewebhook(params)
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        async with self._arrived:
            if self.webhook is None:
                self.webhook = Webhook(url, secret, params.get("allowed_updates"))
            else:  # set again (a restart, another instance): its history stays
                self.webhook.url, self.webhook.secret = url, secret
                self.webhook.allowed_updates = params.get("allowed_updates")
            if params.get("drop_pending_updates") in (True, "true", "True"):
                self._pending = []
            self._arrived.notify_all()
        if self._deliverer is None or self._deliverer.done():
            self._deliverer = asyncio.create_task(self._deliver())
        async with self._polled:
            self.webhook_sets += 1
            self._polled.notify_all()
        return True

    async def _m_deletewebhook(self, params: JsonDict) -> bool:
        async with self._arrived:
            self.webhook = None
            if params.get("drop_pending_updates") in (True, "true", "True"):
                self._pending = []
            self._arrived.notify_all()
        return True

    def _m_getwebhookinfo(self, _params: JsonDict) -> JsonDict:
        info: JsonDict = {
            "url": self.webhook.url if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook is not None:
            if self.webhook.allowed_updates is not None:
                info["allowed_updates"] = self.webhook.allowed_updates
            if self.webhook.last_error:
                info["last_error_date"] = int(self.now())
                info["last_error_message"] = self.webhook.last_error
        return info
