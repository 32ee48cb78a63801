"""The production dispatcher, fed in-process through the Bot API stand-in, as a person uses it."""

from __future__ import annotations

import asyncio
import gc
import logging
import weakref
from typing import Any

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import Response
from aiogram.types import Message
from sqlalchemy import event, select

from core.clock import ManualClock
from core.services import Services
from standin import Person
from standin.rig import InProcessBot
from storage.models import User
from tests.probe import STICKER


async def stored_user(services: Services, telegram_id: int) -> User | None:
    async with services.db.unit_of_work() as session:
        return await session.scalar(select(User).where(User.telegram_id == telegram_id))


async def test_start_greets_a_new_person_in_russian_with_the_menu(anna: Person) -> None:
    replies = await anna.send("/start")
    assert len(replies) == 1
    assert replies[0].text is not None
    assert replies[0].text.startswith("Здравствуйте, Анна!")
    assert "СК «Тест»" in replies[0].text
    # What to do first, in the present tense (not «здесь будет»).
    assert "Начните с «📝 Регистрация»" in replies[0].text
    assert "будет" not in replies[0].text
    # Only the sections that exist: sign-up, the hotline, help and language, nothing promised
    # that is not built.
    assert anna.reply_buttons == ["📝 Регистрация", "☎️ Горячая линия 24/7", "ℹ️ Помощь", "🌐 Язык"]


async def test_start_again_welcomes_back(anna: Person) -> None:
    await anna.send("/start")
    replies = await anna.send("/start")
    assert replies[0].text is not None
    assert replies[0].text.startswith("С возвращением, Анна!")


async def test_english_telegram_gets_english(john: Person, services: Services) -> None:
    replies = await john.send("/start")
    assert replies[0].text is not None
    assert replies[0].text.startswith("Hello, John!")
    assert john.reply_buttons == ["📝 Sign up", "☎️ Hotline 24/7", "ℹ️ Help", "🌐 Language"]
    user = await stored_user(services, john.id)
    assert user is not None
    assert user.language == "en"


async def test_other_telegram_languages_get_russian(rig: InProcessBot) -> None:
    person = rig.person(5003, "Olena", "uk")
    replies = await person.send("/start")
    assert replies[0].text is not None
    assert replies[0].text.startswith("Здравствуйте")


async def test_names_are_escaped_for_html(rig: InProcessBot) -> None:
    person = rig.person(5004, "<b>Bob</b> & co", "en")
    replies = await person.send("/start")
    assert replies[0].text is not None
    assert "&lt;b&gt;Bob&lt;/b&gt; &amp; co" in replies[0].text


async def test_help_tells_what_the_bot_does_and_the_contacts(anna: Person) -> None:
    replies = await anna.send("/help")
    text = replies[0].text or ""
    assert "+7 800 555-35-35" in text
    assert "help@insurer.test" in text
    assert "Помощь" in text
    assert "Язык" in text


async def test_menu_button_pressed_or_typed(anna: Person) -> None:
    await anna.send("/start")
    pressed = await anna.press("ℹ️ Помощь")
    typed = await anna.send("  ПОМОЩЬ ")
    assert pressed[0].text == typed[0].text
    assert "+7 800 555-35-35" in (typed[0].text or "")


async def test_menu_shows_the_menu(anna: Person) -> None:
    replies = await anna.send("/menu")
    assert replies[0].text == "Главное меню. Выберите раздел."
    assert anna.reply_buttons == ["📝 Регистрация", "☎️ Горячая линия 24/7", "ℹ️ Помощь", "🌐 Язык"]


async def test_commands_are_registered_in_russian_and_english(rig: InProcessBot) -> None:
    commands = rig.standin.commands
    russian = {c["command"]: c["description"] for c in commands[("all_private_chats", "ru")]}
    english = {c["command"]: c["description"] for c in commands[("all_private_chats", "en")]}
    default = commands[("all_private_chats", "")]
    assert (
        set(russian)
        == set(english)
        == {"start", "menu", "signup", "recover", "hotline", "help", "cancel", "language", "sos"}
    )
    assert russian["help"] != english["help"]
    assert [c["description"] for c in default] == list(russian.values())


