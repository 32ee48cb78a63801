"""The person's claim buttons, one handler per action. Each is reached only by someone with a
profile on a message still there (`MemberPress`: `profile`, `shown`); a step's button pressed in
another step, and any action not known here, is stale."""

from __future__ import annotations

from datetime import timedelta

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.common.keyboards import drop_buttons
from bot.common.profile import Members
from bot.features import Menu
from bot.features.claims import flow
from bot.features.claims.callbacks import Action, ClaimAction
from bot.features.claims.dialogue import Draft
from bot.features.claims.steps import send_answer
from core.claims import CARE_KINDS, Claims
from core.family import Family
from core.i18n import Translator
from core.settings import Settings
from storage.models import Profile, User

MAX_PAGE = 10_000

# -- entering ------------------------------------------------------------------------------------


async def new(
    callback: CallbackQuery,
    shown: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    claims: Claims,
    menu: Menu,
    family: Family,
) -> None:
    """«➕ Новое заявление»."""
    await callback.answer()
    await flow.begin(shown, state, _, profile, claims, menu, family)


async def show_mine(
    callback: CallbackQuery, shown: Message, _: Translator, profile: Profile, claims: Claims
) -> None:
    await callback.answer()
    await flow.show_list(shown, _, profile, claims, 0, edit=False)


async def turn_page(
    callback: CallbackQuery,
    callback_data: ClaimAction,
    shown: Message,
    _: Translator,
    profile: Profile,
    claims: Claims,
) -> None:
    await callback.answer()
    page = min(max(callback_data.id, 0), MAX_PAGE)  # a forged page is the list's first or last
    await flow.show_list(shown, _, profile, claims, page, edit=True)


async def document(
    callback: CallbackQuery,
    callback_data: ClaimAction,
    shown: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    claims: Claims,
) -> None:
    """«📎 Дослать документ»: the presser's own claim waiting for one; anyone else's refused."""
    claim = await claims.owned(profile, callback_data.id)
    if claim is None:
        await callback.answer(_("claims-not-yours"), show_alert=True)
        return
    if claim.status != "need_document":
        await callback.answer(_("claims-no-document-awaited", number=claim.label), show_alert=True)
        return
    await callback.answer()
    await flow.begin_answer(shown, state, _, claim)


# -- a step's buttons ----------------------------------------------------------------------------


async def policy(
    callback: CallbackQuery,
    callback_data: ClaimAction,
    shown: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profile: Profile,
    claims: Claims,
) -> None:
    """One of the policies offered in this dialogue, still the presser's (any other: stale)."""
    chosen = await claims.policy(profile, callback_data.id)
    if chosen is None or chosen.id not in (await Draft.load(state)).offered:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    await drop_buttons(shown)
    await flow.choose_policy(shown, state, _, chosen, claims.today_for(user))


async def today(
    callback: CallbackQuery,
    shown: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    claims: Claims,
) -> None:
    """«Сегодня»: the person's own today (their time zone), not the server's."""
    await callback.answer()
    await drop_buttons(shown)
    today = claims.today_for(user)
    await flow.take_date(shown, state, _, claims, today, today)


async def yesterday(
    callback: CallbackQuery,
    shown: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    claims: Claims,
) -> None:
    await callback.answer()
    await drop_buttons(shown)
    today = claims.today_for(user)
    await flow.take_date(shown, state, _, claims, today, today - timedelta(days=1))


async def care(
    callback: CallbackQuery,
    callback_data: ClaimAction,
    shown: Message,
    state: FSMContext,
    _: Translator,
) -> None:
    if callback_data.care not in CARE_KINDS:  # forged
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    await drop_buttons(shown)
    await flow.take_care(shown, state, _, callback_data.care)


async def photos_done(
    callback: CallbackQuery, shown: Message, state: FSMContext, _: Translator
) -> None:
    if not (await Draft.load(state)).photos:
        await callback.answer(_("claims-photos-first"), show_alert=True)
        return
    await callback.answer()
    await drop_buttons(shown)
    await flow.ask_bic(shown, state, _)


async def send(
    callback: CallbackQuery,
    shown: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    claims: Claims,
    menu: Menu,
    settings: Settings,
) -> None:
    await callback.answer()
    await drop_buttons(shown)
    desk_on = settings.operators_chat_id is not None
    await flow.send(shown, state, _, profile, claims, menu, desk_on)


async def bank(
    callback: CallbackQuery, shown: Message, state: FSMContext, _: Translator, claims: Claims
) -> None:
    """«✏️ Реквизиты» at the summary: which detail to change."""
    await callback.answer()
    await drop_buttons(shown)
    await flow.ask_bank_field(shown, state, _, claims)


async def edit_bank(
    callback: CallbackQuery,
    callback_data: ClaimAction,
    shown: Message,
    state: FSMContext,
    _: Translator,
    claims: Claims,
) -> None:
    """«БИК», «Номер счёта», «Получатель» at the chooser; «✏️ Изменить БИК» at the account
    step (registered only where each applies)."""
    await callback.answer()
    await drop_buttons(shown)
    await flow.edit_bank(shown, state, _, claims, Action(callback_data.action))


async def back_to_summary(
    callback: CallbackQuery, shown: Message, state: FSMContext, _: Translator, claims: Claims
) -> None:
    await callback.answer()
    await drop_buttons(shown)
    await flow.show_summary(shown, state, _, claims)


async def cancel(
    callback: CallbackQuery, shown: Message, state: FSMContext, _: Translator, menu: Menu
) -> None:
    await callback.answer()
    await drop_buttons(shown)
    await flow.cancel(shown, state, _, menu)


async def answer(
    callback: CallbackQuery,
    shown: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    claims: Claims,
    menu: Menu,
) -> None:
    """The answer to the desk's request is all there: sent."""
    await callback.answer()
    await drop_buttons(shown)
    await send_answer(shown, state, _, user, members, claims, menu)


# -- stale ---------------------------------------------------------------------------------------


async def stale(callback: CallbackQuery, _: Translator) -> None:
    """A step's button in another step, an action not known here, a message no longer there."""
    await callback.answer(_("button-stale"), show_alert=True)
