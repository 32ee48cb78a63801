"""Sign-up's and recovery's keyboards and texts, without a bot: data and a translator in."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.features.recovery import keyboards as recovery_keyboards
from bot.features.recovery import views as recovery_views
from bot.features.recovery.callbacks import NotMyRecovery
from bot.features.signup import keyboards, views
from bot.features.signup.callbacks import DOCUMENT_TYPES, FIXES, SEXES, Action, SignupAction
from bot.features.signup.dialogue import SignupData
from bot.features.signup.prompts import FIELD_STEPS, NEXT, PROMPTS
from bot.features.signup.states import SignUp
from core.codes import Channel
from core.i18n import Catalogue, Translator
from core.people import Document, DocumentType
from core.signup import EDITABLE_FIELDS


@pytest.fixture(scope="module")
def ru() -> Translator:
    return Catalogue().translator("ru")


def pressed(markup: object) -> list[list[tuple[str, str]]]:
    rows = markup.inline_keyboard  # type: ignore[attr-defined]
    return [[(button.text, button.callback_data) for button in row] for row in rows]


def test_the_packed_buttons_are_the_ones_on_peoples_phones() -> None:
    assert SignupAction(action=Action.ACCEPT_TERMS).pack() == "su:accept-terms"
    assert SignupAction(action=Action.DOC_RF_PASSPORT).pack() == "su:doc-rf-passport"
    assert NotMyRecovery(recovery=42).pack() == "rcv:42"
    assert {SEXES[action] for action in SEXES} == {"m", "f"}
    assert set(DOCUMENT_TYPES.values()) == set(DocumentType)


def test_every_editable_field_has_its_fix_and_its_step() -> None:
    assert {f"fix-{field}" for field in EDITABLE_FIELDS} == set(FIXES)
    assert set(FIELD_STEPS) == set(EDITABLE_FIELDS)
    assert set(PROMPTS) == set(SignUp.__all_states__)
    assert set(NEXT) | {SignUp.summary, SignUp.pin, SignUp.pin_repeat} == set(PROMPTS)


def test_the_summary_offers_all_correct_then_a_fix_for_every_field(ru: Translator) -> None:
    rows = pressed(keyboards.summary(ru))
    assert rows[0] == [("✅ Всё верно", "su:confirm")]
    assert [len(row) for row in rows[1:]] == [2, 2, 2, 2]
    assert [data for row in rows[1:] for _label, data in row] == [
        f"su:fix-{field}" for field in EDITABLE_FIELDS
    ]


def test_a_taken_contact_offers_recovery_by_the_data_it_is_given(ru: Translator) -> None:
    rows = pressed(keyboards.taken(ru, "rc:start", "signup-other-email"))
    assert rows == [
        [("🔑 Восстановить доступ", "rc:start")],
        [("✏️ Другой адрес", "su:other-address")],
    ]


def test_a_code_lasts_whole_minutes_and_at_least_one() -> None:
    assert views.code_minutes(timedelta(minutes=10)) == 10
    assert views.code_minutes(timedelta(seconds=90)) == 1
    assert views.code_minutes(timedelta(seconds=20)) == 1


def test_an_invitations_address_is_never_shown_whole(ru: Translator) -> None:
    typed = SignupData(email="anna@example.ru")
    invited = SignupData(email="anna@example.ru", invite_email="anna@example.ru")
    assert "anna@example.ru" in views.email_sent(ru, typed, 10)
    assert "a***@example.ru" in views.email_sent(ru, invited, 10)


def test_the_summary_shows_the_date_as_people_read_it_and_the_document_masked(
    ru: Translator,
) -> None:
    data = SignupData(
        email="anna@example.ru",
        phone="+79991234567",
        last_name="Петрова",
        first_name="Анна",
        birth_date="1990-03-07",
        sex="f",
    )
    text = views.summary(ru, data, Document(DocumentType.RF_PASSPORT, "4510", "987654"))
    assert "07.03.1990" in text
    assert "•••• 7654" in text
    assert "987654" not in text
    assert "<b>Отчество:</b> нет" in text


def test_legal_texts_go_out_in_pieces_telegram_takes() -> None:
    assert [len(page) for page in views.pages("а" * 9001)] == [4000, 4000, 1001]


def test_the_dialogue_data_keeps_the_stored_keys() -> None:
    stored = {"email": "a@b.ru", "taken": ["email", "a@b.ru"], "fixing": True, "gone": 1}
    data = SignupData.from_dict(stored)
    assert (data.email, data.taken, data.fixing) == ("a@b.ru", ["email", "a@b.ru"], True)
    assert set(data.to_dict()) >= {"email", "taken", "fixing", "editing", "invite", "pin_hash"}


def test_recovery_shows_a_found_profiles_contacts_masked(ru: Translator) -> None:
    sent = recovery_views.code_sent
    assert "+7***4567" in sent(ru, "recovery-next-code", Channel.SMS, "+79991234567", known=True)
    assert "anna@example.ru" in sent(
        ru, "recovery-code-sent", Channel.EMAIL, "anna@example.ru", known=False
    )
    assert pressed(recovery_keyboards.resend(ru)) == [[("🔁 Отправить код ещё раз", "rc:resend")]]
