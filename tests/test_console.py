"""`dmsbot console`: the real bot in a terminal, driven through standard input."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    WebAppInfo,
)

from bot.console import CONSOLE_DESK_ID, CONSOLE_USER_ID, DEMO_OFFER, Console, run_console
from bot.features import Launch
from core.outbox import Mail
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from tests.command_line import dmsbot
from tests.e2e import REPO
from tests.probe import probe_catalogue, probe_feature


def test_piped_start_then_a_button_then_quit(tmp_path: Path) -> None:
    result = dmsbot(tmp_path, "console", input="/start\n3\n/quit\n", WEB_PORT="0")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "🤖 Здравствуйте, Гость!" in out
    assert "⌨️  [1] 📝 Регистрация   [2] ☎️ Горячая линия 24/7   [3] ℹ️ Помощь   [4] 🌐 Язык" in out
    assert "Горячая линия:" in out  # button 3 pressed: the help
    assert (tmp_path / "dms.db").exists()  # the configured database (DATA_DIR), migrated


async def run(lines: str, tmp_path: Path, **settings: object) -> str:
    out = io.StringIO()
    configured = Settings(data_dir=tmp_path, web_port=0, **settings)  # type: ignore[arg-type]
    launch = Launch(features=[probe_feature], catalogue=probe_catalogue())
    await run_console(configured, launch=launch, stdin=io.StringIO(lines), stdout=out)
    return out.getvalue()


async def test_numbers_press_inline_buttons_and_state_persists(tmp_path: Path) -> None:
    first = await run("/probe\nАнна\n/quit\n", tmp_path)
    assert "Из какого вы города?" in first
    # A new console on the same database: the dialogue is where it was.
    second = await run("/start\n1\n/quit\n", tmp_path)
    assert "[1] ▶️ Продолжить   [2] 🔄 Начать заново" in second
    assert second.rstrip().endswith("Из какого вы города?")


async def test_contact_location_photo_file_and_bad_paths(tmp_path: Path) -> None:
    picture = tmp_path / "scan.jpg"
    picture.write_bytes(b"\xff\xd8 jpeg")
    out = await run(
        f"/contact +79991234567\n/location 55.75 37.61\n/photo {picture}\n/file {picture}\n"
        "/photo /no/such/file.jpg\n/location north\n/quit\n",
        tmp_path,
    )
    assert out.count("Я понимаю текст и кнопки.") == 3
    # A location goes to «Клиники рядом», which a guest is asked to sign up for.
    assert "Этот раздел откроется после регистрации" in out
    assert "Не получилось: [Errno 2] No such file or directory" in out
    assert "Не получилось: could not convert string to float" in out


async def test_operator_desk_and_english(tmp_path: Path) -> None:
    out = await run("/as operator\nколлеги, привет\n/as me\n/start\n/quit\n", tmp_path)
    assert "— вы пишете в группе операторов" in out
    assert "— вы пишете в личном чате с ботом" in out
    english = io.StringIO()
    await run_console(
        Settings(data_dir=tmp_path / "en", web_port=0),
        language="en",
        stdin=io.StringIO("/start\n/quit\n"),
        stdout=english,
    )
    assert "🤖 Hello, Guest!" in english.getvalue()


@pytest.mark.parametrize("line", ["/quit\n", ""])
async def test_quit_and_end_of_input_both_leave(tmp_path: Path, line: str) -> None:
    assert "Консоль ДМС-помощника" in await run(line, tmp_path)


def test_the_readme_transcript_is_what_the_console_prints(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    transcript = readme.split("<!-- console transcript -->")[1].split("```")[1]
    typed = [line.removeprefix("> ") for line in transcript.splitlines() if line.startswith("> ")]
    result = dmsbot(tmp_path, "console", input="\n".join([*typed, "/quit"]) + "\n", WEB_PORT="0")
    shown = [
        line for line in transcript.splitlines()[1:] if line and not line.startswith(("> ", "$ "))
    ]
    for line in shown:
        assert line in result.stdout, line


async def test_desk_replies_url_buttons_and_outbox_are_shown(
    rig: InProcessBot, tmp_path: Path
) -> None:
    out = io.StringIO()
    me = rig.person(CONSOLE_USER_ID, "Гость", "ru")
    desk_chat = rig.standin.chat(CONSOLE_DESK_ID, "supergroup", "Операторы")
    desk = Person(rig.standin, rig.feed, CONSOLE_USER_ID, "Гость", "ru", chat=desk_chat)
    console = Console(rig, me, desk, out, tmp_path / "console", "{}#signed".format, "")

    await rig.bot.send_message(CONSOLE_DESK_ID, "Обращение №1: <b>жалоба</b>")
    assert "🤖 [группа операторов] #1 Обращение №1: жалоба" in out.getvalue()
    await console.handle("/as operator")
    await console.handle("/reply 1 Разбираемся")
    reply = desk_chat.messages[-1]
    assert reply.text == "Разбираемся"
    assert reply.payload["reply_to_message"]["message_id"] == 1
    await console.handle("/reply 99 никому")
    assert "Нет сообщения #99 в группе." in out.getvalue()

    await console.handle("/as me")
    pay = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Оплатить", url="https://pay.example/1")]]
    )
    await rig.bot.send_message(me.id, "Привязка карты", reply_markup=pay)
    assert "[1] Оплатить → https://pay.example/1" in out.getvalue()
    await console.handle("1")
    assert "🔗 откройте в браузере: https://pay.example/1" in out.getvalue()

    # A Mini App's button (the clinics map): its address, as Telegram would open it.
    rig.standin.web_apps_over_http = True  # the console's own Telegram
    on_map = WebAppInfo(url="http://127.0.0.1:8080/miniapp?lang=ru&at=last")
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="🗺 На карте", web_app=on_map)]]
    )
    await rig.bot.send_message(me.id, "Клиники", reply_markup=keyboard)
    assert "[1] 🗺 На карте (Mini App: нажмите — будет ссылка для браузера)" in out.getvalue()
    await console.handle("1")
    assert f"🗺 откройте в браузере (ссылка действует сутки): {on_map.url}#signed" in (
        out.getvalue()
    )

    rig.services.outbox.write_mail(Mail("anna@example.ru", "Код", "Ваш код: 123456"))
    rig.services.outbox.write_sms("+79991234567", "Код: 654321")
    shown = out.getvalue()
    assert "📧 письмо для anna@example.ru: «Код»\nВаш код: 123456" in shown
    assert "📱 SMS для +79991234567: Код: 654321" in shown


class WatchedOutput(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.written = threading.Event()

    def write(self, text: str) -> int:
        written = super().write(text)
        self.written.set()
        return written


class InputAfter:
    """Standard input whose last line waits until the output shows `awaited` (or 10 s)."""

    def __init__(self, lines: list[str], out: WatchedOutput, awaited: str) -> None:
        self.lines = lines
        self.out = out
        self.awaited = awaited

    def readline(self) -> str:
        if len(self.lines) == 1:  # on the console's reader thread, not the event loop
            deadline = time.monotonic() + 10
            while self.awaited not in self.out.getvalue() and time.monotonic() < deadline:
                self.out.written.clear()
                self.out.written.wait(0.5)
        return self.lines.pop(0) + "\n" if self.lines else ""


async def test_the_console_sends_scheduled_messages_only_to_its_own_chats(
    tmp_path: Path,
) -> None:
    from sqlalchemy import select

    from core.notifications import Payload
    from core.notifications import Person as Recipient
    from core.services import build_services
    from storage import migrate
    from storage.models import ScheduledMessage

    configured = Settings(data_dir=tmp_path, web_port=0)
    services = build_services(configured)
    try:
        await migrate.upgrade(services.db)
        async with services.db.unit_of_work():
            for telegram_id in (CONSOLE_USER_ID, 555):  # the console's person, and a real one
                user = (await services.accounts.visit(telegram_id, "ru")).user
                await services.notifications.schedule(
                    "activation", Recipient(user.id), services.clock.now(), Payload("cancel-done")
                )
    finally:
        await services.close()

    out = WatchedOutput()
    stdin = InputAfter(["/start", "/quit"], out, "🤖 Хорошо, прервали.")
    await run_console(configured, stdin=stdin, stdout=out)  # type: ignore[arg-type]
    assert out.getvalue().count("🤖 Хорошо, прервали.") == 1

    services = build_services(configured)
    try:
        async with services.db.unit_of_work() as session:
            rows = {
                row.user_id: row.status for row in await session.scalars(select(ScheduledMessage))
            }
    finally:
        await services.close()
    assert sorted(rows.values()) == ["pending", "sent"]  # the real person's message waits


async def test_an_empty_database_is_offered_the_demo_with_one_answer(tmp_path: Path) -> None:
    declined = await run("нет\n/quit\n", tmp_path)
    assert DEMO_OFFER in declined
    assert "Хорошо. Загрузить позже: /demo" in declined
    # Asked again next time (still empty); «да» loads it, and then nobody is asked any more.
    accepted = await run("да\n/quit\n", tmp_path)
    assert DEMO_OFFER in accepted
    assert "clinics: 1,296 taken, 0 rejected" in accepted
    assert "policies: 7 taken, 0 rejected" in accepted
    # Whom to sign up as, to link which number, without looking it up in the README.
    assert (
        "ДМС-ДЕМО-0001: Иванов Иван Иванович, 14.03.1985, ivanov@demo.example, "
        "/contact +79990000101" in accepted
    )
    assert "ДМС-ДЕМО-0006: Иванова Мария Ивановна, 10 лет" in accepted  # his daughter
    assert DEMO_OFFER not in await run("/quit\n", tmp_path)


async def test_any_other_first_line_is_an_ordinary_message(tmp_path: Path) -> None:
    out = await run("/start\n/quit\n", tmp_path)
    assert DEMO_OFFER in out
    assert "🤖 Здравствуйте, Гость!" in out


async def test_files_the_bot_sends_are_saved_and_their_path_shown(
    rig: InProcessBot, tmp_path: Path
) -> None:
    out = io.StringIO()
    me = rig.person(CONSOLE_USER_ID, "Гость", "ru")
    desk = Person(rig.standin, rig.feed, CONSOLE_USER_ID, "Гость", "ru")
    console = Console(rig, me, desk, out, tmp_path / "console", str, "")
    pdf = BufferedInputFile(b"%PDF-1.4 policy", filename="polis.pdf")
    sent = await rig.bot.send_document(me.id, pdf, caption="Ваш полис")
    saved = tmp_path / "console" / f"{sent.message_id}-polis.pdf"
    assert saved.read_bytes() == b"%PDF-1.4 policy"
    assert f"💾 сохранено: {saved}" in out.getvalue()
    await rig.bot.send_message(me.id, "просто текст")
    assert out.getvalue().count("💾") == 1
    assert console.files == tmp_path / "console"


async def test_map_prints_the_clinics_map_as_telegram_would_open_it(tmp_path: Path) -> None:
    """/map: the Mini App's address with initData the map's API believes (signed with the
    console's token, for the console's person, just now)."""
    from datetime import UTC, datetime, timedelta
    from urllib.parse import parse_qs, urlsplit

    from bot.console import CONSOLE_TOKEN
    from bot.miniapp import telegram_user

    out = await run("/map\n/quit\n", tmp_path, public_base_url="http://127.0.0.1:8091")
    [line] = [line for line in out.splitlines() if line.startswith("🗺 ")]
    link = line.rsplit(" ", 1)[-1]
    parts = urlsplit(link)
    assert (parts.netloc, parts.path, parts.query) == ("127.0.0.1:8091", "/miniapp", "lang=ru")
    [signed] = parse_qs(parts.fragment)["tgWebAppData"]
    # Checked as of the moment it was signed (the console runs on the system clock): a test that
    # reads no calendar.
    [signed_at] = parse_qs(signed)["auth_date"]
    at = datetime.fromtimestamp(int(signed_at), UTC)
    assert telegram_user("tma " + signed, CONSOLE_TOKEN, at) == CONSOLE_USER_ID
    assert telegram_user("tma " + signed, CONSOLE_TOKEN, at + timedelta(hours=23)) == (
        CONSOLE_USER_ID
    )
