"""«Мои полисы» without a bot: its texts and keyboards are functions of the data."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram.types import InlineKeyboardMarkup

from bot.features.policies import keyboards, views
from bot.features.policies.callbacks import Action, PolicyAction
from core.i18n import Catalogue, Translator
from core.people import canonical_policy_number
from storage.models import Policy, Program


@pytest.fixture(scope="module")
def ru() -> Translator:
    return Catalogue().translator("ru")


def a_policy(id: int = 5, printed: str = "ДМС-100", kind: str = "DMS") -> Policy:
    return Policy(
        id=id,
        number=canonical_policy_number(printed),
        printed_number=printed,
        kind=kind,
        program_code="P1",
        last_name="Петрова",
        first_name="Анна",
        birth_date=date(1990, 1, 1),
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        employer="ООО «Ромашка»",
        franchise_percent=0,
    )


def rows(markup: InlineKeyboardMarkup) -> list[list[tuple[str, str | None]]]:
    return [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]


def test_buttons_pack_as_they_always_did() -> None:
    assert PolicyAction(action=Action.CARD, policy=5).pack() == "pl:card:5:0"
    assert PolicyAction(action=Action.PAGE, policy=5, page=2).pack() == "pl:page:5:2"
    assert PolicyAction(action=Action.ADD).pack() == "pl:add:0:0"


def test_the_list_names_each_policy_with_its_dates_and_state(ru: Translator) -> None:
    _ = ru
    held = [a_policy(), a_policy(6, "ВЗР 7", "VZR")]
    text = views.policy_list(_, held, date(2027, 1, 1))
    assert text == (
        "<b>Ваши полисы</b>\n\n"
        "ДМС № ДМС-100, 01.01.2026 — 31.12.2026: истёк\n"
        "ВЗР № ВЗР 7, 01.01.2026 — 31.12.2026: истёк"
    )
    assert rows(keyboards.policy_list(_, held)) == [
        [("ДМС № ДМС-100", "pl:card:5:0")],
        [("ВЗР № ВЗР 7", "pl:card:6:0")],
        [("➕ Добавить полис", "pl:add:0:0")],
    ]


def test_the_card_offers_clinics_only_when_given_their_button(ru: Translator) -> None:
    _ = ru
    policy = a_policy()
    without = rows(keyboards.card(_, policy, None))
    assert without == [
        [("📋 Программа", "pl:program:5:0")],
        [("🧾 Оказанные услуги", "pl:services:5:0")],
        [("⬇️ Скачать полис", "pl:pdf:5:0")],
        [("⬅️ К полисам", "pl:list:5:0")],
    ]
    assert rows(keyboards.card(_, policy, "cl:open")) == [[("🏥 Клиники", "cl:open")], *without]


@pytest.mark.parametrize(
    ("page", "pages", "turns"),
    [
        (0, 1, []),
        (0, 3, [("Дальше ▶️", "pl:page:5:1")]),
        (1, 3, [("◀️ Назад", "pl:page:5:0"), ("Дальше ▶️", "pl:page:5:2")]),
        (2, 3, [("◀️ Назад", "pl:page:5:1")]),
    ],
)
def test_services_turn_pages_only_where_there_are_more(
    ru: Translator, page: int, pages: int, turns: list[tuple[str, str]]
) -> None:
    _ = ru
    back = [("⬅️ К полису", "pl:card:5:0")]
    expected = [turns, back] if turns else [back]
    assert rows(keyboards.services(_, a_policy(), page, pages)) == expected


def test_the_programme_reads_in_english_where_the_insurer_gave_english(ru: Translator) -> None:
    from core.policies import PolicyState

    en = ru.catalogue.translator("en")
    russian_only = Program(code="P1", name="Стандарт", description="Амбулаторная помощь",
                           covers="Приём врача;Анализы", placeholder=False)  # fmt: skip
    english = Program(code="P1", name="Стандарт", description="Амбулаторная помощь",
                      covers="Приём врача;Анализы", name_en="Standard",
                      description_en="Outpatient care", covers_en="Doctor's appointments;Tests",
                      placeholder=False)  # fmt: skip
    policy, active = a_policy(), PolicyState.ACTIVE
    assert "Programme: Standard" in views.card(en, policy, english, active)
    assert views.program_text(en, policy, english) == (
        "<b>Standard</b>\n\nOutpatient care\n\n<b>Covers:</b>\n• Doctor's appointments\n• Tests"
    )
    # Russian readers read the Russian; English ones without English read it too, as given.
    assert "Программа: Стандарт" in views.card(ru, policy, english, active)
    assert "Programme: Стандарт" in views.card(en, policy, russian_only, active)
    assert views.program_text(en, policy, russian_only) == (
        "<b>Стандарт</b>\n\nАмбулаторная помощь\n\n<b>Covers:</b>\n• Приём врача\n• Анализы"
    )
