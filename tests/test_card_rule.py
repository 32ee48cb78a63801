"""The card rule: a card number anywhere is deleted from the chat at once and never kept."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator

import pytest
from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message

from bot.features import Feature
from bot.fsm.dialogues import Dialogue
from core.cards import find_card_numbers, luhn_valid, mask_card_numbers
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from tests.probe import probe_feature
from tests.stored import in_chats, in_database, in_log, without_separators

DELETED = (
    "Я удалил ваше сообщение: в нём был номер банковской карты.\nНикогда не отправляйте данные "
    "карты в чат — карта привязывается только на защищённой странице платёжной системы, ссылку "
    "на неё бот даст в разделе «💳 Франшиза и карта»."
)


@pytest.mark.parametrize(
    "typed",
    [
        "4242424242424242",
        "4242 4242 4242 4242",
        "4242-4242-4242-4242",
        "моя карта 5555 5555 5555 4444, срок 12/29",
        "378282246310005",  # American Express, 15 digits
        "6011 0009 9013 9424",
        "4000 0000 0000 0002",  # the sandbox's declined card is still a card
        "2200 0000 0000 0004",  # МИР
    ],
)
def test_card_numbers_are_found(typed: str) -> None:
    assert len(find_card_numbers(typed)) == 1


@pytest.mark.parametrize(
    "typed",
    [
        "4242.4242.4242.4242",
        "4242/4242/4242/4242",
        "4242\u00a04242\u00a04242\u00a04242",  # no-break spaces
        "4242\u202f4242\u202f4242\u202f4242",  # narrow no-break spaces
        "4242  4242  4242  4242",
        "карта:\n4242\n4242\n4242\n4242",
        "4242 4242\r\n4242 4242",
        "4242 . 4242 . 4242 . 4242",
        "3782.822463.10005",  # American Express, 4-6-5
        "карта 5555 5555 5555 4444 12/29 123",  # the expiry and CVC right after
        "5555.5555.5555.4444 до 12.29",
        "4242–4242–4242–4242",  # en dashes: autocorrect on iOS and in Russian keyboards
        "4242—4242—4242—4242",  # em dashes
        "4242 − 4242 − 4242 − 4242",  # minus signs
        "4242\u20104242\u20114242\u20124242",  # hyphen, non-breaking hyphen, figure dash
        "3782–822463–10005",
        "4242 4242\n\n4242 4242",  # a blank line
        "карта:\n4242 4242 \r\n \r\n 4242 4242",
        "5555–5555–5555–4444 12/29",
    ],
)
def test_card_numbers_in_groups_of_four_with_other_separators_are_found(typed: str) -> None:
    (card,) = find_card_numbers(typed)
    assert card.digits in {"4242424242424242", "378282246310005", "5555555555554444"}
    assert typed[card.start] == card.digits[0]
    assert typed[card.end - 4 : card.end] == card.digits[-4:]  # the expiry and CVC stay


@pytest.mark.parametrize(
    "typed",
    [
        "01.01.2026\n16.01.2027",  # dates, one a line
        "с 2026.01.01 по 2027.03.06",
        "123-45-67 / 765-43-08",  # two phone numbers
        "полис 0001/2026/123450",
        "12\u00a0345\u00a0678\u00a0101.00 ₽",  # an amount with no-break spaces
        "1\u202f234\u202f567,89 ₽\n9\u202f876\u202f506,00 ₽",
        # The same and others with the other dashes and blank lines
        "01–01–2026\n\n16–01–2027",
        "01.01.2026\n\n16.01.2027",
        "с 2026–01–01 по 2027—03—06",
        "123–45–67 − 765–43–08",
        "+7 999 123–45–67\n\n8 999 765–43–27",
        "полис 0001–2026–123450",
        "1\u202f234\u202f567,89 ₽\n\n9\u202f876\u202f506,00 ₽",
        "паспорт 4510 123451\n\n4510 654321",
        "09:00–18:00\n\n10:00–19:32",
        "2026‒11‒24 10:37",
    ],
)
def test_dates_phones_policies_and_amounts_in_those_separators_are_not_cards(typed: str) -> None:
    digits = "".join(char for char in typed if char.isdigit())
    assert luhn_valid(digits)  # only how they are written tells them from a card
    assert find_card_numbers(typed) == []


@pytest.mark.parametrize(
    "typed",
    [
        "4242 4242 4242 4241",  # fails Luhn
        "+7 999 123-45-67",
        "полис 123456789012",  # 12 digits
        "45 10 123456",  # passport
        "12345678901234567890123",  # a longer run of digits is not a card
        "2026-11-24",
    ],
)
def test_other_numbers_are_not_cards(typed: str) -> None:
    assert find_card_numbers(typed) == []


@pytest.mark.parametrize(
    ("typed", "card"),
    [
        ("8 4242 4242 4242 4242", "4242 4242 4242 4242"),
        ("12 4242424242424242", "4242424242424242"),
        ("1234 4242 4242 4242 4242", "4242 4242 4242 4242"),
        ("тел. 8 4242 4242 4242 4242 12/29 123", "4242 4242 4242 4242"),
        ("12-4242-4242-4242-4242", "4242-4242-4242-4242"),
        ("12–4242–4242–4242–4242", "4242–4242–4242–4242"),
        ("1234 3782 822463 10005", "3782 822463 10005"),
        ("1 2 3 4 5 6 7 8 9 4242424242424242", "4242424242424242"),
    ],
)
def test_a_card_after_a_short_group_of_digits_is_found(typed: str, card: str) -> None:
    with_the_group = typed[: typed.index(card) + len(card)]
    assert not luhn_valid("".join(char for char in with_the_group if char.isdigit()))
    (found,) = find_card_numbers(typed)
    assert typed[found.start : found.end] == card


@pytest.mark.parametrize(
    "typed",
    [
        # A part of them after a space passes Luhn, but is not written as a card is
        "+7 999 123 45 67 8 999 765 43 03",  # two phones: «123 45 67 8 999 765 43 03»
        "4510 123456 8 999 765 43 05",  # a passport and a phone: «123456 8 999 765 43 05»
    ],
)
def test_a_part_of_other_numbers_is_a_card_only_when_written_as_one(typed: str) -> None:
    assert find_card_numbers(typed) == []


@pytest.mark.parametrize(
    "typed",
    [
        "1 " * 2048,
        "1-" * 2048,
        "1234 " * 820,
        "1234–" * 820,
        "1234\n\n" * 680,
        "1234 123456 " * 340,
        "12 " + "4242 " * 818,
        "4242" + " " * 4000 + "\n1",
        "4242 " + "\r" * 4000,
        "1 2 3 " * 680,
        "".join(str(i % 10) + " -.\n"[i % 4] * (1 + i % 3) for i in range(1365)),
    ],
)
def test_long_adversarial_texts_do_not_make_the_search_blow_up(typed: str) -> None:
    """Not a speed target (a search takes about 2 ms here): a hang detector. A search that
    backtracks catastrophically on these takes minutes to hours, so the bound is far above any
    busy runner's noise."""
    started = time.perf_counter()
    find_card_numbers(typed)
    assert time.perf_counter() - started < 2.0


