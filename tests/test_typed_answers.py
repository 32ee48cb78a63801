"""Typed answers the README promises, one table through the dispatcher: each case reaches a step
(sign-up, the profile, booking, «Мои полисы»), types one text and checks what the step made of it
— or, for a refusal, that the step stayed and its buttons came back with the reply.

A case typed in Latin letters is John's (English), any other Anna's (Russian): the same words
are accepted whichever language the person reads. The clock stands on 2026-11-24 (conftest)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from core.outbox import OutboxItem
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import DialogueState, Profile, User
from tests.booking_rig import world  # noqa: F401  (a fixture)
from tests.conftest import make_settings
from tests.people import signed_up, signed_up_other, with_policy
from tests.signup_steps import code_in, through_consents

pytestmark = pytest.mark.db


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000)


@dataclass(frozen=True)
class Refused:
    """The step stays, and the reply ends under the step's own buttons; `said`: a text the
    reply must hold (the step's message for what was wrong)."""

    said: str | None = None


@dataclass(frozen=True)
class Where:
    """What a step is: how to reach it, its stored name, and what an accepted answer made."""

    reach: Callable[[Person, Services], Awaitable[None]]
    state: str | None
    result: Callable[[Person, Services], Awaitable[Any]]


async def dialogue(services: Services, person: Person) -> tuple[str | None, dict[str, Any]]:
    async with services.db.unit_of_work() as session:
        row = await session.scalar(
            select(DialogueState).where(DialogueState.key.contains(f":{person.id}:"))
        )
        return (row.state, dict(row.data)) if row is not None else (None, {})


def data_field(name: str, after: str) -> Callable[[Person, Services], Awaitable[Any]]:
    """The dialogue's `name` once the step went on to `after`."""

    async def result(person: Person, services: Services) -> Any:
        state, data = await dialogue(services, person)
        assert state == after, (state, person.last.text)
        return data.get(name)

    return result


def went_to(after: str) -> Callable[[Person, Services], Awaitable[Any]]:
    async def result(person: Person, services: Services) -> Any:
        state, _ = await dialogue(services, person)
        return "accepted" if state == after else state

    return result


async def profile_and_user(services: Services, person: Person) -> tuple[Profile, User]:
    async with services.db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_id == person.id))
        assert user is not None
        profile = await session.scalar(select(Profile).where(Profile.user_id == user.id))
        assert profile is not None
        return profile, user


def english(person: Person) -> bool:
    return person.user.get("language_code") == "en"


def label(person: Person, russian: str, english_label: str) -> str:
    return english_label if english(person) else russian


# -- reaching each step -----------------------------------------------------------------------


async def to_terms(person: Person, services: Services) -> None:
    await person.send("/signup")


async def to_personal_data(person: Person, services: Services) -> None:
    await person.send("/signup")
    await person.press(person.inline_labels()[-1])


def signup_until(answers: int) -> Callable[[Person, Services], Awaitable[None]]:
    """Sign-up up to its step after `answers` of: e-mail, code, contact, last, first and middle
    name, birth date, sex (female), document type and number."""

    async def reach(person: Person, services: Services) -> None:
        sent: list[OutboxItem] = []
        services.outbox.listeners.append(sent.append)
        steps: list[Callable[[], Awaitable[object]]] = [
            lambda: person.send(f"p{person.id}@example.ru"),
            lambda: person.send(code_in(sent[-1].text)),
            lambda: person.share_contact(f"+7999123{person.id:04d}"),
            lambda: person.send("Петрова"),
            lambda: person.send("Анна"),
            lambda: person.send("Сергеевна"),
            lambda: person.send("07.03.1990"),
            lambda: person.press(person.inline_labels()[1]),
            lambda: person.send("паспорт"),
            lambda: person.send("4510 123456"),
        ]
        await through_consents(person)
        for step in steps[:answers]:
            await step()
        services.outbox.listeners.remove(sent.append)

    return reach


async def signed_up_in_language(person: Person, services: Services) -> None:
    await (signed_up_other if english(person) else signed_up)(person, services)


