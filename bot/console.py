"""`dmsbot console`: the real bot in a terminal, offline, no token, on the configured database.

The production dispatcher runs against the Bot API stand-in in this process. You are a person in a
private chat with the bot; `/as operator` puts you in the operators' group (the console's own group
is the desk unless OPERATORS_CHAT_ID is set), and you are an administrator (`/broadcast`). Buttons
are numbered; a number presses one.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr

from bot.features import Launch
from bot.miniapp import MapLinks, signed_init_data, with_init_data
from bot.runtime import serving
from core import demo
from core.outbox import OutboxItem
from core.services import Services, build_services
from core.settings import Settings
from standin import Person, StoredMessage
from standin.rig import InProcessBot
from standin.telegram import JsonDict
from storage import migrate

CONSOLE_TOKEN = "1000000001:CONSOLE-OFFLINE"  # noqa: S105 - no Telegram behind it
CONSOLE_USER_ID = 100
CONSOLE_DESK_ID = -1000000000100

HELP = """\
Консоль ДМС-помощника: вы пишете боту как в Telegram.
  текст                 сообщение боту;  /start, /help, /menu, /cancel — команды бота
  N                     нажать кнопку с номером N
  /contact +7999…       поделиться своим номером;  /location 55.75 37.61 — геопозиция
  /photo PATH, /file PATH   отправить фото или файл
  /as operator, /as me  писать в группе операторов или в личном чате
  /reply N текст        (в группе) ответить на сообщение бота #N
  /find, /unlink, /unlock, /pending, /liftsms   (в группе) команды операторов
  /broadcast            рассылка всем (в консоли вы администратор)
  /demo                 загрузить демо-данные: клиники Москвы, демо-полисы (README: Demo data)
  /map                  адрес карты клиник (Mini App), чтобы открыть её в браузере
  /quit                 выйти
Файлы, которые присылает бот (PDF, .ics, выгрузка), сохраняются в DATA_DIR/console/."""
DEMO_OFFER = """\
База пуста: нет ни клиник, ни полисов, попробовать почти нечего. Загрузить демо-данные
(1 296 настоящих клиник Москвы из OpenStreetMap, демо-полисы и свободное время врачей)?
Ответьте «да» или «нет» (позже: /demo)."""
YES = frozenset({"да", "д", "yes", "y"})
NO = frozenset({"нет", "н", "no", "n"})

_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Telegram HTML → terminal text."""
    return html.unescape(_TAG.sub("", text))


@dataclass
class Button:
    message: StoredMessage | None  # None: a reply-keyboard button
    spec: JsonDict


def _read_file(text: str) -> tuple[str, bytes]:
    path = Path(text).expanduser()
    return path.name, path.read_bytes()


async def load_demo(services: Services, say: Callable[[str], None]) -> None:
    say("Загружаю демо-данные (до минуты)…")
    loaded = await demo.load_today(
        services.db,
        services.clock,
        services.notifications,
        services.slots,
        services.settings.timezone,
        services.family,
    )
    say(loaded.summary())
    say(f"Готово. Клиники настоящие ({demo.ATTRIBUTION}), программы, полисы и запись — демо.")
    say(demo_policies())
    say("Начните с /start.")


def demo_policies() -> str:
    """Whom to sign up as, to link which number: the demo roster, as README's «Demo data»; then
    Иванов's family, who come with his policy."""
    lines = [
        "Полисы для привязки: зарегистрируйтесь как владелец (почта или /contact),",
        "затем привяжите номер в «📄 Мои полисы»:",
    ]
    for policy in demo.POLICIES:
        notes = []
        if policy.franchise_percent:
            notes.append(f"франшиза {policy.franchise_percent} %")
        if policy.expired:
            notes.append("истёк")
        note = f" ({', '.join(notes)})" if notes else ""
        lines.append(f"  {policy.number}{note}: {_holder(policy)}")
    lines.append("Семья Иванова на ДМС-ДЕМО-0001: в «👨‍👩‍👧 Семья», как только он его привяжет.")
    for member in demo.FAMILY:
        if member.age is not None:
            lines.append(f"  {member.number}: {_name(member)}, {member.age} лет")
        else:  # an adult: may sign up and take the policy over
            lines.append(f"  {member.number}: {_holder(member)} — может забрать полис себе")
    return "\n".join(lines)


def _name(policy: demo.DemoPolicy) -> str:
    return " ".join(
        part for part in (policy.last_name, policy.first_name, policy.middle_name) if part
    )


def _holder(policy: demo.DemoPolicy) -> str:
    born = f"{policy.birth_date[8:10]}.{policy.birth_date[5:7]}.{policy.birth_date[:4]}"
    return f"{_name(policy)}, {born}, {policy.email}, /contact {policy.phone}"