def test_luhn() -> None:
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")


def test_masking_keeps_the_last_four() -> None:
    masked = mask_card_numbers("оплатил картой 4242 4242 4242 4242 вчера")
    assert masked == "оплатил картой •••• 4242 вчера"


class Ticket(StatesGroup):
    text = State()
    amount = State()


async def begin(message: Message, state: FSMContext) -> None:
    await state.set_state(Ticket.text)
    await message.answer("Опишите проблему.")


async def ask_amount(message: Message) -> None:
    await message.answer("Сколько списали?")


async def got_text(message: Message, state: FSMContext) -> None:
    await state.update_data(text=message.text)
    await state.set_state(Ticket.amount)
    await ask_amount(message)


def ticket_feature() -> Feature:
    router = Router(name="ticket-probe")
    router.message.register(begin, Command("ticket"))
    router.message.register(got_text, StateFilter(Ticket.text), F.text)
    dialogue = Dialogue(
        states=Ticket,
        title_key="probe-title",
        begin=begin,
        prompts={Ticket.text: begin, Ticket.amount: ask_amount},
        free_text=frozenset({Ticket.text}),
    )
    return Feature(name="ticket-probe", router=router, dialogues=[dialogue])


@pytest.fixture
async def ticket_rig(settings: Settings, services: Services) -> AsyncIterator[InProcessBot]:
    bot = InProcessBot(settings, services, extra_features=[probe_feature, ticket_feature])
    await bot.start()
    yield bot
    await bot.stop()