async def to_middle_name_edit(person: Person, services: Services) -> None:
    await signed_up_in_language(person, services)
    await person.send("/profile")
    await person.press(label(person, "✏️ Изменить данные", "✏️ Edit details"))
    await person.press(label(person, "✏️ Отчество", "✏️ Middle name"))


async def to_zone(person: Person, services: Services) -> None:
    await signed_up_in_language(person, services)
    await person.send("/profile")
    await person.press(label(person, "🕐 Часовой пояс", "🕐 Time zone"))


async def to_erase(person: Person, services: Services) -> None:
    await signed_up_in_language(person, services)
    await person.send("/profile")
    await person.press(label(person, "🗑 Удалить мои данные", "🗑 Delete my data"))


def booking_until(answers: int) -> Callable[[Person, Services], Awaitable[None]]:
    """Booking at «Ромашка» up to its step after `answers` of: specialty, doctor, day, time."""

    async def reach(person: Person, services: Services) -> None:
        if english(person):
            await with_policy(person, services, "ДМС-2", other=True)
        else:
            await with_policy(person, services, "ДМС-1")
        await person.send("/book")
        await person.send("ромашка")
        await person.press(person.inline_labels()[0])
        for typed in ("терапевт", "андр", "25.11", "11:00")[:answers]:
            await person.send(typed)

    return reach


async def to_policy_list(person: Person, services: Services) -> None:
    await signed_up_in_language(person, services)
    await person.send("/policies")


async def past_policy_list(person: Person, services: Services) -> None:
    """«Мои полисы», then another section from the menu: a number is no longer the list's."""
    await to_policy_list(person, services)
    await person.send(label(person, "📅 Мои записи", "📅 My visits"))


# -- what came of it --------------------------------------------------------------------------


async def edited_middle_name(person: Person, services: Services) -> Any:
    profile, _ = await profile_and_user(services, person)
    return profile.middle_name


async def time_zone(person: Person, services: Services) -> Any:
    _, user = await profile_and_user(services, person)
    return user.time_zone


async def linked_or_not(person: Person, services: Services) -> Any:
    text = person.last.text or ""
    said = [m.text or "" for m in person.bot_messages[-3:]]
    if any(t.startswith(("✅ Полис ", "✅ Policy ")) for t in said):
        return "linked"
    if text.startswith(("Я не понял сообщение.", "I did not understand that.")):
        return "not understood"
    if text.startswith(("Похоже на номер полиса.", "That looks like a policy number.")):
        return "shown where to add it"
    return text


STEPS = {
    "terms": Where(to_terms, "SignUp:terms", went_to("SignUp:personal_data")),
    "personal-data": Where(to_personal_data, "SignUp:personal_data", went_to("SignUp:email")),
    "email-code": Where(signup_until(1), "SignUp:email_code", went_to("SignUp:phone")),
    "middle-name": Where(
        signup_until(5), "SignUp:middle_name", data_field("middle_name", "SignUp:birth_date")
    ),
    "birth-date": Where(
        signup_until(6), "SignUp:birth_date", data_field("birth_date", "SignUp:sex")
    ),
    "sex": Where(signup_until(7), "SignUp:sex", data_field("sex", "SignUp:document_type")),
    "document-type": Where(
        signup_until(8),
        "SignUp:document_type",
        data_field("document_type", "SignUp:document"),
    ),
    "signup-summary": Where(signup_until(10), "SignUp:summary", went_to("SignUp:pin")),
    "profile-middle-name": Where(to_middle_name_edit, "SignUp:middle_name", edited_middle_name),
    "profile-zone": Where(to_zone, "ProfileSteps:time_zone", time_zone),
    "profile-erase": Where(to_erase, "ProfileSteps:erase", went_to("")),
    "specialty": Where(
        booking_until(0), "BookingFlow:specialty", data_field("specialty", "BookingFlow:doctor")
    ),
    "doctor": Where(booking_until(1), "BookingFlow:doctor", went_to("")),
    "day": Where(booking_until(2), "BookingFlow:day", went_to("")),
    "time": Where(booking_until(3), "BookingFlow:time", went_to("")),
    "booking-summary": Where(booking_until(4), "BookingFlow:summary", went_to("")),
    "policy-list": Where(to_policy_list, None, linked_or_not),
    "past-policy-list": Where(past_policy_list, None, linked_or_not),
}