async def test_cancel_without_a_dialogue(anna: Person) -> None:
    replies = await anna.send("/cancel")
    assert replies[0].text == "Сейчас нечего отменять."


async def test_cancel_leaves_a_dialogue_from_any_step(anna: Person, rig: InProcessBot) -> None:
    await anna.send("/probe")
    await anna.send("Анна")
    replies = await anna.send("/cancel")
    assert replies[0].text is not None
    assert replies[0].text.startswith("Хорошо, прервали.")
    assert anna.reply_buttons == ["📝 Регистрация", "☎️ Горячая линия 24/7", "ℹ️ Помощь", "🌐 Язык"]
    # The dialogue is gone: a city is now just unknown text.
    replies = await anna.send("Москва")
    assert replies[0].text is not None
    assert replies[0].text.startswith("Я не понял сообщение")


async def test_start_mid_dialogue_offers_to_continue(anna: Person) -> None:
    await anna.send("/probe")
    await anna.send("Анна")
    replies = await anna.send("/start")
    assert replies[0].text is not None
    assert "«проверочный диалог»" in replies[0].text
    assert anna.inline_labels() == ["▶️ Продолжить", "🔄 Начать заново"]

    replies = await anna.press("▶️ Продолжить")
    assert [r.text for r in replies] == ["Из какого вы города?"]
    replies = await anna.send("Казань")
    # What was entered before the interruption is still there.
    assert [r.text for r in replies] == ["Готово: Анна из города Казань."]


async def test_start_mid_dialogue_restart_begins_again(anna: Person, clock: ManualClock) -> None:
    await anna.send("/probe")
    await anna.send("Анна")
    await anna.send("/start")
    replies = await anna.press("🔄 Начать заново")
    assert [r.text for r in replies] == ["Как вас зовут?"]
    clock.advance(1)  # six updates in an instant would be a flood: presses count too
    await anna.send("Мария")
    replies = await anna.send("Тверь")
    assert [r.text for r in replies] == ["Готово: Мария из города Тверь."]


async def test_continue_after_the_dialogue_ended_is_refused_politely(anna: Person) -> None:
    await anna.send("/probe")
    await anna.send("/start")
    offer = anna.last
    await anna.send("/cancel")
    continue_data = offer.inline_buttons[0]["callback_data"]
    await anna.press_callback(offer, continue_data)
    assert anna.last_callback_answer is not None
    assert anna.last_callback_answer["text"] == "Этот диалог уже завершён."


async def test_menu_mid_dialogue_offers_to_continue(anna: Person) -> None:
    await anna.send("/probe")
    replies = await anna.send("/menu")
    assert anna.inline_labels() == ["▶️ Продолжить", "🔄 Начать заново"]
    assert replies[0].text is not None


async def test_unreadable_answer_shows_the_step_again(anna: Person) -> None:
    await anna.send("/probe")
    replies = await anna.send_content(sticker=STICKER)
    assert [r.text for r in replies] == [
        "Не получилось разобрать ответ. Ответьте, пожалуйста, на вопрос выше — "
        "или отправьте /cancel, чтобы выйти.",
        "Как вас зовут?",
    ]
    # The dialogue stayed at its step.
    await anna.send("Анна")
    replies = await anna.send("Омск")
    assert replies[0].text == "Готово: Анна из города Омск."


async def test_deep_link_reaches_its_handler(anna: Person) -> None:
    replies = await anna.send("/start probe_ABC123")
    assert [r.text for r in replies] == ["deep link payload: ABC123 for Анна"]


async def test_unknown_deep_link_is_explained_and_greets(anna: Person) -> None:
    replies = await anna.send("/start nonsense")
    assert replies[0].text is not None
    assert "устарела или неверна" in replies[0].text
    assert replies[1].text is not None
    assert replies[1].text.startswith("Здравствуйте")


