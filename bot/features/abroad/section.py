"""Entering «🆘 Помощь за рубежом» (the menu, /sos): whom to call for each ВЗР policy in force,
and «📍 Отправить, где я»; the step shown again after /start → «Продолжить»."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.intents import Intents
from bot.common.keyboards import inline
from bot.common.profile import Members
from bot.features import MenuSection
from bot.features.abroad.dialogue import Draft
from bot.features.abroad.keyboards import leave, policies, share, what_happened
from bot.features.abroad.states import AbroadFlow
from bot.features.abroad.views import choose_text, section_text
from core.abroad import Abroad, Cover
from core.holdings import Holding
from core.i18n import Translator
from core.notifications import Intent
from core.settings import Settings
from storage.models import Profile, User

SECTION = MenuSection(
    "menu-abroad",
    "help-section-abroad",
    order=102,
    audience="members",
    applies=lambda held: Holding.VZR_POLICY in held,
)


async def show_section(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    abroad: Abroad,
    settings: Settings,
    intents: Intents,
) -> None:
    """Whom to call for the ВЗР policy in force (with several, which one is asked first), then
    the location asked for — or, with a case open, the case, which what is sent now joins."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    covers = await abroad.covers(profile, user.language)
    if not covers:
        await state.clear()
        add = intents.pack(Intent.ADD_POLICY)
        await message.answer(
            _("abroad-no-cover", phone=settings.hotline_phone),
            reply_markup=inline([[(_("policies-add"), add)]]),
        )
        return
    case = await abroad.open_case(profile)
    if len(covers) > 1:
        on_case = [c for c in covers if case is not None and c.policy_id == case.policy_id]
        if not on_case:
            await state.set_state(AbroadFlow.choose)
            await Draft().save(state)
            await message.answer(choose_text(_, covers), reply_markup=policies(covers))
            return
        covers = on_case
    await show_cover(message, state, _, abroad, settings, profile, covers[0])


async def show_cover(
    message: Message,
    state: FSMContext,
    _: Translator,
    abroad: Abroad,
    settings: Settings,
    profile: Profile,
    cover: Cover,
) -> None:
    """The policy's phone and number, then the location step (or the case open)."""
    await message.answer(section_text(_, [cover], settings), reply_markup=share(_))
    case = await abroad.open_case(profile)
    if case is not None:
        await state.set_state(AbroadFlow.case)
        await Draft(policy=case.policy_id or 0, case=case.id, number=case.label).save(state)
        await message.answer(_("abroad-case-open", number=case.label))
        return
    await state.set_state(AbroadFlow.location)
    await Draft(policy=cover.policy_id).save(state)


async def reprompt(message: Message, raw_state: str, state: FSMContext, _: Translator) -> None:
    """Show the current step again."""
    if raw_state == AbroadFlow.location.state:
        await message.answer(_("abroad-share-how"), reply_markup=share(_))
    elif raw_state == AbroadFlow.text.state:
        await message.answer(_("abroad-ask-text"), reply_markup=what_happened(_))
    elif raw_state == AbroadFlow.case.state:
        number = (await Draft.load(state)).number
        await message.answer(_("abroad-case-open", number=number), reply_markup=share(_))
    elif raw_state == AbroadFlow.choose.state:
        await message.answer(_("abroad-choose-again"), reply_markup=leave(_))