async def offer_demo(services: Services, stdin: TextIO, out: TextIO) -> str | None:
    """On an empty database, before the bot starts: load the demo data? One answer: «да» loads
    it, «нет» goes on without; anything else is the first line typed to the bot (returned)."""
    if not await demo.nothing_loaded(services.db):
        return None

    def say(text: str) -> None:
        print(text, file=out, flush=True)

    say(DEMO_OFFER)
    line = await asyncio.get_running_loop().run_in_executor(None, stdin.readline)
    answer = line.strip().lower()
    if answer in YES:
        await load_demo(services, say)
    elif answer in NO:
        say("Хорошо. Загрузить позже: /demo")
    else:
        return line
    return None


class Console:
    def __init__(
        self,
        rig: InProcessBot,
        me: Person,
        desk: Person,
        out: TextIO,
        files: Path,
        mini_app: Callable[[str], str],
        map_page: str,
    ) -> None:
        # A Mini App's address as Telegram opens it for the console's person (signed initData).
        self.mini_app = mini_app
        self.map_page = map_page  # the clinics map's (/map)
        self.rig = rig
        self.me = me
        self.desk = desk
        self.current = me
        self.out = out
        self.files = files  # where the files the bot sends are saved
        self.buttons: list[Button] = []
        rig.standin.listeners.append(self._on_bot_message)
        rig.services.outbox.listeners.append(self._on_outbox)

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    # -- what the bot does --------------------------------------------------------------------

    def _where(self, chat_id: int) -> str:
        if chat_id == self.current.chat.id:
            return ""
        return "[группа операторов] " if chat_id == self.desk.chat.id else f"[чат {chat_id}] "

    def _on_bot_message(self, change: str, message: StoredMessage) -> None:
        where = self._where(message.chat_id)
        number = f"#{message.message_id} " if message.chat_id == self.desk.chat.id else ""
        if change == "deleted":
            whose = "ваше сообщение" if not message.from_bot else "сообщение бота"
            self.say(f"🗑  {where}{whose} #{message.message_id} удалено ботом")
            return
        mark = "✏️ " if change == "edited" else "🤖"
        payload = message.payload
        body = plain(message.text or "")
        if "photo" in payload:
            body = f"[фото] {body}".strip()
        elif "document" in payload:
            body = f"[файл {payload['document'].get('file_name', '')}] {body}".strip()
        elif "venue" in payload:
            body = f"[место] {body}"
        elif "location" in payload:
            where_to = payload["location"]
            body = f"[точка на карте] {where_to['latitude']}, {where_to['longitude']}"
        self.say(f"{mark} {where}{number}{body}")
        if message.from_bot and change != "edited":
            self._save_file(message)
        rows = []
        for button in message.inline_buttons:
            self.buttons.append(Button(message, button))
            label = f"[{len(self.buttons)}] {button['text']}"
            if "url" in button:
                label += f" → {button['url']}"
            elif "web_app" in button:
                label += " (Mini App: нажмите — будет ссылка для браузера)"
            rows.append(label)
        if rows:
            self.say("   " + "   ".join(rows))

    def _save_file(self, message: StoredMessage) -> None:
        """A document or photo the bot sent, saved under DATA_DIR/console/ for you to open."""
        payload = message.payload
        if "document" in payload:
            file_id = payload["document"]["file_id"]
        elif "photo" in payload:
            file_id = payload["photo"][-1]["file_id"]
        else:
            return
        stored = self.rig.standin.files.get(file_id)
        if stored is None:
            return
        name = Path(stored.file_name or stored.file_path).name
        path = self.files / f"{message.message_id}-{name}"
        self.files.mkdir(parents=True, exist_ok=True)
        path.write_bytes(stored.data)
        self.say(f"   💾 сохранено: {path}")

    def _on_outbox(self, item: OutboxItem) -> None:
        if item.kind == "mail":
            self.say(f"📧 письмо для {item.to}: «{item.subject}»\n{item.text}\n   ({item.path})")
        else:
            self.say(f"📱 SMS для {item.to}: {item.text}\n   ({item.path})")

    def show_reply_keyboard(self) -> None:
        keyboard = self.current.chat.reply_keyboard
        if not keyboard:
            return
        labels = []
        for row in keyboard["keyboard"]:
            for button in row:
                self.buttons.append(Button(None, button))
                hint = ""
                if button.get("request_contact"):
                    hint = " (ваш номер: /contact +7…)"
                elif button.get("request_location"):
                    hint = " (геопозиция: /location широта долгота)"
                labels.append(f"[{len(self.buttons)}] {button['text']}{hint}")
        self.say("⌨️  " + "   ".join(labels))

    # -- what you do --------------------------------------------------------------------------

    async def press(self, button: Button) -> None:
        spec = button.spec
        if "url" in spec:
            self.say(f"🔗 откройте в браузере: {spec['url']}")
        elif "web_app" in spec:
            link = self.mini_app(spec["web_app"]["url"])
            self.say(f"🗺 откройте в браузере (ссылка действует сутки): {link}")
        elif button.message is not None:
            await self.current.press_callback(button.message, spec["callback_data"])
        elif spec.get("request_contact"):
            self.say("Кнопка просит ваш номер: отправьте /contact +79991234567")
        elif spec.get("request_location"):
            self.say("Кнопка просит геопозицию: отправьте /location 55.75 37.61")
        else:
            await self.current.send(spec["text"])

    async def handle(self, line: str) -> bool:
        """One line typed; False to quit."""
        line = line.strip()
        if not line:
            return True
        command, _, rest = line.partition(" ")
        if command == "/quit":
            return False
        if command == "/demo":
            await load_demo(self.rig.services, self.say)
            return True
        if command == "/map":
            link = self.mini_app(self.map_page)
            self.say(f"🗺 откройте в браузере (ссылка действует сутки): {link}")
            return True
        if line.isascii() and line.isdigit() and 1 <= int(line) <= len(self.buttons):
            button = self.buttons[int(line) - 1]
            self.buttons = []
            await self.press(button)
        elif command == "/console":
            self.say(HELP)
            return True
        elif command == "/as":
            self.current = self.desk if rest.strip() == "operator" else self.me
            place = "группе операторов" if self.current is self.desk else "личном чате с ботом"
            self.say(f"— вы пишете в {place}")
            return True
        else:
            self.buttons = []
            await self._send(command, rest, line)
        self.show_reply_keyboard()
        return True

    async def _send(self, command: str, rest: str, line: str) -> None:
        try:
            if command == "/contact":
                await self.current.share_contact(rest.strip())
            elif command == "/location":
                latitude, longitude = (float(part) for part in rest.replace(",", " ").split())
                await self.current.share_location(latitude, longitude)
            elif command in {"/photo", "/file"}:
                name, data = await asyncio.to_thread(_read_file, rest.strip())
                if command == "/photo":
                    await self.current.send_photo(data)
                else:
                    await self.current.send_document(data, name)
            elif command == "/reply" and self.current is self.desk:
                number, _, text = rest.partition(" ")
                target = self.desk.chat.find(int(number))
                if target is None:
                    self.say(f"Нет сообщения #{number} в группе.")
                    return
                await self.desk.send(text, reply_to_message=target.payload)
            else:
                await self.current.send(line)
        except (OSError, ValueError) as error:
            self.say(f"Не получилось: {error}. Подсказка: /console")