async def test_language_choice_overrides_telegram_and_sticks(
    anna: Person, services: Services
) -> None:
    await anna.send("/language")
    assert anna.inline_labels() == ["Русский", "English"]
    replies = await anna.press("English")
    assert replies[-1].text == "Done: the interface is in English."
    assert anna.reply_buttons == ["📝 Sign up", "☎️ Hotline 24/7", "ℹ️ Help", "🌐 Language"]
    # Telegram still says "ru", but the person chose English.
    replies = await anna.send("/menu")
    assert replies[0].text == "Main menu. Choose a section."
    user = await stored_user(services, anna.id)
    assert user is not None
    assert (user.language, user.language_chosen) == ("en", True)


async def test_language_section_typed_in_the_other_language(anna: Person) -> None:
    replies = await anna.send("language")
    assert replies[0].text == "Выберите язык интерфейса."


async def test_forged_language_callback_changes_nothing(anna: Person, services: Services) -> None:
    await anna.send("/language")
    await anna.press_callback(anna.last, "lang:xx")
    assert anna.last_callback_answer is not None
    assert anna.last_callback_answer["text"] == "Эта кнопка уже не действует. Откройте /menu."
    user = await stored_user(services, anna.id)
    assert user is not None
    assert (user.language, user.language_chosen) == ("ru", False)


async def test_unknown_text_command_and_sticker_get_clear_answers(anna: Person) -> None:
    assert (await anna.send("привет"))[0].text == (
        "Я не понял сообщение. Выберите раздел в меню ниже или отправьте /help."
    )
    assert (await anna.send("/nonsense"))[0].text == (
        "Такой команды нет. Доступны: /menu, /help, /cancel, /language."
    )
    replies = await anna.send_content(sticker=STICKER)
    assert replies[0].text == (
        "Я понимаю текст и кнопки. Выберите раздел в меню ниже или отправьте /help."
    )


async def test_group_chatter_is_not_answered(rig: InProcessBot) -> None:
    group = rig.standin.chat(-100500, "supergroup", "Операторы")
    person = Person(rig.standin, rig.feed, 5010, "Оператор", "ru", chat=group)
    assert await person.send("коллеги, кто на смене?") == []


async def test_anti_flood_warns_once_then_ignores_briefly(anna: Person, clock: ManualClock) -> None:
    # FLOOD_RATE is 5: five messages in the same instant are answered.
    for _ in range(5):
        assert len(await anna.send("/help")) == 1
    notice = await anna.send("/help")
    assert [r.text for r in notice] == [
        "Пожалуйста, не так быстро: я пропущу сообщения следующих нескольких секунд, "
        "а потом снова отвечу."
    ]
    assert await anna.send("/help") == []
    clock.advance(1)
    assert await anna.send("/help") == []  # still within the pause
    clock.advance(3)
    assert len(await anna.send("/help")) == 1


async def test_anti_flood_counts_an_album_once(anna: Person) -> None:
    photo = [{"file_id": "p", "file_unique_id": "u", "width": 10, "height": 10}]
    for _ in range(10):
        await anna.send_content(photo=photo, media_group_id="album-1")
    # Ten photos of one album were one message: the next texts are still answered.
    for _ in range(4):
        assert len(await anna.send("/help")) == 1


async def test_anti_flood_is_per_person(anna: Person, john: Person) -> None:
    for _ in range(7):
        await anna.send("/help")
    assert len(await john.send("/help")) == 1


async def test_error_is_logged_with_the_update_id_and_apologised_for(
    anna: Person, caplog: pytest.LogCaptureFixture
) -> None:
    await anna.send("/probe")  # at the name step; /boom moves to the city step, then fails
    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        replies = await anna.send("/boom")
    assert [r.text for r in replies] == [
        "Извините, что-то пошло не так на нашей стороне. Попробуйте ещё раз чуть позже — "
        "всё, что вы уже ввели, сохранено."
    ]
    record = next(r for r in caplog.records if r.name == "bot.errors")
    assert "RuntimeError" in record.getMessage()
    assert record.__dict__["update_id"] > 0
    assert record.exc_info is not None
    # The failing handler's state change was rolled back: the dialogue is where it was.
    replies = await anna.send("Пётр")
    assert [r.text for r in replies] == ["Из какого вы города?"]


