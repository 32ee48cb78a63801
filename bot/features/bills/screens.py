"""«🧾 Мои счета» opened (a command or the menu), and the list it shows."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.profile import Members
from bot.common.screens import show_main_menu
from bot.features import Menu, MenuSection
from bot.features.bills import views
from core.copayments import Copayments
from core.holdings import Holding
from core.i18n import Translator
from storage.models import Profile, User

# In the menu of those with a co-payment policy in force, or charges to look back at.
SECTION = MenuSection(
    "menu-bills",
    "help-section-bills",
    order=117,
    audience="members",
    applies=lambda held: bool(held & {Holding.COPAYMENT_POLICY, Holding.CHARGES}),
)


async def open_section(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    menu: Menu,
    copayments: Copayments,
) -> None:
    """/bills or the menu's button; without a co-payment policy (a command, a keyboard left from
    before) what the section is for, and the menu without it."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    if not await menu.offers(SECTION):
        await show_main_menu(message, _, menu, _("bills-not-applicable"))
        return
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