async def run_console(
    settings: Settings,
    *,
    language: str = "ru",
    launch: Launch | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> None:
    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    if settings.log_level == "INFO":
        # The conversation is the output here; start-up chatter would drown it.
        logging.getLogger().setLevel(logging.WARNING)
    settings = settings.model_copy(
        update={
            "bot_token": SecretStr(CONSOLE_TOKEN),
            "operators_chat_id": settings.operators_chat_id or CONSOLE_DESK_ID,
            "admin_ids": sorted({*settings.admin_ids, CONSOLE_USER_ID}),
        }
    )
    launch = launch or Launch()
    services = build_services(settings, catalogue=launch.catalogue)
    try:
        await migrate.upgrade(services.db)
        # Asked before the bot starts: loading takes the event loop for a while.
        first_line = await offer_demo(services, stdin, out)
        rig = InProcessBot(settings, services, extra_features=launch.features)
        desk_id = settings.operators_chat_id or CONSOLE_DESK_ID
        me = rig.person(CONSOLE_USER_ID, "Гость" if language == "ru" else "Guest", language)
        desk_chat = rig.standin.chat(desk_id, "supergroup", "Операторы (консоль)")
        rig.standin.members[(desk_id, CONSOLE_USER_ID)] = "administrator"
        desk = Person(
            rig.standin, rig.feed, CONSOLE_USER_ID, me.user["first_name"], language, desk_chat
        )
        name = str(me.user["first_name"])

        # The console is the person's Telegram too: it opens a Mini App at an http address.
        map_links = MapLinks(str(settings.public_base_url).rstrip("/"))
        rig.dispatcher["map_links"] = map_links
        rig.standin.web_apps_over_http = True

        def mini_app(url: str) -> str:
            signed = signed_init_data(
                CONSOLE_TOKEN, CONSOLE_USER_ID, name, language, services.clock.now()
            )
            return with_init_data(url, signed)

        map_page = map_links.page(language)
        assert map_page is not None
        console = Console(rig, me, desk, out, settings.data_dir / "console", mini_app, map_page)
        # The console's sender sends only to the console's own chats: run on a database a real
        # bot also uses, it must never take (and "deliver" here) real people's messages.
        own_chats = frozenset({CONSOLE_USER_ID, desk_id})
        async with serving(settings, services, rig.bot, rig.dispatcher, only_chats=own_chats):
            await rig.start()
            console.say(HELP)
            loop = asyncio.get_running_loop()
            try:
                while True:
                    line = first_line or await loop.run_in_executor(None, stdin.readline)
                    first_line = None
                    if not line or not await console.handle(line):
                        break
            finally:
                await rig.stop()
    finally:
        await services.close()
