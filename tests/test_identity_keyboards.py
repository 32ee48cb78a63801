"""The identity check's buttons without a bot: the strings on people's phones stay as they were."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.features.identity import keyboards
from core.i18n import Catalogue


def data(markup: InlineKeyboardMarkup) -> list[list[str | None]]:
    return [[button.callback_data for button in row] for row in markup.inline_keyboard]


def test_each_step_offers_its_own_buttons() -> None:
    _ = Catalogue().translator("ru")
    assert data(keyboards.offer(_)) == [["idc:start:0"], ["idc:renumber:0"], ["idc:cancel:0"]]
    assert data(keyboards.consent(_)) == [["idc:read:0"], ["idc:accept:0"]]
    review = keyboards.review(_)
    assert data(review) == [
        ["idc:replace:0", "idc:replace:1", "idc:replace:2"],
        ["idc:send:0"],
    ]
    assert [button.text for button in review.inline_keyboard[0]] == [
        "🔁 Заменить 1",
        "🔁 Заменить 2",
        "🔁 Заменить 3",
    ]
