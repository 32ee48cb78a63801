"""«🧾 Мои счета» opened (a command or the menu), and the list it shows."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.profile import Members
from bot.features.bills import views
from core.copayments import Copayments
from core.i18n import Translator
from storage.models import Profile, User


async def open_section(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    copayments: Copayments,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is not None:
        await listing(message, _, profile, copayments, 0, edit=False)


async def listing(
    message: Message,
    _: Translator,
    profile: Profile,
    copayments: Copayments,
    page: int,
    *,
    edit: bool,
) -> None:
    count, lines = await copayments.page(profile, page * views.PAGE, views.PAGE)
    if not lines:
        await message.answer(_("bills-none"))
        return
    months = await copayments.months(profile)
    text = views.listing(_, count, lines, months, page)
    keyboard = views.keyboard(_, count, lines, page)
    if edit:
        await message.edit_text(text, reply_markup=keyboard)
    else:
        await message.answer(text, reply_markup=keyboard)