async def test_outside_a_dialogue_the_message_is_deleted_and_explained(anna: Person) -> None:
    replies = await anna.send("вот моя карта 4242 4242 4242 4242")
    mine = anna.last_own
    assert mine.deleted
    assert [r.text for r in replies] == [DELETED]


async def test_a_number_on_several_lines_or_with_dots_is_deleted_too(anna: Person) -> None:
    for typed in (
        "карта\n4242\n4242\n4242\n4242",
        "5555.5555.5555.4444 до 12/29",
        "4242–4242–4242–4242",
        "карта\n4242 4242\n\n4242 4242",
        "8 4242 4242 4242 4242",
    ):
        replies = await anna.send(typed)
        assert anna.last_own.deleted
        assert [r.text for r in replies] == [DELETED]


async def test_in_a_step_the_step_is_asked_again(anna: Person) -> None:
    await anna.send("/probe")
    replies = await anna.send("4111 1111 1111 1111")
    assert [r.text for r in replies] == [DELETED, "Как вас зовут?"]
    await anna.send("Анна")
    assert anna.last.text == "Из какого вы города?"


async def test_in_a_free_text_step_the_masked_text_goes_on(
    ticket_rig: InProcessBot, caplog: pytest.LogCaptureFixture
) -> None:
    person = ticket_rig.person(5100)
    await person.send("/ticket")
    with caplog.at_level(logging.DEBUG):
        replies = await person.send("Списали дважды с карты 4242 4242 4242 4242, верните")
    assert replies[0].text is not None
    assert replies[0].text.startswith("Я удалил ваше сообщение, потому что в нём был номер")
    assert replies[1].text == "Сколько списали?"
    context = ticket_rig.dispatcher.fsm.get_context(ticket_rig.bot, person.id, person.id)
    assert (await context.get_data())["text"] == "Списали дважды с карты •••• 4242, верните"
    assert "4242 4242" not in caplog.text


async def test_the_number_reaches_neither_database_nor_log(
    ticket_rig: InProcessBot, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    person = ticket_rig.person(5101)
    await person.send("/ticket")
    with caplog.at_level(logging.DEBUG):
        await person.send("карта 5555555555554444")
        await person.send("5555-5555-5555-4444")
    number = ["5555555555554444"]
    found = [
        *await in_database(services.db, number, squeeze=without_separators),
        *in_log(caplog.text, number, squeeze=without_separators),
        *in_chats(ticket_rig, number, squeeze=without_separators),
    ]
    assert found == [], "\n".join(map(str, found))
    assert await in_database(services.db, ["карта •••• 4444"]) != []  # the masked text was kept
    assert "5555" not in caplog.text


async def test_in_the_operators_group_the_message_is_deleted_with_a_short_note(
    rig: InProcessBot,
) -> None:
    group = rig.standin.chat(-100777, "supergroup", "Операторы")
    operator = Person(rig.standin, rig.feed, 5200, "Оператор", "ru", chat=group)
    replies = await operator.send("клиент прислал 4242 4242 4242 4242")
    assert operator.last_own.deleted
    assert [r.text for r in replies] == [
        "Сообщение удалено: в нём был номер банковской карты. Данные карт в чаты не пишут."
    ]


async def test_an_edit_that_adds_a_card_number_is_deleted(rig: InProcessBot, anna: Person) -> None:
    await anna.send("привет")
    mine = anna.last_own
    edited = {**mine.payload, "text": "привет 4242 4242 4242 4242", "edit_date": mine.date + 5}
    await rig.feed({"update_id": rig.standin.next_update_id(), "edited_message": edited})
    assert mine.deleted


async def test_a_caption_with_a_card_number_is_deleted(anna: Person) -> None:
    replies = await anna.send_photo(b"\xff\xd8fakejpeg", caption="карта 4242424242424242")
    mine = anna.last_own
    assert mine.deleted
    assert replies[0].text == DELETED