async def test_error_apology_in_english(john: Person) -> None:
    replies = await john.send("/boom")
    assert replies[0].text is not None
    assert replies[0].text.startswith("Sorry, something went wrong")


async def test_updates_that_only_read_write_nothing(
    anna: Person, services: Services, clock: ManualClock
) -> None:
    await anna.send("/start")
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement.split()[0].upper())

    event.listen(services.db.engine.sync_engine, "before_cursor_execute", record)
    try:
        await anna.send("/help")
        await anna.send("/menu")
        clock.advance(30 * 60)
        await anna.send("/help")
        assert not {"INSERT", "UPDATE", "DELETE"} & set(statements), statements
        # `seen` moves at most hourly: an hour later one update writes it.
        clock.advance(31 * 60)
        await anna.send("/help")
        assert statements.count("UPDATE") == 1
    finally:
        event.remove(services.db.engine.sync_engine, "before_cursor_execute", record)


async def test_the_person_and_their_dialogue_are_one_statement(
    anna: Person, services: Services
) -> None:
    """An update's first statement reads the person, their profile and their dialogue row in
    this chat together; the dialogue storage asks nothing more (bench/throughput.py counts)."""
    await anna.send("/start")
    await anna.send("/probe")
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(services.db.engine.sync_engine, "before_cursor_execute", record)
    try:
        replies = await anna.send("Анна")  # the dialogue's next step: its state was read
    finally:
        event.remove(services.db.engine.sync_engine, "before_cursor_execute", record)
    assert [r.text for r in replies] == ["Из какого вы города?"]
    selects = [s for s in statements if s.startswith("SELECT")]
    assert "FROM users LEFT OUTER JOIN profiles" in selects[0]
    assert "LEFT OUTER JOIN dialogue_states" in selects[0]
    assert not [s for s in selects if s.startswith("SELECT dialogue_states")], selects


async def test_no_filter_sends_an_update_to_a_thread(
    rig: InProcessBot, anna: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    """aiogram runs a synchronous filter, as every magic filter (`F.text`) is, in a worker
    thread; the dispatcher's are made coroutines (bot.filters.checked_in_loop), so checking
    where an update goes never leaves the event loop."""
    sent_away: list[object] = []
    to_thread = asyncio.to_thread

    async def spy(call: Any, /, *args: Any, **kwargs: Any) -> Any:
        sent_away.append(call)
        return await to_thread(call, *args, **kwargs)

    monkeypatch.setattr(asyncio, "to_thread", spy)
    await anna.send("/start")
    await anna.send("ℹ️ Помощь")
    await anna.send("что-то непонятное")
    await anna.send("/nonsense")
    await anna.press("🌐 Язык")
    await anna.press("English")
    assert anna.last_callback_answer is not None
    assert sent_away == []


async def test_answer_types_are_not_built_again_after_a_garbage_collection(anna: Person) -> None:
    """aiogram parses each answer as `Response[<type>]`, a generic model pydantic caches only
    weakly: held for the process (KeepResponseTypes), it survives a collection."""
    await anna.send("/start")
    built = weakref.ref(Response[Message])
    gc.collect()
    assert built() is not None


async def test_a_step_an_older_release_had_is_forgotten_with_a_word(
    rig: InProcessBot, anna: Person
) -> None:
    """A dialogue state kept from an older release (here a PIN step since merged into one) would
    answer «не понял» to every message until /cancel: it is forgotten once, with a word."""
    await anna.send("/start")
    storage = rig.dispatcher.storage
    key = StorageKey(bot_id=rig.bot.id, chat_id=anna.chat.id, user_id=anna.id)
    await storage.set_state(key, "ProfileSteps:pin_current")
    replies = await anna.send("1234")
    assert replies[0].text == (
        "Бот обновился, и шаг, на котором вы остановились, теперь устроен иначе. "
        "Начните, пожалуйста, заново — из меню ниже."
    )
    assert anna.reply_buttons == ["📝 Регистрация", "☎️ Горячая линия 24/7", "ℹ️ Помощь", "🌐 Язык"]
    assert await storage.get_state(key) is None
    replies = await anna.send("/help")
    assert "Бот обновился" not in (replies[0].text or "")
