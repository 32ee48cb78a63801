"""Sign-up in-process: the whole path, every bad input, codes, caps and data protection."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.features.signup.callbacks import Action, SignupAction
from core.clock import ManualClock
from core.outbox import OutboxItem
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import ConfirmationCode, Consent, DialogueState, Profile
from tests.conftest import make_settings
from tests.probe import STICKER
from tests.signup_steps import code_in, through_consents, to_summary


class Inbox:
    """What the outbox (no SMTP, no SMS gateway in these tests) received."""

    def __init__(self, services: Services) -> None:
        self.items: list[OutboxItem] = []
        services.outbox.listeners.append(self.items.append)

    def last_code(self) -> str:
        return code_in(self.items[-1].text)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    # The clock stands still in these tests: a person typing through sign-up in no time at all
    # would otherwise meet the anti-flood guard.
    return make_settings(tmp_path, database_url, flood_rate=1000)


@pytest.fixture
def inbox(services: Services) -> Inbox:
    return Inbox(services)


async def one(services: Services, model: type, **where: object) -> list:  # type: ignore[type-arg]
    async with services.db.unit_of_work() as session:
        query = select(model).filter_by(**where)
        return list((await session.scalars(query)).all())


@pytest.mark.db
async def test_the_whole_path_with_buttons(anna: Person, inbox: Inbox, services: Services) -> None:
    await anna.send("/start")
    assert "📝 Регистрация" in anna.reply_buttons
    await anna.press("📝 Регистрация")
    assert (
        anna.last.text
        == "<b>Регистрация.</b> Сначала примите пользовательское соглашение (редакция 2025-09-01)."
    )
    await anna.press("📄 Прочитать соглашение")
    texts = [m.text or "" for m in anna.bot_messages]
    assert any(t.startswith("ПОЛЬЗОВАТЕЛЬСКОЕ СОГЛАШЕНИЕ") for t in texts)
    await anna.press("✅ Принимаю соглашение")
    assert "152-ФЗ" in (anna.last.text or "")
    await anna.press("✅ Даю согласие")
    assert anna.last.text == "Адрес электронной почты — на него придёт код подтверждения."

    await anna.send(" Anna.Petrova@Example.RU ")
    mail = inbox.items[-1]
    assert (mail.kind, mail.to) == ("mail", "anna.petrova@example.ru")
    assert mail.subject == "Код подтверждения для ДМС-помощника"
    assert anna.last.text == (
        "Отправил код на anna.petrova@example.ru. Введите 6 цифр из письма — код действует 10 мин."
    )
    await anna.send(inbox.last_code())
    assert "✅ Почта anna.petrova@example.ru подтверждена." in [m.text for m in anna.bot_messages]
    assert anna.reply_buttons == ["📱 Поделиться номером"]
    await anna.share_contact("79991234567")  # Telegram sends it without the plus
    assert "✅ Телефон +79991234567 подтверждён." in [m.text for m in anna.bot_messages]
    assert anna.last.text == "Фамилия — как в документе."
    await anna.send("петрова")
    await anna.send("Анна")
    assert anna.inline_labels() == ["Нет отчества"]
    await anna.press("Нет отчества")
    await anna.send("7.3.1990")
    await anna.press("Женский")
    assert anna.inline_labels() == [
        "Паспорт РФ",
        "Загранпаспорт РФ",
        "Паспорт иностранного гражданина",
    ]
    await anna.press("Паспорт РФ")
    await anna.send("45 10 987654")
    summary = anna.last.text or ""
    assert "<b>Фамилия:</b> Петрова" in summary
    assert "<b>Отчество:</b> нет" in summary
    assert "<b>Дата рождения:</b> 07.03.1990" in summary
    assert "<b>Документ:</b> Паспорт РФ, •••• 7654" in summary
    assert "987654" not in summary

    await anna.press("✅ Всё верно")
    assert anna.last.text is not None
    assert anna.last.text.startswith("По желанию: придумайте PIN")
    await anna.send("2580")
    assert anna.last_own.deleted  # the PIN left the chat at once
    assert anna.last.text == "Повторите PIN."
    await anna.send("2580")
    assert anna.last_own.deleted
    assert anna.last.text == (
        "🎉 Готово, Анна! Вы зарегистрированы.\nТеперь привяжите полис: «📄 Мои полисы» → "
        "«➕ Добавить полис», понадобится его номер."
    )
    assert "📝 Регистрация" not in anna.reply_buttons

    [profile] = await one(services, Profile)
    assert (profile.email, profile.phone, profile.last_name, profile.middle_name) == (
        "anna.petrova@example.ru",
        "+79991234567",
        "Петрова",
        None,
    )
    assert profile.pin_hash is not None
    assert profile.pin_hash.startswith("$argon2id$")
    assert "987654" not in profile.document_encrypted
    consents = await one(services, Consent)
    assert [(c.document, c.version) for c in consents] == [
        ("terms", "2025-09-01"),
        ("personal-data", "2025-09-01"),
    ]
    await anna.send("/signup")
    assert anna.last.text == "Вы уже зарегистрированы."


async def test_english_with_typed_answers_and_an_sms_code(
    john: Person, inbox: Inbox, services: Services
) -> None:
    await john.send("/signup")
    await john.send("i accept the agreement")
    await john.send("I give my consent")
    await john.send("john@example.com")
    await john.send(inbox.last_code())
    await john.send("8 (999) 765-43-21")
    sms = inbox.items[-1]
    assert (sms.kind, sms.to) == ("sms", "+79997654321")
    assert sms.text.startswith("DMS assistant: code ")
    assert john.last.text is not None
    assert john.last.text.startswith("I sent an SMS with a code")
    await john.send(inbox.last_code())
    await john.send("Smith")
    await john.send("John")
    await john.send("no middle name")
    await john.send("31/12/1985")
    await john.send("male")
    await john.send("foreign passport")
    await john.send("AB 1234567")
    assert "<b>Document:</b> Foreign passport, •••• 4567" in (john.last.text or "")
    await john.send("all correct")
    await john.send("skip")
    assert john.last.text == (
        "🎉 Done, John! You are signed up.\nNow link your policy: “📄 My policies” → "
        "“➕ Add a policy”; you will need its number."
    )
    [profile] = await one(services, Profile)
    assert (profile.sex, profile.document_type, profile.pin_hash) == ("m", "foreign", None)


async def test_every_bad_input_is_explained_and_the_step_stays(
    anna: Person, inbox: Inbox, services: Services
) -> None:
    await through_consents(anna)
    await anna.send("not an address")
    assert (
        anna.last.text
        == "Это не похоже на адрес почты. Введите адрес целиком, например anna@example.ru"
    )
    await anna.send_content(sticker=STICKER)
    assert [m.text for m in anna.bot_messages[-2:]] == [
        "Не получилось разобрать ответ. Ответьте, пожалуйста, на вопрос выше — "
        "или отправьте /cancel, чтобы выйти.",
        "Адрес электронной почты — на него придёт код подтверждения.",
    ]
    await anna.send("anna@example.ru")
    await anna.send("12345")
    assert anna.last.text == "Код — это 6 цифр. Введите их одним сообщением."
    await anna.send(inbox.last_code())

    await anna.share_contact("+79991112233", own=False)
    assert anna.last.text is not None
    assert anna.last.text.startswith("Это чужой контакт")
    await anna.send("12345")
    assert anna.last.text is not None
    assert anna.last.text.startswith("Не получилось разобрать номер.")
    await anna.share_contact("+79991112233")

    for bad in ("Петрова2", "A" * 61, "-"):
        await anna.send(bad)
        assert (
            anna.last.text
            == "Здесь нужны только буквы — можно дефис, апостроф и пробел, до 60 символов."
        )
    await anna.send("Петрова-Водкина")
    await anna.send("Анна")
    await anna.send("Сергеевна")
    bad_dates = {
        "7 марта": (
            "Не получилось прочитать дату. Напишите её так: 07.03.1990, 7.3.90 или 7 марта 1990."
        ),
        "31.02.1990": "Такой даты нет в календаре. Проверьте день и месяц.",
        "01.01.2030": "Дата рождения не может быть в будущем.",
        "01.01.2015": "Зарегистрироваться в кабинете можно с 18 лет.",
        "01.01.1890": "Проверьте год: выходит больше 120 лет.",
    }
    for typed, said in bad_dates.items():
        await anna.send(typed)
        assert anna.last.text == said
    await anna.send("07.03.1990")
    await anna.send("не знаю")
    assert [m.text for m in anna.bot_messages[-2:]] == ["Выберите «Мужской» или «Женский».", "Пол."]
    await anna.send("женский")
    await anna.send("водительские права")
    assert anna.bot_messages[-2].text == "Выберите документ кнопкой ниже."
    await anna.send("загранпаспорт рф")
    await anna.send("45 10 123456")
    assert anna.last.text == "Нужно 9 цифр: 2 цифры серии и 7 цифр номера, например 75 1234567."
    await anna.send("/help")  # a command mid-step answers, and the step stays
    await anna.send("75 1234567")
    assert (anna.last.text or "").startswith("Проверьте данные:")
    await anna.send("что-то")
    assert (
        anna.bot_messages[-2].text
        == "Нажмите «Всё верно» или кнопку поля, которое нужно исправить."
    )
    await anna.send("всё верно")
    await anna.send("12")
    assert anna.last.text == "PIN — это от 4 до 6 цифр. Или нажмите «Пропустить»."
    await anna.send("1234")
    await anna.send("4321")
    assert anna.bot_messages[-2].text == "PIN-коды не совпали. Придумайте PIN ещё раз."
    await anna.send("пропустить")
    assert (anna.last.text or "").startswith("🎉 Готово, Анна!")


async def test_fixing_a_field_from_the_summary_returns_to_it(
    anna: Person, inbox: Inbox, services: Services
) -> None:
    await to_summary(anna, "anna@example.ru", inbox.last_code)
    await anna.press("✏️ Фамилию")
    assert anna.last.text == "Фамилия — как в документе."
    await anna.send("Иванова")
    assert "<b>Фамилия:</b> Иванова" in (anna.last.text or "")
    await anna.press("✏️ Документ")
    await anna.press("Паспорт иностранного гражданина")
    await anna.send("X123")
    assert "<b>Документ:</b> Паспорт иностранного гражданина, •••• X123" in (anna.last.text or "")
    await anna.press("✏️ Почту")
    await anna.send("anna.new@example.ru")
    await anna.send(inbox.last_code())
    assert "<b>Почта:</b> anna.new@example.ru" in (anna.last.text or "")


async def test_wrong_codes_lock_a_code_and_a_new_one_voids_the_old(
    anna: Person, inbox: Inbox, services: Services, clock: ManualClock
) -> None:
    await through_consents(anna)
    await anna.send("anna@example.ru")
    first = inbox.last_code()
    wrong = f"{(int(first) + 1) % 1_000_000:06d}"
    await anna.send(wrong)
    assert anna.last.text == "Неверный код, осталось 4 попытки."
    await anna.press("🔁 Отправить код ещё раз")
    assert anna.last.text == "Отправить код ещё раз можно через 60 с."
    clock.advance(61)
    await anna.press("🔁 Отправить код ещё раз")
    second = inbox.last_code()
    if second != first:
        await anna.send(first)  # the old code died with the new one
        assert anna.last.text == "Неверный код, осталось 4 попытки."
    for left in (3, 2, 1):
        await anna.send(f"{(int(second) + 1) % 1_000_000:06d}")
        word = "попытка" if left == 1 else "попытки"
        assert anna.last.text in {
            f"Неверный код, осталось {left} {word}.",
            f"Неверный код, осталась {left} {word}.",
        }
    await anna.send(f"{(int(second) + 1) % 1_000_000:06d}")
    assert anna.last.text == (
        "Этот код больше не действует: слишком много неверных попыток. "
        "Нажмите «Отправить код ещё раз»."
    )
    await anna.send(second)  # even the right code: locked
    assert anna.last.text is not None
    assert anna.last.text.startswith("Этот код больше не действует")
    clock.advance(61)
    await anna.press("🔁 Отправить код ещё раз")
    await anna.send(inbox.last_code())
    assert anna.reply_buttons == ["📱 Поделиться номером"]


async def test_a_code_expires(
    anna: Person, inbox: Inbox, clock: ManualClock, settings: object
) -> None:
    await through_consents(anna)
    await anna.send("anna@example.ru")
    code = inbox.last_code()
    clock.advance(timedelta(minutes=10))
    await anna.send(code)
    assert anna.last.text == "Срок действия кода истёк. Нажмите «Отправить код ещё раз»."


async def test_codes_per_address_per_hour_are_capped(
    anna: Person, inbox: Inbox, clock: ManualClock
) -> None:
    await through_consents(anna)
    await anna.send("anna@example.ru")
    for _ in range(4):
        clock.advance(61)
        await anna.press("🔁 Отправить код ещё раз")
    assert len(inbox.items) == 5
    clock.advance(61)
    await anna.press("🔁 Отправить код ещё раз")
    assert anna.last.text == "Слишком много кодов за последний час. Попробуйте через 55 мин."
    assert len(inbox.items) == 5


async def test_the_whole_bot_sends_at_most_sms_hourly_limit_codes(
    tmp_path: Path, database_url: str
) -> None:
    from tests.conftest import start_bot, stop_bot

    configured = make_settings(tmp_path, database_url, sms_hourly_limit=2, flood_rate=1000)
    bot = await start_bot(configured)
    try:
        sent: list[OutboxItem] = []
        bot.services.outbox.listeners.append(sent.append)
        for n in range(3):
            person = bot.person(6100 + n)
            await through_consents(person)
            await person.send(f"p{n}@example.ru")
            await person.send(code_in(sent[-1].text))
            await person.send(f"+7999000000{n}")
        assert [item.kind for item in sent].count("sms") == 2
        assert person.last.text is not None
        assert person.last.text.startswith("SMS с кодами сейчас временно не отправляются")
    finally:
        await stop_bot(bot)


@pytest.mark.db
async def test_a_registered_address_is_told_only_after_its_code(
    rig: InProcessBot, inbox: Inbox, services: Services
) -> None:
    first = rig.person(6201)
    await to_summary(first, "taken@example.ru", inbox.last_code)
    await first.press("✅ Всё верно")
    other = rig.person(6202)
    await through_consents(other)
    await other.send("Taken@Example.ru")
    # The code goes out as for any address: nobody learns which addresses are registered.
    assert inbox.items[-1].to == "taken@example.ru"
    assert (other.last.text or "").startswith("Отправил код на taken@example.ru")
    await other.send(inbox.last_code())
    assert other.last.text == (
        "Этот адрес уже привязан к учётной записи. Если это ваша учётная запись — "
        "восстановите доступ к ней. Или укажите другой."
    )
    assert other.inline_labels() == ["🔑 Восстановить доступ", "✏️ Другой адрес"]


async def test_passport_data_is_never_stored_in_clear(
    anna: Person, inbox: Inbox, services: Services, settings: object
) -> None:
    await to_summary(anna, "anna@example.ru", inbox.last_code, document="45 10 987654")
    states = await one(services, DialogueState)
    assert all("987654" not in str(state.data) for state in states)
    await anna.press("✅ Всё верно")
    await anna.press("Пропустить")
    url = services.settings.db_url
    if not url.startswith("sqlite"):
        pytest.skip("reads the SQLite file")
    await services.db.engine.dispose()
    path = Path(url.split("///", 1)[1])
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert b"987654" not in raw
    assert "Петрова".encode() in raw  # the file is what we think it is
    with sqlite3.connect(path) as connection:
        [(sealed,)] = connection.execute("SELECT document_encrypted FROM profiles").fetchall()
    assert services.signup.open_document(sealed).number == "987654"


async def test_forged_and_stale_buttons_change_nothing(anna: Person, inbox: Inbox) -> None:
    await through_consents(anna)
    for action in (
        Action.CONFIRM,
        Action.SKIP_PIN,
        Action.FIX_EMAIL,
        Action.SEX_M,
        Action.DOC_FOREIGN,
    ):
        await anna.press_callback(anna.last, SignupAction(action=action).pack())
        assert anna.last_callback_answer is not None
        assert (
            anna.last_callback_answer.get("text") == "Эта кнопка уже не действует. Откройте /menu."
        )
    assert anna.last.text == "Адрес электронной почты — на него придёт код подтверждения."


async def test_a_forged_action_is_stale_too(anna: Person, inbox: Inbox) -> None:
    await through_consents(anna)
    for forged in ("su:nonsense", "su:", "su:fix-nothing", "su:doc-unknown"):
        await anna.press_callback(anna.last, forged)
        assert anna.last_callback_answer is not None
        assert (
            anna.last_callback_answer.get("text") == "Эта кнопка уже не действует. Откройте /menu."
        )
    assert anna.last.text == "Адрес электронной почты — на него придёт код подтверждения."


async def test_codes_are_stored_only_as_keyed_hashes(
    anna: Person, inbox: Inbox, services: Services
) -> None:
    await through_consents(anna)
    await anna.send("anna@example.ru")
    code = inbox.last_code()
    [row] = await one(services, ConfirmationCode)
    assert code not in row.code_hash
    assert len(row.code_hash) == 64
    assert row.code_hash == services.keys.code_hash("signup-email", "anna@example.ru", code)


async def test_sections_for_members_offer_sign_up_and_resume_it(anna: Person, inbox: Inbox) -> None:
    """«Продолжить регистрацию» only once a sign-up was started (its dialogue is stored);
    before, and after it was left, «Зарегистрироваться»."""
    for section in ("/members", "/policies", "/profile"):
        await anna.send(section)
        assert anna.last.text == "Этот раздел откроется после регистрации — это около минуты."
        assert anna.inline_labels() == ["📝 Зарегистрироваться"], section
    await anna.press("📝 Зарегистрироваться")
    assert (anna.last.text or "").startswith("<b>Регистрация.</b>")
    await anna.send("/cancel")  # a sign-up left is not one to go on with
    await anna.send("/members")
    assert anna.inline_labels() == ["📝 Зарегистрироваться"]
    await anna.press("📝 Зарегистрироваться")
    await through_consents(anna)
    await anna.send("anna@example.ru")
    for section in ("/members", "/policies", "/profile"):
        await anna.send(section)
        assert anna.inline_labels() == ["▶️ Продолжить регистрацию"], section
    await anna.press("▶️ Продолжить регистрацию")  # back at the step where it stopped
    assert (anna.last.text or "").startswith("Отправил код на anna@example.ru")
    await anna.send(inbox.last_code())
    await anna.share_contact("+79991234567")
    for answer in ("Петрова", "Анна", "нет отчества", "07.03.1990", "женский", "паспорт рф"):
        await anna.send(answer)
    await anna.send("45 10 987654")
    await anna.send("всё верно")
    await anna.send("пропустить")
    await anna.send("/members")
    assert anna.last.text == "members only: welcome"


@pytest.mark.db
async def test_codes_per_telegram_account_per_hour_are_capped(
    services: Services, clock: ManualClock
) -> None:
    from core.codes import Channel, TooMany

    async with services.db.unit_of_work():
        user = (await services.accounts.visit(6301, "ru")).user
        for n in range(10):
            await services.codes.issue(user.id, "signup-email", Channel.EMAIL, f"a{n}@example.ru")
            clock.advance(1)
        with pytest.raises(TooMany) as caught:
            await services.codes.issue(user.id, "signup-email", Channel.EMAIL, "b@example.ru")
    assert caught.value.scope == "account"
    assert caught.value.minutes == 60


async def test_a_failed_mail_is_told_and_trying_again_keeps_what_was_entered(
    anna: Person, inbox: Inbox, services: Services
) -> None:
    from core.gateways import DeliveryFailed
    from core.outbox import Mail

    class Down:
        async def send(self, mail: Mail) -> None:
            raise DeliveryFailed("SMTP mail.test:587: ConnectionRefusedError")

    working = services.signup.mailer
    services.signup.mailer = Down()
    await through_consents(anna)
    await anna.send("anna@example.ru")
    assert anna.last.text == (
        "Не получилось отправить письмо — похоже, почтовый сервер сейчас недоступен. "
        "Введённое сохранено: нажмите «Отправить код ещё раз» чуть позже."
    )
    await anna.send_photo(b"\\xff\\xd8 not a code")  # a photo mid-step: the step stays
    services.signup.mailer = working
    await anna.press("🔁 Отправить код ещё раз")  # at once: the failed code does not hold it back
    await anna.send(inbox.last_code())
    assert "✅ Почта anna@example.ru подтверждена." in [m.text for m in anna.bot_messages]


async def test_no_profile_is_made_with_a_contact_whose_code_never_came(
    anna: Person, inbox: Inbox, services: Services
) -> None:
    """A policy links at once only to confirmed contacts, so a profile never holds one whose
    code was not typed: «Всё верно» pressed on the old summary while a new address waits for
    its code does not complete the sign-up."""
    await to_summary(anna, "anna@example.ru", inbox.last_code)
    summary = next(m for m in reversed(anna.bot_messages) if "<b>Почта:</b>" in (m.text or ""))
    await anna.press("✏️ Почту")
    await anna.send("roster.anna@example.ru")  # someone else's, say: the code goes there
    await anna.press_callback(summary, SignupAction(action=Action.CONFIRM).pack())
    await anna.send("/start")
    assert await one(services, Profile) == []