NO_DATE = "Такой даты нет в календаре. Проверьте день и месяц."

CASES: list[tuple[str, str, Any]] = [
    # Consents: the button's own text as before, and the plain words.
    ("terms", "✅ Принимаю соглашение", "accepted"),
    ("terms", "принимаю", "accepted"),
    ("terms", "Согласен", "accepted"),
    ("terms", "согласна!", "accepted"),
    ("terms", "да", "accepted"),
    ("terms", "I accept", "accepted"),
    ("terms", "agree", "accepted"),
    ("terms", "  Yes. ", "accepted"),
    ("terms", "не знаю", Refused("Без согласия регистрация невозможна.")),
    ("terms", "maybe", Refused("Sign-up is not possible without this consent.")),
    ("personal-data", "согласна", "accepted"),
    ("personal-data", "accept", "accepted"),
    ("personal-data", "нет", Refused()),
    # A code step keeps «Отправить ещё раз» and «Другой адрес».
    ("email-code", "12345", Refused("Код — это 6 цифр. Введите их одним сообщением.")),
    # No patronymic, in sign-up and in an edit from the profile.
    ("middle-name", "нет", None),
    ("middle-name", "  НЕТ. ", None),
    ("middle-name", "None", None),
    ("middle-name", "no", None),
    ("middle-name", "Нет отчества", None),
    ("middle-name", "Сергеевна", "Сергеевна"),
    ("middle-name", "Сергеевна2", Refused("Здесь нужны только буквы")),
    ("profile-middle-name", "нет", None),
    ("profile-middle-name", "none", None),
    # Dates of birth as people write them; impossible ones keep their messages.
    ("birth-date", "14 марта 1985", "1985-03-14"),
    ("birth-date", "14.3.85", "1985-03-14"),
    ("birth-date", "14.03.85", "1985-03-14"),
    ("birth-date", "14/03/1985", "1985-03-14"),
    ("birth-date", "1985-03-14", "1985-03-14"),
    ("birth-date", "14 March 1985", "1985-03-14"),
    ("birth-date", "March 14, 1985", "1985-03-14"),
    ("birth-date", "7.3.05", "2005-03-07"),  # two digits: the century that makes 0–100 years
    ("birth-date", "31.02.1990", Refused(NO_DATE)),
    ("birth-date", "31 февраля 1990", Refused(NO_DATE)),
    ("birth-date", "25.11.26", "1926-11-25"),  # 99 years old tomorrow, not −1
    ("birth-date", "01.01.26", Refused("Зарегистрироваться в кабинете можно с 18 лет.")),
    ("birth-date", "вчера", Refused("Не получилось прочитать дату")),
    # Sex.
    ("sex", "м", "m"),
    ("sex", "Ж", "f"),
    ("sex", "муж", "m"),
    ("sex", "жен.", "f"),
    ("sex", "мужской", "m"),
    ("sex", "Женский", "f"),
    ("sex", "m", "m"),
    ("sex", "F", "f"),
    ("sex", "male", "m"),
    ("sex", "Female", "f"),
    ("sex", "не скажу", Refused("Выберите «Мужской» или «Женский».")),
    # The document's type: words, and the buttons' own texts.
    ("document-type", "паспорт", "rf-passport"),
    ("document-type", "загранпаспорт", "rf-international"),
    ("document-type", "Иностранный паспорт", "foreign"),
    ("document-type", "passport", "rf-passport"),
    ("document-type", "international passport", "rf-international"),
    ("document-type", "foreign passport", "foreign"),
    ("document-type", "Паспорт РФ", "rf-passport"),
    ("document-type", "Загранпаспорт РФ", "rf-international"),
    ("document-type", "Паспорт иностранного гражданина", "foreign"),
    ("document-type", "Russian international passport", "rf-international"),
    ("document-type", "водительские права", Refused("Выберите документ кнопкой ниже.")),
    # The summary confirmed in words; anything else shows it again with its buttons.
    ("signup-summary", "да", "accepted"),
    ("signup-summary", "Всё верно!", "accepted"),
    ("signup-summary", "все верно", "accepted"),
    ("signup-summary", "correct", "accepted"),
    ("signup-summary", "✅ Всё верно", "accepted"),
    ("signup-summary", "ну не знаю", Refused("Нажмите «Всё верно» или кнопку поля")),
    # The time zone: a city, a button's own text, the IANA name as before.
    ("profile-zone", "Новосибирск", "Asia/Novosibirsk"),
    ("profile-zone", "Novosibirsk", "Asia/Novosibirsk"),
    ("profile-zone", "Yekaterinburg", "Asia/Yekaterinburg"),
    ("profile-zone", "санкт-петербург", "Europe/Moscow"),
    ("profile-zone", "Khabarovsk", "Asia/Vladivostok"),
    ("profile-zone", "europe/samara", "Europe/Samara"),
    ("profile-zone", "Марс/Олимп", Refused("Не знаю такого часового пояса.")),
    ("profile-erase", "может быть", Refused("Нажмите «Да, удалить всё» или «Нет, оставить».")),
    # A specialty in English, or in Russian as before; a refusal keeps the specialties.
    ("specialty", "therapist", "терапевт"),
    ("specialty", "Therapist", "терапевт"),
    ("specialty", "ENT", "лор"),
    ("specialty", "ТЕРАПЕВТ", "терапевт"),
    ("specialty", "тера", "терапевт"),
    ("specialty", "astronaut", Refused()),
    ("doctor", "Пирогов", Refused("Выберите вариант кнопкой")),
    ("day", "31.02", Refused("Напишите дату, например 25.11")),
    ("day", "24.11", Refused("свободного времени нет")),
    ("time", "9:15", Refused("Такого свободного времени нет.")),
    ("booking-summary", "потом", Refused("Нажмите «Подтвердить»")),
    # «Мои полисы»: a number typed without «➕ Добавить полис»; other text as before.
    ("policy-list", "ДМС-1", "linked"),
    ("policy-list", "дмс 1", "linked"),
    ("policy-list", "привет", "not understood"),
    ("past-policy-list", "ДМС-1", "shown where to add it"),  # not looked up away from the list
    ("past-policy-list", "привет", "not understood"),
]


