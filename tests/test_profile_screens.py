"""The profile's, the language's and /start's keyboards and texts, without a bot: the buttons pack
to the strings they always had (buttons already sent keep working), the card reads as before."""

from __future__ import annotations

from datetime import UTC, date

import pytest
from aiogram.types import InlineKeyboardMarkup

from bot.features.language import keyboards as language_keyboards
from bot.features.profile import keyboards, views
from bot.features.start import keyboards as start_keyboards
from core.data_rights import AtStake, OpenTicket
from core.i18n import Catalogue, Translator
from core.people import Document, DocumentType
from storage.models import Profile


@pytest.fixture(scope="module")
def ru() -> Translator:
    return Catalogue().translator("ru")


def rows(markup: InlineKeyboardMarkup) -> list[list[tuple[str, str | None]]]:
    return [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]


def test_the_card_buttons_pack_as_they_always_did(ru: Translator) -> None:
    data = [[callback for _label, callback in row] for row in rows(keyboards.card(ru))]
    assert data == [
        ["pf:doc:", "pf:edit:"],
        ["pf:pin:", "pf:zone:"],
        ["pf:language:", "pf:export:"],
        ["pf:erase:", "pf:erase:"],  # withdrawing consent is erasure
    ]


def test_every_editable_field_is_offered_two_a_row(ru: Translator) -> None:
    offered = rows(keyboards.fields(ru))
    assert [len(row) for row in offered] == [2, 2, 2, 2]
    assert offered[0] == [("✏️ Почту", "pf:edit-field:email"), ("✏️ Телефон", "pf:edit-field:phone")]
    assert offered[-1][-1][1] == "pf:edit-field:document"


def test_the_zones_run_west_to_east_three_a_row() -> None:
    offered = rows(keyboards.zones())
    assert [len(row) for row in offered] == [3, 3, 3, 3]
    assert offered[0][0] == ("Kaliningrad", "pf:zone-set:Europe/Kaliningrad")
    assert offered[1][0] == ("Yekaterinburg", "pf:zone-set:Asia/Yekaterinburg")
    assert offered[-1][-1] == ("Kamchatka", "pf:zone-set:Asia/Kamchatka")


def test_pin_menu_and_erasure_buttons(ru: Translator) -> None:
    assert [d for _label, d in rows(keyboards.pin_menu(ru))[0]] == [
        "pf:pin-change:",
        "pf:pin-remove:",
    ]
    assert [d for _label, d in rows(keyboards.erase(ru))[0]] == ["pf:erase-yes:", "pf:erase-no:"]


def test_the_card_masks_the_document(ru: Translator) -> None:
    profile = Profile(
        last_name="Петрова",
        first_name="Анна",
        middle_name=None,
        birth_date=date(1990, 3, 7),
        sex="f",
        email="anna@example.ru",
        phone="+79991234567",
        pin_hash=None,
    )
    document = Document(DocumentType.RF_PASSPORT, "4510", "987654")
    card = views.card(ru, profile, document, "Europe/Moscow")
    assert "<b>ФИО:</b> Петрова Анна\n" in card
    assert "<b>Дата рождения:</b> 07.03.1990" in card
    assert "<b>Документ:</b> Паспорт РФ, •••• 7654" in card
    assert "987654" not in card
    assert "<b>Часовой пояс:</b> Europe/Moscow" in card
    full = views.full_document(ru, document)
    assert full == "Документ полностью — Паспорт РФ: <code>4510 987654</code>"


def test_language_and_dialogue_buttons(ru: Translator) -> None:
    assert rows(language_keyboards.choices(ru)) == [
        [("Русский", "lang:ru"), ("English", "lang:en")]
    ]
    assert [d for _label, d in rows(start_keyboards.continue_or_restart(ru))[0]] == [
        "dlg:continue",
        "dlg:restart",
    ]


def test_the_erasure_question_names_open_tickets_with_or_without_a_clinic(ru: Translator) -> None:
    stake = AtStake(
        visits=[],
        tickets=[OpenTicket("Ж-000001", "complaint", "Клиника «Ромашка»"),
                 OpenTicket("Б-000002", "gratitude", None)],
    )  # fmt: skip
    text = views.erase_question(ru, stake, UTC)
    assert "• Ж-000001 — жалоба, Клиника «Ромашка»\n• Б-000002 — благодарность" in text
    assert text.endswith("благодарность")  # no «, —» for a ticket about no clinic