def who(rig: InProcessBot, typed: str) -> Person:
    latin = any("a" <= ch.casefold() <= "z" for ch in typed)
    cyrillic = any("а" <= ch.casefold() <= "я" for ch in typed)
    if latin and not cyrillic:
        return rig.person(5002, "John", "en")
    return rig.person(5001, "Анна", "ru")


def buttons_of(person: Person) -> list[str]:
    """The buttons under the newest bot message (inline), or the reply keyboard."""
    message = person.last
    if message.inline_buttons:
        return [button["text"] for button in message.inline_buttons]
    return []


@pytest.mark.parametrize(("step", "typed", "expected"), CASES)
async def test_a_typed_answer(
    step: str,
    typed: str,
    expected: Any,
    rig: InProcessBot,
    services: Services,
    world: None,  # noqa: F811  (the clinics, slots and policies of tests/booking_rig.py)
) -> None:
    where = STEPS[step]
    person = who(rig, typed)
    await where.reach(person, services)
    state, _ = await dialogue(services, person)
    assert state == where.state, (state, person.last.text)
    offered = buttons_of(person)
    before = len(person.bot_messages)

    await person.send(typed)

    if isinstance(expected, Refused):
        state, _ = await dialogue(services, person)
        assert state == where.state, person.last.text
        assert buttons_of(person) == offered, person.last.text
        if expected.said is not None:
            replies = [m.text or "" for m in person.bot_messages[before:]]
            assert any(expected.said in reply for reply in replies), replies
    else:
        assert await where.result(person, services) == expected
